"""Change reports (调整说明): what one revision of a list changed against its previous revision.

A list's revision ("2025.2") is what officials approve and publish. Its report compares the list as it
stands at that revision with the published state of its previous revision (the list content that
revision's report records, found in git history), and is written
to reports/<list id>/<revision>.md and .json. Everything in it is computed from the list files and the
history, so regenerating it gives the same bytes: `qingdan report --check` relies on that.

"Commits involved" are the commits that changed the list after the previous revision, up to the commit
before the one that added the report (a report cannot name the commit that contains it).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qingdan.config import Config
from qingdan.diff import Change, DiffResult, NotApplicableChange, not_applicable_records
from qingdan.errors import QingdanError, UsageError
from qingdan.filerules import ResultStore, base_key
from qingdan.fsutil import read_regular, repository_lock, safe_write, write_target
from qingdan.gitrepo import WORKTREE, CommitInfo, GitRepo
from qingdan.history import ListMatcher, Reader, diff, git_blob_id
from qingdan.model import CheckResult, ListDoc
from qingdan.reportfile import RENDERERS, CommitRow, Report
from qingdan.revisions import revision_key
from qingdan.validate import StoppedByFindings, locate, named_lists
from qingdan.workspace import Workspace

_HEADER_ID = re.compile(rb"^  id: *[\"']?([A-Z][A-Z0-9-]*)[\"']? *(?:#.*)?$", re.M)
_HEADER_REVISION = re.compile(rb"^  revision: *[\"']?([0-9]{4}\.[0-9]+)[\"']? *(?:#.*)?$", re.M)
CATEGORIES = ("basic", "cooperative", "recalled", "self_governance", "assist_government", "prohibited")


def _quick_header(raw: bytes) -> tuple[str | None, str | None]:
    """The list id and revision of a list file's bytes without parsing the whole file."""
    head = raw[:16384].replace(b"\r\n", b"\n")
    found_id, found_rev = _HEADER_ID.search(head), _HEADER_REVISION.search(head)
    return (
        found_id.group(1).decode() if found_id else None,
        found_rev.group(1).decode() if found_rev else None,
    )


def _header(reader: Reader, path: str, blob: str) -> tuple[str | None, str | None]:
    """(list id, revision) of a list file in history: a quick look, else a full parse."""
    raw = reader.raw(path, blob) or b""
    list_id, revision = _quick_header(raw)
    if list_id is not None and revision is not None:
        return list_id, revision
    parsed = reader.parse(path, blob, raw)  # a file not in canonical form: read it properly
    if parsed is None or parsed.problem is not None or not parsed.list_id:
        return None, None
    revision = parsed.header.get("revision")
    return parsed.list_id, revision if isinstance(revision, str) else None


def _active_counts(items: list[dict[str, Any]]) -> dict[str, int]:
    counter = Counter(str(i.get("category")) for i in items if i.get("status", "active") == "active")
    return {c: counter.get(c, 0) for c in CATEGORIES if counter.get(c) or c in _kind_categories(items)}


def _kind_categories(items: list[dict[str, Any]]) -> tuple[str, ...]:
    village = any(i.get("category") in ("self_governance", "assist_government", "prohibited") for i in items)
    return CATEGORIES[3:] if village else CATEGORIES[:3]


