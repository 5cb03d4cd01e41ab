"""Lists as tables for engines built for national questions: items, citations and findings written as
Parquet (pyarrow), partitioned by province and list (hive layout: province=99/list=CX-QSZ/).

A province repository fits a YAML loop; 38,000 townships do not. These files load unchanged into DuckDB
(`qingdan query`), Spark (`spark.read.parquet(DIR + "/items")`) or Trino (a hive-partitioned table
over DIR/items). Every value is a column of text, number or boolean: nothing in them is executable.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from qingdan.errors import UsageError
from qingdan.model import Finding, ListDoc
from qingdan.validate import named_lists, run_rules
from qingdan.workspace import Workspace

TABLES = ("items", "citations", "findings")

_ITEMS = pa.schema(
    [
        ("list_title", pa.string()),
        ("list_kind", pa.string()),
        ("unit_name", pa.string()),
        ("unit_type", pa.string()),
        ("unit_code", pa.string()),
        ("revision", pa.string()),
        ("effective", pa.string()),
        ("file", pa.string()),
        ("item_id", pa.string()),
        ("name", pa.string()),
        ("category", pa.string()),
        ("domain", pa.string()),
        ("group", pa.string()),
        ("status", pa.string()),
        ("since", pa.string()),
        ("lead_department", pa.string()),
        ("cooperating_departments", pa.list_(pa.string())),
        ("devolved", pa.bool_()),
        ("content", pa.string()),
        ("department_duty", pa.string()),
        ("township_duty", pa.string()),
        ("citations", pa.int32()),
    ]
)
_CITATIONS = pa.schema(
    [
        ("item_id", pa.string()),
        ("position", pa.int32()),
        ("instrument", pa.string()),  # as written in the list
        ("registered", pa.string()),  # the registry's full title, when the name resolves
        ("article", pa.string()),
        ("version", pa.string()),
        ("document", pa.string()),  # a policy document's title
        ("number", pa.string()),  # and its 文号
        ("item_status", pa.string()),
    ]
)
_FINDINGS = pa.schema(
    [
        ("file", pa.string()),
        ("line", pa.int32()),
        ("column", pa.int32()),
        ("rule", pa.string()),
        ("severity", pa.string()),
        ("item_id", pa.string()),
        ("message_zh", pa.string()),
        ("message_en", pa.string()),
    ]
)
SCHEMAS = {"items": _ITEMS, "citations": _CITATIONS, "findings": _FINDINGS}
# partition values become folder names: only these characters, never a path built from list data
_SAFE_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


@dataclass
class Exported:
    folder: Path
    lists: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    skipped: list[str] = field(default_factory=list)  # list files whose id cannot name a partition


def _text(value: Any) -> str | None:
    return None if value is None or isinstance(value, dict | list) else str(value)


def province_of(doc: ListDoc, default: str) -> str:
    """The province partition of a list: the first two digits of its unit's 12-digit division code
    (GB/T 2260, 统计用区划代码), else the configured default."""
    unit = doc.header.get("unit")
    code = unit.get("code") if isinstance(unit, dict) else None
    if isinstance(code, str) and re.fullmatch(r"[0-9]{12}", code):
        return code[:2]
    return default


def _item_rows(doc: ListDoc, laws: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    header, unit = doc.header, doc.header.get("unit")
    unit = unit if isinstance(unit, dict) else {}
    items: list[dict[str, Any]] = []
    citations: list[dict[str, Any]] = []
    for _, item in doc.items():
        basis = item.get("basis")
        basis = basis if isinstance(basis, list) else []
        cooperating = item.get("cooperating_departments")
        items.append(
            {
                "list_title": _text(header.get("title")),
                "list_kind": _text(header.get("kind")),
                "unit_name": _text(unit.get("name")),
                "unit_type": _text(unit.get("type")),
                "unit_code": _text(unit.get("code")),
                "revision": _text(header.get("revision")),
                "effective": _text(header.get("effective")),
                "file": doc.file,
                "item_id": _text(item.get("id")),
                "name": _text(item.get("name")),
                "category": _text(item.get("category")),
                "domain": _text(item.get("domain")),
                "group": _text(item.get("group")),
                "status": _text(item.get("status")),
                "since": _text(item.get("since")),
                "lead_department": _text(item.get("lead_department")),
                "cooperating_departments": [str(d) for d in cooperating]
                if isinstance(cooperating, list)
                else [],
                "devolved": bool(item.get("devolved")) if isinstance(item.get("devolved"), bool) else False,
                "content": _text(item.get("content")),
                "department_duty": _text(item.get("department_duty")),
                "township_duty": _text(item.get("township_duty")),
                "citations": len(basis),
            }
        )
        for position, citation in enumerate(basis):
            if not isinstance(citation, dict):
                continue
            name = _text(citation.get("instrument"))
            inst = laws.lookup(name) if laws is not None and name else None
            citations.append(
                {
                    "item_id": _text(item.get("id")),
                    "position": position,
                    "instrument": name,
                    "registered": inst.title if inst is not None else None,
                    "article": _text(citation.get("article")),
                    "version": _text(citation.get("version")),
                    "document": _text(citation.get("document")),
                    "number": _text(citation.get("number")),
                    "item_status": _text(item.get("status")),
                }
            )
    return items, citations


def _finding_rows(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    return [
        {
            "file": f.file,
            "line": f.line,
            "column": f.column,
            "rule": f.rule,
            "severity": f.severity,
            "item_id": f.item,
            "message_zh": f.message("zh"),
            "message_en": f.message("en"),
        }
        for f in findings
    ]


def export_tables(start: Path, out: Path, lists: list[str] | None = None, province: str = "00") -> Exported:
    """Write every list (or the named ones) as Parquet tables under out/<table>/province=P/list=L/.

    The folder is built beside its destination and moved into place whole, so a reader never sees
    half an export; an existing folder is replaced only if it holds nothing but an earlier export.
    """
    if not _SAFE_VALUE.fullmatch(province):
        raise UsageError(
            f"省份分区名无效：{province[:40]!r}", f"not a province partition name: {province[:40]!r}"
        )
    loaded = Workspace.open(start).lists()
    result = run_rules(loaded)
    docs = loaded.docs
    if lists:
        docs = named_lists(docs, lists)
    shown, out = out, out.absolute()
    if out.exists() and not _is_export(out):
        raise UsageError(
            f"{out} 已存在且不是 qingdan 导出的表格目录，不予覆盖",
            f"{out} exists and is not a qingdan table export",
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    done = Exported(shown, rows={t: 0 for t in TABLES})
    by_file: dict[str, list[Finding]] = {}
    for f in result.findings:
        by_file.setdefault(f.file, []).append(f)
    staging = Path(tempfile.mkdtemp(prefix=".qingdan-tables-", dir=out.parent))
    try:
        for doc in docs:
            if not _SAFE_VALUE.fullmatch(doc.id):
                done.skipped.append(doc.file)
                continue
            items, citations = _item_rows(doc, loaded.laws)
            rows = {
                "items": items,
                "citations": citations,
                "findings": _finding_rows(by_file.pop(doc.file, [])),
            }
            part = f"province={province_of(doc, province)}/list={doc.id}"
            for table in TABLES:
                _write(staging / table / part, SCHEMAS[table], rows[table])
                done.rows[table] += len(rows[table])
                done.files += 1
            done.lists += 1
        listed = {d.file for d in loaded.docs}
        # registries, config, broken files (not the lists left out by name)
        rest = [f for file, findings in by_file.items() if file not in listed for f in findings]
        _write(staging / "findings" / f"province={province}/list=_repository", _FINDINGS, _finding_rows(rest))
        done.rows["findings"] += len(rest)
        done.files += 1
        (staging / _MARKER).write_text("qingdan tables\n", encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        os.replace(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return done


_MARKER = ".qingdan-tables"


def _is_export(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink() and (folder / _MARKER).is_file()


def _write(folder: Path, schema: pa.Schema, rows: list[dict[str, Any]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, folder / "part-0.parquet", compression="zstd")
