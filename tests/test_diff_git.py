"""The git external diff driver: real `git diff` and `git log -p --ext-diff` subprocesses."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from qingdan.gitrepo import GIT_CONFIG_COMMAND, GITATTRIBUTES_LINE
from test_diff import _recalled, _renamed, _retired
from test_diff_kit import base_items, commit, git_env, list_yaml, write

TOWN = "lists/townships/青石镇.yaml"
BIN = str(Path(sys.executable).parent)


def git_out(root: Path, *args: str) -> str:
    env = git_env()
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")
    env.pop("GIT_EXTERNAL_DIFF", None)
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode("utf-8")


@pytest.fixture
def wired(repo: Path) -> Path:
    (repo / ".gitattributes").write_text(GITATTRIBUTES_LINE + "\n", encoding="utf-8")
    subprocess.run(shlex.split(GIT_CONFIG_COMMAND), cwd=repo, check=True, env=git_env())
    write(repo, TOWN, list_yaml("T", base_items()))
    commit(repo, "2025.1")
    items = base_items()
    _retired(items)
    _renamed(items)
    _recalled(items)
    items.reverse()  # order alone is no change
    write(repo, TOWN, list_yaml("T", items, revision="2025.2"))
    commit(repo, "2025.2")
    return repo


def test_git_diff_shows_the_semantic_diff(wired: Path) -> None:
    out = git_out(wired, "diff", "HEAD~1", "HEAD")
    assert f"qingdan diff a/{TOWN} b/{TOWN}" in out
    assert "[销号] T-0003" in out and "[更名] T-0001" in out and "[类别调整·收回] T-0005" in out
    assert "版次：2025.1 → 2025.2" in out
    assert "@@" not in out  # not a line diff


def test_git_log_patch_with_ext_diff(wired: Path) -> None:
    out = git_out(wired, "log", "-p", "--ext-diff", "-1")
    assert "2025.2" in out and "[销号] T-0003" in out
    plain = git_out(wired, "log", "-p", "-1")
    assert "@@" in plain  # without --ext-diff git log keeps its own diff


def test_worktree_changes_and_new_files(wired: Path) -> None:
    write(wired, "lists/townships/new.yaml", list_yaml("N", base_items("N")[:1]))
    subprocess.run(["git", "add", "-N", "lists/townships/new.yaml"], cwd=wired, check=True, env=git_env())
    items = base_items()
    items[1]["content"] = "完全不同的内容：按季度开展消防安全排查。"
    write(wired, TOWN, list_yaml("T", items, revision="2025.3"))
    out = git_out(wired, "diff")
    assert "[新增] N-0001" in out
    assert "[恢复] T-0003" in out and "[内容调整] T-0002" in out


def test_falls_back_to_a_line_diff(wired: Path) -> None:
    laws = wired / "lists" / "laws.yaml"
    laws.write_text(laws.read_text(encoding="utf-8") + "# 备注\n", encoding="utf-8")
    broken = wired / TOWN
    broken.write_text(broken.read_text(encoding="utf-8") + "  - id: [\n", encoding="utf-8")
    out = git_out(wired, "diff")
    assert "diff --git a/lists/laws.yaml b/lists/laws.yaml" in out and "+# 备注" in out
    assert f"diff --git a/{TOWN} b/{TOWN}" in out and "+  - id: [" in out
    assert "Traceback" not in out


def test_formatting_only_change(wired: Path) -> None:
    path = wired / TOWN
    path.write_text(path.read_text(encoding="utf-8").replace('"平安法治"', "平安法治"), encoding="utf-8")
    out = git_out(wired, "diff")
    assert "仅格式或顺序变化" in out


def test_driver_argument_count(repo: Path, cli: Any) -> None:
    done = cli(repo, "git-diff", "only-one")
    assert done.exit_code == 2 and "7 个" in done.output


def test_driver_direct_call(repo: Path, cli: Any) -> None:
    old, new = repo / "old.yaml", repo / "new.yaml"
    old.write_text(list_yaml("T", base_items()), encoding="utf-8")
    items = base_items()
    _retired(items)
    new.write_text(list_yaml("T", items), encoding="utf-8")
    args = [TOWN, str(old), "a" * 40, "100644", str(new), "b" * 40, "100644"]
    done = cli(repo, "git-diff", *args)
    assert done.exit_code == 0 and "[销号] T-0003" in done.stdout
    added = cli(repo, "git-diff", TOWN, "/dev/null", "0" * 40, "100644", str(new), "b" * 40, "100644")
    assert added.stdout.count("[新增]") == 6
    binary = repo / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    fallback = cli(
        repo, "git-diff", "bin.yaml", str(binary), "a" * 40, "100644", str(new), "b" * 40, "100644"
    )
    assert "Binary files a/bin.yaml and b/bin.yaml differ" in fallback.stdout
