"""diff, log, show and git-diff: versions of lists, item by item."""

import os
import sys
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
from qingdan.errors import EXIT_CLEAN, EXIT_FINDINGS
from qingdan.render import renderer

if TYPE_CHECKING:
    DiffFormat: TypeAlias = str
    LogFormat: TypeAlias = str
    ShowFormat: TypeAlias = str
else:
    DiffFormat = format_choices("DiffFormat", "diff")
    LogFormat = format_choices("LogFormat", "log")
    ShowFormat = format_choices("ShowFormat", "show")


@app.command(
    help=h(
        "比较两个版本的清单，逐项列出新增、销号（合并）、恢复、类别调整（收回、下放）、更名、依据调整、"
        "内容调整和移动；顺序和格式变化不算变更，勘误提交（Qingdan-Change: errata）单列。\n\n"
        "不带参数：HEAD 与工作区比较；一个参数：该版本与工作区比较；也可写 A B、A..B、A...B（自共同祖先），"
        "或两个清单文件。\n\n"
        "示例：qingdan diff HEAD~1 HEAD；qingdan diff main...HEAD -f markdown；qingdan diff v2025.1 -f html > diff.html\n\n"
        "退出码：0 成功（有无变更均为 0，加 --exit-code 时有变更为 1）；1 有清单无法解析（其变更未知）；"
        "2 用法错误（如修订版本不存在）；"
        "3 环境问题（如浅克隆缺少历史，请用 fetch-depth: 0）。",
        "Compare lists between two versions, item by item: added, retired (merged), reinstated, recategorized "
        "(recalled, devolved), renamed, basis changed, modified and moved; order and formatting are not "
        "changes; errata commits (Qingdan-Change: errata) are listed apart.\n\n"
        "No argument: HEAD against the working tree; one: that revision against the working tree; also A B, "
        "A..B, A...B (from the merge base), or two list files.\n\n"
        "Example: qingdan diff HEAD~1 HEAD; qingdan diff main...HEAD -f markdown; qingdan diff v2025.1 -f html > d.html\n\n"
        "Exit codes: 0 success (changes or not; with --exit-code 1 when there are changes); 1 a list could not "
        "be parsed (its changes are unknown); 2 usage error "
        "(e.g. unknown revision); 3 environment (e.g. a shallow clone: use fetch-depth: 0).",
    )
)
def diff(
    revisions: Annotated[
        list[str] | None,
        Argument(
            help=h(
                "修订版本（或两个文件）：A、A B、A..B、A...B", "revisions (or two files): A, A B, A..B, A...B"
            ),
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[DiffFormat, Option("--format", "-f", help=h("输出格式", "output format"))] = "text",
    staged: Annotated[
        bool,
        Option("--staged", help=h("与暂存区比较而不是工作区", "compare with the index, not the work tree")),
    ] = False,
    exit_code: Annotated[
        bool, Option("--exit-code", help=h("有变更时以 1 退出", "exit 1 when there are changes"))
    ] = False,
    lang: LangOption = None,
) -> None:
    from qingdan.history import diff as run_diff

    language = resolve_lang(lang)
    with guard(language):
        result = run_diff(None, revisions or [], staged=staged)
        renderer("diff", str(fmt))(result, language, sys.stdout)
        # a side that could not be read is never "no changes": its changes are unknown
        changed = exit_code and result.has_changes
        exit_with(EXIT_FINDINGS if changed or result.problems else EXIT_CLEAN)


@app.command(
    help=h(
        "一个事项（或一份清单）的变更历史：每次提交的日期、作者、说明、变更类型和字段新旧值，最新在前；"
        "跟踪跨文件移动和重新编号（previous_ids）。\n\n示例：qingdan log CX-QSZ-0007",
        "The history of one item (or list): commit, date, author, message, change kinds and fields, newest "
        "first; follows moves between files and renumbering (previous_ids).\n\nExample: qingdan log CX-QSZ-0007",
    )
)
def log(
    ident: Annotated[str, Argument(help=h("事项或清单编号", "item or list id"), show_default=False)],
    rev: Annotated[str, Option("--rev", help=h("从这个版本往前查", "start from this revision"))] = "HEAD",
    max_count: Annotated[
        int | None,
        Option("--max-count", "-n", min=1, help=h("最多显示几次提交", "show at most this many commits")),
    ] = None,
    fmt: Annotated[LogFormat, Option("--format", "-f", help=h("输出格式", "output format"))] = "text",
    lang: LangOption = None,
) -> None:
    from qingdan.history import item_log

    language = resolve_lang(lang)
    with guard(language):
        result = item_log(None, ident, rev=rev, limit=max_count)
        renderer("log", str(fmt))(result, language, sys.stdout)


@app.command(
    help=h(
        "显示一个事项或一整份清单在某个版本（--at）或某天（--on，当天及以前的最后一次提交）时的样子；"
        "不加选项时显示工作区中的当前内容。\n\n示例：qingdan show CX-QSZ-0007 --on 2025-07-01；qingdan show CX-QSZ --at v2025.1",
        "Show an item or a whole list as it stood at a revision (--at) or on a date (--on: the last commit "
        "on or before it); without either, the working tree.\n\n"
        "Example: qingdan show CX-QSZ-0007 --on 2025-07-01; qingdan show CX-QSZ --at v2025.1",
    )
)
def show(
    ident: Annotated[str, Argument(help=h("事项或清单编号", "item or list id"), show_default=False)],
    at: Annotated[str | None, Option("--at", help=h("修订版本", "revision"), show_default=False)] = None,
    on: Annotated[
        str | None, Option("--on", help=h("日期 YYYY-MM-DD", "date YYYY-MM-DD"), show_default=False)
    ] = None,
    fmt: Annotated[ShowFormat, Option("--format", "-f", help=h("输出格式", "output format"))] = "text",
    lang: LangOption = None,
) -> None:
    from qingdan.history import show as run_show

    language = resolve_lang(lang)
    with guard(language):
        result = run_show(None, ident, at=at, on=on)
        renderer("show", str(fmt))(result, language, sys.stdout)


@app.command(
    "git-diff",
    help=h(
        "git 外部比较程序（GIT_EXTERNAL_DIFF 协议的 7 个参数），由 git 调用。启用方法：在 .gitattributes 写入 "
        '“lists/**/*.yaml diff=qingdan”，并执行 git config diff.qingdan.command "qingdan git-diff"；之后 '
        "git diff 与 git log -p --ext-diff 显示逐项比较，无法解析的文件退回普通行比较。",
        "External diff for git (the 7 GIT_EXTERNAL_DIFF arguments); git runs it. To enable: put "
        "'lists/**/*.yaml diff=qingdan' in .gitattributes and run git config diff.qingdan.command "
        '"qingdan git-diff"; git diff and git log -p --ext-diff then show item-level changes, falling back to '
        "a line diff for files that do not parse.",
    ),
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
)
def git_diff(
    args: Annotated[
        list[str] | None,
        Argument(
            help=h(
                "path old-file old-hex old-mode new-file new-hex new-mode",
                "path old-file old-hex old-mode new-file new-hex new-mode",
            ),
            show_default=False,
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    from qingdan.history import driver_diff
    from qingdan.render.diff import render_driver

    language = resolve_lang(lang)
    # git sets GIT_PAGER_IN_USE when our output goes to its pager (less -R shows colours)
    color = True if os.environ.get("GIT_PAGER_IN_USE") == "true" and not os.environ.get("NO_COLOR") else None
    with guard(language):
        output = driver_diff(args or [])
        render_driver(output, language, sys.stdout, color=color)
        sys.stdout.flush()
