"""Editing: random edit sequences keep lists valid and untouched lines intact; writes are atomic and
serialised; refusals write nothing."""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import GIT_ENV, run_qingdan
from qingdan import edit, yamlio
from qingdan.errors import QingdanError, UsageError
from qingdan.fsutil import repository_lock
from qingdan.validate import validate

ROOT = Path(__file__).parent.parent
DEMO_LIST = "lists/townships/CX-QSZ.yaml"


def _blocks(text: str) -> dict[str, str]:
    """The text of every item by id, and of the header, for line-level comparisons."""
    parts = re.split(r"(?m)^(?=  - id: )", text)
    blocks = {"<header>": parts[0]}
    for part in parts[1:]:
        item_id = part.split("\n", 1)[0].removeprefix("  - id: ").strip()
        blocks[item_id] = part
    return blocks


def _plain(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yamlio.load_bytes(path.read_bytes())[1]
    return data


# ---- the property test ----------------------------------------------------------------------

NAMES = st.sampled_from(
    ["森林防火巡查台账", "农村饮用水安全巡查", "地质灾害隐患排查", "秸秆禁烧巡查宣传", "殡葬改革宣传引导"]
)
Op = tuple[str, Any]
ops = st.lists(
    st.one_of(
        st.tuples(st.just("add"), NAMES),
        st.tuples(st.just("retire"), st.integers(0, 60)),
        st.tuples(
            st.just("set_content"),
            st.tuples(
                st.integers(0, 60), st.sampled_from(["按月巡查，发现问题及时报告。", "建立工作台账。"])
            ),
        ),
        st.tuples(st.just("set_devolved"), st.integers(0, 60)),
        st.tuples(st.just("add_basis"), st.integers(0, 60)),
    ),
    min_size=1,
    max_size=5,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=ops)
def test_random_edit_sequences_keep_lists_valid_and_other_lines_intact(
    sequence: list[Op], tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("prop")
    shutil.copytree(ROOT / "lists", root / "lists")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    path = root / DEMO_LIST
    # the list starts a new revision so that additions and retirements are proper
    edit.start_revision(root, "CX-QSZ", "2026-03-01")
    expected = _plain(path)
    counter = 0
    for op, arg in sequence:
        before_text = path.read_text(encoding="utf-8")
        active = [i for i in expected["items"] if i["status"] == "active"]
        touched: set[str] = set()
        if op == "add":
            counter += 1
            name = f"{arg}（{counter}）"
            fields = {
                "name": name,
                "category": "basic",
                "domain": "平安法治",
                "basis": [{"instrument": "中华人民共和国消防法", "article": "第三十二条"}],
            }
            admission = {
                "approver": "中共江川省委 江川省人民政府",
                "document": f"江川委办发〔2026〕{counter}号",
                "approved": "2026-02-01",
                "justification": "经必要性与合理性论证。",
                "publicity": {"start": "2026-01-10", "end": "2026-01-20"},
            }
            result = edit.add_item(root, "CX-QSZ", {**fields, "admission": admission})
            item = {
                **fields,
                "admission": admission,
                "id": result.item,
                "status": "active",
                "since": "2025.4",
            }
            expected["items"].append(edit._ordered(item))
            touched.add(str(result.item))
        elif op == "retire":
            target = active[arg % len(active)]
            try:
                edit.retire_item(root, target["id"], "unsuitable", note="不宜由乡镇承担")
            except edit.EditRefused:
                continue  # e.g. the last successor of a merge; nothing may have changed
            target["status"] = "retired"
            target["retired"] = {
                "revision": "2025.4",
                "date": "2026-03-01",
                "reason": "unsuitable",
                "note": "不宜由乡镇承担",
            }
            touched.add(target["id"])
        elif op == "set_content":
            index, text = arg
            target = active[index % len(active)]
            edit.set_fields(root, target["id"], [f"content={text}"])
            target["content"] = text
            touched.add(target["id"])
        elif op == "set_devolved":
            target = active[arg % len(active)]
            assignments = [
                "devolved=true",
                "resources.staffing=1",
                "resources.funding=5",
                "resources.equipment=巡查车 1 辆",
                "resources.training=每年一次",
                "review.interval_months=12",
                "review.next=2027-06-30",
            ]
            edit.set_fields(root, target["id"], assignments)
            target["devolved"] = True
            target["resources"] = {
                **target.get("resources", {}),
                "staffing": 1,
                "funding": 5,
                "equipment": "巡查车 1 辆",
                "training": "每年一次",
            }
            target["review"] = {**target.get("review", {}), "interval_months": 12, "next": "2027-06-30"}
            reordered = edit._ordered(target)
            target.clear()
            target.update(reordered)
            touched.add(target["id"])
        elif op == "add_basis":
            target = active[arg % len(active)]
            edit.set_fields(
                root,
                target["id"],
                ["basis+=《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》第七十六条"],
            )
            target["basis"] = list(target.get("basis", [])) + [
                {
                    "instrument": "中华人民共和国地方各级人民代表大会和地方各级人民政府组织法",
                    "article": "第七十六条",
                }
            ]
            touched.add(target["id"])
        after_text = path.read_text(encoding="utf-8")
        # 1. the file validates
        assert validate(start=root).errors == 0
        # 2. loading it gives exactly the data expected
        assert _plain(path) == expected
        # 3. every line outside the touched items is unchanged
        old, new = _blocks(before_text), _blocks(after_text)
        for key, block in old.items():
            if key in touched:
                continue
            if key == list(old)[-1] and op == "add":
                # the previous last item gains the blank line that separates it from the new one
                assert new[key].rstrip("\n") == block.rstrip("\n")
            else:
                assert new[key] == block, key


# ---- refusals, dry runs and input parsing ----------------------------------------------------


def test_add_refuses_an_item_that_would_not_validate_and_writes_nothing(demo: Path) -> None:
    path = demo / DEMO_LIST
    before = path.read_bytes()
    with pytest.raises(edit.EditRefused) as refused:
        edit.add_item(demo, "CX-QSZ", {"name": "无依据事项", "category": "basic", "domain": "平安法治"})
    assert {f.rule for f in refused.value.findings} >= {"QD301", "QD701"}
    assert path.read_bytes() == before


def test_draft_writes_what_does_not_validate_and_says_so(demo: Path) -> None:
    result = edit.add_item(
        demo, "CX-QSZ", {"name": "草稿事项", "category": "basic", "domain": "平安法治"}, draft=True
    )
    assert result.written and {f.rule for f in result.warnings} >= {"QD301"}
    assert result.item == "CX-QSZ-0057"


def test_next_id_never_reuses_retired_or_previous_ids(demo: Path) -> None:
    path = demo / DEMO_LIST
    text = path.read_text(encoding="utf-8").replace(
        "  - id: CX-QSZ-0001\n", "  - id: CX-QSZ-0001\n    previous_ids: [CX-QSZ-0900]\n", 1
    )
    path.write_text(text, encoding="utf-8")
    result = edit.add_item(
        demo, "CX-QSZ", {"name": "草稿事项", "category": "basic", "domain": "平安法治"}, draft=True
    )
    assert result.item == "CX-QSZ-0901"


def test_dry_run_prints_a_unified_diff_and_writes_nothing(demo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = demo / DEMO_LIST
    before = path.read_bytes()
    result = cli(demo, "retire", "CX-QSZ-0001", "--reason", "unsuitable", "--note", "试运行", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"--- a/{DEMO_LIST}\n+++ b/{DEMO_LIST}\n")
    assert "+    retired:" in result.output and "-    status: active" in result.output
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("《安全生产法》第九条第二款", {"instrument": "安全生产法", "article": "第九条第二款"}),
        (
            "安全生产法 第9条",
            {"instrument": "安全生产法", "article": "第九条"},
        ),  # written in Chinese numerals
        (
            "《统计法》第三十条@2009-06-27",
            {"instrument": "统计法", "article": "第三十条", "version": "2009-06-27"},
        ),
        ("《信访工作条例》", {"instrument": "信访工作条例"}),
    ],
)
def test_parse_basis(text: str, expected: dict[str, str]) -> None:
    assert edit.parse_basis(text) == expected


@pytest.mark.parametrize("text", ["安全生产法 第九", "《统计法》第三十条@2009-13-01", ""])
def test_parse_basis_rejects_garbage(text: str) -> None:
    with pytest.raises(UsageError):
        edit.parse_basis(text)


def test_set_refuses_fixed_keys(demo: Path) -> None:
    for assignment in ("id=CX-QSZ-0999", "since=2025.1", "status=retired"):
        with pytest.raises(UsageError):
            edit.set_fields(demo, "CX-QSZ-0001", [assignment])


def test_retire_refuses_what_rule_8_forbids(demo: Path) -> None:
    with pytest.raises(UsageError):
        edit.retire_item(demo, "CX-QSZ-0002", "merged", replaced_by=["CX-QSZ-0999"])
    retired = next(i["id"] for i in _plain(demo / DEMO_LIST)["items"] if i["status"] == "retired")
    with pytest.raises(UsageError):
        edit.retire_item(demo, "CX-QSZ-0002", "merged", replaced_by=[retired])
    with pytest.raises(UsageError):
        edit.retire_item(demo, retired, "completed")


# ---- atomic writes and locking --------------------------------------------------------------


def test_failure_between_write_and_replace_leaves_the_original(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = demo / DEMO_LIST
    before = path.read_bytes()

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        edit.retire_item(demo, "CX-QSZ-0001", "unsuitable", note="磁盘已满")
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".qingdan-tmp-")]


