"""qingdan sync: bring the lists adopting a template up to its current revision.

A three-way comparison per adopting list. The *base* is the template as it stood at the revision the list
last followed (`list.template_revision`), read from git history: the newest commit whose template file
carries that revision. From base to the current template:

- a template item the list neither adopts nor records as not applicable is added to the list with
  `from`, its next id, since = the list's (draft) revision, and the template's fields; when the list needs
  an admission record for it (since later than the baseline) the template's own record is copied, or the
  result says that the drafter must supply one;
- a retired template item retires the item adopting it, with the template's reason, note and basis
  (replaced_by names the list's items adopting the template's successors);
- a template field that changed is applied where the list's value is still the base's, and reported as a
  conflict (never applied) where the list had changed it;
- then the list records the template revision it now follows (`list.template_revision`).

With no recorded revision (or one that history does not hold) there is no base: every field in which the
list differs from the template is a conflict, unless the list records it as its own adjustment
(`adjustment.fields`), and nothing is overwritten. A conflict is reported by the run that meets it; the
revision is recorded all the same, so the list's value then stands as its local change until a drafter
takes the template's (qingdan set).

Each list is written by one edit transaction (qingdan.edit.transact_list: one lock, only the touched lines
change, the result is validated before it is written). A list whose current revision is published gets
its next revision, as a draft, in the same edit (as qingdan revision starts one): the items a sync adds
or retires belong to a revision that has yet to be published.

Returns data only; qingdan.render.sync writes it.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qingdan import yamlio
from qingdan.config import find_root
from qingdan.conform import citation_text
from qingdan.edit import EditRefused, _ordered, next_id, transact_list
from qingdan.errors import UsageError
from qingdan.gitrepo import GitRepo
from qingdan.history import Reader
from qingdan.i18n import Text
from qingdan.model import ITEM_KEYS, LIST_KEYS, Finding, ListDoc, adopted_from
from qingdan.registry import Departments, Laws
from qingdan.revisions import next_revision, revision_key
from qingdan.rules.adoption import adopts_item_by_item, not_a_template, template_items
from qingdan.validate import Loaded, load_repository, named_lists

# the fields a template sets for the items adopting it: compared, applied and reported one by one
SYNCED = (
    "name",
    "category",
    "group",
    "domain",
    "content",
    "basis",
    "lead_department",
    "cooperating_departments",
    "department_duty",
    "township_duty",
)
# what an added item takes from the template item (admission only where the list needs one)
DEPARTMENT_KEYS = frozenset({"lead_department", "cooperating_departments"})
COPIED = (*SYNCED, "working_mode", "devolved", "resources", "review")
Progress = Callable[[int, int], None]


def is_published(header: dict[str, Any]) -> bool:
    """The list's current revision is published (list.approval, as qingdan publish records it)."""
    return isinstance(header.get("approval"), dict)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _active(item: dict[str, Any]) -> bool:
    return item.get("status") != "retired"


def same(key: str, a: Any, b: Any, laws: Laws | None = None, departments: Departments | None = None) -> bool:
    """Two values of a field mean the same: basis as citation texts, departments by their registry names,
    texts up to white space."""
    if a == b:
        return True
    if key in DEPARTMENT_KEYS and departments is not None:
        names = [
            sorted(departments.canonical(str(n)) or str(n) for n in (v if isinstance(v, list) else [v]) if n)
            for v in (a, b)
        ]
        return names[0] == names[1]
    if key == "basis":
        texts = [sorted(citation_text(e, laws) for e in v) if isinstance(v, list) else [] for v in (a, b)]
        return texts[0] == texts[1]
    if isinstance(a, str | None) and isinstance(b, str | None):
        return " ".join(_text(a).split()) == " ".join(_text(b).split())
    return False


@dataclass
class Added:
    id: str
    source: str
    name: str
    admission: str  # "copied" (the template's record), "needed" (the drafter must supply it) or "none"

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "from": self.source, "name": self.name, "admission": self.admission}


@dataclass
class Retired:
    id: str
    source: str
    name: str
    reason: str
    replaced_by: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "from": self.source,
            "name": self.name,
            "reason": self.reason,
            "replaced_by": self.replaced_by,
        }


@dataclass
class Updated:
    id: str
    source: str
    field: str
    old: Any
    new: Any

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "from": self.source, "field": self.field, "old": self.old, "new": self.new}


