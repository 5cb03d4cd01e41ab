"""init, add, retire, set, revision, fmt: the drafter's editing commands."""

import sys
from pathlib import Path
from typing import Annotated, Any

from qingdan.cli.app import HELP_LANG as LANG
from qingdan.cli.app import Argument, LangOption, Option, app, echo, exit_with, guard, h, prompt, resolve_lang
from qingdan.cli.usage import LabelChoice, label_help
from qingdan.i18n import Lang
from qingdan.labels import CATEGORY_LABELS, LIST_KIND_LABELS, REASON_LABELS, UNIT_TYPE_LABELS

DryRun = Annotated[
    bool,
    Option(
        "--dry-run",
        "-n",
        help=h("只显示改动（统一差异格式），不写入", "show the change as a unified diff; write nothing"),
    ),
]
Draft = Annotated[
    bool,
    Option(
        "--draft",
        help=h(
            "即使校验不通过也写入（草稿）", "write even if the result does not validate (work in progress)"
        ),
    ),
]


def _report(result: Any, lang: Lang, dry_run: bool) -> None:
    from qingdan.model import CheckResult
    from qingdan.render.findings import render_text

    for note in getattr(result, "notes", []):
        echo(note.get(lang), err=True)
    if dry_run:
        sys.stdout.write(result.diff() or ("（无改动）\n" if lang == "zh" else "(no change)\n"))
        return
    echo(
        result.summary(lang) + ("" if result.written else ("（无改动）" if lang == "zh" else " (no change)"))
    )
    if result.warnings:
        echo("草稿中仍有以下问题：" if lang == "zh" else "the draft still has these problems:", err=True)
        render_text(CheckResult(findings=result.warnings), lang, sys.stderr, color=False, summary=False)


def _refused(lang: Lang) -> Any:
    """Print the findings that made an edit refuse, then let guard() print the message."""
    import contextlib

    from qingdan.edit import EditRefused
    from qingdan.model import CheckResult
    from qingdan.render.findings import render_text

    @contextlib.contextmanager
    def wrapper() -> Any:
        try:
            yield
        except EditRefused as exc:
            if exc.findings:
                render_text(CheckResult(findings=exc.findings), lang, sys.stderr, color=False, summary=False)
            raise

    return wrapper()


@app.command(
    help=h(
        "新建清单仓库：配置文件、法规库、部门名录、示例清单、pre-commit 与 CI 配置、git 差异驱动。不覆盖已有文件。",
        "Scaffold a list repository: config, law registry, departments, an example list, pre-commit and CI files, "
        "and the git diff driver. Never overwrites existing files.",
    )
)
def init(
    directory: Annotated[
        Path, Argument(help=h("目标目录（默认当前目录）", "target folder (default: here)"))
    ] = Path("."),
    source: Annotated[
        str | None,
        Option(
            "--source",
            help=h(
                "CI 与 pre-commit 安装 qingdan 的来源（pip 的一项）：默认为运行 init 的这个版本，"
                "如 git+https://…/qingdan@v0.1.0，或从软件包索引安装时的 qingdan==0.1.0",
                "where CI and pre-commit install qingdan from (one pip requirement); default: the version "
                "running init, e.g. git+https://…/qingdan@v0.1.0, or qingdan==0.1.0 when installed from an index",
            ),
        ),
    ] = None,
    ci: Annotated[
        str, Option("--ci", help=h("CI 配置：github、gitlab 或 none", "CI file: github, gitlab or none"))
    ] = "github",
    lang: LangOption = None,
) -> None:
    from qingdan.scaffold import init_repository

    language = resolve_lang(lang)
    with guard(language):
        created = init_repository(directory, source, ci)
        for name in created.files:
            echo(("已创建 " if language == "zh" else "created ") + name)
        for name in created.kept:
            echo(("已存在，未改动 " if language == "zh" else "exists, left as it was ") + name)
        echo(created.next_steps(language))


