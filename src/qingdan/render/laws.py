"""Reports of the law-change commands (laws import, laws list, impact, review, stats) as text, Markdown
and JSON. Renderers take a result, a language and a stream, never the command line."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

from qingdan import labels
from qingdan.i18n import Text
from qingdan.impact import MODE_INSTRUMENT, MODE_REPEALED, MODE_VERSION, CitedBasis, ImpactItem, ImpactReport
from qingdan.lawimport import Change, ImportResult
from qingdan.lawwork import (
    CATEGORY_LABELS,
    CATEGORY_SHORT,
    LEVEL_LABELS,
    STATUS_LABELS,
    TOWNSHIP_CATEGORIES,
    VILLAGE_CATEGORIES,
    LawsListing,
    label,
)
from qingdan.render.escape import md, md_code
from qingdan.render.terminal import Console, Table, escape
from qingdan.review import ReviewEntry, ReviewReport
from qingdan.stats import NATIONAL_AVERAGES, ListStats, StatsReport

FORMATS = ("text", "markdown", "json")
PIPE_WIDTH = 120  # text written to a file or pipe is laid out for this many columns

REASON_LABELS = labels.REASON_LABELS
TEXT_CHANGE = {
    "same": Text("条文未变", "text unchanged"),
    "changed": Text("条文已修改", "text changed"),
    "missing": Text("新版本中无此条款", "not in the new version"),
}
UNREADABLE = Text(
    "注意：以下文件无法读取，其中的事项未计入（qingdan validate 查看详情）：{files}",
    "note: these files could not be read and their items are not counted (see qingdan validate): {files}",
)


def _console(out: IO[str], width: int | None = None) -> Console:
    tty = hasattr(out, "isatty") and out.isatty()
    return Console(
        file=out,
        width=width or (None if tty else PIPE_WIDTH),
        highlight=False,
        no_color=not tty,
        soft_wrap=True,
    )


def _table(console: Console, title: str) -> Table:
    """A table whose title is printed as a plain line above it (a rich title is padded to the width)."""
    console.print(f"[bold]{escape(title)}[/]")
    return Table()


def _json(data: Any, out: IO[str]) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


class _Md(str):
    """Text already written as Markdown (data inside escaped with md()): a cell that is not escaped again."""


def _cell(value: object) -> str:
    """A Markdown table cell: the value escaped (render/escape.py), its lines joined with <br>."""
    if isinstance(value, _Md):
        return value
    return "<br>".join(md(line) for line in ("" if value is None else str(value)).split("\n"))


def _md_table(headers: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _money(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value else "0"


def _unreadable(files: list[str], lang: str) -> str | None:
    return (
        UNREADABLE.format(lang, files="、".join(files) if lang == "zh" else ", ".join(files))
        if files
        else None
    )


# ---- laws import ---------------------------------------------------------------------------------


def _change_line(change: Change, lang: str) -> str:
    zh = lang == "zh"
    date = change.date or ""
    if change.kind == "instrument_added":
        level = label(LEVEL_LABELS, change.level or "", lang)
        guess = ("（按目录推定）" if zh else " (guessed from the folder)") if change.guessed else ""
        versions = "、".join(change.new or []) if zh else ", ".join(change.new or [])
        return (
            f"{change.title}：{level}{guess}，版本 {versions}"
            if zh
            else f"{change.title}: {level}{guess}, versions {versions}"
        )
    if change.kind == "version_added":
        count = (
            (f"{change.new} 条" if zh else f"{change.new} articles")
            if change.new
            else ("未识别条文" if zh else "no articles found")
        )
        return (
            f"{change.title} {date}（{count}）  {change.file}"
            if zh
            else f"{change.title} {date} ({count})  {change.file}"
        )
    if change.kind in ("articles_corrected", "articles_added"):
        old = change.old if change.old is not None else "—"
        return (
            f"{change.title} {date}：{old} → {change.new} 条"
            if zh
            else f"{change.title} {date}: {old} → {change.new} articles"
        )
    if change.kind == "effective_added":
        return (
            f"{change.title} {date}：施行日期 {change.new}"
            if zh
            else f"{change.title} {date}: in force from {change.new}"
        )
    if change.kind == "effective_differs":
        return (
            f"{change.title} {date}：法规库为 {change.old}，文本为 {change.new}（保留法规库中的日期）"
            if zh
            else f"{change.title} {date}: registry says {change.old}, the text {change.new} (the registry's date is kept)"
        )
    gaps = change.new or []
    shown = "、".join(f"第{n}条" for n in gaps[:10]) if zh else ", ".join(str(n) for n in gaps[:10])
    more = ("等" if zh else ", ...") if len(gaps) > 10 else ""
    return f"{change.file}：缺{shown}{more}" if zh else f"{change.file}: missing article(s) {shown}{more}"


_IMPORT_SECTIONS = (
    ("instrument_added", Text("新增法律文件 {n} 部：", "{n} instrument(s) added:")),
    ("version_added", Text("新增版本 {n} 个：", "{n} version(s) added:")),
    ("articles_corrected", Text("更正条文数 {n} 处：", "{n} article count(s) corrected:")),
    ("articles_added", Text("补充条文数 {n} 处：", "{n} article count(s) filled in:")),
    ("effective_added", Text("补充施行日期 {n} 处：", "{n} effective date(s) filled in:")),
    (
        "effective_differs",
        Text(
            "施行日期与文本不一致 {n} 处（未修改，请核对）：",
            "{n} effective date(s) differ from the text (kept; please check):",
        ),
    ),
    (
        "gaps",
        Text(
            "条文编号不连续 {n} 个文件（请核对文本）：",
            "{n} file(s) with gaps in article numbering (check the text):",
        ),
    ),
)


def render_import_text(result: ImportResult, lang: str, out: IO[str]) -> None:
    console = _console(out)
    console.print(
        Text(
            "法规库 {registry} ← {folder}（{files} 个文本文件，{n} 部法律文件）",
            "registry {registry} ← {folder} ({files} text files, {n} instruments)",
        ).format(
            lang,
            registry=result.registry,
            folder=escape(result.folder),
            files=result.files,
            n=result.instruments,
        )
    )
    for kind, heading in _IMPORT_SECTIONS:
        changes = result.of(kind)
        if not changes:
            continue
        console.print(heading.format(lang, n=len(changes)))
        for change in changes:
            console.print("  • " + escape(_change_line(change, lang)))
    if result.skipped:
        console.print(Text("跳过 {n} 个文件：", "{n} file(s) skipped:").format(lang, n=len(result.skipped)))
        for skipped in result.skipped:
            console.print(f"  • {escape(skipped.file)}：{escape(skipped.reason.get(lang))}")
    if result.unchanged:
        console.print(
            Text("{n} 个版本已登记且一致。", "{n} version(s) already registered as they are.").format(
                lang, n=result.unchanged
            )
        )
    if not result.changed:
        console.print(
            "[green]✓ " + Text("法规库已是最新，无需改动", "the registry is up to date").get(lang) + "[/]"
        )
    elif result.written:
        console.print("[green]✓ " + Text("已写入 {f}", "wrote {f}").format(lang, f=result.registry) + "[/]")
    else:
        console.print(
            "[yellow]"
            + Text("未写入（--dry-run 或 --check）：{f}", "not written (--dry-run or --check): {f}").format(
                lang, f=result.registry
            )
            + "[/]"
        )


def render_import_json(result: ImportResult, lang: str, out: IO[str]) -> None:
    _json(result.as_dict(lang), out)


# ---- laws list -----------------------------------------------------------------------------------


def _version_line(v: Any, lang: str, texts: bool) -> str:
    zh = lang == "zh"
    parts = [v.date]
    if v.articles:
        parts.append(f"{v.articles} 条" if zh else f"{v.articles} arts.")
    if v.effective != v.date:
        parts.append(f"{v.effective} 施行" if zh else f"in force {v.effective}")
    if texts:
        parts.append(("有文本" if zh else "text") if v.text else ("无文本" if zh else "no text"))
    return " · ".join(parts)


def _status(law: Any, lang: str) -> str:
    text = label(STATUS_LABELS, law.status, lang)
    return f"{text} {law.repealed}" if law.status == "repealed" and law.repealed else text


def render_laws_text(listing: LawsListing, lang: str, out: IO[str]) -> None:
    console = _console(out)
    zh = lang == "zh"
    table = _table(
        console,
        f"法规库 {listing.registry}（{len(listing.laws)} 部）"
        if zh
        else f"registry {listing.registry} ({len(listing.laws)} instruments)",
    )
    for header in (
        ("名称", "title"),
        ("层级", "level"),
        ("版本", "versions"),
        ("状态", "status"),
        ("引用事项", "cited by"),
    ):
        table.add_column(header[0] if zh else header[1], overflow="fold")
    texts = listing.law_texts is not None
    for law in listing.laws:
        table.add_row(
            escape(law.title),
            label(LEVEL_LABELS, law.level, lang),
            "\n".join(_version_line(v, lang, texts) for v in law.versions),
            _status(law, lang),
            str(law.cited_by),
        )
    console.print(table)


def render_laws_markdown(listing: LawsListing, lang: str, out: IO[str]) -> None:
    zh = lang == "zh"
    texts = listing.law_texts is not None
    out.write(f"## 法规库 {md(listing.registry)}\n\n" if zh else f"## Registry {md(listing.registry)}\n\n")
    headers = (
        ["名称", "层级", "版本", "状态", "引用事项"]
        if zh
        else ["title", "level", "versions", "status", "cited by"]
    )
    out.write(
        _md_table(
            headers,
            (
                [
                    law.title,
                    label(LEVEL_LABELS, law.level, lang),
                    "\n".join(_version_line(v, lang, texts) for v in law.versions),
                    _status(law, lang),
                    law.cited_by,
                ]
                for law in listing.laws
            ),
        )
    )


def render_laws_json(listing: LawsListing, lang: str, out: IO[str]) -> None:
    _json(listing.as_dict(), out)


# ---- impact --------------------------------------------------------------------------------------


def _impact_heading(report: ImpactReport, lang: str) -> list[str]:
    zh = lang == "zh"
    title = report.instrument or ""
    if report.article:
        title += report.article if zh else f" {report.article}"
    items = len(report.items)
    lines = []
    if report.mode == MODE_INSTRUMENT:
        lines.append(
            f"「{title}」被 {items} 个事项引用（{report.citations} 处依据）"
            if zh
            else f"{title} is cited by {items} item(s) ({report.citations} citation(s))"
        )
    elif report.mode == MODE_VERSION:
        lines.append(
            f"「{title}」{report.new_version} 版：{report.to_review} 个事项的依据引用更早的版本，需要重新审查"
            f"（另有 {report.up_to_date} 处依据已按新版本引用）"
            if zh
            else f"{title}, version {report.new_version}: {report.to_review} item(s) cite an older version and "
            f"must be re-examined ({report.up_to_date} citation(s) already cite the new version)"
        )
        if not report.new_version_registered:
            lines.append(
                "该版本尚未登记在法规库中（可用 qingdan laws import 导入）"
                if zh
                else "this version is not in the registry yet (qingdan laws import adds it)"
            )
        if not report.law_texts:
            lines.append(
                "未配置法律文本目录（qingdan.yaml 的 law_texts），不比较条文"
                if zh
                else "no law-text folder configured (law_texts in qingdan.yaml): articles are not compared"
            )
        elif not report.new_version_text:
            lines.append(
                "没有该版本的法律文本，无法比较条文"
                if zh
                else "no law text of this version: articles are not compared"
            )
    else:
        lines.append(
            f"引用已废止法律或已被取代版本的事项：{report.to_review} 个（{report.today}）"
            if zh
            else f"items citing repealed instruments or replaced versions: {report.to_review} (as of {report.today})"
        )
    lines.append(
        "未固定版本的依据，按起草日期（事项纳入版次的生效日期）时施行的版本解读。"
        if zh
        else "A citation without a pinned version means the version in force when it was drafted "
        "(the effective date of the revision that introduced the item)."
    )
    return lines


def _version_cell(cited: CitedBasis, lang: str) -> str:
    zh = lang == "zh"
    if cited.version is None:
        return "—"
    if cited.written.get("version"):
        return f"{cited.version}（固定）" if zh else f"{cited.version} (pinned)"
    return cited.version


def _note(cited: CitedBasis, report: ImpactReport, lang: str) -> tuple[str, bool]:
    """The remark on a citation and whether it is an error."""
    zh = lang == "zh"
    notes: list[str] = []
    if report.mode == MODE_REPEALED and cited.reason:
        notes.append(cited.reason.get(lang))
    if cited.text_change:
        notes.append(TEXT_CHANGE[cited.text_change].get(lang))
    if report.mode == MODE_INSTRUMENT and cited.newest:
        notes.append(f"已有 {cited.newest} 新版" if zh else f"newer version {cited.newest}")
    notes += ["✗ " + p.message.get(lang) for p in cited.problems]
    return ("；" if zh else "; ").join(notes), bool(cited.problems)


def _list_title(report: ImpactReport | ReviewReport, list_id: str) -> str:
    return next((t for i, t in report.lists if i == list_id), "")


def _impact_rows(
    items: list[ImpactItem], report: ImpactReport, lang: str
) -> Iterable[tuple[list[str], bool]]:
    for item in items:
        first = True
        for cited in item.citations:
            note, error = _note(cited, report, lang)
            basis = _basis_cell(cited, report)
            if cited.quote:
                basis += "\n" + cited.quote
            yield (
                [
                    label(CATEGORY_SHORT, item.category, lang) if first else "",
                    item.item_id if first else "",
                    (item.name + ("（已销号）" if lang == "zh" else " (retired)") * (item.status != "active"))
                    if first
                    else "",
                    basis,
                    _version_cell(cited, lang),
                    note,
                ],
                error,
            )
            first = False


def _basis_cell(cited: CitedBasis, report: ImpactReport) -> str:
    """The citation as written; the instrument's name is left out when it is the one asked about."""
    written = cited.written
    if (
        report.mode != MODE_REPEALED
        and written.get("article")
        and written.get("instrument") == report.instrument
    ):
        text = written["article"]
        return text + (f" @{written['version']}" if written.get("version") else "")
    return cited.written_text()


