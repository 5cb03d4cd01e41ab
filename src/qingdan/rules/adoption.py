"""Adopting a template item by item (QD93x): list.template names a template, each item's `from` names
the template item it adopts, and the top-level `not_applicable:` records the template items that do not
apply, each with its reason.

A list that names its template but adopts nothing item by item (no `from`, no `not_applicable`) is read as
before: the template is a label, and only QD930/QD931 hold. Once a list adopts item by item, every active
template item is accounted for (QD939).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Any

from qingdan.labels import CATEGORY_LABELS, UNIT_TYPE_LABELS
from qingdan.model import Finding, ListDoc, adopted_from
from qingdan.revisions import revision_key
from qingdan.rules import Context, finding, is_active
from qingdan.rules.admission import check_complete

GRASSROOTS_UNITS = frozenset({"township", "subdistrict", "village", "community"})
# how much of an item's work the township does: a change upwards gives it more work (an admission event)
WORK_RANK = {"recalled": 0, "cooperative": 1, "basic": 2, "prohibited": 0}
_WORK_CHANGES = ("to_basic", "township_duty")
# what a change of the template leaves the lists adopting it to follow: an edit of the template is not
# refused for these findings in the other lists (qingdan.edit), which are told instead
FOLLOW_TEMPLATE = frozenset({"QD933", "QD939"})


def text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def not_a_template(doc: ListDoc) -> str | None:
    """The unit type of a unit's own list (which may not serve as a template), else None."""
    applies_to = doc.header.get("applies_to")
    unit = doc.header.get("unit")
    unit_type = unit.get("type") if isinstance(unit, dict) else None
    if isinstance(unit_type, str) and unit_type in GRASSROOTS_UNITS:
        return unit_type
    if isinstance(applies_to, list) and applies_to:
        return "county" if not isinstance(unit_type, str) else unit_type
    return None


def template_items(template: ListDoc) -> dict[str, tuple[int, dict[str, Any]]]:
    """item id -> (index, item) of a template list (the first item carrying each id)."""
    out: dict[str, tuple[int, dict[str, Any]]] = {}
    for index, item in template.items():
        item_id = item.get("id")
        if isinstance(item_id, str):
            out.setdefault(item_id, (index, item))
    return out


def adopts_item_by_item(doc: ListDoc) -> bool:
    """The list adopts its template item by item: an item has `from`, or it records not_applicable entries."""
    return bool(doc.not_applicable()) or any(adopted_from(item) for _, item in doc.items())


def gives_more_work(template_category: Any, category: Any) -> bool:
    before, after = WORK_RANK.get(str(template_category)), WORK_RANK.get(str(category))
    return before is not None and after is not None and after > before


def _admitted(item: dict[str, Any]) -> bool:
    if isinstance(item.get("admission"), dict):
        return True
    records = item.get("admissions")
    return any(
        isinstance(r, dict) and r.get("change") in _WORK_CHANGES
        for r in (records if isinstance(records, list) else [])
    )


def _label(category: Any, lang: str) -> str:
    label = CATEGORY_LABELS.get(category) if isinstance(category, str) else None
    return label.get(lang) if label else str(category)


def _template_problem(doc: ListDoc, by_id: Mapping[str, ListDoc]) -> Iterator[Finding]:
    name = doc.header.get("template")
    if not isinstance(name, str) or not name:
        return
    template = by_id.get(name)
    if template is None:
        close = difflib.get_close_matches(name, sorted(by_id), n=1, cutoff=0.6)
        yield finding(
            doc,
            "QD930",
            ("list", "template"),
            template=name,
            hint_zh=f"（是否为 {close[0]}？）" if close else "",
            hint_en=f" (did you mean {close[0]}?)" if close else "",
        )
        return
    unit_type = "self" if template is doc else not_a_template(template)
    if unit_type is not None:
        label = UNIT_TYPE_LABELS.get(unit_type)
        yield finding(
            doc,
            "QD931",
            ("list", "template"),
            template=name,
            what_zh="就是本清单"
            if unit_type == "self"
            else f"是{label.get('zh') if label else unit_type}自己的清单",
            what_en="the list itself"
            if unit_type == "self"
            else f"a {label.get('en') if label else unit_type}'s own list",
        )


