"""The typer application, shared options and the one place that maps errors to exit codes.

Exit codes: 0 clean, 1 findings (or changes pending with --check), 2 usage error, 3 internal error.
"""

import contextlib
import io
import os
import re
import sys
import traceback
import warnings
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from enum import StrEnum
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeAlias

import typer
import typer.core
import typer.main
from typer import Argument, Exit, Option, Typer, echo, prompt

from qingdan import __version__
from qingdan.cli import usage
from qingdan.errors import EXIT_INTERNAL, EXIT_USAGE, QingdanError
from qingdan.i18n import Lang, detect_lang
from qingdan.model import CheckResult
from qingdan.render import formats, renderer


def _initial_lang(argv: list[str]) -> Lang:
    """The language for help texts, which typer renders before any option is parsed."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in ("zh", "en"):
            return "en" if argv[i + 1] == "en" else "zh"
        if arg in ("--lang=en", "--lang=zh"):
            return "en" if arg.endswith("en") else "zh"
    return detect_lang()


HELP_LANG: Lang = _initial_lang(sys.argv)
# click's and typer's own words (usage errors, help headings) in the same language
usage.install_when_imported(HELP_LANG, ("typer.core", "typer.rich_utils"))


def h(zh: str, en: str) -> str:
    return zh if HELP_LANG == "zh" else en


# --help lists the commands by what people do with them, in this order; each is defined (registered
# on `app`) by the command module named beside it, which is imported only when the command is used
PANELS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (h("校验", "Validate"), (("validate", "validate"), ("rules", "validate"), ("explain", "validate"))),
    (
        h("编辑清单", "Edit lists"),
        tuple(
            (name, "edit")
            for name in ("init", "new-list", "add", "retire", "set", "revision", "publish", "fmt")
        ),
    ),
    (
        h("版本与历史", "Versions and history"),
        (("diff", "history"), ("log", "history"), ("show", "history"), ("git-diff", "history")),
    ),
    (h("调整说明与 CI", "Reports and CI"), (("report", "ci"), ("check", "ci"))),
    (
        h("附件导入导出", "Annexes in and out"),
        (("import", "office"), ("export", "office"), ("cite", "office")),
    ),
    (h("法律与评估", "Laws and reviews"), (("impact", "laws"), ("review", "laws"), ("stats", "laws"))),
    (h("部门与考核", "Departments and assessments"), (("dept", "assessment"), ("assess", "assessment"))),
    (h("模板与采用", "Templates and adoption"), (("conform", "conform"), ("sync", "sync"))),
    # the laws group is listed last, after every single command
    (h("全国分析", "National analysis"), (("query", "tables"), ("laws", "laws"))),
)
COMMANDS: dict[str, tuple[str, str]] = {
    name: (panel, f"qingdan.cli.{module}") for panel, names in PANELS for name, module in names
}


def import_commands() -> None:
    """Import every command module (so that `app` has every command registered)."""
    for _panel, module in COMMANDS.values():
        import_module(module)


class _Commands(MutableMapping[str, Any]):
    """The commands of the root group by name, each built into its click command when first looked up:
    a run converts only the parameters of the command it runs (typer's conversion of a parameter is
    what start-up spends its time on)."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = _build_command(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*COMMANDS, *self._built]))

    def __len__(self) -> int:
        return len(dict.fromkeys([*COMMANDS, *self._built]))


class PlainCommand(typer.core.TyperCommand):
    """A command whose parameters, its help option too, take the conversion below."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        plain_values(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        return plain_values([super().get_help_option(ctx)])[0]


class PlainGroup(typer.core.TyperGroup):
    """A group whose own parameters take the conversion below (its commands are PlainCommands)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        plain_values(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        return plain_values([super().get_help_option(ctx)])[0]


class LazyGroup(PlainGroup):
    """The root group: its commands are imported and built on first use (click's lazy group pattern)."""

    def __init__(self, **attrs: Any) -> None:
        attrs.pop("commands", None)  # what typer built from the modules imported so far: built anew, lazily
        super().__init__(**attrs)
        self.commands = _Commands()

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return self.commands.get(cmd_name)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)


