"""The semantic diff: which items changed between two sets of list files, classified with FORMAT.md's vocabulary.

Pure data: callers hand in the bytes of the files that differ (gitrepo reads them), this module parses them,
keys items by id across all files, compares a canonical form first and asks deepdiff for field paths only
for the items whose canonical forms differ. It never prints; render/diff.py turns the records into text.
This is the only module that imports deepdiff (lazily: most runs compare few items).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qingdan import yamlio
from qingdan.catalog import RULES_BY_CODE
from qingdan.documents import read_document
from qingdan.i18n import Text
from qingdan.labels import NA_KIND_LABELS, not_applicable_detail
from qingdan.model import ITEM_KEYS, LIST_KEYS

# The change vocabulary (FORMAT.md), in reporting order.
KINDS = (
    "added",
    "removed",
    "retired",
    "merged",
    "reinstated",
    "recategorized",
    "recalled",
    "devolved",
    "renamed",
    "renumbered",
    "basis_changed",
    "modified",
    "moved",
)
HEADER_KEYS = LIST_KEYS
# fields that describe who does the work: they follow a category change and are part of it
_ROLE_FIELDS = frozenset(
    {"lead_department", "cooperating_departments", "department_duty", "township_duty", "working_mode"}
)
_MERGE_REASONS = frozenset({"merged"})
_EMPTY: tuple[Any, ...] = (None, "", [], {})


@dataclass(frozen=True)
class FieldChange:
    """One changed field: a dotted path inside the item (or list header), its old and new value."""

    path: str
    old: Any
    new: Any

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "old": self.old, "new": self.new}


@dataclass
class Change:
    """What happened to one item between the two sides."""

    list_id: str
    item: str
    kinds: tuple[str, ...]
    fields: list[FieldChange]
    file_before: str | None
    file_after: str | None
    list_before: str | None = None
    item_before: str | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    errata: bool = False

    @property
    def file(self) -> str:
        return self.file_after or self.file_before or ""

    @property
    def name(self) -> str:
        for side in (self.after, self.before):
            if side and isinstance(side.get("name"), str):
                return str(side["name"])
        return ""

    @property
    def ids(self) -> set[str]:
        return {self.item} | ({self.item_before} if self.item_before else set())

    def as_dict(self) -> dict[str, Any]:
        return {
            "list": self.list_id,
            "item": self.item,
            "kinds": list(self.kinds),
            "fields": [f.as_dict() for f in self.fields],
            "file": self.file,
            "name": self.name,
            "file_before": self.file_before,
            "file_after": self.file_after,
            "list_before": self.list_before or (self.list_id if self.file_before else None),
            "item_before": self.item_before or (self.item if self.before is not None else None),
            "errata": self.errata,
        }


NA_KINDS = ("added", "removed", "changed")


@dataclass
class NotApplicableChange:
    """A change to one of a list's `not_applicable` records (a template item it records as not applying).

    kind: added (the template item is now recorded as not applicable), removed (the record is gone;
    adopted_by names the item that now adopts the template item, if one does) or changed (its reason).
    adopted_before names the item that adopted the template item before it was recorded as not applicable.
    """

    list_id: str
    item: str
    kind: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    adopted_by: str | None = None
    adopted_before: str | None = None
    errata: bool = False

    @property
    def key(self) -> str:
        """What errata marking follows across commits (never equal to an item id)."""
        return f"not_applicable:{self.list_id}:{self.item}"

    @property
    def reason_before(self) -> str:
        return _text((self.before or {}).get("reason")) or ""

    @property
    def reason_after(self) -> str:
        return _text((self.after or {}).get("reason")) or ""

    def label(self, lang: str) -> str:
        label = NA_KIND_LABELS.get(self.kind)
        return label.get(lang) if label else self.kind

    def detail(self, lang: str) -> str:
        """The reason (or old → new reason) and what adopts the template item, as plain text."""
        return not_applicable_detail(
            self.kind, self.reason_before, self.reason_after, self.adopted_by, self.adopted_before, lang
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "list": self.list_id,
            "item": self.item,
            "kind": self.kind,
            "reason_before": self.reason_before if self.before is not None else None,
            "reason_after": self.reason_after if self.after is not None else None,
            "adopted_by": self.adopted_by,
            "adopted_before": self.adopted_before,
            "errata": self.errata,
        }


@dataclass
class ListChange:
    """A list that is touched: its header fields, its not_applicable records and where its file went."""

    list_id: str
    title: str
    file_before: str | None
    file_after: str | None
    revision_before: str | None
    revision_after: str | None
    fields: list[FieldChange] = field(default_factory=list)
    moved: bool = False  # its file was renamed (two named files or the git driver are the same file)
    not_applicable: list[NotApplicableChange] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.file_before is None:
            return "added"
        if self.file_after is None:
            return "removed"
        return "changed"

    @property
    def file(self) -> str:
        return self.file_after or self.file_before or ""


@dataclass(frozen=True)
class Problem:
    """A side of a file that could not be compared (unparsable, not a list, too large)."""

    file: str
    side: str  # "before" | "after"
    message: Text
    code: str | None = None
    line: int | None = None
    column: int | None = None

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "file": self.file,
            "side": self.side,
            "rule": self.code,
            "line": self.line,
            "column": self.column,
            "message": self.message.get(lang),
        }


@dataclass
class Correction:
    """An errata commit (trailer Qingdan-Change: errata) and the items it touched."""

    commit: str
    date: str
    author: str
    subject: str
    items: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "commit": self.commit,
            "date": self.date,
            "author": self.author,
            "subject": self.subject,
            "items": self.items,
        }


@dataclass
class DiffResult:
    """Everything one comparison found; `from_`/`to` are commit ids, WORKTREE, INDEX, EMPTY or file paths."""

    from_: str = ""
    to: str = ""
    from_label: str = ""
    to_label: str = ""
    changes: list[Change] = field(default_factory=list)
    lists: dict[str, ListChange] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    formatting_only: list[str] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    # False when the two sides are two different lists (two files named on the command line), not two
    # states of one: nothing is then read against the history rules (删除, a revision that did not move)
    history: bool = True
    # a template beside a list adopting it (the template's id): items compared through `from`
    template: str = ""
    _index: tuple[int, dict[str | None, list[Change]]] | None = field(default=None, repr=False, compare=False)

    @property
    def substantive(self) -> list[Change]:
        return [c for c in self.changes if not c.errata]

    @property
    def errata(self) -> list[Change]:
        return [c for c in self.changes if c.errata]

    @property
    def not_applicable(self) -> list[NotApplicableChange]:
        """Every change to a not_applicable record, list by list."""
        return [na for key in sorted(self.lists) for na in self.lists[key].not_applicable]

    @property
    def has_changes(self) -> bool:
        return bool(
            self.changes
            or any(
                lc.fields or lc.moved or lc.not_applicable or lc.status != "changed"
                for lc in self.lists.values()
            )
        )

    def counts(self, list_id: str | None = None) -> dict[str, int]:
        """Substantive changes per kind (every kind present, zeros included), for one list or all."""
        out = dict.fromkeys(KINDS, 0)
        for c in self.substantive:
            mine = list_id is None or c.list_id == list_id
            moved_out = list_id is not None and c.list_before == list_id and "moved" in c.kinds
            if mine:
                for kind in c.kinds:
                    out[kind] += 1
            elif moved_out:
                out["moved"] += 1
        return out

    def changes_of(self, list_id: str) -> list[Change]:
        """The changes that touch a list (in it, or moved out of it), in order. Indexed once per
        result: a report or check over every list would otherwise scan every change per list."""
        if self._index is None or self._index[0] != len(self.changes):
            index: dict[str | None, list[Change]] = {}
            for c in self.changes:
                index.setdefault(c.list_id, []).append(c)
                if c.list_before != c.list_id:
                    index.setdefault(c.list_before, []).append(c)
            self._index = (len(self.changes), index)
        return list(self._index[1].get(list_id, ()))

    def as_dict(self, lang: str) -> dict[str, Any]:
        lists: dict[str, Any] = {}
        for key, lc in self.lists.items():
            mine = self.changes_of(key)
            lists[key] = {
                "title": lc.title,
                "status": lc.status,
                "file": lc.file,
                "file_before": lc.file_before,
                "file_after": lc.file_after,
                "moved": lc.moved,
                "revision_before": lc.revision_before,
                "revision_after": lc.revision_after,
                "fields": [f.as_dict() for f in lc.fields],
                "not_applicable": [na.as_dict() for na in lc.not_applicable],
                "counts": {k: v for k, v in self.counts(key).items() if v},
                "changes": sum(1 for c in mine if not c.errata),
                "corrections": sum(1 for c in mine if c.errata),
            }
        return {
            "from": self.from_,
            "to": self.to,
            "from_label": self.from_label,
            "to_label": self.to_label,
            "history": self.history,
            "template": self.template or None,
            "summary": {
                "lists": len(self.lists),
                "changes": len(self.substantive),
                "corrections": len(self.errata),
                "not_applicable": sum(1 for na in self.not_applicable if not na.errata),
                "counts": {k: v for k, v in self.counts().items() if v},
            },
            "lists": lists,
            "changes": [c.as_dict() for c in self.changes],
            "corrections": [c.as_dict() for c in self.corrections],
            "problems": [p.as_dict(lang) for p in self.problems],
            "formatting_only": self.formatting_only,
        }


# ---- parsing ---------------------------------------------------------------------------------


@dataclass
class ParsedList:
    """One side of one list file: header and items keyed by id, or the reason it cannot be compared.

    Items are kept as parsed; their normalized and canonical forms are computed only for items that
    differ from the other side (most items of a changed file do not).
    """

    file: str
    list_id: str = ""
    title: str = ""
    header: dict[str, Any] = field(default_factory=dict)
    raw_items: dict[str, dict[str, Any]] = field(default_factory=dict)
    not_applicable: dict[str, dict[str, Any]] = field(default_factory=dict)  # template item id -> record
    duplicates: list[str] = field(default_factory=list)
    problem: Problem | None = None
    _norm: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    _canon: dict[str, str] = field(default_factory=dict, repr=False)
    _all: dict[str, dict[str, Any]] | None = field(default=None, repr=False)

    def item(self, item_id: str) -> dict[str, Any]:
        """The normalized item."""
        value = self._norm.get(item_id)
        if value is None:
            value = self._norm[item_id] = normalize_item(self.raw_items[item_id])
        return value

    def canon(self, item_id: str) -> str:
        value = self._canon.get(item_id)
        if value is None:
            value = self._canon[item_id] = canonical(self.item(item_id))
        return value

    @property
    def items(self) -> dict[str, dict[str, Any]]:
        """Every item, normalized (for callers that look at all of them)."""
        if self._all is None:
            self._all = {item_id: self.item(item_id) for item_id in self.raw_items}
        return self._all

    @property
    def key(self) -> str:
        return self.list_id or f"({self.file})"


def parse_list(file: str, raw: bytes) -> ParsedList:
    """Parse one list file's bytes; never raises: a file that cannot be compared carries a Problem."""
    doc = ParsedList(file=file)
    if len(raw) > yamlio.MAX_BYTES:
        msg = RULES_BY_CODE["QD011"].message
        args = {"size": len(raw), "limit": yamlio.MAX_BYTES}
        doc.problem = Problem(file, "", Text(msg.zh.format(**args), msg.en.format(**args)), "QD011")
        return doc
    try:
        # the guarded reader without the schema pass (a diff needs the data, not its validity), by the
        # fast reader where the text allows it: the same data or the same refusal (tests/test_fastread.py)
        _, data, _ = yamlio.load_for_check(raw)
    except Exception:  # FileProblem, or the parser's own non-YAML errors (RELIABILITY §1)
        doc.problem = _read_problem(file, raw)
        return doc
    return list_from_data(file, data)


