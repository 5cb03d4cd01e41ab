"""Terminal conventions: colour (no-color.org), help at 80 columns, Chinese usage errors, Chinese labels."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GIT_ENV, git, run_qingdan

ESC = "\x1b["


def _on_a_terminal(cwd: Path, *args: str, env: dict[str, str]) -> str:
    """Run the real command line with its stdout and stderr on a pseudo-terminal; return what it printed."""
    leader, follower = pty.openpty()
    full_env = {**os.environ, **GIT_ENV, "TERM": "xterm-256color", "COLUMNS": "100", **env}
    for key in ("NO_COLOR", "FORCE_COLOR"):
        if key not in env:
            full_env.pop(key, None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "qingdan", *args], cwd=cwd, env=full_env, stdout=follower, stderr=follower
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture
def committed_demo(demo: Path) -> Path:
    git(demo, "add", "-A")
    git(demo, "commit", "-q", "-m", "demo")
    # one uncommitted change, so that `diff` (HEAD against the working tree) has something to colour
    path = next((demo / "lists").rglob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  title: ", "  title: 新", 1), encoding="utf-8")
    return demo


COLOURED_COMMANDS = [
    ("validate",),
    ("check",),
    ("diff",),
    ("stats", "CX-QSZ"),
]


@pytest.mark.parametrize("args", COLOURED_COMMANDS, ids=lambda a: a[0])
def test_no_color_wins_on_a_terminal(committed_demo: Path, args: tuple[str, ...]) -> None:
    coloured = _on_a_terminal(committed_demo, *args, env={})
    assert ESC in coloured, coloured  # the control: on a terminal these commands do colour
    plain = _on_a_terminal(committed_demo, *args, env={"NO_COLOR": "1"})
    assert ESC not in plain, plain
    assert plain.strip()


@pytest.mark.parametrize("args", COLOURED_COMMANDS, ids=lambda a: a[0])
def test_no_color_wins_over_force_color_and_pipes_stay_plain(
    committed_demo: Path, args: tuple[str, ...]
) -> None:
    env = {"NO_COLOR": "", "FORCE_COLOR": ""}
    piped = run_qingdan(committed_demo, *args, env=env)
    assert ESC not in piped.stdout + piped.stderr
    forced = run_qingdan(committed_demo, *args, env={**env, "FORCE_COLOR": "1"})
    assert ESC in forced.stdout, forced.stdout
    both = run_qingdan(committed_demo, *args, env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert ESC not in both.stdout + both.stderr, both.stdout


# ---- --help at 80 columns -----------------------------------------------------------------------

_FRAME = str.maketrans("", "", "│╭╮╰╯─ \n")


def _normal(text: str) -> str:
    """Help text without its frame and line breaks: what a reader can read, wherever lines wrap."""
    return text.translate(_FRAME)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_root_help_is_whole_at_80_columns(lang: str) -> None:
    narrow = run_qingdan(Path.cwd(), "--lang", lang, "--help", env={"COLUMNS": "80"})
    wide = run_qingdan(Path.cwd(), "--lang", lang, "--help", env={"COLUMNS": "1000"})
    assert narrow.returncode == wide.returncode == 0
    assert narrow.stdout.count("…") == wide.stdout.count("…"), narrow.stdout  # nothing cut
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 80
    assert _normal(narrow.stdout) == _normal(wide.stdout)


_EVERY_HELP = """
import io, json, os, sys
from contextlib import redirect_stdout
from qingdan.cli import app
import typer.main
command = typer.main.get_command(app)
paths = [[name] for name in command.commands]
paths += [[name, sub] for name, cmd in command.commands.items() for sub in getattr(cmd, "commands", {})]
out = {}
for path in paths:
    for width in ("80", "1000"):
        os.environ["COLUMNS"] = width
        buffer = io.StringIO()
        with redirect_stdout(buffer):
            try:
                app([*path, "--help"], prog_name="qingdan")
            except SystemExit:
                pass
        out[" ".join(path) + "@" + width] = buffer.getvalue()
