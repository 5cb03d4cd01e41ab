"""diff, log and show: what changed between revisions, the history of one item, a list as it stood.

This module decides what to read (revisions, configured list files, the blobs that differ) and hands the
bytes to diff.compare; it reads git only through gitrepo and never prints.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qingdan.config import CONFIG_NAME, Config, find_root
from qingdan.diff import Change, Correction, DiffResult, ListChange, ParsedList, compare, parse_list
from qingdan.documents import read_document
from qingdan.errors import UsageError
from qingdan.gitrepo import (
    EMPTY_TREE,
    INDEX,
    WORKTREE,
    CommitDeltas,
    CommitInfo,
    Delta,
    GitRepo,
    check_revision,
)
from qingdan.model import adopted_from
from qingdan.validate import require_config

EMPTY = "EMPTY"
# what a correction (errata commit) may do: fix wording and citations. Adding, retiring, reinstating,
# recategorising, devolving, moving or renumbering an item is a substantive change whatever the commit says.
ERRATA_KINDS = frozenset({"modified", "renamed", "basis_changed"})
_ID_RE = re.compile(r"[A-Z][A-Z0-9-]*")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DEV_NULL = "/dev/null"


@dataclass(frozen=True)
class Side:
    """One end of a comparison: a resolved commit, the work tree, the index, nothing, or a named file."""

    kind: str  # commit | worktree | index | empty | file
    ref: str  # SHA, WORKTREE, INDEX, EMPTY_TREE or a path
    label: str  # what the user wrote

    @property
    def id(self) -> str:
        return {"worktree": WORKTREE, "index": INDEX, "empty": EMPTY}.get(self.kind, self.ref)


# ---- list files of a side --------------------------------------------------------------------


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A configured pattern (Path.glob syntax, `**` = any folders) as a regex over slash-separated paths."""
    out = []
    parts = pattern.strip("/").split("/")
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "**":
            out.append(".*" if last else "(?:[^/]+/)*")
            continue
        j = 0
        piece = ""
        while j < len(part):
            ch = part[j]
            if ch == "*":
                piece += "[^/]*"
            elif ch == "?":
                piece += "[^/]"
            elif ch == "[" and "]" in part[j + 1 :]:
                end = part.index("]", j + 1)
                body = part[j + 1 : end]
                piece += "[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]"
                j = end
            else:
                piece += re.escape(ch)
            j += 1
        out.append(piece + ("" if last else "/"))
    return re.compile("".join(out))


class ListMatcher:
    """Which repository paths are list files under a configuration (registries and config excluded)."""

    def __init__(self, config: Config) -> None:
        self.globs = list(config.lists)
        self._patterns = [glob_regex(p) for p in config.lists]
        self._skip = config.registry_files() | {CONFIG_NAME}

    def __call__(self, path: str) -> bool:
        return path not in self._skip and any(p.fullmatch(path) for p in self._patterns)


def config_from_bytes(root: Path, raw: bytes | None) -> Config:
    """The configuration a side had (defaults when it had none or it does not validate)."""
    config = Config(root=root)
    if raw is None:
        return config
    data, _, findings = read_document(root, CONFIG_NAME, "config", raw=raw)
    if isinstance(data, dict) and not findings:
        config.file = CONFIG_NAME
        config.apply(data)
    return config


def git_blob_id(data: bytes, like: str) -> str:
    """The id git would give these bytes (SHA-1, or SHA-256 when `like` is 64 hex digits)."""
    algo = hashlib.sha256 if len(like) == 64 else hashlib.sha1
    return algo(b"blob %d\0" % len(data) + data).hexdigest()