@app.command(
    help=h(
        "向清单新增事项：自动分配下一个编号，状态为有效，纳入版次为清单当前版次；校验不通过则拒绝写入。\n\n"
        "示例：qingdan add CX-QSZ --name 森林防火巡查 --category basic --domain 平安法治 --basis 《森林法》第三十四条",
        "Add an item: the next free id, status active, since = the list's revision; refused if it would not validate.\n\n"
        "Example: qingdan add CX-QSZ --name 森林防火巡查 --category basic --domain 平安法治 --basis 《森林法》第三十四条",
    )
)
def add(
    list_name: Annotated[str, Argument(metavar="LIST", help=h("清单编号或文件路径", "list id or file"))],
    from_file: Annotated[
        Path | None,
        Option(
            "--from",
            help=h(
                "从 YAML 文件读入事项字段：一个映射，键同清单中的事项（name、category、domain、basis…），"
                "不写 id、status、since；命令行选项优先（格式见 README）",
                "read the item's fields from a YAML file: a mapping with an item's keys (name, category, "
                "domain, basis…), without id, status, since; options win (see the README)",
            ),
        ),
    ] = None,
    name: Annotated[str | None, Option("--name", help=h("事项名称", "item name"))] = None,
    category: Annotated[
        str | None,
        Option(
            "--category",
            parser=LabelChoice(CATEGORY_LABELS, LANG),
            metavar=h("类别", "CATEGORY"),
            help=label_help(CATEGORY_LABELS, LANG),
        ),
    ] = None,
    domain: Annotated[str | None, Option("--domain", help=h("领域", "domain"))] = None,
    content: Annotated[str | None, Option("--content", help=h("具体内容", "content"))] = None,
    basis: Annotated[
        list[str] | None,
        Option(
            "--basis",
            help=h(
                "依据，可重复：《安全生产法》第九条第二款\\[@版本日期]",
                "legal basis, repeatable: 《安全生产法》第九条第二款\\[@version]",
            ),
        ),
    ] = None,
    lead_department: Annotated[
        str | None,
        Option("--lead-department", help=h("牵头（承接）部门", "lead (receiving) department")),
    ] = None,
    cooperating: Annotated[
        list[str] | None,
        Option("--cooperating-department", help=h("配合部门，可重复", "cooperating department, repeatable")),
    ] = None,
    department_duty: Annotated[
        str | None, Option("--department-duty", help=h("部门职责（主责）", "department's duty"))
    ] = None,
    township_duty: Annotated[
        str | None, Option("--township-duty", help=h("乡镇配合职责", "township's duty"))
    ] = None,
    devolved: Annotated[bool, Option("--devolved", help=h("下沉（赋权）事项", "devolved item"))] = False,
    staffing: Annotated[
        int | None, Option("--staffing", help=h("随事划转编制（名）", "posts transferred"))
    ] = None,
    funding: Annotated[
        float | None, Option("--funding", help=h("经费（万元/年）", "funding, 10k yuan a year"))
    ] = None,
    equipment: Annotated[str | None, Option("--equipment", help=h("装备", "equipment"))] = None,
    training: Annotated[str | None, Option("--training", help=h("培训", "training"))] = None,
    review_months: Annotated[
        int | None, Option("--review-months", help=h("评估周期（月）", "review interval in months"))
    ] = None,
    review_next: Annotated[
        str | None, Option("--review-next", help=h("下次评估日期", "next review date"))
    ] = None,
    approver: Annotated[
        str | None, Option("--approver", help=h("准入审批机关", "admission approver"))
    ] = None,
    document: Annotated[
        str | None, Option("--document", help=h("批准文号", "approval document number"))
    ] = None,
    approved: Annotated[str | None, Option("--approved", help=h("批准日期", "approval date"))] = None,
    justification: Annotated[
        str | None, Option("--justification", help=h("必要性与合理性论证", "justification"))
    ] = None,
    publicity: Annotated[
        str | None, Option("--publicity", help=h("公示期：开始..结束", "public notice: START..END"))
    ] = None,
    draft: Draft = False,
    dry_run: DryRun = False,
    lang: LangOption = None,
) -> None:
    from qingdan import edit

    language = resolve_lang(lang)
    with guard(language), _refused(language):
        fields = edit.read_item_file(from_file) if from_file else {}
        options: dict[str, Any] = {
            "name": name, "category": category, "domain": domain, "content": content,
            "lead_department": lead_department, "department_duty": department_duty, "township_duty": township_duty,
        }  # fmt: skip
        fields.update({k: v for k, v in options.items() if v is not None})
        if cooperating:
            fields["cooperating_departments"] = list(cooperating)
        if basis:
            fields["basis"] = [edit.parse_basis(b) for b in basis]
        _prompt_missing(fields, language)
        if devolved:
            fields["devolved"] = True
            resources = {
                "staffing": staffing,
                "funding": funding,
                "equipment": equipment,
                "training": training,
            }
            fields["resources"] = {k: v for k, v in resources.items() if v is not None}
            if review_months or review_next:
                fields["review"] = {
                    "interval_months": review_months or 12,
                    **({"next": edit.parse_date(review_next)} if review_next else {}),
                }
        admission: dict[str, Any] = {
            "approver": approver,
            "document": document,
            "justification": justification,
        }
        if approved:
            admission["approved"] = edit.parse_date(approved)
        admission = {k: v for k, v in admission.items() if v is not None}
        if publicity:
            start, _, end = publicity.partition("..")
            admission["publicity"] = {"start": edit.parse_date(start), "end": edit.parse_date(end)}
        if admission:
            fields["admission"] = admission
        result = edit.add_item(Path.cwd(), list_name, fields, dry_run=dry_run, draft=draft)
        _report(result, language, dry_run)


