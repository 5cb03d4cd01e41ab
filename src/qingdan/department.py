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
from qingdan.office import xlsx
from qingdan.office.document import Document, Row, Section
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


_CATEGORY_ZH = {"basic": "基本履职事项", "cooperative": "配合履职事项", "recalled": "上级部门收回事项"}
_ROLE_ZH = {"lead": "牵头", "cooperating": "配合"}
_DEPT_HEADERS = ["序号", "事项编号", "事项名称", "角色", "部门职责", "乡镇职责", "工作方式"]


def department_document(report: DeptReport) -> Document:
    """The department's view as an annex: one section per list, a group row per category."""
    doc = Document(title=f"{report.department}涉及乡镇（街道）履职事项", meta=f"共 {len(report.items)} 项")
    order = list(_CATEGORY_ZH)
    for list_id in dict.fromkeys(i.list_id for i in report.items):
        section = Section(title=list_id, headers=list(_DEPT_HEADERS))
        items = sorted(
            (i for i in report.items if i.list_id == list_id),
            key=lambda i: order.index(i.category) if i.category in order else len(order),
        )
        number = 0
        for category in dict.fromkeys(i.category for i in items):
            in_category = [i for i in items if i.category == category]
            label = _CATEGORY_ZH.get(category, category)
            section.rows.append(Row([f"{label}（{len(in_category)}项）"], group=True))
            for item in in_category:
                number += 1
                section.rows.append(
                    Row(
                        [
                            str(number),
                            item.id,
                            item.name,
                            _ROLE_ZH.get(item.role, item.role),
                            item.department_duty,
                            item.township_duty,
                            item.working_mode,
                        ]
                    )  # fmt: skip
                )
        doc.sections.append(section)
    return doc


def matrix_document(matrix: DeptMatrix) -> Document:
    """The 多头管理 table as an annex: departments × lists."""
    section = Section(title="多头管理", headers=["部门", *matrix.lists, "合计"])
    for name, row in matrix.rows.items():
        section.rows.append(Row([name, *[str(row.get(i, "")) for i in matrix.lists], str(sum(row.values()))]))
    return Document(
        title="各部门在各清单牵头或配合的事项数", meta=f"{len(matrix.rows)} 个部门", sections=[section]
    )


def write_workbook(document: Document, target: Path) -> Path:
    """Write the annex as .xlsx at target (atomically; a symlink planted under its name is not followed)."""
    return xlsx.write(document, target)
