"""Bases as real annexes give them: inherited defaults, 依据待补 (QD310), cells kept verbatim (QD311),
and article numerals that do not read strictly (QD312)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from qingdan.citations import parse_article
from qingdan.model import Finding, ListDoc
from qingdan.rules import Context, finding, is_active


def inherited_basis(doc: ListDoc, item: dict[str, Any]) -> list[Any]:
    """The basis an item without its own takes: its group's, else the list's default_basis."""
    group = item.get("group")
    groups = doc.header.get("groups")
    if isinstance(group, str) and isinstance(groups, list):
        for entry in groups:
            if isinstance(entry, dict) and entry.get("name") == group and entry.get("basis"):
                basis = entry["basis"]
                return basis if isinstance(basis, list) else []
    default = doc.header.get("default_basis")
    return default if isinstance(default, list) else []


def basis_accounted_for(doc: ListDoc, item: dict[str, Any]) -> bool:
    """An item without a basis of its own is not QD301 when it inherits one or records why it has none."""
    return bool(inherited_basis(doc, item)) or "no_basis" in item or "basis_text" in item


def pending(doc: ListDoc, item: dict[str, Any]) -> bool:
    """依据待补: an active item whose basis is still to be found (marked, or only a verbatim cell)."""
    if not is_active(item) or item.get("basis"):
        return False
    return "no_basis" in item or "basis_text" in item


def check(ctx: Context) -> Iterator[Finding]:
    for doc, index, item in ctx.all_items():
        if not is_active(item):
            continue
        path = ("items", index)
        if "no_basis" in item and not item.get("basis"):
            marker = item["no_basis"]
            note = marker.get("note") if isinstance(marker, dict) else None
            yield finding(
                doc,
                "QD310",
                path + ("no_basis",),
                item,
                note_zh=f"：{note}" if isinstance(note, str) else "",
                note_en=f": {note}" if isinstance(note, str) else "",
            )
        text = item.get("basis_text")
        if isinstance(text, str):
            yield finding(doc, "QD311", path + ("basis_text",), item, text=text.replace("\n", " ")[:80])
        yield from _numerals(doc, index, item)


def _numerals(doc: ListDoc, index: int, item: dict[str, Any]) -> Iterator[Finding]:
    basis = item.get("basis")
    for j, citation in enumerate(basis if isinstance(basis, list) else []):
        article = citation.get("article") if isinstance(citation, dict) else None
        if isinstance(article, str) and article.startswith("第") and parse_article(article) is None:
            yield finding(doc, "QD312", ("items", index, "basis", j, "article"), item, article=article)
