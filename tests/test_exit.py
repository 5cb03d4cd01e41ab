"""Exit codes that never lie where the hostile corpus cannot reach: shallow clones, closed pipes and
git's external diff driver, each with real git and qingdan as a child process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GIT_ENV, HERE, git, run_qingdan

DEMO_LISTS = HERE.parent / "lists"
EXIT_PIPE_CLOSED = 141


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo lists in a repository of two commits (the second renames one item)."""
    root = tmp_path_factory.mktemp("demo") / "repo"
    root.mkdir()
    shutil.copytree(DEMO_LISTS, root / "lists")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "lists")
    path = root / "lists" / "townships" / "CX-QSZ.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("落实基层党建工作责任制", "落实基层党建工作责任"),
        encoding="utf-8",
    )
    git(root, "commit", "-q", "-am", "rename an item")
    return root


@pytest.fixture(scope="module")
def shallow(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("shallow") / "clone"
    git(demo.parent, "clone", "-q", "--depth", "1", f"file://{demo}", str(target))
    assert git(target, "rev-parse", "--is-shallow-repository").strip() == "true"
    return target


HISTORY_COMMANDS = [
    ["impact", "中华人民共和国统计法"],
    ["impact", "--repealed"],
    ["log", "CX-QSZ-0001"],
    ["log", "CX-QSZ"],
    ["show", "CX-QSZ-0001", "--on", "2100-01-01"],
    ["show", "CX-QSZ-0001", "--at", "HEAD"],
    ["report"],
    ["report", "--check"],
    ["check"],
    ["diff", "HEAD~1", "HEAD"],
    ["diff", "HEAD", "HEAD"],
    ["diff", "main...HEAD"],
]


@pytest.mark.parametrize("args", HISTORY_COMMANDS, ids=[" ".join(a) for a in HISTORY_COMMANDS])
def test_shallow_clone_stops_every_history_command(shallow: Path, args: list[str]) -> None:
    done = run_qingdan(shallow, *args, "--lang", "en")
    shown = f"{args} → {done.returncode}\n{done.stdout}\n{done.stderr}"
    assert done.returncode == 3, shown
    assert "shallow clone" in done.stderr and "fetch-depth: 0" in done.stderr, shown
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [["diff"], ["diff", "HEAD"], ["show", "CX-QSZ-0001"], ["validate"]])
def test_shallow_clone_still_answers_what_needs_no_history(shallow: Path, args: list[str]) -> None:
    done = run_qingdan(shallow, *args)
    assert done.returncode == 0, done.stdout + done.stderr


def test_full_clone_answers_the_same_commands(demo: Path) -> None:
    """The control: in the full repository the same commands succeed, so the shallow refusal is real."""
    for args in (["impact", "中华人民共和国统计法"], ["log", "CX-QSZ-0001"], ["diff", "HEAD~1", "HEAD"]):
        done = run_qingdan(demo, *args)
        assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"


def test_show_on_a_date_after_every_commit_finds_the_last_one(demo: Path) -> None:
    done = run_qingdan(demo, "show", "CX-QSZ-0001", "--on", "2100-01-01")
    assert done.returncode == 0, done.stderr
    assert "落实基层党建工作责任" in done.stdout and "落实基层党建工作责任制" not in done.stdout
    early = run_qingdan(demo, "show", "CX-QSZ-0001", "--on", "1990-01-01")
    assert early.returncode == 2 and "1990-01-01" in early.stderr


def _closed_reader(cwd: Path, *args: str) -> tuple[int, str]:
    """Run qingdan with a stdout pipe whose reader has already gone away."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "qingdan", *args],
            cwd=cwd,
            env={**os.environ, **GIT_ENV},
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write)
    return done.returncode, done.stderr


@pytest.mark.parametrize(
    "args", [["diff", "HEAD~1", "HEAD"], ["validate"], ["rules"], ["show", "CX-QSZ"], ["log", "CX-QSZ-0001"]]
)
def test_a_closed_pipe_is_not_an_error(demo: Path, args: list[str]) -> None:
    code, stderr = _closed_reader(demo, *args)
    assert code == EXIT_PIPE_CLOSED, stderr
    assert stderr == ""


def test_git_log_through_the_driver_into_head_is_quiet(demo: Path) -> None:
    """git log -p | head: the driver sees the pipe close and exits 0, so git never says it died."""
    (demo / ".gitattributes").write_text("lists/**/*.yaml diff=qingdan\n", encoding="utf-8")
    command = f"{sys.executable} -m qingdan git-diff"
    env = {**os.environ, **GIT_ENV, "GIT_PAGER": "cat"}
    try:
        for lines in (5, 50, 200, 1000, 3000):
            done = subprocess.run(
                f"git -c diff.qingdan.command='{command}' log -p --ext-diff | head -n {lines}",
                shell=True,
                cwd=demo,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert "external diff died" not in done.stderr, done.stderr
            assert "Traceback" not in done.stderr and len(done.stdout.splitlines()) <= lines
    finally:
        (demo / ".gitattributes").unlink()


def test_git_diff_driver_with_a_closed_pipe_exits_zero(demo: Path) -> None:
    old = demo / "old.yaml"
    old.write_bytes(git_show(demo, "HEAD~1:lists/townships/CX-QSZ.yaml"))
    new = demo / "lists" / "townships" / "CX-QSZ.yaml"
    try:
        code, stderr = _closed_reader(
            demo,
            "git-diff",
            "lists/townships/CX-QSZ.yaml",
            str(old),
            "0" * 40,
            "100644",
            str(new),
            "0" * 40,
            "100644",
        )
    finally:
        old.unlink()
    assert code == 0, stderr
    assert stderr == ""


def git_show(cwd: Path, spec: str) -> bytes:
    return subprocess.run(["git", "show", spec], cwd=cwd, capture_output=True, check=True).stdout