def _prompt_missing(fields: dict[str, Any], lang: Lang) -> None:
    """On a terminal, ask for what an item cannot do without; elsewhere validation reports it."""
    if not sys.stdin.isatty():
        return
    from qingdan import edit

    questions = (
        ("name", "事项名称", "item name"),
        ("category", "类别", "category"),
        ("domain", "领域", "domain"),
    )
    for key, zh, en in questions:
        if not fields.get(key):
            fields[key] = prompt(zh if lang == "zh" else en)
    if not fields.get("basis"):
        text = prompt(
            "依据（如《安全生产法》第九条）" if lang == "zh" else "basis (e.g. 《安全生产法》第九条)"
        )
        fields["basis"] = [edit.parse_basis(text)]


@app.command(
    help=h(
        "销号：保留事项并写入销号记录（版次、日期、原因、依据、承接事项）。\n\n"
        "原因（代码或中文名称）：law_repealed law_amended unsuitable ineffective completed merged duplicate。\n"
        "示例：qingdan retire CX-QSZ-0023 --reason merged --replaced-by CX-QSZ-0010",
        "Retire an item: keep it with a tombstone (revision, date, reason, basis, successors).\n\n"
        "Reasons: law_repealed law_amended unsuitable ineffective completed merged duplicate.\n"
        "Example: qingdan retire CX-QSZ-0023 --reason merged --replaced-by CX-QSZ-0010",
    )
)
def retire(
    item_id: Annotated[str, Argument(metavar="ID", help=h("事项编号", "item id"))],
    reason: Annotated[
        str,
        Option(
            "--reason",
            parser=LabelChoice(REASON_LABELS, LANG),
            metavar=h("原因", "REASON"),
            help=h("销号原因：", "reason: ") + label_help(REASON_LABELS, LANG),
        ),
    ],
    basis: Annotated[
        list[str] | None,
        Option("--basis", help=h("销号依据，可重复", "basis for retiring, repeatable")),
    ] = None,
    replaced_by: Annotated[
        list[str] | None,
        Option("--replaced-by", help=h("承接事项编号，可重复", "successor item id, repeatable")),
    ] = None,
    note: Annotated[str | None, Option("--note", help=h("说明", "note"))] = None,
    date: Annotated[
        str | None,
        Option("--date", help=h("销号日期（默认清单生效日期）", "date (default: the list's effective date)")),
    ] = None,
    evaluation_date: Annotated[
        str | None,
        Option(
            "--evaluation-date",
            help=h(
                "销号评估的日期（下沉事项因不宜由基层承担、实际作用不大或阶段性任务完成销号时必填，不晚于销号日期）",
                "date of the evaluation (required when a devolved item is retired as unsuitable, ineffective or "
                "completed; not after the retirement date)",
            ),
        ),
    ] = None,
    evaluation_conclusion: Annotated[
        str | None,
        Option("--evaluation-conclusion", help=h("评估结论", "the evaluation's conclusion")),
    ] = None,
    evaluation_feedback: Annotated[
        str | None,
        Option(
            "--evaluation-feedback",
            help=h("评估所依据的基层反馈", "the grassroots feedback the evaluation rests on"),
        ),
    ] = None,
    dry_run: DryRun = False,
    lang: LangOption = None,
) -> None:
    from qingdan import edit

    language = resolve_lang(lang)
    parts = {"date": evaluation_date, "conclusion": evaluation_conclusion, "feedback": evaluation_feedback}
    with guard(language), _refused(language):
        evaluation = None
        if any(value is not None for value in parts.values()):
            evaluation = {key: value or "" for key, value in parts.items()}
            if evaluation_date:
                evaluation["date"] = edit.parse_date(evaluation_date, "evaluation date")
        result = edit.retire_item(
            Path.cwd(), item_id, reason,
            basis=[edit.parse_basis(b) for b in basis or []], replaced_by=list(replaced_by or []),
            note=note, date=edit.parse_date(date) if date else None, evaluation=evaluation, dry_run=dry_run,
        )  # fmt: skip
        _report(result, language, dry_run)


