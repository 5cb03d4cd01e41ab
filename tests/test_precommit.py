"""The hooks of .pre-commit-hooks.yaml under the real pre-commit framework (pre-commit try-repo)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GIT_ENV, git

ROOT = Path(__file__).parent.parent
BASE_LIST = ROOT / "tests" / "golden" / "base" / "before.yaml"


def _pre_commit(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_COLOR": "never", "QINGDAN_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="try-repo needs this repository as a git checkout")
def test_hooks_under_pre_commit_try_repo(repo: Path) -> None:
    shutil.copy(BASE_LIST, repo / "lists" / "case.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "清单 2025.1 版")
    done = _pre_commit(repo, "try-repo", str(ROOT), "qingdan-validate", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "qingdan validate" in done.stdout and "Passed" in done.stdout

    # a duplicate key: the hook fails and shows where
    path = repo / "lists" / "case.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "qingdan: 1\n", encoding="utf-8")
    git(repo, "add", "-A")
    done = _pre_commit(repo, "try-repo", str(ROOT), "qingdan-validate", "--all-files")
    assert done.returncode == 1
    assert "Failed" in done.stdout and "QD010" in done.stdout

    # qingdan-check: history rules and reports (the first revision has no report yet)
    git(repo, "checkout", "-q", "HEAD", "--", "lists/case.yaml")
    done = _pre_commit(
        repo, "try-repo", str(ROOT), "qingdan-check", "--all-files", "--hook-stage", "pre-push"
    )
    assert done.returncode == 1 and "QD971" in done.stdout
