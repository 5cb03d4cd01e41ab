"""Layouts are data: which headers name which key, which words name a category, which columns each
category exports. Built-in layouts ship in office/layouts/*.yaml; a user writes the same in a file."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from qingdan import yamlio
from qingdan.errors import UsageError

KEYS = (
    "seq", "id", "category", "group", "domain", "name", "content", "lead_department",
    "cooperating_departments", "department_duty", "township_duty", "working_mode", "basis",
    "power_type", "power_code", "original_subject", "certificate", "note", "sub_item",
)  # fmt: skip


def fold(text: str) -> str:
    """Header text as compared: full-width folded to half-width, spaces and line breaks removed."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s*＊:：]+", "", text)


@dataclass
class Layout:
    name: str
    title: str
    kind: str
    default_category: str
    categories: dict[str, list[str]]
    columns: dict[str, list[str]]
    export: dict[str, list[str]]
    fixed: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    _keys: dict[str, str] | None = field(default=None, repr=False, compare=False)

    def key_for(self, header: str) -> str | None:
        folded = fold(header)
        if not folded:
            return None
        if self._keys is None:
            # folded once: every header cell of every candidate row is looked up here
            self._keys = {}
            for key, names in self.columns.items():
                for n in names:
                    self._keys.setdefault(fold(n), key)
        return self._keys.get(folded)

    def category_for(self, text: str) -> str | None:
        """The category a sheet name, 事项类型 value or heading names (the longest word that fits)."""
        folded = fold(text)
        best: tuple[int, str] | None = None
        for category, words in self.categories.items():
            for word in words:
                w = fold(word)
                if w and w in folded and (best is None or len(w) > best[0]):
                    best = (len(w), category)
        return best[1] if best else None

    def header(self, key: str) -> str:
        names = self.columns.get(key)
        return names[0] if names else key


LAYOUT_KEYS = ("layout", "title", "kind", "default_category", "categories", "columns", "export", "set")


def _bad(source: str, zh: str, en: str) -> UsageError:
    return UsageError(f"版式文件 {source}：{zh}", f"layout file {source}: {en}")


def _words(value: Any) -> bool:
    """A header or category name, or a list of them."""
    items = value if isinstance(value, list) else [value]
    return bool(items) and all(isinstance(v, str | int) and not isinstance(v, bool) for v in items)


def _check_shape(data: dict[str, Any], source: str) -> None:
    """A layout file is a stranger's data too: unknown keys (a typo such as colums) and values of the
    wrong kind are named, never silently ignored or left to fail later."""
    unknown = [str(k) for k in data if k not in LAYOUT_KEYS]
    if unknown:
        raise _bad(
            source,
            f"未知的键 {'、'.join(unknown)}（可用：{'、'.join(LAYOUT_KEYS)}）",
            f"unknown keys {', '.join(unknown)} (known: {', '.join(LAYOUT_KEYS)})",
        )
    for key in ("layout", "title", "kind", "default_category"):
        if key in data and not isinstance(data[key], str):
            raise _bad(source, f"{key} 应为文字", f"{key} must be text")
    for key in ("categories", "columns", "export"):
        value = data.get(key)
        if value is None and key != "columns":
            continue
        if not isinstance(value, dict) or not all(_words(v) for v in value.values()):
            raise _bad(
                source,
                f"{key} 应为「键: [名称, …]」的映射",
                f"{key} must map each key to a list of names",
            )
    for category, keys in (data.get("export") or {}).items():
        wrong = [str(k) for k in (keys if isinstance(keys, list) else [keys]) if k not in KEYS]
        if wrong:
            raise _bad(
                source,
                f"export.{category} 中未知的列 {'、'.join(wrong)}",
                f"export.{category} has unknown columns {', '.join(wrong)}",
            )
    if "set" in data and not isinstance(data["set"], dict):
        raise _bad(source, "set 应为映射", "set must be a mapping")


def _layout(data: Any, source: str) -> Layout:
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise UsageError(
            f"版式文件 {source} 缺少 columns（表头 → 键）",
            f"layout file {source} has no columns (header → key)",
        )
    _check_shape(data, source)
    columns: dict[str, list[str]] = {}
    for key, names in data["columns"].items():
        if key not in KEYS:
            raise UsageError(
                f"版式文件 {source}：未知的键 {key}（可用：{'、'.join(KEYS)}）",
                f"layout file {source}: unknown key {key} (known: {', '.join(KEYS)})",
            )
        columns[str(key)] = [str(n) for n in (names if isinstance(names, list) else [names])]
    if "name" not in columns:
        raise UsageError(f"版式文件 {source} 须有 name 列", f"layout file {source} needs a name column")
    kind = str(data.get("kind", "township"))
    categories = {
        str(k): [str(w) for w in (v if isinstance(v, list) else [v])]
        for k, v in (data.get("categories") or {}).items()
    }
    default = str(data.get("default_category") or next(iter(categories), "basic"))
    export = {
        str(k): [str(c) for c in (v if isinstance(v, list) else [v])]
        for k, v in (data.get("export") or {}).items()
    }
    fixed: dict[str, Any] = data["set"] if isinstance(data.get("set"), dict) else {}
    return Layout(
        name=str(data.get("layout") or Path(source).stem),
        title=str(data.get("title") or ""),
        kind=kind,
        default_category=default,
        categories=categories,
        columns=columns,
        export=export,
        fixed=dict(fixed),
        source=source,
    )


def builtin() -> list[Layout]:
    folder = resources.files("qingdan").joinpath("office", "layouts")
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            _, data = yamlio.load_bytes(entry.read_bytes())
            out.append(_layout(data, f"builtin:{entry.name}"))
    return out


def load(name: str, root: Path) -> Layout:
    """A built-in layout by name, or a user's layout file (a path, or layouts/<name>.yaml in the repository)."""
    for layout in builtin():
        if layout.name == name:
            return layout
    for candidate in (Path(name), root / "layouts" / f"{name}.yaml"):
        if candidate.is_file():
            try:
                _, data = yamlio.load_bytes(candidate.read_bytes())
            except yamlio.FileProblem as problem:
                raise UsageError(
                    f"版式文件 {candidate} 无法解析（{problem.code}，第 {problem.line} 行）",
                    f"layout file {candidate} does not parse ({problem.code}, line {problem.line})",
                ) from None
            return _layout(data, str(candidate))
    names = "、".join(layout.name for layout in builtin())
    raise UsageError(
        f"没有版式 {name}（内置：{names}；或给出版式文件路径）",
        f"no layout {name} (built in: {names}; or give a layout file path)",
    )
