"""Semantic rules 2-10 of FORMAT.md; each module checks one rule over the whole repository."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from qingdan.catalog import RULES_BY_CODE
from qingdan.config import Config
from qingdan.model import AssessmentDoc, Finding, ListDoc, Path
from qingdan.registry import Departments, Laws


@dataclass
class Context:
    """Everything a rule may look at: the configuration, every parsed list and the registries."""

    config: Config
    docs: list[ListDoc]
    laws: Laws | None = None
    departments: Departments | None = None
    assessments: list[AssessmentDoc] = field(default_factory=list)
    law_texts: Any = None  # qingdan.lawtext.LawTexts when a law-text folder is configured
    # when each item's citations were drafted: (doc, item) -> date (qingdan.citedversion), made on first use
    drafted: Callable[[ListDoc, dict[str, Any]], str] | None = None
    _live: dict[str, tuple[ListDoc, int, dict[str, Any]]] | None = field(default=None, repr=False)

    def all_items(self) -> Iterator[tuple[ListDoc, int, dict[str, Any]]]:
        for doc in self.docs:
            for index, item in doc.items():
                yield doc, index, item

    def items_by_id(self) -> dict[str, tuple[ListDoc, int, dict[str, Any]]]:
        """The first item carrying each id, across the repository."""
        if self._live is None:
            self._live = {}
            for doc, index, item in self.all_items():
                item_id = item.get("id")
                if isinstance(item_id, str):
                    self._live.setdefault(item_id, (doc, index, item))
        return self._live


def finding(doc: ListDoc, code: str, path: Path, item: dict[str, Any] | None = None, **args: Any) -> Finding:
    item_id = item.get("id") if item else None
    return Finding(
        file=doc.file,
        rule=code,
        severity=RULES_BY_CODE[code].severity,
        args=args,
        item=item_id if isinstance(item_id, str) else None,
        path=path,
    )


def located(file: str, code: str, path: Path, item: str | None, **args: Any) -> Finding:
    """A finding of a cross-file rule, made from a list's summary rather than its document."""
    return Finding(
        file=file, rule=code, severity=RULES_BY_CODE[code].severity, args=args, item=item, path=path
    )


@dataclass
class Summary:
    """What the cross-file rules need of one list: small enough to keep for every list of a province.

    ids: the id of each item by position (None where an item is not a mapping or its id not text);
    active: "1" or "0" by position (the item's status is active); previous: (index, position, id) of
    each previous id; replaced_by / merged_from: (index, item id, position, target) of each reference;
    unit: the list's own (name, code); applies_to: (index, name, code) of each unit it serves;
    adopts: the list names a template or adopts items; earlier: (list id, revision) its items name;
    template: the list id list.template names.
    """

    file: str
    list_id: str
    ids: list[str | None] = field(default_factory=list)
    active: str = ""
    previous: list[tuple[int, int, str]] = field(default_factory=list)
    replaced_by: list[tuple[int, str | None, int, Any]] = field(default_factory=list)
    merged_from: list[tuple[int, str | None, int, str]] = field(default_factory=list)
    unit: tuple[str, str] | None = None
    applies_to: list[tuple[int, str, str]] | None = None
    adopts: bool = False
    earlier: list[tuple[str, str]] = field(default_factory=list)
    template: str | None = None

    def as_data(self) -> tuple[Any, ...]:
        return (
            self.file, self.list_id, self.ids, self.active, self.previous, self.replaced_by, self.merged_from, self.unit,
            self.applies_to, self.adopts, self.earlier, self.template,
        )  # fmt: skip

    @classmethod
    def from_data(cls, data: Any) -> Summary:
        s = cls(*data)
        if not (isinstance(s.file, str) and isinstance(s.list_id, str) and isinstance(s.ids, list)):
            raise ValueError("not a summary")
        return s


def first_of(summaries: list[Summary], wanted: set[str]) -> dict[str, tuple[Summary, int]]:
    """The first item carrying each wanted id, across the lists: (its list's summary, its index)."""
    found: dict[str, tuple[Summary, int]] = {}
    for s in summaries:
        if len(found) == len(wanted):
            break
        for item_id in wanted.intersection(s.ids):
            if item_id not in found:
                found[item_id] = (s, s.ids.index(item_id))
    return found


def is_active(item: dict[str, Any]) -> bool:
    """Anything not retired is held to the rules of active items (a misspelt status included)."""
    return item.get("status") != "retired"


RuleCheck = Callable[[Context], Iterator[Finding]]
