"""qingdan laws import: bring a folder of law texts into the registry (laws.yaml).

One Markdown file per version, in the layout of LawRefBook/Laws (see lawtext.py). Each file gives a
title, a version date (from the file name; for an undated file the latest history date), the date it
took effect (自…起施行, else the version date) and its article count. Instruments not yet registered
are appended with a level guessed from their folder; versions not yet registered are inserted newest
first; a registered version whose article count disagrees with its text is corrected. Everything a
person wrote by hand (aliases, status, issuer, comments, key order, effective dates) is kept, and a
second run changes nothing.

The work is split so that the command line can ask about levels in between: `plan_import` reads and
decides, `import_laws` writes (under the repository lock, re-reading the registry first).
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qingdan import yamlio
from qingdan.edit import reread_problem, splice_bytes
from qingdan.errors import QingdanError, UsageError
from qingdan.fsutil import repository_lock, safe_write
from qingdan.i18n import Text
from qingdan.lawtext import _FILE_RE, LawText
from qingdan.registry import Laws, normalize
from qingdan.validate import read_document
from qingdan.workspace import Workspace

LEVELS = (
    "constitution",
    "law",
    "administrative_regulation",
    "local_regulation",
    "department_rule",
    "local_rule",
    "party_regulation",
    "normative_document",
    "department_document",
    "meeting_minutes",
    "leader_instruction",
)
# Folders of LawRefBook/Laws whose texts are not laws of the NPC or its Standing Committee; every
# other folder (宪法相关法, 民法商法, 行政法, 经济法, 社会法, 刑法, 诉讼与非诉讼程序法, ...) holds laws.
FOLDER_LEVELS = {
    "宪法": "constitution",
    "行政法规": "administrative_regulation",
    "地方性法规": "local_regulation",
    "部门规章": "department_rule",
    "党内法规": "party_regulation",
    "司法解释": "normative_document",
}
INSTRUMENT_KEYS = (
    "title",
    "aliases",
    "level",
    "issuer",
    "document",
    "versions",
    "status",
    "repealed",
    "note",
)
VERSION_KEYS = ("date", "effective", "articles", "text")


class ImportRefused(QingdanError):
    """The registry would not be valid after the import, or the written text would mean something else."""


@dataclass
class ScannedVersion:
    file: str  # relative to the imported folder, slash-separated
    date: str
    effective: str
    effective_source: str  # history | article | publication | date (see LawText.effective_date)
    articles: int | None
    gaps: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "date": self.date,
            "effective": self.effective,
            "effective_source": self.effective_source,
            "articles": self.articles,
            "gaps": self.gaps,
        }


@dataclass
class ScannedLaw:
    """One instrument found in the folder, with its versions newest first."""

    title: str
    short: str
    folder: str
    level: str  # the guess
    reason: Text
    issuer: str | None
    versions: list[ScannedVersion] = field(default_factory=list)

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "title": self.title,
            "short": self.short,
            "folder": self.folder,
            "level": self.level,
            "reason": self.reason.get(lang),
            "issuer": self.issuer,
            "versions": [v.as_dict() for v in self.versions],
        }


@dataclass
class Skipped:
    file: str
    reason: Text

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {"file": self.file, "reason": self.reason.get(lang)}


@dataclass
class ImportPlan:
    """What the folder holds and which instruments the registry lacks (their levels still to confirm)."""

    root: Path
    registry: str  # repository-relative path of laws.yaml
    folder: Path
    laws: list[ScannedLaw]
    skipped: list[Skipped]
    new: list[ScannedLaw]
    files: int

    def find_new(self, name: str) -> ScannedLaw | None:
        key = normalize(name)
        for law in self.new:
            if key in (normalize(law.title), normalize(law.short)):
                return law
        return None


@dataclass
class Change:
    """One thing the import did (or, for kind effective_differs, noticed and left alone)."""

    kind: str  # instrument_added | version_added | articles_corrected | articles_added | effective_added
    #            | effective_differs | gaps
    title: str
    date: str | None = None
    old: Any = None
    new: Any = None
    file: str | None = None
    level: str | None = None
    guessed: bool = False  # level of an added instrument taken from the folder guess

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "title": self.title}
        for key in ("date", "old", "new", "file", "level"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.kind == "instrument_added":
            out["guessed"] = self.guessed
        return out


@dataclass
class ImportResult:
    registry: str
    folder: str
    files: int
    instruments: int
    before: bytes
    after: bytes
    changes: list[Change] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unchanged: int = 0  # scanned versions already registered exactly so
    written: bool = False
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return self.after != self.before

    def of(self, *kinds: str) -> list[Change]:
        return [c for c in self.changes if c.kind in kinds]

    def diff(self) -> str:
        old = self.before.decode("utf-8", "replace").splitlines(keepends=True)
        new = self.after.decode("utf-8", "replace").splitlines(keepends=True)
        return "".join(difflib.unified_diff(old, new, f"a/{self.registry}", f"b/{self.registry}"))

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "registry": self.registry,
            "folder": self.folder,
            "files": self.files,
            "instruments": self.instruments,
            "changed": self.changed,
            "written": self.written,
            "dry_run": self.dry_run,
            "unchanged_versions": self.unchanged,
            "changes": [c.as_dict() for c in self.changes],
            "skipped": [s.as_dict(lang) for s in self.skipped],
            "diff": self.diff() if self.dry_run else None,
        }


# ---- reading the folder ------------------------------------------------------------------------


def guess_level(folder: str, issuer: str | None) -> tuple[str, Text]:
    """The level a folder of LawRefBook/Laws implies; a 行政法规 issued with 中共中央 is a party regulation."""
    level = FOLDER_LEVELS.get(folder, "law")
    if level == "administrative_regulation" and issuer and "中共中央" in issuer:
        return "party_regulation", Text(
            f"目录「{folder}」，但由中共中央联合发布", f"folder '{folder}', but issued jointly by 中共中央"
        )
    if folder in FOLDER_LEVELS:
        return level, Text(f"依目录「{folder}」推定", f"from the folder '{folder}'")
    return level, Text(f"目录「{folder}」中的法律", f"a law in the folder '{folder}'")


def _category(path: Path, folder: Path) -> str:
    """The nearest folder name that says what kind of text this is (the imported folder's own name
    when files sit directly in it, e.g. `laws import ../laws/行政法规`)."""
    parents = path.relative_to(folder).parts[:-1]
    for name in reversed(parents):
        if name in FOLDER_LEVELS:
            return name
    return parents[0] if parents else folder.resolve().name


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def scan(folder: Path) -> tuple[list[ScannedLaw], list[Skipped], int]:
    """Every law-text file under folder, grouped by title; files that cannot be used are skipped
    with a reason. Returns (laws in folder order, skipped, number of files looked at)."""
    if not folder.is_dir():
        raise UsageError(f"法律文本目录不存在：{folder}", f"no such law-text folder: {folder}")
    laws: dict[str, ScannedLaw] = {}
    seen: dict[tuple[str, str], str] = {}
    skipped: list[Skipped] = []
    files = 0
    for path in sorted(folder.rglob("*.md")):
        if path.name.lower() == "readme.md" or not path.is_file():
            continue
        files += 1
        rel = path.relative_to(folder).as_posix()
        match = _FILE_RE.match(path.name)
        if match is None:  # pragma: no cover - the pattern accepts every *.md name
            continue
        try:
            first = path.read_text(encoding="utf-8-sig").split("\n", 1)[0].strip()
        except (OSError, UnicodeDecodeError):
            skipped.append(Skipped(rel, Text("无法以 UTF-8 读取", "cannot be read as UTF-8")))
            continue
        if not first.startswith("# ") or not first[2:].strip():
            skipped.append(Skipped(rel, Text("第一行不是「# 标题」", "line 1 is not '# title'")))
            continue
        text = LawText(path, first[2:].strip(), match.group("date"))
        date = text.version_date()
        if date is None:
            skipped.append(
                Skipped(
                    rel,
                    Text(
                        "无法确定版本日期（文件名中没有日期，历史沿革中也没有）",
                        "no version date (none in the file name or the history lines)",
                    ),
                )
            )
            continue
        effective, source = text.effective_date()
        bad_date = next((d for d in (date, effective) if d is not None and not _is_date(d)), None)
        if bad_date is not None:
            skipped.append(
                Skipped(rel, Text(f"日期 {bad_date} 不存在", f"the date {bad_date} does not exist"))
            )
            continue
        key = normalize(text.title)
        if (key, date) in seen:
            skipped.append(
                Skipped(
                    rel,
                    Text(
                        f"与 {seen[key, date]} 是同一版本，已忽略",
                        f"same version as {seen[key, date]}; ignored",
                    ),
                )
            )
            continue
        seen[key, date] = rel
        version = ScannedVersion(
            file=rel,
            date=date,
            effective=effective or date,
            effective_source=source,
            articles=text.article_count,
            gaps=text.numbering_gaps(),
        )
        law = laws.get(key)
        if law is None:
            folder_name = _category(path, folder)
            issuer = text.issuer()
            level, reason = guess_level(folder_name, issuer)
            law = laws[key] = ScannedLaw(
                title=text.title,
                short=match.group("short"),
                folder=folder_name,
                level=level,
                reason=reason,
                issuer=issuer,
            )
        law.versions.append(version)
    for law in laws.values():
        law.versions.sort(key=lambda v: v.date, reverse=True)
    return list(laws.values()), skipped, files


def _registry_laws(ws: Workspace) -> Laws:
    data, findings = ws.laws_read()
    if data is None and not findings:
        return Laws([])
    if data is None:
        codes = ", ".join(sorted({f.rule for f in findings}))
        raise ImportRefused(
            f"{ws.config.laws} 无法读取（{codes}），请先修正（qingdan validate）",
            f"{ws.config.laws} cannot be read ({codes}); fix it first (qingdan validate)",
        )
    return Laws.from_data(data)


def plan_import(start: Path, folder: Path) -> ImportPlan:
    """Read the law-text folder and the registry; say which instruments are new (nothing is written)."""
    ws = Workspace.open(start)
    config, problems = ws.config_read()
    if problems:
        raise UsageError(
            f"{problems[0].file} 有误，请先修正（qingdan validate）",
            f"{problems[0].file} is not valid; fix it first (qingdan validate)",
        )
    laws, skipped, files = scan(folder)
    registry = _registry_laws(ws)
    new = [law for law in laws if _match(registry, law) is None]
    return ImportPlan(ws.root, config.laws, folder, laws, skipped, new, files)


def _match(registry: Laws, law: ScannedLaw) -> int | None:
    """The registry index of the instrument a scanned law is (by title, alias or file-name title)."""
    for name in (law.title, law.short):
        inst = registry.lookup(name)
        if inst is not None:
            return inst.index
    return None


def parse_levels(values: list[str], plan: ImportPlan) -> dict[str, str]:
    """--level values: LEVEL (every new instrument) or TITLE=LEVEL (one of them), as title → level."""
    out: dict[str, str] = {}
    for raw in values:
        name, sep, level = raw.rpartition("=")
        level = level.strip()
        if level not in LEVELS:
            raise UsageError(
                f"效力层级无效：{level}（可选：{', '.join(LEVELS)}）",
                f"invalid level: {level} (choose from {', '.join(LEVELS)})",
            )
        if not sep:
            out.update({law.title: level for law in plan.new})
            continue
        law = plan.find_new(name.strip())
        if law is None:
            raise UsageError(
                f"--level 指定的「{name.strip()}」不是本次新增的法律文件",
                f"--level names '{name.strip()}', which is not an instrument this import adds",
            )
        out[law.title] = level
    return out


# ---- writing the registry ----------------------------------------------------------------------

_NEW_REGISTRY = "# yaml-language-server: $schema={schema}\nqingdan: 1\ninstruments: []\n"


def import_laws(
    plan: ImportPlan, levels: Mapping[str, str] | None = None, *, dry_run: bool = False
) -> ImportResult:
    """Merge the scanned texts into the registry and write it (atomically, under the repository lock).

    levels gives the level of new instruments by title (default: the folder guess). With dry_run the
    result carries the new bytes and a diff, and nothing is written.
    """
    levels = dict(levels or {})
    for title, level in levels.items():
        if level not in LEVELS:
            raise UsageError(f"效力层级无效：{level}", f"invalid level for {title}: {level}")
    root = plan.root
    path = root / plan.registry
    with repository_lock(root):
        if path.exists():
            original = path.read_bytes()
        else:
            schema = os.path.relpath(root / "schemas" / "laws.schema.json", path.parent).replace(os.sep, "/")
            original = b""
            fresh = _NEW_REGISTRY.format(schema=schema).encode("utf-8")
        try:
            rt = yamlio.rt_load(original or fresh)
        except yamlio.FileProblem as problem:
            raise ImportRefused(
                f"{plan.registry} 无法编辑（{problem.code}），请先修正（qingdan validate）",
                f"{plan.registry} cannot be edited ({problem.code}); fix it first (qingdan validate)",
            ) from None
        canonical = rt.dump()
        _, before_findings = _schema_errors(root, plan.registry, original or fresh)
        changes, unchanged = _merge(rt.data, plan, levels)
        edited = rt.dump()
        if not changes or not any(c.kind != "effective_differs" and c.kind != "gaps" for c in changes):
            after = original
        else:
            after = _splice_bytes(original or fresh, canonical, edited, rt.source, plan.registry)
            _verify(after, yamlio.to_plain(rt.data), plan.registry)
            _, after_findings = _schema_errors(root, plan.registry, after)
            new_errors = after_findings - before_findings
            if new_errors:
                raise ImportRefused(
                    f"未写入：导入后 {plan.registry} 将不符合模式（{', '.join(sorted(new_errors))}）",
                    f"nothing written: {plan.registry} would not match its schema ({', '.join(sorted(new_errors))})",
                )
        result = ImportResult(
            registry=plan.registry,
            folder=str(plan.folder),
            files=plan.files,
            instruments=len(plan.laws),
            before=original,
            after=after,
            changes=changes,
            skipped=plan.skipped,
            unchanged=unchanged,
            dry_run=dry_run,
        )
        if not dry_run and after != original:
            safe_write(root, Path(plan.registry), after, expected=original if path.exists() else None)
            result.written = True
        return result


def _schema_errors(root: Path, rel: str, raw: bytes) -> tuple[Any, set[str]]:
    data, _, findings = read_document(root, rel, "laws", raw=raw)
    return data, {f"{f.rule}@{'.'.join(map(str, f.path))}" for f in findings if f.severity == "error"}


def _splice_bytes(original: bytes, canonical: bytes, edited: bytes, source: yamlio.Source, rel: str) -> bytes:
    after = splice_bytes(original, canonical, edited, source)
    if after is None:
        raise ImportRefused(
            f"{rel} 不是规范格式，且改动处附近的格式与规范格式不同；请先运行 qingdan fmt {rel}",
            f"{rel} is not in canonical form near the change; run qingdan fmt {rel} first",
        )
    return after


def _verify(after: bytes, intended: Any, rel: str) -> None:
    problem = reread_problem(after, intended)
    if problem is not None:
        raise ImportRefused(f"未写入 {rel}：" + problem.zh, f"{rel} not written: " + problem.en)


def _merge(data: Any, plan: ImportPlan, levels: Mapping[str, str]) -> tuple[list[Change], int]:
    """Apply the scanned laws to the round-trip registry data in place."""
    changes: list[Change] = []
    unchanged = 0
    registry = Laws.from_data(yamlio.to_plain(data))
    for law in plan.laws:
        for version in law.versions:
            if version.gaps:
                changes.append(Change("gaps", law.title, version.date, file=version.file, new=version.gaps))
        index = _match(registry, law)
        if index is None:
            level = levels.get(law.title, law.level)
            _append_instrument(data, law, level)
            changes.append(
                Change(
                    "instrument_added",
                    law.title,
                    level=level,
                    guessed=law.title not in levels,
                    new=[v.date for v in law.versions],
                )
            )
            changes += [
                Change("version_added", law.title, v.date, new=v.articles, file=v.file) for v in law.versions
            ]
            registry = Laws.from_data(yamlio.to_plain(data))
            continue
        entry = data["instruments"][index]
        unchanged += _merge_versions(entry, law, changes)
    return changes, unchanged


def _version_dict(version: ScannedVersion) -> dict[str, Any]:
    out: dict[str, Any] = {"date": version.date, "effective": version.effective}
    if version.articles is not None:
        out["articles"] = version.articles
    return out


def _append_instrument(data: Any, law: ScannedLaw, level: str) -> Any:
    entry: dict[str, Any] = {"title": law.title}
    if normalize(law.short) != normalize(law.title):
        entry["aliases"] = [law.short]
    entry["level"] = level
    if law.issuer:
        entry["issuer"] = law.issuer
    entry["versions"] = [_version_dict(v) for v in law.versions]
    entry["status"] = "in_force"
    seq = data.get("instruments")
    if seq:
        node = yamlio.append_entry(seq, entry)
    else:  # an empty registry (`instruments: []`): start a block sequence
        yamlio.set_key(data, "instruments", [entry], ("qingdan", "law_texts", "instruments"))
        node = data["instruments"][0]
    versions = node["versions"]
    for i, version in enumerate(law.versions):
        versions[i] = yamlio.make_flow_map(_version_dict(version))
    return node


def _merge_versions(entry: Any, law: ScannedLaw, changes: list[Change]) -> int:
    title = str(entry.get("title", law.title))
    versions = entry.get("versions")
    if versions is None:
        yamlio.set_key(entry, "versions", [], INSTRUMENT_KEYS)
        versions = entry["versions"]
    unchanged = 0
    for version in law.versions:
        existing = next(
            (v for v in versions if isinstance(v, dict) and yamlio.to_plain(v.get("date")) == version.date),
            None,
        )
        if existing is None:
            position = next(
                (
                    i
                    for i, v in enumerate(versions)
                    if isinstance(v, dict) and str(yamlio.to_plain(v.get("date"))) < version.date
                ),
                len(versions),
            )
            yamlio.insert_entry(versions, position, yamlio.make_flow_map(_version_dict(version)))
            changes.append(
                Change("version_added", title, version.date, new=version.articles, file=version.file)
            )
            continue
        touched = False
        old_count = existing.get("articles")
        if version.articles is not None and old_count != version.articles:
            yamlio.set_key(existing, "articles", version.articles, VERSION_KEYS)
            kind = "articles_added" if old_count is None else "articles_corrected"
            changes.append(
                Change(kind, title, version.date, old=old_count, new=version.articles, file=version.file)
            )
            touched = True
        stated = version.effective_source in ("history", "article")
        old_effective = yamlio.to_plain(existing.get("effective"))
        if old_effective is None and stated and version.effective != version.date:
            yamlio.set_key(existing, "effective", version.effective, VERSION_KEYS)
            changes.append(
                Change("effective_added", title, version.date, new=version.effective, file=version.file)
            )
            touched = True
        elif old_effective is not None and stated and old_effective != version.effective:
            changes.append(
                Change(
                    "effective_differs",
                    title,
                    version.date,
                    old=old_effective,
                    new=version.effective,
                    file=version.file,
                )
            )
        if not touched:
            unchanged += 1
    return unchanged
