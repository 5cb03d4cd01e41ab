"""import and export with real annexes: workbooks and documents written by openpyxl and python-docx,
read back by qingdan through the real command line, checked field by field; the round trip
export → import is byte-identical; LibreOffice and Chromium open what export writes (or skip)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from ruamel.yaml import YAML

from conftest import run_qingdan

TITLE = "澄溪县测试镇履行职责事项清单"


def _plain(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def three_list_workbook(path: Path) -> None:
    """The three-list layout with what real annexes contain: title rows, a merged two-level header,
    group rows, multi-line cells, several departments in a cell, a 合计 row, a hidden column."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "基本履职事项"
    ws.append([TITLE])
    ws.merge_cells("A1:E1")
    ws.append(["序号", "事项名称", "具体内容", "履职依据", "内部备查"])
    ws.column_dimensions["E"].hidden = True
    ws.append(["一、平安法治（2项）"])
    ws.merge_cells("A3:E3")
    ws.append(
        [
            1,
            "安全生产属地监督检查  ",
            "明确工作机构；\n开展监督检查。  ",
            "《安全生产法》第九条第二款；《消防法》第三十二条、第三十三条",
            "秘",
        ]
    )
    ws.append([])
    ws.append([2, "消防宣传", "组织消防宣传", "县政府第12次常务会议纪要", ""])
    ws.append(["（一）统计", None, None, None])
    ws.merge_cells("A7:E7")
    ws.append([3, "统计调查", "实施统计调查", "", ""])
    ws.append(["合计", "3项"])
    coop = book.create_sheet("配合履职事项")
    coop.append([TITLE])
    coop.merge_cells("A1:F1")
    coop.append(["序号", "事项名称", "对应上级部门", "职责边界划分", None, "履职依据"])
    coop.append([None, None, None, "县级部门", "乡镇", None])
    coop.merge_cells("D2:E2")
    for col in "ABCF":
        coop.merge_cells(f"{col}2:{col}3")
    coop.append(
        [
            1,
            "危险化学品安全监管",
            "县应急管理局、消防大队",
            "负责许可和执法",
            "日常巡查，发现问题及时报告",
            "《安全生产法》第十条",
        ]
    )
    recalled = book.create_sheet("上级部门收回事项")
    recalled.append(["序号", "事项名称", "承接部门", "工作方式", "履职依据"])
    recalled.append([1, "食品生产许可", "县市场监管局", "由县局直接受理", "《行政许可法》第三十条"])
    book.save(path)


