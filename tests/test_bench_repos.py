"""The bench repositories are lists a drafter may commit: a bench that times qingdan on lists that
fail its own rules measures the error path, not the work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_diff_bench_edits_pass_check() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "diff.py"), "--lists", "2", "--runs", "1", "--verify"],
        cwd=ROOT / "bench",
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "qingdan check --base HEAD~1 --no-reports: exit 0" in done.stdout
