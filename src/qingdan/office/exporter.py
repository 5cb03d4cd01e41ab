"""Lists into the annexes offices publish: a Document per list (sections per category, 序号 per
category in file order, group rows, basis as 《title》article), then xlsx, docx, csv or html."""

from __future__ import annotations

import csv
import html
import io
from typing import Any

from qingdan.citations import format_citation
from qingdan.labels import CATEGORY_LABELS
from qingdan.model import ListDoc
from qingdan.office.document import Document, Row, Section
from qingdan.office.grid import FORMULA_START
from qingdan.office.importer import CERTIFICATE_LABELS, POWER_LABELS
from qingdan.office.layouts import Layout

RETIRED_TITLE = "销号事项"
SEQ = ' class="seq"'
_FALLBACK = ["seq", "id", "name", "content", "basis", "note"]


def _cell(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    if key == "basis":
        if isinstance(item.get("basis_text"), str):
            return str(item["basis_text"])  # the annex's own words, as imported
        basis = value if isinstance(value, list) else []
        return "\n".join(format_citation(c) for c in basis if isinstance(c, dict))
    if key == "lead_department":
        names = [value] if isinstance(value, str) else []
        names += [n for n in item.get("cooperating_departments") or [] if isinstance(n, str)]
        return "、".join(names)
    if key == "cooperating_departments":
        return "、".join(n for n in value or [] if isinstance(n, str))
    if key == "power_type":
        return POWER_LABELS.get(str(value), str(value)) if value else ""
    if key == "certificate":
        return CERTIFICATE_LABELS.get(str(value), str(value)) if value else ""
    if value is None:
        return ""
    return str(value)


def build(doc: ListDoc, layout: Layout, with_retired: bool = False) -> Document:
    header = doc.header
    meta = [
        f"发布机关：{header.get('issuer', '')}",
        f"版次：{header.get('revision', '')}",
        f"生效日期：{header.get('effective', '')}",
    ]
    publication = header.get("publication")
    if isinstance(publication, dict) and publication.get("document"):
        meta.append(f"批准文号：{publication['document']}")
    document = Document(title=str(header.get("title", doc.id)), meta="　".join(meta))
    items = [item for _, item in doc.items()]
    live = [i for i in items if i.get("status") != "retired"]
    order = list(layout.export) or sorted({str(i.get("category")) for i in live})
    for category in order + sorted({str(i.get("category")) for i in live} - set(order)):
        chosen = [i for i in live if i.get("category") == category]
        if not chosen:
            continue
        label = CATEGORY_LABELS[category].zh if category in CATEGORY_LABELS else category
        document.sections.append(_section(label, chosen, layout, layout.export.get(category, _FALLBACK)))
    if with_retired:
        retired = [i for i in items if i.get("status") == "retired"]
        if retired:
            keys = ["seq", "id", "name", "category", "retired_reason", "retired_revision"]
            section = Section(
                RETIRED_TITLE, ["序号", "事项编号", "事项名称", "事项类型", "销号原因", "销号版次"]
            )
            for n, item in enumerate(retired, 1):
                info: dict[str, Any] = item["retired"] if isinstance(item.get("retired"), dict) else {}
                category = str(item.get("category"))
                section.rows.append(
                    Row([str(n), str(item.get("id", "")), str(item.get("name", "")),
                         CATEGORY_LABELS[category].zh if category in CATEGORY_LABELS else category,
                         str(info.get("reason", "")), str(info.get("revision", ""))])
                )  # fmt: skip
            del keys
            document.sections.append(section)
    return document


def _section(label: str, items: list[dict[str, Any]], layout: Layout, keys: list[str]) -> Section:
    section = Section(label, [layout.header(k) for k in keys])
    group: object = None
    for number, item in enumerate(items, 1):
        if item.get("group") != group:
            group = item.get("group")
            if isinstance(group, str):
                section.rows.append(Row([group], group=True))
        section.rows.append(Row([str(number) if k == "seq" else _cell(item, k) for k in keys]))
        subs = item.get("sub_items")
        for index, sub in enumerate(subs if isinstance(subs, list) else [], 1):
            if isinstance(sub, dict):
                # numbered under the power (2.1, 2.2), as annexes print sub-items and import reads them
                section.rows.append(Row([_sub_cell(sub, k, f"{number}.{index}") for k in keys]))
    return section


def _sub_cell(sub: dict[str, Any], key: str, seq: str) -> str:
    if key == "seq":
        return seq
    if key in ("name", "content", "power_code", "basis"):
        return _cell(sub, key)
    return ""


def to_csv(document: Document) -> bytes:
    """One table for all sections with a 事项类型 column (UTF-8 with BOM, as Excel opens it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([document.title])
    writer.writerow([document.meta])
    headers: list[str] = []
    for section in document.sections:
        for header in section.headers:
            if header not in headers:
                headers.append(header)
    writer.writerow(["事项类型", "分组", *headers])
    for section in document.sections:
        group = ""
        for row in section.rows:
            if row.group:
                group = row.cells[0]
                continue
            values = dict(zip(section.headers, row.cells, strict=False))
            cells = [section.title, group, *(values.get(h, "") for h in headers)]
            # a text Excel would run as a formula (=HYPERLINK(...), +1, @SUM) gets a leading apostrophe
            writer.writerow([f"'{v}" if v.startswith(FORMULA_START) else v for v in cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


_CSS = """
@page { size: A4 landscape; margin: 15mm; }
body { font-family: "FangSong", "仿宋", "Noto Serif CJK SC", "Source Han Serif SC", serif; margin: 0 auto;
  max-width: 1100px; padding: 16px; color: #111; line-height: 1.6; }
h1 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; text-align: center; font-size: 1.6em; }
.annex { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 1.2em; }
.meta { text-align: center; color: #333; }
h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 1.25em; margin-top: 1.5em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #444; padding: 4px 6px; vertical-align: top; text-align: left; white-space: pre-line; }
th { background: #eee; font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
tr.group td { background: #f4f4f4; font-weight: bold; }
td.seq { text-align: center; white-space: nowrap; }
@media (max-width: 600px) {
  body { padding: 8px; }
  table, tbody, tr, td { display: block; width: auto; }
  thead { display: none; }
  tr { border: 1px solid #444; margin: 0 0 10px; }
  td { border: none; border-bottom: 1px solid #ddd; }
  td::before { content: attr(data-label) "："; font-weight: bold; }
  tr.group td::before { content: none; }
}
@media print { body { max-width: none; padding: 0; } }
"""


def to_html(document: Document) -> bytes:
    """One self-contained page for 公示: everything escaped, no scripts, a CSP that allows none."""
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(document.title)}</title><style>{_CSS}</style></head><body>",
        f'<p class="annex">{e(document.annex_label)}</p>',
        f"<h1>{e(document.title)}</h1>",
        f'<p class="meta">{e(document.meta)}</p>',
    ]
    for section in document.sections:
        parts.append(f"<h2>{e(section.title)}</h2><table><thead><tr>")
        parts += [f"<th>{e(h)}</th>" for h in section.headers]
        parts.append("</tr></thead><tbody>")
        for row in section.rows:
            if row.group:
                parts.append(
                    f'<tr class="group"><td colspan="{len(section.headers)}">{e(row.cells[0])}</td></tr>'
                )
                continue
            cells = "".join(
                f'<td{SEQ if i == 0 else ""} data-label="{e(h)}">{e(v)}</td>'
                for i, (h, v) in enumerate(zip(section.headers, row.cells, strict=False))
            )
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "\n".join(parts).encode("utf-8")
