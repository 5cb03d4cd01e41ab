"""qingdan assess: each assessment's indicators beside the list items they measure, with the findings
of the assessment rules (QD98x, qingdan.rules.assessment).

The repository's assessments are assessments/*.yaml; a file named on the command line is checked as
an assessment wherever it lies inside the repository (a draft before it is filed), never outside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qingdan.errors import UsageError
from qingdan.model import AssessmentDoc, CheckResult
from qingdan.validate import read_assessment, run_rules
from qingdan.workspace import Workspace


@dataclass
class MeasuredItem:
    id: str
    list_id: str = ""
    name: str = ""
    category: str = ""
    status: str = ""  # "" when the id names no item

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "list": self.list_id,
            "name": self.name,
            "category": self.category,
            "status": self.status,
        }


@dataclass
class IndicatorView:
    id: str
    name: str
    points: float | None
    evidence: str
    items: list[MeasuredItem] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # codes of the findings on this indicator

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "points": self.points,
            "evidence": self.evidence,
            "items": [i.as_dict() for i in self.items],
            "rules": self.rules,
        }


@dataclass
class AssessmentView:
    id: str
    file: str
    title: str
    assessor: str
    lists: list[str]
    indicators: list[IndicatorView] = field(default_factory=list)

    @property
    def points(self) -> float:
        return sum(i.points or 0 for i in self.indicators)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "file": self.file,
            "title": self.title,
            "assessor": self.assessor,
            "lists": self.lists,
            "points": self.points,
            "indicators": [i.as_dict() for i in self.indicators],
        }


@dataclass
class AssessReport:
    assessments: list[AssessmentView] = field(default_factory=list)
    result: CheckResult = field(default_factory=CheckResult)

    def exit_code(self) -> int:
        return self.result.exit_code()


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _view(
    doc: AssessmentDoc, items: dict[str, tuple[str, dict[str, Any]]], result: CheckResult
) -> AssessmentView:
    view = AssessmentView(doc.id, doc.file, doc.title, doc.assessor, doc.lists)
    for index, entry in doc.indicators():
        name, evidence = entry.get("name"), entry.get("evidence")
        indicator = IndicatorView(
            id=str(entry.get("id", "")),
            name=name if isinstance(name, str) else "",
            points=_number(entry.get("points")),
            evidence=evidence if isinstance(evidence, str) else "",
        )
        named = entry.get("items")
        for item_id in named if isinstance(named, list) else []:
            if not isinstance(item_id, str):
                continue
            measured = MeasuredItem(item_id)
            if item_id in items:
                list_id, item = items[item_id]
                measured.list_id = list_id
                measured.name = str(item.get("name", ""))
                measured.category = str(item.get("category", ""))
                measured.status = str(item.get("status", "active"))
            indicator.items.append(measured)
        indicator.rules = sorted(
            {f.rule for f in result.findings if f.file == doc.file and f.path[:2] == ("indicators", index)}
        )
        view.indicators.append(indicator)
    return view


def assess(start: Path, files: list[Path] | None = None) -> AssessReport:
    """Check the repository's assessments (or the named files, as assessments) against its lists."""
    ws = Workspace.open(start)
    loaded = ws.lists()
    chosen: set[str] | None = None
    if files:
        chosen = set()
        for path in files:
            if not path.exists():
                raise UsageError(f"文件不存在：{path}", f"no such file: {path}")
            rel = loaded.config.relative(path)
            chosen.add(rel)
            if any(a.file == rel for a in loaded.assessments):
                continue
            read_assessment(loaded, rel)
    filed = set(loaded.config.assessment_files())
    if not filed and not chosen:
        raise UsageError(
            "仓库中没有考核方案（assessments/*.yaml）",
            "the repository has no assessments (assessments/*.yaml)",
        )
    wanted = chosen if chosen is not None else filed
    result = run_rules(loaded)
    result.findings = [f for f in result.findings if f.file in wanted]
    result.files = len(wanted)
    items = {
        item["id"]: (doc.id, item)
        for doc in loaded.docs
        for _, item in doc.items()
        if isinstance(item.get("id"), str)
    }
    report = AssessReport(result=result)
    for doc in loaded.assessments:
        if doc.file in wanted:
            report.assessments.append(_view(doc, items, result))
    result.items = sum(len(i.items) for a in report.assessments for i in a.indicators)
    return report


def counts_by_assessor(
    assessments: list[AssessmentDoc], canonical: Any = None
) -> dict[str, dict[str, float]]:
    """Per assessor (by its registered name when canonical maps it): assessments, indicators, points."""
    out: dict[str, dict[str, float]] = {}
    for doc in assessments:
        name = (canonical(doc.assessor) if canonical else None) or doc.assessor or "?"
        entry = out.setdefault(name, {"assessments": 0, "indicators": 0, "points": 0})
        entry["assessments"] += 1
        entry["indicators"] += len(doc.indicators())
        entry["points"] += sum(_number(i.get("points")) or 0 for _, i in doc.indicators())
    return dict(sorted(out.items(), key=lambda kv: (-kv[1]["indicators"], kv[0])))
