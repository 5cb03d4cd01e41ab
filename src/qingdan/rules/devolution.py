"""Rule 6: devolved items carry all four resources and a review schedule that is not overdue."""

from __future__ import annotations

from collections.abc import Iterator

from qingdan.model import Finding
from qingdan.rules import Context, finding, is_active

RESOURCE_KEYS = ("staffing", "funding", "equipment", "training")


def check(ctx: Context) -> Iterator[Finding]:
    today = ctx.config.today.isoformat()
    for doc, index, item in ctx.all_items():
        if item.get("devolved") is not True or not is_active(item):
            continue
        path = ("items", index)
        resources = item.get("resources")
        resources = resources if isinstance(resources, dict) else {}
        missing = [key for key in RESOURCE_KEYS if resources.get(key) in (None, "")]
        if missing:
            yield finding(
                doc, "QD601", path + (("resources",) if resources else ()), item, missing=", ".join(missing)
            )
        review = item.get("review")
        if not isinstance(review, dict):
            yield finding(doc, "QD602", path, item)
            continue
        next_date = review.get("next")
        if isinstance(next_date, str) and next_date < today:
            yield finding(doc, "QD603", path + ("review", "next"), item, next=next_date)
