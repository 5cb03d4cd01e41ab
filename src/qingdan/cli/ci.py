"""report and check: change reports for each revision, and the one command CI runs."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeAlias

from qingdan.cli.app import (
    Argument,
    FindingFormatOption,
    LangOption,
    NoCacheOption,
    Option,
    StrictOption,
    app,
    echo,
    emit_findings,
    exit_with,
    format_choices,
    guard,
    h,
    resolve_lang,
)

if TYPE_CHECKING:
    ReportFormat: TypeAlias = str
else:
    ReportFormat = format_choices("ReportFormat", "report")


_STATUS = {
    "created": ("已生成", "created"),
    "updated": ("已更新", "updated"),
    "unchanged": ("无变化", "unchanged"),
    "missing": ("缺少", "missing"),
    "stale": ("已过时", "stale"),
}


@app.command(
    help=h(
        "生成调整说明：每份清单当前（或指定）版次相对上一版次的变化，写入 reports/<清单编号>/<版次>.md 与 .json。\n\n"
        "--check 只检查调整说明是否存在且最新，有缺失或过时以 1 退出。示例：qingdan report CX-QSZ",
        "Write change reports: what each list's current (or given) revision changed against the previous one, "
        "into reports/<list id>/<revision>.md and .json.\n\n"
        "--check only checks that reports exist and are up to date (exit 1 otherwise). Example: qingdan report CX-QSZ",
    )
)
def report(
    lists: Annotated[
        list[str] | None,
        Argument(
            metavar="[LIST]...", help=h("清单编号（默认全部）", "list ids (default: all)"), show_default=False
        ),
    ] = None,
    revision: Annotated[
        str | None,
        Option(
            "--revision", help=h("指定版次（默认当前版次）", "a given revision (default: the current one)")
        ),
    ] = None,
    fmt: Annotated[
        list[ReportFormat] | None,
        Option(
            "--format",
            "-f",
            help=h("格式，可重复（默认 md 与 json）", "format, repeatable (default: md and json)"),
        ),
    ] = None,
    check: Annotated[bool, Option("--check", help=h("只检查，不写入", "check only; write nothing"))] = False,
    force: Annotated[
        bool,
        Option(
            "--force",
            help=h(
                "允许改写清单已越过的版次的调整说明（该版次的记录）",
                "allow rewriting the report of a revision the list has moved past (that revision's record)",
            ),
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    from qingdan.report import generate

    language = resolve_lang(lang)
    with guard(language):
        formats = tuple(str(f) for f in fmt) if fmt else ("md", "json")
        written = generate(
            Path.cwd(),
            lists or None,
            revision,
            formats,
            lang.value if lang else None,
            check=check,
            force=force,
        )
        bad = [w for w in written if w.status in ("missing", "stale")]
        for w in written:
            if check and w.status == "unchanged":
                continue
            zh, en = _STATUS[w.status]
            echo(f"{zh if language == 'zh' else en}: {w.path}")
        if check and not bad:
            echo(
                f"✓ {len(written)} 份调整说明均为最新"
                if language == "zh"
                else f"✓ {len(written)} reports up to date"
            )
        exit_with(1 if check and bad else 0)


@app.command(
    help=h(
        "CI 与 pre-commit 用的总检查：全部校验规则、相对基准版本的历史规则（事项不得删除、编号不得改变……）、调整说明是否最新。\n\n"
        "基准默认为与默认分支的合并基点；在默认分支上为上一个提交。输出格式与退出码同 validate。",
        "The one command for CI and pre-commit: every validate rule, the history rules against a base revision "
        "(items are never deleted, ids never change, ...) and report freshness.\n\n"
        "The base defaults to the merge base with the default branch, or the previous commit on it. "
        "Output formats and exit codes as validate.",
    )
)
def check(
    base: Annotated[str | None, Option("--base", help=h("基准修订版本", "base revision"))] = None,
    fmt: FindingFormatOption = "text",
    strict: StrictOption = False,
    no_reports: Annotated[
        bool, Option("--no-reports", help=h("不检查调整说明", "skip the report check"))
    ] = False,
    lang: LangOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from qingdan.check import check as run_check

    language = resolve_lang(lang)
    with guard(language):
        result = run_check(Path.cwd(), base, reports=not no_reports, cache=not no_cache)
        emit_findings(result, fmt, language, strict)
