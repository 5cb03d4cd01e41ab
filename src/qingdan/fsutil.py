"""Everything qingdan reads from or writes to disk, and the repository lock.

A repository may come from a stranger's pull request, so its file names and symlinks are untrusted:
- `read_regular` reads only regular files inside the repository (a symlink must stay inside), with
  the size cap enforced while reading, so a FIFO cannot hang and /dev/zero cannot grow without bound;
- `safe_write` is the one way qingdan writes a file: only a regular file inside the work tree (or the
  git folder), never through a symlink that leaves it, never a read-only file, atomically (temp file
  beside it, fsync, rename), and, given the bytes an edit started from, only if the file still holds
  them (a colleague's save between our read and our write is never overwritten);
- `repository_lock` serialises qingdan's edits of one repository with `filelock`; the lock file lives
  in the git folder (never in the work tree, where a committed symlink could stand in its place).

What is not covered: a local attacker racing qingdan on the same machine (swapping a folder for a
symlink between the check and the rename); the threat is the content of a repository, not its host.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import filelock

from qingdan.errors import QingdanError, UsageError
from qingdan.gitdirs import git_dirs

TEMP_PREFIX = ".qingdan-tmp-"
_CHUNK = 1 << 16


def lock_timeout() -> float:
    """Seconds an edit waits for the repository lock: QINGDAN_LOCK_TIMEOUT, read when an edit needs it."""
    value = os.environ.get("QINGDAN_LOCK_TIMEOUT", "60")
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86400:
        raise UsageError(
            f"环境变量 QINGDAN_LOCK_TIMEOUT 应为 0 到 86400 之间的秒数，现为「{value[:40]}」",
            f"QINGDAN_LOCK_TIMEOUT must be a number of seconds from 0 to 86400, not '{value[:40]}'",
        )
    return seconds


class UnsafePath(QingdanError):
    """A write (or a read) that would leave the repository, follow a symlink out, or hit a file that
    is not a regular, writable file. The message names the path."""


class ChangedOnDisk(QingdanError):
    """The file changed between the edit's read and its replace: nothing was written."""


class ReadRefused(Exception):
    """A file qingdan will not read; code is a finding code of the catalog (QD011, QD019, QD023, QD024)."""

    def __init__(self, code: str, **args: object) -> None:
        super().__init__(code)
        self.code = code
        self.args_ = args


# ---- containment --------------------------------------------------------------------------------


def _real(path: Path | str) -> Path:
    return Path(os.path.realpath(path))


def is_inside(path: Path, folder: Path) -> bool:
    """True when path is folder or lies below it (both already resolved: compared as text, which for
    resolved paths says the same as folder in path.parents without building every parent)."""
    inner, outer = str(path), str(folder)
    return inner == outer or inner.startswith(outer.rstrip(os.sep) + os.sep)


def _within(real: Path, bounds: tuple[Path, ...]) -> bool:
    return any(is_inside(real, bound) for bound in bounds)


def _bounds(root: Path) -> tuple[Path, ...]:
    # the git folder is inside the repository's trust boundary
    real_root = _real(root)
    return (real_root, *(d for d in git_dirs(real_root) if not is_inside(d, real_root)))


def _refuse(path: Path | str, zh: str, en: str) -> UnsafePath:
    return UnsafePath(f"拒绝写入 {path}：{zh}", f"refusing to write {path}: {en}")