def test_killed_process_between_write_and_replace_leaves_the_original(demo: Path) -> None:
    path = demo / DEMO_LIST
    before = path.read_bytes()
    done = run_qingdan(
        demo,
        "retire",
        "CX-QSZ-0001",
        "--reason",
        "unsuitable",
        "--note",
        "断电",
        env={"QINGDAN_TEST_KILL_BEFORE_REPLACE": "1"},
    )
    assert done.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    assert validate(start=demo).errors == 0


def test_mode_and_symlink_are_kept(demo: Path) -> None:
    real = demo / "lists" / "townships" / "CX-QSZ.yaml"
    os.chmod(real, 0o640)
    elsewhere = demo / "store"
    elsewhere.mkdir()
    shutil.move(real, elsewhere / "CX-QSZ.yaml")
    real.symlink_to(elsewhere / "CX-QSZ.yaml")
    edit.retire_item(demo, "CX-QSZ-0001", "unsuitable", note="保留权限")
    assert real.is_symlink()
    assert stat.S_IMODE((elsewhere / "CX-QSZ.yaml").stat().st_mode) == 0o640
    assert "reason: unsuitable" in (elsewhere / "CX-QSZ.yaml").read_text(encoding="utf-8")


def test_lock_waits_a_bounded_time_then_names_the_holder(demo: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys,time; from pathlib import Path; from qingdan.fsutil import repository_lock\n"
            "with repository_lock(Path(sys.argv[1])):\n print('held', flush=True); time.sleep(30)",
            str(demo),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(QingdanError) as busy:
            with repository_lock(demo, timeout=0.3):
                pass
        assert f"pid {holder.pid}" in busy.value.message("en")
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()


def test_thirty_concurrent_adds_all_land(repo: Path) -> None:
    header = (ROOT / "tests" / "golden" / "base" / "before.yaml").read_text(encoding="utf-8")
    (repo / "lists" / "case.yaml").write_text(header, encoding="utf-8")
    # all must land however loaded the machine is: the lock's patience is not what is tested here
    env = {**os.environ, **GIT_ENV, "QINGDAN_LANG": "en", "QINGDAN_LOCK_TIMEOUT": "600"}
    names = ["防火", "防汛", "防疫", "治安", "调解", "普法", "禁毒", "信访", "网格", "救助"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "qingdan", "add", "T", "--name", f"{names[i % 10]}专项{i}号任务{'甲乙丙'[i // 10]}",
             "--category", "basic", "--domain", "平安法治", "--basis", "《消防法》第三十二条"],
            cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for i in range(30)
    ]  # fmt: skip
    outcomes = [p.communicate(timeout=240) + (p.returncode,) for p in procs]
    assert [o for o in outcomes if o[2] != 0] == []
    items = _plain(repo / "lists" / "case.yaml")["items"]
    assert len(items) == 4 + 30
    assert len({i["id"] for i in items}) == 34
    assert validate(start=repo).errors == 0


