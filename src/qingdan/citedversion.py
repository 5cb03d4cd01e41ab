"""Which version of its law a citation means: one rule for validate, impact and every other command.

A citation that pins `version:` means that version. An unpinned citation means the version in force on
the date it was drafted: the effective date of the revision that introduced its item (`since`). That
date is known

- from the list itself when `since` is the list's current revision (a new item is drafted now);
- else from git history: the effective date recorded by the commits that carry that revision;
- else, in a folder without (full) history, from the recorded change report of that revision
  (`reports/<list>/<since>.json`, its `effective`);
- else nothing tells, and the drafted date is the list's own effective date.

When no version of the law was in force yet on the drafted date, the citation cannot have been written
then (it was added to the item later): it means the version in force on the list's effective date.

A new revision moves the list's effective date; when that moves an unpinned citation onto a newer
version than the one it meant when drafted, validate says so (QD309) and asks for `version:`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qingdan.config import Config
from qingdan.errors import EnvironmentProblem
from qingdan.fsutil import ReadRefused, read_regular
from qingdan.gitrepo import GitRepo
from qingdan.model import ListDoc
from qingdan.registry import Instrument, Version

if TYPE_CHECKING:
    from qingdan.gitrepo import GitRepo

DraftedDate = Callable[[ListDoc, dict[str, Any]], str]
# a workspace's repository, opened on first call; None when there is no usable git
OpenGit = Callable[[], "GitRepo | None"]

# What may name a report file: never a path built from unvalidated data (as report.report_path).
_SAFE_ID = re.compile(r"[A-Z][A-Z0-9-]{0,63}")
_SAFE_REVISION = re.compile(r"[0-9]{4}\.[1-9][0-9]{0,5}")
_REPORT_LIMIT = 16 * 1024 * 1024


def list_effective(doc: ListDoc, item: dict[str, Any] | None = None) -> str:
    """The list's effective date ("" when the header lacks a valid one: a schema error already)."""
    value = doc.header.get("effective")
    return value if isinstance(value, str) else ""


def cited_version(
    inst: Instrument, citation: dict[str, Any], drafted: str, effective: str = ""
) -> Version | None:
    """The version a citation means: the pinned one, else the one in force on the drafted date.

    `effective` is the list's effective date: the version in force then is meant when nothing was in
    force yet on the drafted date, and it is the drafted date when none is known. With no date at all
    (a header without a valid effective date) the newest version.
    """
    pinned = citation.get("version")
    if isinstance(pinned, str):
        return inst.version(pinned)
    if drafted:
        found = inst.in_force_on(drafted)
        if found is not None or not effective:
            return found
    if effective:
        return inst.in_force_on(effective)
    return inst.newest


def moved_version(
    inst: Instrument, citation: dict[str, Any], drafted: str, effective: str
) -> tuple[Version, Version] | None:
    """(meant, now) when an unpinned citation meant `meant` when drafted and the list's effective date
    puts a newer version `now` in force; None when pinned, or when both dates give the same version."""
    if isinstance(citation.get("version"), str) or not drafted or not effective:
        return None
    meant = cited_version(inst, citation, drafted, effective)
    now = inst.in_force_on(effective)
    if meant is None or now is None or now is meant or now.date <= meant.date:
        return None
    return meant, now


@dataclass
class DraftedDates:
    """The drafted date of each item's citations: `(doc, item) -> date`, as the module docstring says.

    `known` maps (list id, revision) to that revision's effective date; it is read once, on the first
    item whose `since` is not its list's current revision (most runs over fresh drafts never read it).
    """

    load: Callable[[], Mapping[tuple[str, str], str]]
    source: str = "none"  # git | reports | none: where the earlier revisions' dates come from
    _known: Mapping[tuple[str, str], str] | None = None

    def known(self, list_id: str, revision: str) -> str | None:
        """The effective date of a list's revision, or None when nothing tells."""
        if self._known is None:
            self._known = self.load()
        return self._known.get((list_id, revision))

    def __call__(self, doc: ListDoc, item: dict[str, Any]) -> str:
        effective = list_effective(doc)
        since = item.get("since")
        if not isinstance(since, str) or since == doc.header.get("revision"):
            return effective
        found = self.known(doc.id, since)
        return found if found and found <= (effective or found) else effective


