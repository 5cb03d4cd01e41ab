"""qingdan review: devolved items whose periodic evaluation is due, with their resources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import HERE, list_header, run_qingdan
from qingdan.review import review

DEMO_LISTS = HERE.parent / "lists"

# The demo's devolved township items and their next evaluation (the template's are left out).
DUE = {
    "CX-LTJD-0009": "2027-01-15",
    "CX-QSZ-0013": "2027-03-31",
    "CX-LTJD-0010": "2027-04-30",
    "CX-QSZ-0012": "2027-06-30",
    "CX-QSZ-0014": "2027-09-30",
    "CX-FQ-0001": "2027-09-30",  # the county 赋权 list, reviewed in each of the two towns it serves
    "CX-LTJD-0014": "2027-10-31",
    "CX-QSZ-0017": "2027-12-31",
}


@pytest.mark.parametrize(
    ("today", "due_before", "due", "overdue"),
    [
        ("2026-11-28", None, set(), set()),
        ("2026-11-28", "2027-06-30", {"CX-LTJD-0009", "CX-QSZ-0013", "CX-LTJD-0010", "CX-QSZ-0012"}, set()),
        ("2027-01-15", None, {"CX-LTJD-0009"}, set()),  # due today is not overdue yet
        ("2027-01-16", None, {"CX-LTJD-0009"}, {"CX-LTJD-0009"}),
        ("2027-07-01", None, {"CX-LTJD-0009", "CX-QSZ-0013", "CX-LTJD-0010", "CX-QSZ-0012"}, None),
        ("2028-01-01", None, set(DUE), None),
        ("2027-07-01", "2027-01-31", {"CX-LTJD-0009"}, {"CX-LTJD-0009"}),
    ],
)
def test_due_on_the_demo(
    demo: Path,
    monkeypatch: pytest.MonkeyPatch,
    today: str,
    due_before: str | None,
    due: set[str],
    overdue: set[str] | None,
) -> None:
    monkeypatch.setenv("QINGDAN_TODAY", today)
    report = review(demo, due_before=due_before)
    assert {e.item_id for e in report.entries} == due
    assert {e.item_id for e in report.entries if e.overdue} == (due if overdue is None else overdue)
    assert report.devolved == 9 and report.templates == ["CX-TEMPLATE"]
    assert report.exit_code() == (1 if report.overdue else 0)
    for entry in report.entries:
        assert entry.next == DUE[entry.item_id]
    # per list, soonest first
    for _, entries in report.groups():
        assert [e.next for e in entries] == sorted(e.next or "" for e in entries)


def test_resources_and_totals(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QINGDAN_TODAY", "2026-11-28")
    report = review(demo, due_before="2027-06-30")
    entry = next(e for e in report.entries if e.item_id == "CX-LTJD-0009")
    assert entry.resources == {
        "staffing": 3,
        "funding": 24.0,
        "equipment": "执法车辆 1 辆、执法记录仪 6 台",
        "training": "每年两次执法资格和业务培训，由县综合行政执法局和县司法局负责",
    }
    assert (entry.interval_months, entry.last, entry.days) == (12, None, -48)
    assert (report.staffing, report.funding) == (6, 85.5)


def test_naming_a_template_includes_it(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QINGDAN_TODAY", "2027-07-01")
    report = review(demo, ["CX-TEMPLATE"])
    assert [e.item_id for e in report.entries] == ["CX-TEMPLATE-0012", "CX-TEMPLATE-0011"]
    assert report.templates == []


LIST = (
    list_header()
    + """  - id: T-0001
    name: 没有评估安排的下沉事项
    category: basic
    domain: 综合保障
    devolved: true
    resources: {staffing: 1, funding: 2.5}
    status: active
    since: "2025.1"

  - id: T-0002
    name: 评估过一次的下沉事项
    category: basic
    domain: 综合保障
    devolved: true
    resources: {staffing: 2, funding: 10, equipment: 电脑 1 台, training: 每年一次}
    review: {interval_months: 6, next: 2025-12-31, last: 2025-06-30}
    status: active
    since: "2025.1"

  - id: T-0003
    name: 已销号的下沉事项
    category: basic
    domain: 综合保障
    devolved: true
    review: {interval_months: 6, next: 2025-01-01}
    status: retired
    since: "2025.1"

  - id: T-0004
    name: 不是下沉事项
    category: basic
    domain: 综合保障
    review: {interval_months: 6, next: 2025-01-01}
    status: active
    since: "2025.1"