def _impact_headers(lang: str) -> list[str]:
    return (
        ["类别", "编号", "事项名称", "依据（原文）", "所引版本", "说明"]
        if lang == "zh"
        else ["category", "id", "item", "basis as written", "version", "note"]
    )


def render_impact_text(report: ImpactReport, lang: str, out: IO[str]) -> None:
    console = _console(out)
    for line in _impact_heading(report, lang):
        console.print(escape(line))
    by_list: dict[str, list[ImpactItem]] = {}
    for list_id, _, items in report.groups():
        by_list.setdefault(list_id, []).extend(items)
    for list_id, items in by_list.items():
        console.print()
        table = _table(console, f"{list_id} {_list_title(report, list_id)}  {items[0].file}")
        for i, header in enumerate(_impact_headers(lang)):
            table.add_column(header, overflow="fold", no_wrap=i in (0, 1, 4))
        for row, error in _impact_rows(items, report, lang):
            cells = [escape(c) for c in row]
            if error:
                cells[-1] = f"[bold red]{cells[-1]}[/]"
            table.add_row(*cells)
        console.print(table)
    console.print()
    style = "bold red" if report.exit_code() else "green"
    console.print(f"[{style}]{escape(_impact_summary(report, lang))}[/]")
    note = _unreadable(report.unreadable, lang)
    if note:
        console.print(f"[yellow]{escape(note)}[/]")


