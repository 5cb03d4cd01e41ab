"""Per-file results kept between runs, in the repository's git folder (never in the work tree).

An entry is one file named by its key (a hex digest: nothing of a list's name or content reaches a
file name) under `<git common dir>/qingdan/cache/`. It holds a magic line, the SHA-256 of its
payload and the payload; an entry whose magic or digest does not match (truncated, damaged, written by
another layout) is ignored and computed again, never trusted. Entries are written to a temporary file
and renamed into place, so a reader sees a whole entry or none. Without a git folder there is no cache;
a git folder that cannot be written to only means nothing is kept.

The cache does not grow without bound: an entry's time is renewed when it is read, and a run that
stored new entries removes the least recently used ones beyond a limit that scales with the repository
(other branches' and earlier versions' entries go first), and temporary files a killed run left behind.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

from qingdan import counters
from qingdan.gitdirs import git_dirs

_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "GIT_PAGER": "cat"}
_REGULAR = (b"100644", b"100755")

MAGIC = b"qingdan-result-cache 1\n"
_KEY = re.compile(r"[0-9a-f]{64}")
_LIMIT = 64 * 1024 * 1024  # no entry is this large: a larger file is not read
_STALE_TEMP = 3600  # seconds: a temporary file this old belongs to no running writer


def blob_id(data: bytes, like: str = "") -> str:
    """The id git gives these bytes (SHA-256 when `like` is a SHA-256 id, else SHA-1)."""
    algo = hashlib.sha256 if len(like) == 64 else hashlib.sha1
    return algo(b"blob %d\0" % len(data) + data).hexdigest()


class ResultCache:
    """The result cache of the list repository at root (see the module docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def of(cls, root: Path) -> ResultCache | None:
        """The cache of the git repository holding root; None outside git."""
        dirs = git_dirs(root.resolve())
        if not dirs:
            return None
        return cls(dirs[-1] / "qingdan" / "cache")

    def clean_blobs(self, root: Path) -> dict[str, str]:
        """file (relative to root) -> blob id, for each regular file under root that git's index holds
        and the work tree has not changed (git's own stat check, racy entries included): these need
        not be read to know their content. {} when git cannot say."""
        listed = self._git(root, "ls-files", "--stage", "-z")
        changed = self._git(root, "diff-files", "--name-only", "--relative", "-z")
        if listed is None or changed is None:
            return {}
        dirty = set(changed.split(b"\0"))
        out: dict[str, str] = {}
        for entry in listed.split(b"\0"):
            meta, _, name = entry.partition(b"\t")
            fields = meta.split(b" ")
            if (
                len(fields) == 3
                and fields[0] in _REGULAR
                and fields[2] == b"0"
                and name
                and name not in dirty
            ):
                out[name.decode("utf-8", "surrogateescape")] = fields[1].decode("ascii", "replace")
        return out

    @staticmethod
    def _git(root: Path, *args: str) -> bytes | None:
        counters.bump(counters.GIT_PROCESS)
        try:
            done = subprocess.run(
                ["git", "-c", "core.quotePath=false", *args],
                cwd=root,
                env={**os.environ, **_ENV},
                capture_output=True,
                timeout=60,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout if done.returncode == 0 else None

    def path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise ValueError(f"not a cache key: {key!r}")
        return self.folder / key[:2] / key[2:]

    def get(self, key: str) -> bytes | None:
        """The payload stored under key, or None when there is none or it is not intact."""
        try:
            with open(self.path(key), "rb") as f:
                raw = f.read(_LIMIT + 1)
        except OSError:
            return None
        if len(raw) > _LIMIT or not raw.startswith(MAGIC):
            return None
        digest, _, payload = raw[len(MAGIC) :].partition(b"\n")
        if digest != hashlib.sha256(payload).hexdigest().encode():
            return None
        try:
            os.utime(self.path(key))  # used now: the last to be pruned
        except OSError:
            pass
        return payload

    def prune(self, keep: int) -> int:
        """Remove the least recently used entries beyond keep, and stale temporary files; the number
        removed. Only entries (files named by a key) are ever removed."""
        entries: list[tuple[float, str]] = []
        removed = 0
        now = time.time()
        try:
            shards = [
                d for d in os.scandir(self.folder) if len(d.name) == 2 and d.is_dir(follow_symlinks=False)
            ]
        except OSError:
            return 0
        for shard in shards:
            try:
                names = list(os.scandir(shard.path))
            except OSError:
                continue
            for entry in names:
                try:
                    stat = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if entry.name.startswith(".tmp-"):
                    if now - stat.st_mtime > _STALE_TEMP and _remove(entry.path):
                        removed += 1
                elif _KEY.fullmatch(shard.name + entry.name) and entry.is_file(follow_symlinks=False):
                    entries.append((stat.st_mtime, entry.path))
        if len(entries) > keep:
            entries.sort()
            for _, path in entries[: len(entries) - keep]:
                removed += _remove(path)
        return removed

    def put(self, key: str, payload: bytes) -> None:
        """Store payload under key, atomically; a folder that cannot be written to keeps nothing."""
        target = self.path(key)
        data = MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                os.replace(temp, target)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError:
            return


def _remove(path: str) -> bool:
    try:
        os.unlink(path)
    except OSError:
        return False
    return True