class History:
    """Revisions of every list in a repository's history: list id -> revision -> newest commit with it."""

    def __init__(
        self, repo: GitRepo, matcher: ListMatcher, report_dir: str | None = None, reader: Reader | None = None
    ) -> None:
        self.repo = repo
        self.reader = reader or Reader(repo)
        self.matcher = matcher
        self.revisions: dict[str, dict[str, str]] = {}
        self.touching: dict[str, list[str]] = {}  # list id -> commits that changed it, newest first
        # (list id, blob) -> (revision, the newest commit whose list file had exactly these bytes)
        self.states: dict[tuple[str, str], tuple[str, str]] = {}
        self.errata: dict[str, bool] = {}  # commit -> git reads Qingdan-Change: errata in it
        self.report_commits: dict[str, set[str]] = {}  # commit -> report files it changed
        self.added: dict[str, str] = {}  # path -> the oldest commit that added it (reports among them)
        # one run reports on every list: what all of them share is computed once, so that the run
        # grows with the number of lists, not with its square
        self._diffs: dict[tuple[str, str | None], DiffResult] = {}
        self._lists: dict[str, dict[str, tuple[str, str]]] = {}  # commit -> list id -> (path, blob)
        self._walks: dict[tuple[str, str | None], list[str]] = {}  # (tip, exclude) -> commit shas
        self._later: dict[str, set[str]] = {}  # report-adding commit -> it and the commits after it
        self.parents: dict[str, tuple[str, ...]] = {}
        self._info: dict[str, CommitInfo] = {}
        self.head = head = repo.head()  # read once: a report run never moves HEAD
        if head is None:
            return
        commits = repo.history().commits(head)
        # every list blob in history is looked at below: read them in one batch, not one by one
        self.reader.prefetch(
            blob
            for commit in commits
            for delta in commit.deltas
            if self.matcher(delta.path)
            for blob in (delta.new, delta.old)
            if blob is not None
        )
        for commit in commits:
            self.errata[commit.sha] = commit.errata
            self.parents[commit.sha] = tuple(commit.parents)
            seen: set[str] = set()
            for delta in commit.deltas:
                if report_dir and delta.path.startswith(report_dir + "/"):
                    self.report_commits.setdefault(commit.sha, set()).add(delta.path)
                if delta.old is None and delta.new is not None:
                    self.added[delta.path] = (
                        commit.sha
                    )  # walking newest first: the last one seen is the oldest
                if not self.matcher(delta.path):
                    continue
                for blob in (delta.new, delta.old):
                    if blob is None:
                        continue
                    list_id, revision = _header(self.reader, delta.path, blob)
                    if list_id is None:
                        continue
                    seen.add(list_id)
                    if blob == delta.new and revision is not None:
                        self.revisions.setdefault(list_id, {}).setdefault(revision, commit.sha)
                        self.states.setdefault((list_id, blob), (revision, commit.sha))
            for list_id in seen:
                self.touching.setdefault(list_id, []).append(commit.sha)

    def diff(self, root: Path, before: str, after: str | None) -> DiffResult:
        """The repository's change from commit `before` to `after` (None: the work tree), once per run."""
        key = (before, after)
        if key not in self._diffs:
            revs = [before] if after is None else [before, after]
            self._diffs[key] = diff(root, revs, reader=self.reader)
        return self._diffs[key]

    def commit_info(self, sha: str) -> CommitInfo:
        """A commit's author, date and subject, read once per run (every list's report may name it)."""
        if sha not in self._info:
            self._info[sha] = self.repo.commit_info(sha, errata=self.errata.get(sha))
        return self._info[sha]

    def later(self, added: str) -> set[str]:
        """The commit that added a report and every commit after it, up to HEAD."""
        if added not in self._later:
            parents = self.parents.get(added, ())
            self._later[added] = set(self.walk(self.head or added, parents[0] if parents else None))
        return self._later[added]

    def lists_at(self, commit: str) -> dict[str, tuple[str, str]]:
        """list id -> (path, blob) of the lists in a commit (the first file with an id keeps it)."""
        if commit not in self._lists:
            found: dict[str, tuple[str, str]] = {}
            for path, blob in self.repo.files(commit).items():
                if self.matcher(path):
                    list_id = _header(self.reader, path, blob)[0]
                    if list_id is not None:
                        found.setdefault(list_id, (path, blob))
            self._lists[commit] = found
        return self._lists[commit]

    def walk(self, tip: str, exclude: str | None = None) -> list[str]:
        """Shas of the commits reachable from tip and not from exclude, newest first, once per run."""
        key = (tip, exclude)
        if key not in self._walks:
            self._walks[key] = [c.sha for c in self.repo.history().commits(tip, exclude=exclude)]
        return self._walks[key]

    def previous(self, list_id: str, revision: str) -> tuple[str | None, str | None]:
        """(previous revision, the newest commit that had it) of a list, before `revision`."""
        earlier = [r for r in self.revisions.get(list_id, {}) if revision_key(r) < revision_key(revision)]
        if not earlier:
            return None, None
        best = max(earlier, key=revision_key)
        return best, self.revisions[list_id][best]

    def published(self, list_id: str, revision: str, recorded: str | None) -> str | None:
        """The commit holding the published state of a revision: the list content its report records.

        The content is named by the report, never by "the last commit with that revision number" (a
        later edit under the old number would otherwise vanish from the next report). A recorded blob
        that this list never had at that revision is not trusted.
        """
        if recorded is None:
            return None
        found = self.states.get((list_id, recorded))
        if found is None or found[0] != revision:
            return None
        return found[1]


