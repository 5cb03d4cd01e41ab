"""An annex read into sheets by its file type: spreadsheets (.xlsx, .xls), Word tables (.docx), CSV."""

from __future__ import annotations

from pathlib import Path

from qingdan.errors import UsageError
from qingdan.office import word, xls, xlsx
from qingdan.office.grid import MAX_FILE_BYTES, Sheet, check_zip, read_csv, sanitise, too_large


def read_tables(path: Path) -> list[Sheet]:
    """Every sheet (or Word table) of an annex, by its suffix."""
    sheets = _read_tables(path)
    sanitise(sheets)
    return sheets


def _read_tables(path: Path) -> list[Sheet]:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UsageError(f"找不到文件 {path}", f"no such file: {path}")
    if suffix in (".xlsx", ".xlsm"):
        check_zip(path)
        return xlsx.read(path)
    if suffix == ".xls":
        if path.stat().st_size > MAX_FILE_BYTES:
            raise too_large(f"{path.stat().st_size} 字节", f"{path.stat().st_size} bytes", path.name)
        return xls.read(path)
    if suffix == ".docx":
        check_zip(path, "word/")
        return word.read(path)
    if suffix == ".csv":
        return read_csv(path)
    raise UsageError(
        f"不支持的文件类型 {suffix}（可导入 .xlsx .xls .docx .csv）",
        f"unsupported file type {suffix} (import reads .xlsx .xls .docx .csv)",
    )