def list_from_data(file: str, data: Any) -> ParsedList:
    """A list file's already-parsed data as parse_list reads it (the data is shared, not copied)."""
    doc = ParsedList(file=file)
    header = data.get("list") if isinstance(data, dict) else None
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(header, dict) or not isinstance(items, list):
        doc.problem = Problem(
            file,
            "",
            Text("不是清单文件（缺少 list 或 items）", "not a list file (no list header or items)"),
        )
        return doc
    doc.header = normalize(header)
    doc.list_id = header["id"] if isinstance(header.get("id"), str) else ""
    doc.title = header["title"] if isinstance(header.get("title"), str) else ""
    for entry in items:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue  # unkeyed entries cannot be followed; validate reports them
        item_id = entry["id"].strip()
        if item_id in doc.raw_items:
            doc.duplicates.append(item_id)
            continue
        doc.raw_items[item_id] = entry
    doc.not_applicable = not_applicable_records(data)
    return doc


def not_applicable_records(data: Any) -> dict[str, dict[str, Any]]:
    """A list file's `not_applicable:` records by template item id, normalized (the first of a repeated
    id counts; entries without an item id cannot be followed, and validate reports them)."""
    out: dict[str, dict[str, Any]] = {}
    entries = data.get("not_applicable") if isinstance(data, dict) else None
    for entry in entries if isinstance(entries, list) else ():
        if isinstance(entry, dict) and isinstance(entry.get("item"), str) and entry["item"].strip():
            out.setdefault(entry["item"].strip(), normalize(entry))
    return out


