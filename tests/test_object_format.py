"""Repositories in git's SHA-256 object format: every history command refuses them clearly (exit 3).

GitPython's object database reads only SHA-1 repositories; a refusal that names the format is
better than a traceback or an answer computed from nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE_REPO, HERE, git, run_qingdan

HISTORY_COMMANDS = [
    ["diff", "HEAD"],
    ["diff", "HEAD", "--format", "markdown"],
    ["check"],
    ["check", "--format", "github"],
    ["report"],
    ["report", "--check"],
    ["log", "T-0001"],
    ["show", "T", "--on", "2025-08-01"],
]


@pytest.fixture(scope="module")
def sha256_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sha256") / "repo"
    shutil.copytree(FIXTURE_REPO, root)
    shutil.copy(HERE / "golden" / "base" / "before.yaml", root / "lists" / "t.yaml")
    try:
        git(root, "init", "-q", "-b", "main", "--object-format=sha256")
    except Exception as exc:  # git older than 2.29 has no SHA-256 repositories
        pytest.skip(f"git cannot create a SHA-256 repository here: {exc}")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "清单 2025.1 版")
    assert len(git(root, "rev-parse", "HEAD").strip()) == 64
    return root


@pytest.mark.parametrize("args", HISTORY_COMMANDS, ids=" ".join)
def test_history_commands_refuse_sha256_repositories(sha256_repo: Path, args: list[str]) -> None:
    done = run_qingdan(sha256_repo, *args)
    shown = f"{args} → {done.returncode}\n{done.stdout}\n{done.stderr}"
    assert done.returncode == 3, shown
    assert "SHA-256" in done.stderr and "Traceback" not in done.stderr, shown
    for line in (done.stdout + done.stderr).splitlines():
        assert not line.startswith("::") or line.startswith("::error"), shown


def test_validate_needs_no_history_and_works_in_a_sha256_repository(sha256_repo: Path) -> None:
    done = run_qingdan(sha256_repo, "validate")
    assert done.returncode in (0, 1) and "SHA-256" not in done.stdout + done.stderr, done.stderr