def _items(doc: ListDoc, template: ListDoc | None, ctx: Context) -> Iterator[Finding]:
    source_items = template_items(template) if template is not None else {}
    name = doc.header.get("template")
    adopters: dict[str, int] = {}  # template item id -> index of the first active item adopting it
    for index, item in doc.items():
        source = adopted_from(item)
        if source is None:
            continue
        item_id = text(item.get("id"))
        where = ("items", index)
        entry = source_items.get(source)
        if entry is None:
            if template is None:
                why = (
                    "但本清单没有指定模板（list.template）",
                    "but the list names no template (list.template)",
                )
            elif source.startswith(f"{template.id}-"):
                why = (
                    f"模板 {template.id} 中没有该事项",
                    f"which is not an item of the template {template.id}",
                )
            else:
                why = (
                    f"它不是模板 {name} 的事项（事项编号以模板清单编号开头）",
                    f"which is not an item of the template {name} (its ids start with the template's list id)",
                )
            yield finding(
                doc, "QD932", (*where, "from"), item, id=item_id, source=source, why_zh=why[0], why_en=why[1]
            )
            continue
        source_item = entry[1]
        active = is_active(item)
        if active and not is_active(source_item):
            yield finding(
                doc,
                "QD933",
                (*where, "from"),
                item,
                id=item_id,
                source=source,
                source_name=text(source_item.get("name")),
            )
        if active:
            if source in adopters:
                yield finding(
                    doc,
                    "QD936",
                    (*where, "from"),
                    item,
                    source=source,
                    what_zh=f"由两个事项采用：{_id_at(doc, adopters[source])} 和 {item_id}",
                    what_en=f"is adopted by two items, {_id_at(doc, adopters[source])} and {item_id}",
                )
            else:
                adopters[source] = index
        before, after = source_item.get("category"), item.get("category")
        if not active or not isinstance(before, str) or not isinstance(after, str) or before == after:
            continue
        labels = {
            "template_category_zh": _label(before, "zh"),
            "template_category_en": _label(before, "en"),
            "category_zh": _label(after, "zh"),
            "category_en": _label(after, "en"),
        }
        adjustment = item.get("adjustment")
        reason = text(adjustment.get("reason")) if isinstance(adjustment, dict) else ""
        if not reason:
            yield finding(doc, "QD934", (*where, "category"), item, id=item_id, source=source, **labels)
        if gives_more_work(before, after) and not _admitted(item):
            yield finding(doc, "QD935", (*where, "category"), item, id=item_id, source=source, **labels)
        elif gives_more_work(before, after) and isinstance(item.get("admission"), dict):
            # an admission record on an item of the baseline is not checked by rule 7: check it here
            baseline, since = doc.header.get("baseline"), item.get("since")
            if (
                isinstance(baseline, str)
                and isinstance(since, str)
                and revision_key(since) <= revision_key(baseline)
            ):
                yield from check_complete(doc, item, (*where, "admission"), item["admission"], ctx.config)
    if template is None:
        return
    adopted_any = {s for _, i in doc.items() if (s := adopted_from(i))}
    recorded: dict[str, int] = {}
    for j, record in doc.not_applicable():
        source = text(record.get("item"))
        where = ("not_applicable", j)
        if source not in source_items:
            why = (
                (f"不是模板 {template.id} 的事项", f"which is not an item of the template {template.id}")
                if source
                else ("没有写模板事项编号", "without a template item id")
            )
            yield finding(doc, "QD937", (*where, "item"), source=source, why_zh=why[0], why_en=why[1])
            continue
        if not text(record.get("reason")):
            yield finding(doc, "QD938", (*where, "reason") if "reason" in record else where, source=source)
        if source in adopted_any:
            yield finding(
                doc,
                "QD936",
                (*where, "item"),
                source=source,
                what_zh="既由事项采用（from），又记为不适用",
                what_en="is both adopted by an item (from) and recorded as not applicable",
            )
        elif source in recorded:
            yield finding(
                doc,
                "QD936",
                (*where, "item"),
                source=source,
                what_zh=f"在 not_applicable 中记了两次（又见第 {recorded[source] + 1} 条）",
                what_en=f"is recorded twice as not applicable (also entry {recorded[source] + 1})",
            )
        recorded.setdefault(source, j)
    if not adopts_item_by_item(doc):
        return
    for source, (_, source_item) in source_items.items():
        if is_active(source_item) and source not in adopted_any and source not in recorded:
            yield finding(
                doc,
                "QD939",
                ("list", "template"),
                template=template.id,
                source=source,
                source_name=text(source_item.get("name")),
            )


def _id_at(doc: ListDoc, index: int) -> str:
    items = doc.data.get("items")
    item = items[index] if isinstance(items, list) and index < len(items) else None
    return text(item.get("id")) if isinstance(item, dict) else ""


def takes_part(doc: ListDoc) -> bool:
    """The list names a template or adopts items: adoption has something to say about it."""
    named = doc.header.get("template")
    return (isinstance(named, str) and bool(named)) or adopts_item_by_item(doc)


def check(ctx: Context) -> Iterator[Finding]:
    by_id: dict[str, ListDoc] = {}
    for doc in ctx.docs:
        if doc.id:
            by_id.setdefault(doc.id, doc)
    for doc in ctx.docs:
        yield from check_list(ctx, doc, by_id)


def check_list(ctx: Context, doc: ListDoc, by_id: Mapping[str, ListDoc]) -> Iterator[Finding]:
    """The adoption findings of one list, given the first list of each id (by_id: only the list its
    template names is read, and the ids themselves for a hint when it names none)."""
    if not takes_part(doc):
        return
    named = doc.header.get("template")
    problems = list(_template_problem(doc, by_id))
    yield from problems
    if problems:
        return  # no template to hold the items to
    template = by_id.get(named) if isinstance(named, str) else None
    yield from _items(doc, template, ctx)
