"""Shared pieces of the law-change commands (impact, review, stats, laws list): loading a repository
for reading, choosing lists, and the vocabulary labels the reports print."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from qingdan import labels
from qingdan.errors import UsageError
from qingdan.i18n import Text
from qingdan.lawtext import LawTexts
from qingdan.model import ListDoc
from qingdan.validate import Loaded
from qingdan.workspace import Workspace

TOWNSHIP_CATEGORIES = ("basic", "cooperative", "recalled")
VILLAGE_CATEGORIES = ("self_governance", "assist_government", "prohibited")
CATEGORY_ORDER = {c: i for i, c in enumerate(TOWNSHIP_CATEGORIES + VILLAGE_CATEGORIES)}
GRASSROOTS_UNITS = frozenset({"township", "subdistrict", "village", "community"})

CATEGORY_LABELS = labels.CATEGORY_LABELS
CATEGORY_SHORT = {
    "basic": Text("基本", "basic"),
    "cooperative": Text("配合", "coop."),
    "recalled": Text("收回", "recalled"),
    "self_governance": Text("自治", "self-gov."),
    "assist_government": Text("协助", "assist"),
    "prohibited": Text("负面", "negative"),
}
LEVEL_LABELS = {
    "constitution": Text("宪法", "constitution"),
    "law": Text("法律", "law"),
    "administrative_regulation": Text("行政法规", "administrative regulation"),
    "local_regulation": Text("地方性法规", "local regulation"),
    "department_rule": Text("部门规章", "department rule"),
    "local_rule": Text("地方政府规章", "local government rule"),
    "party_regulation": Text("党内法规", "party regulation"),
    "normative_document": Text("规范性文件", "normative document"),
    "department_document": Text("部门文件", "department document"),
    "meeting_minutes": Text("会议纪要", "meeting minutes"),
    "leader_instruction": Text("领导批示", "leader's instruction"),
}
STATUS_LABELS = {
    "in_force": Text("现行有效", "in force"),
    "repealed": Text("已废止", "repealed"),
    "active": Text("有效", "active"),
    "retired": Text("已销号", "retired"),
}


def label(table: dict[str, Text], key: str, lang: str) -> str:
    text = table.get(key)
    return text.get(lang) if text is not None else key


@dataclass
class Repository:
    """A repository read for reporting: what was loaded, the law texts if configured, and which files
    could not be read (their items are missing from every report)."""

    root: Path
    loaded: Loaded
    law_texts: LawTexts | None
    unreadable: list[str]

    @property
    def today(self) -> str:
        return self.loaded.config.today.isoformat()


def open_repository(start: Path, law_texts: bool = True) -> Repository:
    """Load the repository around start for a read-only report (with its law texts when asked)."""
    ws = Workspace.open(start)
    root = ws.root
    loaded = ws.lists()
    config_problems = [f for f in loaded.findings if f.rule == "QD925"]
    if config_problems:
        first = config_problems[0]
        raise UsageError(
            f"{first.file} 有误：{first.message('zh')}（qingdan validate 查看详情）",
            f"{first.file} is not valid: {first.message('en')} (see qingdan validate)",
        )
    texts = None
    if law_texts and loaded.config.law_texts:
        folder = root / loaded.config.law_texts
        if not folder.is_dir():
            raise UsageError(
                f"配置的法律文本目录不存在：{loaded.config.law_texts}",
                f"the configured law-text folder does not exist: {loaded.config.law_texts}",
            )
        texts = LawTexts.open(folder)
    parsed = {doc.file for doc in loaded.docs}
    unreadable = sorted(
        {
            f.file
            for f in loaded.findings
            if f.rule < "QD100" and f.file not in parsed and f.file not in loaded.config.registry_files()
        }
    )
    return Repository(root, loaded, texts, unreadable)


def select_lists(repo: Repository, names: Iterable[str] | None) -> list[ListDoc]:
    """The lists named by id or file path (all lists when none are named), in repository order."""
    docs = repo.loaded.docs
    wanted = [n for n in names or () if n]
    if not wanted:
        return list(docs)
    chosen: list[ListDoc] = []
    for name in wanted:
        path = Path(name)
        match = [
            d
            for d in docs
            if d.id == name
            or d.file == name
            or (path.exists() and (repo.root / d.file).resolve() == path.resolve())
        ]
        if not match:
            raise UsageError(
                f"找不到清单 {name}（可用清单编号或文件路径）",
                f"no list {name} (give a list id or a file path)",
            )
        chosen += [d for d in match if d not in chosen]
    return [d for d in docs if d in chosen]


def templates(docs: Iterable[ListDoc]) -> set[str]:
    """Ids of template lists: named by another list's `template:`, or not a grassroots unit's list.
    A list that names the units it serves (list.applies_to) is not a template: it is counted,
    reviewed and reported for each of them."""
    docs = list(docs)
    named = {d.header.get("template") for d in docs}
    out = set()
    for doc in docs:
        if isinstance(doc.header.get("applies_to"), list) and doc.header["applies_to"]:
            continue
        unit = doc.header.get("unit")
        unit_type = unit.get("type") if isinstance(unit, dict) else None
        if doc.id in named or (unit_type is not None and unit_type not in GRASSROOTS_UNITS):
            out.add(doc.id)
    return out


def category_key(category: object) -> int:
    return CATEGORY_ORDER.get(category if isinstance(category, str) else "", len(CATEGORY_ORDER))


# ---- qingdan laws list ---------------------------------------------------------------------------


@dataclass
class RegisteredVersion:
    date: str
    effective: str
    articles: int | None
    text: str | None  # the law-text file of this version (relative to the law-text folder), if any

    def as_dict(self) -> dict[str, object]:
        return {"date": self.date, "effective": self.effective, "articles": self.articles, "text": self.text}


@dataclass
class RegisteredLaw:
    title: str
    aliases: list[str]
    level: str
    issuer: str
    status: str
    repealed: str | None
    versions: list[RegisteredVersion]
    cited_by: int  # active items citing it

    def as_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "aliases": self.aliases,
            "level": self.level,
            "issuer": self.issuer or None,
            "status": self.status,
            "repealed": self.repealed,
            "versions": [v.as_dict() for v in self.versions],
            "cited_by": self.cited_by,
        }


@dataclass
class LawsListing:
    registry: str
    law_texts: str | None
    laws: list[RegisteredLaw]

    def as_dict(self) -> dict[str, object]:
        return {
            "registry": self.registry,
            "law_texts": self.law_texts,
            "instruments": [law.as_dict() for law in self.laws],
        }


def list_laws(start: Path) -> LawsListing:
    """`qingdan laws list`: the registry with its versions, law-text files and how often it is cited."""
    repo = open_repository(start)
    laws = repo.loaded.laws
    if laws is None:
        raise UsageError(
            f"法规库 {repo.loaded.config.laws} 不存在或无法读取（qingdan validate 查看详情）",
            f"the registry {repo.loaded.config.laws} is missing or unreadable (see qingdan validate)",
        )
    cited: dict[str, set[str]] = {}
    for doc in repo.loaded.docs:
        for _, item in doc.items():
            if item.get("status", "active") != "active" or not isinstance(item.get("basis"), list):
                continue
            for citation in item["basis"]:
                name = citation.get("instrument") if isinstance(citation, dict) else None
                inst = laws.lookup(name) if isinstance(name, str) else None
                if inst is not None:
                    cited.setdefault(inst.title, set()).add(str(item.get("id")))
    out = []
    for inst in laws.instruments:
        versions = []
        for v in inst.versions:
            text = repo.law_texts.find(inst, v) if repo.law_texts is not None else None
            where = None
            if text is not None and repo.law_texts is not None and repo.law_texts.folder is not None:
                where = text.path.relative_to(repo.law_texts.folder).as_posix()
            versions.append(RegisteredVersion(v.date, v.effective, v.articles, where))
        out.append(
            RegisteredLaw(
                title=inst.title,
                aliases=inst.aliases,
                level=inst.level,
                issuer=inst.issuer,
                status=inst.status,
                repealed=inst.repealed,
                versions=versions,
                cited_by=len(cited.get(inst.title, ())),
            )
        )
    return LawsListing(repo.loaded.config.laws, repo.loaded.config.law_texts, out)