def _impact_summary(report: ImpactReport, lang: str) -> str:
    zh = lang == "zh"
    parts = []
    if report.mode == MODE_INSTRUMENT:
        parts.append(f"{len(report.items)} 个事项" if zh else f"{len(report.items)} item(s)")
    else:
        parts.append(
            f"需要重新审查 {report.to_review} 个事项" if zh else f"{report.to_review} item(s) to re-examine"
        )
    if report.errors:
        parts.append(f"依据错误 {report.errors} 处" if zh else f"{report.errors} broken citation(s)")
    text = ("，" if zh else ", ").join(parts)
    return ("✓ " if not report.exit_code() else "") + text


def render_impact_markdown(report: ImpactReport, lang: str, out: IO[str]) -> None:
    zh = lang == "zh"
    heading = _impact_heading(report, lang)
    out.write(f"## {md(heading[0])}\n\n")
    for line in heading[1:]:
        out.write(f"{md(line)}\n\n")
    current = None
    for list_id, category, items in report.groups():
        if list_id != current:
            out.write(f"### {md(list_id)} {md(_list_title(report, list_id))}\n\n{md_code(items[0].file)}\n\n")
            current = list_id
        out.write(f"#### {md(label(CATEGORY_LABELS, category, lang))}\n\n")
        headers = _impact_headers(lang)[1:]
        rows = []
        for row, error in _impact_rows(items, report, lang):
            if error:
                row[-1] = _Md(("**错误**：" if zh else "**error**: ") + _cell(row[-1]))
            rows.append(row[1:])
        out.write(_md_table(headers, rows) + "\n")
    out.write(f"**{md(_impact_summary(report, lang))}**\n")
    note = _unreadable(report.unreadable, lang)
    if note:
        out.write(f"\n> {md(note)}\n")


