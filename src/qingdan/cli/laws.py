"""laws import, laws list, impact, review, stats: following the law (立改废释) and the devolved items."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeAlias

from qingdan.cli.app import (
    Argument,
    LangOption,
    Option,
    Typer,
    app,
    echo,
    exit_with,
    format_choices,
    guard,
    h,
    prompt,
    resolve_lang,
)
from qingdan.i18n import Lang
from qingdan.render import renderer

if TYPE_CHECKING:
    ImportFormat: TypeAlias = str
    ResultFormat: TypeAlias = str
else:
    ImportFormat = format_choices("ImportFormat", "laws-import")
    # laws, impact, review and stats are written in the same formats (a test holds the registry to it)
    ResultFormat = format_choices("ResultFormat", "laws")

ReportFormat = Annotated[
    ResultFormat,
    Option(
        "--format", "-f", help=h("输出格式：text、markdown 或 json", "output format: text, markdown or json")
    ),
]
ListOption = Annotated[
    list[str] | None,
    Option(
        "--list",
        "-l",
        help=h("只看这些清单（编号或文件，可重复）", "only these lists (id or file; repeatable)"),
    ),
]

laws_app = Typer(
    name="laws",
    help=h(
        "法规库：从法律文本导入（qingdan laws import）、列出登记的法律文件（qingdan laws list）。",
        "The law registry: import from law texts (qingdan laws import), list it (qingdan laws list).",
    ),
    no_args_is_help=True,
)
app.add_typer(laws_app, name="laws")


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask_level(title: str, guess: str, reason: str, lang: Lang) -> str:
    from qingdan.lawimport import LEVELS

    while True:
        answer: str = prompt(
            (f"「{title}」的效力层级（{reason}）" if lang == "zh" else f"level of '{title}' ({reason})"),
            default=guess,
        ).strip()
        if answer in LEVELS:
            return answer
        echo(
            ("可选：" if lang == "zh" else "choose from: ") + ", ".join(LEVELS),
            err=True,
        )


@laws_app.command(
    "import",
    help=h(
        "从法律文本目录（每个版本一个 Markdown 文件，首行为标题，条文以「第X条」开头）导入或更新法规库："
        "新增法律文件与版本、更正条文数；保留手写的简称、状态、制定机关、注释与键序；重复运行不改变文件。\n\n"
        "新增法律文件的效力层级按目录推定（宪法→constitution，行政法规→administrative_regulation，其他法律目录→law）："
        "在终端中逐一确认；--yes 直接采用推定值；--level law 或 --level 标题=层级 指定。\n\n"
        "示例：qingdan laws import ../shared/laws --dry-run",
        "Import or update the law registry from a folder of law texts (one Markdown file per version, title on "
        "line 1, articles starting with 第X条): adds instruments and versions and corrects article counts; keeps "
        "hand-written aliases, status, issuer, comments and key order; a second run changes nothing.\n\n"
        "The level of a new instrument is guessed from its folder (宪法→constitution, 行政法规→"
        "administrative_regulation, other law folders→law): confirmed one by one on a terminal; --yes takes the "
        "guesses; --level law or --level TITLE=LEVEL sets them.\n\n"
        "Example: qingdan laws import ../shared/laws --dry-run",
    ),
)
def import_(
    folder: Annotated[Path, Argument(help=h("法律文本目录", "folder of law texts"), show_default=False)],
    level: Annotated[
        list[str] | None,
        Option(
            "--level",
            help=h(
                "新增法律文件的效力层级：LEVEL（全部）或 标题=LEVEL（一部），可重复",
                "level of new instruments: LEVEL (all) or TITLE=LEVEL (one); repeatable",
            ),
        ),
    ] = None,
    yes: Annotated[
        bool,
        Option("--yes", "-y", help=h("采用推定的效力层级，不询问", "take the guessed levels; do not ask")),
    ] = False,
    dry_run: Annotated[
        bool,
        Option(
            "--dry-run",
            "-n",
            help=h("只显示改动（统一差异格式），不写入", "show the change as a unified diff; write nothing"),
        ),
    ] = False,
    check: Annotated[
        bool,
        Option(
            "--check",
            help=h(
                "不写入；法规库需要更新时以 1 退出（用于 CI）",
                "write nothing; exit 1 if the registry needs updating (CI)",
            ),
        ),
    ] = False,
    fmt: Annotated[ImportFormat, Option("--format", "-f", help=h("输出格式", "output format"))] = "text",
    lang: LangOption = None,
) -> None:
    from qingdan.lawimport import import_laws, parse_levels, plan_import

    language = resolve_lang(lang)
    with guard(language):
        plan = plan_import(Path.cwd(), folder)
        levels = parse_levels(level or [], plan)
        pending = [law for law in plan.new if law.title not in levels]
        if pending and not yes and not dry_run and not check:
            if _interactive():
                for law in pending:
                    levels[law.title] = _ask_level(law.title, law.level, law.reason.get(language), language)
            else:
                echo(
                    (
                        f"未在终端中运行：{len(pending)} 部新增法律文件采用按目录推定的效力层级（可用 --level 指定，--yes 不再提示）"
                        if language == "zh"
                        else f"not on a terminal: {len(pending)} new instrument(s) take the level guessed from "
                        "their folder (set it with --level; --yes silences this)"
                    ),
                    err=True,
                )
        result = import_laws(plan, levels, dry_run=dry_run or check)
        if dry_run and fmt == "text":
            sys.stdout.write(result.diff())
            renderer("laws-import", "text")(result, language, sys.stderr)
        else:
            renderer("laws-import", str(fmt))(result, language, sys.stdout)
        exit_with(1 if check and result.changed else 0)


@laws_app.command(
    "list",
    help=h(
        "列出法规库：名称、效力层级、各版本（条文数、施行日期、有无文本）、状态、被多少有效事项引用。",
        "List the registry: title, level, versions (articles, effective date, law text), status, and how many "
        "active items cite each.",
    ),
)
def list_(fmt: ReportFormat = "text", lang: LangOption = None) -> None:
    from qingdan.lawwork import list_laws

    language = resolve_lang(lang)
    with guard(language):
        listing = list_laws(Path.cwd())
        renderer("laws", str(fmt))(listing, language, sys.stdout)


@app.command(
    help=h(
        "法律立改废释的影响：列出引用某部法律（或某一条款）的全部事项，按清单和类别分组，附原文依据及其所指版本。\n\n"
        "--version 日期：该法律的新版本（可未登记）——列出依据早于该版本、需要重新审查的事项；"
        "配置了法律文本时比较所引条款在新版本中是否变化。--repealed：列出引用已废止法律或已被取代版本的事项。\n\n"
        "未固定版本的依据按起草日期——事项纳入版次的生效日期（取自 git 历史）——时施行的版本解读。"
        "退出码：依据有误，或 --version/--repealed 找到需审查的事项时为 1。\n\n"
        "示例：qingdan impact 统计法 第三十条 --version 2024-09-13",
        "Impact of a law change: every item citing an instrument (or one article), grouped by list and category, "
        "with the citation as written and the version it resolves to.\n\n"
        "--version DATE: a new version of the law (registered or not) - the items whose citations predate it and "
        "must be re-examined; with law texts configured, whether the cited article changed. --repealed: items "
        "citing repealed instruments or replaced versions.\n\n"
        "A citation without a pinned version means the version in force when it was drafted: the effective date "
        "of the revision that introduced the item (from git history). Exit 1 when a citation is broken, or when --version/--repealed finds items.\n\n"
        "Example: qingdan impact 统计法 第三十条 --version 2024-09-13",
    )
)
def impact(
    instrument: Annotated[
        str | None,
        Argument(help=h("法律文件名称或简称", "instrument title or alias"), show_default=False),
    ] = None,
    article: Annotated[
        str | None,
        Argument(
            help=h("条款，例如 第三十条 或 第三十条第三款", "article, e.g. 第三十条 or 第三十条第三款"),
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        str | None,
        Option("--version", help=h("新版本的日期（YYYY-MM-DD）", "date of the new version (YYYY-MM-DD)")),
    ] = None,
    repealed: Annotated[
        bool,
        Option(
            "--repealed",
            help=h(
                "引用已废止法律或已被取代版本的事项", "items citing repealed instruments or replaced versions"
            ),
        ),
    ] = False,
    lists: ListOption = None,
    include_retired: Annotated[
        bool, Option("--include-retired", help=h("也看已销号事项", "look at retired items too"))
    ] = False,
    quote: Annotated[
        bool,
        Option(
            "--quote", help=h("附所引条款原文（需配置法律文本）", "quote the cited text (needs law texts)")
        ),
    ] = False,
    fmt: ReportFormat = "text",
    lang: LangOption = None,
) -> None:
    from qingdan.impact import impact as run_impact

    language = resolve_lang(lang)
    with guard(language):
        report = run_impact(
            Path.cwd(),
            instrument,
            article,
            version,
            repealed=repealed,
            lists=lists,
            include_retired=include_retired,
            with_quotes=quote,
        )
        renderer("impact", str(fmt))(report, language, sys.stdout)
        exit_with(report.exit_code())


@app.command(
    help=h(
        "下沉事项定期评估：列出下次评估日期不晚于指定日期（默认今天，可用 QINGDAN_TODAY 固定）的下沉事项，"
        "附人员、经费、装备、培训和上次评估；有逾期评估时以 1 退出（供定时 CI 任务使用）。\n\n"
        "示例：qingdan review --due-before 2027-06-30",
        "Periodic evaluation of devolved items: those whose next evaluation is on or before a date (default today; "
        "QINGDAN_TODAY pins it), with staffing, funding, equipment, training and the last evaluation. Exit 1 when "
        "an evaluation is overdue (for a scheduled CI job).\n\n"
        "Example: qingdan review --due-before 2027-06-30",
    )
)
def review(
    lists: Annotated[
        list[str] | None,
        Argument(
            metavar="[LIST]...", help=h("清单编号或文件（默认全部）", "list ids or files (default: all)")
        ),
    ] = None,
    due_before: Annotated[
        str | None,
        Option(
            "--due-before",
            help=h("截止日期（YYYY-MM-DD，默认今天）", "cut-off date (YYYY-MM-DD; default today)"),
        ),
    ] = None,
    fmt: ReportFormat = "text",
    lang: LangOption = None,
) -> None:
    from qingdan.review import review as run_review

    language = resolve_lang(lang)
    with guard(language):
        report = run_review(Path.cwd(), lists, due_before)
        renderer("review", str(fmt))(report, language, sys.stdout)
        exit_with(report.exit_code())


@app.command(
    help=h(
        "清单统计：按类别、领域和牵头部门计数（县直部门向乡镇派出多少事项——多头管理的信号），下沉事项及其编制、经费合计，"
        "已销号事项，并与全国平均（基本 117、配合 99、收回 124，共 340）对照。\n\n示例：qingdan stats CX-QSZ CX-LTJD",
        "List statistics: items per category, domain and lead department (how many duties each county department "
        "places on a township - the multiple-management signal), devolved items with their posts and funding, "
        "retired items, beside the national averages (117 basic, 99 cooperative, 124 recalled; 340).\n\n"
        "Example: qingdan stats CX-QSZ CX-LTJD",
    )
)
def stats(
    lists: Annotated[
        list[str] | None,
        Argument(
            metavar="[LIST]...", help=h("清单编号或文件（默认全部）", "list ids or files (default: all)")
        ),
    ] = None,
    fmt: ReportFormat = "text",
    lang: LangOption = None,
) -> None:
    from qingdan.stats import stats as run_stats

    language = resolve_lang(lang)
    with guard(language):
        report = run_stats(Path.cwd(), lists)
        renderer("stats", str(fmt))(report, language, sys.stdout)
