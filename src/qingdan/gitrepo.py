"""Everything qingdan asks of git: resolve revisions safely, list changed files, read blobs, walk history.

This is the only module that imports GitPython. Rules it keeps (RELIABILITY §3):

* a user's revision is checked against a strict pattern, then resolved once with
  `rev-parse --verify --quiet --end-of-options REV^{commit}`; only the SHA is used afterwards, so no user
  string ever reaches git where it could be read as an option (`--output=<file>` truncates files);
* file contents come from the object database (tree diff, then the blob's data stream), never a checkout;
* every command runs with -z output (Chinese paths arrive unquoted), GIT_TERMINAL_PROMPT=0,
  GIT_OPTIONAL_LOCKS=0 and literal pathspecs; each GitRepo is closed so no `git cat-file` child survives.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any

from qingdan import counters
from qingdan.errors import EnvironmentProblem, UsageError
from qingdan.gitdirs import git_dirs as git_dirs  # where fsutil finds it, without GitPython

# Wiring of the semantic diff into plain `git diff` / `git log -p --ext-diff`; `qingdan init` writes or prints them.
GITATTRIBUTES_LINE = "lists/**/*.yaml diff=qingdan"
DIFF_DRIVER_KEY = "diff.qingdan.command"
DIFF_DRIVER_COMMAND = "qingdan git-diff"
GIT_CONFIG_COMMAND = f'git config {DIFF_DRIVER_KEY} "{DIFF_DRIVER_COMMAND}"'

ERRATA_TRAILER = "Qingdan-Change"
ERRATA_VALUE = "errata"

WORKTREE = "WORKTREE"  # the new side is the files on disk
INDEX = "INDEX"  # the new side is the staging area
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's well-known empty tree (SHA-1 repositories)

MAX_REVISION = 200
_REVISION_RE = re.compile(r"[A-Za-z0-9._/@{}^~-]+")
_SHA_RE = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_LITERAL_PATHSPECS": "1",
    "GIT_PAGER": "cat",  # qingdan reads git's output itself; a user's pager must never start
}
# -c options ahead of every command: output must not depend on the user's configuration
_CONFIG = ("-c", "core.quotePath=false", "-c", "log.showRoot=true", "-c", "log.showSignature=false")
_SKIP_MODES = ("160000", "120000")  # submodules and symbolic links are never lists


def check_revision(rev: str) -> None:
    """Refuse anything that is not plainly a revision name (RELIABILITY §3.1), before git sees it."""
    shown = rev if len(rev) <= 60 else rev[:57] + "…"
    shown = shown.encode("unicode_escape").decode("ascii") if not shown.isprintable() else shown
    reason: tuple[str, str] | None = None
    if not rev:
        reason = ("修订版本为空", "the revision is empty")
    elif rev.startswith("-"):
        reason = ("修订版本不能以“-”开头", "a revision may not start with '-'")
    elif len(rev) > MAX_REVISION:
        reason = (
            f"修订版本过长（{len(rev)} 个字符，上限 {MAX_REVISION}）",
            f"too long ({len(rev)} > {MAX_REVISION})",
        )
    elif ".." in rev:
        reason = ("范围只能写一次 A..B", "a range is written once, as A..B")
    elif not _REVISION_RE.fullmatch(rev):
        reason = (
            "只能包含字母、数字和 . _ / @ { } ^ ~ -",
            "only letters, digits and . _ / @ { } ^ ~ - are allowed",
        )
    if reason is not None:
        raise UsageError(
            f"无效的修订版本「{shown}」：{reason[0]}。示例：HEAD、HEAD~1、main、v2025.2、a1b2c3d",
            f"invalid revision '{shown}': {reason[1]}. Examples: HEAD, HEAD~1, main, v2025.2, a1b2c3d",
        )


@dataclass(frozen=True)
class Delta:
    """One path that differs between two sides; old/new are blob SHAs, None when absent, WORKTREE for disk."""

    path: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: str  # author date, ISO 8601 with offset
    subject: str
    message: str
    errata: bool


@dataclass
class CommitDeltas:
    """A commit met while walking history: its parents, errata flag and the files it changed (first parent)."""

    sha: str
    parents: tuple[str, ...]
    errata: bool
    deltas: list[Delta] = field(default_factory=list)
    date: int = 0  # committer date, seconds since the epoch: what orders git's walk


def _gitpython() -> ModuleType:
    """GitPython, imported when a repository is first opened: it takes a tenth of a second, which
    a command that never reads git (validate without history, fmt, start-up) does not pay."""
    # GitPython refuses to import when git is not on PATH; qingdan says so itself when it first needs git
    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
    import git

    return git


class GitFailed(Exception):
    """A git command that exited non-zero (GitPython's GitCommandError, which holds its stderr)."""

    def __init__(self, cause: Any) -> None:
        super().__init__(str(cause))
        self.stderr = str(getattr(cause, "stderr", "") or "")


def is_errata(trailer_values: Sequence[str]) -> bool:
    return any(v.strip().lower() == ERRATA_VALUE for v in trailer_values)


class GitRepo:
    """The git repository holding a list repository root (which may be a sub-folder of the work tree)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        git = _gitpython()
        self._exc = git.exc
        if shutil.which(git.Git.GIT_PYTHON_GIT_EXECUTABLE or "git") is None:
            raise _no_git()
        counters.bump(counters.REPO_OPEN)
        try:
            self._repo = git.Repo(self.root, search_parent_directories=True)
        except (git.exc.InvalidGitRepositoryError, git.exc.NoSuchPathError):
            raise EnvironmentProblem(
                f"{self.root} 不在 git 仓库中；比较修订版本需要 git 历史（git init 并提交后再试）",
                f"{self.root} is not inside a git repository; comparing revisions needs git history",
            ) from None
        except git.exc.GitCommandNotFound:
            raise _no_git() from None
        self._repo.git.update_environment(**_ENV)
        top = self._repo.working_tree_dir
        if top is None:
            self.close()
            raise EnvironmentProblem("不支持裸仓库", "bare repositories are not supported")
        self.top = Path(top).resolve()
        # GitPython's object database reads SHA-1 objects only: refuse before any history is read
        fmt = self._repo.config_reader("repository").get_value("extensions", "objectformat", "sha1")
        if str(fmt).lower() != "sha1":
            self.close()
            raise EnvironmentProblem(
                f"{self.top} 使用 git 的 {str(fmt).upper().replace('SHA', 'SHA-')} 对象格式，qingdan 的历史命令目前只支持 SHA-1 仓库"
                "（validate 不需要历史，仍可使用）",
                f"{self.top} uses git's {str(fmt).upper().replace('SHA', 'SHA-')} object format; qingdan's history "
                "commands support SHA-1 repositories only (validate needs no history)",
            )
        rel = self.root.relative_to(self.top).as_posix()
        self.prefix = "" if rel == "." else rel + "/"
        self._history: RevisionIndex | None = None
        self._shallow: bool | None = None

    def history(self) -> RevisionIndex:
        """The commits reachable from HEAD with the files each changed: one walk, on first use."""
        if self._history is None:
            self._history = RevisionIndex(self)
        return self._history

    def close(self) -> None:
        # ends the persistent `git cat-file` children (RELIABILITY §3.4)
        self._repo.close()

    def __enter__(self) -> GitRepo:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ---- running git --------------------------------------------------------------------------

    def _run(self, *args: str, stdin: Any = None) -> bytes:
        """git's output; stdin, when given, is a file git reads its input from."""
        command = [self._repo.git.GIT_PYTHON_GIT_EXECUTABLE, *_CONFIG, *args]
        counters.bump(counters.GIT_PROCESS)
        try:
            out = self._repo.git.execute(
                command, istream=stdin, stdout_as_string=False, strip_newline_in_stdout=False
            )
        except self._exc.GitCommandNotFound:
            raise _no_git() from None
        except self._exc.GitCommandError as exc:
            failed = GitFailed(exc)
            raise self._environment_problem(failed) or failed from None
        assert isinstance(out, bytes)
        return out

    def _environment_problem(self, exc: GitFailed) -> EnvironmentProblem | None:
        stderr = str(exc.stderr or "")
        if "dubious ownership" in stderr:
            return EnvironmentProblem(
                f"git 拒绝读取 {self.top}（属主不同，“dubious ownership”）。若信任此仓库，请执行："
                f"git config --global --add safe.directory {self.top}",
                f"git refuses to read {self.top} (dubious ownership). If you trust it, run: "
                f"git config --global --add safe.directory {self.top}",
            )
        return None

    def _pathspec(self) -> tuple[str, ...]:
        return ("--", self.prefix) if self.prefix else ()

    def _strip(self, path: str) -> str | None:
        """A top-level path as a list-repository path, or None when it lies outside the root."""
        if not self.prefix:
            return path
        return path[len(self.prefix) :] if path.startswith(self.prefix) else None

    # ---- revisions ----------------------------------------------------------------------------

    def resolve(self, rev: str) -> str:
        """The commit SHA a user's revision names; UsageError when there is none."""
        check_revision(rev)
        try:
            out = self._run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
        except GitFailed:
            out = b""
        sha = out.decode("ascii", "replace").strip()
        if _SHA_RE.fullmatch(sha):
            return sha
        if self.is_shallow():
            raise EnvironmentProblem(
                f"找不到修订版本「{rev}」：这是一个浅克隆（shallow clone），历史不完整。"
                "请获取完整历史：git fetch --unshallow；GitHub Actions 中给 actions/checkout 设置 fetch-depth: 0",
                f"unknown revision '{rev}': this is a shallow clone and its history is cut short. Fetch the "
                "full history: git fetch --unshallow; in GitHub Actions set fetch-depth: 0 on actions/checkout",
            )
        if self.head() is None:
            raise UsageError(
                f"找不到修订版本「{rev}」：仓库还没有任何提交",
                f"unknown revision '{rev}': the repository has no commits yet",
            )
        raise UsageError(
            f"找不到修订版本「{rev}」（不是本仓库的提交、分支或标签；git log --oneline 可列出提交）",
            f"unknown revision '{rev}' (not a commit, branch or tag of this repository; see git log --oneline)",
        )

    def head(self) -> str | None:
        """HEAD's commit SHA, or None while the repository has no commits."""
        try:
            out = self._run("rev-parse", "--verify", "--quiet", "HEAD^{commit}")
        except GitFailed:
            return None
        sha = out.decode("ascii", "replace").strip()
        return sha if _SHA_RE.fullmatch(sha) else None

    def is_shallow(self) -> bool:
        """Whether the clone is shallow (asked of git once per open repository)."""
        if self._shallow is None:
            try:
                self._shallow = self._run("rev-parse", "--is-shallow-repository").strip() == b"true"
            except GitFailed:
                self._shallow = False
        return self._shallow

    def require_history(self) -> None:
        """Stop with advice in a shallow clone: history-based answers would be silently wrong there."""
        if self.is_shallow():
            raise EnvironmentProblem(
                "这是一个浅克隆（shallow clone），历史不完整，依据历史的结果（调整说明、事项历史、影响分析、比较）会出错。"
                "请获取完整历史：git fetch --unshallow；GitHub Actions 中给 actions/checkout 设置 fetch-depth: 0",
                "this is a shallow clone and its history is cut short, so answers drawn from history (change reports, "
                "item history, impact, comparisons) would be wrong. "
                "Fetch the full history: git fetch --unshallow; in GitHub Actions set fetch-depth: 0 on actions/checkout",
            )

    def merge_base(self, a: str, b: str) -> str:
        try:
            out = self._run("merge-base", _sha(a), _sha(b)).decode("ascii").strip()
        except GitFailed:
            out = ""
        if not _SHA_RE.fullmatch(out):
            raise UsageError(
                f"{a[:10]} 与 {b[:10]} 没有共同祖先，无法使用 A...B",
                f"{a[:10]} and {b[:10]} share no history",
            )
        return out

    def commit_on_or_before(self, day: str, tip: str) -> str | None:
        """The last first-parent commit from tip whose commit date is on or before day (YYYY-MM-DD)."""
        # as a timestamp: git's date parser gives up on years from 2100, and would then match nothing
        end = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(23, 59, 59)).timestamp()
        counters.bump(counters.HISTORY_WALK)
        out = self._run("rev-list", "-1", "--first-parent", f"--before=@{int(end)}", _sha(tip), "--")
        sha = out.decode("ascii").strip()
        return sha if _SHA_RE.fullmatch(sha) else None

    def is_errata_commit(self, sha: str) -> bool:
        """Whether git reads the trailer Qingdan-Change: errata in the commit's message (git's own
        trailer rules, the same that the history walk uses: never a second parser of our own)."""
        out = self._run(
            "log",
            "-1",
            "--no-walk",
            f"--format=%(trailers:key={ERRATA_TRAILER},valueonly,separator=%x1f)",
            "--end-of-options",
            _sha(sha),
            "--",
        )
        return is_errata(out.decode("utf-8", "replace").strip("\n").split("\x1f"))

    def commit_info(self, sha: str, errata: bool | None = None) -> CommitInfo:
        commit = self._repo.commit(_sha(sha))
        message = (
            commit.message if isinstance(commit.message, str) else commit.message.decode("utf-8", "replace")
        )
        if errata is None:
            errata = self.is_errata_commit(commit.hexsha)
        return CommitInfo(
            sha=commit.hexsha,
            parents=tuple(p.hexsha for p in commit.parents),
            author=str(commit.author.name or ""),
            email=str(commit.author.email or ""),
            date=commit.authored_datetime.isoformat(),
            subject=message.split("\n", 1)[0].strip(),
            message=message.strip(),
            errata=errata,
        )

    # ---- trees and blobs ----------------------------------------------------------------------

    def changed(self, old: str, new: str) -> list[Delta]:
        """Paths that differ from commit (or EMPTY_TREE) old to a commit, WORKTREE or INDEX new."""
        if new == WORKTREE:
            deltas = _parse_raw(
                self._run(
                    "diff-index", "-z", "--raw", "--no-renames", "--no-abbrev", _tree(old), *self._pathspec()
                )
            )
            seen = {d.path for d in deltas}
            out = [Delta(d.path, d.old, WORKTREE if d.new is not None else None) for d in deltas]
            # untracked (but not ignored) files: a drafter's new list before `git add`
            others = self._run("ls-files", "-z", "--others", "--exclude-standard", *self._pathspec())
            for raw in others.split(b"\0"):
                path = raw.decode("utf-8", "surrogateescape")
                if path and path not in seen:
                    out.append(Delta(path, None, WORKTREE))
            result = out
        elif new == INDEX:
            result = _parse_raw(
                self._run(
                    "diff-index",
                    "-z",
                    "--raw",
                    "--no-renames",
                    "--no-abbrev",
                    "--cached",
                    _tree(old),
                    *self._pathspec(),
                )
            )
        else:
            result = _parse_raw(
                self._run(
                    "diff-tree",
                    "-r",
                    "-z",
                    "--raw",
                    "--no-renames",
                    "--no-abbrev",
                    _tree(old),
                    _sha(new),
                    *self._pathspec(),
                )
            )
        stripped = []
        for d in result:
            rel = self._strip(d.path)
            if rel is not None:
                stripped.append(Delta(rel, d.old, d.new))
        return stripped

    def files(self, rev: str) -> dict[str, str]:
        """Every file at a commit (or INDEX): path -> blob SHA."""
        found: dict[str, str] = {}
        if rev == INDEX:
            out = self._run("ls-files", "-s", "-z", *self._pathspec())
            for entry in out.split(b"\0"):
                if not entry:
                    continue
                meta, _, raw_path = entry.partition(b"\t")
                mode, sha, stage = meta.decode("ascii").split()
                if stage == "0" and mode not in _SKIP_MODES:
                    self._keep(found, raw_path, sha)
            return found
        if rev == EMPTY_TREE:
            return found
        out = self._run("ls-tree", "-r", "-z", "--full-tree", _sha(rev), *self._pathspec())
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, _, raw_path = entry.partition(b"\t")
            mode, kind, sha = meta.decode("ascii").split()
            if kind == "blob" and mode not in _SKIP_MODES:
                self._keep(found, raw_path, sha)
        return found

    def _keep(self, found: dict[str, str], raw_path: bytes, sha: str) -> None:
        rel = self._strip(raw_path.decode("utf-8", "surrogateescape"))
        if rel is not None:
            found[rel] = sha

    def blob_at(self, rev: str, path: str) -> str | None:
        """The blob SHA of path at a commit (or INDEX), None when absent."""
        if rev == EMPTY_TREE:
            return None
        if rev == INDEX:
            out = self._run("ls-files", "-s", "-z", "--", self.prefix + path)
            meta = out.split(b"\0")[0].partition(b"\t")[0].decode("ascii").split()
            return meta[1] if len(meta) == 3 and meta[2] == "0" else None
        out = self._run("ls-tree", "-z", "--full-tree", _sha(rev), "--", self.prefix + path)
        meta = out.split(b"\0")[0].partition(b"\t")[0].decode("ascii").split()
        return meta[2] if len(meta) == 3 and meta[1] == "blob" else None

    def read_blob(self, sha: str) -> bytes:
        """A blob's bytes from the object database (one persistent cat-file, no checkout)."""
        stream = self._repo.odb.stream(bytes.fromhex(_sha(sha)))
        data = stream.read()
        assert isinstance(data, bytes)
        return data

    def read_blobs(self, shas: Sequence[str]) -> dict[str, bytes]:
        """Many blobs' bytes in one `git cat-file --batch` (one round trip instead of one per blob, which
        is what a report over every list's history would otherwise wait on). Missing objects are left out."""
        wanted = list(dict.fromkeys(_sha(sha) for sha in shas))
        if not wanted:
            return {}
        with tempfile.TemporaryFile() as ids:
            ids.write(("\n".join(wanted) + "\n").encode("ascii"))
            ids.seek(0)
            out = self._run("cat-file", "--batch", stdin=ids)
        found: dict[str, bytes] = {}
        at = 0
        while at < len(out):
            end = out.index(b"\n", at)
            head = out[at:end].split()
            at = end + 1
            if len(head) != 3:
                continue  # "<sha> missing" (or ambiguous): nothing follows
            size = int(head[2])
            if head[1] == b"blob":
                found[head[0].decode("ascii")] = out[at : at + size]
            at += size + 1
        return found

    def blob_size(self, sha: str) -> int:
        return int(self._repo.odb.info(bytes.fromhex(_sha(sha))).size)

    def read_worktree(self, path: str) -> bytes | None:
        target = self.root / path
        try:
            return target.read_bytes() if target.is_file() else None
        except OSError:
            return None

    # ---- a branch for review (qingdan sync --branch) --------------------------------------------

    def can_branch(self, name: str, paths: Sequence[str]) -> None:
        """That a new branch name can be made here and the given files committed on it: the name is
        valid and free, HEAD is a commit, the files have no uncommitted changes (they would be swept
        into the commit) and git knows who commits. UsageError or EnvironmentProblem otherwise."""
        try:
            self._run("check-ref-format", "--branch", name)
        except GitFailed:
            raise UsageError(f"分支名无效：{name[:80]}", f"not a valid branch name: {name[:80]}") from None
        if name.startswith("-") or not self._ref_free(f"refs/heads/{name}"):
            raise UsageError(
                f"分支 {name[:80]} 已存在或不可用", f"branch {name[:80]} exists or cannot be used"
            )
        if self.head() is None:
            raise UsageError("仓库还没有提交，无法开分支", "the repository has no commit to branch from")
        dirty = self.dirty(paths)
        if dirty:
            raise UsageError(
                f"这些清单有未提交的改动，请先提交或撤销：{'、'.join(dirty[:10])}",
                f"these lists have uncommitted changes; commit or discard them first: {', '.join(dirty[:10])}",
            )
        try:
            self._run("var", "GIT_COMMITTER_IDENT")
        except GitFailed:
            raise EnvironmentProblem(
                "git 不知道提交者是谁：请先 git config user.name 和 git config user.email",
                "git does not know who commits: set git config user.name and user.email first",
            ) from None

    def _ref_free(self, ref: str) -> bool:
        try:
            self._run("rev-parse", "--verify", "--quiet", ref)
        except GitFailed:
            return True
        return False

    def dirty(self, paths: Sequence[str]) -> list[str]:
        """Those of the files (list-repository paths) that differ from HEAD, staged or not."""
        if not paths:
            return []
        out = self._run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *self._top(paths))
        found = []
        for entry in out.split(b"\0"):
            if len(entry) > 3 and entry[2:3] == b" ":
                rel = self._strip(entry[3:].decode("utf-8", "surrogateescape"))
                if rel is not None:
                    found.append(rel)
        return sorted(set(found) & set(paths))

    def commit_on_new_branch(self, name: str, paths: Sequence[str], message: str) -> str:
        """Start branch name at HEAD (the work tree stays as it is), commit the given files' changes,
        and nothing else, on it; the new commit's SHA."""
        top = self._top(paths)
        self._run("switch", "--quiet", "--create", name)
        try:
            self._run("add", "--", *top)
            self._run("commit", "--quiet", "--message", message, "--only", "--", *top)
        except GitFailed as failed:
            raise EnvironmentProblem(
                f"已在新分支 {name} 上写入改动，但提交失败（改动留在工作区）：{failed.stderr.strip()[:300]}",
                f"the changes are written on the new branch {name} but the commit failed (they stay in the work "
                f"tree): {failed.stderr.strip()[:300]}",
            ) from None
        head = self.head()
        assert head is not None
        return head

    def _top(self, paths: Sequence[str]) -> list[str]:
        return [self.prefix + p for p in paths]

    # ---- history ------------------------------------------------------------------------------

    def commits(self, tip: str, exclude: str | None = None) -> Iterator[CommitDeltas]:
        """Commits reachable from tip (not from exclude), newest first, each with its changed files.

        Merge commits carry no deltas: their changes are reported on the commits that made them.
        """
        revs = [_sha(tip)] + ([f"^{_sha(exclude)}"] if exclude and exclude != EMPTY_TREE else [])
        counters.bump(counters.HISTORY_WALK)
        out = self._run(
            "log",
            "-z",
            "--raw",
            "--no-renames",
            "--no-abbrev",
            "--no-color",
            f"--format=%x1e%ct %H %P%x1f%(trailers:key={ERRATA_TRAILER},valueonly,separator=%x1f)",
            "--end-of-options",
            *revs,
            *(("--", self.prefix) if self.prefix else ("--",)),
        )
        current: CommitDeltas | None = None
        tokens = out.split(b"\0")
        i = 0
        while i < len(tokens):
            token = tokens[i].lstrip(b"\n")
            i += 1
            if token.startswith(b"\x1e"):
                if current is not None:
                    yield current
                head, *trailers = token[1:].decode("utf-8", "replace").split("\x1f")
                date, *shas = head.split()
                current = CommitDeltas(shas[0], tuple(shas[1:]), is_errata(trailers), date=int(date))
            elif token.startswith(b":") and current is not None and i < len(tokens):
                delta = _raw_delta(token, tokens[i])
                i += 1
                rel = self._strip(delta.path) if delta is not None else None
                if delta is not None and rel is not None:
                    current.deltas.append(Delta(rel, delta.old, delta.new))
        if current is not None:
            yield current