def render_impact_json(report: ImpactReport, lang: str, out: IO[str]) -> None:
    _json(report.as_dict(lang), out)


# ---- review --------------------------------------------------------------------------------------


def _due(entry: ReviewEntry, lang: str) -> str:
    zh = lang == "zh"
    if entry.next is None:
        return "未安排评估" if zh else "no evaluation scheduled"
    if entry.days is None or entry.days == 0:
        return "今天到期" if zh else "due today"
    if entry.days > 0:
        return f"逾期 {entry.days} 天" if zh else f"overdue by {entry.days} day(s)"
    return f"{-entry.days} 天后到期" if zh else f"due in {-entry.days} day(s)"


def _review_headers(lang: str) -> list[str]:
    return (
        [
            "编号",
            "事项名称",
            "下次评估",
            "状态",
            "上次评估",
            "周期（月）",
            "编制",
            "经费（万元）",
            "装备",
            "培训",
        ]
        if lang == "zh"
        else [
            "id",
            "item",
            "next",
            "state",
            "last",
            "every (months)",
            "posts",
            "funding (10k yuan)",
            "equipment",
            "training",
        ]
    )


def _review_row(entry: ReviewEntry, lang: str) -> list[str]:
    r = entry.resources
    missing = "—"
    return [
        entry.item_id,
        entry.name,
        entry.next or missing,
        _due(entry, lang),
        entry.last or missing,
        str(entry.interval_months) if entry.interval_months else missing,
        str(r.get("staffing")) if r.get("staffing") is not None else missing,
        _money(float(r["funding"])) if isinstance(r.get("funding"), int | float) else missing,
        str(r.get("equipment") or missing),
        str(r.get("training") or missing),
    ]


