"""qingdan dept on the demo lists: one department's items (by alias too) and the 多头管理 table."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import CliRunnerCall, run_qingdan


def test_a_department_by_its_alias_lists_its_items_by_list_and_category(demo: Path) -> None:
    done = run_qingdan(demo, "dept", "消防大队", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["department"] == "县消防救援大队"
    # CX-QSZ names the department by its alias 消防大队: it is counted under the registered name
    assert data["counts"]["CX-QSZ"]["cooperative"] >= 1 and data["counts"]["CX-QSZ"]["recalled"] >= 1
    cooperative = [i for i in data["items"] if i["category"] == "cooperative"]
    assert cooperative and all(i["department_duty"] and i["township_duty"] for i in cooperative)
    assert data["total"] == sum(sum(c.values()) for c in data["counts"].values())


def test_markdown_and_text_name_the_duties(demo: Path, cli: CliRunnerCall) -> None:
    result = cli(demo, "dept", "县消防救援大队", "--format", "markdown")
    assert result.exit_code == 0 and "## CX-QSZ" in result.output and "乡镇职责：" in result.output
    result = cli(demo, "dept", "县消防救援大队", "--lang", "en")
    assert result.exit_code == 0 and "township's duty" in result.output


def test_an_unknown_department_is_a_usage_error_with_a_suggestion(demo: Path) -> None:
    done = run_qingdan(demo, "dept", "县消防大队")
    assert done.returncode == 2 and "县消防救援大队" in done.stderr


def test_all_departments_by_list(demo: Path) -> None:
    done = run_qingdan(demo, "dept", "--all", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    one = json.loads(run_qingdan(demo, "dept", "县民政局", "--format", "json").stdout)
    assert data["departments"]["县民政局"] == {k: sum(v.values()) for k, v in one["counts"].items()}
    assert run_qingdan(demo, "dept").returncode == 2


def test_xlsx_reads_back_with_each_list_a_sheet(demo: Path, tmp_path: Path) -> None:
    import openpyxl

    target = tmp_path / "out" / "消防.xlsx"
    done = run_qingdan(demo, "dept", "消防大队", "--format", "xlsx", "-o", str(target))
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(target)
    data = json.loads(run_qingdan(demo, "dept", "消防大队", "--format", "json").stdout)
    assert book.sheetnames == list(dict.fromkeys(i["list"] for i in data["items"]))
    sheet = book["CX-QSZ"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    ids = [r[1] for r in rows if r[1]]
    assert ids == [i["id"] for i in data["items"] if i["list"] == "CX-QSZ"]
    assert any(str(r[0]).startswith("配合履职事项（") for r in rows)
    assert sheet.cell(3, 6).value == "乡镇职责"


def test_xlsx_of_all_departments(demo: Path) -> None:
    import openpyxl

    done = run_qingdan(demo, "dept", "--all", "--format", "xlsx")
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(demo / "qingdan-dept-all.xlsx")["多头管理"]
    table = {r[0]: r[-1] for r in sheet.iter_rows(min_row=4, values_only=True)}
    data = json.loads(run_qingdan(demo, "dept", "--all", "--format", "json").stdout)
    assert {k: int(v) for k, v in table.items()} == {
        k: sum(v.values()) for k, v in data["departments"].items()
    }
