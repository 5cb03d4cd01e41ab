"""validate: read every list and registry of a repository, run the schema and rules 1-10, collect findings."""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from qingdan import yamlio
from qingdan.catalog import RULES_BY_CODE
from qingdan.citedversion import OpenGit, drafted_dates, drafted_dates_any
from qingdan.config import CONFIG_NAME, Config, find_root
from qingdan.documents import MAX_FILE_FINDINGS as MAX_FILE_FINDINGS
from qingdan.documents import MAX_ITEMS as MAX_ITEMS
from qingdan.documents import MAX_RUN_FINDINGS as MAX_RUN_FINDINGS
from qingdan.documents import cap_findings as cap_findings
from qingdan.documents import file_finding as file_finding
from qingdan.documents import read_document as read_document
from qingdan.documents import yaml_problem_zh as yaml_problem_zh
from qingdan.errors import EXIT_FINDINGS, QingdanError, UsageError
from qingdan.filerules import (
    FileResult,
    ResultStore,
    Shared,
    base_key,
    cross_findings,
    file_findings,
    file_key,
    storable,
    stored,
    summarize,
)
from qingdan.lawtext import LawTexts
from qingdan.model import AssessmentDoc, CheckResult, Finding, ListDoc
from qingdan.processpool import cores, map_forked
from qingdan.registry import Departments, Laws
from qingdan.resultcache import ResultCache, blob_id
from qingdan.rules import Context, adoption, assessment
from qingdan.rules.checks import all_checks


class StoppedByFindings(QingdanError):
    """A command cannot go on because of findings (a broken qingdan.yaml, a list without a usable
    header): the CLI shows them with file:line:column and exits 1."""

    exit_code = EXIT_FINDINGS

    def __init__(self, result: CheckResult, zh: str, en: str) -> None:
        super().__init__(zh, en)
        self.result = result


def broken_config(findings: list[Finding]) -> StoppedByFindings:
    findings.sort(key=Finding.sort_key)
    return StoppedByFindings(
        CheckResult(findings=findings, files=1),
        f"配置文件 {CONFIG_NAME} 有错误，未执行（改正后再试；qingdan validate 列出全部问题）",
        f"{CONFIG_NAME} has errors; nothing was done (fix them first; qingdan validate lists them all)",
    )


def require_config(root: Path) -> Config:
    """The repository's configuration; StoppedByFindings when qingdan.yaml is broken, so that no
    command runs on default settings it was not meant to use."""
    config, findings = load_config(root)
    if findings:
        raise broken_config(findings)
    return config


@dataclass
class Loaded:
    """A repository read from disk: configuration, registries, parsed lists and file-level findings."""

    config: Config
    docs: list[ListDoc] = field(default_factory=list)
    assessments: list[AssessmentDoc] = field(default_factory=list)
    laws: Laws | None = None
    departments: Departments | None = None
    findings: list[Finding] = field(default_factory=list)
    laws_data: dict[str, Any] | None = None  # the laws registry as read, before Laws.from_data
    texts: dict[str, str] = field(default_factory=dict)  # file -> text, for locating findings
    files: int = 0
    config_broken: bool = False


def load_config(root: Path) -> tuple[Config, list[Finding]]:
    config = Config(root=root)
    path = root / CONFIG_NAME
    if not path.is_file():
        return config, []
    config.file = CONFIG_NAME
    data, text, findings = read_document(root, CONFIG_NAME, "config")
    for f in findings:
        if f.rule.startswith("QD1"):
            # schema problems of the configuration are reported as one kind: the config is wrong
            detail = {lang: f.message(lang) for lang in ("zh", "en")}
            f.rule, f.args = (
                "QD925",
                {"key": ".".join(map(str, f.path)), "detail_zh": detail["zh"], "detail_en": detail["en"]},
            )
    if data is not None:
        findings += _unsafe_paths(data)
        rules = data.get("rules")
        for code in rules if isinstance(rules, dict) else {}:
            if code not in RULES_BY_CODE:
                findings.append(
                    Finding(
                        file=CONFIG_NAME, rule="QD925", severity=RULES_BY_CODE["QD925"].severity, path=("rules", code),
                        args={"key": f"rules.{code}", "detail_zh": f"没有规则 {code}（qingdan rules 列出全部规则）",
                              "detail_en": f"there is no rule {code} (qingdan rules lists them)"},
                    )
                )  # fmt: skip
    locate(findings, {CONFIG_NAME: text})
    if data is not None and not findings:
        config.apply(data)
    return config, findings


