"""qingdan diff over real git repositories built commit by commit (no mocks)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import run_qingdan
from qingdan.history import diff
from test_diff import CASES, _devolved, _modified, _renamed, _renumbered, _retired
from test_diff_kit import base_items, clone, commit, git_children, item, list_yaml, run_git, write

TOWN = "lists/townships/青石镇.yaml"  # a Chinese path: git would quote it without -z
OTHER = "lists/townships/B.yaml"


def _json(cli: Any, root: Path, *args: str) -> dict[str, Any]:
    done = cli(root, "diff", *args, "--format", "json")
    assert done.exit_code == 0, done.output
    data: dict[str, Any] = json.loads(done.stdout)
    return data


@pytest.fixture
def story(repo: Path) -> Path:
    """Two lists committed on 2025-01-10 (revision 2025.1)."""
    write(repo, TOWN, list_yaml("T", base_items()))
    write(repo, OTHER, list_yaml("B", base_items("B")[:2]))
    commit(repo, "2025.1 版清单", date="2025-01-10T10:00:00+08:00")
    return repo


@pytest.mark.parametrize(("case", "edit", "target", "kinds", "paths"), CASES, ids=[c[0] for c in CASES])
def test_every_kind_between_commits(
    story: Path,
    cli: Any,
    case: str,
    edit: Callable[[list[dict[str, Any]]], None],
    target: str,
    kinds: tuple[str, ...],
    paths: set[str],
) -> None:
    before = base_items()
    if case == "undevolved":
        _devolved(before)
        write(story, TOWN, list_yaml("T", before))
        commit(story, "下放")
    after = clone(before)
    edit(after)
    write(story, TOWN, list_yaml("T", after, revision="2025.2"))
    commit(story, f"{case}")
    data = _json(cli, story, "HEAD~1", "HEAD")
    assert [(c["item"], tuple(c["kinds"])) for c in data["changes"]] == [(target, kinds)]
    change = data["changes"][0]
    assert set(change) >= {"list", "item", "kinds", "fields", "file"}
    assert change["list"] == "T" and change["file"] == TOWN
    assert all(set(f) == {"path", "old", "new"} for f in change["fields"])
    listed = data["lists"]["T"]
    assert (listed["revision_before"], listed["revision_after"]) == ("2025.1", "2025.2")
    for kind in kinds:
        assert listed["counts"][kind] == 1
    assert len(data["from"]) == 40 and len(data["to"]) == 40


def test_json_contract(story: Path, cli: Any) -> None:
    items = base_items()
    _renamed(items)
    write(story, TOWN, list_yaml("T", items, revision="2025.2", effective="2025-09-01"))
    data = _json(cli, story, "HEAD")
    assert data["from"] == run_git(story, "rev-parse", "HEAD").strip()
    assert data["to"] == "WORKTREE"
    assert set(data) >= {"from", "to", "lists", "changes", "corrections", "problems", "summary"}
    assert data["lists"]["T"]["counts"] == {"renamed": 1}
    assert {f["path"] for f in data["lists"]["T"]["fields"]} == {"revision", "effective"}
    (change,) = data["changes"]
    assert change["fields"] == [
        {"path": "name", "old": "安全生产属地监督检查", "new": "安全生产属地监督检查和隐患排查"}
    ]
    assert change["errata"] is False
    assert data["summary"] == {
        "lists": 1,
        "changes": 1,
        "corrections": 0,
        "not_applicable": 0,
        "counts": {"renamed": 1},
    }


def test_renumbered_in_a_legacy_list(story: Path, cli: Any) -> None:
    items = base_items()
    _renumbered(items)
    write(story, TOWN, list_yaml("T", items, revision="2025.2"))
    commit(story, "旧清单重新编号")
    data = _json(cli, story, "HEAD~1..HEAD")
    assert [(c["item"], c["item_before"], c["kinds"]) for c in data["changes"]] == [
        ("T-0103", "T-0003", ["renamed", "renumbered"])
    ]


def test_item_moved_between_files(story: Path, cli: Any) -> None:
    town, other = base_items(), base_items("B")[:2]
    moving = town.pop(4)
    other.append(moving)
    write(story, TOWN, list_yaml("T", town, revision="2025.2"))
    write(story, OTHER, list_yaml("B", other, revision="2025.2"))
    commit(story, "事项移至 B 清单")
    data = _json(cli, story, "HEAD~1", "HEAD")
    (change,) = data["changes"]
    assert change["kinds"] == ["moved"] and change["item"] == "T-0005"
    assert (change["file_before"], change["file_after"], change["file"]) == (TOWN, OTHER, OTHER)
    assert (change["list_before"], change["list"]) == ("T", "B")


def test_reordered_items_are_no_change(story: Path, cli: Any) -> None:
    items = base_items()
    items.reverse()
    write(story, TOWN, list_yaml("T", items).replace('"平安法治"', "平安法治"))
    commit(story, "调整顺序")
    done = cli(story, "diff", "HEAD~1", "HEAD", "--exit-code")
    assert done.exit_code == 0, done.output
    assert "没有实质变更" in done.stdout
    assert "仅有格式或顺序变化" in done.stdout and TOWN in done.stdout


def test_exit_code_flag(story: Path, cli: Any) -> None:
    items = base_items()
    _modified(items)
    write(story, TOWN, list_yaml("T", items, revision="2025.2"))
    assert cli(story, "diff").exit_code == 0
    assert cli(story, "diff", "--exit-code").exit_code == 1


def test_errata_commits_are_reported_apart(story: Path, cli: Any) -> None:
    items = base_items()
    items[1]["content"] = items[1]["content"].replace("台账", "台帐")  # a typo introduced earlier
    write(story, TOWN, list_yaml("T", items))
    commit(story, "补充说明")
    base = run_git(story, "rev-parse", "HEAD").strip()
    fixed = clone(items)
    fixed[1]["content"] = fixed[1]["content"].replace("台帐", "台账")
    write(story, TOWN, list_yaml("T", fixed))
    errata = commit(story, "更正错别字\n\nQingdan-Change: errata")
    substantive = clone(fixed)
    _retired(substantive)
    write(story, TOWN, list_yaml("T", substantive, revision="2025.2"))
    commit(story, "2025.2：销号一项")
    data = _json(cli, story, base, "HEAD")
    by_item = {c["item"]: c for c in data["changes"]}
    assert by_item["T-0002"]["errata"] is True and by_item["T-0002"]["kinds"] == ["modified"]
    assert by_item["T-0003"]["errata"] is False and by_item["T-0003"]["kinds"] == ["retired"]
    (correction,) = data["corrections"]
    assert correction["commit"] == errata and correction["items"] == ["T-0002"]
    assert (correction["author"], correction["subject"]) == ("测试者", "更正错别字")
    assert data["lists"]["T"]["counts"] == {"retired": 1}
    assert data["lists"]["T"]["corrections"] == 1
    assert data["summary"]["corrections"] == 1
    text = cli(story, "diff", base, "HEAD").stdout
    assert "勘误（更正，不计入实质变更）" in text
    assert text.index("[销号]") < text.index("勘误（更正") < text.index("[内容调整] (勘误) T-0002")


def test_errata_and_substantive_on_one_item_is_substantive(story: Path) -> None:
    items = base_items()
    items[0]["content"] += "。"
    write(story, TOWN, list_yaml("T", items))
    commit(story, "标点\n\nQingdan-Change: errata")
    _renamed(items)
    write(story, TOWN, list_yaml("T", items, revision="2025.2"))
    commit(story, "更名")
    result = diff(story, ["HEAD~2", "HEAD"])
    (change,) = result.changes
    assert change.kinds == ("renamed", "modified") and change.errata is False
    assert [c.items for c in result.corrections] == [["T-0001"]]


def test_worktree_untracked_and_touched_files(story: Path, cli: Any) -> None:
    (story / TOWN).touch()  # a new timestamp alone is no change
    write(story, "lists/townships/new.yaml", list_yaml("N", [item("N", 1, "新镇事项")]))
    data = _json(cli, story)
    assert [(c["item"], c["kinds"]) for c in data["changes"]] == [("N-0001", ["added"])]
    assert data["lists"]["N"]["status"] == "added"
    assert data["formatting_only"] == []


def test_staged_compares_the_index(story: Path, cli: Any) -> None:
    items = base_items()
    _renamed(items)
    write(story, TOWN, list_yaml("T", items))
    assert _json(cli, story, "--staged")["changes"] == []
    run_git(story, "add", TOWN)
    _modified(items)
    write(story, TOWN, list_yaml("T", items))
    staged = _json(cli, story, "--staged")
    assert [c["kinds"] for c in staged["changes"]] == [["renamed"]]
    assert staged["to"] == "INDEX"
    worktree = _json(cli, story)
    assert [c["kinds"] for c in worktree["changes"]] == [["renamed"], ["modified"]]


def test_symmetric_range_starts_at_the_merge_base(story: Path, cli: Any) -> None:
    run_git(story, "checkout", "-q", "-b", "draft")
    items = base_items()
    _renamed(items)
    write(story, TOWN, list_yaml("T", items, revision="2025.2"))
    commit(story, "草案：更名")
    run_git(story, "checkout", "-q", "main")
    other = base_items("B")[:1]
    write(story, OTHER, list_yaml("B", other, revision="2025.2"))
    commit(story, "主线：删除")
    on_branch = _json(cli, story, "main...draft")
    assert [c["item"] for c in on_branch["changes"]] == ["T-0001"]
    both = _json(cli, story, "main..draft")
    assert sorted(c["item"] for c in both["changes"]) == ["B-0002", "T-0001"]


def test_two_files(story: Path, cli: Any) -> None:
    items = base_items()
    _retired(items)
    write(story, "draft.yaml", list_yaml("T", items, revision="2025.2"))
    data = _json(cli, story, TOWN, "draft.yaml")
    assert (data["from"], data["to"]) == (TOWN, "draft.yaml")
    assert [(c["item"], c["kinds"], c["file_before"], c["file_after"]) for c in data["changes"]] == [
        ("T-0003", ["retired"], TOWN, "draft.yaml")
    ]
    text = cli(story, "diff", TOWN, "draft.yaml").stdout
    assert "[销号] T-0003" in text and "文件移动" not in text
    mixed = cli(story, "diff", TOWN, "HEAD")
    assert mixed.exit_code == 2 and "同为文件" in mixed.output
    single = cli(story, "diff", TOWN)
    assert single.exit_code == 2 and "是文件" in single.output


def test_unparsable_side_is_reported(story: Path) -> None:
    good = (story / TOWN).read_text(encoding="utf-8")
    write(story, TOWN, good.replace('  - id: "T-0002"', '  - id: "T-0002\n  x: ['))
    commit(story, "坏文件")
    done = run_qingdan(story, "diff", "HEAD~1", "HEAD")
    assert done.returncode == 1, done.stderr  # a side that cannot be read: its changes are unknown
    assert "无法比较 lists/townships/青石镇.yaml（修改后）" in done.stdout
    assert "没有实质变更" not in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert "[删除]" not in done.stdout
    back = run_qingdan(story, "diff", "HEAD", "HEAD~1", "--format", "json", "--lang", "en")
    assert back.returncode == 1
    problems = json.loads(back.stdout)["problems"]
    assert [(p["file"], p["side"], p["rule"]) for p in problems] == [(TOWN, "before", "QD001")]


def test_list_file_missing_at_a_revision(story: Path, cli: Any) -> None:
    (story / OTHER).unlink()
    commit(story, "删除 B 清单")
    data = _json(cli, story, "HEAD~1", "HEAD")
    assert data["lists"]["B"]["status"] == "removed"
    assert [c["kinds"] for c in data["changes"]] == [["removed"], ["removed"]]
    text = cli(story, "diff", "HEAD~1", "HEAD").stdout
    assert "清单已删除" in text and "应销号" in text
    back = _json(cli, story, "HEAD", "HEAD~1")
    assert back["lists"]["B"]["status"] == "added"


def test_config_patterns_follow_each_side(story: Path, cli: Any) -> None:
    write(story, "drafts/C.yaml", list_yaml("C", [item("C", 1, "草稿事项")]))
    commit(story, "草稿，不在清单范围内")
    assert _json(cli, story, "HEAD~1", "HEAD")["changes"] == []
    write(story, "qingdan.yaml", 'qingdan: 1\nlists: ["lists/**/*.yaml", "drafts/*.yaml"]\n')
    commit(story, "纳入草稿目录")
    data = _json(cli, story, "HEAD~1", "HEAD")
    assert [(c["item"], c["kinds"]) for c in data["changes"]] == [("C-0001", ["added"])]


def test_new_repository_without_commits(tmp_path: Path, cli: Any) -> None:
    root = tmp_path / "fresh"
    root.mkdir()
    run_git(root, "init", "-q", "-b", "main")
    write(root, TOWN, list_yaml("T", base_items()[:1]))
    data = _json(cli, root)
    assert data["from"] == "EMPTY" and [c["kinds"] for c in data["changes"]] == [["added"]]
    done = cli(root, "diff", "HEAD~1")
    assert done.exit_code == 2 and "还没有任何提交" in done.output


def test_no_git_processes_left(story: Path) -> None:
    items = base_items()
    _retired(items)
    write(story, TOWN, list_yaml("T", items))
    commit(story, "销号")
    assert git_children() == []
    for _ in range(5):
        diff(story, ["HEAD~1", "HEAD"])
        diff(story, [])
    assert git_children() == []


def test_english_labels(story: Path, cli: Any) -> None:
    items = base_items()
    _retired(items)
    write(story, TOWN, list_yaml("T", items))
    done = cli(story, "diff", "--lang", "en")
    assert "[retired] T-0003" in done.stdout and "1 list(s), 1 change(s)" in done.stdout


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("lists/**/*.yaml", "lists/a.yaml", True),
        ("lists/**/*.yaml", "lists/乡镇/青石镇.yaml", True),
        ("lists/**/*.yaml", "lists/a/b/c.yaml", True),
        ("lists/**/*.yaml", "other/a.yaml", False),
        ("lists/**/*.yaml", "lists/a.yml", False),
        ("lists/*.yaml", "lists/a/b.yaml", False),
        ("lists/t?.yaml", "lists/t1.yaml", True),
        ("lists/[!x]*.yaml", "lists/x1.yaml", False),
        ("lists/[!x]*.yaml", "lists/y1.yaml", True),
    ],
)
def test_list_patterns(pattern: str, path: str, matches: bool) -> None:
    from qingdan.history import glob_regex

    assert bool(glob_regex(pattern).fullmatch(path)) is matches