def _command_name(info: Any) -> str:
    return str(info.name or typer.main.get_command_name(info.callback.__name__))


def _plain_class(cls: Any) -> Any:
    # typer's @command fills in its own TyperCommand; a command of another class keeps it
    return PlainCommand if cls in (None, typer.core.TyperCommand) else cls


def _build_command(name: str) -> Any:
    panel, module = COMMANDS[name]
    import_module(module)
    for info in app.registered_commands:
        if _command_name(info) == name:
            info.rich_help_panel = panel
            info.cls = _plain_class(info.cls)
            return typer.main.get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
    for group in app.registered_groups:
        if group.name == name and group.typer_instance is not None:
            group.rich_help_panel = panel
            group.cls = PlainGroup
            for info in group.typer_instance.registered_commands:
                info.cls = _plain_class(info.cls)
            options: dict[str, Any] = {}
            if hasattr(app, "suggest_commands"):  # typer >= 0.16
                options["suggest_commands"] = app.suggest_commands
            return typer.main.get_group_from_info(
                group,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
                **options,
            )
    raise LookupError(f"{module} registers no command {name}")


# ---- parameter values without pydantic ---------------------------------------------------------
#
# typer (0.2x) converts every value of an option or argument, even an absent one, with a pydantic
# TypeAdapter it builds on first use: importing pydantic and building the adapters cost more than the
# rest of a command's start-up. The values this command line takes (text, paths, choices, labels,
# plain numbers) come out of typer's own conversion functions without pydantic; any value whose
# result is in doubt (an invalid choice, a number in another notation) goes to typer's adapter as
# before, so results and error messages are typer's own. A typer without these internals (before
# pydantic) keeps its own conversion.
try:
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import (
        choice_coercion_annotation,
        coerce_cli_choice,
        coerce_cli_path,
        routes_to_path,
    )

    _PLAIN = True
except ImportError:  # pragma: no cover  (typer before 0.2x converts without pydantic)
    _PLAIN = False

