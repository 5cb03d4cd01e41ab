"""Does `qingdan report --check` grow with the repository in a straight line?

Builds a git repository of N small township lists, commits them at revision 2025.1, then a second
commit that moves every list to 2025.2 with one changed item, writes their change reports with
`qingdan report` and commits those. It then times, in one run, for N and for 2N lists:

  * `qingdan report --check` (every report regenerated in memory and compared), and
  * `qingdan validate` on the same repository, the linear peer (each file read once).

Usage: python bench/report_check.py [--lists 250]
Prints both times and the ratio time(2N) / time(N) for each; a straight line gives about 2.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
ITEMS = 20
LAWS = """qingdan: 1
instruments:
  - title: 中华人民共和国安全生产法
    aliases: [安全生产法]
    level: law
    versions:
      - {date: 2021-06-10, effective: 2021-09-01, articles: 119}
"""


def list_text(number: int, revision: str, changed: bool) -> str:
    list_id = f"BZ-T{number:05d}"
    lines = [
        "qingdan: 1",
        "list:",
        f"  id: {list_id}",
        f"  title: 基准县第{number}镇履行职责事项清单",
        "  kind: township",
        f'  unit: {{name: 基准县第{number}镇, type: township, code: "99{number:010d}"}}',
        "  issuer: 中共基准县委 基准县人民政府",
        f'  revision: "{revision}"',
        "  effective: 2025-07-01" if revision == "2025.1" else "  effective: 2025-10-01",
        '  baseline: "2025.1"',
        "items:",
    ]
    for n in range(1, ITEMS + 1):
        extra = "，每月报告一次" if changed and n == 1 else ""
        lines += [
            f"  - id: {list_id}-{n:04d}",
            f"    name: 安全生产监督检查第{n}项",
            "    category: basic",
            "    domain: 平安法治",
            f"    content: 按照属地管理原则组织开展安全生产检查{extra}。",
            "    basis:",
            "      - instrument: 中华人民共和国安全生产法",
            "        article: 第八十条",
            "    status: active",
            '    since: "2025.1"',
        ]
    return "\n".join(lines) + "\n"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def build(root: Path, lists: int) -> None:
    (root / "lists" / "townships").mkdir(parents=True)
    (root / "lists" / "laws.yaml").write_text(LAWS, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "bench")
    git(root, "config", "user.email", "bench@example.org")
    for revision, changed in (("2025.1", False), ("2025.2", True)):
        for number in range(1, lists + 1):
            path = root / "lists" / "townships" / f"T{number:05d}.yaml"
            path.write_text(list_text(number, revision, changed), encoding="utf-8")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"revision {revision}")
    done = subprocess.run([str(BIN / "qingdan"), "report"], cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"qingdan report failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "change reports")


def timed(root: Path, *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run([str(BIN / "qingdan"), *args], cwd=root, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(
            f"qingdan {' '.join(args)} → {done.returncode}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lists", type=int, default=250, help="N: the smaller repository's number of lists")
    args = parser.parse_args()
    figures: dict[int, tuple[float, float]] = {}
    for lists in (args.lists, 2 * args.lists):
        root = Path(tempfile.mkdtemp(prefix="qingdan-bench-report-"))
        try:
            build(root, lists)
            figures[lists] = (timed(root, "report", "--check"), timed(root, "validate"))
        finally:
            shutil.rmtree(root, ignore_errors=True)
    small, large = args.lists, 2 * args.lists
    print(f"{'':34}{small:>8} lists{large:>8} lists   ratio")
    for index, label in enumerate(("qingdan report --check", "qingdan validate (linear peer)")):
        a, b = figures[small][index], figures[large][index]
        print(f"{label:34}{a:>12.2f} s{b:>12.2f} s{b / a:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