# What may become a folder or file name of a report: never a path built from unvalidated data.
_SAFE_ID = re.compile(r"[A-Z][A-Z0-9-]{0,63}")
_SAFE_REVISION = re.compile(r"[0-9]{4}\.[1-9][0-9]{0,5}")


def report_path(config: Config, list_id: str, revision: str, suffix: str) -> str:
    if not (_SAFE_ID.fullmatch(list_id) and _SAFE_REVISION.fullmatch(revision)):
        raise QingdanError(
            f"清单编号或版次无效，不能用作报告文件名：{list_id!r} {revision!r}",
            f"the list id or revision cannot name a report file: {list_id!r} {revision!r}",
        )
    return f"{config.report_dir}/{list_id}/{revision}.{suffix}"


def _refuse_invalid(loaded_findings: list[Any], docs: list[ListDoc]) -> None:
    """A list that fails its schema gets no report: its id and revision would name files."""
    files = {d.file for d in docs}
    bad = sorted({f.file for f in loaded_findings if f.severity == "error" and f.file in files})
    if bad:
        raise QingdanError(
            f"以下清单未通过校验，不生成报告（请先运行 qingdan validate）：{'、'.join(bad)}",
            f"these lists do not validate, so no report is written (run qingdan validate): {', '.join(bad)}",
        )


def _commit_rows(
    repo: GitRepo, history: History, list_id: str, since: str | None, until: str | None
) -> list[CommitRow]:
    """Commits that changed the list after `since` (exclusive) up to `until` (inclusive), oldest first."""
    if until is None:
        return []
    touching = set(history.touching.get(list_id, []))
    rows = []
    for sha in history.walk(until, since):
        if sha in touching:
            info = history.commit_info(sha)
            rows.append(CommitRow(info.sha, info.date[:10], info.author, info.subject, info.errata))
    rows.reverse()
    return rows


