"""gitrepo: revision safety (RELIABILITY §3.1), shallow clones, Chinese paths, blobs from the object store."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from conftest import run_qingdan
from qingdan.errors import EnvironmentProblem, UsageError
from qingdan.gitrepo import (
    DIFF_DRIVER_COMMAND,
    EMPTY_TREE,
    GIT_CONFIG_COMMAND,
    GITATTRIBUTES_LINE,
    WORKTREE,
    GitRepo,
    check_revision,
)
from test_diff_kit import base_items, commit, git_children, list_yaml, run_git, write

BAD_REVISIONS = [
    "--output=x",
    "-h",
    "HEAD --",
    "$(id)",
    "a..b..c",
    "HEAD:../../etc/passwd",
    "a" * 256,
    "",
    "HEAD\n--output=x",
    "HEAD;id",
    "`id`",
    "main@{-1}|id",
]


@pytest.fixture
def lrepo(repo: Path) -> Path:
    write(repo, "lists/乡镇/青石镇.yaml", list_yaml("T", base_items()))
    commit(repo, "一")
    items = base_items()
    items[0]["name"] = "改名"
    write(repo, "lists/乡镇/青石镇.yaml", list_yaml("T", items))
    commit(repo, "二")
    return repo


@pytest.mark.parametrize("rev", BAD_REVISIONS)
def test_check_revision_rejects(rev: str) -> None:
    with pytest.raises(UsageError) as caught:
        check_revision(rev)
    assert "无效的修订版本" in caught.value.zh and "invalid revision" in caught.value.en


@pytest.mark.parametrize(
    "rev", ["HEAD", "HEAD~1", "HEAD^", "main", "v2025.2", "a1b2c3d", "HEAD@{1}", "origin/main"]
)
def test_check_revision_accepts(rev: str) -> None:
    check_revision(rev)


@pytest.mark.parametrize("rev", [*BAD_REVISIONS[:-3], "missing", "HEAD~9"])
def test_bad_revisions_exit_2(lrepo: Path, cli: Any, rev: str) -> None:
    for command in (
        ["diff", "--", rev],
        ["diff", "--", "HEAD", rev],
        ["log", "T-0001", "--rev", rev],
        ["show", "T-0001", "--at", rev],
    ):
        done = cli(lrepo, *command)
        assert done.exit_code == 2, (command, done.output)
        assert "Traceback" not in done.output


def test_bad_revision_in_a_real_process(lrepo: Path) -> None:
    done = run_qingdan(lrepo, "diff", "--", "$(id)")
    assert done.returncode == 2
    assert done.stderr.startswith("qingdan: 无效的修订版本「$(id)」") and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_unknown_revision_message_is_bilingual(lrepo: Path) -> None:
    zh = run_qingdan(lrepo, "diff", "nosuchbranch")
    en = run_qingdan(lrepo, "diff", "nosuchbranch", "--lang", "en")
    assert zh.returncode == en.returncode == 2
    assert "找不到修订版本「nosuchbranch」" in zh.stderr
    assert "unknown revision 'nosuchbranch'" in en.stderr


def test_victim_file_stays_intact(lrepo: Path) -> None:
    victim = lrepo / "victim"
    victim.write_bytes(b"precious\n")
    attempts = [
        ["diff", "--output=victim"],
        ["diff", "--", "--output=victim"],
        ["diff", "--", "--output=victim", "HEAD"],
        ["diff", "--", "HEAD", "--output=victim"],
        ["diff", "--", "--output=victim..HEAD"],
        ["log", "T-0001", "--rev", "--output=victim"],
        ["log", "T-0001", "--rev=--output=victim"],
        ["show", "T-0001", "--at=--output=victim"],
    ]
    for args in attempts:
        done = run_qingdan(lrepo, *args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert victim.read_bytes() == b"precious\n", args


def test_shallow_clone_advises_full_history(lrepo: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    run_git(tmp_path, "clone", "-q", "--depth", "1", f"file://{lrepo}", str(shallow))
    done = run_qingdan(shallow, "diff", "HEAD~1", "HEAD")
    assert done.returncode == 3, done.stderr
    assert "浅克隆" in done.stderr and "fetch-depth: 0" in done.stderr
    en = run_qingdan(shallow, "diff", "HEAD~1", "--lang", "en")
    assert "shallow clone" in en.stderr and "fetch-depth: 0" in en.stderr
    assert run_qingdan(shallow, "diff", "HEAD").returncode == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to hand the repository to another owner")
def test_dubious_ownership_is_explained(lrepo: Path) -> None:
    for path in [lrepo, *lrepo.rglob("*")]:
        os.lchown(path, 65534, 65534)
    done = run_qingdan(lrepo, "diff", "HEAD")
    assert done.returncode == 3
    assert "dubious ownership" in done.stderr and f"safe.directory {lrepo}" in done.stderr


def test_not_a_git_repository(tmp_path: Path) -> None:
    done = run_qingdan(tmp_path, "diff", "HEAD~1")
    assert done.returncode == 3
    assert "不在 git 仓库中" in done.stderr


def test_chinese_paths_and_blobs(lrepo: Path) -> None:
    with GitRepo(lrepo) as repo:
        head = repo.resolve("HEAD")
        parent = repo.resolve("HEAD~1")
        (delta,) = repo.changed(parent, head)
        assert delta.path == "lists/乡镇/青石镇.yaml"
        assert delta.old and delta.new and delta.old != delta.new
        assert b"\xe6\x94\xb9\xe5\x90\x8d" in repo.read_blob(delta.new)  # 改名
        files = repo.files(head)
        assert files["lists/乡镇/青石镇.yaml"] == delta.new
        assert repo.blob_at(head, "lists/乡镇/青石镇.yaml") == delta.new
        assert repo.blob_at(head, "lists/nothing.yaml") is None
        assert repo.files(EMPTY_TREE) == {}
        assert [d.path for d in repo.changed(EMPTY_TREE, head)] == sorted(files)
        (lrepo / "lists/乡镇/青石镇.yaml").write_text("changed", encoding="utf-8")
        (wt,) = repo.changed(head, WORKTREE)
        assert (wt.path, wt.new) == ("lists/乡镇/青石镇.yaml", WORKTREE)
    assert git_children() == []


def test_blobs_read_in_one_batch_are_the_blobs(lrepo: Path) -> None:
    """read_blobs gives each blob's exact bytes (an empty one, one with newlines at its end, Chinese text)
    and leaves out an id the repository does not hold."""
    write(lrepo, "lists/empty.yaml", "")
    write(lrepo, "lists/trailing.yaml", "a\n\n\n")
    commit(lrepo, "三")
    with GitRepo(lrepo) as repo:
        blobs = sorted(
            set(repo.files(repo.resolve("HEAD")).values())
            | {d.old or "" for d in repo.changed(repo.resolve("HEAD~2"), repo.resolve("HEAD"))} - {""}
        )
        missing = "0123456789abcdef0123456789abcdef01234567"
        found = repo.read_blobs([*blobs, missing, blobs[0]])
        assert sorted(found) == blobs
        for sha in blobs:
            assert found[sha] == repo.read_blob(sha)
        assert b"" in found.values() and b"a\n\n\n" in found.values()
    assert git_children() == []


def test_list_repository_in_a_subfolder(tmp_path: Path) -> None:
    top = tmp_path / "top"
    write(top, "清单库/qingdan.yaml", "qingdan: 1\n")
    write(top, "清单库/lists/t.yaml", list_yaml("T", base_items()[:1]))
    write(top, "elsewhere/x.yaml", "x: 1\n")
    run_git(top, "init", "-q", "-b", "main")
    commit(top, "一")
    with GitRepo(top / "清单库") as repo:
        assert repo.prefix == "清单库/"
        assert sorted(repo.files(repo.resolve("HEAD"))) == ["lists/t.yaml", "qingdan.yaml"]
        (commit_deltas,) = list(repo.commits(repo.resolve("HEAD")))
        assert sorted(d.path for d in commit_deltas.deltas) == ["lists/t.yaml", "qingdan.yaml"]


def test_commits_carry_errata_flags(lrepo: Path) -> None:
    write(lrepo, "lists/乡镇/青石镇.yaml", list_yaml("T", base_items()))
    commit(lrepo, "更正\n\nSigned-off-by: 某人 <a@b>\nQingdan-Change: Errata")
    with GitRepo(lrepo) as repo:
        walked = list(repo.commits(repo.resolve("HEAD")))
        assert [c.errata for c in walked] == [True, False, False]
        assert walked[0].deltas[0].path == "lists/乡镇/青石镇.yaml"
        info = repo.commit_info(walked[0].sha)
        assert info.errata and info.subject == "更正" and info.author == "测试者"
        assert not repo.commit_info(walked[1].sha).errata


def test_wiring_constants() -> None:
    assert GITATTRIBUTES_LINE == "lists/**/*.yaml diff=qingdan"
    assert GIT_CONFIG_COMMAND == 'git config diff.qingdan.command "qingdan git-diff"'
    assert DIFF_DRIVER_COMMAND == "qingdan git-diff"


def test_unusable_inputs_to_internals(lrepo: Path) -> None:
    with GitRepo(lrepo) as repo:
        with pytest.raises(ValueError):
            repo.read_blob("--output=x")
        with pytest.raises(ValueError):
            list(repo.commits("HEAD"))
        with pytest.raises(EnvironmentProblem if repo.is_shallow() else UsageError):
            repo.resolve("HEAD~5")
