"""conform: how the lists adopting a template follow it, item by item."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from qingdan.cli.app import (
    Argument,
    LangOption,
    Option,
    app,
    echo,
    exit_with,
    guard,
    h,
    resolve_lang,
)
from qingdan.render import renderer


# xlsx is a file the office module writes; the others are the registry's "conform" formats
class ConformFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    xlsx = "xlsx"


@app.command(
    help=h(
        "对照模板：逐份列出采用模板（list.template）的清单缺少的模板事项（既未以 from 采用、也未记为不适用）、"
        "有改动的采用事项（事项名称、类别、具体内容、履职依据逐项对照，附调整理由）、不适用的模板事项及理由、本地事项，"
        "各清单计数；最后是各模板事项被多少份清单采用、改动、记为不适用或缺少的总表。有清单缺少模板事项时退出码为 1。"
        "--format xlsx 写成 Excel 工作簿（模板事项总表、各清单计数、对照明细三个工作表）。\n\n"
        "示例：qingdan conform　qingdan conform CX-QSZ　qingdan conform --template CX-TEMPLATE --format xlsx -o 对照.xlsx",
        "Conformance to the template: for each list that adopts a template (list.template), the template items it "
        "leaves out (neither adopted by from nor recorded as not applicable), the items adopted with changes (name, "
        "category, content and basis, field by field, with the adjustment's reason), the template items not "
        "applicable with their reasons, and the local items, with counts per list; then a table of how many lists "
        "adopt, change, drop or miss each template item. Exits 1 when a list misses a template item. "
        "--format xlsx writes an Excel workbook (sheets: by template item, per list, details).\n\n"
        "Example: qingdan conform --template CX-TEMPLATE --format xlsx -o conform.xlsx",
    )
)
def conform(
    lists: Annotated[
        list[str] | None,
        Argument(
            metavar="[LIST]...",
            help=h(
                "清单编号或文件（默认全部采用模板的清单）", "list ids or files (default: every adopting list)"
            ),
        ),
    ] = None,
    template: Annotated[
        str | None,
        Option("--template", "-t", help=h("只看采用该模板的清单", "only the lists adopting this template")),
    ] = None,
    fmt: Annotated[
        ConformFormat,
        Option(
            "--format",
            "-f",
            help=h("输出格式：text、markdown、json 或 xlsx", "output format: text, markdown, json or xlsx"),
        ),
    ] = ConformFormat.text,
    output: Annotated[
        Path | None,
        Option(
            "-o",
            "--output",
            help=h(
                "xlsx 输出文件（默认 qingdan-conform.xlsx）", "the xlsx file (default qingdan-conform.xlsx)"
            ),
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    from qingdan.conform import conform as run_conform
    from qingdan.errors import UsageError

    language = resolve_lang(lang)
    with guard(language):
        if output is not None and fmt != ConformFormat.xlsx:
            raise UsageError("-o 只用于 --format xlsx", "-o is for --format xlsx only")
        report = run_conform(Path.cwd(), lists or None, template)
        if fmt == ConformFormat.xlsx:
            from qingdan.office.xlsx import write
            from qingdan.render.conform import conform_document

            echo(str(write(conform_document(report, language), output or Path("qingdan-conform.xlsx"))))
        else:
            renderer("conform", fmt.value)(report, language, sys.stdout)
        exit_with(report.exit_code())