def _review_text_row(entry: ReviewEntry, lang: str) -> list[str]:
    """Four compact cells (rich markup): id, name, the evaluation dates, the resources."""
    zh = lang == "zh"
    r = entry.resources
    missing = "—"
    due = escape(_due(entry, lang))
    evaluation = "\n".join(
        [
            escape(entry.next or missing),
            f"[bold red]{due}[/]" if entry.overdue else due,
            (f"上次 {entry.last or missing}" if zh else f"last {entry.last or missing}")
            + (
                (f"，每 {entry.interval_months} 个月" if zh else f", every {entry.interval_months} months")
                if entry.interval_months
                else ""
            ),
        ]
    )
    staffing = r.get("staffing")
    funding = r.get("funding")
    posts = str(staffing) if staffing is not None else missing
    money = _money(float(funding)) if isinstance(funding, int | float) else missing
    resources = [
        f"编制 {posts} 名，经费 {money} 万元/年" if zh else f"{posts} post(s), {money} (10k yuan) a year",
        ("装备：" if zh else "equipment: ") + str(r.get("equipment") or missing),
        ("培训：" if zh else "training: ") + str(r.get("training") or missing),
    ]
    if entry.missing_resources:
        absent = ", ".join(entry.missing_resources)
        resources.append(f"[bold red]{escape(('缺：' if zh else 'missing: ') + absent)}[/]")
    return [
        escape(entry.item_id),
        escape(entry.name),
        evaluation,
        "\n".join(escape(line) if not line.startswith("[bold") else line for line in resources),
    ]


def _review_heading(report: ReviewReport, lang: str) -> str:
    zh = lang == "zh"
    return (
        f"下沉事项定期评估：截至 {report.due_before}，{report.devolved} 个下沉事项中 {len(report.entries)} 个到期"
        f"（逾期 {report.overdue} 个；今天 {report.today}）"
        if zh
        else f"periodic evaluation of devolved items: {len(report.entries)} of {report.devolved} due by "
        f"{report.due_before} ({report.overdue} overdue; today is {report.today})"
    )


def _review_total(report: ReviewReport, lang: str) -> str:
    zh = lang == "zh"
    if not report.entries:
        return (
            f"✓ 截至 {report.due_before} 没有到期的评估"
            if zh
            else f"✓ no evaluation is due by {report.due_before}"
        )
    text = (
        f"到期事项涉及编制 {report.staffing} 名、经费 {_money(report.funding)} 万元/年"
        if zh
        else f"the items due carry {report.staffing} post(s) and {_money(report.funding)} (10k yuan) a year"
    )
    if report.overdue:
        text += f"；逾期 {report.overdue} 个" if zh else f"; {report.overdue} overdue"
    return text


def _templates_note(ids: list[str], lang: str) -> str:
    return Text(
        "模板清单 {ids} 未列入（其下沉事项在采用模板的乡镇清单中评估；点名即可查看）",
        "template list(s) {ids} left out (their devolved items are evaluated in the lists adopting them; name "
        "a template to include it)",
    ).format(lang, ids=", ".join(ids))


def render_review_text(report: ReviewReport, lang: str, out: IO[str]) -> None:
    console = _console(out)
    console.print(escape(_review_heading(report, lang)))
    for list_id, entries in report.groups():
        console.print()
        table = _table(console, f"{list_id} {_list_title(report, list_id)}  {entries[0].file}")
        headers = (
            ["编号", "事项名称", "评估", "随事转移的资源"]
            if lang == "zh"
            else ["id", "item", "evaluation", "resources that came with it"]
        )
        for i, header in enumerate(headers):
            table.add_column(header, overflow="fold", no_wrap=i == 0, ratio=(None, 2, 2, 4)[i])
        for entry in entries:
            table.add_row(*_review_text_row(entry, lang))
        console.print(table)
    console.print()
    style = "bold red" if report.overdue else ("yellow" if report.entries else "green")
    console.print(f"[{style}]{escape(_review_total(report, lang))}[/]")
    if report.templates:
        console.print(escape(_templates_note(report.templates, lang)))
    note = _unreadable(report.unreadable, lang)
    if note:
        console.print(f"[yellow]{escape(note)}[/]")