def _valid_date(value: Any) -> str | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def earlier_revisions(docs: list[ListDoc]) -> set[tuple[str, str]]:
    """(list id, revision) of every item's `since` that is not its list's current revision."""
    return {
        (doc.id, since)
        for doc in docs
        for _, item in doc.items()
        if isinstance(since := item.get("since"), str) and since != doc.header.get("revision")
    }


def recorded_reports(root: Path, report_dir: str, docs: list[ListDoc]) -> dict[tuple[str, str], str]:
    """(list id, revision) -> effective date, from the change reports recorded in the repository.

    Only the reports of the revisions the lists' items name are read; a report that is missing, not a
    regular file inside the repository, not JSON, or about another list or revision is passed over.
    """
    return _recorded(root, report_dir, earlier_revisions(docs))


def _recorded(root: Path, report_dir: str, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for list_id, revision in sorted(wanted):
        if not (_SAFE_ID.fullmatch(list_id) and _SAFE_REVISION.fullmatch(revision)):
            continue
        path = root / report_dir / list_id / f"{revision}.json"
        if not path.is_file():
            continue
        try:
            data = json.loads(read_regular(path, _REPORT_LIMIT, root))
        except (ReadRefused, ValueError, RecursionError):
            continue
        if not isinstance(data, dict) or data.get("list") != list_id or data.get("revision") != revision:
            continue
        effective = _valid_date(data.get("effective"))
        if effective:
            found[(list_id, revision)] = effective
    return found


_HEADER_ID = re.compile(rb"^  id: *[\"']?([A-Z][A-Z0-9-]*)[\"']? *(?:#.*)?$", re.M)
_HEADER_REVISION = re.compile(rb"^  revision: *[\"']?([0-9]{4}\.[0-9]+)[\"']? *(?:#.*)?$", re.M)
_HEADER_EFFECTIVE = re.compile(rb"^  effective: *[\"']?([0-9]{4}-[0-9]{2}-[0-9]{2})[\"']? *(?:#.*)?$", re.M)


def _header(raw: bytes) -> tuple[str, str, str] | None:
    """(list id, revision, effective date) of a list file's bytes, read from the header lines alone."""
    head = raw[:16384].replace(b"\r\n", b"\n")
    found = [p.search(head) for p in (_HEADER_ID, _HEADER_REVISION, _HEADER_EFFECTIVE)]
    if any(m is None for m in found):
        return None
    list_id, revision, effective = (m.group(1).decode() for m in found if m is not None)
    return (list_id, revision, effective) if _valid_date(effective) else None


def git_history(
    root: Path,
    skip: set[str],
    wanted: set[tuple[str, str]] | None = None,
    *,
    strict: bool = False,
    git: OpenGit | None = None,
) -> dict[tuple[str, str], str] | None:
    """(list id, revision) -> effective date, from one walk of git history; None without git history.

    Each YAML file a commit writes (registries and configuration excepted) is read by its header lines;
    the newest commit carrying a revision gives its date; the walk stops once every `wanted` (list id,
    revision) is dated, so its cost follows the revisions asked for, not the length of history. A shallow clone has history cut short: with
    strict (the history commands) that is an environment error, otherwise (validate) it counts as no
    history. Files whose header is not in canonical form are passed over (their dates fall back).
    With git (a workspace's repository: None when there is no usable git), history is read through
    that repository and its revision index, and the repository stays open.
    """
    if git is not None:
        shared = git()
        return None if shared is None else _dates(shared, skip, wanted, strict)
    try:
        repo = GitRepo(root)
    except EnvironmentProblem:  # no git, not a repository, an object format qingdan cannot read
        return None
    try:
        return _dates(repo, skip, wanted, strict)
    finally:
        repo.close()


def _dates(
    repo: GitRepo, skip: set[str], wanted: set[tuple[str, str]] | None, strict: bool
) -> dict[tuple[str, str], str] | None:
    """(list id, revision) -> effective date from the history of an open repository."""
    if repo.is_shallow():
        if strict:
            repo.require_history()
        return None
    index = repo.history()
    if index.head is None:
        return {}
    found: dict[tuple[str, str], str] = {}
    read: set[str] = set()
    for commit in index.log:
        for delta in commit.deltas:
            if delta.new is None or delta.new in read or not delta.path.endswith((".yaml", ".yml")):
                continue
            if delta.path in skip:
                continue
            read.add(delta.new)
            if repo.blob_size(delta.new) > _REPORT_LIMIT:
                continue  # no list is this large (validate refuses it): not worth reading
            header = _header(repo.read_blob(delta.new))
            if header is not None:
                found.setdefault(header[:2], header[2])
        if wanted is not None and wanted <= found.keys():
            break
    return found


def drafted_dates(
    config: Config, docs: list[ListDoc], *, strict: bool = False, git: OpenGit | None = None
) -> DraftedDates:
    """The drafted dates of a repository's citations: git history when there is one, else the recorded
    change reports, else the lists' own effective dates (see the module docstring). Nothing is read
    until an item names an earlier revision of its list."""
    return drafted_dates_for(config, lambda: earlier_revisions(docs), strict=strict, git=git)


class _Dated(Mapping[tuple[str, str], str]):
    """(list id, revision) -> effective date: from a full walk of history, else from the recorded
    change report of that revision, read when first asked."""

    def __init__(
        self, from_git: Mapping[tuple[str, str], str], report: Callable[[tuple[str, str]], str | None]
    ) -> None:
        self._git, self._report, self._read = from_git, report, dict[tuple[str, str], str | None]()

    def __getitem__(self, key: tuple[str, str]) -> str:
        if key in self._git:
            return self._git[key]
        if key not in self._read:
            self._read[key] = self._report(key)
        found = self._read[key]
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._git)

    def __len__(self) -> int:
        return len(self._git)


