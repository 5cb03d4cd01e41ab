"""Annexes into items: find the header, follow title, category and group rows, read every item row
into the format's keys, and say what was skipped, not read or guessed, each with its sheet!cell."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from qingdan.citations import parse_basis_cell
from qingdan.config import today as configured
from qingdan.model import ITEM_KEYS
from qingdan.office.grid import Sheet
from qingdan.office.layouts import Layout, fold
from qingdan.registry import Departments, Laws

NO_BASIS_NOTE = "原清单未列履职依据"
POWER_TYPES = {
    "行政许可": "licensing", "行政处罚": "penalty", "行政强制": "enforcement", "行政征收": "collection",
    "行政给付": "payment", "行政检查": "inspection", "行政确认": "confirmation", "行政奖励": "reward",
    "行政裁决": "ruling", "公共服务": "public_service", "其他": "other", "其他行政权力": "other",
}  # fmt: skip
POWER_LABELS = {code: label for label, code in reversed(POWER_TYPES.items())}
CERTIFICATE = {"保留": "retained", "取消": "cancelled"}
CERTIFICATE_LABELS = {v: k for k, v in CERTIFICATE.items()}
_TOTAL = re.compile(r"^(?:合计|总计|小计|共计)")
_LEVEL1 = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*")
_LEVEL2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]\s*")
_COUNT = re.compile(r"\s*[（(]\s*(?:共\s*)?[0-9]+\s*项\s*[）)]\s*$")
# a sub-item's 序号 under its power's: 2.1 under 2, or （1） under a numbered power
_SUB_DOTTED = re.compile(r"^([0-9]+)[.．][0-9]+$")
_SUB_BRACKETED = re.compile(r"^[（(][0-9]+[）)]$")
SUB_KEYS = ("content", "power_code", "basis")
_SPLIT_DEPTS = re.compile(r"\s*(?:、|，|,|；|;|/|／|\n)\s*")
_META = {
    "issuer": re.compile(r"发布机关[:：]\s*([^　\s][^　]*?)\s*(?:　|$)"),
    "revision": re.compile(r"版次[:：]\s*([0-9]{4}\.[0-9]+)"),
    "effective": re.compile(r"生效日期[:：]\s*([0-9]{4}-[0-9]{2}-[0-9]{2})"),
    "document": re.compile(r"批准文号[:：]\s*(\S+)"),
}


@dataclass
class Note:
    where: str
    text_zh: str
    text_en: str


@dataclass
class ImportResult:
    file: str
    layout: str
    layout_reason_zh: str
    layout_reason_en: str
    header: dict[str, str] = field(default_factory=dict)  # title, issuer, revision, effective
    items: list[dict[str, Any]] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # sheet!row of each item
    guessed: list[set[str]] = field(default_factory=list)  # keys of each item qingdan guessed
    rows_read: int = 0
    skipped: list[Note] = field(default_factory=list)
    unparsed: list[Note] = field(default_factory=list)
    guesses: list[Note] = field(default_factory=list)

    def per_category(self) -> Counter[str]:
        return Counter(str(item.get("category")) for item in self.items)


def clean(text: str) -> str:
    """Trailing spaces off every line, Windows line breaks and non-breaking spaces normalised."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u3000", " ")
    return "\n".join(line.strip() for line in text.split("\n")).strip("\n").strip()


def heading_text(text: str) -> str:
    """「一、党的建设（28项）」 → 党的建设."""
    text = clean(text).replace("\n", "")
    text = _LEVEL1.sub("", text, count=1)
    text = _LEVEL2.sub("", text, count=1)
    return _COUNT.sub("", text).strip()


def score(layout: Layout, sheets: list[Sheet]) -> int:
    """How many distinct keys the best header row of the annex gives under this layout."""
    best = 0
    for sheet in sheets:
        for row in sheet.cells[:15]:
            keys = {layout.key_for(cell) for cell in row} - {None}
            if "name" in keys:
                best = max(best, len(keys))
    return best


