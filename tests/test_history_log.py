"""qingdan log and show over a repository whose history has renames, moves, renumbering and an errata commit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qingdan.history import item_log, show
from test_diff_kit import base_items, commit, git_children, list_yaml, write

TOWN = "lists/townships/青石镇.yaml"
OTHER = "lists/townships/B.yaml"


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Six commits, one a month; returns the repository and the commit ids, oldest first."""
    import shutil

    from conftest import FIXTURE_REPO
    from test_diff_kit import run_git

    root = tmp_path_factory.mktemp("log") / "repo"
    shutil.copytree(FIXTURE_REPO, root)
    run_git(root, "init", "-q", "-b", "main")
    town, other = base_items(), base_items("B")[:2]
    shas = []

    def save(message: str, month: int) -> None:
        write(root, TOWN, list_yaml("T", town, revision=f"2025.{month}"))
        write(root, OTHER, list_yaml("B", other, revision=f"2025.{month}"))
        shas.append(commit(root, message, date=f"2025-{month:02d}-01T10:00:00+08:00"))

    save("2025.1 版清单", 1)
    town[0]["name"] = "安全生产属地监督检查和隐患排查"
    save("T-0001 更名", 3)
    other.append(town.pop(4))
    save("T-0005 移至 B 清单", 5)
    town[2].update(id="T-0103", previous_ids=["T-0003"])
    save("旧编号统一", 6)
    town[2]["content"] = town[2]["content"].replace("台账", "工作台账")
    save("更正用语\n\nQingdan-Change: errata", 7)
    other[-1].update(category="recalled", lead_department="县自然资源和规划局")
    save("T-0005 收回县自然资源和规划局", 8)
    return {"root": root, "shas": shas}


def _entries(log: Any) -> list[tuple[str, tuple[str, ...]]]:
    return [(e.commit.subject, e.changes[0].kinds) for e in log.entries]


def test_log_follows_a_move(history: dict[str, Any]) -> None:
    log = item_log(history["root"], "T-0005")
    assert _entries(log) == [
        ("T-0005 收回县自然资源和规划局", ("recategorized", "recalled")),
        ("T-0005 移至 B 清单", ("moved",)),
        ("2025.1 版清单", ("added",)),
    ]
    assert log.entries[1].changes[0].file_before == TOWN and log.entries[1].changes[0].file_after == OTHER
    assert (log.name, log.kind) == ("耕地保护巡查", "item")


@pytest.mark.parametrize("asked", ["T-0103", "T-0003"])
def test_log_follows_renumbering_from_either_id(history: dict[str, Any], asked: str) -> None:
    log = item_log(history["root"], asked)
    assert _entries(log) == [
        ("更正用语", ("modified",)),
        ("旧编号统一", ("renamed", "renumbered")),
        ("2025.1 版清单", ("added",)),
    ]
    assert log.entries[0].commit.errata is True
    assert log.entries[1].commit.errata is False
    assert set(log.ids) == {"T-0003", "T-0103"}
    assert [e.changes[0].item for e in log.entries] == ["T-0103", "T-0103", "T-0003"]