def _show(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def write_target(root: Path, path: Path, *, make_dirs: bool = True) -> Path:
    """The real file a write of `path` would replace, after checking every step of the way.

    Each existing folder from root down and the file itself may be a symlink only when its target is
    inside the repository; folders that are missing are created (a folder at a time, never through a
    symlink). An existing target must be a regular, writable file; a dangling symlink is refused.
    """
    root = Path(os.path.abspath(root))
    absolute = Path(os.path.normpath(path if path.is_absolute() else root / path))
    shown = _show(root, absolute)
    if not is_inside(absolute, root) or absolute == root:
        raise _refuse(shown, "路径不在清单仓库内", "the path is outside the repository")
    bounds = _bounds(root)
    folder = root
    for part in absolute.relative_to(root).parts[:-1]:
        folder = folder / part
        if os.path.islink(folder):
            real = _real(folder)
            if not _within(real, bounds):
                raise _refuse(shown, f"{_show(root, folder)} 是指向仓库外的符号链接", f"{_show(root, folder)} is a symlink that leaves the repository")  # fmt: skip
            if not real.is_dir():
                raise _refuse(
                    shown, f"{_show(root, folder)} 不是目录", f"{_show(root, folder)} is not a folder"
                )
        elif folder.exists():
            if not folder.is_dir():
                raise _refuse(
                    shown, f"{_show(root, folder)} 不是目录", f"{_show(root, folder)} is not a folder"
                )
        elif make_dirs:
            folder.mkdir()
        else:
            return absolute  # nothing below a missing folder exists yet
    target = absolute
    if os.path.islink(absolute):
        target = _real(absolute)
        if not _within(target, bounds):
            raise _refuse(shown, "它是指向仓库外的符号链接", "it is a symlink that leaves the repository")
        if not os.path.lexists(target):
            raise _refuse(shown, "它是指向不存在文件的符号链接", "it is a dangling symlink")
    if not _within(_real(target.parent), bounds):
        raise _refuse(shown, "路径不在清单仓库内", "the path is outside the repository")
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return target
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(shown, "它不是普通文件", "it is not a regular file")
    if not info.st_mode & stat.S_IWUSR:
        raise _refuse(shown, "文件为只读（如需修改，请先恢复写权限）", "the file is read-only (make it writable first)")  # fmt: skip
    return target


# ---- writing ------------------------------------------------------------------------------------


_ANY: object = object()


def safe_write(root: Path, path: Path, data: bytes, *, expected: bytes | None | object = _ANY) -> None:
    """Replace (or create) the file at path inside root with data, atomically.

    expected: the bytes the caller read before computing data (None: the file must not exist). The
    file is re-read just before the replace and, if it no longer holds them, nothing is written.
    A symlink inside the repository stays a symlink (its target is replaced); the file mode is kept.
    Callers hold the repository lock, so temp files left by a killed qingdan are removed here.
    """
    target = write_target(root, path)
    shown = _show(Path(os.path.abspath(root)), Path(os.path.normpath(Path(os.path.abspath(root)) / path)))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    remove_stale_temps(target.parent)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        pause = os.environ.get("QINGDAN_TEST_PAUSE_BEFORE_REPLACE")
        if pause:
            # fault injection for the lost-update test: widen the window a colleague's editor saves in
            time.sleep(float(pause))
        if os.environ.get("QINGDAN_TEST_KILL_BEFORE_REPLACE"):
            # fault injection for the crash-safety test: die the hard way between write and replace
            os.kill(os.getpid(), 9)
        if expected is not _ANY:
            _still_as_read(target, shown, expected)  # type: ignore[arg-type]
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_folder(target.parent)


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _still_as_read(target: Path, shown: str, expected: bytes | None) -> None:
    try:
        current: bytes | None = _read_bounded(target, None)
    except FileNotFoundError:
        current = None
    if _digest(current) != _digest(expected):
        what_zh = "已被创建" if expected is None else ("已被删除" if current is None else "已被修改")
        what_en = "was created" if expected is None else ("was deleted" if current is None else "was changed")
        raise ChangedOnDisk(
            f"未写入：{shown} 在 qingdan 读取之后{what_zh}（可能有人正在编辑）。"
            "磁盘上的版本保持不变；请查看后重新运行本命令",
            f"nothing written: {shown} {what_en} after qingdan read it (someone may be editing it). "
            "The version on disk is untouched; review it and run the command again",
        )


def fsync_folder(folder: Path) -> None:
    """Make a rename durable. Windows cannot open a folder, and NTFS journals renames itself."""
    if os.name == "nt":
        return
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def remove_stale_temps(folder: Path) -> list[str]:
    """Delete temp files a killed qingdan left in folder (only regular files with our prefix)."""
    removed: list[str] = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.startswith(TEMP_PREFIX) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(entry.name)
    return removed


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# ---- reading ------------------------------------------------------------------------------------


def _read_bounded(path: Path, limit: int | None) -> bytes:
    """A regular file's bytes; never blocks on a FIFO, stops reading past limit."""
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    )
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise ReadRefused("QD023")
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReadRefused("QD023")
        if limit is not None and info.st_size > limit:
            raise ReadRefused("QD011", size=info.st_size, limit=limit)  # known too large: read nothing
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if limit is not None and size > limit:
                raise ReadRefused("QD011", size=f">{limit}", limit=limit)
            chunks.append(chunk)
    finally:
        os.close(fd)


def read_regular(path: Path, limit: int | None, root: Path | None = None) -> bytes:
    """Read a regular file of at most limit bytes; with root, the file (after symlinks) must lie in it.

    Raises ReadRefused with a finding code: QD024 outside the repository, QD023 not a regular file
    (FIFO, device, folder), QD011 too large, QD019 any other error of the operating system.
    """
    if root is not None and not is_inside(_real(path), _real(root)):
        raise ReadRefused("QD024")
    try:
        return _read_bounded(path, limit)
    except ReadRefused:
        raise
    except OSError as exc:
        raise ReadRefused("QD019", error=exc.strerror or str(exc)) from None


# ---- the repository lock ------------------------------------------------------------------------


def lock_path(root: Path) -> Path:
    """Inside the git folder (shared by linked worktrees, a submodule's own), so the lock never shows
    up in the work tree; a folder without git locks in a private folder of the user's temp dir."""
    dirs = git_dirs(_real(root))
    if dirs:
        return dirs[-1] / "qingdan.lock"
    private = (
        Path(tempfile.gettempdir()) / f"qingdan-locks-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    )
    private.mkdir(mode=0o700, exist_ok=True)
    info = os.lstat(private)
    if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        raise UnsafePath(f"锁目录不安全：{private}", f"the lock folder is not safe to use: {private}")
    name = hashlib.sha256(str(_real(root)).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return private / f"{name}.lock"


@contextlib.contextmanager
def repository_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Serialise edits of one repository across processes; wait a bounded time, then say who holds it."""
    timeout = lock_timeout() if timeout is None else timeout
    path = lock_path(root)
    if os.path.islink(path):
        raise UnsafePath(
            f"锁文件是符号链接，拒绝使用：{path}", f"the lock file is a symlink; refusing it: {path}"
        )
    lock = filelock.FileLock(path, timeout=timeout)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise QingdanError(
            f"清单仓库正被另一个 qingdan 进程编辑（{_holder(path)}），等待 {timeout:.0f} 秒后放弃：{path}",
            f"the list repository is being edited by another qingdan process ({_holder(path)}); "
            f"gave up after {timeout:.0f}s: {path}",
        ) from None
    owner = path.with_name(path.name + ".owner")
    try:
        with contextlib.suppress(OSError):
            if not os.path.islink(owner):
                owner.write_text(f"pid {os.getpid()} since {time.strftime('%H:%M:%S')}", encoding="utf-8")
        yield
    finally:
        lock.release()


def _holder(path: Path) -> str:
    owner = path.with_name(path.name + ".owner")
    if os.path.islink(owner):
        return "?"
    try:
        return owner.read_text(encoding="utf-8", errors="replace").strip()[:200] or "?"
    except OSError:
        return "?"
