"""A list text that starts with = + - @ is list text, never a formula: the exported workbook stores it
as a string (no <f> element for Excel to run), the csv puts an apostrophe before it, and importing
either export gives back the list byte for byte."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

from conftest import run_qingdan

HYPERLINK = '=HYPERLINK("http://example.invalid/","点我")'


def test_formula_like_texts_are_exported_as_text(repo: Path, tmp_path: Path) -> None:
    annex = tmp_path / "a.csv"
    annex.write_text(
        f'事项名称,具体内容\n"{HYPERLINK.replace(chr(34), chr(34) * 2)}",@SUM(A1)\n-1 号事项,+86 电话\n',
        encoding="utf-8",
    )
    assert run_qingdan(repo, "import", str(annex), "--list", "T", "--draft").returncode == 0
    listed = repo / "lists" / "T.yaml"
    first = listed.read_bytes()
    assert HYPERLINK.encode() in first.replace(b'\\"', b'"')
    out = tmp_path / "t.xlsx"
    assert run_qingdan(repo, "export", "T", "-o", str(out)).returncode == 0
    with zipfile.ZipFile(out) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet
    ws = openpyxl.load_workbook(out)["基本履职事项"]
    values = {c.value: c.data_type for row in ws.iter_rows(min_row=4) for c in row if c.value}
    for text in (HYPERLINK, "@SUM(A1)", "-1 号事项", "+86 电话"):
        assert values[text] == "s", text
    for fmt in ("xlsx", "csv"):
        exported = tmp_path / f"t.{fmt}"
        assert run_qingdan(repo, "export", "T", "-f", fmt, "-o", str(exported)).returncode == 0
        if fmt == "csv":
            assert "'=HYPERLINK(" in exported.read_text(encoding="utf-8-sig")
        listed.unlink()
        again = run_qingdan(repo, "import", str(exported), "--list", "T", "--draft")
        assert again.returncode == 0, again.stderr
        assert listed.read_bytes() == first, fmt
