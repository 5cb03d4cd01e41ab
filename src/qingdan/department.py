"""qingdan dept: the lists read from a department's side (襄城's department catalogue, one to one with
the township lists): every active item that names the department as lead or cooperating, by list and
category, with what the department does and what the township does (配合) or how the department now
works the recalled duty (收回, 工作方式); and the 多头管理 table of how many duties each department
places on each list."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qingdan.errors import UsageError
from qingdan.lawwork import open_repository
from qingdan.model import ListDoc
from qingdan.registry import Departments


@dataclass
class DeptItem:
    list_id: str
    id: str
    name: str
    category: str
    role: str  # lead | cooperating
    department_duty: str = ""
    township_duty: str = ""
    working_mode: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "list": self.list_id,
            "id": self.id,
            "name": self.name,
            "category": self.category,
            "role": self.role,
            "department_duty": self.department_duty,
            "township_duty": self.township_duty,
            "working_mode": self.working_mode,
        }


@dataclass
class DeptReport:
    department: str
    items: list[DeptItem] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        """list id -> category -> items."""
        out: dict[str, Counter[str]] = {}
        for item in self.items:
            out.setdefault(item.list_id, Counter())[item.category] += 1
        return {k: dict(v) for k, v in out.items()}

    def as_dict(self) -> dict[str, Any]:
        return {
            "department": self.department,
            "total": len(self.items),
            "counts": self.counts(),
            "items": [i.as_dict() for i in self.items],
        }


@dataclass
class DeptMatrix:
    """How many active items each department leads or cooperates on, per list (多头管理)."""

    lists: list[str]
    rows: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"lists": self.lists, "departments": self.rows}


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _name(value: Any, registry: Departments | None) -> str:
    text = _text(value)
    return (registry.canonical(text) if registry and text else None) or text


def _roles(item: dict[str, Any], registry: Departments | None) -> list[tuple[str, str]]:
    """(department, role) for the lead and each cooperating department of an item."""
    out = []
    lead = _name(item.get("lead_department"), registry)
    if lead:
        out.append((lead, "lead"))
    others = item.get("cooperating_departments")
    for other in others if isinstance(others, list) else []:
        name = _name(other, registry)
        if name and name != lead:
            out.append((name, "cooperating"))
    return out


def _active(doc: ListDoc) -> list[dict[str, Any]]:
    return [item for _, item in doc.items() if item.get("status", "active") == "active"]


def department_view(start: Path, name: str) -> DeptReport:
    """`qingdan dept NAME`: the department named (a registered name or alias) across every list."""
    repo = open_repository(start, law_texts=False)
    registry = repo.loaded.departments
    wanted = name.strip()
    if registry is not None:
        canonical = registry.canonical(wanted)
        if canonical is None:
            close = registry.suggest(wanted)
            raise UsageError(
                f"部门名录中没有 {wanted}" + (f"（是否为 {close}？）" if close else ""),
                f"no department {wanted} in the registry" + (f" (did you mean {close}?)" if close else ""),
            )
        wanted = canonical
    report = DeptReport(wanted)
    for doc in repo.loaded.docs:
        for item in _active(doc):
            for department, role in _roles(item, registry):
                if department == wanted:
                    report.items.append(
                        DeptItem(
                            list_id=doc.id, id=_text(item.get("id")), name=_text(item.get("name")),
                            category=_text(item.get("category")), role=role,
                            department_duty=_text(item.get("department_duty")),
                            township_duty=_text(item.get("township_duty")),
                            working_mode=_text(item.get("working_mode")),
                        )
                    )  # fmt: skip
    if not report.items and registry is None:
        raise UsageError(f"没有清单提到部门 {wanted}", f"no list names the department {wanted}")
    return report


def department_matrix(start: Path) -> DeptMatrix:
    """`qingdan dept --all`: departments × lists, the active items each department places on each list."""
    repo = open_repository(start, law_texts=False)
    registry = repo.loaded.departments
    matrix = DeptMatrix([doc.id for doc in repo.loaded.docs])
    for doc in repo.loaded.docs:
        for item in _active(doc):
            for department, _ in _roles(item, registry):
                row = matrix.rows.setdefault(department, {})
                row[doc.id] = row.get(doc.id, 0) + 1
    matrix.rows = dict(sorted(matrix.rows.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])))
    return matrix
