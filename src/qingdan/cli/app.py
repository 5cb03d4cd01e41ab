"""The typer application, shared options and the one place that maps errors to exit codes.

Exit codes: 0 clean, 1 findings (or changes pending with --check), 2 usage error, 3 internal error.
"""

import contextlib
import io
import os
import sys
import traceback
import warnings
from collections.abc import Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeAlias

import typer
import typer.core
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
