"""Peak memory of validate and check at province scale: township lists of 340 items (as bench/validate.py
generates them), committed to git, then `qingdan validate --no-cache` and `qingdan check --no-cache`
as fresh processes, each beside the target (peak RSS < 1,500 MB at 3,000 lists, about 1 M items).

Usage: python bench/memory.py [--lists 3000] [--keep DIR]
Prints each command's peak RSS (its largest process, workers included), CPU and wall seconds.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from validate import BIN, generate, timed  # noqa: E402

TARGET_MB = 1500


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lists", type=int, default=3000)
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="qingdan-memory-"))
    try:
        generate(root, args.lists)
        who = ["-c", "user.name=bench", "-c", "user.email=bench@example.org"]
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
        subprocess.run(["git", "add", "-A"], cwd=root, check=True)
        subprocess.run(["git", *who, "commit", "-q", "-m", "lists"], cwd=root, check=True)
        items = args.lists * 340
        print(f"repository: {args.lists:,} township lists, {items:,} items ({root})")
        print(f"{'':34} {'peak MB':>9} {'CPU s':>8} {'wall s':>8}  target")
        for name in ("validate", "check"):
            run = timed([str(BIN / "qingdan"), name, "--no-cache"], root)
            if run.code not in (0, 1):
                print(f"qingdan {name} failed ({run.code}):\n{run.output[-2000:]}")
                return 3
            peak = run.peak_kib / 1024
            scaled = peak * 3000 / args.lists if args.lists != 3000 else peak
            verdict = "met" if scaled < TARGET_MB else "missed"
            note = "" if args.lists == 3000 else f" (scaled to 3,000 lists: {scaled:,.0f} MB)"
            print(
                f"{'qingdan ' + name + ' --no-cache':34} {peak:9,.0f} {run.cpu:8.1f} {run.wall:8.1f}"
                f"  < {TARGET_MB:,} MB at 3,000 lists: {verdict}{note}"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