def _unsafe_paths(data: dict[str, Any]) -> list[Finding]:
    """Paths in the configuration stay inside the repository: no absolute paths, no '..'."""
    out = []
    candidates: list[tuple[tuple[str | int, ...], Any]] = [
        ((k,), data.get(k)) for k in ("laws", "departments", "law_texts")
    ]
    lists = data.get("lists")
    if isinstance(lists, list):
        candidates += [(("lists", i), v) for i, v in enumerate(lists)]
    report = data.get("report")
    if isinstance(report, dict):
        candidates.append((("report", "dir"), report.get("dir")))
    for path, value in candidates:
        if isinstance(value, str) and (
            value.startswith(("/", "\\")) or ".." in Path(value).parts or ":" in value[:3]
        ):
            out.append(
                Finding(
                    file=CONFIG_NAME,
                    rule="QD925",
                    severity=RULES_BY_CODE["QD925"].severity,
                    path=path,
                    args={
                        "key": ".".join(map(str, path)),
                        "detail_zh": f"路径须在仓库之内：{value}",
                        "detail_en": f"the path must stay inside the repository: {value}",
                    },
                )
            )
    return out


def load_repository(
    root: Path,
    also: Iterable[str] = (),
    config_findings: bool = False,
    lists: Iterable[str] | None = None,
    *,
    check_lists: bool = True,
    config_read: tuple[Config, list[Finding]] | None = None,
    compact: bool = False,
) -> Loaded:
    """Read the configuration, both registries, every configured list file and any others named.

    With lists, read only those list files (an edit reads the lists its change can concern).

    A broken configuration raises StoppedByFindings, unless config_findings asks for its findings in
    the result (validate, check): either way nothing is checked with settings that are not the owner's.
    Without check_lists the list files are parsed but not schema-checked: enough for a command that
    needs only their ids and leaves the lists themselves to validate. config_read is what
    load_config(root) gave, when the caller has read the configuration already. With compact, the
    lists' keys and short strings are shared (yamlio.compact): for a caller that keeps every list.
    """
    config, findings = config_read if config_read is not None else load_config(root)
    findings = list(findings)
    if findings and not config_findings:
        raise broken_config(findings)
    loaded = Loaded(config=config, findings=findings, config_broken=bool(findings))
    if config.file:
        loaded.texts[config.file] = (root / config.file).read_text(encoding="utf-8", errors="replace")
    if findings:
        return loaded  # a broken configuration: say so rather than check with the wrong settings
    loaded.files += 1 if config.file else 0
    laws_data, text, found = (
        read_document(root, config.laws, "laws") if (root / config.laws).exists() else (None, "", [])
    )
    if not (root / config.laws).exists():
        # point at the configuration's `laws:` when it names the missing file
        named_in_config = config.file is not None and config.laws != Config(root=root).laws
        loaded.findings.append(
            Finding(
                file=config.file if named_in_config and config.file else config.laws,
                rule="QD924",
                severity=RULES_BY_CODE["QD924"].severity,
                args={"path": config.laws},
                path=("laws",) if named_in_config else (),
            )
        )
        if named_in_config and config.file:
            loaded.texts.setdefault(config.file, (root / config.file).read_text(encoding="utf-8"))
    else:
        loaded.files += 1
        loaded.findings += found
        loaded.texts[config.laws] = text
        if laws_data is not None:
            loaded.laws_data = laws_data
            loaded.laws = Laws.from_data(laws_data)
    if (root / config.departments).exists():
        loaded.files += 1
        dept_data, text, found = read_document(root, config.departments, "departments")
        loaded.findings += found
        loaded.texts[config.departments] = text
        if dept_data is not None:
            loaded.departments = Departments.from_data(dept_data)
    skip = config.registry_files()
    assessments = config.assessment_files()
    configured = config.list_files() if lists is None else lists
    names = sorted(
        set(configured) | {name for name in also if name not in skip and not config.is_assessment(name)}
    )
    for rel in names:
        loaded.files += 1
        data, text, found = read_document(root, rel, "list", schema_check=check_lists)
        loaded.findings += found
        loaded.texts[rel] = text
        if data is not None:
            loaded.docs.append(ListDoc(rel, text, yamlio.compact(data) if compact else data))
    for rel in assessments:
        read_assessment(loaded, rel)
    return loaded


