"""Writes the annexes of the tests/hostile/office-* cases (binary files a stranger could commit):
run it again only to change them. Each is small on disk; what it claims or unpacks to is not.

    .venv/bin/python tests/tools/make_office_hostile.py
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import openpyxl

HOSTILE = Path(__file__).resolve().parent.parent / "hostile"
HEADER = ["序号", "事项名称", "具体内容", "履职依据"]


def workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "基本履职事项"
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite(data: bytes, member: str, change: object, add: dict[str, bytes] | None = None) -> bytes:
    """The same zip with one member's bytes replaced (change: old bytes → new bytes), members added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == member:
                body = change(body)  # type: ignore[operator]
            dest.writestr(info.filename, body)
        for name, body in (add or {}).items():
            dest.writestr(name, body)
    return out.getvalue()


def write(case: str, name: str, data: bytes) -> None:
    path = HOSTILE / case / "files" / "annexes" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def main() -> None:
    good = workbook([HEADER, [1, "安全生产检查", "开展检查", "《安全生产法》第九条"]])
    write("office-xlsx-damaged", "not-a-zip.xlsx", b"PK\x03\x04 this was never a workbook\n")
    write("office-xlsx-damaged", "truncated.xlsx", good[: len(good) // 2])
    # one merged range over the whole sheet: openpyxl would build 17 billion cells for it
    merge = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    write(
        "office-xlsx-bomb",
        "huge-merge.xlsx",
        rewrite(
            good, "xl/worksheets/sheet1.xml", lambda b: b.replace(b"<pageMargins", merge + b"<pageMargins")
        ),
    )
    # a cell far away: the used range becomes a million rows by 16,384 columns of nothing
    write("office-xlsx-bomb", "far-cell.xlsx", workbook([HEADER, [1, "甲", "乙", ""]]))
    far = HOSTILE / "office-xlsx-bomb" / "files" / "annexes" / "far-cell.xlsx"
    book = openpyxl.load_workbook(far)
    sheet = book.active
    assert sheet is not None
    sheet["XFD1048576"] = "远"
    book.save(far)
    # shared strings that unpack to 48 MB from a file of a few hundred kilobytes
    strings = b"<si><t>" + b"a" * 1000 + b"</t></si>"
    sst = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="48000" '
        b'uniqueCount="48000">' + strings * 48_000 + b"</sst>"
    )
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    write(
        "office-xlsx-bomb",
        "shared-strings.xlsx",
        rewrite(
            good,
            "[Content_Types].xml",
            lambda b: b.replace(b"</Types>", override),
            add={"xl/sharedStrings.xml": sst},
        ),
    )
    # a Word table with a table inside one of its cells
    document = docx.Document()
    document.add_paragraph("基本履职事项")
    table = document.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for cell, text in zip(
        table.rows[1].cells, ["1", "安全生产检查", "", "《安全生产法》第九条"], strict=True
    ):
        cell.text = text
    inner = table.rows[1].cells[2].add_table(rows=2, cols=2)
    for row, texts in zip(
        inner.rows, [["检查对象", "生产经营单位"], ["检查频次", "每季度一次"]], strict=True
    ):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    write("office-docx-nested-table", "nested.docx", out.getvalue())


if __name__ == "__main__":
    main()
