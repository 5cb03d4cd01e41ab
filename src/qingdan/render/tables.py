"""qingdan query's output: a terminal table, CSV or JSON of the rows DuckDB returned."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import re
from collections.abc import Callable
from functools import partial
from typing import IO, Any

from qingdan.i18n import Text
from qingdan.query import QueryResult
from qingdan.render.terminal import Console, RichText, Table, escape

# list text is a stranger's: no control character or bidi override reaches the terminal or a cell
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# a cell Excel would evaluate when the CSV is opened
_FORMULA = re.compile(r"^[=+\-@\t\r]")
_TRUNCATED = Text(
    "（只显示前 {n} 行；可在 SQL 中用 LIMIT 或聚合缩小结果）",
    "(only the first {n} rows are shown; narrow the result with LIMIT or an aggregate)",
)


def _plain(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, str):
        return _UNSAFE.sub("\ufffd", value)
    return value


def _cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def render_query(result: QueryResult, fmt: str, lang: str, out: IO[str]) -> None:
    if fmt == "json":
        rows = [dict(zip(result.columns, (_plain(v) for v in row), strict=True)) for row in result.rows]
        json.dump(
            {"columns": result.columns, "rows": rows, "truncated": result.truncated},
            out,
            ensure_ascii=False,
            indent=2,
        )
        out.write("\n")
        return
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow(["'" + c if _FORMULA.match(c) else c for c in map(_cell, row)])
        return
    table = Table(*(escape(_cell(c)) for c in result.columns))
    for row in result.rows:
        table.add_row(*(RichText(_cell(v)) for v in row))
    console = Console(file=out, highlight=False)
    console.print(table)
    if result.truncated:
        console.print(RichText(_TRUNCATED.get(lang).format(n=len(result.rows))))


def _render_as(fmt: str, result: QueryResult, lang: str, out: IO[str]) -> None:
    render_query(result, fmt, lang, out)


# the query command's formats (qingdan.render.REGISTRY)
QUERY_FORMATS: dict[str, Callable[[QueryResult, str, IO[str]], None]] = {
    fmt: partial(_render_as, fmt) for fmt in ("text", "csv", "json")
}
