"""qingdan stats: how big the lists are and who puts work on the townships.

Per list: active items by category and domain, items per lead department (how many duties each
county department places on a township: the 多头管理 signal), devolved items and the resources that
came with them, retired items by reason. Totals and per-unit averages are taken over the grassroots
units (template lists are shown but not counted), next to the national averages of the 2024-25
township lists: 117 basic, 99 cooperative and 124 recalled items, 340 in all (DOMAIN §2).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qingdan.assessment import counts_by_assessor
from qingdan.lawwork import TOWNSHIP_CATEGORIES, VILLAGE_CATEGORIES, open_repository, select_lists, templates
from qingdan.model import ListDoc
from qingdan.registry import Departments
from qingdan.rules import sourcing
from qingdan.rules.units import units_served

NATIONAL_AVERAGES = {"basic": 117, "cooperative": 99, "recalled": 124, "total": 340}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


@dataclass
class ListStats:
    list_id: str
    file: str
    title: str
    kind: str
    unit: str
    revision: str
    effective: str
    template: bool
    active: int = 0
    retired: int = 0
    categories: Counter[str] = field(default_factory=Counter)
    domains: Counter[str] = field(default_factory=Counter)
    departments: Counter[str] = field(default_factory=Counter)  # lead department -> active items
    department_categories: dict[str, Counter[str]] = field(default_factory=dict)
    retired_reasons: Counter[str] = field(default_factory=Counter)
    devolved: int = 0
    staffing: int = 0
    funding: float = 0.0
    devolved_incomplete: int = 0  # devolved items lacking one of the four resources
    basis_pending: int = 0  # 依据待补: active items whose basis is still to be found (QD310/QD311)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.list_id,
            "file": self.file,
            "title": self.title,
            "kind": self.kind,
            "unit": self.unit,
            "revision": self.revision,
            "effective": self.effective,
            "template": self.template,
            "active": self.active,
            "retired": self.retired,
            "categories": dict(self.categories),
            "domains": dict(self.domains),
            "lead_departments": {
                name: {"total": count, **dict(self.department_categories.get(name, {}))}
                for name, count in self.departments.most_common()
            },
            "retired_reasons": dict(self.retired_reasons),
            "basis_pending": self.basis_pending,
            "devolved": {
                "items": self.devolved,
                "staffing": self.staffing,
                "funding": round(self.funding, 2),
                "incomplete": self.devolved_incomplete,
            },
        }


@dataclass
class KindTotals:
    """Sums over the grassroots lists of one kind (township or village), and per-unit averages."""

    kind: str
    units: int = 0
    active: int = 0
    retired: int = 0
    categories: Counter[str] = field(default_factory=Counter)
    domains: Counter[str] = field(default_factory=Counter)
    departments: Counter[str] = field(default_factory=Counter)
    department_units: Counter[str] = field(
        default_factory=Counter
    )  # units on which the department leads items
    devolved: int = 0
    staffing: int = 0
    funding: float = 0.0

    def average(self, key: str) -> float | None:
        if not self.units:
            return None
        value = self.active if key == "total" else self.categories.get(key, 0)
        return round(value / self.units, 1)

    def as_dict(self) -> dict[str, Any]:
        categories = TOWNSHIP_CATEGORIES if self.kind == "township" else VILLAGE_CATEGORIES
        out: dict[str, Any] = {
            "kind": self.kind,
            "units": self.units,
            "active": self.active,
            "retired": self.retired,
            "categories": dict(self.categories),
            "domains": dict(self.domains),
            "lead_departments": {
                name: {
                    "items": count,
                    "units": self.department_units[name],
                    "per_unit": round(count / self.units, 1),
                }
                for name, count in self.departments.most_common()
            }
            if self.units
            else {},
            "devolved": {
                "items": self.devolved,
                "staffing": self.staffing,
                "funding": round(self.funding, 2),
            },
            "average_per_unit": {k: self.average(k) for k in (*categories, "total")},
        }
        if self.kind == "township":
            out["national_average"] = dict(NATIONAL_AVERAGES)
        return out


@dataclass
class StatsReport:
    lists: list[ListStats] = field(default_factory=list)
    totals: dict[str, KindTotals] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)
    # assessor -> assessments, indicators and points of the assessments/*.yaml (考核以清单为准)
    assessors: dict[str, dict[str, float]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "lists": [s.as_dict() for s in self.lists],
            "totals": {kind: t.as_dict() for kind, t in self.totals.items()},
            "assessments": self.assessors,
            "national_average": dict(NATIONAL_AVERAGES),
            "unreadable": self.unreadable,
        }


def _unit_name(doc: ListDoc) -> str:
    unit = doc.header.get("unit")
    return str(unit.get("name", "")) if isinstance(unit, dict) else ""


def list_stats(doc: ListDoc, template: bool, departments: Departments | None = None) -> ListStats:
    unit = doc.header.get("unit")
    served = [str(u.get("name", "")) for u in units_served(doc)]
    stats = ListStats(
        list_id=doc.id,
        file=doc.file,
        title=str(doc.header.get("title", "")),
        kind=doc.kind,
        unit="、".join(served) if served else (str(unit.get("name", "")) if isinstance(unit, dict) else ""),
        revision=str(doc.header.get("revision", "")),
        effective=str(doc.header.get("effective", "")),
        template=template,
    )
    for _, item in doc.items():
        if item.get("status", "active") != "active":
            stats.retired += 1
            retired = item.get("retired")
            reason = retired.get("reason") if isinstance(retired, dict) else None
            stats.retired_reasons[reason if isinstance(reason, str) else "?"] += 1
            continue
        stats.active += 1
        stats.basis_pending += sourcing.pending(doc, item)
        category = str(item.get("category", "?"))
        stats.categories[category] += 1
        stats.domains[str(item.get("domain", "?"))] += 1
        lead = item.get("lead_department")
        if isinstance(lead, str) and lead.strip():
            name = (departments.canonical(lead) if departments else None) or lead.strip()
            stats.departments[name] += 1
            stats.department_categories.setdefault(name, Counter())[category] += 1
        if item.get("devolved") is True:
            stats.devolved += 1
            resources = item.get("resources") if isinstance(item.get("resources"), dict) else {}
            assert isinstance(resources, dict)
            staffing = _number(resources.get("staffing"))
            funding = _number(resources.get("funding"))
            stats.staffing += int(staffing or 0)
            stats.funding += funding or 0.0
            if any(resources.get(k) in (None, "") for k in ("staffing", "funding", "equipment", "training")):
                stats.devolved_incomplete += 1
    stats.funding = round(stats.funding, 2)
    return stats


def compute_stats(
    docs: list[ListDoc], all_docs: list[ListDoc] | None = None, departments: Departments | None = None
) -> StatsReport:
    """Statistics of docs; all_docs (default docs) decides which lists are templates. A template named
    explicitly in docs while all_docs is larger is counted in the totals like any other list."""
    every = all_docs if all_docs is not None else docs
    template_ids = templates(every)
    explicit = all_docs is not None and len(docs) < len(all_docs)
    report = StatsReport()
    own_units = {_unit_name(d) for d in every if not units_served(d)}
    for doc in docs:
        stats = list_stats(doc, doc.id in template_ids, departments)
        report.lists.append(stats)
        if stats.template and not explicit:
            continue
        kind = "village" if doc.kind == "village" else "township"
        totals = report.totals.setdefault(kind, KindTotals(kind))
        # a list that serves several units (applies_to) adds its items to each of them; a unit
        # without a list of its own counts as a unit of the totals
        served = [u.get("name") for u in units_served(doc)]
        weight = len(served) or 1
        totals.units += sum(1 for n in served if n not in own_units) if served else 1
        totals.active += stats.active * weight
        totals.retired += stats.retired * weight
        for _ in range(weight):
            totals.categories.update(stats.categories)
            totals.domains.update(stats.domains)
            totals.departments.update(stats.departments)
        totals.department_units.update({name: weight for name in stats.departments})
        totals.devolved += stats.devolved * weight
        totals.staffing += stats.staffing * weight
        totals.funding = round(totals.funding + stats.funding * weight, 2)
    return report


def stats(start: Path, lists: list[str] | None = None) -> StatsReport:
    """`qingdan stats`: read the repository around start and count its lists."""
    repo = open_repository(start, law_texts=False)
    docs = select_lists(repo, lists)
    report = compute_stats(docs, repo.loaded.docs, repo.loaded.departments)
    report.unreadable = repo.unreadable
    departments = repo.loaded.departments
    report.assessors = counts_by_assessor(
        repo.loaded.assessments, departments.canonical if departments else None
    )
    return report
