"""Rule 2: item ids are unique across the repository, carry their list's id, and previous ids never collide."""

from __future__ import annotations

import re
from collections.abc import Iterator

from qingdan.model import Finding, ListDoc
from qingdan.rules import Context, Summary, finding, first_of, located


def check(ctx: Context) -> Iterator[Finding]:
    lists: dict[str, ListDoc] = {}
    for doc in ctx.docs:
        if not doc.id:
            continue
        if doc.id in lists:
            yield finding(doc, "QD204", ("list", "id"), list=doc.id, other=lists[doc.id].file)
        else:
            lists[doc.id] = doc
    seen: dict[str, tuple[ListDoc, dict[str, object]]] = {}
    for doc, index, item in ctx.all_items():
        item_id = item.get("id")
        if not isinstance(item_id, str):
            continue
        if item_id in seen:
            other_doc, _ = seen[item_id]
            yield finding(doc, "QD201", ("items", index, "id"), item, id=item_id, other=other_doc.file)
        else:
            seen[item_id] = (doc, item)
        if doc.id and not re.fullmatch(re.escape(doc.id) + r"-[0-9]{4,}", item_id):
            yield finding(doc, "QD202", ("items", index, "id"), item, id=item_id, list=doc.id)
    for doc, index, item in ctx.all_items():
        previous = item.get("previous_ids")
        if not isinstance(previous, list):
            continue
        for j, old in enumerate(previous):
            if isinstance(old, str) and old in seen and seen[old][1] is not item:
                yield finding(
                    doc, "QD203", ("items", index, "previous_ids", j), item, id=old, other=seen[old][0].file
                )


def check_file(ctx: Context) -> Iterator[Finding]:
    """The part of rule 2 one list decides alone: its item ids carry its list id (QD202)."""
    for doc, index, item in ctx.all_items():
        item_id = item.get("id")
        if (
            isinstance(item_id, str)
            and doc.id
            and not re.fullmatch(re.escape(doc.id) + r"-[0-9]{4,}", item_id)
        ):
            yield finding(doc, "QD202", ("items", index, "id"), item, id=item_id, list=doc.id)


def cross(summaries: list[Summary]) -> Iterator[Finding]:
    """The part of rule 2 across lists, from the lists' summaries: list ids (QD204), item ids (QD201)
    and previous ids (QD203) unique across the repository."""
    lists: dict[str, str] = {}
    for s in summaries:
        if not s.list_id:
            continue
        if s.list_id in lists:
            yield located(s.file, "QD204", ("list", "id"), None, list=s.list_id, other=lists[s.list_id])
        else:
            lists[s.list_id] = s.file
    every = [item_id for s in summaries for item_id in s.ids if item_id is not None]
    if len(set(every)) != len(every):  # some id repeats: find where, in repository order
        seen: dict[str, str] = {}
        for s in summaries:
            for index, item_id in enumerate(s.ids):
                if item_id is None:
                    continue
                if item_id in seen:
                    yield located(
                        s.file, "QD201", ("items", index, "id"), item_id, id=item_id, other=seen[item_id]
                    )
                else:
                    seen[item_id] = s.file
    first = first_of(summaries, {old for s in summaries for _, _, old in s.previous})
    for s in summaries:
        for index, j, old in s.previous:
            if old in first and (first[old][0].file, first[old][1]) != (s.file, index):
                yield located(
                    s.file,
                    "QD203",
                    ("items", index, "previous_ids", j),
                    s.ids[index],
                    id=old,
                    other=first[old][0].file,
                )
