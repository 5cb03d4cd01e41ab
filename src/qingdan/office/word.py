"""Word documents (.docx): tables read, annexes and change reports written with python-docx."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from qingdan.citations import int_to_cn
from qingdan.errors import UsageError
from qingdan.office.document import Document
from qingdan.office.grid import Sheet


def read(path: Path) -> list[Sheet]:
    """One sheet per table; the paragraphs before a table (附件, title, 一、基本履职事项) come first
    as one-cell rows, so titles and category headings are read as in a workbook."""
    try:
        document = docx.Document(str(path))
    except zipfile.BadZipFile as exc:
        raise UsageError(f"无法读取 {path.name}：{exc}", f"cannot read {path.name}: {exc}") from None
    except Exception as exc:  # python-docx raises KeyError, ValueError, XML errors on a damaged file
        problem = f"{type(exc).__name__}: {exc}"[:200]
        raise UsageError(f"无法读取 {path.name}：{problem}", f"cannot read {path.name}: {problem}") from None
    sheets: list[Sheet] = []
    before: list[str] = []
    body = document.element.body
    tables = iter(document.tables)
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(node.text or "" for node in child.iter(qn("w:t"))).strip()
            if text:
                before.append(text)
        elif child.tag == qn("w:tbl"):
            table = next(tables)
            cells: list[list[str]] = [[line] for line in before]
            sheet = Sheet(f"表{len(sheets) + 1}", cells, table=True)
            before = []
            for row in table.rows:
                seen: dict[int, int] = {}
                values: list[str] = []
                for col, cell in enumerate(row.cells):
                    key = id(cell._tc)
                    text = cell.text
                    if cell.tables and key not in seen:
                        # a table inside a cell: its text is kept in the cell, row by row, and noted
                        inner = [
                            " | ".join(c.text.strip() for c in inner_row.cells)
                            for nested in cell.tables
                            for inner_row in nested.rows
                        ]
                        text = "\n".join(part for part in [text.strip(), *inner] if part.strip())
                        sheet.notes.append(
                            (
                                len(cells),
                                col,
                                "单元格内嵌表格，按行读作文字",
                                "a table nested in the cell, read as text line by line",
                            )
                        )
                    values.append(text.replace("\r\n", "\n").strip())
                    if key in seen:
                        r = len(cells)
                        sheet.merged[(r, col)] = (r, seen[key], r, col)
                        sheet.merged[(r, seen[key])] = (r, seen[key], r, col)
                    else:
                        seen[key] = col
                cells.append(values)
            sheets.append(sheet)
    return sheets


def _font(run: Any, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _a4(document: Any, landscape: bool) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(20))
    section.top_margin = section.bottom_margin = Mm(25)


def _fixed(document: Any) -> bytes:
    document.core_properties.author = "qingdan"
    import datetime as dt

    stamp = dt.datetime(2000, 1, 1)
    document.core_properties.created = document.core_properties.modified = stamp
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render(doc: Document) -> bytes:
    """An A4 landscape annex: the 附件 label, the title, then one heading and table per section."""
    document = docx.Document()
    _a4(document, landscape=True)
    _font(document.add_paragraph().add_run(doc.annex_label), "黑体", 16)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(doc.title), "方正小标宋简体", 20)
    if doc.meta:
        meta = document.add_paragraph()
        meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(meta.add_run(doc.meta), "仿宋", 12)
    for number, section in enumerate(doc.sections, 1):
        heading = document.add_paragraph()
        _font(heading.add_run(f"{_cn(number)}、{section.title}"), "黑体", 14)
        table = document.add_table(rows=1, cols=len(section.headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, header in zip(table.rows[0].cells, section.headers, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(header), "黑体", 11, bold=True)
        _repeat_header(table.rows[0])
        for row in section.rows:
            # row.cells rebuilds the grid of the whole table (quadratic in rows): take this row's cells
            new_row = table.add_row()
            cells = [_Cell(tc, table) for tc in new_row._tr.tc_lst]
            if row.group:
                merged = cells[0].merge(cells[-1])
                merged.text = ""
                _font(merged.paragraphs[0].add_run(row.cells[0]), "黑体", 11)
                continue
            for cell, value in zip(cells, row.cells, strict=False):
                cell.text = ""
                lines = value.split("\n")
                paragraph = cell.paragraphs[0]
                for index, line in enumerate(lines):
                    if index:
                        paragraph = cell.add_paragraph()
                    _font(paragraph.add_run(line), "仿宋", 10.5)
        widths = section.widths()
        total = sum(widths) or 1
        for column, chars in zip(table.columns, widths, strict=False):
            column.width = Mm(257 * chars / total)
        for tr in table._tbl.tr_lst:
            if len(tr.tc_lst) == len(widths):
                for tc, chars in zip(tr.tc_lst, widths, strict=True):
                    tc.width = Mm(257 * chars / total)
    return _fixed(document)


def render_report(title: str, blocks: list[tuple[str, str]]) -> bytes:
    """A change report (调整说明) for the approval file: (kind, text) blocks — heading, paragraph, item."""
    document = docx.Document()
    _a4(document, landscape=False)
    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(head.add_run(title), "方正小标宋简体", 18)
    for kind, text in blocks:
        paragraph = document.add_paragraph()
        if kind == "heading":
            _font(paragraph.add_run(text), "黑体", 14)
        elif kind == "item":
            paragraph.paragraph_format.left_indent = Mm(8)
            _font(paragraph.add_run(text), "仿宋", 12)
        else:
            paragraph.paragraph_format.first_line_indent = Mm(8)
            _font(paragraph.add_run(text), "仿宋", 12)
    return _fixed(document)


def _cn(number: int) -> str:
    return int_to_cn(number)