class Reader:
    """Reads and parses list files of any side once; parsed files are cached by blob id.

    A workspace's reader also answers from what the workspace already parsed (`known`: the work
    tree's lists, found by path or by the blob id of their bytes), caches the work tree's files too
    (a read-only command sees one work tree) and asks history of the workspace's revision index.
    """

    def __init__(
        self,
        repo: GitRepo,
        known: Callable[[str, str], ParsedList | None] | None = None,
        *,
        indexed: bool = False,
    ) -> None:
        self.repo = repo
        self._parsed: dict[tuple[str, str], ParsedList] = {}
        self._known = known
        self._indexed = indexed
        # blob bytes read ahead in one batch (prefetch), kept until the budget is spent
        self._blobs: dict[str, bytes] = {}
        self._budget = self.BLOB_BUDGET

    BLOB_BUDGET = 256 * 1024 * 1024
    BATCH = 4096

    def raw(self, path: str, blob: str) -> bytes | None:
        if blob == WORKTREE:
            return self.repo.read_worktree(path)
        found = self._blobs.get(blob)
        return found if found is not None else self.repo.read_blob(blob)

    def prefetch(self, blobs: Iterable[str]) -> None:
        """Read these blobs in batches now (one git round trip per batch, not one per blob); raw()
        then answers from memory while the budget lasts."""
        wanted = [b for b in dict.fromkeys(blobs) if b != WORKTREE and b not in self._blobs]
        for start in range(0, len(wanted), self.BATCH):
            if self._budget <= 0:
                return
            for sha, data in self.repo.read_blobs(wanted[start : start + self.BATCH]).items():
                self._blobs[sha] = data
                self._budget -= len(data)

    def parse(self, path: str, blob: str, raw: bytes | None = None) -> ParsedList | None:
        key = (path, blob)
        cached = self._parsed.get(key)
        if cached is not None:
            return cached
        keep = blob != WORKTREE or self._known is not None
        doc = self._known(path, blob) if self._known is not None else None
        if doc is None:
            data = raw if raw is not None else self.raw(path, blob)
            if data is None:
                return None
            doc = parse_list(path, data)
        if keep:
            self._parsed[key] = doc
        return doc

    def commits(self, tip: str, exclude: str | None = None) -> list[CommitDeltas]:
        """GitRepo.commits, answered by the revision index when this is a workspace's reader."""
        if self._indexed:
            return self.repo.history().commits(tip, exclude)
        return list(self.repo.commits(tip, exclude))

    def side_files(self, side: Side, matcher: ListMatcher) -> dict[str, str]:
        """Every list file of a side: path -> blob id (WORKTREE for files on disk)."""
        if side.kind == "worktree":
            found: dict[str, str] = {}
            for pattern in matcher.globs:
                for path in self.repo.root.glob(pattern):
                    if path.is_file():
                        rel = path.relative_to(self.repo.root).as_posix()
                        if matcher(rel):
                            found[rel] = WORKTREE
            return found
        if side.kind == "empty":
            return {}
        return {p: sha for p, sha in self.repo.files(side.ref).items() if matcher(p)}


# ---- qingdan diff ----------------------------------------------------------------------------


def split_range(revs: Sequence[str]) -> tuple[str | None, str | None, bool]:
    """(A, B, symmetric) from the command-line words; None for B means the work tree."""
    if len(revs) > 2:
        raise UsageError("最多两个修订版本或两个文件", "at most two revisions or two files")
    if not revs:
        return "HEAD", None, False
    if len(revs) == 2:
        return revs[0], revs[1], False
    word = revs[0]
    for sep, symmetric in (("...", True), ("..", False)):
        if sep in word:
            parts = word.split(sep)
            if len(parts) != 2 or ".." in parts[0] or ".." in parts[1] or parts[1].startswith("."):
                check_revision(word)  # raises with the range message
            return parts[0] or "HEAD", parts[1] or "HEAD", symmetric
    return word, None, False