@dataclass
class Conflict:
    """A field the template changed where the list has its own value (base None: no base known)."""

    id: str
    source: str
    field: str
    base: Any
    template: Any
    local: Any
    has_base: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "from": self.source,
            "field": self.field,
            "base": self.base if self.has_base else None,
            "template": self.template,
            "local": self.local,
            "has_base": self.has_base,
        }


@dataclass
class Skipped:
    """A template change the sync does not make, and why."""

    source: str
    id: str | None
    why: Text

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {"from": self.source, "id": self.id, "why": self.why.get(lang)}


@dataclass
class ListSync:
    list_id: str
    file: str
    template: str
    followed: str | None  # the template revision the list recorded before the sync
    base: str | None  # the template revision compared from (None: no base)
    target: str  # the template revision the list follows after the sync
    revision: str  # the list's revision before the sync
    new_revision: str | None = None  # the draft revision the sync starts (the current one was published)
    added: list[Added] = field(default_factory=list)
    retired: list[Retired] = field(default_factory=list)
    updated: list[Updated] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)
    label_only: bool = False  # the list names its template but adopts nothing item by item: not synced
    written: bool = False
    refused: Text | None = None  # why the edit was not written (it would not validate, …)
    findings: list[Finding] = field(default_factory=list)  # the errors the refused edit would add

    @property
    def item_changes(self) -> bool:
        return bool(self.added or self.retired or self.updated)

    @property
    def changes(self) -> bool:
        return not self.label_only and (self.item_changes or self.followed != self.target)

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "retired": len(self.retired),
            "updated": len(self.updated),
            "conflicts": len(self.conflicts),
            "skipped": len(self.skipped),
        }

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "list": self.list_id,
            "file": self.file,
            "template": self.template,
            "followed": self.followed,
            "base": self.base,
            "target": self.target,
            "revision": self.revision,
            "new_revision": self.new_revision,
            "label_only": self.label_only,
            "counts": self.counts(),
            "added": [a.as_dict() for a in self.added],
            "retired": [r.as_dict() for r in self.retired],
            "updated": [u.as_dict() for u in self.updated],
            "conflicts": [c.as_dict() for c in self.conflicts],
            "skipped": [s.as_dict(lang) for s in self.skipped],
            "notes": [n.get(lang) for n in self.notes],
            "written": self.written,
            "refused": self.refused.get(lang) if self.refused else None,
            "findings": [f.as_dict(lang) for f in self.findings],
        }


@dataclass
class SyncReport:
    template: str
    revision: str
    dry_run: bool
    lists: list[ListSync] = field(default_factory=list)
    branch: str | None = None  # the review branch the written lists were committed on (--branch)
    commit: str | None = None  # that commit

    def exit_code(self) -> int:
        """1 when a list has conflicts, changes the sync cannot make, or an edit that was refused."""
        return 1 if any(r.conflicts or r.skipped or r.refused for r in self.lists) else 0

    def totals(self) -> dict[str, int]:
        keys = ("added", "retired", "updated", "conflicts", "skipped")
        out = {k: sum(r.counts()[k] for r in self.lists) for k in keys}
        out["lists"] = len(self.lists)
        out["changed"] = sum(1 for r in self.lists if r.changes)
        out["written"] = sum(1 for r in self.lists if r.written)
        out["refused"] = sum(1 for r in self.lists if r.refused)
        return out

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "template": self.template,
            "revision": self.revision,
            "dry_run": self.dry_run,
            "totals": self.totals(),
            "lists": [r.as_dict(lang) for r in self.lists],
            "branch": self.branch,
            "commit": self.commit,
        }

    def commit_message(self, lang: str) -> str:
        """The review commit's message: a subject and one line per written list."""
        written = [r for r in self.lists if r.written]
        subject = Text(
            f"lists: 按模板 {self.template} {self.revision} 版同步 {len(written)} 份清单",
            f"lists: {len(written)} lists synced with the template {self.template} revision {self.revision}",
        ).get(lang)
        line = Text(
            "{list}：新增 {added} 项，销号 {retired} 项，跟进字段 {updated} 处，冲突 {conflicts} 处，未同步 {skipped} 项",
            "{list}: {added} added, {retired} retired, {updated} fields followed, {conflicts} conflicts, {skipped} not synced",
        )
        body = [line.get(lang).format(list=r.list_id, **r.counts()) for r in written]
        return subject + "\n\n" + "\n".join(body) + "\n"


# ---- the base: the template as it stood at a revision --------------------------------------------


