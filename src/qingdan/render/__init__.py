"""Output: findings and diffs rendered as text, JSON, SARIF, GitHub commands, Markdown and HTML.

One registry names, for each kind of result, the formats it can be written in and the table of the
module that writes them. The command line takes its ``--format`` choices from here and imports a
renderer module only when a command runs: the modules pull in rich, which start-up should not pay.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

# kind -> (formats, "module:TABLE"); the table maps each of these formats to its function
REGISTRY: dict[str, tuple[tuple[str, ...], str]] = {
    "findings": (("text", "json", "sarif", "github", "gitlab"), "findings:RENDERERS"),
    "catalog": (("text", "json", "markdown"), "catalog:RULES_FORMATS"),
    "diff": (("text", "markdown", "json", "html"), "diff:DIFF_RENDERERS"),
    "log": (("text", "json"), "diff:LOG_RENDERERS"),
    "show": (("text", "json"), "diff:SHOW_RENDERERS"),
    "report": (("md", "json", "html"), "report:RENDERERS"),
    "laws-import": (("text", "json"), "laws:IMPORT_RENDERERS"),
    "laws": (("text", "markdown", "json"), "laws:LAWS_RENDERERS"),
    "impact": (("text", "markdown", "json"), "laws:IMPACT_RENDERERS"),
    "review": (("text", "markdown", "json"), "laws:REVIEW_RENDERERS"),
    "stats": (("text", "markdown", "json"), "laws:STATS_RENDERERS"),
    "query": (("text", "csv", "json"), "tables:QUERY_FORMATS"),
    "assess": (("text", "markdown", "json"), "assessment:ASSESS_RENDERERS"),
    "dept": (("text", "markdown", "json"), "department:DEPT_RENDERERS"),
    "dept-matrix": (("text", "markdown", "json"), "department:MATRIX_RENDERERS"),
    "conform": (("text", "markdown", "json"), "conform:CONFORM_RENDERERS"),
    "sync": (("text", "markdown", "json"), "sync:SYNC_RENDERERS"),
}


def formats(kind: str) -> tuple[str, ...]:
    """The formats a kind of result can be written in, in the order help lists them."""
    return REGISTRY[kind][0]


def table(kind: str) -> dict[str, Any]:
    """The module table of a kind: format -> the function (or value) that writes it."""
    module, name = REGISTRY[kind][1].split(":")
    found: dict[str, Any] = getattr(import_module(f"qingdan.render.{module}"), name)
    return found


def renderer(kind: str, fmt: str) -> Callable[..., Any]:
    """The function that writes a kind of result in a format (its module is imported now)."""
    found: Callable[..., Any] = table(kind)[fmt]
    return found