def diff(
    start: Path | None,
    revs: Sequence[str] = (),
    staged: bool = False,
    errata: bool = True,
    reader: Reader | None = None,
) -> DiffResult:
    """Compare the lists of two revisions (default HEAD with the work tree), or two list files.

    Example: diff(Path("."), ["HEAD~1", "HEAD"]) or diff(Path("."), ["main...HEAD"]). A caller that
    already has the repository open passes its reader: the diff then reads through that repository
    and its parse cache instead of opening its own.
    """
    start = start or Path.cwd()
    if len(revs) == 2 and all(_is_file(start, r) for r in revs):
        if staged:
            raise UsageError("--staged 不能与两个文件同用", "--staged cannot be used with two files")
        return diff_files(start / revs[0], start / revs[1], revs[0], revs[1])
    if len(revs) == 2 and any(_is_file(start, r) for r in revs):
        raise UsageError(
            "两个参数须同为修订版本或同为文件",
            "give two revisions or two files, not one of each",
        )
    if len(revs) == 1 and _is_file(start, revs[0]):
        raise UsageError(
            f"「{revs[0]}」是文件：比较两个文件请给出两个文件名；比较版本请给出修订版本，例如 qingdan diff HEAD~1",
            f"'{revs[0]}' is a file: name two files to compare files, or give revisions (e.g. qingdan diff HEAD~1)",
        )
    a_word, b_word, symmetric = split_range(revs)
    if staged and b_word is not None:
        raise UsageError(
            "--staged 只与一个修订版本同用（与暂存区比较）", "--staged takes at most one revision"
        )
    if reader is not None:
        return _diff_repo(reader.repo, reader, a_word, b_word, symmetric, staged, errata)
    root = find_root(start)
    _require_config(root)
    with GitRepo(root) as repo:
        return _diff_repo(repo, Reader(repo), a_word, b_word, symmetric, staged, errata)


def _diff_repo(
    repo: GitRepo,
    reader: Reader,
    a_word: str | None,
    b_word: str | None,
    symmetric: bool,
    staged: bool,
    errata: bool,
) -> DiffResult:
    a, b = _endpoints(repo, a_word, b_word, symmetric, staged)
    if a.kind == "commit" and (b.kind == "commit" or a.ref != repo.head()):
        repo.require_history()  # a merge base, errata and the commits between need the whole history
    return _diff_sides(repo, reader, a, b, errata)


def _require_config(root: Path) -> None:
    """A broken qingdan.yaml in the work tree stops the command (its findings are shown)."""
    if (root / CONFIG_NAME).is_file():
        require_config(root)


def _is_file(start: Path, word: str) -> bool:
    try:
        return (start / word).is_file()
    except (OSError, ValueError):
        return False


def _endpoints(
    repo: GitRepo, a_word: str | None, b_word: str | None, symmetric: bool, staged: bool
) -> tuple[Side, Side]:
    assert a_word is not None
    if b_word is None:
        b = Side("index", INDEX, "INDEX") if staged else Side("worktree", WORKTREE, "WORKTREE")
        if a_word == "HEAD" and repo.head() is None:
            return Side("empty", EMPTY_TREE, "EMPTY"), b  # a new repository: everything is added
        return Side("commit", repo.resolve(a_word), a_word), b
    a_sha, b_sha = repo.resolve(a_word), repo.resolve(b_word)
    if symmetric:
        a_sha = repo.merge_base(a_sha, b_sha)
        a_word = f"merge-base({a_word}, {b_word})"
    return Side("commit", a_sha, a_word), Side("commit", b_sha, b_word)


def _config_blob(repo: GitRepo, side: Side) -> bytes | None:
    if side.kind == "worktree":
        return repo.read_worktree(CONFIG_NAME)
    if side.kind in ("empty", "file"):
        return None
    blob = repo.blob_at(side.ref, CONFIG_NAME)
    return repo.read_blob(blob) if blob else None


def _matcher(repo: GitRepo, side: Side) -> ListMatcher:
    config = config_from_bytes(repo.root, _config_blob(repo, side))
    return ListMatcher(config)


