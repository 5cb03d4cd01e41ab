"""The YAML text of a new list file, written directly in the house style of yamlio's round trip.

A 340-item import spends most of its time in ruamel.yaml's round-trip emitter, which walks every
node through its representer, serializer and emitter. A new file has no comments or layout to keep,
so its text can be written in one pass. What this writes is the exact text that yamlio.make_node
and the round-trip dump write (indent 2, sequences 4 with offset 2, width 4096, a blank line
between list items, flow style for yamlio.FLOW_MAPS and FLOW_SEQS, dates plain, revisions
double-quoted). Any value outside the plain cases it knows (a None, a float with an exponent, an empty container,
a list in a list, a string ruamel would single-quote, fold or escape in another way, a line
near the width) makes it return None, and the caller uses the round-trip dump instead.
tests/test_office_yaml.py holds the two to the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from qingdan.yamlio import DATE_KEYS, FLOW_MAPS, FLOW_SEQS, QUOTED_KEYS
from qingdan.yamlio import _needs_quotes as needs_quotes

# well under ruamel's width of 4096: no line this writes is ever near a fold
_MAX_LINE = 3000
_FLOAT = re.compile(r"-?[0-9]+\.[0-9]+")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# characters ruamel writes as themselves: printable ASCII and the BMP above U+00A0 but the byte
# order mark, the line and paragraph separators and the surrogates; in a plain scalar also not # and
# : (whose meaning there depends on the neighbours); in a double-quoted one also the line break,
# which is written as \n
_PLAIN = re.compile("[\x20-\x22\x24-\x39\x3b-\x7e\u00a1-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")
_QUOTED = re.compile("[\x20-\x7e\u00a1-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\n]*")


class _Unknown(Exception):
    """A value this writer does not know how ruamel would write."""


def _scalar(value: Any, key: str | None, flow: bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        if not _FLOAT.fullmatch(text):
            raise _Unknown  # an exponent, an infinity, not a number
        return text
    if not isinstance(value, str):
        raise _Unknown
    if key in DATE_KEYS:
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    if key in QUOTED_KEYS or needs_quotes(value):
        if not _QUOTED.fullmatch(value):
            raise _Unknown
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if not _PLAIN.fullmatch(value) or value.startswith("..."):
        raise _Unknown
    if flow and any(c in value for c in ",[]{}?"):
        raise _Unknown
    return value


def _key(key: Any) -> str:
    if not isinstance(key, str) or not _KEY.fullmatch(key) or needs_quotes(key):
        raise _Unknown
    return key


def _flow(value: Any, key: str) -> str:
    if isinstance(value, dict) and value and key in FLOW_MAPS:
        return "{" + ", ".join(f"{_key(k)}: {_scalar(v, k, True)}" for k, v in value.items()) + "}"
    if isinstance(value, list) and value and key in FLOW_SEQS:
        return "[" + ", ".join(_scalar(v, None, True) for v in value) + "]"
    raise _Unknown


def _mapping(mapping: dict[str, Any], indent: int, first: str, out: list[str]) -> None:
    """Write a block mapping whose first key follows `first` on the current line (a "- " or nothing)."""
    if not mapping:
        raise _Unknown
    pad = " " * indent
    lead = first
    for key, value in mapping.items():
        name = _key(key)
        if isinstance(value, dict | list) and (
            key in FLOW_MAPS if isinstance(value, dict) else key in FLOW_SEQS
        ):
            line = f"{lead}{name}: {_flow(value, key)}"
        elif isinstance(value, dict):
            out.append(f"{lead}{name}:\n")
            _mapping(value, indent + 2, " " * (indent + 2), out)
            lead = pad
            continue
        elif isinstance(value, list):
            out.append(f"{lead}{name}:\n")
            _sequence(value, indent + 2, out, blank=False)
            lead = pad
            continue
        else:
            line = f"{lead}{name}: {_scalar(value, key, False)}"
        if len(line) > _MAX_LINE:
            raise _Unknown
        out.append(line + "\n")
        lead = pad


def _sequence(seq: list[Any], indent: int, out: list[str], *, blank: bool) -> None:
    if not seq:
        raise _Unknown
    dash = " " * indent + "- "
    for n, entry in enumerate(seq):
        if blank and n:
            out.append("\n")
        if isinstance(entry, dict):
            _mapping(entry, indent + 2, dash, out)
        elif isinstance(entry, list):
            raise _Unknown
        else:
            line = dash + _scalar(entry, None, False)
            if len(line) > _MAX_LINE:
                raise _Unknown
            out.append(line + "\n")


def new_list_text(data: dict[str, Any]) -> str | None:
    """The text of a new list file holding data (its header keys, then `items` last), or None when
    some value is not one this writer knows how the round-trip dump would write."""
    items = data.get("items")
    if not isinstance(items, list) or list(data)[-1] != "items":
        return None
    out: list[str] = []
    try:
        _mapping({k: v for k, v in data.items() if k != "items"}, 0, "", out)
        out.append("items:\n")
        _sequence(items, 2, out, blank=True)
    except _Unknown:
        return None
    return "".join(out)