class Bases:
    """The template's items at each revision the lists recorded, read from git once per revision."""

    def __init__(self, root: Path, template: ListDoc) -> None:
        self.root = root
        self.template = template
        self._found: dict[str, dict[str, dict[str, Any]] | None] = {}

    def at(self, revision: str) -> dict[str, dict[str, Any]] | None:
        """template item id -> item at that revision; None when history holds no such revision."""
        if revision not in self._found:
            if revision == self.template.header.get("revision"):
                self._found[revision] = {k: v for k, (_, v) in template_items(self.template).items()}
            else:
                self._found[revision] = self._from_history(revision)
        return self._found[revision]

    def _from_history(self, revision: str) -> dict[str, dict[str, Any]] | None:
        """The newest commit whose template file carries the revision (the state it was left in)."""
        path = self.template.file
        with GitRepo(self.root) as repo:
            head = repo.head()
            if head is None:
                return None
            reader = Reader(repo)
            for commit in repo.commits(head):
                for delta in commit.deltas:
                    if delta.path != path:
                        continue
                    for blob in (delta.new, delta.old):  # newest first: after the commit, then before it
                        data = _read(reader, path, blob)
                        header = data.get("list") if isinstance(data, dict) else None
                        if isinstance(header, dict) and header.get("revision") == revision:
                            doc = ListDoc(path, "", data)
                            return {k: v for k, (_, v) in template_items(doc).items()}
        return None


def _read(reader: Reader, path: str, blob: str | None) -> Any:
    if blob is None:
        return None
    raw = reader.raw(path, blob)
    if raw is None:
        return None
    try:
        return yamlio.to_plain(yamlio.load_bytes(raw)[1])
    except yamlio.FileProblem:
        return None


# ---- the plan of one list ----------------------------------------------------------------------


@dataclass
class _Plan:
    result: ListSync
    header: dict[str, Any] = field(default_factory=dict)  # header keys to set (None: delete)
    sets: dict[str, dict[str, Any]] = field(default_factory=dict)  # item id -> field -> value (None: delete)
    retire: dict[str, dict[str, Any]] = field(default_factory=dict)  # item id -> retired record
    add: list[dict[str, Any]] = field(default_factory=list)


def _number_after(doc: ListDoc) -> tuple[int, int]:
    """(highest number, width) of the ids carrying the list's prefix in its own file."""
    prefix = doc.id + "-"
    highest, width = 0, 4
    for _, item in doc.items():
        retired = item.get("retired")
        values = [item.get("id"), *(item.get("previous_ids") or []), *(item.get("merged_from") or [])]
        if isinstance(retired, dict):
            values += list(retired.get("replaced_by") or [])
        for value in values:
            if isinstance(value, str) and value.startswith(prefix) and value[len(prefix) :].isdigit():
                highest = max(highest, int(value[len(prefix) :]))
                width = max(width, len(value) - len(prefix))
    return highest, width


