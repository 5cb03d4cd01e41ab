"""import, export and cite: annexes in and out of the office, and help filling the basis backlog."""

import sys
from pathlib import Path
from typing import Annotated

from qingdan.cli.app import Argument, LangOption, Option, app, echo, exit_with, guard, h, resolve_lang
from qingdan.errors import UsageError


@app.command(
    "import",
    help=h(
        "导入清单附件（.xlsx .xls .docx .csv）：新建清单，或按编号/名称合并到已有清单（只改动涉及的事项）；"
        "打印导入报告：读取行数、各类事项数、跳过的行及原因、未能解析的单元格、推断的类别与部门（均注明 表!单元格）。\n\n"
        "示例：qingdan import 附件1.xlsx --list CX-QSZ --dry-run\n\n退出码：0 成功；1 导入结果有错误（未写入）；2 用法错误；3 环境问题。",
        "Import an annex (.xlsx .xls .docx .csv): a new list, or merged into an existing list by id or name "
        "(only the items concerned change); prints the import report: rows read, items per category, rows "
        "skipped and why, cells not read, categories and departments guessed, each with sheet!cell.\n\n"
        "Example: qingdan import annex.xlsx --list CX-QSZ --dry-run\n\nExit codes: 0 done; 1 the result has "
        "errors (nothing written); 2 usage error; 3 environment.",
    ),
)
def import_(
    file: Annotated[Path, Argument(help=h("附件文件", "the annex file"), show_default=False)],
    list_id: Annotated[
        str,
        Option(
            "--list", help=h("清单编号（新建或合并）", "list id (new or to merge into)"), show_default=False
        ),
    ],
    layout: Annotated[
        str,
        Option(
            "--layout",
            help=h(
                "版式：auto、township、village、devolved 或版式文件",
                "layout: auto, township, village, devolved or a layout file",
            ),
        ),
    ] = "auto",
    to: Annotated[
        str | None,
        Option(
            "--file",
            help=h(
                "新清单的文件路径（默认 lists/<编号>.yaml）", "file of a new list (default lists/<id>.yaml)"
            ),
        ),
    ] = None,
    title: Annotated[
        str | None,
        Option(
            "--title", help=h("清单标题（默认取附件标题行）", "list title (default: the annex's title row)")
        ),
    ] = None,
    issuer: Annotated[str | None, Option("--issuer", help=h("发布机关", "issuer"))] = None,
    revision: Annotated[
        str | None, Option("--revision", help=h("版次，如 2025.1", "revision, e.g. 2025.1"))
    ] = None,
    effective: Annotated[
        str | None, Option("--effective", help=h("生效日期 YYYY-MM-DD", "effective date YYYY-MM-DD"))
    ] = None,
    draft: Annotated[
        bool,
        Option(
            "--draft", help=h("即使校验不通过也写入（草稿）", "write even if the result does not validate")
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        Option(
            "--dry-run",
            "-n",
            help=h("只显示导入报告和改动，不写入", "show the report and the change; write nothing"),
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    language = resolve_lang(lang)
    with guard(language):
        from qingdan.cli.edit import _refused
        from qingdan.model import CheckResult
        from qingdan.office.service import import_annex
        from qingdan.render.findings import render_text
        from qingdan.render.office import import_report

        header = {
            k: v
            for k, v in {
                "title": title,
                "issuer": issuer,
                "revision": revision,
                "effective": effective,
            }.items()
            if v
        }
        with _refused(language):
            outcome = import_annex(
                Path.cwd(), file, list_id, layout, file=to, header=header, draft=draft, dry_run=dry_run
            )
        sys.stdout.write(import_report(outcome, language))
        if dry_run:
            sys.stdout.write(outcome.diff)
        if outcome.warnings:
            echo(
                "草稿中仍有以下问题：" if language == "zh" else "the draft still has these problems:",
                err=True,
            )
            render_text(
                CheckResult(findings=outcome.warnings), language, sys.stderr, color=False, summary=False
            )
    exit_with(0)


@app.command(
    help=h(
        "导出清单为公示、印发用的附件：xlsx（每类一个工作表）、docx（附件格式，每类一节）、csv、html（公示页面）或 pdf（需 LibreOffice）。"
        "序号按类别计算，打印分组行，销号事项不列出（--with-retired 另列销号事项表）；--report 导出某版次的调整说明（docx）。\n\n"
        "示例：qingdan export CX-QSZ --format xlsx -o 附件1.xlsx；qingdan export CX-QSZ --format docx --report 2025.2",
        "Export lists as the annexes offices publish: xlsx (a sheet per category), docx (an annex, a section per "
        "category), csv, html (a page for public notice) or pdf (needs LibreOffice). Numbered per category, group rows, "
        "retired items left out (--with-retired adds a sheet of retired items); --report exports a revision's change "
        "report (docx).\n\nExample: qingdan export CX-QSZ --format xlsx -o annex.xlsx",
    )
)
def export(
    lists: Annotated[
        list[str] | None,
        Argument(
            metavar="LIST...",
            help=h("清单编号或文件（parquet 默认全部）", "list ids or files (parquet: default all)"),
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str,
        Option(
            "--format",
            "-f",
            help=h("xlsx、docx、csv、html、pdf 或 parquet", "xlsx, docx, csv, html, pdf or parquet"),
        ),
    ] = "xlsx",
    output: Annotated[
        Path | None,
        Option("-o", "--output", help=h("输出文件（一个清单时）或目录", "output file (one list) or folder")),
    ] = None,
    at: Annotated[
        str | None,
        Option(
            "--at", help=h("导出某一修订版本（git 提交）中的清单", "export the list as of a git revision")
        ),
    ] = None,
    layout: Annotated[
        str | None, Option("--layout", help=h("版式（默认按清单类型）", "layout (default by kind of list)"))
    ] = None,
    with_retired: Annotated[
        bool, Option("--with-retired", help=h("另列销号事项", "add a sheet of retired items"))
    ] = False,
    report: Annotated[
        str | None,
        Option(
            "--report", help=h("导出该版次的调整说明（docx）", "export that revision's change report (docx)")
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    language = resolve_lang(lang)
    with guard(language):
        from qingdan.office.service import export_lists, export_report

        if fmt == "parquet" and report is None:
            from qingdan.tables import export_tables

            if at is not None:
                raise UsageError(
                    "parquet 导出的是工作区的清单，不能与 --at 同用", "parquet exports the work tree: no --at"
                )
            done = export_tables(Path.cwd(), output or Path("qingdan-tables"), lists or None)
            counts = "、".join(f"{t} {n}" for t, n in done.rows.items())
            echo(
                f"已导出 {done.lists} 份清单的表格（{counts} 行）到 {done.folder}"
                if language == "zh"
                else f"exported the tables of {done.lists} lists ({counts} rows) to {done.folder}"
            )
            exit_with(0)
        if not lists:
            raise UsageError("请给出要导出的清单编号", "name the lists to export")
        if report is not None:
            paths = [export_report(Path.cwd(), lists, report, output)]
        else:
            paths = export_lists(
                Path.cwd(), lists, fmt, output, at=at, layout=layout, with_retired=with_retired
            )
        for path in paths:
            echo(("已导出 " if language == "zh" else "exported ") + str(path))
    exit_with(0)


@app.command(
    help=h(
        "为事项推荐最可能的履职依据条文（基于法律文本目录的全文索引，SQLite FTS5 三元组分词），按相关度排列并显示条文。\n\n"
        "示例：qingdan cite CX-QSZ-0006 --limit 5",
        "Suggest the articles most likely to be an item's basis, ranked, with their text, from a full-text "
        "index (SQLite FTS5, trigram) of the configured law-text folder.\n\nExample: qingdan cite CX-QSZ-0006",
    )
)
def cite(
    item: Annotated[str, Argument(help=h("事项编号", "item id"), show_default=False)],
    limit: Annotated[int, Option("--limit", "-n", help=h("推荐条数", "how many suggestions"))] = 5,
    lang: LangOption = None,
) -> None:
    language = resolve_lang(lang)
    with guard(language):
        from qingdan.citeindex import suggest_for_item

        for rank, hit in enumerate(suggest_for_item(Path.cwd(), item, limit), 1):
            echo(f"{rank}. 《{hit.title}》{hit.label}  ({hit.score:.2f})")
            echo("   " + hit.text.replace("\n", "\n   ")[:300])
    exit_with(0)
