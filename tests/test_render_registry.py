"""One registry names every output format: the command line's --format choices are its formats, and
each format is written by a function of the table the registry names."""

from __future__ import annotations

import ast
import enum
import types
import typing
from pathlib import Path

import pytest
import typer.main

from qingdan.cli import app
from qingdan.render import REGISTRY, formats, renderer, table

RENDER = Path(__file__).resolve().parent.parent / "src" / "qingdan" / "render"


@pytest.mark.parametrize("kind", sorted(REGISTRY))
def test_each_kind_resolves_to_a_table_of_exactly_its_formats(kind: str) -> None:
    assert list(table(kind)) == list(formats(kind))
    for fmt in formats(kind):
        assert callable(renderer(kind, fmt))


def test_no_render_module_keeps_a_format_table_the_registry_does_not_name() -> None:
    named = {entry[1] for entry in REGISTRY.values()}
    for path in sorted(RENDER.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            target = node.target if isinstance(node, ast.AnnAssign) else None
            if isinstance(target, ast.Name) and target.id.endswith(("RENDERERS", "_FORMATS")):
                assert f"{path.stem}:{target.id}" in named, f"{path.name}: {target.id} is not in REGISTRY"


def _format_choices() -> dict[str, tuple[str, ...]]:
    """command path -> the choices of its --format option."""
    found: dict[str, tuple[str, ...]] = {}

    def walk(command: object, path: str) -> None:
        for param in getattr(command, "params", []):
            if "--format" not in getattr(param, "opts", []):
                continue
            annotation = param.type_descriptor.annotation
            while typing.get_origin(annotation) in (list, types.UnionType, typing.Union):
                annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
            if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
                found[path] = tuple(str(member.value) for member in annotation)
        for name, sub in (getattr(command, "commands", None) or {}).items():
            walk(sub, f"{path} {name}".strip())

    walk(typer.main.get_command(app), "")
    return found


# the commands whose formats are files the office module writes, not renderings of a result
_FILE_WRITERS = {"export", "dept", "conform"}  # dept, conform: the registry's formats and an xlsx file


def test_every_format_option_offers_exactly_a_registered_kind() -> None:
    choices = _format_choices()
    assert {"validate", "check", "diff", "log", "show", "report", "rules", "query", "laws list"} <= set(
        choices
    )
    registered = {formats(kind) for kind in REGISTRY}
    for command, offered in choices.items():
        if command in _FILE_WRITERS:
            continue
        assert offered in registered, (
            f"qingdan {command} --format offers {offered}, which no registry kind has"
        )


def test_a_command_offers_its_own_kind() -> None:
    choices = _format_choices()
    for command, kind in (("diff", "diff"), ("log", "log"), ("check", "findings"), ("report", "report")):
        assert choices[command] == formats(kind)