@app.command(
    name="set",
    help=h(
        "修改事项字段（或以清单编号修改清单的标题、生效日期等）：键=值；键+=值 追加；键-=值 删除其中一项；键= 删除字段。\n\n"
        "示例：qingdan set CX-QSZ-0020 category=recalled township_duty= 'basis+=《消防法》第三十二条'",
        "Change an item's fields (or, given a list id, the list's title, effective date…): KEY=VALUE; KEY+=VALUE "
        "appends; KEY-=VALUE removes one entry; KEY= deletes the key.\n\n"
        "Example: qingdan set CX-QSZ-0020 category=recalled township_duty= 'basis+=《消防法》第三十二条'",
    ),
)
def set_(
    target: Annotated[str, Argument(metavar="ID", help=h("事项编号或清单编号", "item id or list id"))],
    assignments: Annotated[
        list[str], Argument(metavar="KEY=VALUE...", help=h("要修改的字段", "fields to change"))
    ],
    draft: Draft = False,
    dry_run: DryRun = False,
    lang: LangOption = None,
) -> None:
    from qingdan import edit

    language = resolve_lang(lang)
    with guard(language), _refused(language):
        result = edit.set_fields(Path.cwd(), target, assignments, dry_run=dry_run, draft=draft)
        _report(result, language, dry_run)


@app.command(
    help=h(
        "开始清单的下一个版次（如 2025.2 → 2025.3），可同时设定生效日期。示例：qingdan revision CX-QSZ --effective 2026-03-01",
        "Start the list's next revision (2025.2 → 2025.3), optionally with its effective date. "
        "Example: qingdan revision CX-QSZ --effective 2026-03-01",
    )
)
def revision(
    list_name: Annotated[str, Argument(metavar="LIST", help=h("清单编号或文件路径", "list id or file"))],
    effective: Annotated[
        str | None,
        Option("--effective", help=h("新版次的生效日期", "effective date of the new revision")),
    ] = None,
    dry_run: DryRun = False,
    lang: LangOption = None,
) -> None:
    from qingdan import edit

    language = resolve_lang(lang)
    with guard(language), _refused(language):
        result = edit.start_revision(
            Path.cwd(), list_name, edit.parse_date(effective) if effective else None, dry_run=dry_run
        )
        _report(result, language, dry_run)


@app.command(
    help=h(
        "记录清单当前版次已经整体审定并印发（list.approval）：此后本版次不再改动，调整须开始新版次。"
        '示例：qingdan publish CX-QSZ --approver "中共澄溪县委员会 澄溪县人民政府" --document 澄委发〔2025〕12号 --date 2025-08-20',
        "Record that the list's current revision was approved as a whole and issued (list.approval): from then "
        "on the revision is closed and changes need a new revision. Example: qingdan publish CX-QSZ "
        '--approver "中共澄溪县委员会 澄溪县人民政府" --document 澄委发〔2025〕12号 --date 2025-08-20',
    )
)
def publish(
    list_name: Annotated[str, Argument(metavar="LIST", help=h("清单编号或文件路径", "list id or file"))],
    approver: Annotated[
        str,
        Option(
            "--approver",
            help=h("审定机关（县委、县政府）", "approving bodies (county committee and government)"),
        ),
    ],
    document: Annotated[str, Option("--document", help=h("印发文号", "number of the issuing document"))],
    date: Annotated[str, Option("--date", help=h("印发日期 YYYY-MM-DD", "date of issue, YYYY-MM-DD"))],
    dry_run: DryRun = False,
    lang: LangOption = None,
) -> None:
    from qingdan import edit

    language = resolve_lang(lang)
    with guard(language), _refused(language):
        result = edit.publish_revision(Path.cwd(), list_name, approver, document, date, dry_run=dry_run)
        _report(result, language, dry_run)