json.dump(out, sys.stdout)
"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_command_help_is_whole_at_80_columns(lang: str) -> None:
    import json

    done = subprocess.run(
        [sys.executable, "-c", _EVERY_HELP, "--lang", lang],
        env={**os.environ, "QINGDAN_LANG": lang},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    helps: dict[str, str] = json.loads(done.stdout)
    names = {key.split("@")[0] for key in helps}
    assert len(names) >= 19
    for name in sorted(names):
        narrow, wide = helps[name + "@80"], helps[name + "@1000"]
        assert "Usage" in narrow or "用法" in narrow, (name, narrow)
        assert narrow.count("…") == wide.count("…"), (name, narrow)
        assert _normal(narrow) == _normal(wide), name


def test_basis_help_shows_the_citation_format_at_80_columns() -> None:
    done = run_qingdan(Path.cwd(), "--lang", "zh", "add", "--help", env={"COLUMNS": "80"})
    assert "《安全生产法》第九条第二款[@版本日期]" in _normal(done.stdout), done.stdout


# ---- usage errors speak the user's language ------------------------------------------------------

USAGE_ERRORS = [
    (("add",), ["用法：", "qingdan add [OPTIONS]", "缺少参数 'LIST'", "qingdan add -h' 查看帮助"]),
    (("add", "X", "--nope"), ["用法：", "没有选项 --nope"]),
    (("add", "X", "--staffing", "abc"), ["'--staffing' 的值无效：应为整数"]),
    (("diff", "-f", "xx"), ["'--format' / '-f' 的值无效：'xx' 不是"]),
    (("log", "-n", "0", "X"), ["的值无效：应不小于 1"]),
    (("nosuchcommand",), ["没有命令 'nosuchcommand'"]),
    (("lawz",), ["没有命令 'lawz'。是否要用 'laws'？"]),
    (("validate", "--strict=3"), ["选项 '--strict' 不带值"]),
]


@pytest.mark.parametrize(
    ("args", "expected"), USAGE_ERRORS, ids=lambda a: " ".join(a) if isinstance(a, tuple) else ""
)
@pytest.mark.parametrize("how", ["--lang", "locale"])
def test_usage_errors_are_chinese(
    tmp_path: Path, args: tuple[str, ...], expected: list[str], how: str
) -> None:
    if how == "--lang":
        done = run_qingdan(tmp_path, "--lang", "zh", *args, env={"COLUMNS": "200", "QINGDAN_LANG": ""})
    else:
        done = run_qingdan(
            tmp_path, *args, env={"COLUMNS": "200", "QINGDAN_LANG": "", "LC_ALL": "zh_CN.UTF-8"}
        )
    assert done.returncode == 2, done.stderr
    for text in expected:
        assert text in done.stderr, done.stderr
    for english in (
        "Usage:",
        "Missing argument",
        "No such option",
        "Invalid value",
        "for help",
        "Error",
        "Did you mean",
    ):
        assert english not in done.stderr, done.stderr


def test_usage_errors_stay_english_in_english(tmp_path: Path) -> None:
    done = run_qingdan(tmp_path, "--lang", "en", "add", env={"COLUMNS": "200"})
    assert done.returncode == 2
    assert (
        "Usage: " in done.stderr
        and "qingdan add [OPTIONS]" in done.stderr
        and "Missing argument 'LIST'" in done.stderr
    )
    done = run_qingdan(tmp_path, "--lang", "en", "add", "X", "--category", "nope", env={"COLUMNS": "200"})
    assert done.returncode == 2 and "Value error" not in done.stderr and "basic (basic duties)" in done.stderr


def test_help_headings_are_chinese() -> None:
    done = run_qingdan(Path.cwd(), "--lang", "zh", "add", "--help", env={"COLUMNS": "200"})
    assert "─ 选项 ─" in done.stdout and "─ 参数 ─" in done.stdout and "[必填]" in done.stdout
    assert "显示本帮助并退出" in done.stdout, done.stdout


# ---- make ---------------------------------------------------------------------------------------

ROOT = Path(__file__).parent.parent
needs_make = pytest.mark.skipif(
    not (ROOT / ".venv" / ".installed").exists() or not (ROOT / ".git").exists() or not shutil.which("make"),
    reason="needs make, this repository's git history and the .venv that `make test` builds",
)


@needs_make
def test_make_demo_shows_readable_steps_and_no_shell_substitutions() -> None:
    done = subprocess.run(
        ["make", "--no-print-directory", "demo"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "$(" not in done.stdout and "git log" not in done.stdout, done.stdout
    assert "━━ qingdan diff <发布 2025.1 的提交> <发布 2025.2 的提交>" in done.stdout
    assert done.stdout.count("━━ ") >= 6


@needs_make
def test_make_test_announces_each_long_step() -> None:
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", "test"], cwd=ROOT, capture_output=True, text=True
    )
    lines = done.stdout.splitlines()
    for step in ("/ruff check", "/mypy", "/qingdan check", "/pytest"):
        at = next(i for i, line in enumerate(lines) if step in line)
        assert any(line.startswith("echo") and "━━" in line for line in lines[max(0, at - 3) : at]), (
            step,
            lines,
        )