def _diff_sides(repo: GitRepo, reader: Reader, a: Side, b: Side, errata: bool) -> DiffResult:
    match_a, match_b = _matcher(repo, a), _matcher(repo, b)
    deltas = {d.path: d for d in repo.changed(a.ref, b.ref)}
    if CONFIG_NAME in deltas:
        # the list patterns may differ: files that became (or stopped being) lists count as added/removed
        files_a, files_b = reader.side_files(a, match_a), reader.side_files(b, match_b)
        for path in set(files_a) ^ set(files_b):
            if path not in deltas:
                deltas[path] = Delta(path, files_a.get(path), files_b.get(path))
    before: dict[str, ParsedList] = {}
    after: dict[str, ParsedList] = {}
    for d in deltas.values():
        old_ok, new_ok = d.old is not None and match_a(d.path), d.new is not None and match_b(d.path)
        if not (old_ok or new_ok):
            continue
        new_raw = reader.raw(d.path, d.new) if new_ok and d.new == WORKTREE else None
        if (
            d.new == WORKTREE
            and d.old is not None
            and new_raw is not None
            and git_blob_id(new_raw, d.old) == d.old
        ):
            continue  # only the file's timestamp changed
        if old_ok and d.old is not None:
            doc = reader.parse(d.path, d.old)
            if doc is not None:
                before[d.path] = doc
        if new_ok and d.new is not None:
            doc = reader.parse(d.path, d.new, new_raw)
            if doc is not None:
                after[d.path] = doc
    result = compare(before, after)
    result.from_, result.to, result.from_label, result.to_label = a.id, b.id, a.label, b.label
    if errata and a.kind in ("commit", "empty"):
        _mark_errata(repo, reader, result, a, b, match_b)
    return result


def _mark_errata(
    repo: GitRepo, reader: Reader, result: DiffResult, a: Side, b: Side, match: ListMatcher
) -> None:
    """Flag changes made only by commits with the trailer Qingdan-Change: errata; list those commits."""
    tip = b.ref if b.kind == "commit" else repo.head()
    if tip is None:
        return
    commits = reader.commits(tip, exclude=a.ref if a.kind == "commit" else None)
    if not any(c.errata for c in commits):
        return
    errata_files = {d.path for c in commits if c.errata for d in c.deltas if match(d.path)}
    errata_ids: set[str] = set()
    other_ids: set[str] = set()
    for c in commits:
        if len(c.parents) > 1:
            continue
        ds = [d for d in c.deltas if d.path in errata_files]
        if not ds:
            continue
        ids = _changed_ids(reader, ds)
        if c.errata:
            errata_ids |= ids
            info = repo.commit_info(c.sha, errata=True)
            result.corrections.append(Correction(info.sha, info.date, info.author, info.subject, sorted(ids)))
        else:
            other_ids |= ids
    if b.kind in ("worktree", "index"):
        head = repo.head()
        if head is not None:
            pending = [d for d in repo.changed(head, b.ref) if d.path in errata_files]
            other_ids |= _changed_ids(reader, pending)
    for change in result.changes:
        if change.ids & errata_ids and not change.ids & other_ids and set(change.kinds) <= ERRATA_KINDS:
            change.errata = True
    for record in result.not_applicable:
        if record.key in errata_ids and record.key not in other_ids:
            record.errata = True


def _changed_ids(reader: Reader, deltas: Iterable[Delta]) -> set[str]:
    before: dict[str, ParsedList] = {}
    after: dict[str, ParsedList] = {}
    for d in deltas:
        for blob, side in ((d.old, before), (d.new, after)):
            if blob is not None:
                doc = reader.parse(d.path, blob)
                if doc is not None:
                    side[d.path] = doc
    ids: set[str] = set()
    result = compare(before, after)
    for change in result.changes:
        ids |= change.ids
    ids |= {record.key for record in result.not_applicable}
    return ids


def diff_files(a: Path, b: Path, label_a: str | None = None, label_b: str | None = None) -> DiffResult:
    """Compare two list files on disk (any two files: a draft beside the adopted list, two townships)."""
    name_a, name_b = label_a or a.as_posix(), label_b or b.as_posix()
    docs = []
    for path, name in ((a, name_a), (b, name_b)):
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise UsageError(
                f"无法读取 {name}：{exc.strerror}", f"cannot read {name}: {exc.strerror}"
            ) from None
        docs.append(parse_list(name, raw))
    # a template beside a list adopting it: compared item by item through `from`, not as one list
    # deleted and another added (which would read as the history alarm 删除)
    template = ""
    if _adopts(docs[1], docs[0]):
        template = docs[0].list_id
        docs[0] = as_adopted(docs[0], docs[1], set(docs[1].not_applicable))
    elif _adopts(docs[0], docs[1]):
        template = docs[1].list_id
        docs[1] = as_adopted(docs[1], docs[0], set(docs[0].not_applicable))
    result = compare({name_a: docs[0]}, {name_b: docs[1]}, same_file={name_a: name_b})
    result.template = template
    ids = {d.list_id for d in docs if d.problem is None}
    result.history = not (template or len(ids) == 2)
    result.from_, result.to, result.from_label, result.to_label = name_a, name_b, name_a, name_b
    return result


