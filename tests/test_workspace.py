"""A `qingdan check` opens the repository once: one git repository, one walk of history, and each
document it reads parsed once (counted by qingdan.counters, on a real git copy of the demo)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import CliRunnerCall, git
from qingdan import counters
from qingdan.gitrepo import GitRepo

DEMO = Path(__file__).parent.parent


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")


@pytest.fixture
def demo_history(tmp_path: Path) -> Path:
    """The demo lists, registries and reports in a new repository: one commit of them all, a second
    commit that changes one list, and a change to another list in the work tree."""
    root = tmp_path / "demo"
    shutil.copytree(DEMO / "lists", root / "lists")
    shutil.copytree(DEMO / "reports", root / "reports")
    shutil.copytree(DEMO / "assessments", root / "assessments")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "示范清单")
    _append(root / "lists" / "townships" / "CX-QSZ.yaml", "# 复核意见已归档\n")
    git(root, "commit", "-qam", "注释")
    _append(root / "lists" / "villages" / "CX-SHC.yaml", "# 待复核\n")
    return root


def _counted(
    cli: CliRunnerCall, root: Path, monkeypatch: pytest.MonkeyPatch, *command: str
) -> tuple[int, str, int]:
    """Run a command in-process with the counters from zero: (exit code, summary, the most parses
    of any one document)."""
    monkeypatch.setenv("QINGDAN_TODAY", "2026-06-30")
    counters.reset(trace=True)
    try:
        done = cli(root, *command)
    finally:
        trace, counters.TRACE = counters.TRACE, None
    assert trace is not None
    twice = {digest: n for digest, n in trace.items() if n > 1}
    summary = f"{counters.read()} documents parsed more than once: {len(twice)}"
    return done.exit_code, summary, max(trace.values(), default=0)


def test_check_reads_the_repository_once(
    cli: CliRunnerCall, demo_history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, summary, most = _counted(cli, demo_history, monkeypatch, "check")
    counts = counters.read()
    assert code in (0, 1), summary  # the command ran (findings or none), no usage or internal error
    assert counts[counters.REPO_OPEN] == 1, summary
    assert counts[counters.HISTORY_WALK] == 1, summary
    assert most == 1, summary


def test_the_counters_count(cli: CliRunnerCall, demo_history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the counts above can fail: a check on a repository with history opens git and parses its lists
    _counted(cli, demo_history, monkeypatch, "check")
    counts = counters.read()
    assert counts[counters.REPO_OPEN] >= 1 and counts[counters.HISTORY_WALK] >= 1
    # the 9 files of the work tree, and the committed side of the list changed in the work tree
    assert counts[counters.YAML_PARSE] >= 9 + 1


def test_the_revision_index_answers_as_git_walks(repo: Path) -> None:
    # a history with a branch and a merge: every range the index answers from memory is git's own
    def commit(name: str, text: str) -> None:
        (repo / "lists" / name).write_text(text, encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", name + text.strip())

    commit("a.yaml", "a: 1\n")
    commit("b.yaml", "b: 1\n")
    git(repo, "checkout", "-qb", "side")
    commit("c.yaml", "c: 1\n")
    commit("c.yaml", "c: 2\n")
    git(repo, "checkout", "-q", "main")
    commit("a.yaml", "a: 2\n")
    git(repo, "merge", "-q", "--no-ff", "-m", "合并", "side")
    commit("b.yaml", "b: 2\n")
    shas = git(repo, "rev-list", "--all").split()
    with GitRepo(repo) as opened:
        index = opened.history()
        assert index.complete() and {c.sha for c in index.log} == set(shas)
        for tip in shas:
            for exclude in [None, *shas]:
                walked = [c.sha for c in opened.commits(tip, exclude)]
                assert [c.sha for c in index.commits(tip, exclude)] == walked, (tip, exclude)
        touched = index.touching("lists/c.yaml")
        assert len(touched) == 2 and all(index.by_sha[s].parents for s in touched)


@pytest.mark.parametrize("command", [("validate",), ("report", "--check")])
def test_validate_and_report_check_read_the_repository_once(
    cli: CliRunnerCall, demo_history: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    code, summary, most = _counted(cli, demo_history, monkeypatch, *command)
    counts = counters.read()
    assert code in (0, 1), summary
    assert counts[counters.REPO_OPEN] == 1 and counts[counters.HISTORY_WALK] == 1, summary
    assert most == 1, summary