def render_review_markdown(report: ReviewReport, lang: str, out: IO[str]) -> None:
    out.write(f"## {md(_review_heading(report, lang))}\n\n")
    for list_id, entries in report.groups():
        out.write(f"### {md(list_id)} {md(_list_title(report, list_id))}\n\n{md_code(entries[0].file)}\n\n")
        rows = []
        for entry in entries:
            row = _review_row(entry, lang)
            if entry.overdue:
                row[3] = _Md(f"**{_cell(row[3])}**")
            rows.append(row)
        out.write(_md_table(_review_headers(lang), rows) + "\n")
    out.write(f"**{md(_review_total(report, lang))}**\n")
    if report.templates:
        out.write(f"\n> {md(_templates_note(report.templates, lang))}\n")
    note = _unreadable(report.unreadable, lang)
    if note:
        out.write(f"\n> {md(note)}\n")


def render_review_json(report: ReviewReport, lang: str, out: IO[str]) -> None:
    _json(report.as_dict(), out)


# ---- stats ---------------------------------------------------------------------------------------


def _list_name(s: ListStats, lang: str) -> str:
    name = s.unit or s.list_id
    if s.template:
        name += "（模板）" if lang == "zh" else " (template)"
    return name


def _size_tables(report: StatsReport, lang: str) -> list[tuple[str, list[str], list[list[str]], list[int]]]:
    """(title, headers, rows, indexes of summary rows) for township and village lists."""
    zh = lang == "zh"
    out = []
    for kind, categories in (("township", TOWNSHIP_CATEGORIES), ("village", VILLAGE_CATEGORIES)):
        lists = [s for s in report.lists if (s.kind == "village") == (kind == "village")]
        if not lists:
            continue
        headers = ["清单", "单位", "版次"] if zh else ["list", "unit", "revision"]
        headers += [label(CATEGORY_LABELS, c, lang) for c in categories]
        headers += ["合计", "已销号"] if zh else ["total", "retired"]
        rows = [
            [s.list_id, _list_name(s, lang), s.revision]
            + [str(s.categories.get(c, 0)) for c in categories]
            + [str(s.active), str(s.retired)]
            for s in lists
        ]
        summary = []
        totals = report.totals.get(kind)
        if totals is not None and totals.units:
            summary.append(len(rows))
            rows.append(
                [
                    "",
                    f"平均（{totals.units} 个单位）"
                    if zh
                    else f"average ({totals.units} unit{'s' * (totals.units != 1)})",
                    "",
                ]
                + [_avg(totals.average(c)) for c in categories]
                + [_avg(totals.average("total")), _avg(round(totals.retired / totals.units, 1))]
            )
        if kind == "township":
            summary.append(len(rows))
            rows.append(
                ["", "全国平均" if zh else "national average", ""]
                + [str(NATIONAL_AVERAGES[c]) for c in categories]
                + [str(NATIONAL_AVERAGES["total"]), ""]
            )
            if totals is not None and totals.active:
                summary.append(len(rows))
                rows.append(
                    ["", "结构（本地｜全国）" if zh else "share (here | national)", ""]
                    + [
                        f"{_share(totals.categories.get(c, 0), totals.active)}｜"
                        f"{_share(NATIONAL_AVERAGES[c], NATIONAL_AVERAGES['total'])}"
                        for c in categories
                    ]
                    + ["100%", ""]
                )
        title = (
            ("乡镇（街道）清单规模（有效事项）" if kind == "township" else "村（社区）清单规模（有效事项）")
            if zh
            else ("township lists (active items)" if kind == "township" else "village lists (active items)")
        )
        out.append((title, headers, rows, summary))
    return out


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _avg(value: float | None) -> str:
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _domain_table(report: StatsReport, lang: str) -> tuple[list[str], list[list[str]]]:
    zh = lang == "zh"
    domains: dict[str, int] = {}
    for s in report.lists:
        for name, count in s.domains.items():
            domains[name] = domains.get(name, 0) + (0 if s.template else count)
            domains.setdefault(name, 0)
    order = sorted(domains, key=lambda d: (-domains[d], d))
    headers = ["领域" if zh else "domain"] + [s.list_id for s in report.lists] + ["合计" if zh else "total"]
    rows = [[d] + [str(s.domains.get(d, 0) or "") for s in report.lists] + [str(domains[d])] for d in order]
    return headers, rows