def _header(layout: Layout, sheet: Sheet) -> tuple[int, int, dict[int, str]] | None:
    """(first header row, last header row, column → key); two-level headers are read as 上/下."""
    best: tuple[int, int, dict[int, str]] | None = None
    for r, row in enumerate(sheet.cells[:15]):
        mapping = {c: k for c, cell in enumerate(row) if (k := layout.key_for(cell))}
        if not mapping:
            continue  # a title row is never the upper half of a two-level header
        below = sheet.cells[r + 1] if r + 1 < len(sheet.cells) else []
        two = dict(mapping)
        deeper = False
        for c, lower in enumerate(below):
            upper = row[c] if c < len(row) else ""
            if lower and upper and lower != upper:
                key = layout.key_for(f"{upper}/{lower}") or (
                    layout.key_for(lower) if c not in mapping else None
                )
                if key:
                    two[c] = key
                    deeper = True
        if deeper and "name" in two.values() and len(set(two.values())) > len(set(mapping.values())):
            candidate = (r, r + 1, two)
        elif "name" in mapping.values():
            candidate = (r, r, mapping)
        else:
            continue
        if best is None or len(set(candidate[2].values())) > len(set(best[2].values())):
            best = candidate
    return best


class Reader:
    def __init__(
        self,
        layout: Layout,
        list_id: str,
        domains: list[str],
        laws: Laws | None,
        departments: Departments | None,
    ) -> None:
        self.layout = layout
        self.list_id = list_id
        self.domains = domains
        self.laws = laws
        self.departments = departments

    def _resolve(self, name: str) -> str | None:
        if self.laws is None:
            return None
        inst = self.laws.lookup(name)
        return inst.title if inst else None

    def read(self, sheets: list[Sheet], result: ImportResult) -> None:
        for sheet in sheets:
            self._sheet(sheet, result)

    def _sheet(self, sheet: Sheet, result: ImportResult) -> None:
        found = _header(self.layout, sheet)
        if found is None:
            if any(any(c.strip() for c in row) for row in sheet.cells):
                result.skipped.append(
                    Note(
                        sheet.name,
                        "未找到表头（无「事项名称」类列），整表跳过",
                        "no header row found; sheet skipped",
                    )
                )
            return
        first, last, mapping = found
        for r, c, zh, en in sheet.notes:
            result.unparsed.append(Note(sheet.ref(r, c), zh, en))
        sheet_category = self.layout.category_for(sheet.name) if not sheet.table else None
        for r in range(first):
            text = clean(" ".join(dict.fromkeys(c for c in sheet.cells[r] if c.strip())))
            if not text:
                continue
            raw = " ".join(dict.fromkeys(c.strip() for c in sheet.cells[r] if c.strip()))
            for key, pattern in _META.items():
                match = pattern.search(raw)
                if match:
                    result.header.setdefault(key, match.group(1).strip())
            if "清单" in text and "title" not in result.header and not _META["revision"].search(text):
                result.header["title"] = text.replace("\n", "")
            category = self.layout.category_for(text)
            if category and (
                not ("清单" in text and "事项清单" in text) or category != self.layout.default_category
            ):
                sheet_category = (
                    category if len(fold(text)) < 40 or sheet_category is None else sheet_category
                )
        for c in sorted(sheet.hidden_columns):
            if c < len(sheet.cells[first]) and clean(sheet.cells[first][c]):
                result.skipped.append(
                    Note(
                        sheet.ref(first, c),
                        f"隐藏列「{sheet.cells[first][c]}」未导入",
                        f"hidden column '{sheet.cells[first][c]}' not imported",
                    )
                )
        mapping = {c: k for c, k in mapping.items() if c not in sheet.hidden_columns}
        unknown = {
            c: clean(sheet.cells[last][c] or sheet.cells[first][c])
            for c in range(len(sheet.cells[first]))
            if c not in mapping and c not in sheet.hidden_columns and clean(sheet.cells[first][c])
        }
        for c, header in unknown.items():
            result.guesses.append(
                Note(
                    sheet.ref(first, c),
                    f"未识别的列「{header}」：内容记入备注",
                    f"unrecognised column '{header}': kept in note",
                )
            )
        header_values = [fold(v) for v in sheet.cells[first]]
        category, group = sheet_category, None
        warned_default = False
        seq_col = next((c for c, k in mapping.items() if k == "seq"), None)
        sub_col = next((c for c, k in mapping.items() if k == "sub_item"), None)
        parent: tuple[dict[str, Any], str, int] | None = None  # the last item: (item, raw name, row)
        parent_seq = ""
        for r in range(last + 1, len(sheet.cells)):
            row = sheet.cells[r]
            values = [clean(v) for v in row]
            present = [v for c, v in enumerate(values) if v and c not in sheet.hidden_columns]
            if not present:
                continue
            result.rows_read += 1
            if _TOTAL.match(present[0].replace(" ", "")):
                result.skipped.append(
                    Note(sheet.ref(r), f"合计行「{present[0][:20]}」", f"total row '{present[0][:20]}'")
                )
                continue
            if [fold(v) for v in row] == header_values:
                result.skipped.append(Note(sheet.ref(r), "重复的表头行", "repeated header row"))
                continue
            name_col = next((c for c, k in mapping.items() if k == "name"), None)
            name = values[name_col] if name_col is not None and name_col < len(values) else ""
            if len(set(present)) == 1 and (
                not name
                or len(present) > 1
                or name_col not in range(len(values))
                or values.index(present[0]) != name_col
            ):
                text = present[0]
                heading = heading_text(text)
                named = self.layout.category_for(text)
                if named and fold(heading) in {fold(w) for w in self.layout.categories.get(named, [])}:
                    category, group = named, None
                else:
                    group = heading or None
                parent = None
                continue
            seq = values[seq_col] if seq_col is not None and seq_col < len(values) else ""
            sub_name = values[sub_col] if sub_col is not None and sub_col < len(values) else ""
            if parent is not None and (
                (name and _numbered_under(seq, parent_seq)) or (sub_name and (not name or name == parent[1]))
            ):
                # a row of a power that splits: numbered under it, or its name cell merged (or repeated)
                self._sub_item(sheet, r, values, mapping, sub_name or name, parent, result)
                continue
            if not name:
                result.skipped.append(
                    Note(
                        sheet.ref(r),
                        f"无事项名称：{' | '.join(present)[:40]}",
                        f"no item name: {' | '.join(present)[:40]}",
                    )
                )
                continue
            item, notes = self._item(sheet, r, values, mapping, unknown, category, group, result)
            if "category" not in item:
                item["category"] = self.layout.default_category
                if not warned_default:
                    result.guesses.append(
                        Note(
                            sheet.ref(r),
                            f"未标明事项类型，按「{self.layout.default_category}」导入",
                            f"no category given; imported as {self.layout.default_category}",
                        )
                    )
                    warned_default = True
            if notes:
                item["note"] = "\n".join(([item["note"]] if item.get("note") else []) + notes)
            guessed = set(item.pop("_guessed", ()))
            result.items.append(_ordered(item))
            result.places.append(sheet.ref(r))
            result.guessed.append(guessed)
            parent, parent_seq = (result.items[-1], name, r), seq
            if sub_name:
                # the first row of a power with a 子项 column: its own cells describe the first sub-item
                self._sub_item(sheet, r, values, mapping, sub_name, parent, result)

    def _item(
        self,
        sheet: Sheet,
        r: int,
        values: list[str],
        mapping: dict[int, str],
        unknown: dict[int, str],
        category: str | None,
        group: str | None,
        result: ImportResult,
    ) -> tuple[dict[str, Any], list[str]]:
        item: dict[str, Any] = {}
        notes: list[str] = []
        cells: dict[str, tuple[str, int]] = {}
        for c, key in mapping.items():
            value = values[c] if c < len(values) else ""
            if value and key not in cells:
                cells[key] = (value, c)
            elif value and key in cells and cells[key][0] != value:
                cells[key] = (cells[key][0] + "\n" + value, cells[key][1])
        for c, header in unknown.items():
            if c < len(values) and values[c]:
                notes.append(f"{header}：{values[c]}")
        if "category" in cells:
            text, c = cells["category"]
            named = self.layout.category_for(text)
            if named:
                category = named
            else:
                result.unparsed.append(
                    Note(sheet.ref(r, c), f"事项类型「{text}」无法识别", f"category '{text}' not recognised")
                )
                notes.append(f"事项类型：{text}")
        if category:
            item["category"] = category
        if "group" in cells:
            group = cells["group"][0]
        if group:
            item["group"] = group
        if "id" in cells:
            text, c = cells["id"]
            if re.fullmatch(re.escape(self.list_id) + r"-[0-9]{4,}", text):
                item["id"] = text
            else:
                result.unparsed.append(
                    Note(
                        sheet.ref(r, c),
                        f"事项编号「{text}」不属于清单 {self.list_id}，将重新编号",
                        f"item id '{text}' is not of list {self.list_id}; a new id is given",
                    )
                )
                notes.append(f"原编号：{text}")
        item["name"] = cells["name"][0].replace("\n", "")
        for key in (
            "content",
            "department_duty",
            "township_duty",
            "working_mode",
            "power_code",
            "original_subject",
            "note",
        ):
            if key in cells:
                item[key] = cells[key][0]
        self._domain(sheet, r, cells, item, result)
        self._departments(sheet, r, cells, item, result)
        if "power_type" in cells:
            text, c = cells["power_type"]
            code = POWER_TYPES.get(text.replace(" ", ""))
            if code:
                item["power_type"] = code
            else:
                result.unparsed.append(
                    Note(
                        sheet.ref(r, c),
                        f"权力类型「{text}」无法识别，记入备注",
                        f"power type '{text}' not recognised; kept in note",
                    )
                )
                notes.append(f"权力类型：{text}")
        if "certificate" in cells:
            text, c = cells["certificate"]
            status = next((v for k, v in CERTIFICATE.items() if k in text), None)
            if status:
                item["certificate"] = status
            else:
                notes.append(f"证明事项状态：{text}")
                result.unparsed.append(
                    Note(
                        sheet.ref(r, c),
                        f"证明事项状态「{text}」无法识别",
                        f"certificate status '{text}' not recognised",
                    )
                )
        self._basis(sheet, r, cells, item, result)
        for key, value in self.layout.fixed.items():
            item.setdefault(key, value)
        return item, notes

    def _sub_item(
        self,
        sheet: Sheet,
        r: int,
        values: list[str],
        mapping: dict[int, str],
        name: str,
        parent: tuple[dict[str, Any], str, int],
        result: ImportResult,
    ) -> None:
        """One sub-item (子项) of the parent item: its name, content, code and basis. On the parent's
        own row, and in a cell merged down from it, content, code and basis are the parent's."""
        item, _, first = parent
        sub: dict[str, Any] = {"name": name.replace("\n", "")}
        for c, key in sorted(mapping.items()):
            if key not in SUB_KEYS or c >= len(values) or not values[c] or key in sub:
                continue
            span = sheet.merged.get((r, c))
            if span is not None and span[0] != span[2]:
                continue  # merged over several rows: the parent's value
            if key != "basis":
                sub[key] = values[c]
                if r == first:
                    item.pop(key, None)
                continue
            cell = parse_basis_cell(values[c], self._resolve)
            if cell.citations:
                sub["basis"] = cell.citations
            if cell.unparsed:
                # the sub-item has no place for verbatim text: the parent's note keeps it
                kept = f"子项「{sub['name']}」依据：{values[c]}"
                item["note"] = f"{item['note']}\n{kept}" if item.get("note") else kept
                result.unparsed.append(
                    Note(
                        sheet.ref(r, c),
                        f"子项依据未能完全解析，原文记入备注：{'；'.join(cell.unparsed)[:60]}",
                        f"sub-item basis not fully read, kept in the note: {'; '.join(cell.unparsed)[:60]}",
                    )
                )
            if r == first:
                for own in ("basis", "basis_text"):
                    item.pop(own, None)
                item["no_basis"] = {"note": NO_BASIS_NOTE}
        subs = item.setdefault("sub_items", [])
        subs.append({k: sub[k] for k in ("name", *SUB_KEYS) if k in sub})
        keys = list(item)
        ordered = _ordered(item)
        if list(ordered) != keys:
            item.clear()
            item.update(ordered)

    def _domain(
        self,
        sheet: Sheet,
        r: int,
        cells: dict[str, tuple[str, int]],
        item: dict[str, Any],
        result: ImportResult,
    ) -> None:
        if "domain" in cells and cells["domain"][0] in self.domains:
            item["domain"] = cells["domain"][0]
            return
        group = item.get("group")
        for domain in self.domains:
            if isinstance(group, str) and (domain in group or group in domain):
                item["domain"] = domain
                return
        text = item["name"] + item.get("content", "")
        counts = {d: sum(text.count(ch) for ch in set(d) - set("建设发展服务")) for d in self.domains}
        item["domain"] = max(self.domains, key=lambda d: (counts[d], -self.domains.index(d)))
        item["_guessed"] = ["domain"]
        where = sheet.ref(r, cells["domain"][1]) if "domain" in cells else sheet.ref(r)
        result.guesses.append(
            Note(
                where,
                f"领域按名称推断为「{item['domain']}」",
                f"domain guessed from the name: {item['domain']}",
            )
        )

    def _departments(
        self,
        sheet: Sheet,
        r: int,
        cells: dict[str, tuple[str, int]],
        item: dict[str, Any],
        result: ImportResult,
    ) -> None:
        names: list[tuple[str, int]] = []
        for key in ("lead_department", "cooperating_departments"):
            if key in cells:
                text, c = cells[key]
                names += [(n, c) for n in _SPLIT_DEPTS.split(text) if n]
        if not names:
            return
        resolved: list[str] = []
        for name, c in names:
            canonical = self.departments.canonical(name) if self.departments else None
            if self.departments is not None and canonical is None:
                result.guesses.append(
                    Note(
                        sheet.ref(r, c),
                        f"部门「{name}」不在部门名录中",
                        f"department '{name}' is not in the registry",
                    )
                )
            elif canonical and canonical != name:
                result.guesses.append(
                    Note(
                        sheet.ref(r, c),
                        f"部门「{name}」按名录写作「{canonical}」",
                        f"department '{name}' written as '{canonical}'",
                    )
                )
            value = canonical or name
            if value not in resolved:
                resolved.append(value)
        if "lead_department" in cells:
            item["lead_department"] = resolved[0]
            if len(resolved) > 1:
                item["cooperating_departments"] = resolved[1:]
        else:
            item["cooperating_departments"] = resolved

    def _basis(
        self,
        sheet: Sheet,
        r: int,
        cells: dict[str, tuple[str, int]],
        item: dict[str, Any],
        result: ImportResult,
    ) -> None:
        if "basis" not in cells:
            item["no_basis"] = {"note": NO_BASIS_NOTE}
            return
        text, c = cells["basis"]
        cell = parse_basis_cell(text, self._resolve)
        if cell.citations:
            item["basis"] = cell.citations
        for citation in cell.citations:
            if (
                "instrument" in citation
                and self.laws is not None
                and self.laws.lookup(citation["instrument"]) is None
            ):
                result.guesses.append(
                    Note(
                        sheet.ref(r, c),
                        f"法律文件《{citation['instrument']}》未在法规库中登记",
                        f"instrument 《{citation['instrument']}》 is not in the registry",
                    )
                )
        for guess in cell.guesses:
            result.guesses.append(
                Note(
                    sheet.ref(r, c),
                    f"依据中的{guess}未加书名号，按法规库识别",
                    f"{guess} written without 《》, recognised from the registry",
                )
            )
        if cell.unparsed:
            item["basis_text"] = text
            result.unparsed.append(
                Note(
                    sheet.ref(r, c),
                    f"依据未能完全解析，原文保留：{'；'.join(cell.unparsed)[:60]}",
                    f"basis not fully read, kept verbatim: {'; '.join(cell.unparsed)[:60]}",
                )
            )