def build_report(
    root: Path,
    config: Config,
    repo: GitRepo,
    history: History,
    doc_file: str,
    data: dict[str, Any],
    revision: str | None,
    blob: str | None = None,
) -> Report:
    """The report of one revision of a list; blob is the git blob id of the list file's current bytes."""
    header = data.get("list") or {}
    list_id = str(header.get("id", ""))
    current = str(header.get("revision", ""))
    wanted = revision or current
    if revision_key(wanted) == (0, 0):
        raise UsageError(f"版次无效：{wanted}", f"not a revision: {wanted}")
    if wanted == current:
        target: str | None = None  # the work tree
        target_data = data
    else:
        target = history.revisions.get(list_id, {}).get(wanted)
        if target is None:
            raise UsageError(
                f"清单 {list_id} 的历史中没有 {wanted} 版", f"list {list_id} never had revision {wanted}"
            )
        target_data = _list_at(history, list_id, target) or {}
        blob = (history.lists_at(target).get(list_id) or (None, None))[1]
    previous, previous_commit = history.previous(list_id, wanted)
    if previous is not None:
        recorded = _recorded_blob(root, config, list_id, previous)
        previous_commit = history.published(list_id, previous, recorded) or _reported_at(
            history, config, list_id, previous, previous_commit
        )
    report = Report(
        list_id=list_id,
        file=doc_file,
        header=dict(target_data.get("list") or {}),
        revision=wanted,
        list_blob=blob,
    )
    items_after = [i for i in target_data.get("items") or [] if isinstance(i, dict)]
    report.counts_after = _active_counts(items_after)
    report.retired_after = sum(1 for i in items_after if i.get("status") == "retired")
    # an older revision ends with the last commit that had it; the current one with HEAD
    until: str | None = target if target is not None else history.head
    # a report cannot name the commit that adds it: commits from that one on are left out, so that
    # the report reads the same when it is regenerated later (report --check)
    added = history.added.get(report_path(config, list_id, wanted, "json"))
    later = history.later(added) if added else set()
    if previous is None or previous_commit is None:
        report.items = items_after
        # a first publication shows the whole list: its not_applicable records are part of it
        report.not_applicable = [
            NotApplicableChange(list_id, item, "added", None, record)
            for item, record in sorted(not_applicable_records(target_data).items())
        ]
        report.commits = [c for c in _commit_rows(repo, history, list_id, None, until) if c.sha not in later]
        return report
    report.previous, report.previous_commit = previous, previous_commit
    before_data = _list_at(history, list_id, previous_commit) or {}
    report.previous_header = dict(before_data.get("list") or {})
    report.counts_before = _active_counts([i for i in before_data.get("items") or [] if isinstance(i, dict)])
    for category in report.counts_after:
        report.counts_before.setdefault(category, 0)
    for category in report.counts_before:
        report.counts_after.setdefault(category, 0)
    result = history.diff(root, previous_commit, target)
    mine = result.changes_of(list_id)
    report.changes = [c for c in mine if not c.errata]
    report.corrections = [c for c in mine if c.errata]
    touched = result.lists.get(list_id)
    report.not_applicable = list(touched.not_applicable) if touched is not None else []
    counts = Counter(kind for c in report.changes for kind in c.kinds)
    report.kind_counts = {kind: n for kind, n in counts.items() if n}
    report.commits = [
        c for c in _commit_rows(repo, history, list_id, previous_commit, until) if c.sha not in later
    ]
    return report


MAX_REPORT_BYTES = 16 * 1024 * 1024


def _sha(data: str | bytes) -> str:
    return hashlib.sha256(
        data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
    ).hexdigest()


def _inputs_digest(report: Report) -> str | None:
    """A digest of everything a report's files are rendered from, the list's content standing for itself
    by its blob id (its header, items and counts are read from those bytes); None when that id is unknown.
    The caller adds qingdan's code, the configuration and the registries (filerules.base_key)."""
    if report.list_blob is None:
        return None

    def change(c: Change) -> list[Any]:
        return [c.as_dict(), c.before, c.after]  # as they are, order included: reports print that order

    inputs = {
        "list": report.list_id,
        "file": report.file,
        "revision": report.revision,
        "blob": report.list_blob,
        "previous": [report.previous, report.previous_commit, report.previous_header],
        "counts": [report.counts_before, report.counts_after, report.retired_after, report.kind_counts],
        "changes": [change(c) for c in report.changes],
        "corrections": [change(c) for c in report.corrections],
        "not_applicable": [na.as_dict() for na in report.not_applicable],
        "commits": [[c.sha, c.date, c.author, c.subject, c.errata] for c in report.commits],
        "first": report.previous is None,
    }
    return _sha(json.dumps(inputs, ensure_ascii=False, sort_keys=True, default=str))


def _recorded_blob(root: Path, config: Config, list_id: str, revision: str) -> str | None:
    """The list content (git blob id) that the committed report of a revision says it describes."""
    target = root / report_path(config, list_id, revision, "json")
    try:
        raw = read_regular(target, MAX_REPORT_BYTES, root) if os.path.lexists(target) else None
        data = json.loads(raw) if raw else None
    except (QingdanError, OSError, ValueError, RecursionError):
        return None  # unreadable or not JSON: the fallback below decides
    blob = data.get("list_blob") if isinstance(data, dict) else None
    return blob if isinstance(blob, str) and _BLOB.fullmatch(blob) else None


def _reported_at(
    history: History, config: Config, list_id: str, revision: str, newest: str | None
) -> str | None:
    """For a report that records no content (written before reports did): the list as it stood when
    that report was last written, if the list was then at that revision; else the newest commit with it."""
    path = report_path(config, list_id, revision, "json")
    for sha in history.walk(history.head or "") if newest else ():
        commit_reports = history.report_commits.get(sha)
        if commit_reports is None or path not in commit_reports:
            continue
        state = history.lists_at(sha).get(list_id)
        if state is not None and history.states.get((list_id, state[1]), ("", ""))[0] == revision:
            return sha
        break
    return newest


