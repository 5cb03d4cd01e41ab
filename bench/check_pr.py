"""`qingdan check` on a pull request: 5 of 1,000 township lists changed, beside `git diff --stat`.

Builds a git repository of township lists (340 items each, the generator of bench/validate.py) at revision
2025.1 with the change report of every list, committed: the base. A branch then changes 5 lists as
bench/diff.py does (two items added, one retired, one recategorized, one renamed in each, revision
2025.2) and commits them with their change reports. On that branch it times `qingdan check --base BASE`:

  * cold: no result cache (the cache folder removed first; the run fills it),
  * warm: the result cache filled by a run of `qingdan check` on the base, as CI has after checking main,

each beside the 2 s target and beside `git diff --stat BASE HEAD`, the peer that only counts lines.

Usage: python bench/check_pr.py [--lists 1000] [--runs 3] [--keep DIR]
Figures vary by machine and load (printed); compare the ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from diff import CHANGED, ENV, edit, git  # the same edits as the diff benchmark
from validate import BIN, Run, generate  # the same generated lists as the validate benchmark

TARGET = 2.0


def timed(command: list[str], cwd: Path) -> Run:
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    return Run(
        usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss, os.waitstatus_to_exitcode(status), output
    )


def qingdan(root: Path, *args: str) -> Run:
    run = timed([str(BIN / "qingdan"), *args], root)
    if run.code != 0:
        raise SystemExit(f"qingdan {' '.join(args)} → exit {run.code}:\n{run.output[-3000:]}")
    return run


def build(root: Path, lists: int) -> str:
    """The repository, on branch pr; returns the base commit."""
    files = generate(root, lists)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "lists: revision 2025.1")
    qingdan(root, "report")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "reports: revision 2025.1")
    base = git(root, "rev-parse", "HEAD").strip()
    git(root, "checkout", "-q", "-b", "pr")
    changed = min(CHANGED, len(files))
    step = len(files) // changed
    ids = []
    for index in range(0, step * changed, step):
        edit(files[index], index + 1)
        ids.append(f"BZ-T{index + 1:04d}")
    git(root, "commit", "-q", "-am", f"lists: revision 2025.2 of {changed} lists")
    qingdan(root, "report", *ids)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "reports: revision 2025.2")
    return base


def drop_cache(root: Path) -> None:
    shutil.rmtree(root / ".git" / "qingdan", ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--lists", type=int, default=1000, help="number of township lists (1000 = a province)"
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each figure")
    parser.add_argument("--keep", type=Path, help="build the repository in this folder and keep it")
    parser.add_argument("--reuse", action="store_true", help="with --keep: time an already built repository")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="qingdan-bench-check-"))
    try:
        if args.reuse and args.keep and (root / ".git").is_dir():
            git(root, "checkout", "-q", "pr")
            base = git(root, "rev-parse", "main").strip()
        else:
            if root.exists():
                shutil.rmtree(root)
            root.mkdir(parents=True)
            started = time.perf_counter()
            base = build(root, args.lists)
            print(f"built in {time.perf_counter() - started:.0f} s: {root}")
        stat = git(root, "diff", "--stat", base, "HEAD").strip().splitlines()[-1].strip()
        print(
            f"repository: {args.lists} township lists, {340 * args.lists:,} items; the pull request: {stat}"
        )
        check = ["check", "--base", base]
        cold, warm, peer = [], [], []
        for _ in range(args.runs):
            drop_cache(root)
            cold.append(qingdan(root, *check))
            # what CI holds after checking the base: the result cache of a run there
            drop_cache(root)
            git(root, "checkout", "-q", base)
            qingdan(root, "check", "--base", f"{base}~1")
            git(root, "checkout", "-q", "pr")
            warm.append(qingdan(root, *check))
            peer.append(timed(["git", "diff", "--stat", base, "HEAD"], root))
        load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
        print(f"load average during the runs: {' '.join(load)} ({os.cpu_count()} CPUs)")
        print(f"{'':44} {'wall s':>8} {'CPU s':>8}   target")
        for label, runs in (
            ("qingdan check --base BASE, cold (no cache)", cold),
            ("qingdan check --base BASE, warm (cache)", warm),
            ("git diff --stat BASE HEAD (peer)", peer),
        ):
            wall = statistics.median(r.wall for r in runs)
            cpu = statistics.median(r.cpu for r in runs)
            verdict = "" if "git" in label else f"< {TARGET:.0f} s: {'met' if wall < TARGET else 'missed'}"
            print(f"{label:44} {wall:8.2f} {cpu:8.2f}   {verdict}")
        ratio = statistics.median(r.wall for r in warm) / statistics.median(r.wall for r in peer)
        print(
            f"ratio: the warm check takes {ratio:.0f}x the wall time of git diff --stat (median of {args.runs})"
        )
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