def plan_list(
    doc: ListDoc,
    template: ListDoc,
    base: dict[str, dict[str, Any]] | None,
    laws: Laws | None = None,
    first_id: str | None = None,
    departments: Departments | None = None,
) -> _Plan:
    """What a sync changes in one adopting list (nothing is written here)."""
    header = doc.header
    followed = header.get("template_revision")
    followed = followed if isinstance(followed, str) else None
    target = str(template.header.get("revision", ""))
    revision = str(header.get("revision", ""))
    result = ListSync(
        doc.id, doc.file, template.id, followed, followed if base is not None else None, target, revision
    )
    plan = _Plan(result)
    if followed is not None and base is None:
        result.notes.append(
            Text(
                f"历史中找不到模板 {template.id} 的 {followed} 版，无从比较：与模板不同的字段都作为冲突列出，不覆盖",
                f"history holds no revision {followed} of {template.id}: every field that differs from the "
                "template is listed as a conflict and kept",
            )
        )
    elif followed is None:
        result.notes.append(
            Text(
                "清单未记录所依模板版次（list.template_revision）：与模板不同的字段都作为冲突列出，不覆盖",
                "the list records no template revision (list.template_revision): every field that differs "
                "from the template is listed as a conflict and kept",
            )
        )
    if not adopts_item_by_item(
        doc
    ):  # the template is only its label: there is nothing to follow item by item
        result.label_only = True
        result.notes = [
            Text(
                "本清单没有逐项采用模板（没有 from，也没有 not_applicable），不作同步；逐项采用后再同步",
                "the list adopts nothing item by item (no from, no not_applicable): nothing to sync",
            )
        ]
        return plan
    sources = template_items(template)
    adopting: dict[str, dict[str, Any]] = {}
    for _, item in doc.items():
        source = adopted_from(item)
        if source is not None and (
            source not in adopting or (_active(item) and not _active(adopting[source]))
        ):
            adopting[source] = item
    recorded = {_text(r.get("item")) for _, r in doc.not_applicable()}

    # a published revision is closed: the items a sync changes go into the next revision, a draft
    draft_revision = revision
    baseline = header.get("baseline")
    template_changes = [
        s for s, (_, t) in sources.items()
        if (_active(t) and s not in adopting and s not in recorded)
        or (not _active(t) and s in adopting and _active(adopting[s]))
    ]  # fmt: skip

    # added: the template items the list does not account for
    if first_id is not None:
        number, width = int(first_id.rsplit("-", 1)[1]) - 1, len(first_id.rsplit("-", 1)[1])
    else:
        number, width = _number_after(doc)
    new_ids: dict[str, str] = {}
    pending_add: list[tuple[str, dict[str, Any]]] = []
    for source, (_, t) in sources.items():
        if _active(t) and source not in adopting and source not in recorded:
            number += 1
            new_id = f"{doc.id}-{number:0{width}d}"
            new_ids[source] = new_id
            pending_add.append((source, t))

    # changed fields of the items adopted (and still active on both sides)
    for source, item in adopting.items():
        entry = sources.get(source)
        if entry is not None and _active(entry[1]) and not _active(item) and base is not None:
            was = base.get(source)
            if was is not None and not _active(was):  # the template reinstated what the list retired with it
                result.skipped.append(
                    Skipped(
                        source,
                        _text(item.get("id")),
                        Text(
                            "模板恢复了该事项，本清单随模板销号的事项须由起草人恢复（reinstated 记录）",
                            "the template reinstated the item; the drafter reinstates the list's item (a reinstated record)",
                        ),
                    )
                )
            continue
        if entry is None or not _active(item) or not _active(entry[1]):
            continue
        t = entry[1]
        b = base.get(source) if base is not None else None
        adjustment = item.get("adjustment")
        own = adjustment.get("fields") if isinstance(adjustment, dict) else None
        own_fields = set(own) if isinstance(own, list) else set()
        item_id = _text(item.get("id"))
        for key in SYNCED:
            now, local = t.get(key), item.get(key)
            if same(key, now, local, laws, departments):
                continue
            if b is None:
                if key not in own_fields:
                    result.conflicts.append(Conflict(item_id, source, key, None, now, local, has_base=False))
                continue
            was = b.get(key)
            if same(key, was, local, laws, departments):
                plan.sets.setdefault(item_id, {})[key] = copy.deepcopy(now)
                result.updated.append(Updated(item_id, source, key, local, now))
            elif not same(key, was, now, laws, departments):
                result.conflicts.append(Conflict(item_id, source, key, was, now, local))
            # else: the template did not move; the list's own value stands

    item_changes = bool(pending_add or plan.sets or template_changes)
    if item_changes and is_published(header):
        draft_revision = next_revision(revision)
        result.new_revision = draft_revision
        plan.header["revision"] = draft_revision
        plan.header["approval"] = None
        result.notes.append(
            Text(
                f"{revision} 版已印发：同步写入新的 {draft_revision} 版（草稿），审定后用 qingdan publish 印发，"
                "并用 qingdan report 生成调整说明",
                f"revision {revision} is published: the sync goes into the new draft revision {draft_revision}; "
                "publish it with qingdan publish once reviewed, and write its report with qingdan report",
            )
        )
    needs_admission = isinstance(baseline, str) and revision_key(draft_revision) > revision_key(baseline)

    for source, t in pending_add:
        fields = {k: copy.deepcopy(t[k]) for k in COPIED if k in t}
        admission = "none"
        if needs_admission:
            if isinstance(t.get("admission"), dict):
                fields["admission"] = copy.deepcopy(t["admission"])
                admission = "copied"
            else:
                admission = "needed"
        new = {**fields, "id": new_ids[source], "from": source, "status": "active", "since": draft_revision}
        plan.add.append(_ordered(new))
        result.added.append(Added(new_ids[source], source, _text(t.get("name")), admission))
        if admission == "needed":
            result.notes.append(
                Text(
                    f"新增事项 {new_ids[source]}（采用 {source}）在基准版次 {baseline} 之后，须补充准入记录（admission）",
                    f"the new item {new_ids[source]} (from {source}) comes after the baseline {baseline} and "
                    "needs an admission record",
                )
            )

    # retired: the template items retired while the list's item adopting them is active
    for source, (_, t) in sources.items():
        adopter = adopting.get(source)
        if _active(t) or adopter is None or not _active(adopter):
            continue
        item_id = _text(adopter.get("id"))
        found_record = t.get("retired")
        record: dict[str, Any] = found_record if isinstance(found_record, dict) else {}
        reason = _text(record.get("reason"))
        if not reason:
            result.skipped.append(
                Skipped(
                    source,
                    item_id,
                    Text("模板事项已销号但未写原因", "the template item is retired without a reason"),
                )
            )
            continue
        successors: list[str] = []
        missing: list[str] = []
        for replacement in record.get("replaced_by") or []:
            found = adopting.get(replacement)
            if found is not None and _active(found):
                successors.append(_text(found.get("id")))
            elif replacement in new_ids:
                successors.append(new_ids[replacement])
            else:
                missing.append(str(replacement))
        if missing and reason in ("merged", "duplicate"):
            result.skipped.append(
                Skipped(
                    source,
                    item_id,
                    Text(
                        f"模板以 {'、'.join(missing)} 承接，本清单没有采用它们的在用事项；请手工销号",
                        f"the template names {', '.join(missing)} as successors, which no active item of this "
                        "list adopts; retire it by hand",
                    ),
                )
            )
            continue
        tomb: dict[str, Any] = {
            "revision": draft_revision,
            "date": header.get("effective"),
            "reason": reason,
        }
        if _text(record.get("note")):
            tomb["note"] = record["note"]
        if record.get("basis"):
            tomb["basis"] = copy.deepcopy(record["basis"])
        if successors:
            tomb["replaced_by"] = successors
        plan.retire[item_id] = tomb
        result.retired.append(Retired(item_id, source, _text(adopter.get("name")), reason, successors))

    if result.changes:
        plan.header["template_revision"] = target
    return plan