def _numbered_under(seq: str, parent_seq: str) -> bool:
    """Is this 序号 a sub-item's under the parent's (2.1 under 2, （1） under any plain number)?"""
    dotted = _SUB_DOTTED.match(seq)
    if dotted:
        return dotted.group(1) == parent_seq
    return bool(_SUB_BRACKETED.match(seq)) and parent_seq.isdigit()


def _ordered(item: dict[str, Any]) -> dict[str, Any]:
    return {k: item[k] for k in ITEM_KEYS if k in item} | {
        k: v for k, v in item.items() if k not in ITEM_KEYS
    }


def guess_unit(title: str) -> tuple[str, str]:
    """(unit name, unit type) from a title such as 澄溪县青石镇履行职责事项清单."""
    core = re.sub(
        r"(?:履行职责事项|工作事项|履职事项|权责|证明事项|赋权).*$", "", unicodedata.normalize("NFKC", title)
    )
    core = re.sub(r"^.*?[县区市旗](?=.)", "", core) or core
    for suffix, kind in (
        ("街道", "subdistrict"),
        ("社区", "community"),
        ("村", "village"),
        ("镇", "township"),
        ("乡", "township"),
    ):
        if core.endswith(suffix):
            return core, kind
    return core or title, "township"


def today() -> dt.date:
    return configured()
