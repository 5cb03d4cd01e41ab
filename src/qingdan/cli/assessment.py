"""assess and dept: assessment by the list, and the lists read from a department's side."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

from qingdan.cli.app import (
    Argument,
    CatalogFormat,
    LangOption,
    Option,
    app,
    exit_with,
    guard,
    h,
    resolve_lang,
)

AssessFormat = Annotated[
    CatalogFormat,
    Option(
        "--format", "-f", help=h("输出格式：text、markdown 或 json", "output format: text, markdown or json")
    ),
]


@app.command(
    help=h(
        "考核以清单为准：核对考核方案（assessments/*.yaml）的每项指标是否对应所考核清单的在册事项——没有对应事项、"
        "考核收回或销号事项、以部门职责考核乡镇为错误；以照片、截图、台账或简单量化为依据、重复考核为警告。\n\n"
        "不带参数时核对仓库的全部考核方案；指定的文件（仓库内任何位置）按考核方案核对。示例：qingdan assess",
        "Assessment by the list: check that every indicator of the assessments (assessments/*.yaml) measures "
        "active items of the assessed lists - no item, a recalled or retired item, or the department's own part "
        "of a cooperative item is an error; photos, screenshots, ledgers or simple counts as evidence and the "
        "same item assessed twice are warnings.\n\nWithout arguments every assessment of the repository is "
        "checked; named files (anywhere in the repository) are checked as assessments. Example: qingdan assess",
    )
)
def assess(
    files: Annotated[
        list[Path] | None,
        Argument(metavar="[FILE]...", help=h("考核方案文件（默认全部）", "assessment files (default: all)")),
    ] = None,
    fmt: AssessFormat = CatalogFormat.text,
    lang: LangOption = None,
) -> None:
    from qingdan.assessment import assess as run_assess
    from qingdan.render.assessment import ASSESS_RENDERERS

    language = resolve_lang(lang)
    with guard(language):
        report = run_assess(Path.cwd(), files or None)
        ASSESS_RENDERERS[fmt.value](report, language, sys.stdout)
        exit_with(report.exit_code())