@app.command(
    help=h(
        "把清单和登记册整理为规范格式（无改动的读写逐字节一致）；--check 只列出不规范的文件并以 1 退出。",
        "Rewrite lists and registries into canonical form (where a no-op load/dump is byte-identical); "
        "--check only names the files that are not canonical and exits 1.",
    )
)
def fmt(
    paths: Annotated[
        list[Path] | None,
        Argument(help=h("文件或目录（默认全部）", "files or folders (default: all)"), show_default=False),
    ] = None,
    check: Annotated[bool, Option("--check", help=h("只检查，不写入", "check only; write nothing"))] = False,
    lang: LangOption = None,
) -> None:
    from qingdan import edit
    from qingdan.model import CheckResult
    from qingdan.render.findings import render_text

    language = resolve_lang(lang)
    with guard(language):
        result = edit.fmt(Path.cwd(), paths or None, check=check)
        for name in result.changed:
            if check:
                echo(("不规范：" if language == "zh" else "not canonical: ") + name)
            else:
                echo(("已整理：" if language == "zh" else "formatted: ") + name)
        if result.failed:
            render_text(CheckResult(findings=result.failed), language, sys.stderr, color=False, summary=False)
        if not result.changed and not result.failed:
            echo(
                f"✓ {result.unchanged} 个文件均为规范格式"
                if language == "zh"
                else f"✓ {result.unchanged} files already canonical"
            )
        exit_with(1 if result.failed or (check and result.changed) else 0)


@app.command(
    name="new-list",
    help=h(
        "新建一份空清单（不必手写 YAML）：编号、标题、类型、所属单位、发布机关、生效日期；校验通过才写入 "
        "lists/townships/ 或 lists/villages/。\n\n"
        "示例：qingdan new-list CX-HTZ --title 澄溪县河塘镇履行职责事项清单 --kind 乡镇（街道）清单 "
        "--unit-name 河塘镇 --unit-type 乡镇 --issuer 中共澄溪县委员会 --effective 2026-03-01",
        "Create an empty list without writing YAML by hand: id, title, kind, unit, issuer, effective date; "
        "written to lists/townships/ or lists/villages/ only if it validates.\n\n"
        "Example: qingdan new-list CX-HTZ --title 澄溪县河塘镇履行职责事项清单 --kind township "
        "--unit-name 河塘镇 --unit-type township --issuer 中共澄溪县委员会 --effective 2026-03-01",
    ),
)
def new_list(
    list_id: Annotated[str, Argument(metavar="ID", help=h("清单编号，如 CX-QSZ", "list id, e.g. CX-QSZ"))],
    title: Annotated[str, Option("--title", help=h("清单标题", "title"))],
    kind: Annotated[
        str,
        Option(
            "--kind",
            parser=LabelChoice(LIST_KIND_LABELS, LANG),
            metavar=h("类型", "KIND"),
            help=h("清单类型，", "list kind, ") + label_help(LIST_KIND_LABELS, LANG),
        ),
    ],
    unit_name: Annotated[str, Option("--unit-name", help=h("单位名称，如 青石镇", "unit name, e.g. 青石镇"))],
    unit_type: Annotated[
        str,
        Option(
            "--unit-type",
            parser=LabelChoice(UNIT_TYPE_LABELS, LANG),
            metavar=h("单位类型", "TYPE"),
            help=h("单位类型，", "unit type, ") + label_help(UNIT_TYPE_LABELS, LANG),
        ),
    ],
    issuer: Annotated[str, Option("--issuer", help=h("发布机关", "issuing authority"))],
    effective: Annotated[
        str, Option("--effective", help=h("生效日期 YYYY-MM-DD", "effective date YYYY-MM-DD"))
    ],
    unit_code: Annotated[
        str | None, Option("--unit-code", help=h("区划代码（12 位）", "division code (12 digits)"))
    ] = None,
    revision_: Annotated[
        str | None,
        Option("--revision", help=h("版次（默认 生效年份.1）", "revision (default: effective year.1)")),
    ] = None,
    dry_run: Annotated[
        bool, Option("--dry-run", "-n", help=h("只显示将写入的文件，不写入", "show the file; write nothing"))
    ] = False,
    lang: LangOption = None,
) -> None:
    from qingdan.newlist import new_list as create

    language = resolve_lang(lang)
    with guard(language), _refused(language):
        result = create(
            Path.cwd(), list_id=list_id, title=title, kind=kind, unit_name=unit_name, unit_type=unit_type,
            issuer=issuer, effective=effective, revision=revision_ or "", unit_code=unit_code, dry_run=dry_run,
        )  # fmt: skip
        if dry_run:
            sys.stdout.write(result.text.decode("utf-8"))
            return
        echo(("已创建 " if language == "zh" else "created ") + result.file)
