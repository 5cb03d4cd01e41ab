"""Terminal conventions: colour (no-color.org), help at 80 columns, Chinese usage errors, Chinese labels."""

from __future__ import annotations

import os
import pty
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