def _worktree_blob(root: Path, file: str, committed: dict[str, str], edited: set[str]) -> str | None:
    """The blob id of a list file as it stands: HEAD's when git sees no change (whatever line endings
    the checkout wrote), else the id of its bytes."""
    if file in committed and file not in edited:
        return committed[file]
    try:
        raw = read_regular(root / file, None, root)
    except (QingdanError, OSError):
        return None
    like = next(iter(committed.values()), "0" * 40)
    return git_blob_id(raw, like)


def _list_at(history: History, list_id: str, commit: str) -> dict[str, Any] | None:
    found = history.lists_at(commit).get(list_id)
    if found is None:
        return None
    path, blob = found
    parsed = history.reader.parse(path, blob)  # parsed once per run: most are already (the diff's)
    if parsed is not None and parsed.problem is None:
        return {
            "list": parsed.header,
            "items": list(parsed.items.values()),
            "not_applicable": list(parsed.not_applicable.values()),
        }
    return None


_REVISION = re.compile(r"[0-9]{4}\.[1-9][0-9]*")
_BLOB = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_LIST_ID = re.compile(r"[A-Z][A-Z0-9-]*")
MAX_LIST_ID = 64  # as schemas/list.schema.json: reports/<id>/ must stay a valid file name


def names_a_file(list_id: str) -> bool:
    """True when a list id can be a file or folder name (the schema checks it; this guards the path)."""
    return bool(_LIST_ID.fullmatch(list_id)) and len(list_id) <= MAX_LIST_ID


def _reportable(doc: ListDoc) -> bool:
    """A list whose id and revision can name its report file."""
    revision = doc.header.get("revision")
    return names_a_file(doc.id) and isinstance(revision, str) and bool(_REVISION.fullmatch(revision))


def _named(file: str, loaded: Any, lists: list[str]) -> bool:
    """Whether a broken list file is among those the user named (by file, or by the id its text shows)."""
    if file in lists:
        return True
    text = loaded.texts.get(file, "")
    return any(f"id: {name}" in text for name in lists)


@dataclass
class Written:
    path: str
    status: str  # created | updated | unchanged | missing | stale


def generate(
    start: Path,
    lists: list[str] | None = None,
    revision: str | None = None,
    formats: tuple[str, ...] = ("md", "json"),
    lang: str | None = None,
    check: bool = False,
    skip_invalid: bool = False,
    force: bool = False,
    workspace: Workspace | None = None,
    store: ResultStore | None = None,
) -> list[Written]:
    """Write (or, with check, compare) the report of each list's current (or given) revision.

    A list whose header (id, revision) does not validate, or a list file that does not parse, has no
    report: the command stops with its findings, or with skip_invalid (qingdan check, which reports
    those findings itself) leaves it out. The report of a revision the list has moved past is the
    record of that revision: it is written when missing, but rewritten only with force. A caller
    that has the repository open (qingdan check) passes its workspace: its lists, git repository
    and history are read once for both. With check and store, a report whose inputs (see _inputs_digest)
    were rendered before is compared by the digest of those bytes instead of being rendered again.
    """
    if workspace is not None:
        return _generate(workspace, lists, revision, formats, lang, check, skip_invalid, force, store)
    with Workspace.open(start) as ws:
        return _generate(ws, lists, revision, formats, lang, check, skip_invalid, force, store)


