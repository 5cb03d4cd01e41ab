"""qingdan init: a repository a county team can start from, with git diff showing item-level changes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import GIT_ENV, run_qingdan
from qingdan.scaffold import GIT_CONFIG_COMMAND, files_for_init


def _env() -> dict[str, str]:
    # git runs the diff driver `qingdan git-diff` from PATH: the qingdan of this interpreter
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, **GIT_ENV, "PATH": path, "QINGDAN_LANG": "zh", "GIT_PAGER": "cat"}


def _sh(cwd: Path, command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=_env(), shell=True, capture_output=True, text=True, check=True
    )


def test_init_scaffold_validates_and_refuses_to_overwrite(tmp_path: Path) -> None:
    done = run_qingdan(tmp_path, "init", "county")
    assert done.returncode == 0, done.stderr
    root = tmp_path / "county"
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == sorted(
        files_for_init()
    )
    assert GIT_CONFIG_COMMAND in done.stdout
    assert run_qingdan(root, "validate", "--strict").returncode == 0
    assert run_qingdan(root, "fmt", "--check").returncode == 0
    before = (root / "qingdan.yaml").read_bytes()
    again = run_qingdan(tmp_path, "init", "county")
    assert again.returncode == 2 and "qingdan.yaml" in again.stderr
    assert (root / "qingdan.yaml").read_bytes() == before


def test_git_diff_in_an_initialised_repository_shows_the_semantic_diff(tmp_path: Path) -> None:
    root = tmp_path / "county"
    assert run_qingdan(tmp_path, "init", str(root)).returncode == 0
    _sh(root, "git init -q && " + GIT_CONFIG_COMMAND + " && git add -A && git commit -qm 初始清单")
    assert run_qingdan(root, "set", "EX-0001", "name=安全生产监督检查和隐患排查", "--draft").returncode == 0
    shown = _sh(root, "git diff").stdout
    assert "[更名] EX-0001" in shown
    assert "安全生产监督检查 → 安全生产监督检查和隐患排查" in shown
    assert "@@" not in shown  # not a line diff
    # files that are not lists keep git's own diff
    (root / "README.md").write_text("# 改动\n", encoding="utf-8")
    assert "@@" in _sh(root, "git diff -- README.md").stdout
