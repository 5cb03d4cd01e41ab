"""The repository's configuration (qingdan.yaml) with the defaults FORMAT.md prescribes."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_NAME = "qingdan.yaml"
ASSESSMENTS = "assessments"  # assessments/*.yaml at the repository root: the indicators of assessments
DEFAULT_DOMAINS = ("党的建设", "经济发展", "民生服务", "平安法治", "城乡建设", "生态环保", "综合保障")
# every provincial-level unit's party committee and government: provinces (省委), autonomous regions
# (自治区党委) and the four municipalities, whose 市委/市政府 are provincial-level
_MUNICIPALITIES = ("北京", "天津", "上海", "重庆")
DEFAULT_APPROVERS = (
    ("省委", "省委员会", "省人民政府", "省政府")
    + ("自治区党委", "自治区委员会", "自治区人民政府", "自治区政府")
    + tuple(f"{city}市{body}" for city in _MUNICIPALITIES for body in ("委", "委员会", "人民政府", "政府"))
)

# provisions that state a government's general competence, not a specific duty: beside a department's
# own document they do not make a specific legal basis (QD401)
DEFAULT_GENERAL_PROVISIONS = (
    ("中华人民共和国宪法", ("第一百零五条", "第一百零七条")),
    (
        "中华人民共和国地方各级人民代表大会和地方各级人民政府组织法",
        ("第七十三条", "第七十六条", "第八十六条"),
    ),
)


def today() -> dt.date:
    """The date rules measure against; QINGDAN_TODAY pins it for reproducible runs."""
    pinned = os.environ.get("QINGDAN_TODAY")
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            pass
    return dt.date.today()


@dataclass
class Config:
    root: Path
    file: str | None = None
    lists: list[str] = field(default_factory=lambda: ["lists/**/*.yaml"])
    laws: str = "lists/laws.yaml"
    departments: str = "lists/departments.yaml"
    law_texts: str | None = None
    domains: list[str] = field(default_factory=lambda: list(DEFAULT_DOMAINS))
    rules: dict[str, str] = field(default_factory=dict)
    approvers: list[str] = field(default_factory=lambda: list(DEFAULT_APPROVERS))
    min_publicity_days: int = 7
    review_interval_months: int = 12
    report_lang: str = "zh"
    report_dir: str = "reports"
    similarity: float = 0.85
    general_provisions: list[tuple[str, list[str]]] = field(
        default_factory=lambda: [(name, list(articles)) for name, articles in DEFAULT_GENERAL_PROVISIONS]
    )
    today: dt.date = field(default_factory=today)

    def apply(self, data: dict[str, Any]) -> None:
        """Take the values of a schema-valid config document."""
        for key in ("lists", "domains"):
            if isinstance(data.get(key), list):
                setattr(self, key, [str(v) for v in data[key]])
        for key in ("laws", "departments", "law_texts"):
            if isinstance(data.get(key), str):
                setattr(self, key, data[key])
        if isinstance(data.get("rules"), dict):
            self.rules = {str(k): str(v) for k, v in data["rules"].items()}
        admission = data.get("admission")
        if isinstance(admission, dict):
            if isinstance(admission.get("approvers"), list):
                self.approvers = [str(v) for v in admission["approvers"]]
            if isinstance(admission.get("min_publicity_days"), int):
                self.min_publicity_days = admission["min_publicity_days"]
        review = data.get("review")
        if isinstance(review, dict) and isinstance(review.get("interval_months"), int):
            self.review_interval_months = review["interval_months"]
        report = data.get("report")
        if isinstance(report, dict):
            if report.get("lang") in ("zh", "en"):
                self.report_lang = str(report["lang"])
            if isinstance(report.get("dir"), str):
                self.report_dir = report["dir"]
        if isinstance(data.get("similarity"), int | float):
            self.similarity = float(data["similarity"])
        basis = data.get("basis")
        if isinstance(basis, dict) and isinstance(basis.get("general_provisions"), list):
            self.general_provisions = [
                (str(entry["instrument"]), [str(a) for a in entry["articles"]])
                for entry in basis["general_provisions"]
                if isinstance(entry, dict)
                and isinstance(entry.get("articles"), list)
                and "instrument" in entry
            ]

    def relative(self, path: Path) -> str:
        """A repository-relative, slash-separated name for messages and reports."""
        try:
            # the folder is resolved, the file is not: a symlinked list is named where it stands
            where = Path(os.path.realpath(Path(os.path.abspath(path)).parent)) / path.name
            return where.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def registry_files(self) -> set[str]:
        names = {self.laws, self.departments}
        if self.file:
            names.add(self.file)
        return {Path(n).as_posix() for n in names}

    def is_assessment(self, rel: str) -> bool:
        parts = Path(rel).parts
        return len(parts) == 2 and parts[0] == ASSESSMENTS and rel.endswith(".yaml")

    def assessment_files(self) -> list[str]:
        """Repository-relative names of the assessment files (assessments/*.yaml), never lists."""
        folder = self.root / ASSESSMENTS
        if not folder.is_dir():
            return []
        return sorted(f"{ASSESSMENTS}/{p.name}" for p in folder.glob("*.yaml") if not p.is_dir())

    def list_files(self) -> list[str]:
        """Repository-relative names of every list file the configured patterns match."""
        skip = self.registry_files()
        found: set[str] = set()
        for pattern in self.lists:
            for path in self.root.glob(pattern):
                # not only regular files: a FIFO or device named like a list gets a finding, not silence
                if not path.is_dir():
                    rel = path.relative_to(self.root).as_posix()
                    if rel not in skip and not self.is_assessment(rel):
                        found.add(rel)
        return sorted(found)


def find_root(start: Path) -> Path:
    """The list repository around start: the nearest folder with qingdan.yaml, else with .git, else
    with lists/laws.yaml."""
    start = Path(os.path.abspath(start))
    if start.exists() and not start.is_dir():
        start = start.parent  # never follow the file's own symlink out of its repository
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    # no configuration and no git: the folder that holds the default lists/ layout
    for folder in (start, *start.parents):
        if (folder / "lists" / "laws.yaml").is_file():
            return folder
    return start
