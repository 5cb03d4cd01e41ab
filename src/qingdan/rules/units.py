"""One list for many units (list.applies_to): codes, duplicates and agreement with the units' own lists (QD94x)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from qingdan.model import Finding, ListDoc
from qingdan.rules import Context, Summary, finding, located

_CODE = re.compile(r"[0-9]{12}")


def units_served(doc: ListDoc) -> list[dict[str, Any]]:
    """The units of list.applies_to that are mappings (the list's own unit when it has none)."""
    value = doc.header.get("applies_to")
    if isinstance(value, list) and value:
        return [u for u in value if isinstance(u, dict)]
    return []


def _own_units(ctx: Context) -> dict[str, tuple[str, str]]:
    """unit name -> (list id, code) of every list whose own unit has a code."""
    out: dict[str, tuple[str, str]] = {}
    for doc in ctx.docs:
        unit = doc.header.get("unit")
        if isinstance(unit, dict) and isinstance(unit.get("name"), str) and isinstance(unit.get("code"), str):
            out.setdefault(unit["name"], (doc.id, unit["code"]))
    return out


def check(ctx: Context) -> Iterator[Finding]:
    yield from _check(ctx, True)


def check_file(ctx: Context) -> Iterator[Finding]:
    """QD940 and QD941, which one list decides alone (QD942: see cross)."""
    yield from _check(ctx, False)


def cross(summaries: list[Summary]) -> Iterator[Finding]:
    """QD942 from the lists' summaries: a unit's code agrees with the unit's own list."""
    own: dict[str, tuple[str, str]] = {}
    for s in summaries:
        if s.unit is not None:
            own.setdefault(s.unit[0], (s.list_id, s.unit[1]))
    for s in summaries:
        for index, name, code in s.applies_to or []:
            match = own.get(name)
            if match and match[0] != s.list_id and _CODE.fullmatch(code) and match[1] != code:
                yield located(
                    s.file, "QD942", ("list", "applies_to", index, "code"), None,
                    name=name, division=code, list=match[0], other_division=match[1],
                )  # fmt: skip


def _check(ctx: Context, across: bool) -> Iterator[Finding]:
    own: dict[str, tuple[str, str]] | None = None
    for doc in ctx.docs:
        units = doc.header.get("applies_to")
        if not isinstance(units, list):
            continue
        seen: dict[str, int] = {}
        for index, unit in enumerate(units):
            if not isinstance(unit, dict):
                continue
            name, code = unit.get("name"), unit.get("code")
            name = name if isinstance(name, str) else ""
            code = code if isinstance(code, str) else ""
            where = ("list", "applies_to", index)
            if not _CODE.fullmatch(code):
                yield finding(doc, "QD940", (*where, "code"), name=name, division=code)
            for key in {f"name:{name}" if name else "", f"code:{code}" if code else ""} - {""}:
                if key in seen:
                    yield finding(doc, "QD941", where, name=name, division=code, other=seen[key] + 1)
                    break
            for key in (f"name:{name}", f"code:{code}"):
                seen.setdefault(key, index)
            if not across:
                continue
            if own is None:
                own = _own_units(ctx)
            match = own.get(name)
            if match and match[0] != doc.id and _CODE.fullmatch(code) and match[1] != code:
                yield finding(
                    doc,
                    "QD942",
                    (*where, "code"),
                    name=name,
                    division=code,
                    list=match[0],
                    other_division=match[1],
                )


def per_unit(doc: ListDoc) -> list[tuple[str, str | None]]:
    """(the id a report shows, unit name) once per unit a list serves: `CX-FQ·青石镇` for each unit of
    applies_to, else the list's own id once."""
    names = [u.get("name") for u in units_served(doc)]
    shown = [(f"{doc.id}·{n}", n) for n in names if isinstance(n, str) and n]
    return list(dict.fromkeys(shown)) or [(doc.id, None)]
