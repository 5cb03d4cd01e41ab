"""Records passed between the loader, the rules and the reporters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qingdan.catalog import ERROR, RULES_BY_CODE, WARNING

Path = tuple[str | int, ...]

# The order of keys in the format (FORMAT.md): edits insert keys in this order, renderers print in it.
ITEM_KEYS = (
    "id", "from", "name", "category", "group", "domain", "content", "power_type", "power_code", "certificate",
    "basis", "basis_text", "no_basis", "lead_department", "cooperating_departments",
    "department_duty", "township_duty", "working_mode", "original_subject", "sub_items", "devolved", "resources", "review", "admission",
    "adjustment", "previous_ids", "merged_from", "status", "since", "retired", "reinstated", "note",
)  # fmt: skip
LIST_KEYS = (
    "id",
    "title",
    "kind",
    "unit",
    "applies_to",
    "issuer",
    "revision",
    "effective",
    "baseline",
    "approval",
    "template",
    "template_revision",
    "default_basis",
    "groups",
    "note",
)


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


@dataclass
class Finding:
    """One problem: where it is, which rule, and the values its message is built from."""

    file: str
    rule: str
    severity: str
    args: dict[str, Any] = field(default_factory=dict)
    item: str | None = None
    path: Path = ()
    line: int | None = None
    column: int | None = None

    def message(self, lang: str) -> str:
        rule = RULES_BY_CODE[self.rule]
        return rule.message.get(lang).format_map(_Blank(self.args))

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": self.severity,
            "item": self.item,
            "message": self.message(lang),
        }

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line or 0, self.column or 0, self.rule)


@dataclass
class ListDoc:
    """A list file that parsed: its repository-relative name, source text and plain data."""

    file: str
    text: str
    data: dict[str, Any]

    @property
    def header(self) -> dict[str, Any]:
        value = self.data.get("list")
        return value if isinstance(value, dict) else {}

    @property
    def id(self) -> str:
        value = self.header.get("id")
        return value if isinstance(value, str) else ""

    @property
    def kind(self) -> str:
        value = self.header.get("kind")
        return value if isinstance(value, str) else ""

    def items(self) -> list[tuple[int, dict[str, Any]]]:
        """(index, item) for every item that is a mapping."""
        value = self.data.get("items")
        if not isinstance(value, list):
            return []
        return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]

    @property
    def template(self) -> str | None:
        """The id of the template list this list adopts items from (list.template)."""
        value = self.header.get("template")
        return value if isinstance(value, str) and value else None

    def not_applicable(self) -> list[tuple[int, dict[str, Any]]]:
        """(index, entry) for every entry of the top-level `not_applicable:` that is a mapping: template
        items this list records as not applying to it, each `{item: <template item id>, reason: …}`."""
        value = self.data.get("not_applicable")
        if not isinstance(value, list):
            return []
        return [(i, entry) for i, entry in enumerate(value) if isinstance(entry, dict)]


def adopted_from(item: dict[str, Any]) -> str | None:
    """The template item id an item adopts (its `from`), or None for a local item."""
    value = item.get("from")
    return value if isinstance(value, str) and value else None


@dataclass
class CheckResult:
    """All findings of one run plus what was looked at."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    items: int = 0

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count(ERROR)

    @property
    def warnings(self) -> int:
        return self.count(WARNING)

    def exit_code(self, strict: bool = False) -> int:
        if self.errors or (strict and self.warnings):
            return 1
        return 0

    def summary(self) -> dict[str, int]:
        return {
            "error": self.errors,
            "warning": self.warnings,
            "info": self.count("info"),
            "files": self.files,
            "items": self.items,
        }


@dataclass
class AssessmentDoc:
    """An assessment file (assessments/*.yaml) that parsed; clean when it passed its schema, which the
    assessment rules require before they read it."""

    file: str
    text: str
    data: dict[str, Any]
    clean: bool = True

    @property
    def header(self) -> dict[str, Any]:
        value = self.data.get("assessment")
        return value if isinstance(value, dict) else {}

    def _text(self, key: str) -> str:
        value = self.header.get(key)
        return value if isinstance(value, str) else ""

    @property
    def id(self) -> str:
        return self._text("id")

    @property
    def title(self) -> str:
        return self._text("title")

    @property
    def assessor(self) -> str:
        return self._text("assessor").strip()

    @property
    def lists(self) -> list[str]:
        value = self.header.get("lists")
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    def indicators(self) -> list[tuple[int, dict[str, Any]]]:
        """(index, indicator) for every indicator that is a mapping."""
        value = self.data.get("indicators")
        if not isinstance(value, list):
            return []
        return [(i, entry) for i, entry in enumerate(value) if isinstance(entry, dict)]