def _department_table(report: StatsReport, lang: str) -> tuple[list[str], list[list[str]]] | None:
    zh = lang == "zh"
    lists = [s for s in report.lists if s.departments]
    if not lists:
        return None
    totals: dict[str, int] = {}
    units: dict[str, int] = {}
    for s in lists:
        for name, count in s.departments.items():
            totals.setdefault(name, 0)
            units.setdefault(name, 0)
            if not s.template:
                totals[name] += count
                units[name] += 1
    order = sorted(totals, key=lambda d: (-totals[d], d))
    headers = (["牵头部门" if zh else "lead department"] + [s.list_id for s in lists]) + (
        ["合计", "涉及单位"] if zh else ["total", "units"]
    )
    rows = [
        [name] + [_dept_cell(s, name, lang) for s in lists] + [str(totals[name]), str(units[name])]
        for name in order
    ]
    return headers, rows


def _dept_cell(s: ListStats, name: str, lang: str) -> str:
    count = s.departments.get(name, 0)
    if not count:
        return ""
    parts: Counter[str] = s.department_categories.get(name, Counter())
    short = {"cooperative": ("配合", "coop."), "recalled": ("收回", "recalled"), "basic": ("基本", "basic")}
    detail = " ".join(
        f"{short[c][0 if lang == 'zh' else 1]}{parts[c]}" for c in TOWNSHIP_CATEGORIES if parts.get(c)
    )
    return (
        f"{count}（{detail}）"
        if lang == "zh" and detail
        else (f"{count} ({detail})" if detail else str(count))
    )


def _devolved_table(report: StatsReport, lang: str) -> tuple[list[str], list[list[str]]]:
    zh = lang == "zh"
    headers = (
        ["清单", "下沉事项", "编制（名）", "经费（万元/年）", "资源不全"]
        if zh
        else ["list", "devolved items", "posts", "funding (10k yuan/yr)", "incomplete resources"]
    )
    rows = [
        [
            f"{s.list_id} {_list_name(s, lang)}",
            str(s.devolved),
            str(s.staffing),
            _money(s.funding),
            str(s.devolved_incomplete),
        ]
        for s in report.lists
    ]
    for kind, totals in report.totals.items():
        name = ("乡镇（街道）合计" if kind == "township" else "村（社区）合计") if zh else f"{kind} total"
        rows.append([name, str(totals.devolved), str(totals.staffing), _money(totals.funding), ""])
    return headers, rows


def _retired_table(report: StatsReport, lang: str) -> tuple[list[str], list[list[str]]] | None:
    reasons = [r for r in REASON_LABELS if any(s.retired_reasons.get(r) for s in report.lists)]
    reasons += sorted({r for s in report.lists for r in s.retired_reasons if r not in REASON_LABELS})
    if not reasons:
        return None
    headers = ["清单" if lang == "zh" else "list"] + [label(REASON_LABELS, r, lang) for r in reasons]
    headers.append("合计" if lang == "zh" else "total")
    rows = [
        [f"{s.list_id} {_list_name(s, lang)}"]
        + [str(s.retired_reasons.get(r, 0) or "") for r in reasons]
        + [str(s.retired)]
        for s in report.lists
        if s.retired
    ]
    return headers, rows


_STATS_TITLES = {
    "domains": Text("按领域（有效事项）", "by domain (active items)"),
    "departments": Text(
        "按牵头部门：县直部门在各乡镇牵头的事项数（多头管理）",
        "by lead department: items each county department leads in a township (multiple management)",
    ),
    "devolved": Text("下沉事项及随事转移的资源", "devolved items and the resources that came with them"),
    "retired": Text("已销号事项（按原因）", "retired items by reason"),
    "assessments": Text("考核方案（按考核部门）", "assessments by assessor"),
}


def _assessment_table(report: StatsReport, lang: str) -> tuple[list[str], list[list[str]]] | None:
    if not report.assessors:
        return None
    headers = (
        ["考核部门", "考核方案", "指标", "分值"]
        if lang == "zh"
        else ["assessor", "assessments", "indicators", "points"]
    )
    rows = [
        [name, str(int(c["assessments"])), str(int(c["indicators"])), f"{c['points']:g}"]
        for name, c in report.assessors.items()
    ]
    return headers, rows


