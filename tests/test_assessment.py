"""qingdan assess on real repositories: the demo's assessment, a bad draft, hostile assessment files,
validate/check picking assessments up, and stats counting them per assessor."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import CliRunnerCall, git, run_qingdan

ROOT = Path(__file__).parent.parent

HEADER = """qingdan: 1
assessment:
  id: KH-XF-2026
  title: 澄溪县 2026 年度乡镇消防工作考核方案
  assessor: 消防大队
  lists: [CX-QSZ, CX-LTJD]
indicators:
"""
# a draft with one clean and four bad indicators, all on the demo's items
DRAFT = (
    HEADER
    + """  - id: KH-XF-2026-01
    name: 组织开展日常消防安全检查和宣传，发现违法行为及时移交
    points: 30
    items: [CX-LTJD-0014]
  - id: KH-XF-2026-02
    name: 消防监督检查业务指导和执法
    points: 20
    items: [CX-QSZ-0017]
  - id: KH-XF-2026-03
    name: 创建消防安全示范社区
    points: 10
  - id: KH-XF-2026-04
    name: 专职消防队和志愿消防队建设
    points: 20
    items: [CX-QSZ-0007]
    evidence: 每季度报送训练照片和工作台账
  - id: KH-XF-2026-05
    name: 应急值守
    items: [CX-QSZ-0015, CX-QSZ-0999]
"""
)


@pytest.fixture
def demo_repo(demo: Path) -> Path:
    """The demo lists with the demo's assessment, committed."""
    shutil.copytree(ROOT / "assessments", demo / "assessments")
    git(demo, "add", "-A")
    git(demo, "commit", "-q", "-m", "demo")
    return demo


def _codes(data: dict[str, object]) -> list[tuple[str, int | None]]:
    findings = data["findings"]
    assert isinstance(findings, list)
    return [(f["rule"], f["line"]) for f in findings]


def test_the_demo_assessment_is_clean_and_maps_every_indicator(demo_repo: Path) -> None:
    done = run_qingdan(demo_repo, "assess", "--format", "json", env={"QINGDAN_TODAY": "2026-06-30"})
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads(done.stdout)
    assert data["findings"] == []
    (view,) = data["assessments"]
    assert view["assessor"] == "县应急管理局" and view["points"] == 60
    measured = {i["id"]: i["status"] for ind in view["indicators"] for i in ind["items"]}
    assert measured and set(measured.values()) == {"active"}


def test_a_bad_draft_gives_each_finding_with_its_position(demo_repo: Path, cli: CliRunnerCall) -> None:
    (demo_repo / "drafts").mkdir()
    (demo_repo / "drafts" / "KH-XF-2026.yaml").write_text(DRAFT, encoding="utf-8")
    result = cli(demo_repo, "assess", "drafts/KH-XF-2026.yaml", "--format", "json", "--lang", "en")
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert sorted(_codes(data)) == sorted(
        [("QD985", 15), ("QD980", 16), ("QD987", 22), ("QD986", 23), ("QD984", 26), ("QD982", 26)]
    )
    clean = data["assessments"][0]["indicators"][0]
    assert clean["rules"] == [] and clean["items"][0]["category"] == "cooperative"
    messages = " ".join(f["message"] for f in data["findings"])
    assert "pushed down through assessment" in messages and "photos" in messages
    # the same draft filed under assessments/ is what validate and check see
    shutil.move(demo_repo / "drafts" / "KH-XF-2026.yaml", demo_repo / "assessments" / "KH-XF-2026.yaml")
    for command in ("validate", "check"):
        done = run_qingdan(demo_repo, command, "--format", "json", env={"QINGDAN_TODAY": "2026-06-30"})
        assert done.returncode == 1, done.stdout + done.stderr
        found = [f for f in json.loads(done.stdout)["findings"] if f["file"].startswith("assessments/")]
        assert {f["rule"] for f in found} == {"QD980", "QD982", "QD984", "QD985", "QD986", "QD987"}, command
        assert all(f["line"] and f["column"] for f in found)


def test_the_same_item_assessed_by_two_departments_is_a_warning(demo_repo: Path) -> None:
    twice = HEADER + "  - id: KH-XF-2026-01\n    name: 安全生产属地监督检查\n    items: [CX-QSZ-0006]\n"
    (demo_repo / "assessments" / "KH-XF-2026.yaml").write_text(twice, encoding="utf-8")
    done = run_qingdan(demo_repo, "assess", "--format", "json")
    data = json.loads(done.stdout)
    # both assessors are told, each at its own indicator
    assert done.returncode == 0 and _codes(data) == [("QD987", 10), ("QD987", 12)], done.stdout
    assert [f["file"] for f in data["findings"]] == [
        "assessments/KH-XF-2026.yaml",
        "assessments/KH-YJJ-2026.yaml",
    ]
    assert {f["severity"] for f in data["findings"]} == {"warning"}
    markdown = run_qingdan(demo_repo, "assess", "--format", "markdown").stdout
    assert "| KH-XF-2026-01 |" in markdown and "QD987" in markdown


