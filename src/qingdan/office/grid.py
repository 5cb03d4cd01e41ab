"""The one shape every annex is read into: sheets of text cells, merged ranges filled in."""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from qingdan.errors import UsageError

# An annex comes from anyone: what it may cost to read is bounded before a library parses it.
MAX_FILE_BYTES = 32 << 20  # the file itself, and a zip's members unpacked (a 340-item annex: ~0.5 MB)
MAX_MEMBERS = 2000
MAX_CELLS = 200_000  # cells written in all sheets, or covered by merged ranges
MAX_ROWS = 20_000
MAX_COLUMNS = 256
# C0/C1 controls but tab and line breaks, DEL, bidirectional controls, line/paragraph separators, BOM
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                     "\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")  # fmt: skip
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
_MERGE_REF = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref=[\"']\$?([A-Za-z]{1,3})\$?([0-9]{1,7})"
    rb"(?::\$?([A-Za-z]{1,3})\$?([0-9]{1,7}))?"
)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (as spreadsheets name columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Sheet:
    """One table: cells[row][col] as text; a merged range repeats its value in every cell it covers."""

    name: str
    cells: list[list[str]]
    merged: dict[tuple[int, int], tuple[int, int, int, int]] = field(default_factory=dict)  # cell → range
    hidden_columns: set[int] = field(default_factory=set)
    hidden_rows: set[int] = field(default_factory=set)
    table: bool = False  # a Word table: cells are named 表N!B3
    notes: list[tuple[int, int, str, str]] = field(default_factory=list)  # (row, col, zh, en) of a cell

    def ref(self, row: int, col: int | None = None) -> str:
        """sheet!B3 (or sheet!3 for a whole row), as the report names a place."""
        place = f"{column_letter(col)}{row + 1}" if col is not None else f"第{row + 1}行"
        return f"{self.name}!{place}"

    def width(self) -> int:
        return max((len(r) for r in self.cells), default=0)


def too_large(what_zh: str, what_en: str, name: str) -> UsageError:
    return UsageError(
        f"{name} 过大，未读取：{what_zh}（导入的附件须在上限之内）",
        f"{name} is too large and was not read: {what_en} (an annex must stay within the limits)",
    )


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number


def check_zip(path: Path, sheets_prefix: str = "xl/worksheets/") -> None:
    """An .xlsx or .docx is a zip: refuse a damaged one, and one whose members would unpack (or whose
    sheets would expand, through cells or merged ranges) beyond the limits, before openpyxl or
    python-docx builds anything from it."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise too_large(f"{len(members)} 个部件", f"{len(members)} parts", name)
            unpacked = sum(m.file_size for m in members)
            if unpacked > MAX_FILE_BYTES:
                raise too_large(
                    f"解压后 {unpacked} 字节，上限 {MAX_FILE_BYTES}",
                    f"{unpacked} bytes unpacked, limit {MAX_FILE_BYTES}",
                    name,
                )
            cells = covered = 0
            for member in members:
                if not (member.filename.startswith(sheets_prefix) and member.filename.endswith(".xml")):
                    continue
                data = archive.read(member)  # at most file_size bytes: zipfile stops at the declared size
                cells += len(_CELL_TAG.findall(data))
                for m in _MERGE_REF.finditer(data):
                    c1, r1 = _column_number(m.group(1)), int(m.group(2))
                    c2, r2 = (_column_number(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
                    covered += (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)
                    if covered > MAX_CELLS:
                        raise too_large(
                            f"合并单元格覆盖超过 {MAX_CELLS} 个单元格",
                            f"merged ranges cover more than {MAX_CELLS} cells",
                            name,
                        )
            if cells > MAX_CELLS:
                raise too_large(
                    f"{cells} 个单元格，上限 {MAX_CELLS}", f"{cells} cells, limit {MAX_CELLS}", name
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise UsageError(
            f"无法读取 {name}：不是完整的 Office 文件（{exc}）",
            f"cannot read {name}: not a whole Office file ({exc})",
        ) from None


def check_extent(sheet_name: str, rows: int, columns: int, name: str) -> None:
    """A sheet whose used range claims more rows or columns than an annex has (a far cell at
    XFD1048576) would be read as millions of empty cells."""
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise too_large(
            f"工作表「{sheet_name}」范围 {rows} 行 × {columns} 列，上限 {MAX_ROWS} 行 × {MAX_COLUMNS} 列",
            f"sheet '{sheet_name}' spans {rows} rows × {columns} columns, limit {MAX_ROWS} × {MAX_COLUMNS}",
            name,
        )


def cell_text(value: str) -> str:
    """A text as an exported cell holds it: each control character or bidirectional override shown as
    U+FFFD (a workbook's XML cannot carry most of them, and the others hide or reorder what is read)."""
    return _UNSAFE.sub("\ufffd", value)


def sanitise(sheets: list[Sheet]) -> None:
    """Control characters and bidirectional overrides go out of every cell, each removal noted with
    its cell: they would hide or reorder what a reviewer reads, and YAML cannot carry most of them."""
    for sheet in sheets:
        for r, row in enumerate(sheet.cells):
            for c, value in enumerate(row):
                if _UNSAFE.search(value):
                    found = sorted({f"U+{ord(ch):04X}" for ch in _UNSAFE.findall(value)})
                    row[c] = _UNSAFE.sub("", value)
                    listed = "、".join(found[:5])
                    sheet.notes.append(
                        (
                            r,
                            c,
                            f"已删除控制字符 {listed}",
                            f"control characters removed: {', '.join(found[:5])}",
                        )
                    )


def read_csv(path: Path) -> list[Sheet]:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise too_large(f"{path.stat().st_size} 字节", f"{path.stat().st_size} bytes", path.name)
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise UsageError(f"无法识别 {path.name} 的编码", f"cannot tell the encoding of {path.name}")
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise UsageError(f"无法读取 {path.name}：{exc}", f"cannot read {path.name}: {exc}") from None
    if len(rows) > MAX_ROWS or max((len(r) for r in rows), default=0) > MAX_COLUMNS:
        raise too_large(f"{len(rows)} 行", f"{len(rows)} rows", path.name)
    for row in rows:
        for c, value in enumerate(row):
            # an export writes '= '+ '- '@ texts with a leading apostrophe so that Excel does not run them
            if value[:1] == "'" and value[1:2] in FORMULA_START:
                row[c] = value[1:]
    return [Sheet(path.stem, rows)]


FORMULA_START = ("=", "+", "-", "@")