class RevisionIndex:
    """Every commit reachable from HEAD, newest first, with the files it changed (one `git log`), so
    that what a command asks of history (which commits lie between two revisions, which touched a
    path) is answered from memory instead of by another walk."""

    def __init__(self, repo: GitRepo) -> None:
        self.repo = repo
        self.head = repo.head()
        self.log: list[CommitDeltas] = list(repo.commits(self.head)) if self.head else []
        self.by_sha: dict[str, CommitDeltas] = {c.sha: c for c in self.log}
        self._complete: bool | None = None  # every parent of every commit is in the log

    def complete(self) -> bool:
        # a list repository in a sub-folder walks with a pathspec, which leaves out the commits that
        # did not touch it: ancestry is then git's to answer
        if self._complete is None:
            self._complete = all(p in self.by_sha for c in self.log for p in c.parents)
        return self._complete

    def _ancestors(self, sha: str) -> set[str]:
        seen: set[str] = set()
        stack = [sha]
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(self.by_sha[current].parents)
        return seen

    def _walk(self, tip: str, hidden: set[str]) -> list[CommitDeltas]:
        """The commits from tip in git's own order: a queue by committer date, newest first, where a
        commit joins after those of the same date already waiting (as git's commit_list_insert_by_date)."""
        out: list[CommitDeltas] = []
        seen = {tip}
        queue = [tip]
        keys = [-self.by_sha[tip].date]
        while queue:
            commit = self.by_sha[queue.pop(0)]
            keys.pop(0)
            if commit.sha not in hidden:
                out.append(commit)
            for parent in commit.parents:
                if parent not in seen:
                    seen.add(parent)
                    key = -self.by_sha[parent].date
                    at = bisect.bisect_right(keys, key)
                    keys.insert(at, key)
                    queue.insert(at, parent)
        return out

    def commits(self, tip: str, exclude: str | None = None) -> list[CommitDeltas]:
        """As GitRepo.commits: reachable from tip and not from exclude, newest first."""
        if exclude == EMPTY_TREE:
            exclude = None
        known = tip in self.by_sha and (exclude is None or exclude in self.by_sha)
        if not known or not self.complete():
            return list(self.repo.commits(tip, exclude))
        if tip == self.head and exclude is None:
            return list(self.log)
        return self._walk(tip, self._ancestors(exclude) if exclude is not None else set())

    def touching(self, path: str) -> list[str]:
        """The commits that changed path, newest first (merges carry no changes of their own)."""
        return [c.sha for c in self.log if any(d.path == path for d in c.deltas)]