def _import(repo: Path, annex: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_qingdan(repo, "import", str(annex), "--list", "T", "--lang", "zh", "--draft", *args)


def test_three_list_workbook_imports_field_by_field(repo: Path, tmp_path: Path) -> None:
    annex = tmp_path / "附件1.xlsx"
    three_list_workbook(annex)
    run = _import(repo, annex)
    assert run.returncode == 0, run.stderr
    data = _plain(repo / "lists" / "T.yaml")
    assert data["list"]["title"] == TITLE
    assert data["list"]["unit"] == {"name": "测试镇", "type": "township"}
    items = {i["name"]: i for i in data["items"]}
    assert list(items) == [
        "安全生产属地监督检查",
        "消防宣传",
        "统计调查",
        "危险化学品安全监管",
        "食品生产许可",
    ]
    first = items["安全生产属地监督检查"]
    assert first["category"] == "basic" and first["group"] == "平安法治" and first["domain"] == "平安法治"
    assert first["content"] == "明确工作机构；\n开展监督检查。"
    assert first["basis"] == [
        {"instrument": "中华人民共和国安全生产法", "article": "第九条第二款"},
        {"instrument": "中华人民共和国消防法", "article": "第三十二条"},
        {"instrument": "中华人民共和国消防法", "article": "第三十三条"},
    ]
    assert "note" not in first  # the hidden column is not imported
    assert items["消防宣传"]["basis_text"] == "县政府第12次常务会议纪要" and "basis" not in items["消防宣传"]
    assert items["统计调查"]["group"] == "统计"
    assert items["统计调查"]["no_basis"] == {"note": "原清单未列履职依据"}
    coop = items["危险化学品安全监管"]
    assert coop["category"] == "cooperative"
    assert coop["lead_department"] == "县应急管理局"
    assert coop["cooperating_departments"] == ["县消防救援大队"]
    assert coop["department_duty"] == "负责许可和执法"
    assert coop["township_duty"] == "日常巡查，发现问题及时报告"
    recalled = items["食品生产许可"]
    assert recalled["category"] == "recalled"
    assert recalled["lead_department"] == "县市场监督管理局" and recalled["working_mode"] == "由县局直接受理"
    assert [i["id"] for i in data["items"]] == [f"T-{n:04d}" for n in range(1, 6)]
    report = run.stdout
    assert (
        "基本履职事项：3 项" in report
        and "配合履职事项：1 项" in report
        and "上级部门收回事项：1 项" in report
    )
    assert "基本履职事项!第9行  合计行" in report
    assert "基本履职事项!D6" in report and "县政府第12次常务会议纪要" in report
    assert "基本履职事项!E2  隐藏列「内部备查」未导入" in report
    assert "配合履职事项!C4  部门「消防大队」按名录写作「县消防救援大队」" in report


def test_round_trip_export_import_is_byte_identical(repo: Path, tmp_path: Path) -> None:
    annex = tmp_path / "附件1.xlsx"
    three_list_workbook(annex)
    assert _import(repo, annex).returncode == 0
    first = (repo / "lists" / "T.yaml").read_bytes()
    for fmt in ("xlsx", "docx", "csv"):
        out = tmp_path / f"out.{fmt}"
        run = run_qingdan(repo, "export", "T", "--format", fmt, "-o", str(out))
        assert run.returncode == 0, run.stderr
        (repo / "lists" / "T.yaml").unlink()
        again = _import(repo, out)
        assert again.returncode == 0, again.stderr
        assert (repo / "lists" / "T.yaml").read_bytes() == first, fmt


def test_demo_list_exports_and_reads_back_the_same_items(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "qsz.xlsx"
    assert run_qingdan(demo, "export", "CX-QSZ", "-f", "xlsx", "-o", str(out)).returncode == 0
    # merging the export into the list it came from changes nothing
    run = run_qingdan(demo, "import", str(out), "--list", "CX-QSZ", "--dry-run", "--lang", "en")
    assert run.returncode == 0, run.stderr
    assert "0 added, 0 updated" in run.stdout
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["基本履职事项", "配合履职事项", "上级部门收回事项"]
    ws = book["基本履职事项"]
    assert ws.freeze_panes == "A4" and ws.print_title_rows in ("3:3", "$3:$3")
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.orientation == "landscape"
    assert "A1:F1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[3]] == ["序号", "事项编号", "事项名称", "具体内容", "履职依据", "备注"]
    assert ws["A4"].value == "1" and ws["B4"].value == "CX-QSZ-0001"
    data = _plain(demo / "lists" / "townships" / "CX-QSZ.yaml")
    live = [i for i in data["items"] if i["status"] == "active"]
    retired = [i for i in data["items"] if i["status"] == "retired"]
    exported = [
        row[1] for name in book.sheetnames for row in book[name].iter_rows(min_row=4, values_only=True)
    ]
    assert sorted(exported) == sorted(i["id"] for i in live)
    assert retired and not {i["id"] for i in retired} & set(exported)
    with_retired = tmp_path / "all.xlsx"
    assert run_qingdan(demo, "export", "CX-QSZ", "--with-retired", "-o", str(with_retired)).returncode == 0
    assert openpyxl.load_workbook(with_retired).sheetnames[-1] == "销号事项"
    widths = [ws.column_dimensions[c].width for c in "ABCDEF"]
    assert widths[3] > widths[0] * 3  # content is wider than 序号; CJK counted double


def test_merge_changes_only_the_items_the_annex_changes(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "qsz.xlsx"
    assert run_qingdan(demo, "export", "CX-QSZ", "-o", str(out)).returncode == 0
    book = openpyxl.load_workbook(out)
    ws = book["基本履职事项"]
    ws["D4"] = "新的具体内容"
    ws.append(["99", "", "新增的调解事项", "组织开展人民调解", "《人民调解法》第三十四条", ""])
    book.save(out)
    path = demo / "lists" / "townships" / "CX-QSZ.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    refused = run_qingdan(demo, "import", str(out), "--list", "CX-QSZ", "--lang", "en")
    assert refused.returncode == 1 and "QD701" in refused.stderr  # a new item needs its admission record
    assert path.read_text(encoding="utf-8").splitlines() == before
    run = run_qingdan(demo, "import", str(out), "--list", "CX-QSZ", "--lang", "en", "--draft")
    assert run.returncode == 0, run.stderr + run.stdout
    assert "1 added, 1 updated" in run.stdout
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [line for line in after if line not in before]
    assert "    content: 新的具体内容" in changed
    assert any("新增的调解事项" in line for line in changed)
    assert len([line for line in before if line not in after]) == 1  # only the old content line went


def test_single_sheet_with_category_column_csv(repo: Path, tmp_path: Path) -> None:
    annex = tmp_path / "清单.csv"
    annex.write_text(
        "事项类型,事项名称　,主责部门,乡镇（街道）配合职责,上级部门职责,法律法规依据\n"
        "基本履职事项,统计调查,,,,《统计法》第三十条\n"
        "配合履职事项,消防监督,县消防救援大队、县应急管理局,巡查,执法,《消防法》第三十二条\n"
        "其他事项,奇怪事项,,,,《消防法》第九九条\n",
        encoding="utf-8-sig",
    )
    run = _import(repo, annex)
    assert run.returncode == 0, run.stderr
    items = _plain(repo / "lists" / "T.yaml")["items"]
    assert [i["category"] for i in items] == ["basic", "cooperative", "basic"]
    assert items[1]["cooperating_departments"] == ["县应急管理局"]
    assert items[2]["basis_text"] == "《消防法》第九九条"
    assert "清单!A4  事项类型「其他事项」无法识别" in run.stdout


def test_word_annex_tables(repo: Path, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("附件2")
    document.add_paragraph("澄溪县测试镇履行职责事项清单")
    document.add_paragraph("二、配合履职事项")
    table = document.add_table(rows=1, cols=5)
    for cell, text in zip(
        table.rows[0].cells, ["序号", "职责事项", "牵头部门", "县级部门职责", "镇街配合职责"], strict=True
    ):
        cell.text = text
    group = table.add_row().cells
    group[0].merge(group[-1]).text = "一、平安法治（1项）"
    row = table.add_row().cells
    for cell, text in zip(
        row, ["1", "森林防火", "县应急管理局", "统筹指导", "巡山护林\n火情报告"], strict=True
    ):
        cell.text = text
    annex = tmp_path / "附件2.docx"
    document.save(str(annex))
    run = _import(repo, annex)
    assert run.returncode == 0, run.stderr
    [item] = _plain(repo / "lists" / "T.yaml")["items"]
    assert item["category"] == "cooperative" and item["group"] == "平安法治"
    assert item["township_duty"] == "巡山护林\n火情报告" and item["lead_department"] == "县应急管理局"


def test_docx_export_is_an_annex(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "qsz.docx"
    assert run_qingdan(demo, "export", "CX-QSZ", "-f", "docx", "-o", str(out)).returncode == 0
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "附件"
    assert len(document.tables) == 3
    section = document.sections[0]
    assert round(section.page_width.mm) == 297 and round(section.page_height.mm) == 210
    header = document.tables[0].rows[0]._tr
    assert header.xpath("./w:trPr/w:tblHeader")


def test_html_is_escaped_and_scriptless(repo: Path, tmp_path: Path) -> None:
    annex = tmp_path / "a.csv"
    annex.write_text(
        '事项名称,具体内容\n<script>alert(1)</script>,"<img src=x onerror=alert(1)>"\n', encoding="utf-8"
    )
    assert _import(repo, annex).returncode == 0
    out = tmp_path / "t.html"
    assert run_qingdan(repo, "export", "T", "-f", "html", "-o", str(out)).returncode == 0
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Content-Security-Policy" in page and "@page { size: A4" in page and "max-width: 600px" in page


def test_import_never_writes_outside_the_repository(repo: Path, tmp_path: Path) -> None:
    annex = tmp_path / "a.csv"
    annex.write_text("事项名称\n某事项\n", encoding="utf-8")
    run = _import(repo, annex, "--file", "../outside.yaml")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert not (repo.parent / "outside.yaml").exists()
    dry = _import(repo, annex, "--dry-run")
    assert dry.returncode == 0 and not (repo / "lists" / "T.yaml").exists()
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"not a zip")
    broken = _import(repo, bad)
    assert broken.returncode == 2 and "Traceback" not in broken.stderr


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
)
def test_libreoffice_converts_the_exported_workbook(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "qsz.xlsx"
    assert run_qingdan(demo, "export", "CX-QSZ", "-o", str(out)).returncode == 0
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    assert binary is not None
    run = subprocess.run(
        [binary, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        capture_output=True, timeout=240, check=False,
    )  # fmt: skip
    pdf = tmp_path / "qsz.pdf"
    assert run.returncode == 0 and pdf.read_bytes().startswith(b"%PDF")
    # and the legacy .xls LibreOffice writes from it is read by the xls path (xlrd)
    subprocess.run(
        [binary, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "xls", "--outdir", str(tmp_path), str(out)],
        capture_output=True, timeout=240, check=False,
    )  # fmt: skip
    xls = tmp_path / "qsz.xls"
    assert xls.is_file()
    run2 = run_qingdan(demo, "import", str(xls), "--list", "CX-QSZ", "--dry-run", "--lang", "en")
    assert run2.returncode == 0 and "0 added, 0 updated" in run2.stdout, run2.stdout + run2.stderr


def test_an_annex_without_basis_column_is_a_backlog_not_errors(repo: Path, tmp_path: Path) -> None:
    annex = tmp_path / "a.csv"
    annex.write_text("事项名称,具体内容\n甲事项,甲\n乙事项,乙\n丙事项,丙\n", encoding="utf-8")
    assert (
        run_qingdan(repo, "import", str(annex), "--list", "T", "--issuer", "测试县人民政府").returncode == 0
    )
    check = run_qingdan(repo, "validate", "--format", "json", "--lang", "en")
    assert check.returncode == 0, check.stdout
    import json

    rules = [f["rule"] for f in json.loads(check.stdout)["findings"]]
    assert rules.count("QD310") == 3 and "QD301" not in rules
    stats = run_qingdan(repo, "stats", "T", "--format", "json")
    assert '"basis_pending": 3' in stats.stdout


def test_a_new_list_whose_item_ids_another_list_holds_is_refused(repo: Path, tmp_path: Path) -> None:
    annex = tmp_path / "a.csv"
    annex.write_text("事项名称,具体内容\n甲事项,甲\n乙事项,乙\n", encoding="utf-8")
    assert run_qingdan(repo, "import", str(annex), "--list", "T", "--issuer", "测试县").returncode == 0
    first = repo / "lists" / "T.yaml"
    # the list is renamed W; its items keep the ids T-0001 and T-0002
    first.write_text(first.read_text(encoding="utf-8").replace("  id: T\n", "  id: W\n"), encoding="utf-8")
    again = run_qingdan(
        repo, "import", str(annex), "--list", "T", "--file", "lists/T2.yaml", "--issuer", "测试县"
    )
    assert again.returncode == 1, again.stdout + again.stderr
    shown = again.stdout + again.stderr
    assert "lists/T2.yaml\n" in shown and "12:5  错误  QD201  T-0001" in shown
    assert not (repo / "lists" / "T2.yaml").exists()
