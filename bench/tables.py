"""National analysis: export lists as Parquet tables, then query them with DuckDB.

Generates township lists of 340 items (as bench/validate.py does), then in one run:

  * `qingdan validate` on the repository (the peer: one YAML pass of the same files),
  * the table export of the same repository (which validates too: its findings are a table),
  * a DuckDB query over an export of three times as many lists (the export's partitions copied
    under new list names, so the query reads 3x the rows): items per lead department, and the
    lists citing one law.

Usage: python bench/tables.py [--lists 1000]
Prints seconds and items per second, and the export's cost as a ratio of validate's.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from validate import BIN, generate  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lists", type=int, default=1000, help="number of township lists")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="qingdan-bench-tables-"))
    try:
        files = generate(root, args.lists)
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
        items = 340 * len(files)
        print(f"repository: {len(files)} township lists, {items:,} items")
        started = time.perf_counter()
        subprocess.run([str(BIN / "qingdan"), "validate", "--format", "json"], cwd=root, capture_output=True)
        validate = time.perf_counter() - started
        code = (
            "import sys; from pathlib import Path; from qingdan.tables import export_tables; "
            "r = export_tables(Path('.'), Path(sys.argv[1])); print(r.rows)"
        )
        out = root.parent / (root.name + "-tables")
        started = time.perf_counter()
        done = subprocess.run(
            [str(BIN / "python"), "-c", code, str(out)], cwd=root, capture_output=True, text=True
        )
        export = time.perf_counter() - started
        if done.returncode != 0:
            print(done.stderr[-2000:])
            return 1
        print(f"{'qingdan validate':40} {validate:7.2f} s  {items / validate:9,.0f} items/s")
        print(f"{'export to Parquet (validates too)':40} {export:7.2f} s  {items / export:9,.0f} items/s")
        print(f"ratio: the export costs {export / validate:.2f}x a validate of the same files")
        for table in ("items", "citations", "findings"):
            for part in list((out / table / "province=00").glob("list=*")):
                for copy in ("B", "C"):
                    shutil.copytree(part, part.with_name(part.name + copy))
        for label, sql in (
            (
                "items per lead department",
                "SELECT lead_department, count(*) FROM items GROUP BY 1 ORDER BY 2 DESC",
            ),
            (
                "lists citing 统计法",
                "SELECT count(DISTINCT list) FROM citations WHERE instrument LIKE '%统计法%'",
            ),
        ):
            started = time.perf_counter()
            q = subprocess.run(
                [str(BIN / "qingdan"), "query", sql, "-d", str(out), "-f", "csv"],
                capture_output=True,
                text=True,
            )
            seconds = time.perf_counter() - started
            if q.returncode != 0:
                print(q.stderr[-2000:])
                return 1
            print(
                f"{'query over ' + str(3 * len(files)) + ' lists: ' + label:40} {seconds:7.2f} s  "
                f"{3 * items / seconds:9,.0f} items/s"
            )
        shutil.rmtree(out, ignore_errors=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
