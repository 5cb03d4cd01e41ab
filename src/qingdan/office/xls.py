"""Legacy Excel (.xls, BIFF) annexes read with xlrd."""

from __future__ import annotations

from pathlib import Path

import xlrd

from qingdan.errors import UsageError
from qingdan.office.grid import Sheet, check_extent


def _text(value: object, ctype: int, datemode: int) -> str:
    if ctype == xlrd.XL_CELL_NUMBER and isinstance(value, float) and value.is_integer():
        return str(int(value))
    if ctype == xlrd.XL_CELL_DATE and isinstance(value, float):
        return str(xlrd.xldate.xldate_as_datetime(value, datemode).date().isoformat())
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    return str(value)


def read(path: Path) -> list[Sheet]:
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except Exception as exc:  # xlrd raises its own XLRDError and struct errors on damaged files
        raise UsageError(f"无法读取 {path.name}：{exc}", f"cannot read {path.name}: {exc}") from None
    sheets: list[Sheet] = []
    for ws in book.sheets():
        check_extent(ws.name, ws.nrows, ws.ncols, path.name)
        cells = [
            [_text(ws.cell_value(r, c), ws.cell_type(r, c), book.datemode) for c in range(ws.ncols)]
            for r in range(ws.nrows)
        ]
        sheet = Sheet(ws.name, cells)
        for r1, r2, c1, c2 in ws.merged_cells:
            anchor = cells[r1][c1] if r1 < len(cells) and c1 < len(cells[r1]) else ""
            for r in range(r1, min(r2, len(cells))):
                for c in range(c1, min(c2, len(cells[r]))):
                    cells[r][c] = anchor
                    sheet.merged[(r, c)] = (r1, c1, r2 - 1, c2 - 1)
        for c, info in ws.colinfo_map.items():
            if info.hidden:
                sheet.hidden_columns.add(c)
        for r, info in ws.rowinfo_map.items():
            if info.hidden:
                sheet.hidden_rows.add(r)
        sheets.append(sheet)
    return sheets
