"""qingdan query: SQL over exported tables (see tables.py), run by embedded DuckDB.

The views items, citations and findings read every Parquet file of an export folder, with the
partition columns province and list from its folder names, so one query spans any number of lists,
counties or provinces: `SELECT lead_department, count(*) FROM items GROUP BY 1 ORDER BY 2 DESC`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from qingdan.errors import UsageError
from qingdan.tables import TABLES

MAX_ROWS = 100_000  # what one query prints at most; the rest is counted, not held in memory


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    truncated: bool = False


def _literal(path: Path) -> str:
    return "'" + path.as_posix().replace("'", "''") + "'"


def run_query(sql: str, data: Path, limit: int = MAX_ROWS) -> QueryResult:
    """Run one SQL statement over the tables exported to data/ (qingdan export --format parquet)."""
    tables = [t for t in TABLES if any((data / t).glob("**/*.parquet"))]
    if not tables:
        raise UsageError(
            f"{data} 中没有导出的表格；请先运行 qingdan export --format parquet -o {data}",
            f"no exported tables in {data}; run qingdan export --format parquet -o {data} first",
        )
    con = duckdb.connect(":memory:")
    try:
        for table in tables:
            pattern = _literal(data.absolute() / table / "**" / "*.parquet")
            con.execute(
                f"CREATE VIEW {table} AS SELECT * FROM read_parquet({pattern}, hive_partitioning = true, "
                "hive_types_autocast = false, union_by_name = true)"
            )
        try:
            cursor = con.execute(sql)
        except duckdb.Error as error:
            raise UsageError(f"SQL 有误：{error}", f"the SQL failed: {error}") from None
        if cursor.description is None:
            return QueryResult(columns=[])
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchmany(limit + 1)
        return QueryResult(columns, [tuple(r) for r in rows[:limit]], truncated=len(rows) > limit)
    finally:
        con.close()
