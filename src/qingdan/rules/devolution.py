"""Rule 6: devolved items carry all four resources and a review schedule that is not overdue."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from qingdan.model import Finding
from qingdan.rules import Context, finding, is_active

RESOURCE_KEYS = ("staffing", "funding", "equipment", "training")
# words that fill a resource field without naming anything (compared without spaces, punctuation and case):
# 无, 暂无, 没有, 无需培训, 暂未配备, 待定, none, n/a, -; but not 无人机 (a drone)
_PLACEHOLDER = re.compile(
    r"(?:暂|尚|目前)?(?:无|没有|未|不需要|无需|不涉及|待定|待补充)(?:配备|配置|安排|培训|装备|计划|需要)?"
    r"|none|nil|null|n/?a|tbd|0|[-—－/／]+"
)
_FILLER = re.compile(r"[\s。．.，,、；;：:！!…]+")


def is_placeholder(value: Any) -> bool:
    """Empty text, or a word that says nothing is provided (无, 暂无, none, -)."""
    if not isinstance(value, str):
        return False
    text = _FILLER.sub("", value).casefold()
    return text == "" or _PLACEHOLDER.fullmatch(text) is not None


def _real_resources(
    doc: Any, path: tuple[Any, ...], item: dict[str, Any], resources: dict[str, Any]
) -> Iterator[Finding]:
    """Rule 6: resources that are there must be real: a post or a reason for none, money, named equipment and training."""
    rpath = path + ("resources",)
    staffing, reason = resources.get("staffing"), resources.get("no_staffing_reason")
    if isinstance(staffing, int) and not isinstance(staffing, bool) and staffing < 1:
        if reason is None:
            yield finding(doc, "QD605", rpath + ("staffing",), item, staffing=staffing)
        elif is_placeholder(reason):
            yield finding(doc, "QD605", rpath + ("no_staffing_reason",), item, staffing=staffing)
    funding = resources.get("funding")
    if isinstance(funding, int | float) and not isinstance(funding, bool) and funding <= 0:
        yield finding(doc, "QD606", rpath + ("funding",), item, funding=funding)
    for key in ("equipment", "training"):
        value = resources.get(key)
        if value not in (None, "") and is_placeholder(value):
            yield finding(doc, "QD607", rpath + (key,), item, key=key, value=value)


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
        yield from _real_resources(doc, path, item, resources)
        review = item.get("review")
        if not isinstance(review, dict):
            yield finding(doc, "QD602", path, item)
            continue
        next_date = review.get("next")
        if isinstance(next_date, str) and next_date < today:
            yield finding(doc, "QD603", path + ("review", "next"), item, next=next_date)