def drafted_dates_any(config: Config, *, git: OpenGit | None = None) -> DraftedDates:
    """drafted_dates for lists not all known in advance (each list read, checked and let go in turn):
    on first need history is walked once in full; a revision it does not date is looked up in its
    recorded change report when asked. Each (list id, revision) gets the date drafted_dates gives it."""
    resolver = DraftedDates(load=dict)

    def load() -> Mapping[tuple[str, str], str]:
        from_git = git_history(config.root, config.registry_files(), None, git=git)
        resolver.source = "git" if from_git is not None else "reports"
        return _Dated(from_git or {}, lambda key: _recorded(config.root, config.report_dir, {key}).get(key))

    resolver.load = load
    return resolver


def drafted_dates_for(
    config: Config,
    wanted_of: Callable[[], set[tuple[str, str]]],
    *,
    strict: bool = False,
    git: OpenGit | None = None,
) -> DraftedDates:
    """drafted_dates for lists known by the (list id, revision) pairs their items name, asked for
    when first needed: the answer for each pair does not depend on which others are asked."""
    resolver = DraftedDates(load=dict)

    def load() -> Mapping[tuple[str, str], str]:
        wanted = wanted_of()
        from_git = git_history(config.root, config.registry_files(), wanted, strict=strict, git=git)
        reports = {}
        if from_git is None or not wanted <= from_git.keys():
            reports = _recorded(config.root, config.report_dir, wanted)
        resolver.source = "git" if from_git is not None else ("reports" if reports else "none")
        return {**reports, **(from_git or {})}

    resolver.load = load
    return resolver