"""
)


def test_unscheduled_items_are_overdue_and_missing_resources_are_named(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "lists" / "T.yaml").write_text(LIST, encoding="utf-8")
    monkeypatch.setenv("QINGDAN_TODAY", "2026-01-10")
    report = review(repo)
    assert [(e.item_id, e.overdue, e.days) for e in report.entries] == [
        ("T-0001", True, None),
        ("T-0002", True, 10),
    ]
    assert report.devolved == 2
    first, second = report.entries
    assert first.missing_resources == ["equipment", "training"]
    assert second.missing_resources == [] and second.last == "2025-06-30" and second.interval_months == 6
    assert (report.staffing, report.funding) == (3, 12.5)


# ---- the command line -------------------------------------------------------------------------------


def test_cli_nothing_due(demo: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("QINGDAN_TODAY", "2026-11-28")
    result = cli(demo, "review")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "下沉事项定期评估：截至 2026-11-28，9 个下沉事项中 0 个到期（逾期 0 个；今天 2026-11-28）"
    )
    assert "✓ 截至 2026-11-28 没有到期的评估" in result.output
    assert "模板清单 CX-TEMPLATE 未列入" in result.output


def test_cli_overdue_exits_1(demo: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("QINGDAN_TODAY", "2027-02-01")
    result = cli(demo, "review", "--due-before", "2027-04-30")
    assert result.exit_code == 1, result.output
    out = result.output
    assert "逾期 17 天" in out and "58 天后到期" in out and "88 天后到期" in out
    assert out.index("CX-LTJD 澄溪县柳塘街道履行职责事项清单") < out.index(
        "CX-QSZ 澄溪县青石镇履行职责事项清单"
    )
    assert "编制 3 名，经费 24 万元/年" in out
    assert out.rstrip().splitlines()[-2] == "到期事项涉及编制 5 名、经费 79 万元/年；逾期 1 个"


def test_cli_json_and_markdown(demo: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("QINGDAN_TODAY", "2027-02-01")
    result = cli(demo, "review", "CX-LTJD", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {
        "today",
        "due_before",
        "summary",
        "lists",
        "items",
        "templates_skipped",
        "unreadable",
    }
    assert data["summary"] == {"devolved": 3, "due": 1, "overdue": 1, "staffing": 3, "funding": 24.0}
    assert data["items"] == [
        {
            "list": "CX-LTJD",
            "file": "lists/townships/CX-LTJD.yaml",
            "id": "CX-LTJD-0009",
            "name": "市容环境卫生领域部分行政处罚（赋权）",
            "category": "basic",
            "lead_department": None,
            "next": "2027-01-15",
            "last": None,
            "interval_months": 12,
            "overdue": True,
            "days_overdue": 17,
            "resources": {
                "staffing": 3,
                "funding": 24.0,
                "equipment": "执法车辆 1 辆、执法记录仪 6 台",
                "training": "每年两次执法资格和业务培训，由县综合行政执法局和县司法局负责",
            },
            "missing_resources": [],
        }
    ]
    markdown = cli(demo, "review", "--format", "markdown", "--lang", "en")
    assert markdown.output.startswith("## periodic evaluation of devolved items: 1 of 9 due by 2027-02-01")
    assert "| id | item | next | state | last | every (months) | posts |" in markdown.output
    assert (
        "| CX-LTJD-0009 | 市容环境卫生领域部分行政处罚（赋权） | 2027-01-15 | **overdue by 17 day(s)** |"
        in markdown.output
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--due-before", "2027-02-30"], "--due-before 日期无效"), (["CX-NONE"], "找不到清单 CX-NONE")],
)
def test_cli_usage_errors(demo: Path, cli, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(demo, "review", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_scheduled_ci_job(demo: Path) -> None:
    """What a nightly CI step runs: the exit code alone tells whether an evaluation is overdue."""
    assert run_qingdan(demo, "review", env={"QINGDAN_TODAY": "2027-01-15"}).returncode == 0
    late = run_qingdan(demo, "review", "--lang", "en", env={"QINGDAN_TODAY": "2027-01-16"})
    assert late.returncode == 1, late.stderr
    assert "overdue by 1 day(s)" in late.stdout
