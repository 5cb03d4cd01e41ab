"""A list that serves several units (list.applies_to) on the demo: counted, reviewed and reported for each."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import CliRunnerCall, run_qingdan

ENV = {"QINGDAN_TODAY": "2026-06-30"}


def test_review_lists_the_devolved_item_once_per_unit(demo: Path) -> None:
    done = run_qingdan(demo, "review", "--due-before", "2027-12-31", "--format", "json", env=ENV)
    data = json.loads(done.stdout)
    served = sorted(e["list"] for e in data["items"] if e["id"] == "CX-FQ-0001")
    assert served == ["CX-FQ·柳塘街道", "CX-FQ·青石镇"]
    assert "CX-FQ" not in data["templates_skipped"]


def test_stats_adds_the_list_to_each_unit(demo: Path) -> None:
    with_list = json.loads(run_qingdan(demo, "stats", "--format", "json", env=ENV).stdout)
    (demo / "lists" / "county" / "CX-FQ.yaml").unlink()
    without = json.loads(run_qingdan(demo, "stats", "--format", "json", env=ENV).stdout)
    before, after = without["totals"]["township"], with_list["totals"]["township"]
    # both towns have lists of their own: no new unit, one more item in each of the two
    assert after["units"] == before["units"] == 2
    assert after["active"] == before["active"] + 2
    assert after["devolved"]["items"] == before["devolved"]["items"] + 2
    row = next(s for s in with_list["lists"] if s["id"] == "CX-FQ")
    assert row["unit"] == "青石镇、柳塘街道" and row["template"] is False


def test_impact_reports_the_item_for_each_unit(demo: Path, cli: CliRunnerCall) -> None:
    result = cli(demo, "impact", "中华人民共和国森林法", "--format", "json")
    data = json.loads(result.output)
    served = sorted(i["list"] for i in data["items"] if i["id"] == "CX-FQ-0001")
    assert served == ["CX-FQ·柳塘街道", "CX-FQ·青石镇"], result.output
