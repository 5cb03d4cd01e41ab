"""Which list files of a repository mention an id: one byte scan, so that an edit parses only the lists
its change can concern.

Only a few rules look across files (unique ids, previous ids, successors, merged ids), and each of
them relates two items through an id that both files then contain. The scan over-approximates and
never misses such a file: an id without white space, quotes or backslashes is written in a list as
its own UTF-8 bytes whether plain, quoted, in flow or in a block scalar; a file with a backslash (a
double-quoted escape could spell the id otherwise) is counted as mentioning every id, and an id with
white space, quotes or backslashes is counted as mentioned by every file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from qingdan import yamlio
from qingdan.config import Config
from qingdan.fsutil import ReadRefused, read_regular

_SIMPLE = re.compile(r"[^\s'\"\\]+")


@dataclass
class ListBytes:
    """The bytes of every readable list file, by repository-relative name, in repository order."""

    files: dict[str, bytes] = field(default_factory=dict)
    _escaped: dict[str, bool] = field(default_factory=dict, repr=False)
    # needle -> the files whose bytes hold it: an edit asks for the same ids before and after its change
    _holding: dict[bytes, frozenset[str]] = field(default_factory=dict, repr=False)

    def mentioning(self, needles: Iterable[str]) -> list[str]:
        """The files that may mention any of needles (never fewer than those that do)."""
        wanted = sorted({n for n in needles if n})
        if not wanted:
            return []
        if any(not _SIMPLE.fullmatch(n) for n in wanted):
            return list(self.files)
        encoded = [n.encode("utf-8") for n in wanted]
        # several ids of one list asked together (an add: the list's id and its items'): one scan for
        # their stem finds the few files that can hold any of them. A lone id is scanned for directly
        # (a longer needle is the faster scan).
        stems = Counter(_stem(n) for n in encoded if n not in self._holding)
        holding: set[str] = set()
        for needle in encoded:
            stem = _stem(needle)
            shared = stem is not None and (stem in self._holding or stems[stem] > 1 or stem in encoded)
            holding |= self._holding_needle(needle, stem if shared else None)
        return [name for name, raw in self.files.items() if name in holding or self._has_backslash(name, raw)]

    def _holding_needle(self, needle: bytes, stem: bytes | None) -> frozenset[str]:
        """The files whose bytes hold needle, looked for among those holding stem (a part of it)."""
        found = self._holding.get(needle)
        if found is None:
            pool = self._holding_needle(stem, None) if stem is not None else self.files.keys()
            found = self._holding[needle] = frozenset(name for name in pool if needle in self.files[name])
        return found

    def _has_backslash(self, name: str, raw: bytes) -> bool:
        found = self._escaped.get(name)
        if found is None:
            found = self._escaped[name] = b"\\" in raw
        return found


def _stem(needle: bytes) -> bytes | None:
    """An item id's list id (BZ-T0001 of BZ-T0001-0341): the part before its last hyphen, if any."""
    cut = needle.rfind(b"-")
    return needle[:cut] if cut >= 3 else None


def read_lists(config: Config) -> ListBytes:
    """Every configured list file that is a regular file within the size cap (one that is not holds no
    id a rule could use). The bytes only choose which lists to read: those are read again with every
    guard, their path checked to lie inside the repository."""
    found = ListBytes()
    for rel in config.list_files():
        try:
            found.files[rel] = read_regular(config.root / rel, yamlio.MAX_BYTES)
        except ReadRefused:
            continue
    return found
