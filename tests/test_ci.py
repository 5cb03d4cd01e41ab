"""qingdan check and qingdan report on real repositories built commit by commit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import git, run_qingdan
from qingdan import edit
from qingdan.check import check
from qingdan.report import generate

BASE_LIST = Path(__file__).parent / "golden" / "base" / "before.yaml"
LIST = "lists/case.yaml"


@pytest.fixture
def history(repo: Path) -> Path:
    """A list repository with one published revision (2025.1) and its committed report."""
    shutil.copy(BASE_LIST, repo / LIST)
    edit.publish_revision(repo, "T", "中共测试县委 测试县人民政府", "测委发〔2025〕3号", "2025-06-20")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "清单 2025.1 版")
    generate(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "调整说明 2025.1")
    return repo


def _codes(root: Path, base: str | None = None) -> list[str]:
    return [f.rule for f in check(root, base).findings]


def _edit_text(root: Path, old: str, new: str) -> None:
    path = root / LIST
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_published_revision_passes(history: Path) -> None:
    assert _codes(history) == []


def test_a_proper_add_retire_revision_report_sequence_passes(history: Path) -> None:
    edit.start_revision(history, "T", "2026-01-01")
    admission = {
        "approver": "中共测试省委 测试省人民政府", "document": "测试委办发〔2025〕9号", "approved": "2025-12-01",
        "justification": "经必要性与合理性论证。", "publicity": {"start": "2025-11-10", "end": "2025-11-20"},
    }  # fmt: skip
    edit.add_item(
        history,
        "T",
        {
            "name": "森林防火巡查",
            "category": "basic",
            "domain": "平安法治",
            "basis": [edit.parse_basis("《消防法》第三十二条")],
            "admission": admission,
        },
    )
    edit.retire_item(history, "T-0004", "merged", replaced_by=["T-0003"], note="并入网格化管理")
    assert "QD971" in _codes(history)  # the new revision has no report yet
    generate(history)
    git(history, "add", "-A")
    git(history, "commit", "-qm", "清单 2025.2 版：新增森林防火巡查，合并消防宣传")
    assert _codes(history) == []
    report = (history / "reports" / "T" / "2025.2.md").read_text(encoding="utf-8")
    assert "## 二、新增事项（1 项）" in report and "### T-0005 森林防火巡查" in report
    assert "## 三、销号事项（1 项）" in report and "承接事项：T-0003" in report
    assert "| 基本履职事项 | 2 | 3 | +1 |" in report
    assert "| 配合履职事项 | 2 | 1 | -1 |" in report
    data = json.loads((history / "reports" / "T" / "2025.2.json").read_text(encoding="utf-8"))
    assert data["previous"] == "2025.1" and data["kinds"] == {
        "added": 1,
        "retired": 1,
        "merged": 1,
        "modified": 1,
    }
    assert [
        c["subject"] for c in data["commits"]
    ] == []  # the only change is in the commit that adds the report


def test_deleting_an_item_fails(history: Path) -> None:
    edit.start_revision(history, "T", "2026-01-01")
    text = (history / LIST).read_text(encoding="utf-8")
    start = text.index("  - id: T-0002")
    end = text.index("  # 二、配合履职事项")
    (history / LIST).write_text(text[:start] + text[end:], encoding="utf-8")
    findings = check(history).findings
    assert [(f.rule, f.item) for f in findings if f.rule == "QD951"] == [("QD951", "T-0002")]
    assert findings[0].file == LIST and findings[0].line is not None


def test_reusing_a_retired_id_fails(history: Path) -> None:
    edit.start_revision(history, "T", "2026-01-01")
    edit.retire_item(history, "T-0002", "completed", note="普查结束")
    generate(history)
    git(history, "add", "-A")
    git(history, "commit", "-qm", "2025.2")
    edit.start_revision(history, "T", "2026-06-01")
    path = history / LIST
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  - id: T-0002"), text.index("  # 二、配合履职事项")
    reused = (
        "  - id: T-0002\n    name: 另一项工作\n    category: basic\n    domain: 平安法治\n    basis:\n"
        '      - instrument: 消防法\n        article: 第三十二条\n    status: active\n    since: "2025.3"\n\n'
    )
    path.write_text(text[:start] + reused + text[end:], encoding="utf-8")
    assert "QD952" in _codes(history)


def test_changing_an_id_fails(history: Path) -> None:
    edit.start_revision(history, "T", "2026-01-01")
    _edit_text(history, "  - id: T-0002\n", "  - id: T-0009\n")
    findings = [f for f in check(history).findings if f.rule == "QD954"]
    assert [(f.item, f.args["old"]) for f in findings] == [("T-0009", "T-0002")]


def test_renumbering_with_previous_ids_passes_the_id_rules(history: Path) -> None:
    edit.start_revision(history, "T", "2026-01-01")
    _edit_text(history, "  - id: T-0002\n", "  - id: T-0009\n    previous_ids: [T-0002]\n")
    codes = _codes(history)
    assert not {"QD951", "QD954", "QD956"} & set(codes), codes


def test_adding_an_item_with_a_stale_since_fails(history: Path) -> None:
    edit.start_revision(history, "T", "2026-01-01")
    edit.add_item(
        history,
        "T",
        {
            "name": "森林防火巡查",
            "category": "basic",
            "domain": "平安法治",
            "basis": [edit.parse_basis("《消防法》第三十二条")],
        },
        draft=True,
    )
    _edit_text(history, '    since: "2025.2"', '    since: "2025.1"')
    findings = [f for f in check(history).findings if f.rule == "QD956"]
    assert [f.item for f in findings] == ["T-0005"]


def test_changing_since_fails(history: Path) -> None:
    edit.start_revision(history, "T", "2026-01-01")
    text = (history / LIST).read_text(encoding="utf-8")
    first = text.index('    since: "2025.1"')
    (history / LIST).write_text(text[:first] + '    since: "2024.1"' + text[first + 19 :], encoding="utf-8")
    assert "QD955" in _codes(history)


def test_changing_items_without_a_new_revision_fails(history: Path) -> None:
    edit.set_fields(history, "T-0001", ["content=按月对辖区内生产经营单位开展监督检查。"])
    findings = [f for f in check(history).findings if f.rule == "QD957"]
    assert len(findings) == 1 and findings[0].file == LIST and findings[0].line == 10


def test_an_errata_commit_needs_no_new_revision(history: Path) -> None:
    _edit_text(
        history,
        "按照职责对辖区内生产经营单位安全生产状况进行监督检查。",
        "按照职责对辖区内生产经营单位的安全生产状况进行监督检查。",
    )
    git(history, "commit", "-qam", "更正错字\n\nQingdan-Change: errata")
    codes = _codes(history)
    assert "QD957" not in codes


def test_revision_going_backwards_fails(history: Path) -> None:
    _edit_text(history, 'revision: "2025.1"', 'revision: "2024.9"')
    assert "QD958" in _codes(history)


def test_missing_and_stale_reports_fail(history: Path) -> None:
    report = history / "reports" / "T" / "2025.1.md"
    report.write_text(report.read_text(encoding="utf-8") + "手工改动\n", encoding="utf-8")
    findings = check(history).findings
    assert [(f.rule, f.file) for f in findings] == [("QD972", "reports/T/2025.1.md")]
    report.unlink()
    assert [f.rule for f in check(history).findings] == ["QD971"]


def test_check_defaults_to_the_merge_base_on_a_branch(history: Path) -> None:
    git(history, "checkout", "-qb", "feature")
    edit.start_revision(history, "T", "2026-01-01")
    generate(history)
    git(history, "add", "-A")
    git(history, "commit", "-qm", "2025.2")
    _edit_text(history, "  - id: T-0002\n", "  - id: T-0009\n")
    git(history, "commit", "-qam", "renumber")
    # HEAD~1 would compare renumber with 2025.2 only; the merge base with main sees both commits
    assert "QD954" in _codes(history)


def test_check_cli_formats_and_exit_codes(history: Path, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli(history, "check").exit_code == 0
    edit.set_fields(history, "T-0001", ["content=按月检查。"])
    result = cli(history, "check", "--format", "json", "--lang", "en")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert {f["rule"] for f in data["findings"]} == {
        "QD957",
        "QD972",
    }  # the report records the content it describes
    assert cli(history, "check", "--base", "--output=x").exit_code == 2
    assert not (history / "x").exists()
    assert cli(history, "check", "--base", "no-such-branch").exit_code == 2


def test_report_check_names_missing_files(history: Path, cli) -> None:  # type: ignore[no-untyped-def]
    (history / "reports" / "T" / "2025.1.json").unlink()
    result = cli(history, "report", "--check")
    assert result.exit_code == 1 and "reports/T/2025.1.json" in result.output
    assert cli(history, "report").exit_code == 0
    assert cli(history, "report", "--check").exit_code == 0


def test_report_of_an_older_revision_and_html(history: Path, cli) -> None:  # type: ignore[no-untyped-def]
    edit.start_revision(history, "T", "2026-01-01")
    git(history, "commit", "-qam", "2025.2")
    result = cli(history, "report", "T", "--revision", "2025.1", "--format", "html")
    assert result.exit_code == 0, result.output
    page = (history / "reports" / "T" / "2025.1.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page and "发布说明" in page
    assert cli(history, "report", "T", "--revision", "2019.1").exit_code == 2


def test_check_outside_git_is_an_environment_error(tmp_path: Path) -> None:
    shutil.copytree(Path(__file__).parent / "fixtures" / "repo", tmp_path / "plain")
    done = run_qingdan(tmp_path / "plain", "check")
    assert done.returncode == 3 and "git" in done.stderr and "Traceback" not in done.stderr


def test_an_errata_commit_cannot_hide_a_substantive_change(history: Path) -> None:
    edit.set_fields(history, "T-0003", ["category=recalled", "township_duty="])  # a recall, not a typo
    git(history, "commit", "-qam", "更正\n\nQingdan-Change: errata")
    assert "QD957" in _codes(history)


def test_changing_the_baseline_without_a_new_revision_fails(history: Path) -> None:
    _edit_text(history, 'baseline: "2025.1"', 'baseline: "2024.1"')
    findings = [f for f in check(history).findings if f.rule == "QD961"]
    assert len(findings) == 1 and "baseline" in findings[0].message("en")
