"""conform: how the lists adopting a template follow it, item by item."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeAlias

from qingdan.cli.app import (
    Argument,
    LangOption,
    Option,
    app,
    exit_with,
    format_choices,
    guard,
    h,
    resolve_lang,
)
from qingdan.render import renderer

if TYPE_CHECKING:
    ConformFormat: TypeAlias = str
else:
    ConformFormat = format_choices("ConformFormat", "conform")


@app.command(
    help=h(
        "对照模板：逐份列出采用模板（list.template）的清单缺少的模板事项（既未以 from 采用、也未记为不适用）、"
        "有改动的采用事项（事项名称、类别、具体内容、履职依据逐项对照，附调整理由）、不适用的模板事项及理由、本地事项，"
        "各清单计数；最后是各模板事项被多少份清单采用、改动、记为不适用或缺少的总表。有清单缺少模板事项时退出码为 1。\n\n"
        "示例：qingdan conform　qingdan conform CX-QSZ　qingdan conform --template CX-TEMPLATE --format markdown",
        "Conformance to the template: for each list that adopts a template (list.template), the template items it "
        "leaves out (neither adopted by from nor recorded as not applicable), the items adopted with changes (name, "
        "category, content and basis, field by field, with the adjustment's reason), the template items not "
        "applicable with their reasons, and the local items, with counts per list; then a table of how many lists "
        "adopt, change, drop or miss each template item. Exits 1 when a list misses a template item.\n\n"
        "Example: qingdan conform --template CX-TEMPLATE",
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
            help=h("输出格式：text、markdown 或 json", "output format: text, markdown or json"),
        ),
    ] = "text",
    lang: LangOption = None,
) -> None:
    from qingdan.conform import conform as run_conform

    language = resolve_lang(lang)
    with guard(language):
        report = run_conform(Path.cwd(), lists or None, template)
        renderer("conform", str(fmt))(report, language, sys.stdout)
        exit_with(report.exit_code())