def _scope(plan: _Plan) -> tuple[set[str], bool]:
    """The ids of the list's items the plan changes (successors of a merge among them), and whether it adds."""
    ids = set(plan.sets) | set(plan.retire)
    for record in plan.retire.values():
        if record["reason"] == "merged":
            ids |= set(record.get("replaced_by") or [])
    return ids - {new["id"] for new in plan.add}, bool(plan.add)


def _apply(plan: _Plan, header: Any, items: dict[str, Any], append: Callable[[Any], None]) -> set[str]:
    """Make the plan's changes in the round-trip header and items of the list; the ids of the items touched."""
    for key, value in plan.header.items():
        if value is None:
            yamlio.delete_key(header, key)
        else:
            yamlio.set_key(header, key, value, LIST_KEYS)
    touched: set[str] = set()
    for item_id, values in plan.sets.items():
        for key, value in values.items():
            if value is None:
                yamlio.delete_key(items[item_id], key)
            else:
                yamlio.set_key(items[item_id], key, value, ITEM_KEYS)
        touched.add(item_id)
    added = {
        new["id"]: copy.deepcopy(new) for new in plan.add
    }  # the plan stays as planned: a retry reuses it
    for item_id, record in plan.retire.items():
        yamlio.set_key(items[item_id], "status", "retired", ITEM_KEYS)
        yamlio.set_key(items[item_id], "retired", record, ITEM_KEYS)
        touched.add(item_id)
        if record["reason"] != "merged":
            continue
        for successor in record.get("replaced_by") or []:  # as qingdan retire records a merge
            if successor in added:
                merged = list(added[successor].get("merged_from") or [])
                added[successor]["merged_from"] = [*merged, item_id]
                continue
            merged = [str(v) for v in items[successor].get("merged_from") or []]
            if item_id not in merged:
                yamlio.set_key(items[successor], "merged_from", [*merged, item_id], ITEM_KEYS)
            touched.add(successor)
    for new in added.values():
        append(_ordered(new))
        touched.add(new["id"])
    return touched


# ---- the command -------------------------------------------------------------------------------