# what an adopting item keeps of its own, whatever the template item says: not a difference from it
_ADOPTER_OWN = ("id", "from", "since")


def _adopts(adopting: ParsedList, template: ParsedList) -> bool:
    return (
        adopting.problem is None
        and template.problem is None
        and bool(template.list_id)
        and adopting.list_id != template.list_id
        and adopting.header.get("template") == template.list_id
    )


def as_adopted(template: ParsedList, adopting: ParsedList, not_applicable: set[str]) -> ParsedList:
    """The template as the adopting list holds it: each template item under the id of the item adopting
    it (with that item's own id, from and since), so that only real differences show; the template items
    the list records as not applicable, and retired ones, are left out (its not_applicable says so), active
    ones it neither adopts nor records stay under their own ids, as missing; the header is compared under
    the list's id."""
    view = dataclasses.replace(template, raw_items={}, duplicates=[], _norm={}, _canon={}, _all=None)
    view.list_id = adopting.list_id
    view.header = {**template.header, "id": adopting.list_id}
    adopted: set[str] = set()
    for item_id, item in adopting.raw_items.items():
        source = adopted_from(item)
        if source is not None and source in template.raw_items and source not in adopted:
            adopted.add(source)
            own = {key: item[key] for key in _ADOPTER_OWN if key in item}
            view.raw_items[item_id] = {**template.raw_items[source], **own}
    for source, item in template.raw_items.items():
        # a retired template item is adopted by no one: only active ones can be missing
        if item.get("status") != "active" or source in adopted or source in not_applicable:
            continue
        if source not in view.raw_items:
            view.raw_items[source] = item
    return view


# ---- the git external diff driver ------------------------------------------------------------


@dataclass
class DriverOutput:
    """What `qingdan git-diff` prints for one path: a semantic diff, or a plain unified diff."""

    path: str
    result: DiffResult | None = None
    unified: str = ""


def driver_diff(argv: Sequence[str]) -> DriverOutput:
    """GIT_EXTERNAL_DIFF protocol: path old-file old-hex old-mode new-file new-hex new-mode [new-path info]."""
    if len(argv) not in (7, 9):
        raise UsageError(
            f"git-diff 需要 git 传入的 7 个（或 9 个）参数，收到 {len(argv)} 个；它由 git 调用，不宜手工运行",
            f"git-diff takes the 7 (or 9) arguments git passes, got {len(argv)}; git runs it, not you",
        )
    path, old_file, _old_hex, _old_mode, new_file, _new_hex, _new_mode = argv[:7]
    new_path = argv[7] if len(argv) == 9 else path
    old_raw = _read_side(old_file)
    new_raw = _read_side(new_file)
    out = DriverOutput(path=new_path)
    docs: list[ParsedList | None] = []
    for name, raw in ((path, old_raw), (new_path, new_raw)):
        docs.append(parse_list(name, raw) if raw is not None else None)
    if any(d is not None and d.problem is not None for d in docs) or all(d is None for d in docs):
        out.unified = unified_diff(path, new_path, old_raw, new_raw)
        return out
    before = {path: docs[0]} if docs[0] is not None else {}
    after = {new_path: docs[1]} if docs[1] is not None else {}
    out.result = compare(before, after, same_file={path: new_path})
    out.result.from_label, out.result.to_label = f"a/{path}", f"b/{new_path}"
    out.result.from_, out.result.to = f"a/{path}", f"b/{new_path}"
    return out


def _read_side(name: str) -> bytes | None:
    if name == DEV_NULL:
        return None
    try:
        return Path(name).read_bytes()
    except OSError:
        return None