def _read_problem(file: str, raw: bytes) -> Problem:
    """Why a file does not parse, with line and column, in the words validate uses."""
    _, _, findings = read_document(Path("."), file, "list", raw=raw)
    first = findings[0] if findings else None
    if first is None:
        return Problem(file, "", Text("无法解析", "cannot parse"))
    return Problem(
        file, "", Text(first.message("zh"), first.message("en")), first.rule, first.line, first.column
    )


def normalize(value: Any) -> Any:
    """The comparable form: empty values dropped, strings stripped, 2.0 == 2 (formatting is not change)."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            nv = normalize(v)
            if nv is None or (isinstance(nv, str | list | dict) and not nv):
                continue
            out[str(k)] = nv
        return out
    if isinstance(value, list):
        return [normalize(v) for v in value]
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def normalize_item(item: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = normalize(item)
    if clean.get("devolved") is False:
        del clean["devolved"]  # the documented default
    return clean


def canonical(value: Any) -> str:
    """A string equal for equal content whatever the key order or the order inside sequences."""
    return json.dumps(_ordered(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _ordered(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _ordered(v) for k, v in value.items()}
    if isinstance(value, list):
        parts = [_ordered(v) for v in value]
        return sorted(parts, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


# ---- field changes and classification --------------------------------------------------------


def field_changes(
    old: dict[str, Any] | None, new: dict[str, Any] | None, order: tuple[str, ...]
) -> list[FieldChange]:
    """Changed leaf paths between two normalized mappings (every top-level key when one side is absent)."""
    if old is None and new is None:
        return []
    if old is None or new is None:
        present = new if old is None else old
        assert present is not None
        out = [
            FieldChange(k, None if old is None else v, v if old is None else None) for k, v in present.items()
        ]
        return sorted(out, key=lambda f: _field_key(f.path, order))
    found = _plain_changes(old, new, ())
    if found is None:
        found = _deep_changes(old, new)
    # with ignore_order deepdiff yields a removal and an addition at one path in hash order: break the
    # tie (removal first, then by value) so that a regenerated report is byte-identical in every process
    return sorted(
        found, key=lambda f: (*_field_key(f.path, order), f.new is not None, _value_key(f.old, f.new))
    )


def _plain_changes(old: dict[str, Any], new: dict[str, Any], at: tuple[str, ...]) -> list[FieldChange] | None:
    """The changed paths of two mappings whose differences involve no sequence on both sides, as deepdiff
    gives them (a changed value, an added or removed key, mappings compared key by key); None when two
    sequences differ somewhere, whose order-free comparison is deepdiff's. Most changes are of the first
    kind, and deepdiff costs milliseconds per item: a report over every list would spend seconds on it."""
    found: list[FieldChange] = []
    for key in list(old) + [k for k in new if k not in old]:
        a, b = old.get(key, _ABSENT), new.get(key, _ABSENT)
        if a is not _ABSENT and b is not _ABSENT and type(a) is type(b) and a == b:
            continue
        path = (*at, str(key))
        if isinstance(a, dict) and isinstance(b, dict):
            inner = _plain_changes(a, b, path)
            if inner is None:
                return None
            found += inner
        elif isinstance(a, list) and isinstance(b, list):
            return None
        elif a is _ABSENT or b is _ABSENT or canonical(a) != canonical(b):
            found.append(
                FieldChange(_path_text(list(path)), None if a is _ABSENT else a, None if b is _ABSENT else b)
            )
    return found


_ABSENT = object()


def _deep_changes(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    from deepdiff import DeepDiff  # only here: deepdiff is slow to import and most runs never need it
    from deepdiff.helper import notpresent

    diff = DeepDiff(old, new, ignore_order=True, view="tree", verbose_level=2, report_repetition=True)
    found: list[FieldChange] = []
    seen_top: set[str] = set()
    for report, levels in diff.items():
        if report == "repetition_change":
            continue  # reported below as a whole-field change
        for level in levels:
            parts = level.path(output_format="list")
            if not parts:
                continue
            t1 = None if level.t1 is notpresent else level.t1
            t2 = None if level.t2 is notpresent else level.t2
            found.append(FieldChange(_path_text(parts), t1, t2))
            seen_top.add(str(parts[0]))
    for key in sorted(set(old) | set(new)):
        if key not in seen_top and canonical(old.get(key)) != canonical(new.get(key)):
            found.append(FieldChange(key, old.get(key), new.get(key)))
    return found


def _value_key(old: Any, new: Any) -> str:
    return json.dumps([old, new], ensure_ascii=False, sort_keys=True, default=str)


def _path_text(parts: list[Any]) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _field_key(path: str, order: tuple[str, ...]) -> tuple[int, str]:
    top = path.split(".", 1)[0].split("[", 1)[0]
    return (order.index(top) if top in order else len(order), path)


def classify(
    before: dict[str, Any] | None, after: dict[str, Any] | None, moved: bool = False
) -> tuple[str, ...]:
    """The change kinds for one item, from its normalized before and after forms."""
    if before is None and after is None:
        return ()
    if before is None:
        return ("added",)
    if after is None:
        return ("removed",)
    kinds: set[str] = set()
    changed = {k for k in set(before) | set(after) if canonical(before.get(k)) != canonical(after.get(k))}
    covered: set[str] = set()
    if moved:
        kinds.add("moved")
    if before.get("id") != after.get("id"):
        kinds |= {"renamed", "renumbered"}
        covered |= {"id", "previous_ids"}
    was, now = before.get("status", "active"), after.get("status", "active")
    if was != "retired" and now == "retired":
        kinds.add("retired")
        covered |= {"status", "retired"}
        retired = after.get("retired")
        if isinstance(retired, dict) and (
            retired.get("replaced_by") or retired.get("reason") in _MERGE_REASONS
        ):
            kinds.add("merged")
    elif was == "retired" and now != "retired":
        kinds.add("reinstated")
        covered |= {"status", "retired", "reinstated"}
    if "category" in changed:
        kinds.add("recategorized")
        covered |= {"category"} | _ROLE_FIELDS
        if after.get("category") == "recalled":
            kinds.add("recalled")
    if "devolved" in changed:
        kinds.add("recategorized")
        covered.add("devolved")
        if after.get("devolved") is True:
            kinds.add("devolved")
            covered |= {"resources", "review"}
    if "name" in changed:
        kinds.add("renamed")
        covered.add("name")
    if "basis" in changed:
        kinds.add("basis_changed")
        covered.add("basis")
    if changed - covered:
        kinds.add("modified")
    return tuple(k for k in KINDS if k in kinds)


# ---- comparing two sides ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Where:
    doc: ParsedList
    id: str

    @property
    def item(self) -> dict[str, Any]:
        return self.doc.item(self.id)

    @property
    def raw(self) -> dict[str, Any]:
        return self.doc.raw_items[self.id]


def compare(
    before: Mapping[str, ParsedList],
    after: Mapping[str, ParsedList],
    same_file: Mapping[str, str] | None = None,
) -> DiffResult:
    """Compare the files that differ. before/after map a path to its parsed side (absent = no such file);
    same_file maps a before-path to the after-path that is the same file (two named files, the git driver)."""
    alias = dict(same_file or {})

    def after_name(path: str) -> str:
        return alias.get(path, path)

    result = DiffResult()
    bad_before: set[str] = set()
    bad_after: set[str] = set()
    for side, docs, bad in (("before", before, bad_before), ("after", after, bad_after)):
        for path, doc in docs.items():
            if doc.problem is not None:
                p = doc.problem
                result.problems.append(Problem(path, side, p.message, p.code, p.line, p.column))
                bad.add(after_name(path) if side == "before" else path)
            for dup in doc.duplicates:
                result.problems.append(
                    Problem(
                        path,
                        side,
                        Text(
                            f"事项编号 {dup} 重复，只比较第一个",
                            f"item id {dup} repeats; only the first is compared",
                        ),
                        "QD201",
                    )
                )
    old = _index(before.values())
    new = _index(after.values())

    pairs: list[tuple[_Where | None, _Where | None]] = []
    matched: set[str] = set()
    for nid, where in new.items():
        if nid in old:
            pairs.append((old[nid], where))
            continue
        previous = where.raw.get("previous_ids")
        partner = None
        if isinstance(previous, list):
            for pid in previous:
                if isinstance(pid, str) and pid in old and pid not in new and pid not in matched:
                    partner = old[pid]
                    matched.add(pid)
                    break
        pairs.append((partner, where))
    for oid, where in old.items():
        if oid not in new and oid not in matched:
            pairs.append((where, None))

    touched_files: set[str] = set()
    for b, a in pairs:
        if b is None and a is not None and a.doc.file in bad_before:
            continue  # its file could not be read before: unknown, not added
        if a is None and b is not None and after_name(b.doc.file) in bad_after:
            continue
        moved = (
            b is not None and a is not None and _list_key(b.doc, after_name) != _list_key(a.doc, after_name)
        )
        if (
            b is not None
            and a is not None
            and not moved
            and (b.raw == a.raw or b.doc.canon(b.id) == a.doc.canon(a.id))
        ):
            continue  # dict equality first: most items of a changed file are untouched
        ref = a or b
        assert ref is not None
        before_item = b.item if b else None
        after_item = a.item if a else None
        same_data = b is not None and a is not None and b.doc.canon(b.id) == a.doc.canon(a.id)
        change = Change(
            list_id=ref.doc.key,
            item=ref.id,
            kinds=classify(before_item, after_item, moved),
            fields=[] if same_data else field_changes(before_item, after_item, ITEM_KEYS),
            file_before=b.doc.file if b else None,
            file_after=a.doc.file if a else None,
            list_before=b.doc.key if b and moved else None,
            item_before=b.id if b and a and b.id != a.id else None,
            before=before_item,
            after=after_item,
        )
        result.changes.append(change)
        for w in (b, a):
            if w is not None:
                touched_files.add(w.doc.file)
    result.changes.sort(key=lambda c: (c.list_id, c.item))

    # lists: header changes, files that appeared, vanished or were renamed
    lists_before = _lists(before.values())
    lists_after = _lists(after.values())
    involved = {c.list_id for c in result.changes} | {c.list_before for c in result.changes if c.list_before}
    for key in sorted(set(lists_before) | set(lists_after)):
        lb, la = lists_before.get(key), lists_after.get(key)
        if lb is None and la is not None and la.file in bad_before:
            continue
        if la is None and lb is not None and after_name(lb.file) in bad_after:
            continue
        fields = [] if lb is None or la is None else field_changes(lb.header, la.header, HEADER_KEYS)
        renamed = lb is not None and la is not None and after_name(lb.file) != la.file
        records = not_applicable_changes(key, lb, la)
        if (
            lb is not None
            and la is not None
            and not fields
            and not renamed
            and not records
            and key not in involved
        ):
            continue
        shown = la or lb
        assert shown is not None
        result.lists[key] = ListChange(
            list_id=key,
            title=shown.title,
            file_before=lb.file if lb else None,
            file_after=la.file if la else None,
            revision_before=_text(lb.header.get("revision")) if lb else None,
            revision_after=_text(la.header.get("revision")) if la else None,
            fields=fields,
            moved=renamed,
            not_applicable=records,
        )
        for side_doc in (lb, la):
            if side_doc is not None:
                touched_files.add(side_doc.file)
    compared = {after_name(p) for p, d in before.items() if d.problem is None} & {
        p for p, d in after.items() if d.problem is None
    }
    untouched = {after_name(p) for p in touched_files} | touched_files
    result.formatting_only = sorted(compared - untouched)
    return result


def not_applicable_changes(
    list_id: str, before: ParsedList | None, after: ParsedList | None
) -> list[NotApplicableChange]:
    """The not_applicable records one list added, removed or gave another reason, by template item id."""
    old = before.not_applicable if before is not None else {}
    new = after.not_applicable if after is not None else {}
    if old == new:
        return []
    adopters_before = _adopters(before)
    adopters_after = _adopters(after)
    out = []
    for item in sorted(set(old) | set(new)):
        b, a = old.get(item), new.get(item)
        if b is not None and a is not None:
            if canonical(b) == canonical(a):
                continue
            out.append(NotApplicableChange(list_id, item, "changed", b, a))
        elif a is not None:
            was = adopters_before.get(item)
            formerly = was if was is not None and adopters_after.get(item) != was else None
            out.append(NotApplicableChange(list_id, item, "added", None, a, adopted_before=formerly))
        else:
            now = adopters_after.get(item)
            adopted = now if now is not None and adopters_before.get(item) != now else None
            out.append(NotApplicableChange(list_id, item, "removed", b, None, adopted_by=adopted))
    return out


def _adopters(doc: ParsedList | None) -> dict[str, str]:
    """template item id -> the first item of a list that adopts it (its `from`)."""
    out: dict[str, str] = {}
    for item_id, raw in (doc.raw_items if doc is not None else {}).items():
        source = raw.get("from")
        if isinstance(source, str) and source.strip():
            out.setdefault(source.strip(), item_id)
    return out


def _index(docs: Iterable[ParsedList]) -> dict[str, _Where]:
    out: dict[str, _Where] = {}
    for doc in sorted(docs, key=lambda d: d.file):
        if doc.problem is not None:
            continue
        for item_id in doc.raw_items:
            out.setdefault(item_id, _Where(doc, item_id))
    return out


def _lists(docs: Iterable[ParsedList]) -> dict[str, ParsedList]:
    out: dict[str, ParsedList] = {}
    for doc in sorted(docs, key=lambda d: d.file):
        if doc.problem is None:
            out.setdefault(doc.key, doc)
    return out


def _list_key(doc: ParsedList, after_name: Any) -> str:
    return doc.list_id or f"({after_name(doc.file)})"


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
