"""How long does `qingdan sync --dry-run` take on a province: N township lists adopting one 340-item template?

Builds the province of bench/conform.py (one county template of 340 items, N township lists adopting it
item by item, each with five items worded its own way and ten local items), with every town recording
that it follows the template's 2025.1 (list.template_revision), and commits it. Then the template moves
to 2025.2 in a second commit: five of its items get new content, three that the towns kept as the
template wrote them (applied) and two that every town words its own way (conflicts). It times
`qingdan sync --template BZ-TPL --dry-run --format json` once, as the command line runs it, and checks
the plan: 3 fields applied and 2 conflicts per list (fewer where a town records the item as not
applicable), nothing written.

With --write it then times the sync itself on the same repository: every list written through the edit
path, one transaction each (about a third of a second per list of 340 items).

Usage: python bench/sync.py [--lists 1000] [--write]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conform import TEMPLATE_ITEMS, build, template_text  # the same province as the conform benchmark

BIN = Path(sys.executable).parent
TARGET_SECONDS = 30.0
# template items whose content the new revision changes; the towns word items 1-5 their own way
CHANGED = (4, 5, 6, 7, 8)
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, env=ENV, check=True, capture_output=True)


def moved_template() -> str:
    text = template_text().replace('  revision: "2025.1"', '  revision: "2025.2"', 1)
    for n in CHANGED:
        old = f"    content: 按照属地管理原则开展第{n}项工作。\n"
        assert old in text
        text = text.replace(old, f"    content: 按照属地管理原则开展第{n}项工作，每季度报告一次。\n", 1)
    return text


def prepare(root: Path, lists: int) -> None:
    build(root, lists)
    for path in (root / "lists" / "towns").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("  template: BZ-TPL\n", '  template: BZ-TPL\n  template_revision: "2025.1"\n', 1),
            encoding="utf-8",
        )
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "The province follows BZ-TPL 2025.1")
    (root / "lists" / "template.yaml").write_text(moved_template(), encoding="utf-8")
    _git(root, "commit", "-q", "-am", "BZ-TPL 2025.2: five items reworded")


def timed(root: Path, *args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = subprocess.run([str(BIN / "qingdan"), *args], cwd=root, capture_output=True, text=True, env=ENV)
    return time.perf_counter() - started, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=int, default=1000)
    parser.add_argument("--write", action="store_true", help="time the sync that writes, too")
    args = parser.parse_args()
    lists = args.lists
    root = Path(tempfile.mkdtemp(prefix="qingdan-sync-"))
    try:
        prepare(root, lists)
        status_before = subprocess.run(
            ["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True
        )
        seconds, done = timed(root, "sync", "--template", "BZ-TPL", "--dry-run", "--format", "json")
        if done.returncode not in (0, 1):
            print(done.stdout[-2000:], done.stderr[-2000:])
            return 1
        totals = json.loads(done.stdout)["totals"]
        status_after = subprocess.run(
            ["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True
        )
        # each town records one template item as not applicable (bench/conform.py): none to sync there
        kept = [[n for n in CHANGED if n != 1 + town % TEMPLATE_ITEMS] for town in range(1, lists + 1)]
        updated = sum(1 for town in kept for n in town if n > 5)
        conflicts = sum(1 for town in kept for n in town if n <= 5)
        expected = {"lists": lists, "updated": updated, "conflicts": conflicts, "written": 0}
        wrong = {k: (totals[k], v) for k, v in expected.items() if totals[k] != v}
        if wrong or status_after.stdout != status_before.stdout:
            print(
                f"unexpected plan: {wrong}; work tree changed: {status_after.stdout != status_before.stdout}"
            )
            return 1
        verdict = "within" if seconds < TARGET_SECONDS else "OVER"
        print(
            f"sync --dry-run: {lists} lists × {TEMPLATE_ITEMS} template items, {len(CHANGED)} changed, in "
            f"{seconds:.1f} s (target < {TARGET_SECONDS:.0f} s: {verdict}); {totals['updated']} fields to apply, "
            f"{totals['conflicts']} conflicts, nothing written"
        )
        if not args.write:
            return 0
        seconds, done = timed(root, "sync", "--template", "BZ-TPL", "--format", "json")
        totals = json.loads(done.stdout)["totals"] if done.stdout.startswith("{") else {}
        print(
            f"sync (writing): {lists} lists in {seconds:.1f} s, exit {done.returncode}, "
            f"{totals.get('written', '?')} written, {totals.get('refused', '?')} refused"
        )
        return 0 if totals.get("written") == lists else 1
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
