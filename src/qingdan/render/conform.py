"""qingdan conform as text, Markdown and JSON, and the workbook of --format xlsx (Chinese unless --lang en)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import IO, Any

from qingdan.conform import ConformReport, FieldDiff, ListConformance, TemplateRow
from qingdan.i18n import Text
from qingdan.labels import CATEGORY_LABELS, FIELD_LABELS
from qingdan.office.document import Document, Row, Section
from qingdan.render.escape import md
from qingdan.render.terminal import Console, Table, escape

_HEAD = Text(
    "{list}（{file}）采用模板 {template}：采用 {adopted} 项（未改动 {unchanged}，有改动 {changed}），"
    "不适用 {not_applicable} 项，缺少 {missing} 项，本地事项 {local} 项",
    "{list} ({file}) adopts {template}: {adopted} adopted ({unchanged} unchanged, {changed} changed), "
    "{not_applicable} not applicable, {missing} missing, {local} local items",
)
_MISSING = Text(
    "缺少的模板事项（既未采用也未记为不适用）", "template items missing (neither adopted nor not applicable)"
)
_CHANGED = Text("有改动的采用事项", "adopted with changes")
_NOT_APPLICABLE = Text("不适用的模板事项", "template items not applicable")
_LOCAL = Text("本地事项（个性化事项，没有 from）", "local items (no from)")
_REASON = Text("调整理由", "adjustment")
_NO_REASON = Text("未写调整理由", "no adjustment recorded")
_TEMPLATE_SAYS = Text("模板", "template")
_LIST_SAYS = Text("本清单", "this list")
_RETIRED = Text("（已销号）", " (retired)")
_TABLE = Text("各模板事项的采用情况", "each template item across the adopting lists")
_TABLE_HEAD = (
    Text("模板事项", "template item"),
    Text("名称", "name"),
    Text("采用", "adopted"),
    Text("有改动", "changed"),
    Text("不适用", "not applicable"),
    Text("缺少", "missing"),
    Text("改动的字段", "fields changed"),
)
_TOTALS = Text(
    "共 {lists} 份清单：采用 {adopted} 项（有改动 {changed}），不适用 {not_applicable} 项，缺少 {missing} 项，本地事项 {local} 项",
    "{lists} lists: {adopted} adopted ({changed} changed), {not_applicable} not applicable, {missing} missing, "
    "{local} local items",
)
_MOST = Text("改动或不适用最多的模板事项：{items}", "template items most often changed or dropped: {items}")
_SEP = Text("、", ", ")
_COLON = Text("：", ": ")
_PAREN = Text("（{x}）", " ({x})")


def _c(lang: str) -> str:
    return _COLON.get(lang)


def _p(value: str, lang: str) -> str:
    return _PAREN.format(lang, x=value)


def _category(code: Any, lang: str) -> str:
    label = CATEGORY_LABELS.get(code) if isinstance(code, str) else None
    return label.get(lang) if label else str(code or "")


def _value(change: FieldDiff, value: Any, lang: str) -> str:
    if change.field == "category":
        return _category(value, lang)
    if isinstance(value, list):
        return _SEP.get(lang).join(str(v) for v in value) or "—"
    return str(value) if value not in (None, "") else "—"


def _change_lines(change: FieldDiff, lang: str) -> list[str]:
    label = FIELD_LABELS[change.field].get(lang)
    before, after = _value(change, change.template, lang), _value(change, change.local, lang)
    if change.field in ("name", "category"):
        return [f"{label}{_c(lang)}{before} → {after}"]
    return [
        f"{label}{_c(lang)}".rstrip(),
        f"  {_TEMPLATE_SAYS.get(lang)}{_c(lang)}{before}",
        f"  {_LIST_SAYS.get(lang)}{_c(lang)}{after}",
    ]


def _head(result: ListConformance, lang: str) -> str:
    return _HEAD.format(
        lang, list=result.list_id, file=result.file, template=result.template, **result.counts()
    )


def _fields(row: TemplateRow, lang: str) -> str:
    return _SEP.get(lang).join(f"{FIELD_LABELS[k].get(lang)} {n}" for k, n in row.fields.items())


def _most(report: ConformReport, lang: str) -> str:
    ranked = sorted(
        (r for r in report.table if r.changed + r.not_applicable + r.missing),
        key=lambda r: -(r.changed + r.not_applicable + r.missing),
    )[:5]
    return _SEP.get(lang).join(f"{r.source} {r.name}" for r in ranked)


def render_text(report: ConformReport, lang: str, out: IO[str]) -> None:
    console = Console(file=out, highlight=False, soft_wrap=True)
    for result in report.lists:
        console.print(f"[bold]{escape(_head(result, lang))}[/bold]")
        if result.missing:
            console.print(f"  [red]{escape(_MISSING.get(lang))}[/red]")
            for ref in result.missing:
                console.print(
                    f"    {escape(ref.source)}  {escape(ref.name)}{escape(_p(_category(ref.category, lang), lang))}"
                )
        if result.changed:
            console.print(f"  {escape(_CHANGED.get(lang))}")
            for adopted in result.changed:
                retired = _RETIRED.get(lang) if adopted.status == "retired" else ""
                console.print(
                    f"    {escape(adopted.id)} ← {escape(adopted.source)}  {escape(adopted.name)}{retired}"
                )
                for change in adopted.changes:
                    for line in _change_lines(change, lang):
                        console.print(f"      {escape(line)}")
                reason = adopted.reason or _NO_REASON.get(lang)
                console.print(f"      {escape(_REASON.get(lang))}{_c(lang)}{escape(reason)}")
        if result.not_applicable:
            console.print(f"  {escape(_NOT_APPLICABLE.get(lang))}")
            for ref in result.not_applicable:
                console.print(
                    f"    {escape(ref.source)}  {escape(ref.name)}{_c(lang)}{escape(ref.reason or '—')}"
                )
        if result.local:
            console.print(f"  {escape(_LOCAL.get(lang))}")
            for item in result.local:
                console.print(
                    f"    {escape(item.id)}  {escape(item.name)}{escape(_p(_category(item.category, lang), lang))}"
                )
        console.print()
    table = Table(title=_TABLE.get(lang))
    widest = max((len(row.source) for row in report.table), default=0)
    for i, head in enumerate(_TABLE_HEAD):
        if i == 0:  # an id is never cut short
            table.add_column(head.get(lang), no_wrap=True, min_width=widest)
        else:
            table.add_column(head.get(lang), justify="right" if 2 <= i <= 5 else "left", overflow="fold")
    for row in report.table:
        retired = _RETIRED.get(lang) if row.status == "retired" else ""
        table.add_row(
            escape(row.source),
            escape(row.name + retired),
            str(row.adopted),
            str(row.changed),
            str(row.not_applicable),
            str(row.missing),
            escape(_fields(row, lang)),
        )
    console.print(table)
    console.print(escape(_TOTALS.format(lang, lists=len(report.lists), **report.totals())))
    most = _most(report, lang)
    if most:
        console.print(escape(_MOST.format(lang, items=most)))


def render_markdown(report: ConformReport, lang: str, out: IO[str]) -> None:
    out.write(f"# {md(_TOTALS.format(lang, lists=len(report.lists), **report.totals()))}\n\n")
    for result in report.lists:
        out.write(f"## {md(result.list_id)}\n\n{md(_head(result, lang))}\n\n")
        if result.missing:
            out.write(f"### {md(_MISSING.get(lang))}\n\n")
            for ref in result.missing:
                out.write(f"- {md(ref.source)} {md(ref.name)}{md(_p(_category(ref.category, lang), lang))}\n")
            out.write("\n")
        if result.changed:
            out.write(f"### {md(_CHANGED.get(lang))}\n\n")
            for adopted in result.changed:
                retired = _RETIRED.get(lang) if adopted.status == "retired" else ""
                out.write(f"- {md(adopted.id)} ← {md(adopted.source)} {md(adopted.name)}{md(retired)}\n")
                for change in adopted.changes:
                    lines = _change_lines(change, lang)
                    out.write(f"  - {md(lines[0])}\n")
                    for line in lines[1:]:
                        out.write(f"    - {md(line.strip())}\n")
                out.write(
                    f"  - {md(_REASON.get(lang))}{_c(lang)}{md(adopted.reason or _NO_REASON.get(lang))}\n"
                )
            out.write("\n")
        if result.not_applicable:
            out.write(f"### {md(_NOT_APPLICABLE.get(lang))}\n\n")
            for ref in result.not_applicable:
                out.write(f"- {md(ref.source)} {md(ref.name)}{_c(lang)}{md(ref.reason or '—')}\n")
            out.write("\n")
        if result.local:
            out.write(f"### {md(_LOCAL.get(lang))}\n\n")
            for item in result.local:
                out.write(f"- {md(item.id)} {md(item.name)}{md(_p(_category(item.category, lang), lang))}\n")
            out.write("\n")
    out.write(f"## {md(_TABLE.get(lang))}\n\n")
    head = [h.get(lang) for h in _TABLE_HEAD]
    out.write("| " + " | ".join(md(h) for h in head) + " |\n|" + "---|" * len(head) + "\n")
    for row in report.table:
        retired = _RETIRED.get(lang) if row.status == "retired" else ""
        cells = [
            md(row.source),
            md(row.name + retired),
            str(row.adopted),
            str(row.changed),
            str(row.not_applicable),
            str(row.missing),
            md(_fields(row, lang)),
        ]
        out.write("| " + " | ".join(cells) + " |\n")
    most = _most(report, lang)
    if most:
        out.write(f"\n{md(_MOST.format(lang, items=most))}\n")


def render_json(report: ConformReport, lang: str, out: IO[str]) -> None:
    # one text, one write: json.dump writes a province's report in close to a million pieces
    out.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    out.write("\n")


_BOOK_TITLE = Text("各清单对照模板的情况", "conformance of the lists to their templates")
_BOOK_SHEETS = (
    Text("模板事项总表", "by template item"),
    Text("各清单计数", "per list"),
    Text("对照明细", "details"),
)
_BOOK_TABLE_HEAD = (
    Text("模板", "template"),
    Text("模板事项", "template item"),
    Text("名称", "name"),
    Text("状态", "status"),
    Text("采用", "adopted"),
    Text("有改动", "changed"),
    Text("不适用", "not applicable"),
    Text("缺少", "missing"),
    Text("改动的字段", "fields changed"),
)
_BOOK_LIST_HEAD = (
    Text("清单", "list"),
    Text("文件", "file"),
    Text("模板", "template"),
    Text("采用", "adopted"),
    Text("未改动", "unchanged"),
    Text("有改动", "changed"),
    Text("不适用", "not applicable"),
    Text("缺少", "missing"),
    Text("本地事项", "local items"),
)
_BOOK_DETAIL_HEAD = (
    Text("清单", "list"),
    Text("模板事项", "template item"),
    Text("事项名称", "item name"),
    Text("本清单事项", "list item"),
    Text("情况", "state"),
    Text("字段", "field"),
    Text("模板", "template"),
    Text("本清单", "this list"),
    Text("理由", "reason"),
)
_STATES = {
    "missing": Text("缺少", "missing"),
    "changed": Text("有改动", "changed"),
    "not_applicable": Text("不适用", "not applicable"),
    "local": Text("本地事项", "local item"),
}
_STATUS = {"active": Text("有效", "active"), "retired": Text("已销号", "retired")}
_COUNTED = ("adopted", "unchanged", "changed", "not_applicable", "missing", "local")


def conform_document(report: ConformReport, lang: str) -> Document:
    """The report as a workbook: the table of template items, the counts of each list, and a row for
    each difference (a template item missing, each changed field, a not-applicable record, a local item)."""
    table = Section(_BOOK_SHEETS[0].get(lang), [h.get(lang) for h in _BOOK_TABLE_HEAD])
    for row in report.table:
        status = _STATUS[row.status].get(lang) if row.status in _STATUS else row.status
        numbers = [str(n) for n in (row.adopted, row.changed, row.not_applicable, row.missing)]
        table.rows.append(Row([row.template, row.source, row.name, status, *numbers, _fields(row, lang)]))
    per_list = Section(_BOOK_SHEETS[1].get(lang), [h.get(lang) for h in _BOOK_LIST_HEAD])
    details = Section(_BOOK_SHEETS[2].get(lang), [h.get(lang) for h in _BOOK_DETAIL_HEAD])
    state = {k: v.get(lang) for k, v in _STATES.items()}
    category_label = FIELD_LABELS["category"].get(lang)
    for result in report.lists:
        counts = result.counts()
        per_list.rows.append(
            Row([result.list_id, result.file, result.template, *(str(counts[k]) for k in _COUNTED)])
        )
        here = result.list_id
        for ref in result.missing:
            details.rows.append(Row([here, ref.source, ref.name, "", state["missing"], "", "", "", ""]))
        for adopted in result.changed:
            reason = adopted.reason or _NO_REASON.get(lang)
            name = adopted.name + (_RETIRED.get(lang) if adopted.status == "retired" else "")
            for change in adopted.changes:
                before, after = _value(change, change.template, lang), _value(change, change.local, lang)
                label = FIELD_LABELS[change.field].get(lang)
                details.rows.append(
                    Row(
                        [
                            here,
                            adopted.source,
                            name,
                            adopted.id,
                            state["changed"],
                            label,
                            before,
                            after,
                            reason,
                        ]
                    )
                )
        for ref in result.not_applicable:
            reason = ref.reason or "—"
            details.rows.append(
                Row([here, ref.source, ref.name, "", state["not_applicable"], "", "", "", reason])
            )
        for item in result.local:
            local = _category(item.category, lang)
            details.rows.append(
                Row([here, "", item.name, item.id, state["local"], category_label, "", local, ""])
            )
    meta = _TOTALS.format(lang, lists=len(report.lists), **report.totals())
    return Document(_BOOK_TITLE.get(lang), meta, [table, per_list, details])


CONFORM_RENDERERS: dict[str, Callable[[ConformReport, str, IO[str]], None]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}