def _generate(
    ws: Workspace,
    lists: list[str] | None,
    revision: str | None,
    formats: tuple[str, ...],
    lang: str | None,
    check: bool,
    skip_invalid: bool,
    force: bool,
    store: ResultStore | None = None,
) -> list[Written]:
    if revision is not None and not _REVISION.fullmatch(revision):
        raise UsageError(
            f"版次「{revision[:40]}」无效，应写作 年份.序号，例如 2025.2",
            f"'{revision[:40]}' is not a revision; write year.number, e.g. 2025.2",
        )
    root = ws.root
    loaded = ws.lists()
    config = loaded.config
    language = lang or config.report_lang
    docs = [d for d in loaded.docs if _reportable(d)]
    if not skip_invalid:
        parsed = {d.file for d in docs}
        registries = config.registry_files()
        bad = [
            f
            for f in loaded.findings
            if f.file not in parsed and f.file not in registries and f.severity == "error"
        ]
        if lists:
            bad = [f for f in bad if _named(f.file, loaded, lists)]
        if bad:
            locate(bad, loaded.texts)
            bad.sort(key=lambda f: (f.file, f.line or 0, f.column or 0, f.rule))
            files = sorted({f.file for f in bad})
            raise StoppedByFindings(
                CheckResult(findings=bad, files=len(files)),
                f"无法为这些清单生成调整说明（清单信息或文件本身有误）：{'、'.join(files)}",
                f"no change report can be made for these lists (their header or file is broken): {', '.join(files)}",
            )
    if lists:
        docs = named_lists(docs, lists)
    out: list[Written] = []
    repo = ws.git()
    with contextlib.ExitStack() as stack:
        repo.require_history()
        history = History(repo, ListMatcher(config), config.report_dir, ws.reader)
        if revision and not lists:
            # asked for one revision of every list: lists that never had it are not an error
            docs = [
                d
                for d in docs
                if d.header.get("revision") == revision or revision in history.revisions.get(d.id, {})
            ]
            if not docs:
                raise UsageError(
                    f"没有哪份清单有过 {revision} 版", f"no list has ever had revision {revision}"
                )
        if skip_invalid:
            failing = {f.file for f in loaded.findings if f.severity == "error"}
            docs = [d for d in docs if d.file not in failing]
        else:
            _refuse_invalid(loaded.findings, docs)
        if not check:
            stack.enter_context(repository_lock(root))
        head = repo.head()
        edited = {d.path for d in repo.changed(head, WORKTREE)} if head else set()
        committed = repo.files(head) if head else {}
        cached = base_key(config) if check and store is not None else None
        for doc in sorted(docs, key=lambda d: d.id):
            report = build_report(
                root, config, repo, history, doc.file, doc.data, revision, _worktree_blob(
                    root, doc.file, committed, edited
                ),
            )  # fmt: skip
            past = report.revision != doc.header.get("revision")
            inputs = _inputs_digest(report) if cached is not None else None
            pending: list[tuple[str, bytes | None, bytes]] = []
            for suffix in formats:
                rel = report_path(config, report.list_id, report.revision, suffix)
                # refuses a symlink out of the repository, a folder that is not one, a read-only file
                target = write_target(root, Path(rel), make_dirs=False)
                existing = read_regular(target, None) if os.path.lexists(target) else None
                key = _sha(f"report {cached} {inputs} {suffix} {language}") if store and inputs else None
                rendered = store.get(key) if store and key else None
                if rendered is not None and existing is not None:
                    status = "unchanged" if _sha(existing).encode() == rendered else "stale"
                    out.append(Written(rel, status))
                    continue
                text = RENDERERS[suffix](report, language).encode("utf-8")
                if store and key:
                    store.put(key, _sha(text).encode())
                pending.append((rel, existing, text))
            rewrites = [rel for rel, existing, new in pending if existing is not None and existing != new]
            if past and rewrites and not check and not force:
                raise UsageError(
                    f"{report.list_id} 已进入 {doc.header.get('revision')} 版，{report.revision} 版的调整说明是该版的"
                    f"记录，不予改写：{'、'.join(rewrites)}（确需重写请加 --force）",
                    f"{report.list_id} has moved on to {doc.header.get('revision')}: the report of {report.revision} "
                    f"is that revision's record and is not rewritten: {', '.join(rewrites)} (use --force to rewrite it)",
                )
            for rel, existing, new in pending:
                if check:
                    status = "unchanged" if existing == new else ("missing" if existing is None else "stale")
                elif existing == new:
                    status = "unchanged"
                else:
                    safe_write(root, Path(rel), new, expected=existing)
                    status = "created" if existing is None else "updated"
                out.append(Written(rel, status))
    return out
