"""The import report as text, in Chinese or English."""

from __future__ import annotations

from typing import Any

from qingdan.i18n import Lang
from qingdan.labels import CATEGORY_LABELS


def import_report(outcome: Any, lang: Lang) -> str:
    report = outcome.report
    zh = lang == "zh"
    lines = [
        (
            f"导入 {report.file}：{report.layout_reason_zh}"
            if zh
            else f"import {report.file}: {report.layout_reason_en}"
        ),
        (
            f"读取数据行 {report.rows_read} 行，写入事项 {len(report.items)} 项"
            if zh
            else f"{report.rows_read} rows read, {len(report.items)} items"
        ),
    ]
    for category, count in sorted(report.per_category().items()):
        label = CATEGORY_LABELS[category].get(lang) if category in CATEGORY_LABELS else category
        lines.append(f"  {label}：{count} 项" if zh else f"  {label}: {count}")
    if outcome.created:
        lines.append(f"新建清单文件 {outcome.file}" if zh else f"new list file {outcome.file}")
    else:
        lines.append(
            f"合并到 {outcome.file}：新增 {len(outcome.added)}，更新 {len(outcome.updated)}，未变 {len(outcome.unchanged)}"
            if zh
            else f"merged into {outcome.file}: {len(outcome.added)} added, {len(outcome.updated)} updated, {len(outcome.unchanged)} unchanged"
        )
    for title_zh, title_en, notes in (
        ("跳过的行", "skipped rows", report.skipped),
        ("未能解析的单元格", "cells not read", report.unparsed),
        ("推断与提示", "guesses", report.guesses),
    ):
        lines.append(f"{title_zh}（{len(notes)}）：" if zh else f"{title_en} ({len(notes)}):")
        for note in notes:
            lines.append(f"  {note.where}  {note.text_zh if zh else note.text_en}")
    if not outcome.written:
        lines.append("（未写入：--dry-run）" if zh else "(nothing written: --dry-run)")
    return "\n".join(lines) + "\n"
