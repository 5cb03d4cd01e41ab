"""What an exported annex says, independent of the file format: a title, a header line and one
section (sheet, Word table, HTML table) per category, with group rows between item rows."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


@dataclass
class Row:
    cells: list[str]
    group: bool = False  # a group row: cells[0] is the heading, printed across the table


@dataclass
class Section:
    title: str  # the category's label, also the sheet name
    headers: list[str]
    rows: list[Row] = field(default_factory=list)

    def widths(self, cap: int = 60) -> list[int]:
        """Column widths in Excel character units: CJK characters count double, lines wrap at cap."""
        out = []
        for index, header in enumerate(self.headers):
            longest = display_width(header)
            for row in self.rows:
                if not row.group and index < len(row.cells):
                    longest = max(longest, *(display_width(line) for line in row.cells[index].split("\n")))
            out.append(min(cap, max(6, longest + 2)))
        return out


@dataclass
class Document:
    title: str
    meta: str  # 发布机关、版次、生效日期、批准文号 on one line
    sections: list[Section] = field(default_factory=list)
    annex_label: str = "附件"


def display_width(text: str) -> int:
    """Terminal and spreadsheet width: wide (CJK) characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
