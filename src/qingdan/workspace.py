"""A list repository opened once for one command: its root, configuration, the work tree's parsed
documents, the git repository, the revision index (one walk of history) and the lists of any revision.

Each piece is read on first use and at most once; every reader of the command takes it from here, so
that one command opens git once, walks history once and parses each document it reads once. A
workspace is for reading: an edit takes its lock first and reads the file itself (edit.py).
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

from qingdan.config import Config, find_root
from qingdan.diff import ParsedList, list_from_data
from qingdan.errors import EnvironmentProblem
from qingdan.gitrepo import WORKTREE, GitRepo, RevisionIndex
from qingdan.history import ListMatcher, Reader, git_blob_id
from qingdan.model import Finding, ListDoc
from qingdan.validate import Loaded, broken_config, load_config, load_repository, read_document


class Workspace:
    """The repository at root, as one command reads it. Close it (or use it in a `with`) to end git's
    child processes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._config: tuple[Config, list[Finding]] | None = None
        self._loaded: dict[tuple[str, ...], Loaded] = {}
        self._git: GitRepo | None = None
        self._git_problem: EnvironmentProblem | None = None
        self._reader: Reader | None = None
        self._worktree: dict[str, ParsedList] = {}  # list file -> its work-tree state, as diff reads it
        self._docs: dict[str, ListDoc] | None = None  # list file -> the work tree's parsed document
        self._worktree_blob: dict[str, str | None] = {}
        self._snapshots: dict[str, dict[str, ParsedList]] = {}
        self._laws: tuple[dict[str, Any] | None, list[Finding]] | None = None
        self._registries: Loaded | None = None

    @classmethod
    def open(cls, start: Path | None = None) -> Workspace:
        """The workspace of the list repository around start (default: the current folder)."""
        return cls(find_root(start or Path.cwd()))

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._git is not None:
            self._git.close()
            self._git = None
            self._reader = None

    # ---- the work tree ------------------------------------------------------------------------

    def config_read(self) -> tuple[Config, list[Finding]]:
        """The configuration and its findings (validate.load_config), read once."""
        if self._config is None:
            self._config = load_config(self.root)
        return self._config

    @property
    def config(self) -> Config:
        return self.config_read()[0]

    def lists(self, *, config_findings: bool = False, also: tuple[str, ...] = ()) -> Loaded:
        """The work tree read and checked once (validate.load_repository): configuration, registries, lists.

        As load_repository, a broken configuration raises StoppedByFindings unless config_findings
        asks for its findings in the result.
        """
        key = tuple(sorted(set(also)))
        loaded = self._loaded.get(key)
        if loaded is None:
            # every list is kept for the whole command: in compact form (shared keys and short strings)
            loaded = load_repository(
                self.root, key, config_findings=True, config_read=self.config_read(), compact=True
            )
            self._loaded[key] = loaded
        if loaded.config_broken and not config_findings:
            raise broken_config(list(loaded.findings))
        return loaded

    def read_lists(self) -> Loaded | None:
        """The work tree's lists when this workspace has read them already (lists()), else None: a
        command that reads the lists its own way takes them from here rather than read them again."""
        loaded = self._loaded.get(()) or next(iter(self._loaded.values()), None)
        return None if loaded is None or loaded.config_broken else loaded

    def registries(self) -> Loaded:
        """The configuration and the registries, without the list files: for a command that reads the
        lists its own way (conform reads them over several processes). Read once; a broken
        configuration raises StoppedByFindings, as lists() does."""
        if self._registries is None:
            self._registries = self.read_lists() or load_repository(
                self.root, config_findings=True, lists=[], config_read=self.config_read()
            )
        if self._registries.config_broken:
            raise broken_config(list(self._registries.findings))
        return self._registries

    def laws_read(self) -> tuple[dict[str, Any] | None, list[Finding]]:
        """The laws registry's data and findings (None, [] when the file is absent), read once: taken
        from the work tree's read when there was one."""
        if self._laws is None:
            config = self.config
            loaded = next(iter(self._loaded.values()), None)
            if not (self.root / config.laws).exists():
                self._laws = (None, [])
            elif loaded is not None and loaded.laws_data is not None:
                self._laws = (loaded.laws_data, [f for f in loaded.findings if f.file == config.laws])
            else:
                data, _, findings = read_document(self.root, config.laws, "laws")
                self._laws = (data, findings)
        return self._laws

    def _known(self, path: str, blob: str) -> ParsedList | None:
        """A list file of the work tree as diff reads it, when blob is WORKTREE or the blob id of its
        bytes: the documents the work tree's check parsed are not parsed again."""
        if blob != WORKTREE and self._blob_of(path, blob) != blob:
            return None
        if path not in self._worktree:
            if self._docs is None:
                loaded = self._loaded.get(()) or next(iter(self._loaded.values()), None)
                if loaded is None:
                    return None  # the work tree is not read: nothing to share yet
                self._docs = {d.file: d for d in loaded.docs}
            doc = self._docs.get(path)
            if doc is None:
                return None
            self._worktree[path] = list_from_data(path, doc.data)
        return self._worktree[path]

    def _blob_of(self, path: str, like: str) -> str | None:
        if path not in self._worktree_blob:
            try:
                target = self.root / path
                raw = target.read_bytes() if target.is_file() and not target.is_symlink() else None
            except OSError:
                raw = None
            self._worktree_blob[path] = git_blob_id(raw, like) if raw is not None else None
        return self._worktree_blob[path]

    # ---- git ----------------------------------------------------------------------------------

    def git(self) -> GitRepo:
        """The git repository, opened on first use (EnvironmentProblem when there is none)."""
        if self._git_problem is not None:
            raise self._git_problem
        if self._git is None:
            try:
                self._git = GitRepo(self.root)
            except EnvironmentProblem as problem:
                self._git_problem = problem
                raise
        return self._git

    def git_or_none(self) -> GitRepo | None:
        """The git repository, or None when there is no usable one (validate reads on without it)."""
        try:
            return self.git()
        except EnvironmentProblem:
            return None

    @property
    def revisions(self) -> RevisionIndex:
        """Every commit from HEAD with the files it changed: one walk of history, on first use."""
        return self.git().history()

    @property
    def reader(self) -> Reader:
        """The parse cache of every revision (by blob id), seeded with the work tree's documents."""
        if self._reader is None:
            self._reader = Reader(self.git(), self._known, indexed=True)
        return self._reader

    def snapshot(self, rev: str, matcher: ListMatcher | None = None) -> dict[str, ParsedList]:
        """The list files of a commit (by the work tree's configuration, unless matcher says otherwise),
        each parsed at most once in this workspace."""
        if matcher is not None:
            return self._read_snapshot(rev, matcher)
        if rev not in self._snapshots:
            self._snapshots[rev] = self._read_snapshot(rev, ListMatcher(self.config))
        return self._snapshots[rev]

    def _read_snapshot(self, rev: str, matcher: ListMatcher) -> dict[str, ParsedList]:
        out: dict[str, ParsedList] = {}
        for path, blob in self.git().files(rev).items():
            if matcher(path):
                parsed = self.reader.parse(path, blob)
                if parsed is not None:
                    out[path] = parsed
        return out