def read_assessment(loaded: Loaded, rel: str) -> None:
    """Read one assessment file into loaded: its findings, its text and, when it parses, its document."""
    loaded.files += 1
    data, text, found = read_document(loaded.config.root, rel, "assessment")
    loaded.findings += found
    loaded.texts[rel] = text
    if data is not None:
        loaded.assessments.append(AssessmentDoc(rel, text, data, clean=not found))


def registry_findings(loaded: Loaded) -> list[Finding]:
    """Consistency of the registries themselves (QD92x)."""
    out: list[Finding] = []
    laws_file = loaded.config.laws
    if loaded.laws is not None:
        for name, inst in loaded.laws.duplicates:
            out.append(_registry_finding(laws_file, "QD921", ("instruments", inst.index), name=name))
        for inst in loaded.laws.instruments:
            dates = [v.date for v in inst.versions]
            if dates != sorted(dates, reverse=True):
                out.append(
                    _registry_finding(
                        laws_file, "QD922", ("instruments", inst.index, "versions"), title=inst.title
                    )
                )
            if (inst.status == "repealed") != bool(inst.repealed):
                out.append(
                    _registry_finding(
                        laws_file, "QD923", ("instruments", inst.index, "status"), title=inst.title
                    )
                )
    if loaded.departments is not None:
        for name, index in loaded.departments.duplicates:
            out.append(
                _registry_finding(loaded.config.departments, "QD921", ("departments", index), name=name)
            )
    return out


def _registry_finding(file: str, code: str, path: tuple[str | int, ...], **args: Any) -> Finding:
    return Finding(file=file, rule=code, severity=RULES_BY_CODE[code].severity, args=args, path=path)


def apply_severities(findings: list[Finding], config: Config) -> list[Finding]:
    out = []
    for f in findings:
        level = config.rules.get(f.rule)
        if level == "off":
            continue
        if level:
            f.severity = level
        out.append(f)
    return out


def renamed_by_place(finding: Finding) -> bool:
    """Whether locate() may change what the finding says (its rule), not only where it is."""
    return finding.rule == "QD103" and finding.args.get("expected_en") == "string"


def locate(findings: list[Finding], texts: dict[str, str]) -> None:
    """Fill in line and column for findings that carry only a path (one marks pass per affected file)."""
    pending: dict[str, list[Finding]] = {}
    for f in findings:
        if f.line is None and f.file in texts and texts[f.file]:
            pending.setdefault(f.file, []).append(f)
    for file, group in pending.items():
        try:
            marks = yamlio.locate(texts[file])
        except yamlio.FileProblem:
            continue
        for f in group:
            pos = marks.find(f.path)
            if pos is not None:
                f.line, f.column = pos
            raw = marks.raw.get(f.path)
            if renamed_by_place(f) and raw is not None:
                # an unquoted 1.10 or 2025-07-01 where text is required: say how to write it
                f.rule = "QD020"
                f.args.update(raw=raw, value=f.args.get("value"))


