"""qingdan conform: how each list that adopts a template follows it, item by item.

For every adopting list: the template items it leaves out (neither adopted by an item's `from` nor
recorded under `not_applicable`), the items adopted with changes (name, category, content and basis,
field by field, with the local adjustment's reason), the template items recorded as not applicable
with their reasons, and the local items (no `from`, 个性化事项); counts per list; and, for each template
item, how many lists adopt it, change it, drop it or leave it out (the province-wide table).

Returns data only; qingdan.render.conform writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qingdan.config import find_root
from qingdan.errors import UsageError
from qingdan.model import ListDoc, adopted_from
from qingdan.registry import Laws
from qingdan.rules.adoption import not_a_template, template_items
from qingdan.validate import load_repository, named_lists

COMPARED = ("name", "category", "content", "basis")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _active(item: dict[str, Any]) -> bool:
    return item.get("status") != "retired"


@dataclass
class FieldDiff:
    """One compared field that differs: the template's value and the list's (basis as citation texts)."""

    field: str
    template: Any
    local: Any

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "template": self.template, "local": self.local}


@dataclass
class Adopted:
    id: str
    source: str
    name: str
    status: str
    changes: list[FieldDiff] = field(default_factory=list)
    reason: str = ""  # the local adjustment's reason, when the list records one

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "from": self.source,
            "name": self.name,
            "status": self.status,
            "changes": [c.as_dict() for c in self.changes],
            "adjustment": self.reason or None,
        }


@dataclass
class TemplateRef:
    """A template item as a list's report names it: missing or not applicable (with the reason)."""

    source: str
    name: str
    category: str
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"item": self.source, "name": self.name, "category": self.category}
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass
class LocalItem:
    id: str
    name: str
    category: str

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "category": self.category}


@dataclass
class ListConformance:
    list_id: str
    file: str
    template: str
    adopted: list[Adopted] = field(default_factory=list)
    missing: list[TemplateRef] = field(default_factory=list)
    not_applicable: list[TemplateRef] = field(default_factory=list)
    local: list[LocalItem] = field(default_factory=list)

    @property
    def changed(self) -> list[Adopted]:
        return [a for a in self.adopted if a.changes]

    def counts(self) -> dict[str, int]:
        return {
            "adopted": len(self.adopted),
            "unchanged": len(self.adopted) - len(self.changed),
            "changed": len(self.changed),
            "not_applicable": len(self.not_applicable),
            "missing": len(self.missing),
            "local": len(self.local),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "list": self.list_id,
            "file": self.file,
            "template": self.template,
            "counts": self.counts(),
            "missing": [m.as_dict() for m in self.missing],
            "changed": [a.as_dict() for a in self.changed],
            "not_applicable": [n.as_dict() for n in self.not_applicable],
            "local": [item.as_dict() for item in self.local],
            "unchanged": [a.id for a in self.adopted if not a.changes],
        }


@dataclass
class TemplateRow:
    """One template item across the lists adopting its template."""

    template: str
    source: str
    name: str
    status: str
    adopted: int = 0
    changed: int = 0
    not_applicable: int = 0
    missing: int = 0
    fields: dict[str, int] = field(default_factory=dict)  # compared field -> lists that changed it

    def as_dict(self) -> dict[str, Any]:
        return {
            "template": self.template,
            "item": self.source,
            "name": self.name,
            "status": self.status,
            "adopted": self.adopted,
            "changed": self.changed,
            "not_applicable": self.not_applicable,
            "missing": self.missing,
            "fields": self.fields,
        }


@dataclass
class ConformReport:
    lists: list[ListConformance] = field(default_factory=list)
    table: list[TemplateRow] = field(default_factory=list)

    def exit_code(self) -> int:
        """1 when a list leaves a template item out (QD939), else 0."""
        return 1 if any(c.missing for c in self.lists) else 0

    def totals(self) -> dict[str, int]:
        keys = ("adopted", "unchanged", "changed", "not_applicable", "missing", "local")
        return {k: sum(c.counts()[k] for c in self.lists) for k in keys}

    def as_dict(self) -> dict[str, Any]:
        return {
            "templates": sorted({c.template for c in self.lists}),
            "totals": self.totals(),
            "lists": [c.as_dict() for c in self.lists],
            "table": [row.as_dict() for row in self.table],
        }


def citation_text(entry: Any, laws: Laws | None) -> str:
    """A basis entry as one comparable text: 《registry title》article (version)."""
    if not isinstance(entry, dict):
        return str(entry)
    name = _text(entry.get("instrument"))
    found = laws.lookup(name) if laws is not None and name else None
    title = found.title if found is not None else name
    out = f"《{title}》{_text(entry.get('article'))}"
    version = entry.get("version")
    return f"{out}（{version}）" if isinstance(version, str) and version else out


def _basis(item: dict[str, Any], laws: Laws | None) -> list[str]:
    value = item.get("basis")
    return sorted(citation_text(e, laws) for e in value) if isinstance(value, list) else []