_UNSURE = object()
_WHOLE = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def _plain_value(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    """What typer's adapter makes of value, or _UNSURE where only the adapter can tell."""
    if getattr(annotation, "__origin__", None) is list:
        (item_type,) = annotation.__args__
        items = [
            _plain_value(item_type, info, item, param, ctx)
            for item in (value if isinstance(value, (list, tuple)) else [value])
        ]
        return _UNSURE if any(item is _UNSURE for item in items) else items
    if info.parser is not None:
        try:
            return info.parser(value)
        except Exception:
            return _UNSURE
    choice = choice_coercion_annotation(annotation, info)
    if choice is not None:
        try:
            return coerce_cli_choice(value, choices=choice[0], case_sensitive=choice[1], ctx=ctx)
        except ValueError:
            return _UNSURE
    if annotation is str:
        return value if type(value) is str else _UNSURE
    if annotation is bool:
        return value if type(value) is bool else _UNSURE
    if annotation in (int, float):
        # typed (a whole number), or the default (a number of the option's type)
        if type(value) is str and (_WHOLE if annotation is int else _DECIMAL).fullmatch(value):
            value = annotation(value)
        if (
            type(value) is annotation
            and (info.min is None or value >= info.min)
            and (info.max is None or value <= info.max)
        ):
            return value
        return _UNSURE
    if isinstance(annotation, type) and issubclass(annotation, Path) and routes_to_path(annotation, info):
        if info.path_type not in (None, annotation):
            return _UNSURE
        if type(value) is str:
            value = annotation(value)
        elif not isinstance(value, annotation):  # a default is already a path
            return _UNSURE
        try:
            return coerce_cli_path(value, info, path_type=annotation, param=param, ctx=ctx)
        except ValueError:  # a NUL in the path: the adapter words it as a usage error
            return _UNSURE
    return _UNSURE


if _PLAIN:

    @dataclass(frozen=True)
    class _PlainParam(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            result = _plain_value(self.annotation, self.parameter_info, value, param, ctx)
            if result is not _UNSURE:
                return result
            # typer's adapter from now on for this parameter
            adapter = build_runtime_param(param.type_descriptor)
            param._runtime_param = adapter
            return adapter._coerce_value(value, param=param, ctx=ctx)


def plain_values(params: list[Any]) -> list[Any]:
    """Give each typer parameter of params the conversion above (returns params). These are typer's
    internals: a typer whose internals differ keeps its own conversion for every parameter."""
    if _PLAIN:
        plain: list[tuple[Any, Any]] = []
        try:
            for param in params:
                descriptor = getattr(param, "type_descriptor", None)
                if (
                    descriptor is not None
                    and descriptor.file_annotation is None
                    and param._runtime_param is None
                ):
                    plain.append(
                        (
                            param,
                            _PlainParam(
                                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
                            ),
                        )
                    )
        except (AttributeError, TypeError):
            return params
        for param, runtime in plain:
            param._runtime_param = runtime
    return params


class LangChoice(StrEnum):
    zh = "zh"
    en = "en"


def format_choices(name: str, kind: str) -> Any:
    """The --format choices of a kind of result, as the registry in qingdan.render lists them (a
    StrEnum for typer; type checkers see the chosen format as the str it is)."""
    return StrEnum(name, {fmt: fmt for fmt in formats(kind)})


if TYPE_CHECKING:
    FindingFormat: TypeAlias = str
    CatalogFormat: TypeAlias = str
else:
    FindingFormat = format_choices("FindingFormat", "findings")
    CatalogFormat = format_choices("CatalogFormat", "catalog")


LangOption = Annotated[
    LangChoice | None,
    typer.Option(
        "--lang",
        help=h(
            "输出语言：zh 或 en（默认取自区域设置，未设置时为中文）",
            "output language: zh or en (default from the locale; Chinese when unset)",
        ),
    ),
]

# the five choices are named in the help: as a metavar they would not fit an 80-column option column
FindingFormatOption = Annotated[
    FindingFormat,
    Option(
        "--format",
        "-f",
        metavar=h("格式", "FORMAT"),
        help=h(
            "输出格式：text、json、sarif、github 或 gitlab",
            "output format: text, json, sarif, github or gitlab",
        ),
    ),
]
StrictOption = Annotated[bool, Option("--strict", help=h("有警告也以 1 退出", "exit 1 on warnings too"))]
NoCacheOption = Annotated[
    bool,
    Option(
        "--no-cache",
        help=h(
            "不读也不写结果缓存（.git/qingdan/cache）",
            "neither read nor write the result cache (.git/qingdan/cache)",
        ),
    ),
]


def emit_findings(result: CheckResult, fmt: FindingFormat, lang: Lang, strict: bool) -> NoReturn:
    """Render the findings of validate or check and exit with their code."""
    renderer("findings", str(fmt))(result, lang, sys.stdout)
    raise typer.Exit(result.exit_code(strict))


app = typer.Typer(
    name="qingdan",
    help=h(
        "qingdan（清单）：把乡镇（街道）、村（社区）履行职责事项清单作为代码管理——校验、编辑、比较与变更报告。\n\n"
        "退出码：0 无问题；1 发现错误（或 --check 有待更新）；2 用法错误；3 内部错误。",
        "qingdan: grassroots duty lists as code - validate, edit, compare and report.\n\n"
        "Exit codes: 0 clean; 1 findings (or pending changes with --check); 2 usage error; 3 internal error.",
    ),
    no_args_is_help=True,
    cls=LazyGroup,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def resolve_lang(choice: LangChoice | None) -> Lang:
    if choice is not None:
        return "en" if choice is LangChoice.en else "zh"
    return detect_lang()


@contextlib.contextmanager
def guard(lang: Lang) -> Iterator[None]:
    """The one place that turns exceptions into messages and exit codes."""
    try:
        yield
    except typer.Exit:
        raise
    except QingdanError as exc:
        findings = getattr(exc, "result", None)
        if isinstance(findings, CheckResult):
            # the findings that stopped the command (a broken qingdan.yaml, an unusable list header)
            renderer("findings", "text")(findings, lang, sys.stdout)
        from qingdan.render.findings import inert

        typer.echo(f"qingdan: {inert(exc.message(lang))}", err=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    except BrokenPipeError:
        # the reader (head, less) went away: nothing left to say; main() picks the exit code
        raise typer.Exit(0) from None
    except Exception as exc:
        if os.environ.get("QINGDAN_DEBUG"):
            traceback.print_exc()
        from qingdan.render.findings import inert

        what = inert(f"{type(exc).__name__}: {exc}")
        typer.echo(
            f"qingdan: {'内部错误' if lang == 'zh' else 'internal error'}: {what}"
            + ("（设置 QINGDAN_DEBUG=1 查看详情）" if lang == "zh" else " (set QINGDAN_DEBUG=1 for details)"),
            err=True,
        )
        raise typer.Exit(EXIT_INTERNAL) from None


def exit_with(code: int) -> NoReturn:
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"qingdan {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=h("显示版本", "show the version")),
    ] = False,
    lang: LangOption = None,
) -> None:
    # `qingdan --lang en CMD` sets the language for every command of this run
    if lang is not None:
        os.environ["QINGDAN_LANG"] = lang.value


# 128 + SIGPIPE: how Unix tools (git log | head) end when the reader of their output goes away
EXIT_PIPE_CLOSED = 141


class _Stdout(io.RawIOBase):
    """Standard output that notes when its reader went away and drops what is written after that."""

    reader_gone = False

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        if _Stdout.reader_gone:
            return len(data)
        try:
            return os.write(self._fd, data)
        except BrokenPipeError:
            _Stdout.reader_gone = True
            raise


def _wrap_streams() -> None:
    """Output never fails on a terminal that cannot encode Chinese (PYTHONIOENCODING=ascii): what the
    encoding lacks is written as backslash escapes; and a closed pipe stops the output, not the exit code."""
    stdout = sys.stdout
    if isinstance(stdout, io.TextIOWrapper):
        with contextlib.suppress(OSError):
            stdout.flush()
        sys.stdout = io.TextIOWrapper(
            io.BufferedWriter(_Stdout(stdout.fileno())),
            encoding=stdout.encoding,
            errors="backslashreplace",
            line_buffering=stdout.line_buffering,
        )
    if isinstance(sys.stderr, io.TextIOWrapper):
        sys.stderr.reconfigure(errors="backslashreplace")


def _command(argv: list[str]) -> str:
    words = [a for a in argv if not a.startswith("-")]
    return words[0] if words else ""


def main() -> None:
    # RELIABILITY §1 #25-26: parser warnings and errors raised during garbage collection must not
    # reach the user's terminal as tracebacks.
    warnings.simplefilter("ignore")
    sys.unraisablehook = lambda _unraisable: None
    _wrap_streams()
    code: object = 0
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    if _Stdout.reader_gone:
        # the reader (head, less) went away: not an error. git's external diff exits 0 so that git goes
        # on quietly; every other command ends as Unix tools do when their pipe closes.
        raise SystemExit(0 if _command(sys.argv[1:]) == "git-diff" else EXIT_PIPE_CLOSED)
    if isinstance(code, int) and code == 2:
        raise SystemExit(EXIT_USAGE)
    raise SystemExit(code)


# the command modules use typer only through these names, so that typer is imported in this module alone
__all__ = [
    "Argument",
    "Exit",
    "Option",
    "Typer",
    "app",
    "echo",
    "exit_with",
    "guard",
    "h",
    "main",
    "prompt",
    "resolve_lang",
]
