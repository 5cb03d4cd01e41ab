"""Sub-items (子项) of a power that splits, as real annexes show them: a 子项 column under a merged
parent cell, 序号 numbered 1.1 under the parent's, or （1）; imported field by field, exported back to
xlsx, docx, csv and html, and the round trip export → import is byte-identical."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path
from typing import Any

import docx
import openpyxl
from ruamel.yaml import YAML

from conftest import run_qingdan

TITLE = "澄溪县测试镇履行职责事项清单"
PENALTY = "对违反安全生产管理规定行为的处罚"
FIRST_SUB = "对未建立安全生产责任制的处罚"
SECOND_SUB = "对未开展安全生产教育培训的处罚"


def _plain(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def _import(repo: Path, annex: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_qingdan(repo, "import", str(annex), "--list", "T", "--lang", "zh", "--draft", *args)


def merged_parent_workbook(path: Path) -> None:
    """A 子项 column; the parent's 序号 and name cells merged down over its sub-item rows."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "基本履职事项"
    ws.append([TITLE])
    ws.merge_cells("A1:F1")
    ws.append(["序号", "事项名称", "子项", "具体内容", "履职依据", "备注"])
    ws.append([1, PENALTY, FIRST_SUB, "责令改正，处以罚款", "《安全生产法》第九十四条", "县局委托"])
    ws.append([None, None, SECOND_SUB, "责令限期改正", "《安全生产法》第九十七条", None])
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("F3:F4")
    ws.append([2, "消防宣传", None, "组织消防宣传", "《消防法》第六条", None])
    book.save(path)


def test_sub_item_column_under_a_merged_parent(repo: Path, tmp_path: Path) -> None:
    annex = tmp_path / "子项.xlsx"
    merged_parent_workbook(annex)
    run = _import(repo, annex)
    assert run.returncode == 0, run.stderr
    items = _plain(repo / "lists" / "T.yaml")["items"]
    assert [i["name"] for i in items] == [PENALTY, "消防宣传"]
    parent, plain = items
    assert parent["sub_items"] == [
        {
            "name": FIRST_SUB,
            "content": "责令改正，处以罚款",
            "basis": [{"instrument": "中华人民共和国安全生产法", "article": "第九十四条"}],
        },
        {
            "name": SECOND_SUB,
            "content": "责令限期改正",
            "basis": [{"instrument": "中华人民共和国安全生产法", "article": "第九十七条"}],
        },
    ]
    # the row's own content and basis are the first sub-item's; the merged note is the parent's
    assert "content" not in parent and "basis" not in parent
    assert parent["no_basis"] == {"note": "原清单未列履职依据"}
    assert parent["note"] == "县局委托"
    assert "sub_items" not in plain and plain["content"] == "组织消防宣传"
    assert "读取数据行 3 行，写入事项 2 项" in run.stdout


