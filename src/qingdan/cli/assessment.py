"""assess and dept: assessment by the list, and the lists read from a department's side."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeAlias

from qingdan.cli.app import (
    Argument,
    LangOption,
    Option,
    app,
    echo,
    exit_with,
    format_choices,
    guard,
    h,
    resolve_lang,
)
from qingdan.render import renderer

if TYPE_CHECKING:
    ResultFormat: TypeAlias = str
else:
    ResultFormat = format_choices("ResultFormat", "assess")


# xlsx is a file the office module writes; the other three are the registry's "dept" formats
class DeptFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    xlsx = "xlsx"


AssessFormat = Annotated[
    ResultFormat,
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
    fmt: AssessFormat = "text",
    lang: LangOption = None,
) -> None:
    from qingdan.assessment import assess as run_assess

    language = resolve_lang(lang)
    with guard(language):
        report = run_assess(Path.cwd(), files or None)
        renderer("assess", str(fmt))(report, language, sys.stdout)
        exit_with(report.exit_code())


@app.command(
    help=h(
        "部门视角：列出各清单中以该部门为牵头或配合部门的全部有效事项（配合事项写部门职责和乡镇职责，收回事项写工作方式），"
        "按清单和类别分组计数；--all 列出各部门在各清单的事项数（多头管理）。部门名称可用别名。\n\n"
        "示例：qingdan dept 县应急管理局　qingdan dept --all",
        "The department's view: every active item of every list that names the department as lead or "
        "cooperating (cooperative items with the department's and the township's duty, recalled items with "
        "the working mode), by list and category with counts; --all tables the items each department places on "
        "each list (multiple management). Aliases are accepted.\n\nExample: qingdan dept 县应急管理局",
    )
)
def dept(
    name: Annotated[
        str | None, Argument(metavar="[NAME]", help=h("部门名称或别名", "department name or alias"))
    ] = None,
    all_: Annotated[bool, Option("--all", help=h("各部门 × 各清单的事项数", "departments × lists"))] = False,
    fmt: Annotated[
        DeptFormat,
        Option(
            "--format",
            "-f",
            help=h("输出格式：text、markdown、json 或 xlsx", "output format: text, markdown, json or xlsx"),
        ),
    ] = DeptFormat.text,
    output: Annotated[
        Path | None,
        Option(
            "-o",
            "--output",
            help=h("xlsx 输出文件（默认 qingdan-dept.xlsx）", "the xlsx file (default qingdan-dept.xlsx)"),
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    from qingdan.department import (
        department_document,
        department_matrix,
        department_view,
        matrix_document,
        write_workbook,
    )
    from qingdan.errors import UsageError
    from qingdan.render.department import DEPT_RENDERERS, MATRIX_RENDERERS

    language = resolve_lang(lang)
    with guard(language):
        if all_ == bool(name):
            raise UsageError("请给出一个部门名称，或使用 --all", "give one department name, or --all")
        if all_:
            matrix = department_matrix(Path.cwd())
            if fmt == DeptFormat.xlsx:
                echo(str(write_workbook(matrix_document(matrix), output or Path("qingdan-dept-all.xlsx"))))
            else:
                MATRIX_RENDERERS[fmt.value](matrix, language, sys.stdout)
        else:
            report = department_view(Path.cwd(), name or "")
            if fmt == DeptFormat.xlsx:
                echo(str(write_workbook(department_document(report), output or Path("qingdan-dept.xlsx"))))
            else:
                DEPT_RENDERERS[fmt.value](report, language, sys.stdout)
