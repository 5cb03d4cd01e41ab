"""The rules split into the work one list file decides alone and the work across lists.

Per file: the schema, and of each rule what depends on one list and the shared read-only context
(configuration, registries, law texts, the drafted dates of its citations): file_findings. Across
files: unique ids, previous ids, replaced_by / merged_from targets and the units' own lists, computed
from each list's small Summary (cross_findings); adoption, which reads a list and its template, and
assessments, which read the items they measure, are run on the documents they concern. The findings
are those of validate.run_rules, exactly: run_split gives the same list.

Each list's per-file result (its located findings, its summary, the drafted dates it asked for) may
come from a store of earlier results (qingdan.resultcache) keyed by the file's bytes and everything
else the result depends on; a list whose result is stored is not parsed at all.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from qingdan import __version__, yamlio
from qingdan.catalog import RULES_BY_CODE
from qingdan.citedversion import DraftedDates, drafted_dates_for, earlier_revisions
from qingdan.config import CONFIG_NAME, Config
from qingdan.documents import cap_findings, read_document
from qingdan.lawtext import LawTexts
from qingdan.model import CheckResult, Finding, ListDoc
from qingdan.rules import Context, Summary, adoption, assessment
from qingdan.rules.checks import cross_checks, file_checks
from qingdan.validate import Loaded, apply_severities, load_repository, locate, registry_findings, run_rules

FORMAT = 1  # the layout of a stored result; a stored result of another layout is not read


class ResultStore(Protocol):
    """Where per-file results are kept between runs (qingdan.resultcache.ResultCache)."""

    def get(self, key: str) -> Any: ...

    def put(self, key: str, value: Any) -> None: ...


def summarize(doc: ListDoc) -> Summary:
    """What the cross-file rules need of one list."""
    s = Summary(file=doc.file, list_id=doc.id)
    for index, item in doc.items():
        raw_id = item.get("id")
        item_id = raw_id if isinstance(raw_id, str) else None
        previous = item.get("previous_ids")
        olds = (
            [(j, old) for j, old in enumerate(previous) if isinstance(old, str)]
            if isinstance(previous, list)
            else []
        )
        if item_id is not None or olds:
            s.items.append((index, item_id, item.get("status") == "active", olds))
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
        )

    @classmethod
    def from_data(cls, data: Any) -> FileResult:
        layout, findings, summary, items, asked, adopted = data
        if layout != FORMAT or not isinstance(items, int):
            raise ValueError("another layout")
        return cls(
            findings=[_finding_of(f) for f in findings],
            summary=Summary.from_data(summary) if summary is not None else None,
            items=items,
            asked={(a, b): v for a, b, v in asked},
            adoption=(adopted[0], [_finding_of(f) for f in adopted[1]]) if adopted is not None else None,
        )


def storable(result: FileResult) -> bytes | None:
    """The result as stored bytes; None when it holds a value marshal cannot write (never stored)."""
    try:
        return marshal.dumps(result.as_data())
    except ValueError:
        return None


def _base_key(loaded: Loaded) -> str:
    """Everything besides a list's own bytes that its per-file result depends on."""
    config = loaded.config
    root = config.root
    h = hashlib.sha256(f"qingdan {__version__} format {FORMAT}\0today {config.today.isoformat()}\0".encode())
    package = Path(__file__).parent
    for path in sorted([*package.rglob("*.py"), *(package / "schemas").glob("*.json")]):
        stat = path.stat()
        h.update(f"{path.relative_to(package)}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    for path in (package / "schemas").glob("*.json"):
        h.update(path.read_bytes())
    for rel in (CONFIG_NAME, config.laws, config.departments):
        target = root / rel
        h.update(rel.encode("utf-8", "surrogateescape") + b"\0")
        h.update(target.read_bytes() if target.is_file() else b"\0absent\0")
    if config.law_texts:
        folder = root / config.law_texts
        h.update(f"law_texts {config.law_texts}\0".encode("utf-8", "surrogateescape"))
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                stat = path.stat()
                h.update(
                    f"{path.relative_to(folder)}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode(
                        "utf-8", "surrogateescape"
                    )
                )
    return h.hexdigest()


def _key(base: str, rel: str, raw: bytes) -> str:
    h = hashlib.sha256(base.encode())
    h.update(b"\0" + rel.encode("utf-8", "surrogateescape") + b"\0")
    h.update(raw)
    return h.hexdigest()


# ---- the split run --------------------------------------------------------------------------------


def list_names(loaded: Loaded, also: Iterable[str] = ()) -> list[str]:
    config = loaded.config
    skip = config.registry_files()
    return sorted(
        set(config.list_files()) | {n for n in also if n not in skip and not config.is_assessment(n)}
    )