def word_annex_with_numbered_sub_items(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("附件1")
    document.add_paragraph(TITLE)
    document.add_paragraph("一、基本履职事项")
    rows = [
        ["序号", "事项名称", "具体内容", "履职依据"],
        ["1", "安全生产监督检查", "对生产经营单位开展检查", "《安全生产法》第六十五条"],
        ["1.1", "企业安全生产检查", "检查企业", "《安全生产法》第六十五条"],
        ["1.2", "消防安全检查", "检查人员密集场所", "县消防工作要点"],
        ["2", "统计调查", "实施统计调查", ""],
    ]
    table = document.add_table(rows=0, cols=4)
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    document.save(str(path))


def test_dotted_numbers_in_a_word_table(repo: Path, tmp_path: Path) -> None:
    annex = tmp_path / "附件1.docx"
    word_annex_with_numbered_sub_items(annex)
    run = _import(repo, annex)
    assert run.returncode == 0, run.stderr
    items = _plain(repo / "lists" / "T.yaml")["items"]
    assert [i["name"] for i in items] == ["安全生产监督检查", "统计调查"]
    parent = items[0]
    assert parent["content"] == "对生产经营单位开展检查"
    assert parent["basis"] == [{"instrument": "中华人民共和国安全生产法", "article": "第六十五条"}]
    assert parent["sub_items"] == [
        {
            "name": "企业安全生产检查",
            "content": "检查企业",
            "basis": [{"instrument": "中华人民共和国安全生产法", "article": "第六十五条"}],
        },
        {"name": "消防安全检查", "content": "检查人员密集场所"},
    ]
    # the sub-item's basis that could not be read is kept word for word on the parent, and reported
    assert parent["note"] == "子项「消防安全检查」依据：县消防工作要点"
    assert "表1!D7" in run.stdout and "县消防工作要点" in run.stdout
    assert "sub_items" not in items[1]


def test_bracketed_numbers_only_under_a_numbered_power(repo: Path, tmp_path: Path) -> None:
    annex = tmp_path / "a.csv"
    annex.write_text(
        "序号,事项名称,具体内容\n"
        "1,行政处罚,对违法行为的处罚\n"
        "（1）,对甲行为的处罚,罚款\n"
        "(2),对乙行为的处罚,警告\n"
        "2,人民调解,组织调解\n",
        encoding="utf-8",
    )
    assert _import(repo, annex).returncode == 0
    items = _plain(repo / "lists" / "T.yaml")["items"]
    assert [i["name"] for i in items] == ["行政处罚", "人民调解"]
    assert items[0]["sub_items"] == [
        {"name": "对甲行为的处罚", "content": "罚款"},
        {"name": "对乙行为的处罚", "content": "警告"},
    ]
    # a list numbered （1） （2） throughout has no sub-items: each row is an item of its own
    (repo / "lists" / "T.yaml").unlink()
    annex.write_text("序号,事项名称\n（1）,甲事项\n（2）,乙事项\n3.1,丙事项\n", encoding="utf-8")
    assert _import(repo, annex).returncode == 0
    items = _plain(repo / "lists" / "T.yaml")["items"]
    assert [i["name"] for i in items] == ["甲事项", "乙事项", "丙事项"]
    assert not any("sub_items" in i for i in items)


def test_sub_items_export_and_round_trip(repo: Path, tmp_path: Path) -> None:
    annex = tmp_path / "子项.xlsx"
    merged_parent_workbook(annex)
    assert _import(repo, annex).returncode == 0
    word = tmp_path / "附件1.docx"
    word_annex_with_numbered_sub_items(word)
    assert run_qingdan(repo, "import", str(word), "--list", "T", "--draft").returncode == 0
    first = (repo / "lists" / "T.yaml").read_bytes()
    assert first.count(b"sub_items:") == 2
    for fmt in ("xlsx", "docx", "csv"):
        out = tmp_path / f"out.{fmt}"
        run = run_qingdan(repo, "export", "T", "--format", fmt, "-o", str(out))
        assert run.returncode == 0, run.stderr
        (repo / "lists" / "T.yaml").unlink()
        again = _import(repo, out)
        assert again.returncode == 0, again.stderr
        assert (repo / "lists" / "T.yaml").read_bytes() == first, fmt
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    rows = [list(r) for r in book["基本履职事项"].iter_rows(min_row=4, values_only=True)]
    assert [r[0] for r in rows] == ["1", "1.1", "1.2", "2", "3", "3.1", "3.2", "4"]
    assert rows[1][2:5] == [FIRST_SUB, "责令改正，处以罚款", "《中华人民共和国安全生产法》第九十四条"]
    assert rows[1][1] in (None, "")  # a sub-item has no id of its own
    table = docx.Document(str(tmp_path / "out.docx")).tables[0]
    assert [c.text for c in table.rows[2].cells][:3] == ["1.1", "", FIRST_SUB]
    lines = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8-sig"))))
    assert any(line[2:5] == ["1.2", "", SECOND_SUB] for line in lines)
    page = tmp_path / "out.html"
    assert run_qingdan(repo, "export", "T", "--format", "html", "-o", str(page)).returncode == 0
    text = page.read_text(encoding="utf-8")
    assert ">1.1</td>" in text and f">{FIRST_SUB}</td>" in text