def unified_diff(path: str, new_path: str, old: bytes | None, new: bytes | None) -> str:
    """The plain line diff git would have shown (used when a side is not a readable list)."""
    header = f"diff --git a/{path} b/{new_path}\n"
    try:
        old_text = old.decode("utf-8") if old is not None else ""
        new_text = new.decode("utf-8") if new is not None else ""
    except UnicodeDecodeError:
        return header + f"Binary files a/{path} and b/{new_path} differ\n"
    lines = difflib.unified_diff(
        old_text.splitlines(keepends=True),
        new_text.splitlines(keepends=True),
        "/dev/null" if old is None else f"a/{path}",
        "/dev/null" if new is None else f"b/{new_path}",
    )
    body = "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )
    return header + body


# ---- qingdan log -----------------------------------------------------------------------------


@dataclass
class LogEntry:
    commit: CommitInfo
    changes: list[Change]
    list_change: ListChange | None = None


@dataclass
class ItemLog:
    """The history of one item (or one list), newest first."""

    ident: str
    kind: str  # item | list
    ids: list[str] = field(default_factory=list)  # every id it carried
    name: str = ""
    entries: list[LogEntry] = field(default_factory=list)
    truncated: bool = False


def check_id(ident: str) -> str:
    if not _ID_RE.fullmatch(ident) or len(ident) > 100:
        raise UsageError(
            f"「{ident[:60]}」不是清单或事项编号（例如 CX-QSZ 或 CX-QSZ-0001）",
            f"'{ident[:60]}' is not a list or item id (e.g. CX-QSZ or CX-QSZ-0001)",
        )
    return ident


def item_log(start: Path | None, ident: str, rev: str = "HEAD", limit: int | None = None) -> ItemLog:
    """The commits that changed one item (following moves and renumbering), or one list, newest first.

    Example: item_log(Path("."), "CX-QSZ-0007")
    """
    check_id(ident)
    root = find_root(start or Path.cwd())
    _require_config(root)
    with GitRepo(root) as repo:
        repo.require_history()
        tip = repo.resolve(rev)
        reader = Reader(repo)
        matcher = _matcher(repo, Side("commit", tip, rev))
        log = ItemLog(ident=ident, kind="item")
        tracked = _identify(reader, Side("commit", tip, rev), matcher, ident, log)
        for c in repo.commits(tip):
            if len(c.parents) > 1:
                continue
            before, after = _touching(reader, [d for d in c.deltas if matcher(d.path)], tracked, log.kind)
            if not before and not after:
                continue
            result = compare(before, after)
            if log.kind == "list":
                mine = result.changes_of(ident)
                lc = result.lists.get(ident)
                if not mine and lc is None:
                    continue
                log.entries.append(LogEntry(repo.commit_info(c.sha, c.errata), mine, lc))
            else:
                mine = [ch for ch in result.changes if ch.ids & tracked]
                if not mine:
                    continue
                for ch in mine:
                    tracked |= ch.ids | _previous(ch.before) | _previous(ch.after)
                log.entries.append(LogEntry(repo.commit_info(c.sha, c.errata), mine))
            if limit and len(log.entries) >= limit:
                log.truncated = True
                break
        if not log.entries and not log.name:
            raise UsageError(
                f"在 {rev} 的历史中找不到「{ident}」", f"'{ident}' does not appear in the history of {rev}"
            )
        log.ids = sorted(tracked) if log.kind == "item" else [ident]
        return log


def _previous(item: dict[str, Any] | None) -> set[str]:
    values = item.get("previous_ids") if item else None
    return {v for v in values if isinstance(v, str)} if isinstance(values, list) else set()


def _identify(reader: Reader, side: Side, matcher: ListMatcher, ident: str, log: ItemLog) -> set[str]:
    """Which ids to follow: the item's own, the ids it carried before, or the id it carries now."""
    needle = ident.encode()
    tracked = {ident}
    for path, blob in sorted(reader.side_files(side, matcher).items()):
        raw = reader.raw(path, blob)
        if raw is None or needle not in raw:
            continue
        doc = reader.parse(path, blob, raw)
        if doc is None or doc.problem is not None:
            continue
        if doc.list_id == ident:
            log.kind, log.name = "list", doc.title
            return tracked
        for item_id, item in doc.raw_items.items():
            if item_id == ident or ident in _previous(item):
                log.name = str(item.get("name", ""))
                return tracked | {item_id} | _previous(item)
    return tracked