def test_log_json_and_limit(history: dict[str, Any], cli: Any) -> None:
    done = cli(history["root"], "log", "T-0001", "--format", "json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert [e["kinds"] for e in data["entries"]] == [["renamed"], ["added"]]
    first = data["entries"][0]
    assert first["commit"] == history["shas"][1]
    assert first["date"].startswith("2025-03-01") and first["author"] == "测试者"
    assert first["message"] == "T-0001 更名" and first["errata"] is False
    assert first["fields"] == [
        {"path": "name", "old": "安全生产属地监督检查", "new": "安全生产属地监督检查和隐患排查"}
    ]
    assert first["file"] == TOWN
    limited = json.loads(cli(history["root"], "log", "T-0001", "-n", "1", "-f", "json").stdout)
    assert len(limited["entries"]) == 1 and limited["truncated"] is True


def test_log_text(history: dict[str, Any], cli: Any) -> None:
    done = cli(history["root"], "log", "T-0103")
    assert done.exit_code == 0, done.output
    out = done.stdout
    assert "T-0103" in out and "同一事项的其他编号：T-0003" in out
    assert out.index("更正用语") < out.index("旧编号统一") < out.index("2025.1 版清单")
    assert "(勘误)" in out


def test_log_of_a_list(history: dict[str, Any]) -> None:
    log = item_log(history["root"], "B")
    assert log.kind == "list"
    subjects = [e.commit.subject for e in log.entries]
    assert subjects[0] == "T-0005 收回县自然资源和规划局" and subjects[-1] == "2025.1 版清单"
    assert "T-0005 移至 B 清单" in subjects


def test_log_unknown_and_malformed(history: dict[str, Any], cli: Any) -> None:
    missing = cli(history["root"], "log", "T-9999")
    assert missing.exit_code == 2 and "找不到「T-9999」" in missing.output
    bad = cli(history["root"], "log", "--", "-x;rm")
    assert bad.exit_code == 2 and "不是清单或事项编号" in bad.output


def test_show_at_and_on(history: dict[str, Any], cli: Any) -> None:
    root, shas = history["root"], history["shas"]
    assert show(root, "T-0001", at=shas[0]).data["name"] == "安全生产属地监督检查"
    assert show(root, "T-0001", on="2025-02-15").data["name"] == "安全生产属地监督检查"
    later = show(root, "T-0001", on="2025-03-02")
    assert later.data["name"] == "安全生产属地监督检查和隐患排查"
    assert later.commit is not None and later.commit.sha == shas[1]
    assert show(root, "T-0005", on="2025-04-01").file == TOWN
    assert show(root, "T-0005").file == OTHER
    assert git_children() == []

    done = cli(root, "show", "T-0005", "--at", "HEAD")
    assert done.exit_code == 0, done.output
    assert "T-0005  耕地保护巡查" in done.stdout
    assert "事项类别：上级部门收回事项（recalled）" in done.stdout
    assert "清单：B" in done.stdout and shas[-1][:7] in done.stdout


def test_show_former_id_and_list(history: dict[str, Any], cli: Any) -> None:
    root = history["root"]
    shown = show(root, "T-0003")
    assert (shown.ident, shown.asked) == ("T-0103", "T-0003")
    text = cli(root, "show", "T-0003").stdout
    assert "T-0003 已重新编号为 T-0103" in text and "工作区" in text
    data = json.loads(cli(root, "show", "T", "--on", "2025-01-31", "--format", "json").stdout)
    assert data["kind"] == "list" and data["file"] == TOWN
    assert data["data"]["list"]["revision"] == "2025.1"
    assert len(data["data"]["items"]) == 6
    listed = cli(root, "show", "T").stdout
    assert "事项（5 项，其中有效 5 项）" in listed and "T-0103" in listed


def test_show_errors(history: dict[str, Any], cli: Any) -> None:
    root = history["root"]
    cases = [
        (["show", "T-0001", "--on", "2024-12-31"], "当天及以前没有提交"),
        (["show", "T-0001", "--on", "2025/01/01"], "YYYY-MM-DD"),
        (["show", "T-0001", "--on", "2025-02-30"], "YYYY-MM-DD"),
        (["show", "T-0001", "--at", "HEAD", "--on", "2025-05-01"], "只能选一个"),
        (["show", "T-4242"], "工作区 中没有「T-4242」"),
        (["show", "T-0103", "--at", "HEAD~5"], "HEAD~5 中没有「T-0103」"),
    ]
    for args, message in cases:
        done = cli(root, *args)
        assert done.exit_code == 2, (args, done.output)
        assert message in done.output, (args, done.output)


def test_logs_and_show_in_english(history: dict[str, Any], cli: Any) -> None:
    root = history["root"]
    assert "History of T-0005" in cli(root, "log", "T-0005", "--lang", "en").stdout
    assert "category: recalled" in cli(root, "show", "T-0005", "--lang", "en").stdout
    missing = cli(root, "show", "T-4242", "--lang", "en")
    assert "'T-4242' is not in the working tree" in missing.output


def test_log_in_a_fresh_checkout_path(history: dict[str, Any], tmp_path: Path, cli: Any) -> None:
    # log works from a sub-folder of the repository too
    sub = history["root"] / "lists" / "townships"
    done = cli(sub, "log", "T-0001", "-f", "json")
    assert done.exit_code == 0 and len(json.loads(done.stdout)["entries"]) == 2
