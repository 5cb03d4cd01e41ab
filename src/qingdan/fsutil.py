"""Atomic writes and the repository lock: an edit is either fully on disk or not at all."""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from qingdan.errors import QingdanError, UsageError

TEMP_PREFIX = ".qingdan-tmp-"


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


def atomic_write(path: Path, data: bytes) -> None:
    """Replace the file behind path with data: temp file beside it, fsync, rename, fsync the folder.

    The file mode is kept and a symlink stays a symlink (its target is replaced).
    """
    real = Path(os.path.realpath(path))
    try:
        mode = real.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(dir=real.parent, prefix=TEMP_PREFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if os.environ.get("QINGDAN_TEST_KILL_BEFORE_REPLACE"):
            # fault injection for the crash-safety test: die the hard way between write and replace
            os.kill(os.getpid(), 9)
        os.replace(tmp, real)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(real.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def lock_path(root: Path) -> Path:
    """Inside .git when there is one, so the lock never shows up as a change in the work tree."""
    git_dir = root / ".git"
    return git_dir / "qingdan.lock" if git_dir.is_dir() else root / ".qingdan.lock"


@contextlib.contextmanager
def repository_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Serialise edits of one repository across processes; wait a bounded time, then say who holds it."""
    timeout = lock_timeout() if timeout is None else timeout
    path = lock_path(root)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "?"
                    raise QingdanError(
                        f"清单仓库正被另一个 qingdan 进程编辑（{holder}），等待 {timeout:.0f} 秒后放弃：{path}",
                        f"the list repository is being edited by another qingdan process ({holder}); "
                        f"gave up after {timeout:.0f}s: {path}",
                    ) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {time.strftime('%H:%M:%S')}".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the flock