def validate(
    paths: list[Path] | None = None, start: Path | None = None, *, cache: bool = True, jobs: int | None = None
) -> CheckResult:
    """Check the repository around start (or the given files) against the schema and rules 1-10.

    With cache (and a git repository), each list's per-file result is kept in the git folder and
    reused while the list, the configuration, the registries, the schema and qingdan are unchanged.
    The lists still to be computed are shared among jobs processes (default: every core)."""
    start = start or Path.cwd()
    if paths:
        for p in paths:
            if not p.exists():
                raise UsageError(f"路径不存在：{p}", f"no such file or folder: {p}")
        root = find_root(paths[0])
    else:
        root = find_root(start)
    config_read = load_config(root)
    config = config_read[0]
    named: set[str] | None = None
    if paths:
        named = set()
        for p in paths:
            files = [f for f in p.rglob("*.yaml") if f.is_file()] if p.is_dir() else [p]
            named.update(config.relative(f) for f in files)
    store = ResultCache.of(root) if cache else None
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs 须为正整数：{jobs}", f"--jobs must be a positive number: {jobs}")
    result = run_split(root, named or (), config_read=config_read, store=store, jobs=jobs or cores())
    if named is not None:
        # the whole repository is read for cross-file rules; only the named files are reported on
        result.findings = [f for f in result.findings if f.file in named or f.rule == "QD924"]
    return result


class Named(Protocol):
    """What names a list on the command line: its id and its file (a ListDoc, or what stands for one)."""

    @property
    def id(self) -> str: ...

    @property
    def file(self) -> str: ...


NamedT = TypeVar("NamedT", bound=Named)


def named_lists(docs: list[NamedT], names: Iterable[str]) -> list[NamedT]:
    """The lists named by id or by file, in repository order; a name that matches none is a usage error."""
    wanted = set(names)
    chosen = [d for d in docs if d.id in wanted or d.file in wanted]
    missing = wanted - {d.id for d in chosen} - {d.file for d in chosen}
    if missing:
        raise UsageError(
            f"找不到清单：{'、'.join(sorted(missing))}", f"no such list: {', '.join(sorted(missing))}"
        )
    return chosen


def run_rules(loaded: Loaded, extra: Iterable[Finding] = (), *, git: OpenGit | None = None) -> CheckResult:
    """The schema findings of loading, the registries' and rules 1-10; with git (a workspace's
    repository), the rules that read history read it there."""
    findings = rule_findings(loaded, extra, git=git)
    locate(findings, loaded.texts)
    findings.sort(key=Finding.sort_key)
    findings = cap_findings(findings)
    items = sum(len(doc.items()) for doc in loaded.docs)
    return CheckResult(findings=findings, files=loaded.files, items=items)


def rule_findings(
    loaded: Loaded, extra: Iterable[Finding] = (), *, git: OpenGit | None = None
) -> list[Finding]:
    """run_rules' findings, every one of them (not capped), in no order and without their line and
    column: locate() gives those where they are shown (an edit compares the findings of a repository
    before and after its change by what they say, and shows only the new ones)."""
    ctx = Context(
        config=loaded.config,
        docs=loaded.docs,
        laws=loaded.laws,
        departments=loaded.departments,
        assessments=loaded.assessments,
    )
    if git is not None:
        ctx.drafted = drafted_dates(loaded.config, loaded.docs, git=git)
    findings = list(loaded.findings) + registry_findings(loaded)
    if loaded.config.law_texts:
        folder = loaded.config.root / loaded.config.law_texts
        if folder.is_dir():
            ctx.law_texts = LawTexts.open(folder)
        else:
            # a misspelt folder must not switch the article check off silently
            findings.append(
                Finding(
                    file=loaded.config.file or CONFIG_NAME, rule="QD925", severity=RULES_BY_CODE["QD925"].severity,
                    path=("law_texts",), args={"key": "law_texts", "detail_zh": f"法律文本目录不存在：{loaded.config.law_texts}",
                                               "detail_en": f"the law-text folder does not exist: {loaded.config.law_texts}"},
                )
            )  # fmt: skip
    for rule in all_checks():
        findings.extend(rule(ctx))
    findings.extend(extra)
    return apply_severities(findings, loaded.config)


