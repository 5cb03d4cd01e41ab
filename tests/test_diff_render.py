"""Renderers: markdown parsed by markdown-it-py, self-contained CJK html opened in headless Chromium, text.

The Chromium test also writes the screenshot in docs when asked:
    QINGDAN_SCREENSHOT=docs/diff-example.png .venv/bin/pytest tests/test_diff_render.py -k screenshot
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from qingdan.diff import Change, DiffResult, FieldChange, ListChange
from qingdan.history import diff
from qingdan.render.diff import (
    CJK_FONTS,
    DIFF_RENDERERS,
    field_label,
    inline_segments,
    render_html,
    render_markdown,
    render_text,
    value_text,
)
from safety import rendered_text
from test_diff_kit import demo_story

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DiffResult:
    root = demo_story(tmp_path_factory.mktemp("demo"))
    return diff(root, ["HEAD~2", "HEAD"])


def _render(fn: object, result: DiffResult, lang: str = "zh") -> str:
    out = io.StringIO()
    fn(result, lang, out)  # type: ignore[operator]
    return out.getvalue()


def _tables(tokens: list) -> list[list[list[str]]]:  # type: ignore[type-arg]
    """Every table as rows of cell texts."""
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    for i, tok in enumerate(tokens):
        if tok.type == "table_open":
            tables.append([])
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close" and row is not None:
            tables[-1].append(row)
        elif tok.type in ("th_open", "td_open") and row is not None:
            row.append(tokens[i + 1].content)
    return tables


def test_demo_classification(demo: DiffResult) -> None:
    kinds = {c.item: c.kinds for c in demo.changes}
    assert kinds["CX-QSZ-0003"] == ("renamed", "modified")
    assert kinds["CX-QSZ-0004"] == ("recategorized", "recalled")
    assert kinds["CX-QSZ-0006"] == ("basis_changed",)
    assert kinds["CX-QSZ-0008"] == ("retired", "merged")
    assert kinds["CX-QSZ-0016"] == ("recategorized", "devolved")
    assert kinds["CX-QSZ-0057"] == ("added",)
    assert [c.item for c in demo.errata] == ["CX-LTJD-0002"]
    assert demo.formatting_only == []


def test_markdown_renders_with_tables(demo: DiffResult) -> None:
    md = _render(render_markdown, demo)
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    tokens = parser.parse(md)
    tables = _tables(tokens)
    lists_table, kinds_table = tables[0], tables[1]
    assert lists_table[0][:3] == ["清单", "文件", "版次"] and lists_table[0][-2:] == ["合计", "勘误"]
    assert lists_table[0][3:-2] == [
        "新增",
        "销号",
        "合并",
        "类别调整",
        "收回",
        "下放",
        "更名",
        "依据调整",
        "内容调整",
    ]
    rows = {r[0]: r for r in lists_table[1:]}
    qsz = next(r for k, r in rows.items() if "CX-QSZ" in k)
    assert qsz[2] == "2025.3 → 2025.4" and qsz[-2:] == ["7", ""]
    ltjd = next(r for k, r in rows.items() if "CX-LTJD" in k)
    assert ltjd[-2:] == ["0", "1"]
    assert kinds_table[0] == ["变更类型", "数量"]
    assert ["收回 `recalled`", "1"] in kinds_table  # the inline token keeps its raw source
    assert any(r[0].startswith("勘误") and r[1] == "1" for r in kinds_table)
    html_out = parser.render(md)
    assert html_out.count("<details>") == 3  # two lists + the corrections
    assert "<del>" in md and "<ins>" in md
    assert (
        "<ins>会同县自然资源和规划局派出机构</ins>会同村民委员会" in md
    )  # character-level change in Chinese text
    assert "<del>农村村民宅基地审核批准</del> → <ins>农村村民宅基地审核批准和监督管理</ins>" in md


def test_markdown_escapes_user_text() -> None:
    result = DiffResult(from_="a", to="b", from_label="a", to_label="b")
    result.lists["T"] = ListChange("T", "标题|<script>", "t.yaml", "t.yaml", "1", "2")
    result.changes.append(
        Change(
            "T",
            "T-0001",
            ("renamed",),
            [FieldChange("name", "甲|乙", "*丙*")],
            "t.yaml",
            "t.yaml",
            before={"name": "甲|乙"},
            after={"name": "*丙*"},
        )
    )
    md = _render(render_markdown, result)
    assert "<script>" not in md and "标题|<script>" in rendered_text(md)  # shown, as text
    tables = _tables(MarkdownIt("commonmark", {"html": True}).enable("table").parse(md))
    assert all(len(row) == len(table[0]) for table in tables for row in table)


def test_html_is_self_contained_and_cjk_safe(demo: DiffResult) -> None:
    page = _render(render_html, demo)
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in page and '<meta charset="utf-8">' in page
    assert CJK_FONTS in page and "Noto Sans CJK SC" in page
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert "农村村民宅基地审核批准和监督管理" in page
    assert '<html lang="en">' in _render(render_html, demo, "en")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_html_screenshot_in_headless_chromium(demo: DiffResult, tmp_path: Path) -> None:
    page = tmp_path / "diff.html"
    page.write_text(_render(render_html, demo), encoding="utf-8")
    target = Path(os.environ.get("QINGDAN_SCREENSHOT") or tmp_path / "diff.png")
    if not target.is_absolute():
        target = ROOT / target
    target.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1200,2900",
            f"--screenshot={target}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    dom = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'p2'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
    )
    assert "青石镇" in dom.stdout.decode("utf-8")


def test_text_without_colour_marks_inline_changes(demo: DiffResult) -> None:
    text = _render(render_text, demo)
    assert text.splitlines()[1].startswith("2 份清单，7 项变更：新增 1")
    assert "{+会同县自然资源和规划局派出机构+}" in text
    assert "[类别调整·收回] CX-QSZ-0004" in text
    assert "勘误（更正，不计入实质变更）" in text
    coloured = io.StringIO()
    render_text(demo, "zh", coloured, color=True)
    assert "\x1b[" in coloured.getvalue() and "{+" not in coloured.getvalue()


def test_every_format_in_english(demo: DiffResult) -> None:
    for name, fn in DIFF_RENDERERS.items():
        out = _render(fn, demo, "en")
        if name == "json":
            assert json.loads(out)["summary"]["changes"] == 7
        else:
            assert "recategorized" in out and "recalled" in out, name


def test_labels_and_values() -> None:
    assert field_label("basis[1].article", "zh") == "履职依据 #2 › 条款"
    assert field_label("retired.replaced_by", "en") == "retirement › replaced by"
    assert value_text({"instrument": "安全生产法", "article": "第九条", "version": "2021-06-10"}, "zh") == (
        "安全生产法 第九条（2021-06-10 版）"
    )
    assert value_text(["县公安局", "县消防救援大队"], "zh") == "县公安局、县消防救援大队"
    assert value_text("recalled", "zh", "category") == "上级部门收回事项"
    assert value_text(None, "en") == "(none)" and value_text(True, "zh") == "是"


def test_inline_segments_are_character_level_for_chinese() -> None:
    assert inline_segments("会同村民委员会开展踏勘", "会同村委会开展现场踏勘") == [
        ("=", "会同村"),
        ("-", "民"),
        ("=", "委"),
        ("-", "员"),
        ("=", "会开展"),
        ("+", "现场"),
        ("=", "踏勘"),
    ]
    assert inline_segments("check the list", "check a list") == [
        ("=", "check "),
        ("-", "the"),
        ("+", "a"),
        ("=", " list"),
    ]