def render_stats_text(report: StatsReport, lang: str, out: IO[str]) -> None:
    console = _console(out)
    first = True
    for title, headers, rows, summary in _size_tables(report, lang):
        if not first:
            console.print()
        first = False
        table = _table(console, title)
        for i, header in enumerate(headers):
            table.add_column(escape(header), justify="right" if i >= 3 else "left", overflow="fold")
        for i, row in enumerate(rows):
            table.add_row(
                *[escape(c) for c in row],
                end_section=i + 1 in summary,
                style="bold" if i in summary else None,
            )
        console.print(table)
    sections: list[tuple[str, tuple[list[str], list[list[str]]] | None]] = [
        ("domains", _domain_table(report, lang)),
        ("departments", _department_table(report, lang)),
        ("devolved", _devolved_table(report, lang)),
        ("retired", _retired_table(report, lang)),
        ("assessments", _assessment_table(report, lang)),
    ]
    for key, content in sections:
        if content is None:
            continue
        headers, rows = content
        console.print()
        table = _table(console, _STATS_TITLES[key].get(lang))
        for i, header in enumerate(headers):
            table.add_column(escape(header), justify="left" if i == 0 else "right", overflow="fold")
        for row in rows:
            table.add_row(*[escape(c) for c in row])
        console.print(table)
    notes = [
        note
        for note in (
            _stats_note(report, lang),
            _pending_note(report, lang),
            _unreadable(report.unreadable, lang),
        )
        if note
    ]
    if notes:
        console.print()
    for note in notes:
        console.print(escape(note))


def _pending_note(report: StatsReport, lang: str) -> str | None:
    """The 依据待补 backlog per list (items whose source gave no basis, or a basis not yet read)."""
    pending = [(s.list_id, s.basis_pending) for s in report.lists if s.basis_pending]
    if not pending:
        return None
    if lang == "zh":
        return "依据待补：" + "、".join(f"{i} {n} 项" for i, n in pending) + "（qingdan cite 可推荐条文）"
    return (
        "basis to be supplied: "
        + ", ".join(f"{i} {n}" for i, n in pending)
        + " (qingdan cite suggests articles)"
    )


def _stats_note(report: StatsReport, lang: str) -> str | None:
    if not any(s.template for s in report.lists):
        return None
    return Text(
        "模板清单单独列出，不计入合计与平均。",
        "Template lists are shown but not counted in totals and averages.",
    ).get(lang)


def render_stats_markdown(report: StatsReport, lang: str, out: IO[str]) -> None:
    out.write("## 清单统计\n\n" if lang == "zh" else "## List statistics\n\n")
    for title, headers, rows, summary in _size_tables(report, lang):
        out.write(f"### {md(title)}\n\n")
        shown = [
            [_Md(f"**{_cell(c)}**") if i in summary and c else c for c in row] for i, row in enumerate(rows)
        ]
        out.write(_md_table(headers, shown) + "\n")
    for key, content in (
        ("domains", _domain_table(report, lang)),
        ("departments", _department_table(report, lang)),
        ("devolved", _devolved_table(report, lang)),
        ("retired", _retired_table(report, lang)),
        ("assessments", _assessment_table(report, lang)),
    ):
        if content is None:
            continue
        out.write(f"### {_STATS_TITLES[key].get(lang)}\n\n")
        out.write(_md_table(*content) + "\n")
    for note in (_stats_note(report, lang), _unreadable(report.unreadable, lang)):
        if note:
            out.write(f"> {md(note)}\n")


def render_stats_json(report: StatsReport, lang: str, out: IO[str]) -> None:
    _json(report.as_dict(), out)


Renderer = Callable[[Any, str, IO[str]], None]

IMPORT_RENDERERS: dict[str, Renderer] = {"text": render_import_text, "json": render_import_json}
LAWS_RENDERERS: dict[str, Renderer] = {
    "text": render_laws_text,
    "markdown": render_laws_markdown,
    "json": render_laws_json,
}
IMPACT_RENDERERS: dict[str, Renderer] = {
    "text": render_impact_text,
    "markdown": render_impact_markdown,
    "json": render_impact_json,
}
REVIEW_RENDERERS: dict[str, Renderer] = {
    "text": render_review_text,
    "markdown": render_review_markdown,
    "json": render_review_json,
}
STATS_RENDERERS: dict[str, Renderer] = {
    "text": render_stats_text,
    "markdown": render_stats_markdown,
    "json": render_stats_json,
}
__all__ = [
    "FORMATS",
    "IMPACT_RENDERERS",
    "IMPORT_RENDERERS",
    "LAWS_RENDERERS",
    "REVIEW_RENDERERS",
    "STATS_RENDERERS",
]