def run_split(
    root: Path,
    also: Iterable[str] = (),
    *,
    config_read: tuple[Config, list[Finding]] | None = None,
    store: ResultStore | None = None,
) -> CheckResult:
    """validate's findings by the split path: per-file work for each list (from store when its result
    is there), then the cross-file work over the summaries. Equal to run_rules(load_repository(...))."""
    loaded = load_repository(root, (), config_findings=True, lists=[], config_read=config_read)
    if loaded.config_broken:
        return run_rules(loaded)
    config = loaded.config
    findings = list(loaded.findings) + registry_findings(loaded)
    law_texts = None
    if config.law_texts:
        folder = config.root / config.law_texts
        if folder.is_dir():
            law_texts = LawTexts.open(folder)
        else:
            findings.append(
                Finding(
                    file=config.file or CONFIG_NAME, rule="QD925", severity=RULES_BY_CODE["QD925"].severity,
                    path=("law_texts",), args={"key": "law_texts", "detail_zh": f"法律文本目录不存在：{config.law_texts}",
                                               "detail_en": f"the law-text folder does not exist: {config.law_texts}"},
                )
            )  # fmt: skip
    findings = apply_severities(findings, config)
    locate(findings, loaded.texts)
    names = list_names(loaded, also)
    base = _base_key(loaded) if store is not None else ""
    results: dict[str, FileResult] = {}
    keys: dict[str, str] = {}
    docs: dict[str, ListDoc] = {}
    texts: dict[str, str] = {}
    fresh: dict[str, list[Finding]] = {}  # file -> its read findings, for the files parsed this run
    for rel in names:
        loaded.files += 1
        if store is not None:
            try:
                raw = yamlio.read_file(root, rel)
            except yamlio.FileProblem:
                raw = None
            if raw is not None:
                keys[rel] = _key(base, rel, raw)
                stored = store.get(keys[rel])
                if stored is not None:
                    try:
                        results[rel] = FileResult.from_data(stored)
                        continue
                    except (ValueError, TypeError, KeyError):
                        pass
        data, text, found = read_document(root, rel, "list")
        texts[rel] = text
        fresh[rel] = found
        if data is not None:
            docs[rel] = ListDoc(rel, text, data)

    def wanted() -> set[tuple[str, str]]:
        out = {tuple(pair) for r in results.values() if r.summary is not None for pair in r.summary.earlier}
        return out | earlier_revisions(list(docs.values()))  # type: ignore[return-value]

    shared = Shared(config, loaded.laws, loaded.departments, law_texts, drafted_dates_for(config, wanted))
    # a stored result that asked for drafted dates holds only while history still gives those dates
    for rel, r in list(results.items()):
        if any(shared.drafted.known(a, b) != v for (a, b), v in r.asked.items()):
            del results[rel]
            data, text, found = read_document(root, rel, "list")
            texts[rel], fresh[rel] = text, found
            if data is not None:
                docs[rel] = ListDoc(rel, text, data)
    for rel, found in fresh.items():
        doc = docs.get(rel)
        asked: dict[tuple[str, str], str | None] = {}
        own = list(found)
        if doc is not None:
            own += file_findings(doc, shared, asked)
        own = apply_severities(own, config)
        locate(own, {rel: texts[rel]})
        results[rel] = FileResult(
            own,
            summarize(doc) if doc is not None else None,
            len(doc.items()) if doc is not None else 0,
            asked,
        )
    summaries_ = [s for rel in names if (s := results[rel].summary) is not None]
    for rel in names:
        findings.extend(results[rel].findings)
    late = cross_findings(summaries_)
    # adoption: a list and its template, stored with the adopting list under what it was computed from
    by_file: dict[str, str] = {}
    for s in summaries_:
        if s.list_id:
            by_file.setdefault(s.list_id, s.file)
    ctx = Context(
        config=config,
        docs=[],
        laws=loaded.laws,
        departments=loaded.departments,
        assessments=loaded.assessments,
    )
    ctx.law_texts, ctx.drafted = law_texts, shared.drafted

    def doc_of(rel: str) -> ListDoc:
        if rel not in docs:
            data, text, _ = read_document(root, rel, "list")
            assert data is not None  # it parsed when its summary was made
            texts[rel], docs[rel] = text, ListDoc(rel, text, data)
        return docs[rel]

    lookup = _Lists(by_file, doc_of)
    adopted: list[Finding] = []
    for s in summaries_:
        if not s.adopts:
            continue
        r = results[s.file]
        named = by_file.get(s.template) if s.template is not None else None
        dep: Any = (
            ("template", named, keys.get(named, ""))
            if named is not None
            else ("none", tuple(sorted(by_file)))
        )
        if (
            store is None
            or r.adoption is None
            or r.adoption[0] != dep
            or not keys.get(s.file)
            or (named and not keys.get(named))
        ):
            own = apply_severities(list(adoption.check_list(ctx, doc_of(s.file), lookup)), config)
            locate(own, {s.file: texts[s.file]})
            r.adoption = (dep, own)
            fresh.setdefault(s.file, [])  # to be stored again
        adopted.extend(r.adoption[1])
    if any(a.clean for a in loaded.assessments):
        ctx.docs = [doc_of(rel) for rel in names if results[rel].summary is not None]
        late.extend(assessment.check(ctx))
    late = apply_severities(late, config)
    wanted_texts = {f.file for f in late if f.line is None} - texts.keys()
    for rel in wanted_texts:
        if rel in loaded.texts:
            continue
        try:
            texts[rel] = yamlio.decode(yamlio.read_file(root, rel)).text
        except yamlio.FileProblem:
            pass
    locate(late, {**loaded.texts, **texts})
    findings += adopted + late
    if store is not None:
        for rel in fresh:
            if rel in keys:
                blob = storable(results[rel])
                if blob is not None:
                    store.put(keys[rel], blob)
    findings.sort(key=Finding.sort_key)
    findings = cap_findings(findings)
    items = sum(results[rel].items for rel in names)
    return CheckResult(findings=findings, files=loaded.files, items=items)


class _Lists(Mapping[str, ListDoc]):
    """The first list of each id, parsed when asked for."""

    def __init__(self, by_file: dict[str, str], doc_of: Callable[[str], ListDoc]) -> None:
        self._files, self._doc_of = by_file, doc_of

    def __getitem__(self, key: str) -> ListDoc:
        return self._doc_of(self._files[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)
