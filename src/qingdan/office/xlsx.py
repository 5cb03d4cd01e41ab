"""Excel workbooks (.xlsx) read and written with openpyxl."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from qingdan.errors import UsageError
from qingdan.fsutil import safe_write
from qingdan.office.document import Document, Section
from qingdan.office.grid import FORMULA_START, Sheet, cell_text, check_extent


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def read(path: Path) -> list[Sheet]:
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except zipfile.BadZipFile as exc:
        raise UsageError(f"无法读取 {path.name}：{exc}", f"cannot read {path.name}: {exc}") from None
    except Exception as exc:  # openpyxl raises many kinds (KeyError, TypeError, XML errors) on a damaged file
        problem = f"{type(exc).__name__}: {exc}"[:200]
        raise UsageError(f"无法读取 {path.name}：{problem}", f"cannot read {path.name}: {problem}") from None
    sheets: list[Sheet] = []
    for ws in book.worksheets:
        check_extent(ws.title, ws.max_row, ws.max_column, path.name)
        cells = [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        sheet = Sheet(ws.title, cells)
        for rng in ws.merged_cells.ranges:
            r1, c1, r2, c2 = rng.min_row - 1, rng.min_col - 1, rng.max_row - 1, rng.max_col - 1
            if r1 >= len(cells):
                continue
            anchor = cells[r1][c1] if c1 < len(cells[r1]) else ""
            for r in range(r1, min(r2 + 1, len(cells))):
                for c in range(c1, min(c2 + 1, len(cells[r]))):
                    cells[r][c] = anchor
                    sheet.merged[(r, c)] = (r1, c1, r2, c2)
        for letter, dim in ws.column_dimensions.items():
            if dim.hidden:
                first = openpyxl.utils.column_index_from_string(letter) - 1
                for c in range(first, max(first + 1, (dim.max or first + 1))):
                    sheet.hidden_columns.add(c)
        for number, rdim in ws.row_dimensions.items():
            if rdim.hidden:
                sheet.hidden_rows.add(number - 1)
        sheets.append(sheet)
    return sheets


_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_BODY = Font(name="仿宋", size=11)
_HEAD = Font(name="黑体", size=11, bold=True)
_TITLE = Font(name="方正小标宋简体", size=16)
_GROUP = Font(name="黑体", size=11)
_GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(ch for ch in cell_text(title) if ch not in "[]:*?/\\")[:31] or "Sheet"
    base, n = name, 2
    while name in used:
        name = f"{base[:28]}({n})"
        n += 1
    used.add(name)
    return name


def _section(ws: Worksheet, doc: Document, section: Section) -> None:
    width = len(section.headers)
    last = get_column_letter(width)
    ws.append([cell_text(doc.title)])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font, ws["A1"].alignment = _TITLE, _CENTER
    ws.row_dimensions[1].height = 32
    ws.append([cell_text(f"{section.title}　{doc.meta}".strip())])
    ws.merge_cells(f"A2:{last}2")
    ws["A2"].font, ws["A2"].alignment = _BODY, Alignment(horizontal="left", vertical="center")
    ws.append([cell_text(h) for h in section.headers])
    for cell in ws[3]:
        cell.font, cell.alignment, cell.border = _HEAD, _CENTER, _BORDER
    for row in section.rows:
        if row.group:
            ws.append([cell_text(row.cells[0])])
            number = ws.max_row
            ws.merge_cells(f"A{number}:{last}{number}")
            for cell in ws[number]:
                cell.font, cell.border, cell.fill = _GROUP, _BORDER, _GROUP_FILL
            ws.cell(number, 1).alignment = Alignment(horizontal="left", vertical="center")
            continue
        ws.append([cell_text(value) for value in row.cells])
        for index, cell in enumerate(ws[ws.max_row]):
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"  # list text, never a formula Excel would run (=HYPERLINK(...))
            cell.font, cell.border = _BODY, _BORDER
            cell.alignment = _CENTER if index == 0 else _WRAP
    for index, chars in enumerate(section.widths(), 1):
        ws.column_dimensions[get_column_letter(index)].width = chars
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5


def write(document: Document, target: Path) -> Path:
    """Write the workbook at target (atomically; a symlink planted under its name is not followed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    safe_write(target.parent, Path(target.name), render(document))
    return target


def render(doc: Document) -> bytes:
    """The workbook's bytes: one sheet per section, ready to print on A4 landscape."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for section in doc.sections:
        _section(book.create_sheet(_sheet_name(section.title, used)), doc, section)
    if not doc.sections:
        book.create_sheet("清单")
    # a fixed creation time keeps the bytes the same from one export to the next
    book.properties.created = book.properties.modified = dt.datetime(2000, 1, 1)
    book.properties.creator = "qingdan"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
