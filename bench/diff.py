"""Diff speed: `qingdan diff HEAD~1 HEAD` beside `git diff --stat HEAD~1 HEAD` on a province-scale repository.

Builds a git repository of township lists (340 items each, the generator of bench/validate.py), commits
it, then changes 5 lists in a second commit (two items added, one retired, one recategorized, one renamed
in each) and times, on the same two revisions:

  * `qingdan diff HEAD~1 HEAD` (a subprocess, as a user runs it),
  * the library call qingdan.history.diff in this process (no interpreter start-up or imports),
  * `git diff --stat HEAD~1 HEAD`.

Usage: python bench/diff.py [--lists 1000] [--runs 3] [--keep DIR] [--verify]
Figures vary by machine; compare the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from validate import BIN, generate  # the same generated lists as the validate benchmark

CHANGED = 5
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
    "QINGDAN_LANG": "zh",
}


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, env=ENV, check=True, capture_output=True, text=True
    ).stdout


def edit(path: Path, number: int) -> None:
    """Two adds, a retire, a recategorize (basic -> recalled) and a rename, written as a drafter would."""
    text = path.read_text(encoding="utf-8")
    list_id = f"BZ-T{number:04d}"
    # retire item 0010
    block = re.compile(rf"(  - id: {list_id}-0010\n(?:    .*\n|      .*\n)*?)    status: active\n")
    text = block.sub(
        '\\1    status: retired\n    retired:\n      revision: "2025.2"\n      date: 2025-09-01\n'
        "      reason: unsuitable\n      note: 不宜由乡镇承担\n",
        text,
        count=1,
    )
    # recategorize item 0020 (basic) as recalled
    block = re.compile(rf"(  - id: {list_id}-0020\n    name: .*\n)    category: basic\n")
    text = block.sub(r"\1    category: recalled\n    lead_department: 县自然资源和规划局\n", text, count=1)
    # rename item 0030
    block = re.compile(rf"(  - id: {list_id}-0030\n    name: )(.*)\n")
    text = block.sub(r"\1\2（调整后）\n", text, count=1)
    text = text.replace('  revision: "2025.1"', '  revision: "2025.2"', 1)
    for n in (341, 342):
        text += (
            f"\n  - id: {list_id}-{n:04d}\n    name: 新增事项{n}\n    category: basic\n    domain: 平安法治\n"
            "    content: 按照属地管理原则做好新增工作。\n    basis:\n      - instrument: 地方组织法\n"
            "        article: 第七十六条\n"
            # an item added after the baseline needs its admission record (FORMAT.md rule 7)
            "    admission:\n      approver: 中共江川省委 江川省人民政府\n      document: 江川委办发〔2025〕9号\n"
            "      approved: 2025-06-10\n      justification: 经必要性与合理性论证，属法定职责，纳入基本履职事项。\n"
            "      publicity: {start: 2025-05-20, end: 2025-05-31}\n"
            '    status: active\n    since: "2025.2"\n'
        )
    path.write_text(text, encoding="utf-8")


def timed(command: list[str], cwd: Path, runs: int) -> tuple[list[float], subprocess.CompletedProcess[str]]:
    times = []
    done: subprocess.CompletedProcess[str] | None = None
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
    assert done is not None
    return times, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--lists", type=int, default=1000, help="number of township lists (1000 = a province)"
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each command")
    parser.add_argument("--keep", type=Path, help="build the repository in this folder and keep it")
    parser.add_argument(
        "--verify", action="store_true", help="run qingdan check on the built repository first (slow)"
    )
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="qingdan-bench-diff-"))
    if args.keep and root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        files = generate(root, args.lists)
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "2025.1")
        changed = min(CHANGED, len(files))
        step = len(files) // changed
        for index in range(0, step * changed, step):
            edit(files[index], index + 1)
        git(root, "commit", "-q", "-am", "2025.2: 5 lists changed")
        if args.verify:
            # the edits are what a drafter may commit: the rules and the history rules pass on them
            done = subprocess.run(
                [str(BIN / "qingdan"), "check", "--base", "HEAD~1", "--no-reports"],
                cwd=root,
                env=ENV,
                capture_output=True,
                text=True,
            )
            print(f"qingdan check --base HEAD~1 --no-reports: exit {done.returncode}")
            if done.returncode != 0:
                print(done.stdout[-3000:], done.stderr[-2000:])
                return 1
        size = sum(f.stat().st_size for f in files)
        print(
            f"repository: {len(files)} township lists, {340 * len(files):,} items, {size / 1e6:.0f} MB "
            f"of YAML, 2 commits ({time.perf_counter() - started:.0f} s to build) in {root}"
        )

        q_times, q = timed([str(BIN / "qingdan"), "diff", "HEAD~1", "HEAD"], root, args.runs)
        if q.returncode != 0:
            print(q.stdout[-2000:], q.stderr[-2000:])
            return 1
        _, q_json = timed([str(BIN / "qingdan"), "diff", "HEAD~1", "HEAD", "--format", "json"], root, 1)
        summary = json.loads(q_json.stdout)["summary"]
        g_times, g = timed(["git", "diff", "--stat", "HEAD~1", "HEAD"], root, args.runs)

        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
        from qingdan.history import diff

        lib_times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            diff(root, ["HEAD~1", "HEAD"])
            lib_times.append(time.perf_counter() - t0)

        print(f"changes found: {summary['changes']} in {summary['lists']} lists {summary['counts']}")
        print(f"git diff --stat: {g.stdout.strip().splitlines()[-1].strip()}")
        rows = [
            ("qingdan diff HEAD~1 HEAD (subprocess)", q_times),
            ("  of which the library call, in process", lib_times),
            ("git diff --stat HEAD~1 HEAD", g_times),
        ]
        for label, times in rows:
            print(f"{label:42} median {statistics.median(times):6.3f} s   best {min(times):6.3f} s")
        ratio = statistics.median(q_times) / statistics.median(g_times)
        print(f"ratio: qingdan diff takes {ratio:.0f}x the time of git diff --stat ({args.runs} runs each)")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
