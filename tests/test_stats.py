"""qingdan stats: counts per category, domain and lead department, devolved resources, retired items."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import HERE, list_header, run_qingdan
from qingdan import yamlio
from qingdan.stats import NATIONAL_AVERAGES, stats

DEMO_LISTS = HERE.parent / "lists"


def _demo_items() -> dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Each demo list's header and items, read independently of the code under test."""
    out = {}
    for path in sorted(DEMO_LISTS.rglob("*.yaml")):
        if path.name in ("laws.yaml", "departments.yaml"):
            continue
        _, data = yamlio.load_bytes(path.read_bytes())
        out[data["list"]["id"]] = (data["list"], data["items"])
    return out


def test_counts_match_the_demo_files(demo: Path) -> None:
    report = stats(demo)
    expected = _demo_items()
    assert [s.list_id for s in report.lists] == [
        "CX-FQ",
        "CX-TEMPLATE",
        "CX-LTJD",
        "CX-QSZ",
        "CX-HXSQ",
        "CX-SHC",
    ]
    for s in report.lists:
        header, items = expected[s.list_id]
        active = [i for i in items if i["status"] == "active"]
        assert s.active == len(active) and s.retired == len(items) - len(active)
        assert dict(s.categories) == dict(Counter(i["category"] for i in active))
        assert dict(s.domains) == dict(Counter(i["domain"] for i in active))
        assert sum(s.departments.values()) == sum(1 for i in active if i.get("lead_department"))
        devolved = [i for i in active if i.get("devolved")]
        assert s.devolved == len(devolved)
        assert s.staffing == sum(i["resources"]["staffing"] for i in devolved)
        assert s.funding == pytest.approx(sum(i["resources"]["funding"] for i in devolved))
        assert dict(s.retired_reasons) == dict(
            Counter(i["retired"]["reason"] for i in items if i["status"] != "active")
        )
        assert s.template is (s.list_id == "CX-TEMPLATE")
        assert s.revision == header["revision"]


def test_totals_leave_the_template_out(demo: Path) -> None:
    report = stats(demo)
    township = report.totals["township"]
    by_id = {s.list_id: s for s in report.lists}
    # the county 赋权 list CX-FQ serves both towns (applies_to): its items are counted in each
    fq = by_id["CX-FQ"]
    assert township.units == 2 and not fq.template
    assert township.active == by_id["CX-LTJD"].active + by_id["CX-QSZ"].active + 2 * fq.active
    assert township.average("basic") == round(
        (
            by_id["CX-LTJD"].categories["basic"]
            + by_id["CX-QSZ"].categories["basic"]
            + 2 * fq.categories["basic"]
        )
        / 2,
        1,
    )
    assert township.devolved == by_id["CX-LTJD"].devolved + by_id["CX-QSZ"].devolved + 2 * fq.devolved == 9
    assert (township.staffing, township.funding) == (12 + 2 * fq.staffing, 125.5 + 2 * fq.funding)
    village = report.totals["village"]
    assert village.units == 2 and village.devolved == 0
    # named explicitly, a template is counted like any list
    alone = stats(demo, ["CX-TEMPLATE"])
    assert alone.totals["township"].units == 1


def test_lead_departments_are_counted_per_unit(demo: Path) -> None:
    report = stats(demo, ["CX-QSZ", "CX-LTJD"])
    township = report.totals["township"]
    top = township.departments.most_common()
    assert top == sorted(top, key=lambda kv: -kv[1])
    # 县市场监督管理局 leads items in both units (one cooperative and two recalled in each)
    assert (
        township.departments["县市场监督管理局"] == 6 and township.department_units["县市场监督管理局"] == 2
    )
    qsz = next(s for s in report.lists if s.list_id == "CX-QSZ")
    assert dict(qsz.department_categories["县市场监督管理局"]) == {"cooperative": 1, "recalled": 2}


LIST = (
    list_header()
    + """  - id: T-0001
    name: 消防检查配合
    category: cooperative
    domain: 平安法治
    lead_department: 消防大队
    status: active
    since: "2025.1"

  - id: T-0002
    name: 火灾隐患整改督促
    category: recalled
    domain: 平安法治
    lead_department: 县消防救援大队
    devolved: true
    resources: {staffing: 1}
    status: active
    since: "2025.1"
"""
)


def test_department_aliases_are_merged_and_incomplete_resources_counted(repo: Path) -> None:
    (repo / "lists" / "T.yaml").write_text(LIST, encoding="utf-8")
    report = stats(repo)
    (s,) = report.lists
    assert dict(s.departments) == {"县消防救援大队": 2}
    assert (s.devolved, s.staffing, s.funding, s.devolved_incomplete) == (1, 1, 0.0, 1)


# ---- the command line -------------------------------------------------------------------------------


def test_cli_text(demo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(demo, "stats")
    assert result.exit_code == 0, result.output
    out = result.output
    for heading in (
        "乡镇（街道）清单规模（有效事项）",
        "村（社区）清单规模（有效事项）",
        "按领域（有效事项）",
        "按牵头部门：县直部门在各乡镇牵头的事项数（多头管理）",
        "下沉事项及随事转移的资源",
        "已销号事项（按原因）",
    ):
        assert f"\n{heading}\n" in f"\n{out}"
    national = next(line for line in out.splitlines() if "全国平均" in line)
    assert [cell.strip() for cell in national.split("│")[4:8]] == ["117", "99", "124", "340"]
    assert "澄溪县（模板）" in out and "模板清单单独列出，不计入合计与平均。" in out
    assert "│ 乡镇（街道）合计           │        9 │         16 │           161.5 │" in out


def test_cli_json_shape(demo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(demo, "stats", "CX-QSZ", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"lists", "totals", "national_average", "unreadable", "assessments"}
    assert (
        data["national_average"]
        == NATIONAL_AVERAGES
        == {"basic": 117, "cooperative": 99, "recalled": 124, "total": 340}
    )
    (qsz,) = data["lists"]
    assert set(qsz) == {
        "id",
        "file",
        "title",
        "kind",
        "unit",
        "revision",
        "effective",
        "template",
        "active",
        "retired",
        "categories",
        "domains",
        "lead_departments",
        "retired_reasons",
        "devolved",
        "basis_pending",
    }
    assert qsz["basis_pending"] == 0  # every demo item states its basis
    assert qsz["devolved"] == {"items": 4, "staffing": 6, "funding": 66.5, "incomplete": 0}
    assert qsz["lead_departments"]["县市场监督管理局"] == {"total": 3, "cooperative": 1, "recalled": 2}
    township = data["totals"]["township"]
    assert township["units"] == 1 and township["national_average"] == NATIONAL_AVERAGES
    assert township["average_per_unit"]["total"] == qsz["active"]
    assert township["lead_departments"]["县市场监督管理局"] == {"items": 3, "units": 1, "per_unit": 3.0}


def test_cli_markdown_english(demo: Path) -> None:
    done = run_qingdan(demo, "stats", "--format", "markdown", "--lang", "en")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("## List statistics\n\n### township lists (active items)\n\n")
    assert (
        "| list | unit | revision | basic duties | cooperative duties | recalled by higher departments | total | retired |"
        in out
    )
    assert "|  | **national average** |  | **117** | **99** | **124** | **340** |  |" in out
    assert "> Template lists are shown but not counted in totals and averages." in out


def test_cli_unknown_list_is_a_usage_error(demo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(demo, "stats", "CX-NONE")
    assert result.exit_code == 2
    assert "找不到清单 CX-NONE" in result.output