def _no_git() -> EnvironmentProblem:
    return EnvironmentProblem("找不到 git 程序，请先安装 git", "git is not installed (or not on PATH)")


def _sha(value: str) -> str:
    # only resolved SHAs ever reach a git command line; anything else is a programming error
    if not _SHA_RE.fullmatch(value):
        raise ValueError(f"not a resolved object id: {value!r}")
    return value


def _tree(value: str) -> str:
    return EMPTY_TREE if value == EMPTY_TREE else _sha(value)


def _raw_delta(meta: bytes, raw_path: bytes) -> Delta | None:
    # ":100644 100644 <old> <new> M" then the path (with -z, unquoted)
    parts = meta[1:].decode("ascii", "replace").split()
    if len(parts) < 5:
        return None
    old_mode, new_mode, old_sha, new_sha = parts[:4]
    if old_mode in _SKIP_MODES or new_mode in _SKIP_MODES:
        return None
    path = raw_path.decode("utf-8", "surrogateescape")
    absent = "0" * len(old_sha)
    old = None if old_mode == "000000" or old_sha == absent else old_sha
    # a zero new SHA with a live mode is a work-tree file whose content git has not hashed
    new = None if new_mode == "000000" else (WORKTREE if new_sha == absent else new_sha)
    return Delta(path, old, new)


def _parse_raw(out: bytes) -> list[Delta]:
    tokens = out.split(b"\0")
    deltas = []
    i = 0
    while i < len(tokens) - 1:
        meta = tokens[i].lstrip(b"\n")
        if not meta.startswith(b":"):
            i += 1
            continue
        delta = _raw_delta(meta, tokens[i + 1])
        i += 2
        if delta is not None:
            deltas.append(delta)
    return deltas
