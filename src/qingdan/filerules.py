"""The rules split into the work one list file decides alone and the work across lists.

Per file: the schema, and of each rule what depends on one list and the shared read-only context
(configuration, registries, law texts, the drafted dates of its citations): file_findings. Across
files: unique ids, previous ids, replaced_by / merged_from targets and the units' own lists, computed
from each list's small Summary (cross_findings); adoption, which reads a list and its template, and
assessments, which read the items they measure, are run on the documents they concern. The findings
are those of validate.run_rules, exactly.

validate.run_split runs them. Each list's per-file result (its located findings, its summary, the drafted dates it asked for) may
come from a store of earlier results (qingdan.resultcache) keyed by the file's bytes and everything
else the result depends on; a list whose result is stored is not parsed at all.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from qingdan import __version__
from qingdan.catalog import RULES_BY_CODE
from qingdan.citedversion import DraftedDates, earlier_revisions
from qingdan.config import CONFIG_NAME, Config
from qingdan.model import Finding, ListDoc
from qingdan.rules import Context, Summary, adoption
from qingdan.rules.checks import cross_checks, file_checks

SCHEMAS = Path(__file__).parent / "schemas"  # the schemas qingdan checks with
FORMAT = 2  # the layout of a stored result; a stored result of another layout is not read


class ResultStore(Protocol):
    """Where per-file results are kept between runs (qingdan.resultcache.ResultCache)."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, value: bytes) -> None: ...

    def clean_blobs(self, root: Path) -> dict[str, str]: ...

    def prune(self, keep: int) -> int: ...


def summarize(doc: ListDoc) -> Summary:
    """What the cross-file rules need of one list."""
    s = Summary(file=doc.file, list_id=doc.id)
    value = doc.data.get("items")
    entries = value if isinstance(value, list) else []
    s.ids = [None] * len(entries)
    active = ["0"] * len(entries)
    for index, item in doc.items():
        raw_id = item.get("id")
        item_id = s.ids[index] = raw_id if isinstance(raw_id, str) else None
        if item.get("status") == "active":
            active[index] = "1"
        previous = item.get("previous_ids")
        for j, old in enumerate(previous if isinstance(previous, list) else []):
            if isinstance(old, str):
                s.previous.append((index, j, old))
        status, retired = item.get("status"), item.get("retired")
        if status == "retired" and isinstance(retired, dict):
            successors = retired.get("replaced_by")
            for j, other in enumerate(successors if isinstance(successors, list) else []):
                s.replaced_by.append((index, item_id, j, other))
        elif status == "active":
            merged = item.get("merged_from")
            for j, other in enumerate(merged if isinstance(merged, list) else []):
                if isinstance(other, str):
                    s.merged_from.append((index, item_id, j, other))
    s.active = "".join(active)
    unit = doc.header.get("unit")
    if isinstance(unit, dict) and isinstance(unit.get("name"), str) and isinstance(unit.get("code"), str):
        s.unit = (unit["name"], unit["code"])
    units = doc.header.get("applies_to")
    if isinstance(units, list):
        s.applies_to = []
        for index, u in enumerate(units):
            if isinstance(u, dict):
                name, code = u.get("name"), u.get("code")
                s.applies_to.append(
                    (index, name if isinstance(name, str) else "", code if isinstance(code, str) else "")
                )
    s.adopts = adoption.takes_part(doc)
    named = doc.header.get("template")
    s.template = named if isinstance(named, str) else None
    s.earlier = sorted(earlier_revisions([doc]))
    return s


@dataclass
class Shared:
    """The read-only context every list's per-file work sees."""

    config: Config
    laws: Any
    departments: Any
    law_texts: Any
    drafted: DraftedDates


def file_findings(
    doc: ListDoc, shared: Shared, asked: dict[tuple[str, str], str | None] | None = None
) -> list[Finding]:
    """The per-file findings of one parsed list (schema findings excepted), unlocated, in rule order.
    asked, when given, collects the drafted dates of earlier revisions the rules asked for."""
    drafted: Callable[[ListDoc, dict[str, Any]], str] = shared.drafted
    if asked is not None:
        resolver = shared.drafted

        def recording(d: ListDoc, item: dict[str, Any]) -> str:
            since = item.get("since")
            if isinstance(since, str) and since != d.header.get("revision"):
                asked[(d.id, since)] = resolver.known(d.id, since)
            return resolver(d, item)

        drafted = recording
    ctx = Context(
        config=shared.config, docs=[doc], laws=shared.laws, departments=shared.departments,
        law_texts=shared.law_texts, drafted=drafted,
    )  # fmt: skip
    out: list[Finding] = []
    for rule in file_checks():
        out.extend(rule(ctx))
    return out


def cross_findings(summaries: list[Summary]) -> list[Finding]:
    """The cross-file findings (ids, references, units), unlocated, from the lists' summaries in
    repository order."""
    out: list[Finding] = []
    for rule in cross_checks():
        out.extend(rule(summaries))
    return out