def test_a_recalled_item_and_an_unknown_list(demo_repo: Path) -> None:
    recalled = next(
        line.split(": ")[1]
        for line in (demo_repo / "lists" / "townships" / "CX-QSZ.yaml")
        .read_text(encoding="utf-8")
        .split("  - id: ")
        if "category: recalled" in line
        for line in [f"id: {line}"]
    ).split("\n")[0]
    text = HEADER.replace("[CX-QSZ, CX-LTJD]", "[CX-QSZ, CX-QZS]") + (
        f"  - id: KH-XF-2026-01\n    name: 查处\n    items: [{recalled}]\n"
    )
    (demo_repo / "assessments" / "KH-XF-2026.yaml").write_text(text, encoding="utf-8")
    done = run_qingdan(demo_repo, "assess", "--format", "json", "--lang", "en")
    data = json.loads(done.stdout)
    assert done.returncode == 1
    assert sorted(r for r, _ in _codes(data)) == ["QD981", "QD983"]
    assert "did you mean CX-QSZ" in " ".join(f["message"] for f in data["findings"])


HOSTILE = {
    "anchors": "assessment: &a {id: KH, title: t, assessor: 县应急管理局, lists: [CX-QSZ]}\nindicators: *a\n",
    "wrong-types": "assessment: {id: 12, title: [x], assessor: {a: 1}, lists: CX-QSZ}\nindicators: {x: 1}\n",
    "duplicate-keys": "assessment: {id: KH}\nassessment: {id: KH2}\nindicators: []\n",
    "not-a-mapping": "- 1\n- 2\n",
    "items-not-strings": HEADER + "  - id: KH-1\n    name: x\n    items: [{a: 1}, 12, null]\n",
    "tabs": "assessment:\n\tid: KH\n",
    "binary": "\x00\x01\x02assessment",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_assessment_files_give_findings_not_tracebacks(demo_repo: Path, name: str) -> None:
    (demo_repo / "assessments" / "bad.yaml").write_text(HOSTILE[name], encoding="utf-8")
    for command in (("assess",), ("validate",)):
        done = run_qingdan(demo_repo, *command, "--format", "json", timeout=30)
        assert done.returncode == 1, (name, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        found = [f for f in json.loads(done.stdout)["findings"] if f["file"] == "assessments/bad.yaml"]
        assert found, name


def test_a_huge_assessment_file_and_a_symlink_out_are_refused(demo_repo: Path, tmp_path: Path) -> None:
    big = HEADER + "".join(
        f"  - id: KH-{i}\n    name: 指标{i}\n    items: [CX-QSZ-0006]\n" for i in range(40000)
    )
    (demo_repo / "assessments" / "big.yaml").write_text(big, encoding="utf-8")
    outside = tmp_path / "outside.yaml"
    outside.write_text(HEADER, encoding="utf-8")
    os.symlink(outside, demo_repo / "assessments" / "link.yaml")
    done = run_qingdan(demo_repo, "assess", "--format", "json", timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    files = {f["file"]: f["rule"] for f in json.loads(done.stdout)["findings"]}
    assert files["assessments/big.yaml"] == "QD011"
    assert files["assessments/link.yaml"].startswith("QD02")


def test_a_file_outside_the_repository_is_not_read(demo_repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(DRAFT, encoding="utf-8")
    done = run_qingdan(demo_repo, "assess", str(outside), "--format", "json")
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr
    assert "KH-XF-2026-01" not in done.stdout


def test_no_assessment_is_a_usage_error(demo: Path) -> None:
    done = run_qingdan(demo, "assess")
    assert done.returncode == 2 and "assessments" in done.stderr


def test_stats_counts_assessments_per_assessor(demo_repo: Path) -> None:
    (demo_repo / "assessments" / "KH-XF-2026.yaml").write_text(DRAFT, encoding="utf-8")
    done = run_qingdan(demo_repo, "stats", "--format", "json")
    assert done.returncode == 0, done.stderr
    assessors = json.loads(done.stdout)["assessments"]
    # the alias 消防大队 is counted under the registered name
    assert assessors == {
        "县消防救援大队": {"assessments": 1, "indicators": 5, "points": 80},
        "县应急管理局": {"assessments": 1, "indicators": 2, "points": 60},
    }
    text = run_qingdan(demo_repo, "stats").stdout
    assert "考核方案（按考核部门）" in text and "县消防救援大队" in text
