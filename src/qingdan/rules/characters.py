"""Names, ids and titles hold only visible text on one line (rule 1).

A bidirectional control (U+202E and its kin) makes a table cell show its text in another order than it
is stored, so that a reviewer approves what he did not read; a zero-width character makes two ids or
names that look identical differ; a CR or LF breaks the one-line field across table rows. None of them
has a place in a name, an id or a title, so each is reported where it stands.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from qingdan.model import Finding, ListDoc, Path
from qingdan.rules import Context, finding

# U+061C arabic letter mark, U+200E/200F marks, U+202A-202E embeddings and overrides, U+2066-2069 isolates
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# zero-width and other invisible characters, and line breaks (the reader refuses other controls: QD006)
INVISIBLE = re.compile("[\r\n\u00ad\u034f\u115f\u1160\u180e\u200b-\u200d\u2060-\u2064\u3164\uffa0]")

_HEADER_FIELDS = (("id",), ("title",), ("issuer",), ("unit", "name"))
_ITEM_FIELDS = ("id", "name", "domain", "lead_department")
_ITEM_LISTS = ("previous_ids", "merged_from", "cooperating_departments")


def char_name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()


def _fields(doc: ListDoc) -> Iterator[tuple[Path, str, dict[str, Any] | None]]:
    for keys in _HEADER_FIELDS:
        value: Any = doc.header
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, str):
            yield ("list", *keys), value, None
    for index, item in doc.items():
        for key in _ITEM_FIELDS:
            if isinstance(item.get(key), str):
                yield ("items", index, key), item[key], item
        for key in _ITEM_LISTS:
            values = item.get(key)
            for j, value in enumerate(values if isinstance(values, list) else []):
                if isinstance(value, str):
                    yield ("items", index, key, j), value, item
        basis = item.get("basis")
        for j, citation in enumerate(basis if isinstance(basis, list) else []):
            if isinstance(citation, dict) and isinstance(citation.get("instrument"), str):
                yield ("items", index, "basis", j, "instrument"), citation["instrument"], item
        retired = item.get("retired")
        successors = retired.get("replaced_by") if isinstance(retired, dict) else None
        for j, value in enumerate(successors if isinstance(successors, list) else []):
            if isinstance(value, str):
                yield ("items", index, "retired", "replaced_by", j), value, item


# either kind: one search per field, the two kinds told apart only for a field that has one
_EITHER = re.compile(f"{BIDI.pattern[:-1]}{INVISIBLE.pattern[1:]}")


def check(ctx: Context) -> Iterator[Finding]:
    for doc in ctx.docs:
        for path, value, item in _fields(doc):
            if _EITHER.search(value) is None:
                continue
            field = ".".join(str(p) for p in path[1:] if not isinstance(p, int))
            field = field if path[0] == "items" else f"list.{field}"
            for code, pattern in (("QD028", BIDI), ("QD029", INVISIBLE)):
                match = pattern.search(value)
                if match:
                    yield finding(doc, code, path, item, field=field, char=char_name(match.group()))
