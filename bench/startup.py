"""Start-up: what any qingdan command costs before it does its own work.

Times in one run, each the best of N runs (wall clock) and that run's CPU time of the child:

  * `python -c pass`, the interpreter alone (the floor of any Python tool),
  * `python -c "import typer"`, the floor of any typer command line,
  * `qingdan --version` (builds the whole command tree, runs nothing),
  * `qingdan rules --format json` (a command that reads no repository),
  * `git --version`, a C program's start-up, for scale.

Target: start-up of any command < 0.15 s. Usage: python bench/startup.py [--runs 15]
Figures vary by machine and by load; compare the rows of one run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
TARGET = 0.15
# as a user runs it: an installed wheel has its bytecode compiled (pip does so at install), so the
# children may write and use __pycache__ even where this shell forbids it
COMMAND_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def best(cmd: list[str], runs: int) -> tuple[float, float]:
    """The fastest wall time of runs, and the child's CPU seconds in that run."""
    results = []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=COMMAND_ENV)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(cmd)} failed")
        results.append((wall, usage.ru_utime + usage.ru_stime))
    return min(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    python = str(BIN / "python")
    qingdan = str(BIN / "qingdan")
    rows = [
        ("python -c pass", [python, "-c", "pass"]),
        ('python -c "import typer"', [python, "-c", "import typer"]),
        ("qingdan --version", [qingdan, "--version"]),
        ("qingdan rules --format json", [qingdan, "rules", "--format", "json"]),
        ("git --version", ["git", "--version"]),
    ]
    figures = {name: best(cmd, runs) for name, cmd in rows}
    floor = figures['python -c "import typer"'][0]
    print(f"best of {runs} runs; target: any command < {TARGET:.2f} s")
    print(f"{'command':32} {'wall s':>8} {'cpu s':>8} {'× typer floor':>14}")
    for name, (wall, cpu) in figures.items():
        print(f"{name:32} {wall:8.3f} {cpu:8.3f} {wall / floor:14.2f}")
    slowest = max(figures["qingdan --version"][0], figures["qingdan rules --format json"][0])
    verdict = "met" if slowest < TARGET else "NOT met"
    print(f"qingdan start-up {slowest:.3f} s: target {verdict}")


if __name__ == "__main__":
    main()
