"""sync: bring the lists adopting a template up to its current revision."""

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
    SyncFormat: TypeAlias = str
else:
    SyncFormat = format_choices("SyncFormat", "sync")


@app.command(
    help=h(
        "按模板同步：把采用模板的清单带到模板的当前版次。以清单记录的所依模板版次（list.template_revision）为基准"
        "逐项比较：模板新增的事项以 from 加入清单（编号接本清单顺序，版次为本清单的草稿版次），模板销号的事项随之销号"
        "（原因与依据取自模板），模板改动的字段在本清单未作本地改动时跟进、已作改动时列为冲突而不覆盖，最后记录新的"
        "模板版次。每份清单一次编辑：只改动涉及的行，校验通过才写入。当前版次已印发的清单开始下一版次（草稿）。"
        "有冲突、未能同步或未写入的清单时退出码为 1。\n\n"
        "加 --branch 名称时，写入的清单提交到新分支上，推送后发起合并请求审阅。\n\n"
        "示例：qingdan sync --template CX-TEMPLATE --dry-run　qingdan sync --template CX-TEMPLATE --branch sync/2025.3",
        "Sync with the template: bring each list adopting it to its current revision. Compared from the template "
        "revision the list last followed (list.template_revision): new template items are added with from (next "
        "ids of the list, since its draft revision), retired ones are retired with the template's reason and "
        "basis, changed fields are applied where the list had kept the template's value and reported as "
        "conflicts where it had changed it; then the new template revision is recorded. One edit per list: only "
        "the touched lines change, validated before it is written. A list whose revision is published gets its "
        "next revision as a draft. Exits 1 on conflicts, changes not made or lists not written.\n\n"
        "With --branch NAME the written lists are committed on a new branch, to push and review as a merge request.\n\n"
        "Example: qingdan sync --template CX-TEMPLATE --branch sync/2025.3",
    )
)
def sync(
    lists: Annotated[
        list[str] | None,
        Argument(
            metavar="[LIST]...",
            help=h(
                "清单编号或文件（默认全部采用该模板的清单）",
                "list ids or files (default: every list adopting the template)",
            ),
        ),
    ] = None,
    template: Annotated[
        str,
        Option("--template", "-t", help=h("模板清单编号", "the template's list id")),
    ] = "",
    dry_run: Annotated[
        bool,
        Option(
            "--dry-run", "-n", help=h("只列出将作的改动，不写入", "list what would change; write nothing")
        ),
    ] = False,
    draft: Annotated[
        bool,
        Option(
            "--draft",
            help=h(
                "即使校验不通过也写入（草稿，例如新增事项尚缺准入记录）",
                "write even where the result does not validate (a draft: e.g. a new item's admission record to come)",
            ),
        ),
    ] = False,
    branch: Annotated[
        str | None,
        Option(
            "--branch",
            "-b",
            help=h(
                "把写入的清单提交到以此命名的新分支（从当前提交开出），供审阅后合并",
                "commit the written lists on a new branch of this name (from the current commit), for review",
            ),
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        SyncFormat,
        Option(
            "--format",
            "-f",
            help=h("输出格式：text、markdown 或 json", "output format: text, markdown or json"),
        ),
    ] = "text",
    lang: LangOption = None,
) -> None:
    from qingdan.errors import UsageError
    from qingdan.render.sync import progress_bar
    from qingdan.sync import sync as run_sync

    language = resolve_lang(lang)
    with guard(language):
        if not template:
            raise UsageError("请用 --template 指定模板清单", "name the template with --template")
        with progress_bar(language) as progress:
            report = run_sync(
                Path.cwd(),
                template,
                lists or None,
                dry_run=dry_run,
                draft=draft,
                progress=progress,
                branch=branch,
            )
        renderer("sync", str(fmt))(report, language, sys.stdout)
        exit_with(report.exit_code())
