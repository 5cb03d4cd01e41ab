"""Process-wide counts of the costly reads: git repositories opened, history walks, git processes,
YAML documents parsed. Each is one integer increment where the read happens; nothing is printed or
stored elsewhere, so the counts cost nothing unless something reads them (tests, bench/)."""

from __future__ import annotations

import hashlib
from collections import Counter

REPO_OPEN = "repo_open"  # a git repository opened (gitrepo.GitRepo)
HISTORY_WALK = "history_walk"  # a walk of history (git log over a range, git rev-list)
GIT_PROCESS = "git_process"  # any git command run
YAML_PARSE = "yaml_parse"  # a YAML document parsed (guarded reader, fast reader, positions, round trip)
WORKER_POOL = "worker_pool"  # work done on forked processes (whose own reads are not counted here)

COUNTS: dict[str, int] = {REPO_OPEN: 0, HISTORY_WALK: 0, GIT_PROCESS: 0, YAML_PARSE: 0, WORKER_POOL: 0}


# when a test sets this to a Counter, each parse also counts its document (by a hash of its text)
TRACE: Counter[str] | None = None


def bump(name: str) -> None:
    COUNTS[name] += 1


def parsed(document: bytes | str) -> None:
    """One YAML document parsed."""
    COUNTS[YAML_PARSE] += 1
    if TRACE is not None:
        raw = document.encode("utf-8", "surrogateescape") if isinstance(document, str) else document
        TRACE[hashlib.sha1(raw.removeprefix(b"\xef\xbb\xbf")).hexdigest()] += 1


def reset(trace: bool = False) -> None:
    """Counts from zero; with trace, also count the parses of each document."""
    global TRACE
    for name in COUNTS:
        COUNTS[name] = 0
    TRACE = Counter() if trace else None


def read() -> dict[str, int]:
    """A copy of the counts so far."""
    return dict(COUNTS)
