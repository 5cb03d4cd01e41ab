"""Rule 7 over history: a change that gives a township more work is an admission event, and the
baseline moves only with a revision that is approved as a whole.

Read by qingdan check from the semantic diff between the base and the work tree. A new item needs its
`admission`; an existing item whose change adds work needs an entry of its own in `admissions`:

    admissions:
      - change: to_basic          # to_basic | devolved | township_duty
        revision: "2025.3"        # the revision the change is made in
        approver: …               # then the keys of admission: approver, document, approved,
        …                         # justification, publicity, legality_review, requested_by
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from qingdan.diff import Change, DiffResult, ListChange, canonical
from qingdan.labels import CATEGORY_LABELS
from qingdan.model import Finding, ListDoc
from qingdan.revisions import revision_key
from qingdan.rules import finding

# the changes that add work, each with the field the finding points at
WORKLOAD_CHANGES = {"to_basic": "category", "devolved": "devolved", "township_duty": "township_duty"}
_FROM_TO_BASIC = ("recalled", "cooperative")
_APPROVAL_KEYS = ("approver", "document", "date")


def added_work(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """Which of WORKLOAD_CHANGES turn an item's before into its after (both normalized)."""
    out = []
    if before.get("category") in _FROM_TO_BASIC and after.get("category") == "basic":
        out.append("to_basic")
    if before.get("devolved") is not True and after.get("devolved") is True:
        out.append("devolved")
    # a cooperative item's township_duty changed; from basic the township's work shrinks to a part
    if (
        after.get("category") == "cooperative"
        and before.get("category") != "basic"
        and canonical(before.get("township_duty")) != canonical(after.get("township_duty"))
    ):
        out.append("township_duty")
    return out


def admitted(item: Mapping[str, Any], change: str, base_revision: str | None, revision: str) -> bool:
    """The item records an admission of `change` made after the base and no later than revision."""
    records = item.get("admissions")
    for record in records if isinstance(records, list) else []:
        if not isinstance(record, dict) or record.get("change") != change:
            continue
        made = record.get("revision")
        if not isinstance(made, str) or revision_key(made) > revision_key(revision):
            continue
        if made == revision or base_revision is None or revision_key(made) > revision_key(base_revision):
            return True
    return False


def _describe(change: str, before: Mapping[str, Any]) -> tuple[str, str]:
    if change == "to_basic":
        was = CATEGORY_LABELS.get(str(before.get("category")))
        return (
            f"由{was.zh if was else before.get('category')}改为基本履职事项",
            f"recategorised from {was.en if was else before.get('category')} to basic",
        )
    if change == "devolved":
        return "改为下沉（赋权）事项", "turned devolved on"
    return "改动了配合事项的乡镇职责（township_duty）", "changed a cooperative item's township_duty"


def _work_findings(
    change: Change, doc: ListDoc, index: int, item: dict[str, Any], list_change: ListChange | None
) -> Iterator[Finding]:
    if change.before is None or change.after is None or "added" in change.kinds:
        return  # a new item's admission is rule 7 itself (QD701)
    revision, baseline = doc.header.get("revision"), doc.header.get("baseline")
    if not isinstance(revision, str):
        return
    if isinstance(baseline, str) and revision_key(revision) <= revision_key(baseline):
        return  # the revision that approves the whole list covers its own changes
    base_revision = list_change.revision_before if list_change and not change.list_before else None
    for kind in added_work(change.before, change.after):
        if admitted(item, kind, base_revision, revision):
            continue
        zh, en = _describe(kind, change.before)
        yield finding(
            doc,
            "QD712",
            ("items", index, WORKLOAD_CHANGES[kind]),
            item,
            id=change.item,
            change=kind,
            change_zh=zh,
            change_en=en,
            revision=revision,
        )


def approval_of(header: Mapping[str, Any]) -> dict[str, str] | None:
    """The list's whole-list approval (list.approval) when it is well formed, else None."""
    approval = header.get("approval")
    if not isinstance(approval, dict):
        return None
    values = {key: approval.get(key) for key in _APPROVAL_KEYS}
    if not all(isinstance(v, str) and v.strip() for v in values.values()):
        return None
    return {key: str(value) for key, value in values.items()}


def baseline_move(list_change: ListChange) -> tuple[str | None, str | None] | None:
    """(old, new) when the list's baseline changed between the two sides, else None."""
    for field in list_change.fields:
        if field.path == "baseline":
            old, new = field.old, field.new
            return (None if old is None else str(old), None if new is None else str(new))
    return None


def _baseline_findings(doc: ListDoc, list_change: ListChange) -> Iterator[Finding]:
    move = baseline_move(list_change)
    if move is None:
        return
    old, new = move
    revision = doc.header.get("revision")
    approval = approval_of(doc.header)
    where = ("list", "baseline") if new is not None else ("list",)
    shown = {"list": doc.id, "old": old or "（无）", "new": new or "（无）", "revision": revision}
    # an approval left over from an earlier revision approves nothing of this one
    renewed = any(f.path.split(".")[0] == "approval" for f in list_change.fields)
    stale = not renewed and list_change.revision_before != list_change.revision_after
    if approval is not None and not stale and new is not None and new == revision:
        yield finding(doc, "QD715", where, None, **shown, **approval)
        return
    if approval is None:
        zh = "清单信息中没有完整的整体审定记录（list.approval：approver、document、date）"
        en = "the list header has no complete whole-list approval (list.approval: approver, document, date)"
    elif stale:
        zh = f"整体审定记录（list.approval）沿用 {list_change.revision_before} 版的，不是本版次 {revision} 的"
        en = f"the whole-list approval (list.approval) is the one of {list_change.revision_before}, not of {revision}"
    else:
        zh = f"新的基准版次不是清单当前版次 {revision}"
        en = f"the new baseline is not the list's current revision {revision}"
    yield finding(doc, "QD714", where, None, **shown, problem_zh=zh, problem_en=en)


Places = dict[str, tuple[ListDoc, int, dict[str, Any]]]


def item_places(docs: list[ListDoc]) -> Places:
    """item id -> (list, index, item) of the first item with that id: what the history rules look up.
    A check computes it once for all its comparisons (a province holds hundreds of thousands of items)."""
    places: Places = {}
    for doc in docs:
        for index, item in doc.items():
            if isinstance(item.get("id"), str):
                places.setdefault(item["id"], (doc, index, item))
    return places


def history_findings(result: DiffResult, docs: list[ListDoc], places: Places | None = None) -> list[Finding]:
    """QD712 for every change that adds township work without its admission record, QD714/QD715 for
    every baseline move. places: item_places(docs), when the caller has it."""
    lists = {doc.id: doc for doc in reversed(docs) if doc.id}
    if places is None:
        places = item_places(docs)
    out: list[Finding] = []
    for change in result.changes:
        place = places.get(change.item)
        if place is not None:
            out += _work_findings(change, *place, result.lists.get(change.list_id))
    for list_id, list_change in result.lists.items():
        current = lists.get(list_id)
        if current is not None and list_change.status == "changed":
            out += _baseline_findings(current, list_change)
    return out