# ---- validation split into per-file and cross-file work --------------------------------------------------------------------------------


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
    preloaded: Loaded | None = None,
    extra: Iterable[Finding] = (),
    git: OpenGit | None = None,
    jobs: int = 1,
) -> CheckResult:
    """validate's findings by the split path: per-file work for each list (from store when its result
    is there), then the cross-file work over the summaries. Equal to run_rules(load_repository(...)).

    With preloaded (a repository a workspace has read already: load_repository's result with every
    list), its documents are used instead of reading the lists again, and extra and git are as for
    run_rules: then the result equals run_rules(preloaded, extra, git=git). With jobs > 1 and enough lists
    to compute, their per-file work runs on that many forked processes (the result is the same)."""
    if preloaded is not None:
        loaded = preloaded
    else:
        loaded = load_repository(root, (), config_findings=True, lists=[], config_read=config_read)
    if loaded.config_broken:
        return run_rules(loaded, extra, git=git)
    config = loaded.config
    names = list_names(loaded, also)
    listed = set(names)
    read_before: dict[str, list[Finding]] = {}
    if preloaded is not None:
        for f in preloaded.findings:
            if f.file in listed:
                read_before.setdefault(f.file, []).append(f)
    preparsed = {d.file: d for d in preloaded.docs} if preloaded is not None else {}

    def read(rel: str, raw: bytes | None = None) -> tuple[dict[str, Any] | None, str, list[Finding]]:
        """A list file as read_document gives it: from raw, the bytes its key was made of, when given."""
        if preloaded is None:
            return read_document(root, rel, "list", raw)
        doc = preparsed.get(rel)
        return (doc.data if doc else None), loaded.texts.get(rel, ""), list(read_before.get(rel, []))

    findings = [f for f in loaded.findings if f.file not in listed or preloaded is None]
    findings += registry_findings(loaded)
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
    base = base_key(config) if store is not None else ""
    results: dict[str, FileResult] = {}
    keys: dict[str, str] = {}
    docs: dict[str, ListDoc] = {}  # the documents the cross-file work reads (adoption, assessments)
    texts: dict[str, str] = {}
    fresh: dict[str, list[Finding]] = {}  # the lists whose result was computed (to be stored) this run
    # each list is read, checked and let go in turn, unless adoption or assessments read it again
    keep_all = preloaded is not None or any(a.clean for a in loaded.assessments)
    shared = Shared(config, loaded.laws, loaded.departments, law_texts, drafted_dates_any(config, git=git))

    def compute(rel: str, raw: bytes | None) -> tuple[FileResult, ListDoc | None, str]:
        data, text, found = read(rel, raw)
        doc = ListDoc(rel, text, data) if data is not None else None
        asked: dict[tuple[str, str], str | None] = {}
        own = list(found)
        if doc is not None:
            own += file_findings(doc, shared, asked)
        own = apply_severities(own, config)
        locate(own, {rel: text})
        result = FileResult(
            own,
            summarize(doc) if doc is not None else None,
            len(doc.items()) if doc is not None else 0,
            asked,
        )
        return result, doc, text

    def keeps(doc: ListDoc | None) -> bool:
        return doc is not None and (
            keep_all or adoption.takes_part(doc) or adoption.not_a_template(doc) is None
        )

    def work(rel: str, raw: bytes | None = None) -> None:
        result, doc, text = compute(rel, raw)
        if preloaded is not None and rel in keys and not _same_text(raw, text):
            del keys[rel]  # the file changed since the workspace read it: its result is not stored
        results[rel], fresh[rel] = result, []
        if doc is not None and keeps(doc):
            docs[rel], texts[rel] = doc, text

    def in_worker(job: tuple[str, bytes | None]) -> tuple[bytes | None, bytes | None, str]:
        # what crosses back is marshal data: the result as the cache stores it, and a list that the
        # cross-file work reads again; None where marshal cannot write it (then the parent computes it)
        result, doc, text = compute(*job)
        kept = None
        if doc is not None and keeps(doc):
            try:
                kept = marshal.dumps(doc.data)
            except ValueError:
                kept = None
        return storable(result), kept, text if kept is not None else ""

    def work_all(todo: list[tuple[str, bytes | None]]) -> None:
        done = map_forked(in_worker, todo, jobs) if preloaded is None and len(todo) >= POOL_FROM else None
        for (rel, raw), answer in zip(todo, done or [(None, None, "")] * len(todo), strict=True):
            payload, kept, text = answer
            if done is None or payload is None:
                work(rel, raw)
                continue
            results[rel], fresh[rel] = stored(payload), []
            if kept is not None:
                docs[rel], texts[rel] = ListDoc(rel, text, marshal.loads(kept)), text

    clean = store.clean_blobs(root) if store is not None else {}
    like = next(iter(clean.values()), "")
    todo: list[tuple[str, bytes | None]] = []  # the lists whose per-file work is to be done
    for rel in names:
        loaded.files += 1 if preloaded is None else 0
        raw: bytes | None = None
        if store is not None:
            blob = clean.get(rel)  # a file git's index holds unchanged is not read to know its content
            if blob is None:
                raw = _read_raw(root, rel)
                blob = blob_id(raw, like) if raw is not None else None
            if blob is not None:
                keys[rel] = file_key(base, rel, blob)
                raw_result = store.get(keys[rel])
                if raw_result is not None:
                    try:
                        results[rel] = stored(raw_result)
                        continue
                    except ValueError:
                        pass  # another layout or damaged: computed again and stored anew
            if raw is None and rel in keys:
                # computed from the bytes read now: under their key, should they differ from the index's
                raw = _read_raw(root, rel)
                if raw is None:
                    del keys[rel]
                else:
                    keys[rel] = file_key(base, rel, blob_id(raw, like))
        todo.append((rel, raw))
    work_all(todo)
    # a stored result that asked for drafted dates holds only while history still gives those dates
    for rel, r in list(results.items()):
        if rel not in fresh and any(shared.drafted.known(a, b) != v for (a, b), v in r.asked.items()):
            raw = _read_raw(
                root, rel
            )  # computed again, stored under the key of the bytes it is computed from
            if raw is None:
                keys.pop(rel, None)
            else:
                keys[rel] = file_key(base, rel, blob_id(raw, like))
            work(rel, raw)
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
            data, text, _ = read(rel)
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
    late.extend(extra)
    late = apply_severities(late, config)
    # the places of cross-file findings are kept with each list's result: an unchanged list is not read
    pending = [f for f in late if f.line is None]
    unplaced: set[str] = set()
    for f in pending:
        known = results[f.file].places if f.file in results else {}
        if f.path in known:
            place = known[f.path]
            if place is not None:
                f.line, f.column = place
        else:
            unplaced.add(f.file)
    for rel in unplaced - texts.keys() - loaded.texts.keys() & results.keys():
        try:
            texts[rel] = yamlio.decode(yamlio.read_file(root, rel)).text
        except yamlio.FileProblem:
            pass
    placing = [f for f in pending if f.file in unplaced]
    locate(placing, {**loaded.texts, **texts})
    for f in placing:
        if f.file in results:
            results[f.file].places[f.path] = (
                (f.line, f.column) if f.line is not None and f.column is not None else None
            )
            fresh.setdefault(f.file, [])  # to be stored again, with the place
    findings += adopted + late
    if store is not None:
        for rel in fresh:
            if rel in keys:
                payload = storable(results[rel])
                if payload is not None:
                    store.put(keys[rel], payload)
        if fresh:
            # room for this repository's lists several times over (other branches, the base of a
            # pull request, the previous version of qingdan); older entries than that are removed
            store.prune(max(KEEP_PER_LIST * len(names), KEEP_AT_LEAST))
    findings.sort(key=Finding.sort_key)
    findings = cap_findings(findings)
    items = sum(results[rel].items for rel in names)
    return CheckResult(findings=findings, files=loaded.files, items=items)


# below this many lists to compute, starting processes costs more than it saves
POOL_FROM = 16
# how many cache entries a run that stored new ones leaves: this many per list of the repository, at least
KEEP_PER_LIST = 8
KEEP_AT_LEAST = 2000


def _read_raw(root: Path, rel: str) -> bytes | None:
    try:
        return yamlio.read_file(root, rel)
    except yamlio.FileProblem:
        return None


def _same_text(raw: bytes | None, text: str) -> bool:
    try:
        return raw is not None and yamlio.decode(raw).text == text
    except yamlio.FileProblem:
        return False


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
