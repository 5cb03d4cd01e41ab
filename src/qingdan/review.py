"""qingdan review: devolved items (下沉/赋权事项) whose periodic evaluation is due.

Devolved items are evaluated periodically and exit when they no longer fit (行政处罚法 art. 24;
DOMAIN §6). Each carries `review: {interval_months, next, last?}` and its resources (权随事转、费随事转、
人随事转). This lists the active devolved items whose `next` falls on or before a date (default today),
with their resources and last evaluation; an evaluation whose date has passed is overdue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qingdan.errors import UsageError
from qingdan.lawwork import category_key, open_repository, select_lists, templates
from qingdan.model import ListDoc
from qingdan.rules.units import per_unit

RESOURCE_KEYS = ("staffing", "funding", "equipment", "training")


@dataclass
class ReviewEntry:
    list_id: str
    file: str
    item_id: str
    name: str
    category: str
    lead_department: str | None
    next: str | None  # None: the item has no evaluation schedule at all
    last: str | None
    interval_months: int | None
    overdue: bool
    days: int | None  # days past the due date (negative: days left)
    resources: dict[str, Any] = field(default_factory=dict)

    @property
    def missing_resources(self) -> list[str]:
        return [k for k in RESOURCE_KEYS if self.resources.get(k) in (None, "")]

    def as_dict(self) -> dict[str, Any]:
        return {
            "list": self.list_id,
            "file": self.file,
            "id": self.item_id,
            "name": self.name,
            "category": self.category,
            "lead_department": self.lead_department,
            "next": self.next,
            "last": self.last,
            "interval_months": self.interval_months,
            "overdue": self.overdue,
            "days_overdue": self.days,
            "resources": {k: self.resources.get(k) for k in RESOURCE_KEYS},
            "missing_resources": self.missing_resources,
        }


@dataclass
class ReviewReport:
    today: str
    due_before: str
    entries: list[ReviewEntry] = field(default_factory=list)
    devolved: int = 0  # active devolved items looked at
    lists: list[tuple[str, str]] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)  # template lists left out (not named explicitly)

    @property
    def overdue(self) -> int:
        return sum(1 for e in self.entries if e.overdue)

    @property
    def staffing(self) -> int:
        return sum(v for e in self.entries if isinstance(v := e.resources.get("staffing"), int))

    @property
    def funding(self) -> float:
        return round(
            sum(
                float(v)
                for e in self.entries
                if isinstance(v := e.resources.get("funding"), int | float) and not isinstance(v, bool)
            ),
            2,
        )

    def exit_code(self) -> int:
        """1 when an evaluation is overdue (its date has passed), for a scheduled CI job; else 0."""
        return 1 if self.overdue else 0

    def groups(self) -> list[tuple[str, list[ReviewEntry]]]:
        out: dict[str, list[ReviewEntry]] = {}
        for entry in self.entries:
            out.setdefault(entry.list_id, []).append(entry)
        return [(list_id, out[list_id]) for list_id, _ in self.lists if list_id in out]

    def as_dict(self) -> dict[str, Any]:
        return {
            "today": self.today,
            "due_before": self.due_before,
            "summary": {
                "devolved": self.devolved,
                "due": len(self.entries),
                "overdue": self.overdue,
                "staffing": self.staffing,
                "funding": self.funding,
            },
            "lists": [{"id": i, "title": t} for i, t in self.lists],
            "items": [e.as_dict() for e in self.entries],
            "templates_skipped": self.templates,
            "unreadable": self.unreadable,
        }


def _date(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def due_reviews(docs: list[ListDoc], today: str, due_before: str | None = None) -> ReviewReport:
    """Active devolved items of docs whose evaluation is due on or before due_before (default today).

    An item without a usable review schedule is listed as overdue: the evaluation is required and was
    never planned (validate reports the missing field as well).
    """
    cutoff = due_before or today
    report = ReviewReport(
        today=today,
        due_before=cutoff,
        lists=[(shown, str(d.header.get("title", ""))) for d in docs for shown, _ in per_unit(d)],
    )
    today_date = dt.date.fromisoformat(today)
    # a list that serves several units (applies_to) is evaluated in each of them
    for doc, shown in ((d, shown) for d in docs for shown, _ in per_unit(d)):
        rows = []
        for index, item in doc.items():
            if item.get("status", "active") != "active" or item.get("devolved") is not True:
                continue
            report.devolved += 1
            review = item.get("review") if isinstance(item.get("review"), dict) else {}
            assert isinstance(review, dict)
            next_date = _date(review.get("next"))
            if next_date is not None and next_date > cutoff:
                continue
            resources = item.get("resources") if isinstance(item.get("resources"), dict) else {}
            assert isinstance(resources, dict)
            interval = review.get("interval_months")
            lead = item.get("lead_department")
            days = (today_date - dt.date.fromisoformat(next_date)).days if next_date else None
            rows.append(
                (
                    (next_date or "", category_key(item.get("category")), index),
                    ReviewEntry(
                        list_id=shown,
                        file=doc.file,
                        item_id=str(item.get("id", "")),
                        name=str(item.get("name", "")),
                        category=str(item.get("category", "")),
                        lead_department=lead if isinstance(lead, str) else None,
                        next=next_date,
                        last=_date(review.get("last")),
                        interval_months=interval if isinstance(interval, int) else None,
                        overdue=next_date is None or next_date < today,
                        days=days,
                        resources=dict(resources),
                    ),
                )
            )
        report.entries += [entry for _, entry in sorted(rows, key=lambda r: r[0])]
    return report


def review(start: Path, lists: list[str] | None = None, due_before: str | None = None) -> ReviewReport:
    """`qingdan review`: read the repository around start and list the evaluations that are due."""
    if due_before is not None:
        try:
            due_before = dt.date.fromisoformat(due_before.strip()).isoformat()
        except ValueError:
            raise UsageError(
                f"--due-before 日期无效（应为 YYYY-MM-DD）：{due_before}",
                f"invalid --due-before date (use YYYY-MM-DD): {due_before}",
            ) from None
    repo = open_repository(start, law_texts=False)
    docs = select_lists(repo, lists)
    skipped: list[str] = []
    if not lists:
        # a template's devolved items are evaluated in the units that adopt it, not in the template
        template_ids = templates(repo.loaded.docs)
        skipped = [d.id for d in docs if d.id in template_ids]
        docs = [d for d in docs if d.id not in template_ids]
    report = due_reviews(docs, repo.today, due_before)
    report.unreadable = repo.unreadable
    report.templates = skipped
    return report
