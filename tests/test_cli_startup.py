"""Start-up: a run imports and converts only what its command needs.

The command line registers each command lazily (qingdan.cli.app.COMMANDS names the module of each)
and converts parameter values without pydantic where the result is certain; these tests hold the
table to the registrations, the conversion to typer's own, and a run to the modules it imports.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from typer._coercion import build_runtime_param

from qingdan.cli import app, import_commands
from qingdan.cli.app import COMMANDS, plain_values


def _name(info: Any) -> str:
    return str(info.name or typer.main.get_command_name(info.callback.__name__))


def test_the_command_table_names_each_registered_command_and_its_module() -> None:
    import_commands()
    registered = {_name(i): i.callback.__module__ for i in app.registered_commands}
    registered |= {
        str(g.name): g.typer_instance.registered_commands[0].callback.__module__
        for g in app.registered_groups
        if g.typer_instance
    }
    assert registered == {name: module for name, (_panel, module) in COMMANDS.items()}


def test_the_help_lists_the_commands_in_the_table_order() -> None:
    root = typer.main.get_command(app)
    assert list(root.list_commands(typer.Context(root))) == list(COMMANDS)
    assert list(root.commands) == list(COMMANDS)  # what typer's suggestions of a command name read


def _every_parameter() -> list[tuple[str, Any, Any]]:
    """(where, click command, parameter) for each typer parameter of the tree."""
    out = []

    def walk(command: Any, path: str) -> None:
        for param in command.params:
            if hasattr(param, "type_descriptor"):
                out.append((f"{path} {param.name}".strip(), command, param))
        for name in getattr(command, "commands", {}) or {}:
            walk(command.commands[name], f"{path} {name}".strip())

    walk(typer.main.get_command(app), "")
    return out


_TEXT = ["", "x", " x ", "-", "json", "JSON", "text", "zh", "en", "EN", "采集类", "a\x00b", "\x1b[31m"]
_NUMBERS = ["0", "1", "007", "-3", "+5", " 5", "1_000", "1000001", "1.5", "007.50", "-0.0", "1e3", "inf"]
_NUMBERS += ["abc", "٣"]


def _samples(param: Any, tmp: Path) -> list[Any]:
    descriptor = param.type_descriptor
    values: list[Any] = [None, *_TEXT, *_NUMBERS, str(tmp / "file"), str(tmp / "dir"), str(tmp / "missing")]
    for choice in descriptor.choices or ():
        values += [choice, str(choice.value), str(choice.value).upper()]
    table = getattr(descriptor.parameter_info.parser, "table", None)
    for code, label in (table or {}).items():
        values += [code, label.zh, label.en]
    if param.default is not None:
        values.append(param.default)
    values += [5, 0, 2.5, Path("."), tmp / "file", True, False]
    if param.multiple or param.nargs == -1:
        values = [None, (), *[(v,) for v in values if v is not None], ("x", "y"), (str(tmp / "file"), "1")]
    return values


def _outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        return "value", runtime.coerce(value, param=param, ctx=ctx)
    except Exception as exc:  # the error typer reports: its class and message
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        return type(exc).__name__, message


@pytest.mark.parametrize("where", [where for where, _, _ in _every_parameter()])
def test_a_value_converts_as_typer_converts_it(where: str, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    (tmp_path / "dir").mkdir()
    (command, param) = next((c, p) for w, c, p in _every_parameter() if w == where)
    ctx = typer.Context(command)
    typers = build_runtime_param(param.type_descriptor)
    for value in _samples(param, tmp_path):
        param._runtime_param = None
        plain_values([param])
        ours = _outcome(param._runtime_param, value, param, ctx)
        assert ours == _outcome(typers, value, param, ctx), (where, value)


# the command line, stopped where the command's own function would run; prints the modules loaded
_STOPPED = """
import json, sys
import typer
Context = typer.Context.__mro__[1]
_invoke = Context.invoke
def _stop(self, callback, /, *args, **kwargs):
    if not hasattr(self.command, "commands"):
        print(json.dumps(sorted(sys.modules)))
        raise SystemExit(0)
    return _invoke(self, callback, *args, **kwargs)
Context.invoke = _stop
sys.argv = ["qingdan", *sys.argv[1:]]
from qingdan.cli import main
main()
"""

# each command with the arguments it needs to reach its function, and every option typed where a
# command has them of several kinds
_RUNS = [
    ["validate", "--format", "json", "lists"],
    ["rules", "--format", "markdown", "--lang", "en"],
    ["explain", "QD302"],
    ["init", "--ci", "none"],
    ["add", "L", "--category", "配合履职事项", "--name", "n", "--funding", "1.5"],
    ["retire", "X", "--reason", "law_repealed"],
    ["set", "X", "name=n"],
    ["log", "X", "--max-count", "3"],
    ["cite", "X", "--limit", "2"],
    ["query", "select 1", "--limit", "10"],
    ["laws", "list", "--format", "json"],
    ["report", "--format", "json"],
]


@pytest.mark.parametrize("argv", _RUNS, ids=lambda argv: " ".join(argv[:2]))
def test_a_command_reaches_its_function_without_pydantic_rich_or_other_commands(
    argv: list[str], tmp_path: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _STOPPED, *argv], cwd=tmp_path, capture_output=True, text=True, env=os.environ
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout)
    assert [m for m in loaded if m.split(".")[0] in ("pydantic", "pydantic_core", "rich")] == []
    own = COMMANDS[argv[0]][1]
    assert [
        m
        for m in loaded
        if m.startswith("qingdan.cli.") and m not in (own, "qingdan.cli.app", "qingdan.cli.usage")
    ] == []


def test_a_command_writing_json_does_not_import_rich(tmp_path: Path) -> None:
    script = "import sys, atexit, json\natexit.register(lambda: sys.stderr.write(json.dumps(sorted(sys.modules))))\n"
    script += "sys.argv = ['qingdan', 'rules', '--format', 'json']\nfrom qingdan.cli import main\nmain()\n"
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0
    assert json.loads(done.stdout)[0]["code"] == "QD001"
    assert [m for m in json.loads(done.stderr) if m.split(".")[0] in ("pydantic", "rich")] == []
