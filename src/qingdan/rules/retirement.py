"""Rule 8: retired items keep a complete tombstone, and every item reference points at a real item."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from qingdan.labels import REASON_LABELS
from qingdan.model import Finding, ListDoc, Path
from qingdan.revisions import revision_key
from qingdan.rules import Context, Summary, finding, first_of, located
from qingdan.rules.devolution import is_placeholder

LAW_REASONS = ("law_repealed", "law_amended")
SUCCESSOR_REASONS = ("merged", "duplicate")
# the exits of a devolved item that rest on 科学评估、基层反馈 (an evaluation and grassroots feedback)
EVALUATED_REASONS = ("unsuitable", "ineffective", "completed")
EVALUATION_KEYS = ("date", "conclusion", "feedback")


def _evaluation(
    doc: ListDoc, item: dict[str, Any], rpath: Path, retired: dict[str, Any]
) -> Iterator[Finding]:
    reason = retired.get("reason")
    if item.get("devolved") is not True or reason not in EVALUATED_REASONS:
        return
    label = REASON_LABELS[reason]
    evaluation = retired.get("evaluation")
    if not isinstance(evaluation, dict):
        yield finding(
            doc,
            "QD808",
            rpath + ("reason",),
            item,
            reason_zh=label.zh,
            reason_en=label.en,
            missing_zh="",
            missing_en="",
        )
        return
    for key in EVALUATION_KEYS:
        value = evaluation.get(key)
        if value is None:
            continue  # the schema names a missing key
        if key != "date" and is_placeholder(value):
            yield finding(
                doc,
                "QD808",
                rpath + ("evaluation", key),
                item,
                reason_zh=label.zh,
                reason_en=label.en,
                missing_zh=f"：「{key}」写的是「{value}」",
                missing_en=f": its '{key}' reads '{value}'",
            )
    evaluated, when = evaluation.get("date"), retired.get("date")
    if isinstance(evaluated, str) and isinstance(when, str) and evaluated > when:
        yield finding(doc, "QD809", rpath + ("evaluation", "date"), item, evaluated=evaluated, retired=when)


def check(ctx: Context) -> Iterator[Finding]:
    yield from _check(ctx, ctx.items_by_id())


def check_file(ctx: Context) -> Iterator[Finding]:
    """Rule 8 without the references to other items (QD804, QD805: see cross)."""
    yield from _check(ctx, None)


def cross(summaries: list[Summary]) -> Iterator[Finding]:
    """QD804 and QD805 from the lists' summaries: replaced_by names an active item, merged_from a real one."""
    wanted = {other for s in summaries for *_, other in s.replaced_by if isinstance(other, str)}
    first = first_of(summaries, wanted | {other for s in summaries for *_, other in s.merged_from})
    for s in summaries:
        for index, item_id, j, other in s.replaced_by:
            found = first.get(other) if isinstance(other, str) else None
            if found is None or found[0].active[found[1]] != "1":
                gone = found is None
                yield located(
                    s.file, "QD804", ("items", index, "retired", "replaced_by", j), item_id, id=other,
                    problem_zh="不存在" if gone else "已销号", problem_en="does not exist" if gone else "is retired",
                )  # fmt: skip
        for index, item_id, j, other in s.merged_from:
            if other not in first:
                yield located(
                    s.file, "QD805", ("items", index, "merged_from", j), item_id, key="merged_from", id=other
                )


def _check(ctx: Context, by_id: dict[str, tuple[ListDoc, int, dict[str, Any]]] | None) -> Iterator[Finding]:
    for doc, index, item in ctx.all_items():
        path = ("items", index)
        status = item.get("status")
        retired = item.get("retired")
        if status == "retired":
            if not isinstance(retired, dict):
                yield finding(doc, "QD801", path, item)
                continue
            rpath = path + ("retired",)
            reason = retired.get("reason")
            yield from _evaluation(doc, item, rpath, retired)
            if reason in LAW_REASONS and not retired.get("basis"):
                yield finding(doc, "QD802", rpath, item, reason=reason)
            successors = retired.get("replaced_by")
            if reason in SUCCESSOR_REASONS and not successors:
                yield finding(doc, "QD803", rpath, item, reason=reason)
            for j, other in enumerate(
                successors if isinstance(successors, list) and by_id is not None else []
            ):
                assert by_id is not None
                target = by_id.get(other) if isinstance(other, str) else None
                if target is None:
                    yield finding(
                        doc,
                        "QD804",
                        rpath + ("replaced_by", j),
                        item,
                        id=other,
                        problem_zh="不存在",
                        problem_en="does not exist",
                    )
                elif target[2].get("status") != "active":
                    yield finding(
                        doc,
                        "QD804",
                        rpath + ("replaced_by", j),
                        item,
                        id=other,
                        problem_zh="已销号",
                        problem_en="is retired",
                    )
            since, when, revision = item.get("since"), retired.get("revision"), doc.header.get("revision")
            if isinstance(since, str) and isinstance(when, str) and isinstance(revision, str):
                # an item may be withdrawn within the unpublished revision that added it (a draft's mistake)
                drafted = since == when == revision and not isinstance(doc.header.get("approval"), dict)
                if not drafted and not revision_key(since) < revision_key(when) <= revision_key(revision):
                    yield finding(
                        doc,
                        "QD807",
                        rpath + ("revision",),
                        item,
                        retired=when,
                        since=since,
                        revision=revision,
                    )
        elif status == "active":
            if isinstance(retired, dict) and not isinstance(item.get("reinstated"), dict):
                yield finding(doc, "QD806", path + ("retired",), item)
            merged = item.get("merged_from")
            for j, other in enumerate(merged if isinstance(merged, list) and by_id is not None else []):
                if by_id is not None and isinstance(other, str) and other not in by_id:
                    yield finding(doc, "QD805", path + ("merged_from", j), item, key="merged_from", id=other)
