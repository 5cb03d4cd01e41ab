"""The one shape every annex is read into: sheets of text cells, merged ranges filled in."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from qingdan.errors import UsageError


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

    def ref(self, row: int, col: int | None = None) -> str:
        """sheet!B3 (or sheet!3 for a whole row), as the report names a place."""
        place = f"{column_letter(col)}{row + 1}" if col is not None else f"第{row + 1}行"
        return f"{self.name}!{place}"

    def width(self) -> int:
        return max((len(r) for r in self.cells), default=0)


def read_csv(path: Path) -> list[Sheet]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise UsageError(f"无法识别 {path.name} 的编码", f"cannot tell the encoding of {path.name}")
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
    return [Sheet(path.stem, rows)]


def read_tables(path: Path) -> list[Sheet]:
    """Every sheet (or Word table) of an annex, by its suffix."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UsageError(f"找不到文件 {path}", f"no such file: {path}")
    if suffix in (".xlsx", ".xlsm"):
        from qingdan.office import xlsx

        return xlsx.read(path)
    if suffix == ".xls":
        from qingdan.office import xls

        return xls.read(path)
    if suffix == ".docx":
        from qingdan.office import word

        return word.read(path)
    if suffix == ".csv":
        return read_csv(path)
    raise UsageError(
        f"不支持的文件类型 {suffix}（可导入 .xlsx .xls .docx .csv）",
        f"unsupported file type {suffix} (import reads .xlsx .xls .docx .csv)",
    )