# ---- stored results -------------------------------------------------------------------------------


def _finding_data(f: Finding) -> tuple[Any, ...]:
    return (f.file, f.rule, f.severity, f.args, f.item, f.path, f.line, f.column)


def _finding_of(data: Any) -> Finding:
    file, rule, severity, args, item, path, line, column = data
    if not (
        isinstance(file, str) and rule in RULES_BY_CODE and isinstance(args, dict) and isinstance(path, tuple)
    ):
        raise ValueError("not a finding")
    return Finding(
        file=file, rule=rule, severity=severity, args=args, item=item, path=path, line=line, column=column
    )


@dataclass
class FileResult:
    """One list's per-file result: located findings, summary (None when it did not parse), item count,
    the drafted dates it asked for, and its adoption findings with what they were computed from."""

    findings: list[Finding]
    summary: Summary | None
    items: int
    asked: dict[tuple[str, str], str | None] = field(default_factory=dict)
    adoption: tuple[Any, list[Finding]] | None = None
    places: dict[Any, tuple[int, int] | None] = field(default_factory=dict)  # path -> line, column

    def as_data(self) -> Any:
        return (
            FORMAT,
            [_finding_data(f) for f in self.findings],
            self.summary.as_data() if self.summary is not None else None,
            self.items,
            sorted((k[0], k[1], v) for k, v in self.asked.items()),
            (self.adoption[0], [_finding_data(f) for f in self.adoption[1]])
            if self.adoption is not None
            else None,
            self.places,
        )

    @classmethod
    def from_data(cls, data: Any) -> FileResult:
        layout, findings, summary, items, asked, adopted, places = data
        if layout != FORMAT or not isinstance(items, int) or not isinstance(places, dict):
            raise ValueError("another layout")
        return cls(
            findings=[_finding_of(f) for f in findings],
            summary=Summary.from_data(summary) if summary is not None else None,
            items=items,
            asked={(a, b): v for a, b, v in asked},
            adoption=(adopted[0], [_finding_of(f) for f in adopted[1]]) if adopted is not None else None,
            places=places,
        )


def storable(result: FileResult) -> bytes | None:
    """The result as stored bytes (marshal: data only, never pickle); None when it holds a value
    marshal cannot write, such a result is not stored."""
    try:
        return marshal.dumps(result.as_data())
    except ValueError:
        return None


def stored(raw: bytes) -> FileResult:
    """A stored result read back; ValueError for anything that is not one (never trusted blindly)."""
    try:
        return FileResult.from_data(marshal.loads(raw))
    except (ValueError, TypeError, KeyError, EOFError, IndexError, AttributeError) as problem:
        raise ValueError("not a stored result") from problem


def base_key(config: Config, schemas: Path = SCHEMAS) -> str:
    """Everything besides a list's own bytes that its per-file result depends on: qingdan (its version
    and the files of its code), the schemas' bytes, the date rules compare with, the configuration's and
    the registries' bytes, and the law-text folder (its files' names, sizes and times)."""
    root = config.root
    h = hashlib.sha256(f"qingdan {__version__} format {FORMAT}\0today {config.today.isoformat()}\0".encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        h.update(f"{path.relative_to(package)}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    for path in sorted(schemas.glob("*.json")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for rel in (CONFIG_NAME, config.laws, config.departments):
        h.update(rel.encode("utf-8", "surrogateescape") + b"\0" + _bytes_of(root / rel))
    if config.law_texts:
        folder = root / config.law_texts
        h.update(f"law_texts {config.law_texts}\0".encode("utf-8", "surrogateescape"))
        try:
            entries = sorted(folder.rglob("*")) if folder.is_dir() else []
            for path in entries:
                try:
                    stat = path.stat()  # a linked text counts by what it links to
                except OSError:
                    stat = path.lstat()
                name = str(path.relative_to(folder))
                h.update(
                    f"{name}\0{stat.st_mode}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode(
                        "utf-8", "surrogateescape"
                    )
                )
        except OSError as problem:
            h.update(f"unreadable {problem.errno}\0".encode())
    return h.hexdigest()


def _bytes_of(path: Path) -> bytes:
    """A registry's or the configuration's bytes as part of a key (a marker when absent or unreadable)."""
    try:
        return path.read_bytes() if path.is_file() else b"\0absent\0"
    except OSError as problem:
        return f"\0unreadable {problem.errno}\0".encode()


def file_key(base: str, rel: str, blob: str) -> str:
    """The key of a list's result: base, its name and the git blob id of its bytes."""
    h = hashlib.sha256(base.encode())
    h.update(b"\0" + rel.encode("utf-8", "surrogateescape") + b"\0" + blob.encode("ascii", "replace"))
    return h.hexdigest()
