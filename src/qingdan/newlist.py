"""A new, empty list file from a few answers: no hand-written YAML, validated before it is written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qingdan import labels, yamlio
from qingdan.config import find_root
from qingdan.edit import EditRefused, parse_date
from qingdan.errors import UsageError
from qingdan.fsutil import repository_lock, safe_write
from qingdan.model import LIST_KEYS
from qingdan.validate import load_repository, read_document

_SEED = b"# yaml-language-server: $schema=../../schemas/list.schema.json\nqingdan: 1\nlist: {}\nitems: []\n"
_ID = re.compile(r"[A-Z][A-Z0-9-]*")
_FOLDERS = {"township": "townships", "village": "villages"}


@dataclass
class NewList:
    file: str
    text: bytes
    written: bool = False


def new_list(
    start: Path,
    *,
    list_id: str,
    title: str,
    kind: str,
    unit_name: str,
    unit_type: str,
    issuer: str,
    effective: str,
    revision: str = "",
    unit_code: str | None = None,
    dry_run: bool = False,
) -> NewList:
    """Write lists/<townships|villages>/<id>.yaml with the header given and no items yet.

    kind and unit_type take a code or a printed label. Refused (nothing written) when the id is
    taken, the file exists, or the header would not pass the list schema.
    """
    if not _ID.fullmatch(list_id):
        raise UsageError(
            f"清单编号「{list_id}」应以大写字母开头，只含大写字母、数字和连字符（如 CX-QSZ）",
            f"list id '{list_id}' must start with a capital letter and hold only A-Z, 0-9 and '-' (e.g. CX-QSZ)",
        )
    kind_code = labels.to_code(labels.LIST_KIND_LABELS, kind)
    type_code = labels.to_code(labels.UNIT_TYPE_LABELS, unit_type)
    for value, code, table in (
        (kind, kind_code, labels.LIST_KIND_LABELS),
        (unit_type, type_code, labels.UNIT_TYPE_LABELS),
    ):
        if code is None:
            raise UsageError(
                f"「{value}」应为以下之一：{labels.choices_text(table, 'zh')}",
                f"'{value}' must be one of: {labels.choices_text(table, 'en')}",
            )
    unit = {"name": unit_name, "type": type_code, **({"code": unit_code} if unit_code else {})}
    header = {
        "id": list_id,
        "title": title,
        "kind": kind_code,
        "unit": unit,
        "issuer": issuer,
        "revision": revision or f"{parse_date(effective, 'effective')[:4]}.1",
        "effective": parse_date(effective, "effective"),
    }
    rt = yamlio.rt_load(_SEED)
    for key in LIST_KEYS:
        if key in header:
            yamlio.set_key(rt.data["list"], key, header[key], LIST_KEYS)
    text = rt.dump()
    root = find_root(start)
    rel = f"lists/{_FOLDERS[str(kind_code)]}/{list_id}.yaml"
    with repository_lock(root):
        _, _, findings = read_document(root, rel, "list", raw=text)
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            raise EditRefused(
                "清单未创建：清单头无法通过校验", "no list created: the header would not validate", errors
            )
        loaded = load_repository(root)
        taken = next((doc.file for doc in loaded.docs if doc.id == list_id), None)
        if taken is not None:
            raise UsageError(
                f"清单编号 {list_id} 已由 {taken} 使用", f"list id {list_id} is taken by {taken}"
            )
        path = root / rel
        if path.exists() or path.is_symlink():
            raise UsageError(f"{rel} 已存在，不会覆盖", f"{rel} exists already and is not overwritten")
        result = NewList(rel, text)
        if not dry_run:
            # creates the folders inside the repository only; refuses a symlinked folder leading out
            safe_write(root, Path(rel), text, expected=None)
            result.written = True
        return result
