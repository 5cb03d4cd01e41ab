"""query: SQL over the lists exported as Parquet tables (qingdan export --format parquet)."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeAlias

from qingdan.cli.app import Argument, LangOption, Option, app, format_choices, guard, h, resolve_lang
from qingdan.render import renderer

DEFAULT_TABLES = Path("qingdan-tables")


if TYPE_CHECKING:
    QueryFormat: TypeAlias = str
else:
    QueryFormat = format_choices("QueryFormat", "query")


@app.command(
    help=h(
        "用 DuckDB 对导出的表格（qingdan export --format parquet）运行 SQL。视图 items（事项）、citations（依据）、"
        "findings（校验问题）跨越全部清单，另有分区列 province、list。\n\n"
        "示例：qingdan query \"SELECT lead_department, count(*) AS n FROM items WHERE status = 'active' "
        'GROUP BY 1 ORDER BY n DESC LIMIT 10"',
        "Run SQL with DuckDB over the exported tables (qingdan export --format parquet). The views items, "
        "citations and findings span every list, with the partition columns province and list.\n\n"
        "Example: qingdan query \"SELECT lead_department, count(*) AS n FROM items WHERE status = 'active' "
        'GROUP BY 1 ORDER BY n DESC LIMIT 10"',
    )
)
def query(
    sql: Annotated[
        str, Argument(metavar="SQL", help=h("一条 SQL 语句", "one SQL statement"), show_default=False)
    ],
    data: Annotated[
        Path,
        Option("--data", "-d", help=h("导出的表格目录", "folder of the exported tables")),
    ] = DEFAULT_TABLES,
    fmt: Annotated[QueryFormat, Option("--format", "-f", help=h("输出格式", "output format"))] = "text",
    limit: Annotated[
        int, Option("--limit", min=1, max=1_000_000, help=h("最多输出的行数", "most rows printed"))
    ] = 10_000,
    lang: LangOption = None,
) -> None:
    from qingdan.query import run_query

    language = resolve_lang(lang)
    with guard(language):
        result = run_query(sql, data, limit)
        renderer("query", str(fmt))(result, language, sys.stdout)