def test_edit_of_unparsable_list_is_refused(demo: Path) -> None:
    path = demo / DEMO_LIST
    path.write_text(path.read_text(encoding="utf-8") + "<<<<<<< HEAD\n", encoding="utf-8")
    with pytest.raises(edit.EditRefused):
        edit.add_item(demo, "CX-QSZ", {"name": "x", "category": "basic", "domain": "平安法治"}, draft=True)


def test_a_new_error_is_refused_in_a_list_that_has_more_findings_than_are_shown(demo: Path) -> None:
    # the list's existing findings (one name for every item: near-duplicates) fill more than the
    # findings a file shows; the new item's errors come after them and must still refuse the edit
    path = demo / DEMO_LIST
    text = re.sub(r"(?m)^(    )name: .*$", r"\1name: 森林防火巡查台账", path.read_text(encoding="utf-8"))
    items = re.split(r"(?m)^(?=  - id: )", text.partition("items:\n")[2])
    copies = [re.sub(r"^  - id: CX-QSZ-0", "  - id: CX-QSZ-1", b) for b in items if b.startswith("  - id: ")]
    path.write_text(text + "".join(copies), encoding="utf-8")
    shown = validate([path], demo, cache=False)
    assert any(f.rule == "QD032" for f in shown.findings)  # some are not shown
    before = path.read_bytes()
    with pytest.raises(edit.EditRefused) as refused:
        edit.add_item(demo, "CX-QSZ", {"name": "无依据事项", "category": "basic", "domain": "平安法治"})
    assert {f.rule for f in refused.value.findings} >= {"QD301", "QD701"}
    assert all(f.line for f in refused.value.findings if f.rule in ("QD301", "QD701"))
    assert path.read_bytes() == before