def field_diffs(template_item: dict[str, Any], item: dict[str, Any], laws: Laws | None) -> list[FieldDiff]:
    """The compared fields (name, category, content, basis) in which item differs from template_item."""
    out: list[FieldDiff] = []
    for key in COMPARED:
        if template_item.get(key) == item.get(key):
            continue  # the same as written (most adopted fields): nothing to normalize
        if key == "basis":
            before, after = _basis(template_item, laws), _basis(item, laws)
            if before != after:
                out.append(FieldDiff(key, before, after))
        elif " ".join(_text(template_item.get(key)).split()) != " ".join(_text(item.get(key)).split()):
            out.append(FieldDiff(key, template_item.get(key), item.get(key)))
    return out


def conform_list(doc: ListDoc, template: ListDoc, laws: Laws | None = None) -> ListConformance:
    """One adopting list against its template."""
    sources = template_items(template)
    result = ListConformance(doc.id, doc.file, template.id)
    adopted_ids: set[str] = set()
    for _, item in doc.items():  # read once: a list of a province may hold hundreds of items
        source = adopted_from(item)
        entry = sources.get(source) if source else None
        if source is None or entry is None:
            if _active(item) and source is None:
                result.local.append(
                    LocalItem(_text(item.get("id")), _text(item.get("name")), _text(item.get("category")))
                )
            continue  # a `from` that names no template item is QD932's to report
        adopted_ids.add(source)
        adjustment = item.get("adjustment")
        result.adopted.append(
            Adopted(
                id=_text(item.get("id")),
                source=source,
                name=_text(item.get("name")),
                status="active" if _active(item) else "retired",
                changes=field_diffs(entry[1], item, laws),
                reason=_text(adjustment.get("reason")) if isinstance(adjustment, dict) else "",
            )
        )
    recorded: set[str] = set()
    for _, record in doc.not_applicable():
        source = _text(record.get("item"))
        found = sources.get(source)
        if found is None or source in recorded:
            continue
        recorded.add(source)
        result.not_applicable.append(
            TemplateRef(
                source,
                _text(found[1].get("name")),
                _text(found[1].get("category")),
                _text(record.get("reason")),
            )
        )
    for source, (_, item) in sources.items():
        if _active(item) and source not in adopted_ids and source not in recorded:
            result.missing.append(TemplateRef(source, _text(item.get("name")), _text(item.get("category"))))
    return result


def _table(templates: dict[str, ListDoc], results: list[ListConformance]) -> list[TemplateRow]:
    rows: list[TemplateRow] = []
    for template_id, template in templates.items():
        by_source: dict[str, TemplateRow] = {}
        for source, (_, item) in template_items(template).items():
            row = TemplateRow(
                template_id, source, _text(item.get("name")), "active" if _active(item) else "retired"
            )
            by_source[source] = row
        for result in (r for r in results if r.template == template_id):
            for source in {a.source for a in result.adopted}:
                by_source[source].adopted += 1
            changed: dict[str, set[str]] = {}
            for adopted in result.adopted:
                for change in adopted.changes:
                    changed.setdefault(adopted.source, set()).add(change.field)
            for source, fields in changed.items():
                row = by_source[source]
                row.changed += 1
                for name in fields:
                    row.fields[name] = row.fields.get(name, 0) + 1
            for ref in result.not_applicable:
                by_source[ref.source].not_applicable += 1
            for ref in result.missing:
                by_source[ref.source].missing += 1
        for row in by_source.values():
            row.fields = {k: row.fields[k] for k in COMPARED if k in row.fields}
            if row.status == "active" or row.adopted or row.not_applicable:
                rows.append(row)
    return rows


def conform(start: Path, lists: list[str] | None = None, template: str | None = None) -> ConformReport:
    """`qingdan conform [LIST…] [--template T]`: every list naming a template (or the named ones, or those
    adopting T) against its template."""
    loaded = load_repository(find_root(start), check_lists=False)
    by_id: dict[str, ListDoc] = {}
    for doc in loaded.docs:
        if doc.id:
            by_id.setdefault(doc.id, doc)
    if template is not None and template not in by_id:
        raise UsageError(f"找不到模板清单：{template}", f"no template list {template}")
    chosen = named_lists(loaded.docs, lists) if lists else [d for d in loaded.docs if d.template]
    if template is not None:
        chosen = [d for d in chosen if d.template == template]
    report = ConformReport()
    templates: dict[str, ListDoc] = {}
    for doc in chosen:
        name = doc.template
        source = by_id.get(name) if name else None
        if name is None or source is None or source is doc or not_a_template(source) is not None:
            if lists:  # a list named on the command line that has no usable template: say so
                raise UsageError(
                    f"清单 {doc.id} 没有可采用的模板（list.template：{name or '未填写'}；qingdan validate 查看详情）",
                    f"list {doc.id} has no template to adopt (list.template: {name or 'none'}; see qingdan validate)",
                )
            continue
        templates.setdefault(source.id, source)
        report.lists.append(conform_list(doc, source, loaded.laws))
    if not report.lists:
        which = f"模板 {template}" if template else "模板"
        raise UsageError(
            f"没有清单采用{which}（list.template）",
            f"no list adopts {('the template ' + template) if template else 'a template'}",
        )
    report.table = _table(templates, report.lists)
    return report
