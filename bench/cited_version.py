"""What dating unpinned citations costs validate: one walk of git history per command.

validate reads an unpinned citation as the version in force on the effective date of its item's `since`
revision; for items of earlier revisions that date comes from git history (qingdan.citedversion), read
once per command. This script copies the demo lists into a fresh repository, makes N commits that each
change every list file, and times in one run each:

  * `qingdan validate` in that repository (one `git log --raw` walk plus a header read per list blob),
  * `qingdan validate` on the same files in a plain folder (no history: the recorded reports, absent here),
  * `git log --raw` alone, the floor of any walk.

Usage: python bench/cited_version.py [--commits 0 100 1000]
Figures vary by machine; compare the columns of one run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=ENV, check=True, capture_output=True)


def timed(cmd: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True)
    return time.perf_counter() - started


def build(where: Path, commits: int) -> Path:
    root = where / f"repo-{commits}"
    shutil.copytree(ROOT / "lists", root / "lists")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "lists")
    files = sorted((root / "lists").rglob("CX-*.yaml"))
    for n in range(commits):
        for path in files:
            with path.open("a", encoding="utf-8") as out:
                out.write(f"# note {n}\n")
        git(root, "commit", "-q", "-am", f"edit {n}")
    return root


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, nargs="+", default=[0, 100, 1000])
    args = parser.parse_args()
    qingdan = [str(BIN / "qingdan"), "validate"]
    print(
        f"{'commits':>8} {'list blobs':>10} {'validate (git)':>15} {'validate (plain)':>17} {'git log --raw':>14}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for commits in args.commits:
            root = build(Path(tmp), commits)
            with_git = timed(qingdan, root)
            log = timed(["git", "log", "--raw", "--no-renames", "HEAD"], root)
            plain = Path(tmp) / f"plain-{commits}"
            shutil.copytree(root, plain, ignore=shutil.ignore_patterns(".git"))
            without = timed(qingdan, plain)
            blobs = 5 * (commits + 1)
            print(f"{commits:>8} {blobs:>10} {with_git:>14.2f}s {without:>16.2f}s {log:>13.3f}s")


if __name__ == "__main__":
    main()
