"""Edit speed: `add`, `set` and `retire` of one item beside the whole-file round trip of that file.

Builds three git repositories of township lists (the generator of bench/validate.py):

  * one list of 340 items (the national average),
  * one list of 999 items (the add makes 1,000, the most a list may hold: QD031 refuses a 3,000-item list),
  * a province: --lists township lists of 340 items each (1,000 by default),

and times, in this process and one run each, the library calls behind `qingdan add`, `qingdan set`
and `qingdan retire` on the first list, beside two peers measured on the same file in the same run:

  * whole file: ruamel.yaml's round-trip load and dump of the edited file (what an edit that
    re-writes the file costs before any checking), and
  * `git diff --stat` of the edits (a subprocess: what looking at the change costs).

Usage: python bench/edit.py [--lists 1000] [--keep DIR]
Figures vary by machine; compare the ratios.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from validate import DEPARTMENTS, LAWS, list_text  # the same generated lists as the validate benchmark

from qingdan import edit, yamlio

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}
NEW_ITEM = {
    "name": "新增乡镇应急物资储备点日常管理",
    "category": "basic",
    "domain": "平安法治",
    "content": "按照属地管理原则做好应急物资储备点的日常管理。",
    "basis": [{"instrument": "地方组织法", "article": "第七十六条"}],
}


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, env=ENV, check=True, capture_output=True, text=True
    ).stdout


def long_list(items: int, rng: random.Random) -> str:
    """One township list of `items` items: the 340-item list repeated with fresh ids and names."""
    text = list_text(1, rng)
    head, _, body = text.partition("items:\n")
    blocks = body.split("\n\n")
    out, n = [], 0
    while n < items:
        for block in blocks:
            if n >= items or "  - id: " not in block:
                continue
            n += 1
            lines = block.split("\n")
            lines = [line for line in lines if not line.startswith("  # ")]
            lines[0] = f"  - id: BZ-T0001-{n:04d}"
            lines[1] = lines[1] + (f"（第{n // 340}组）" if n > 340 else "")
            out.append("\n".join(lines))
    return head + "items:\n" + "\n\n".join(out) + "\n"


def build(root: Path, lists: int, items: int) -> Path:
    (root / "lists" / "townships").mkdir(parents=True)
    (root / "lists" / "laws.yaml").write_text(LAWS, encoding="utf-8")
    (root / "lists" / "departments.yaml").write_text(DEPARTMENTS, encoding="utf-8")
    rng = random.Random(340)
    for number in range(1, lists + 1):
        text = long_list(items, rng) if items != 340 else list_text(number, rng)
        (root / "lists" / "townships" / f"T{number:04d}.yaml").write_text(text, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "2025.1")
    return root / "lists" / "townships" / "T0001.yaml"


def clock(work: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) seconds of one call: CPU time is what the call costs on a machine shared with others."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def run(label: str, root: Path, first: Path) -> None:
    def whole_file() -> None:
        yamlio.rt_load(first.read_bytes()).dump()

    edits: dict[str, Callable[[], object]] = {
        "add": lambda: edit.add_item(root, "BZ-T0001", dict(NEW_ITEM)),
        "set": lambda: edit.set_fields(
            root, "BZ-T0001-0005", ["name=组织开展安全生产监督检查台账管理（调整）"]
        ),
        "retire": lambda: edit.retire_item(root, "BZ-T0001-0010", "unsuitable", note="不宜由乡镇承担"),
    }
    # not timed: the first edit in a process compiles the schema and imports the rules
    edit.set_fields(root, "BZ-T0001-0003", ["name=预热"], dry_run=True)
    for verb, work in edits.items():
        wall, cpu = clock(work)
        peer_wall, peer_cpu = clock(whole_file)
        started = time.perf_counter()
        stat = subprocess.run(["git", "diff", "--stat"], cwd=root, capture_output=True, text=True)
        git_seconds = time.perf_counter() - started
        changed = stat.stdout.strip().splitlines()[-1].strip() if stat.stdout.strip() else "no change"
        print(
            f"{label:<26} {verb:<6} {wall:6.3f} s ({cpu:5.3f} s CPU) | whole-file round trip "
            f"{peer_wall:6.3f} s ({peer_cpu:5.3f} s CPU): ×{cpu / peer_cpu:4.2f} CPU | "
            f"git diff --stat {git_seconds:5.3f} s: ×{wall / git_seconds:5.0f} | {changed}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lists", type=int, default=1000, help="township lists in the province repository")
    parser.add_argument("--keep", type=Path, help="build the repositories in this folder and keep them")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="qingdan-bench-edit-"))
    if args.keep and base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True, exist_ok=True)
    try:
        for label, lists, items in (
            ("1 list, 340 items", 1, 340),
            ("1 list, 999 items", 1, 999),
            (f"{args.lists:,} lists, 340 items each", args.lists, 340),
        ):
            started = time.perf_counter()
            root = base / f"{lists}x{items}"
            root.mkdir()
            first = build(root, lists, items)
            print(
                f"# {label}: built in {time.perf_counter() - started:.0f} s ({first.stat().st_size:,} bytes in the edited file)"
            )
            run(label, root, first)
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