def _choose(loaded: Loaded, template: str, lists: list[str] | None) -> tuple[ListDoc, list[ListDoc]]:
    by_id: dict[str, ListDoc] = {}
    for doc in loaded.docs:
        if doc.id:
            by_id.setdefault(doc.id, doc)
    source = by_id.get(template)
    if source is None:
        raise UsageError(f"找不到模板清单：{template}", f"no template list {template}")
    if not_a_template(source) is not None:
        raise UsageError(
            f"{template} 是基层单位自己的清单，不能作为模板",
            f"{template} is a unit's own list, not a template",
        )
    if lists:
        chosen = named_lists(loaded.docs, lists)
        for doc in chosen:
            if doc.template != template:
                raise UsageError(
                    f"清单 {doc.id} 不采用模板 {template}（list.template：{doc.template or '未填写'}）",
                    f"list {doc.id} does not adopt {template} (list.template: {doc.template or 'none'})",
                )
    else:
        chosen = [d for d in loaded.docs if d.template == template and d is not source]
    if not chosen:
        raise UsageError(
            f"没有清单采用模板 {template}（list.template）", f"no list adopts the template {template}"
        )
    return source, chosen


def sync(
    start: Path,
    template: str,
    lists: list[str] | None = None,
    *,
    dry_run: bool = False,
    draft: bool = False,
    progress: Progress | None = None,
    branch: str | None = None,
) -> SyncReport:
    """`qingdan sync [LIST…] --template T`: each list adopting T brought to T's current revision.

    With dry_run nothing is written; with draft a list is written even where the result does not
    validate (e.g. a new item whose admission record the drafter has yet to supply). With branch,
    the written lists are committed on a new branch of that name started at HEAD, for review: checked
    before anything is written (a valid, free name; the lists without uncommitted changes)."""
    root = find_root(start)
    if branch is not None and dry_run:
        raise UsageError(
            "--branch 与 --dry-run 不能同时使用", "--branch and --dry-run cannot be used together"
        )
    loaded = load_repository(root, check_lists=False)
    source, chosen = _choose(loaded, template, lists)
    with contextlib.ExitStack() as stack:
        repo = stack.enter_context(GitRepo(root)) if branch is not None else None
        if repo is not None and branch is not None:
            repo.can_branch(branch, [d.file for d in chosen])
        bases = Bases(root, source)
        report = SyncReport(template, str(source.header.get("revision", "")), dry_run)
        for n, doc in enumerate(chosen):
            followed = doc.header.get("template_revision")
            base = bases.at(followed) if isinstance(followed, str) else None
            plan = plan_list(doc, source, base, loaded.laws, departments=loaded.departments)
            if plan.result.changes and not dry_run:
                plan = _write(start, doc, source, base, draft)
            report.lists.append(plan.result)
            if progress is not None:
                progress(n + 1, len(chosen))
        written = [r.file for r in report.lists if r.written]
        if repo is not None and branch is not None and written:
            report.commit = repo.commit_on_new_branch(
                branch, written, report.commit_message(loaded.config.report_lang)
            )
            report.branch = branch
    return report


def _write(
    start: Path, doc: ListDoc, template: ListDoc, base: dict[str, dict[str, Any]] | None, draft: bool
) -> _Plan:
    """One edit transaction for one list: planned again from the file as it is under the lock."""
    state: dict[str, _Plan] = {}

    def locate(loaded: Loaded) -> ListDoc:
        found = next((d for d in loaded.docs if d.file == doc.file and d.id == doc.id), None)
        if found is None:
            raise UsageError(f"找不到清单 {doc.id}", f"no list {doc.id}")
        current = next((d for d in loaded.docs if d.id == template.id), template)
        state["plan"] = plan_list(
            found, current, base, loaded.laws, first_id=next_id(loaded, found), departments=loaded.departments
        )
        return found

    def scope(found: ListDoc) -> tuple[set[str], bool]:
        return _scope(state["plan"])

    def change(
        header: Any, items: dict[str, Any], append: Callable[[Any], None], found: ListDoc
    ) -> tuple[str, str, str | None, set[str]]:
        plan = state["plan"]
        touched = _apply(plan, header, items, append)
        r = plan.result
        return (
            f"{r.list_id}：按模板 {r.template} {r.target} 版同步",
            f"{r.list_id}: synced with {r.template} revision {r.target}",
            None,
            touched,
        )

    try:
        result = transact_list(start, {doc.id}, locate, scope, change, draft=draft)
    except EditRefused as refused:
        plan = state.get("plan") or plan_list(doc, template, base)
        plan.result.refused = Text(refused.zh, refused.en)
        plan.result.findings = list(refused.findings)
        return plan
    plan = state["plan"]
    plan.result.written = result.written
    return plan