def _touching(
    reader: Reader, deltas: list[Delta], tracked: set[str], kind: str
) -> tuple[dict[str, ParsedList], dict[str, ParsedList]]:
    """Parsed sides of the changed files that mention a tracked id (bytes are searched before parsing)."""
    needles = [t.encode() for t in tracked]
    before: dict[str, ParsedList] = {}
    after: dict[str, ParsedList] = {}
    for d in deltas:
        raws = [reader.raw(d.path, b) if b is not None else None for b in (d.old, d.new)]
        if not any(r is not None and any(n in r for n in needles) for r in raws):
            continue
        for blob, raw, side in ((d.old, raws[0], before), (d.new, raws[1], after)):
            if blob is not None and raw is not None:
                doc = reader.parse(d.path, blob, raw)
                if doc is not None:
                    side[d.path] = doc
    return before, after


# ---- qingdan show ----------------------------------------------------------------------------


@dataclass
class Shown:
    """An item or a whole list as it stood at a revision (commit None: the work tree)."""

    kind: str  # item | list
    ident: str
    file: str
    data: dict[str, Any]
    list_id: str
    list_title: str
    commit: CommitInfo | None = None
    asked: str = ""  # the id asked for, when it is a former id of the item shown


def show(start: Path | None, ident: str, at: str | None = None, on: str | None = None) -> Shown:
    """An item or a list at a revision (--at), on a date (--on: the last commit that day or before) or now.

    Example: show(Path("."), "CX-QSZ-0007", on="2025-07-01")
    """
    check_id(ident)
    if at is not None and on is not None:
        raise UsageError("--at 与 --on 只能选一个", "use --at or --on, not both")
    root = find_root(start or Path.cwd())
    _require_config(root)
    with GitRepo(root) as repo:
        if at is not None or on is not None:
            repo.require_history()
        side = Side("worktree", WORKTREE, "WORKTREE")
        if at is not None:
            side = Side("commit", repo.resolve(at), at)
        elif on is not None:
            day = _check_date(on)
            head = repo.head()
            sha = repo.commit_on_or_before(day, head) if head else None
            if sha is None:
                raise UsageError(f"{day} 当天及以前没有提交", f"there is no commit on or before {day}")
            side = Side("commit", sha, on)
        reader = Reader(repo)
        matcher = _matcher(repo, side)
        needle = ident.encode()
        for path, blob in sorted(reader.side_files(side, matcher).items()):
            raw = reader.raw(path, blob)
            if raw is None or needle not in raw:
                continue
            data, _, _ = read_document(root, path, "list", raw=raw)
            if not isinstance(data, dict) or not isinstance(data.get("list"), dict):
                continue
            header = data["list"]
            list_id, title = str(header.get("id", "")), str(header.get("title", ""))
            commit = repo.commit_info(side.ref) if side.kind == "commit" else None
            if list_id == ident:
                return Shown("list", ident, path, data, list_id, title, commit)
            found = data.get("items")
            items: list[Any] = found if isinstance(found, list) else []
            for item in items:
                if isinstance(item, dict) and item.get("id") == ident:
                    return Shown("item", ident, path, item, list_id, title, commit)
            for item in items:
                if isinstance(item, dict) and ident in _previous(item):
                    return Shown("item", str(item.get("id")), path, item, list_id, title, commit, asked=ident)
        where = {"worktree": ("工作区", "the working tree")}.get(side.kind, (side.label, side.label))
        raise UsageError(f"{where[0]} 中没有「{ident}」", f"'{ident}' is not in {where[1]}")


def _check_date(value: str) -> str:
    try:
        if not _DATE_RE.fullmatch(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError(
            f"日期「{value[:40]}」应写作 YYYY-MM-DD，例如 2025-07-01",
            f"date '{value[:40]}' must be YYYY-MM-DD, e.g. 2025-07-01",
        ) from None
