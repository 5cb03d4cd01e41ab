"""Renderers for diff, log and show: text (rich), markdown (pull-request comments), json and html.

Every renderer takes the result, a language and a stream; none knows about the command line.
Long texts are shown as inline changes: Chinese has no spaces, so the unit is one character (ASCII words
and numbers stay whole), compared with difflib.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable
from typing import IO, Any

from qingdan import __version__
from qingdan.diff import HEADER_KEYS, Change, DiffResult, FieldChange, ListChange
from qingdan.history import DriverOutput, ItemLog, Shown
from qingdan.i18n import Text
from qingdan.labels import (
    ADMITTED_CHANGE_LABELS,
    CATEGORY_LABELS,
    REASON_LABELS,
    UNIT_FIELD_LABELS,
    UNIT_TYPE_LABELS,
)
from qingdan.model import ITEM_KEYS
from qingdan.render.escape import html_page, html_text, md, md_code, md_id, md_revision
from qingdan.render.terminal import Console, RichText

KIND_LABELS: dict[str, Text] = {
    "added": Text("新增", "added"),
    "removed": Text("删除", "removed"),
    "retired": Text("销号", "retired"),
    "merged": Text("合并", "merged"),
    "reinstated": Text("恢复", "reinstated"),
    "recategorized": Text("类别调整", "recategorized"),
    "recalled": Text("收回", "recalled"),
    "devolved": Text("下放", "devolved"),
    "renamed": Text("更名", "renamed"),
    "renumbered": Text("重新编号", "renumbered"),
    "basis_changed": Text("依据调整", "basis changed"),
    "modified": Text("内容调整", "modified"),
    "moved": Text("移动", "moved"),
}
_KIND_STYLE = {
    "added": "green",
    "removed": "bold red",
    "retired": "red",
    "merged": "magenta",
    "reinstated": "green",
    "recategorized": "yellow",
    "recalled": "yellow",
    "devolved": "yellow",
    "renamed": "cyan",
    "renumbered": "cyan",
    "basis_changed": "blue",
    "modified": "blue",
    "moved": "cyan",
}
FIELD_LABELS: dict[str, Text] = {
    "id": Text("编号", "id"),
    "name": Text("事项名称", "name"),
    "category": Text("事项类别", "category"),
    "domain": Text("领域", "domain"),
    "content": Text("具体内容", "content"),
    "basis": Text("履职依据", "basis"),
    "instrument": Text("法规名称", "instrument"),
    "article": Text("条款", "article"),
    "version": Text("版本", "version"),
    "lead_department": Text("牵头部门", "lead department"),
    "cooperating_departments": Text("配合部门", "cooperating departments"),
    "department_duty": Text("部门职责", "department duty"),
    "township_duty": Text("乡镇配合职责", "township duty"),
    "working_mode": Text("工作方式", "working mode"),
    "devolved": Text("下沉（赋权）", "devolved"),
    "resources": Text("资源保障", "resources"),
    "staffing": Text("人员编制", "staffing"),
    "funding": Text("经费（万元/年）", "funding (10k CNY/yr)"),
    "equipment": Text("装备", "equipment"),
    "training": Text("培训", "training"),
    "authority": Text("权限", "authority"),
    "review": Text("定期评估", "review"),
    "interval_months": Text("评估周期（月）", "interval (months)"),
    "next": Text("下次评估", "next review"),
    "last": Text("上次评估", "last review"),
    "result": Text("评估结论", "result"),
    "admission": Text("准入记录", "admission"),
    "admissions": Text("调整准入记录", "admissions of changes"),
    "from": Text("采用的模板事项", "adopted from"),
    "adjustment": Text("本地调整", "local adjustment"),
    "change": Text("准入的调整", "change admitted"),
    "approver": Text("审批机关", "approver"),
    "document": Text("文号", "document"),
    "approved": Text("批准日期", "approved"),
    "justification": Text("必要性与合理性论证", "justification"),
    "legality_review": Text("合法性审查", "legality review"),
    "requested_by": Text("提出单位", "requested by"),
    "publicity": Text("公示", "public notice"),
    "start": Text("开始", "start"),
    "end": Text("结束", "end"),
    "previous_ids": Text("曾用编号", "previous ids"),
    "merged_from": Text("合并来源", "merged from"),
    "status": Text("状态", "status"),
    "since": Text("纳入版次", "since"),
    "retired": Text("销号记录", "retirement"),
    "reinstated": Text("恢复记录", "reinstatement"),
    "revision": Text("版次", "revision"),
    "date": Text("日期", "date"),
    "reason": Text("原因", "reason"),
    "note": Text("备注", "note"),
    "replaced_by": Text("承接事项", "replaced by"),
    "title": Text("清单标题", "title"),
    "kind": Text("清单类型", "kind"),
    "unit": Text("所属单位", "unit"),
    "type": Text("类型", "type"),
    "code": Text("区划代码", "code"),
    "issuer": Text("发布机关", "issuer"),
    "effective": Text("生效日期", "effective"),
    "baseline": Text("基准版次", "baseline"),
    "template": Text("模板清单", "template"),
}
VALUE_LABELS: dict[str, dict[str, Text]] = {
    "category": CATEGORY_LABELS,
    "status": {"active": Text("有效", "active"), "retired": Text("已销号", "retired")},
    "reason": REASON_LABELS,
    "change": ADMITTED_CHANGE_LABELS,
    "kind": {"township": Text("乡镇（街道）清单", "township"), "village": Text("村（社区）清单", "village")},
}
SIDE_LABELS = {
    "WORKTREE": Text("工作区", "working tree"),
    "INDEX": Text("暂存区", "index (staged)"),
    "EMPTY": Text("空仓库", "empty repository"),
}
_SIDE_NAMES = {"before": Text("修改前", "before"), "after": Text("修改后", "after")}
T_TITLE = Text("清单变更", "List changes")
T_NONE = Text("（无）", "(none)")
T_YES, T_NO = Text("是", "yes"), Text("否", "no")
T_NO_CHANGES = Text("清单没有实质变更。", "No changes to any list.")
T_FORMAT_ONLY = Text(
    "{n} 个文件仅有格式或顺序变化（不算变更）：{files}",
    "{n} file(s) changed only in formatting or order (not changes): {files}",
)
T_SUMMARY = Text("{lists} 份清单，{n} 项变更", "{lists} list(s), {n} change(s)")
T_ERRATA_SUMMARY = Text("另有勘误 {n} 项", "plus {n} correction(s)")
T_CORRECTIONS = Text("勘误（更正，不计入实质变更）", "Corrections (errata, not counted as changes)")
T_PROBLEM = Text("无法比较 {file}（{side}）：{message}", "cannot compare {file} ({side}): {message}")
T_LINE = Text("第 {line} 行", "line {line}")
T_REMOVED_WARN = Text(
    "删除事项违反历史规则：事项应销号而不是删除",
    "removing an item breaks the history rules: retire it instead",
)
T_REVISION_SAME = Text(
    "事项有变化，但版次没有更新（仍为 {rev}）", "items changed but the revision did not (still {rev})"
)
T_LIST_ADDED = Text("新清单", "new list")
T_BASELINE_MOVED = Text(
    "基准版次移动：{old} → {new}（此前新增的事项不再需要准入记录；只能随整体审定并印发的版次移动，由 qingdan check 核对）",
    "baseline moved: {old} → {new} (items added before it no longer need admission; it moves only with a "
    "revision approved as a whole and issued, which qingdan check verifies)",
)
T_LIST_REMOVED = Text("清单已删除", "list removed")
T_FILE_MOVED = Text("文件移动：{old} → {new}", "file moved: {old} → {new}")
T_ITEM_MOVED = Text("从 {list}（{file}）移来", "moved from {list} ({file})")
T_RENUMBERED = Text("原编号 {old}", "formerly {old}")
T_LIST_ERRATA = Text("勘误 {n} 项（单列于后）", "{n} correction(s), listed apart")
T_KIND = Text("变更类型", "Change kind")
T_COUNT = Text("数量", "Count")
T_LIST = Text("清单", "List")
T_FILE = Text("文件", "File")
T_REVISION = Text("版次", "Revision")
T_TOTAL = Text("合计", "Total")
T_FIELD = Text("字段", "Field")
T_CHANGE = Text("变更（原 → 新）", "Change (old → new)")
T_ITEM = Text("事项", "Item")
T_ERRATA = Text("勘误", "errata")
T_GENERATED = Text("由 qingdan {version} 生成", "Generated by qingdan {version}")
_TEXT_LIMIT = 24  # longer strings are shown as inline changes rather than old → new


def _t(text: Text, lang: str, **kw: Any) -> str:
    return text.format(lang, **kw) if kw else text.get(lang)


def kind_label(kind: str, lang: str) -> str:
    label = KIND_LABELS.get(kind)
    return label.get(lang) if label else kind


def side_label(ident: str, label: str, lang: str) -> str:
    if ident in SIDE_LABELS:
        return SIDE_LABELS[ident].get(lang)
    if re.fullmatch(r"[0-9a-f]{40}([0-9a-f]{24})?", ident):
        short = ident[:7]
        return (
            label
            if label.startswith(short)
            else f"{label}（{short}）"
            if lang == "zh"
            else f"{label} ({short})"
        )
    return label or ident


def field_label(path: str, lang: str) -> str:
    """`basis[1].article` -> 履职依据 #2 › 条款 (indexes shown 1-based)."""
    out: list[str] = []
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    for i, part in enumerate(parts):
        if part.startswith("["):
            out[-1] = f"{out[-1]} #{int(part[1:-1]) + 1}" if out else part
        else:
            label = UNIT_FIELD_LABELS.get(part) if i and parts[i - 1] == "unit" else FIELD_LABELS.get(part)
            out.append(label.get(lang) if label else part)
    return " › ".join(out)


def value_text(value: Any, lang: str, key: str = "") -> str:
    """A field value in one line: enums translated, citations as "law article", lists joined."""
    if value is None:
        return _t(T_NONE, lang)
    if isinstance(value, bool):
        return _t(T_YES if value else T_NO, lang)
    if isinstance(value, str):
        label = VALUE_LABELS.get(key, {}).get(value)
        return label.get(lang) if label else value
    if isinstance(value, list):
        sep = "；" if lang == "zh" else "; "
        if all(not isinstance(v, dict | list) for v in value):
            sep = "、" if lang == "zh" else ", "
        return sep.join(value_text(v, lang, key) for v in value)
    if isinstance(value, dict):
        if "instrument" in value:
            return citation_text(value, lang)
        sep = "；" if lang == "zh" else "; "
        colon = "：" if lang == "zh" else ": "
        return sep.join(
            f"{field_label(str(k), lang)}{colon}{value_text(v, lang, str(k))}" for k, v in value.items()
        )
    return str(value)


def citation_text(value: dict[str, Any], lang: str) -> str:
    text = f"{value.get('instrument', '')} {value.get('article', '')}".strip()
    if value.get("version"):
        text += f"（{value['version']} 版）" if lang == "zh" else f" ({value['version']})"
    if value.get("note"):
        text += f"（{value['note']}）" if lang == "zh" else f" ({value['note']})"
    return text


def _leaf_key(path: str) -> str:
    parts = re.findall(r"[^.\[\]]+", path)
    return parts[-1] if parts else path


def is_long(f: FieldChange) -> bool:
    return (
        isinstance(f.old, str)
        and isinstance(f.new, str)
        and (max(len(f.old), len(f.new)) > _TEXT_LIMIT or "\n" in f.old + f.new)
    )


_TOKEN_RE = re.compile(r"[A-Za-z0-9_]+|\s+|.", re.S)


def inline_segments(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) runs turning old into new: "=" kept, "-" deleted, "+" inserted; character-level for CJK."""
    a, b = _TOKEN_RE.findall(old), _TOKEN_RE.findall(new)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(("-", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("+", "".join(b[j1:j2])))
    return out


def headline_extra(change: Change, lang: str) -> list[str]:
    notes = []
    if change.item_before and change.item_before != change.item:
        notes.append(_t(T_RENUMBERED, lang, old=change.item_before))
    if "moved" in change.kinds and change.file_before:
        notes.append(_t(T_ITEM_MOVED, lang, list=change.list_before or "", file=change.file_before))
    return notes


def _summary_parts(result: DiffResult, lang: str, counts: dict[str, int] | None = None) -> list[str]:
    counts = result.counts() if counts is None else counts
    sep = " " if lang == "en" else " "
    return [f"{kind_label(k, lang)}{sep}{n}" for k, n in counts.items() if n]


def summary_line(result: DiffResult, lang: str) -> str:
    line = _t(T_SUMMARY, lang, lists=len(result.lists), n=len(result.substantive))
    parts = _summary_parts(result, lang)
    if parts:
        line += ("：" if lang == "zh" else ": ") + " · ".join(parts)
    if result.errata:
        line += ("；" if lang == "zh" else "; ") + _t(T_ERRATA_SUMMARY, lang, n=len(result.errata))
    return line


def _shown_fields(change: Change) -> list[FieldChange]:
    """Fields worth printing, with added or removed mappings spelled out key by key.

    Added items show every field but the id; removed items only what identifies them.
    """
    fields = change.fields
    if change.before is None:
        fields = [f for f in fields if f.path not in ("id", "name")]
    elif change.after is None:
        fields = [f for f in fields if f.path in ("name", "category", "status")]
    return [leaf for f in fields for leaf in expand(f)]


def expand(f: FieldChange) -> list[FieldChange]:
    """A mapping that appeared or vanished as one line per key (citations stay whole)."""
    if f.old is None and isinstance(f.new, dict) and f.new and "instrument" not in f.new:
        return [leaf for k, v in f.new.items() for leaf in expand(FieldChange(f"{f.path}.{k}", None, v))]
    if f.new is None and isinstance(f.old, dict) and f.old and "instrument" not in f.old:
        return [leaf for k, v in f.old.items() for leaf in expand(FieldChange(f"{f.path}.{k}", v, None))]
    return [f]


def segments(f: FieldChange, lang: str, added: bool = False) -> list[tuple[str, str]]:
    """How a field change reads, as (op, text) runs: "=" plain, "-" old, "+" new, ">" the arrow."""
    key = _leaf_key(f.path)
    if added:
        return [("=", value_text(f.new, lang, key))]
    if f.old is None:
        return [("+", value_text(f.new, lang, key))]
    if f.new is None:
        return [("-", value_text(f.old, lang, key))]
    if is_long(f):
        return inline_segments(str(f.old), str(f.new))
    return [("-", value_text(f.old, lang, key)), (">", " → "), ("+", value_text(f.new, lang, key))]


def _list_fields(lc: ListChange) -> list[FieldChange]:
    return [leaf for f in lc.fields for leaf in expand(f)]


def baseline_note(lc: ListChange, lang: str) -> str | None:
    """The baseline move, labelled as one: it changes which items need an admission record."""
    for f in lc.fields:
        if f.path == "baseline":
            none = _t(T_NONE, lang)
            return _t(T_BASELINE_MOVED, lang, old=f.old or none, new=f.new or none)
    return None


def _ordered_lists(result: DiffResult) -> list[ListChange]:
    return [result.lists[k] for k in sorted(result.lists)]


# ---- text ------------------------------------------------------------------------------------


def render_text(result: DiffResult, lang: str, out: IO[str], color: bool | None = None) -> None:
    console = Console(
        file=out, force_terminal=color, no_color=color is False, highlight=False, soft_wrap=True
    )
    styled = console.color_system is not None
    title = RichText(_t(T_TITLE, lang) + "  ", style="bold")
    title.append(
        f"{side_label(result.from_, result.from_label, lang)} → {side_label(result.to, result.to_label, lang)}"
    )
    console.print(title)
    for p in result.problems:
        where = f"（{_t(T_LINE, lang, line=p.line)}）" if p.line and lang == "zh" else ""
        where = f" ({_t(T_LINE, lang, line=p.line)})" if p.line and lang == "en" else where
        msg = _t(
            T_PROBLEM,
            lang,
            file=p.file,
            side=_t(_SIDE_NAMES.get(p.side, T_NONE), lang),
            message=p.message.get(lang),
        )
        console.print(RichText("⚠ " + msg + where, style="yellow"))
    if not result.has_changes and not result.problems:
        console.print(_t(T_NO_CHANGES, lang))
    else:
        console.print(RichText(summary_line(result, lang), style="bold"))
    for lc in _ordered_lists(result):
        _text_list(console, result, lc, lang, styled)
    if result.errata:
        console.print()
        console.print(RichText(_t(T_CORRECTIONS, lang), style="bold"))
        for corr in result.corrections:
            console.print(f"  {corr.commit[:7]}  {corr.date[:10]}  {corr.author}  {corr.subject}")
        for change in result.errata:
            _text_change(console, change, lang, styled)
    if result.formatting_only:
        console.print()
        console.print(
            RichText(
                _t(
                    T_FORMAT_ONLY,
                    lang,
                    n=len(result.formatting_only),
                    files=", ".join(result.formatting_only),
                ),
                style="dim",
            )
        )


def _text_list(console: Console, result: DiffResult, lc: ListChange, lang: str, styled: bool) -> None:
    console.print()
    head = RichText(f"━━ {lc.list_id}  ", style="bold")
    head.append(lc.title, style="bold")
    head.append(f"  {lc.file}", style="dim")
    console.print(head)
    notes = []
    if lc.status == "added":
        notes.append(_t(T_LIST_ADDED, lang))
    elif lc.status == "removed":
        notes.append(_t(T_LIST_REMOVED, lang))
    elif lc.moved:
        notes.append(_t(T_FILE_MOVED, lang, old=lc.file_before, new=lc.file_after))
    if notes:
        console.print("   " + " · ".join(notes))
    for f in _list_fields(lc):
        console.print(_field_line(f, lang, styled, indent=3))
    moved = baseline_note(lc, lang)
    if moved:
        console.print(RichText("   ⚠ " + moved, style="yellow"))
    mine = [c for c in result.changes_of(lc.list_id) if not c.errata]
    if mine and lc.revision_before and lc.revision_before == lc.revision_after:
        console.print(RichText("   ⚠ " + _t(T_REVISION_SAME, lang, rev=lc.revision_after), style="yellow"))
    parts = _summary_parts(result, lang, result.counts(lc.list_id))
    corrections = sum(1 for c in result.changes_of(lc.list_id) if c.errata)
    if corrections:
        parts.append(_t(T_LIST_ERRATA, lang, n=corrections))
    if parts:
        console.print(RichText("   " + " · ".join(parts), style="dim"))
    for change in mine:
        _text_change(console, change, lang, styled)


def _text_change(console: Console, change: Change, lang: str, styled: bool) -> None:
    line = RichText("  [")
    for i, kind in enumerate(change.kinds):
        if i:
            line.append("·")
        line.append(kind_label(kind, lang), style=_KIND_STYLE.get(kind))
    line.append("]")
    if change.errata:
        line.append(f" ({_t(T_ERRATA, lang)})", style="dim")
    line.append(f" {change.item}", style="bold")
    if change.name:
        line.append(f"  {change.name}")
    extra = headline_extra(change, lang)
    if extra:
        line.append(
            "  （" + "；".join(extra) + "）" if lang == "zh" else "  (" + "; ".join(extra) + ")", style="dim"
        )
    console.print(line)
    if "removed" in change.kinds:
        console.print(RichText("      ⚠ " + _t(T_REMOVED_WARN, lang), style="red"))
    for f in _shown_fields(change):
        console.print(_field_line(f, lang, styled, indent=6, added=change.before is None))


def _field_line(f: FieldChange, lang: str, styled: bool, indent: int, added: bool = False) -> RichText:
    colon = "：" if lang == "zh" else ": "
    mark = "" if added else "+ " if f.old is None else "- " if f.new is None else "  "
    line = RichText(" " * max(indent - len(mark), 0) + mark + field_label(f.path, lang) + colon)
    runs = segments(f, lang, added)
    inline = is_long(f) and not added
    for op, text in runs:
        if op in ("=", ">"):
            line.append(text)
        elif styled:
            style = (
                ("red strike" if op == "-" else "green underline")
                if inline
                else ("red" if op == "-" else "green")
            )
            line.append(text, style=style)
        elif inline:
            line.append(f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
        else:
            line.append(text)
    return line


# ---- json ------------------------------------------------------------------------------------


def render_json(result: DiffResult, lang: str, out: IO[str]) -> None:
    json.dump(result.as_dict(lang), out, ensure_ascii=False, indent=2)
    out.write("\n")


# ---- markdown --------------------------------------------------------------------------------
# Every value from the data goes through md() or md_code() (render/escape.py); labels are our own.


def _md_inline(f: FieldChange, lang: str, added: bool = False) -> str:
    parts = []
    for op, text in segments(f, lang, added):
        esc = md(text)
        parts.append(esc if op in ("=", ">") else f"<del>{esc}</del>" if op == "-" else f"<ins>{esc}</ins>")
    return "".join(parts)


def render_markdown(result: DiffResult, lang: str, out: IO[str]) -> None:
    w = out.write
    frm = side_label(result.from_, result.from_label, lang)
    to = side_label(result.to, result.to_label, lang)
    colon = "：" if lang == "zh" else ": "
    w(f"## {_t(T_TITLE, lang)}{colon}{md(frm)} → {md(to)}\n\n")
    for p in result.problems:
        msg = _t(
            T_PROBLEM,
            lang,
            file=p.file,
            side=_t(_SIDE_NAMES.get(p.side, T_NONE), lang),
            message=p.message.get(lang),
        )
        w(f"> ⚠️ {md(msg)}\n\n")
    if not result.has_changes and not result.problems:
        w(_t(T_NO_CHANGES, lang) + "\n")
    else:
        w(f"**{md(summary_line(result, lang))}**\n\n")
        used = [k for k, n in result.counts().items() if n]
        header = [_t(T_LIST, lang), _t(T_FILE, lang), _t(T_REVISION, lang)] + [
            kind_label(k, lang) for k in used
        ]
        header.append(_t(T_TOTAL, lang))
        if result.errata:
            header.append(_t(T_ERRATA, lang))
        w("| " + " | ".join(header) + " |\n")
        w("|" + "---|" * 3 + "---:|" * (len(header) - 3) + "\n")
        for lc in _ordered_lists(result):
            counts = result.counts(lc.list_id)
            total = sum(1 for c in result.changes_of(lc.list_id) if not c.errata)
            before, after = (md_revision(r) if r else "—" for r in (lc.revision_before, lc.revision_after))
            rev = after if lc.revision_before == lc.revision_after else f"{before} → {after}"
            row = [f"**{md_id(lc.list_id, code=False)}** {md(lc.title)}", md_code(lc.file), rev]
            row += [str(counts[k]) if counts[k] else "" for k in used]
            row.append(str(total))
            if result.errata:
                row.append(str(sum(1 for c in result.changes_of(lc.list_id) if c.errata) or ""))
            w("| " + " | ".join(row) + " |\n")
        w("\n")
        if used or result.errata:
            w(f"| {_t(T_KIND, lang)} | {_t(T_COUNT, lang)} |\n|---|---:|\n")
            for k in used:
                label = kind_label(k, lang)
                w(
                    f"| {label} `{k}` | {result.counts()[k]} |\n"
                    if lang == "zh"
                    else f"| {label} | {result.counts()[k]} |\n"
                )
            if result.errata:
                w(f"| {_t(T_ERRATA, lang)} `errata` | {len(result.errata)} |\n")
            w("\n")
    for lc in _ordered_lists(result):
        mine = [c for c in result.changes_of(lc.list_id) if not c.errata]
        # the <summary> line is raw HTML to GitHub: md() output is valid there too, and has no line break
        summary = f"<b>{md_id(lc.list_id, code=False)}</b> {md(lc.title)}"
        w(f"<details>\n<summary>{summary} — {md(_list_count(result, lc, lang))}</summary>\n\n")
        _md_list_body(result, lc, mine, lang, w)
        w("</details>\n\n")
    if result.errata:
        w(f"### {_t(T_CORRECTIONS, lang)}\n\n")
        for corr in result.corrections:
            w(f"- {md_code(corr.commit[:7])} {md(corr.date[:10])} {md(corr.author)}：{md(corr.subject)}\n")
        w("\n<details>\n<summary>" + md(_t(T_CORRECTIONS, lang)) + "</summary>\n\n")
        for change in result.errata:
            _md_change(change, lang, w)
        w("</details>\n\n")
    if result.formatting_only:
        w(
            "<sub>"
            + md(
                _t(
                    T_FORMAT_ONLY,
                    lang,
                    n=len(result.formatting_only),
                    files=", ".join(result.formatting_only),
                )
            )
            + "</sub>\n"
        )


def _md_list_body(
    result: DiffResult, lc: ListChange, mine: list[Change], lang: str, w: Callable[[str], Any]
) -> None:
    notes = [md_code(lc.file)]
    if lc.status == "added":
        notes.append(_t(T_LIST_ADDED, lang))
    elif lc.status == "removed":
        notes.append(_t(T_LIST_REMOVED, lang))
    elif lc.moved:
        notes.append(md(_t(T_FILE_MOVED, lang, old=lc.file_before, new=lc.file_after)))
    w(" · ".join(notes) + "\n\n")
    if lc.fields:
        w(f"| {_t(T_FIELD, lang)} | {_t(T_CHANGE, lang)} |\n|---|---|\n")
        for f in _list_fields(lc):
            w(f"| {md(field_label(f.path, lang))} | {_md_inline(f, lang)} |\n")
        w("\n")
    moved = baseline_note(lc, lang)
    if moved:
        w(f"> ⚠️ {md(moved)}\n\n")
    if mine and lc.revision_before and lc.revision_before == lc.revision_after:
        w(f"> ⚠️ {md(_t(T_REVISION_SAME, lang, rev=lc.revision_after))}\n\n")
    for change in mine:
        _md_change(change, lang, w)


def _md_change(change: Change, lang: str, w: Callable[[str], Any]) -> None:
    kinds = " · ".join(kind_label(k, lang) for k in change.kinds)
    extra = headline_extra(change, lang)
    tail = f" <sub>{md('；'.join(extra) if lang == 'zh' else '; '.join(extra))}</sub>" if extra else ""
    w(f"**{kinds}** {md_id(change.item)} {md(change.name)}{tail}\n\n")
    if "removed" in change.kinds:
        w(f"> ⚠️ {md(_t(T_REMOVED_WARN, lang))}\n\n")
    fields = _shown_fields(change)
    if not fields:
        return
    w(f"| {_t(T_FIELD, lang)} | {_t(T_CHANGE, lang)} |\n|---|---|\n")
    for f in fields:
        cell = _md_inline(f, lang, added=change.before is None)
        w(f"| {md(field_label(f.path, lang))} | {cell} |\n")
    w("\n")


# ---- html ------------------------------------------------------------------------------------

CJK_FONTS = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
    '"Microsoft YaHei", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", sans-serif'
)
_CSS = """
:root { color-scheme: light; }
body { font-family: %(fonts)s; margin: 2rem auto; max-width: 70rem; padding: 0 1.5rem; color: #1f2328;
       line-height: 1.6; background: #fff; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; } h2 { font-size: 1.25rem; margin-top: 2rem; }
.sides { color: #57606a; margin-top: 0; } .summary { font-weight: 600; }
table { border-collapse: collapse; margin: .75rem 0; width: 100%%; }
th, td { border: 1px solid #d0d7de; padding: .35rem .6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
table.summary th { white-space: nowrap; } table.fields { table-layout: fixed; }
table.fields th:first-child { width: 13em; } td { overflow-wrap: anywhere; }
details { border: 1px solid #d0d7de; border-radius: 6px; margin: 1rem 0; padding: .5rem 1rem; }
summary { cursor: pointer; font-weight: 600; }
.change { border-top: 1px solid #eaeef2; padding: .6rem 0; } .change:first-of-type { border-top: none; }
.kind { display: inline-block; border-radius: 1rem; padding: 0 .55rem; font-size: .85rem; margin-right: .25rem;
        background: #ddf4ff; color: #0550ae; }
.kind.added, .kind.reinstated { background: #dafbe1; color: #116329; }
.kind.removed, .kind.retired { background: #ffebe9; color: #a40e26; }
.kind.merged { background: #fbefff; color: #8250df; }
.kind.recategorized, .kind.recalled, .kind.devolved { background: #fff8c5; color: #7d4e00; }
.id { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-weight: 600; }
.note { color: #57606a; font-size: .9rem; } .warn { color: #a40e26; }
del { background: #ffebe9; color: #a40e26; } ins { background: #dafbe1; color: #116329; text-decoration: none; }
code { font-family: ui-monospace, Menlo, monospace; font-size: .9em; }
footer { color: #8c959f; font-size: .8rem; margin-top: 2rem; }
"""


_h = html_text


def _html_inline(f: FieldChange, lang: str, added: bool = False) -> str:
    parts = []
    for op, text in segments(f, lang, added):
        parts.append(
            _h(text)
            if op in ("=", ">")
            else f"<del>{_h(text)}</del>"
            if op == "-"
            else f"<ins>{_h(text)}</ins>"
        )
    return "".join(parts)


def _html_fields(fields: Iterable[FieldChange], lang: str, added: bool = False) -> str:
    rows = "".join(
        f"<tr><th scope='row'>{_h(field_label(f.path, lang))}</th><td>{_html_inline(f, lang, added)}</td></tr>"
        for f in fields
    )
    if not rows:
        return ""
    return f"<table class='fields'><thead><tr><th>{_h(_t(T_FIELD, lang))}</th><th>{_h(_t(T_CHANGE, lang))}</th></tr></thead><tbody>{rows}</tbody></table>"


def _html_change(change: Change, lang: str) -> str:
    badges = "".join(f"<span class='kind {_h(k)}'>{_h(kind_label(k, lang))}</span>" for k in change.kinds)
    if change.errata:
        badges += f"<span class='kind'>{_h(_t(T_ERRATA, lang))}</span>"
    extra = headline_extra(change, lang)
    note = (
        f" <span class='note'>{_h('；'.join(extra) if lang == 'zh' else '; '.join(extra))}</span>"
        if extra
        else ""
    )
    warn = f"<p class='warn'>⚠ {_h(_t(T_REMOVED_WARN, lang))}</p>" if "removed" in change.kinds else ""
    return (
        f"<div class='change'>{badges} <span class='id'>{_h(change.item)}</span> {_h(change.name)}{note}{warn}"
        f"{_html_fields(_shown_fields(change), lang, added=change.before is None)}</div>"
    )


def render_html(result: DiffResult, lang: str, out: IO[str]) -> None:
    frm = side_label(result.from_, result.from_label, lang)
    to = side_label(result.to, result.to_label, lang)
    title = f"{_t(T_TITLE, lang)}：{frm} → {to}" if lang == "zh" else f"{_t(T_TITLE, lang)}: {frm} → {to}"
    body: list[str] = [f"<h1>{_h(_t(T_TITLE, lang))}</h1><p class='sides'>{_h(frm)} → {_h(to)}</p>"]
    for p in result.problems:
        msg = _t(
            T_PROBLEM,
            lang,
            file=p.file,
            side=_t(_SIDE_NAMES.get(p.side, T_NONE), lang),
            message=p.message.get(lang),
        )
        body.append(f"<p class='warn'>⚠ {_h(msg)}</p>")
    if not result.has_changes and not result.problems:
        body.append(f"<p>{_h(_t(T_NO_CHANGES, lang))}</p>")
    else:
        body.append(f"<p class='summary'>{_h(summary_line(result, lang))}</p>")
        used = [k for k, n in result.counts().items() if n]
        head = "".join(
            f"<th>{_h(x)}</th>" for x in (_t(T_LIST, lang), _t(T_FILE, lang), _t(T_REVISION, lang))
        )
        head += (
            "".join(f"<th>{_h(kind_label(k, lang))}</th>" for k in used) + f"<th>{_h(_t(T_TOTAL, lang))}</th>"
        )
        if result.errata:
            head += f"<th>{_h(_t(T_ERRATA, lang))}</th>"
        rows = []
        for lc in _ordered_lists(result):
            counts = result.counts(lc.list_id)
            total = sum(1 for c in result.changes_of(lc.list_id) if not c.errata)
            rev = (
                lc.revision_after or "—"
                if lc.revision_before == lc.revision_after
                else f"{lc.revision_before or '—'} → {lc.revision_after or '—'}"
            )
            cells = "".join(f"<td class='n'>{counts[k] or ''}</td>" for k in used)
            errata = sum(1 for c in result.changes_of(lc.list_id) if c.errata)
            tail = f"<td class='n'>{errata or ''}</td>" if result.errata else ""
            rows.append(
                f"<tr><td><span class='id'>{_h(lc.list_id)}</span> {_h(lc.title)}</td><td><code>{_h(lc.file)}</code></td>"
                f"<td>{_h(rev)}</td>{cells}<td class='n'>{total}</td>{tail}</tr>"
            )
        body.append(
            f"<table class='summary'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    for lc in _ordered_lists(result):
        mine = [c for c in result.changes_of(lc.list_id) if not c.errata]
        notes = [f"<code>{_h(lc.file)}</code>"]
        if lc.status == "added":
            notes.append(_h(_t(T_LIST_ADDED, lang)))
        elif lc.status == "removed":
            notes.append(_h(_t(T_LIST_REMOVED, lang)))
        elif lc.moved:
            notes.append(_h(_t(T_FILE_MOVED, lang, old=lc.file_before, new=lc.file_after)))
        section = [
            f"<details open><summary><span class='id'>{_h(lc.list_id)}</span> {_h(lc.title)} — "
            f"{_h(_list_count(result, lc, lang))}</summary><p class='note'>{' · '.join(notes)}</p>",
            _html_fields(_list_fields(lc), lang),
        ]
        moved = baseline_note(lc, lang)
        if moved:
            section.append(f"<p class='warn'>⚠ {_h(moved)}</p>")
        if mine and lc.revision_before and lc.revision_before == lc.revision_after:
            section.append(f"<p class='warn'>⚠ {_h(_t(T_REVISION_SAME, lang, rev=lc.revision_after))}</p>")
        section += [_html_change(c, lang) for c in mine]
        section.append("</details>")
        body.append("".join(section))
    if result.errata:
        body.append(f"<h2>{_h(_t(T_CORRECTIONS, lang))}</h2><ul>")
        for corr in result.corrections:
            body.append(
                f"<li><code>{_h(corr.commit[:7])}</code> {_h(corr.date[:10])} {_h(corr.author)}：{_h(corr.subject)}</li>"
            )
        body.append("</ul>" + "".join(_html_change(c, lang) for c in result.errata))
    if result.formatting_only:
        body.append(
            f"<p class='note'>{_h(_t(T_FORMAT_ONLY, lang, n=len(result.formatting_only), files=', '.join(result.formatting_only)))}</p>"
        )
    body.append(f"<footer>{_h(_t(T_GENERATED, lang, version=__version__))}</footer>")
    out.write(html_page(title, "\n".join(body) + "\n", lang, _CSS % {"fonts": CJK_FONTS}))


def _list_count(result: DiffResult, lc: ListChange, lang: str) -> str:
    mine = result.changes_of(lc.list_id)
    n, errata = sum(1 for c in mine if not c.errata), sum(1 for c in mine if c.errata)
    text = f"{n} 项变更" if lang == "zh" else f"{n} change(s)"
    if errata:
        text += f"，勘误 {errata} 项" if lang == "zh" else f", {errata} correction(s)"
    return text


DIFF_RENDERERS: dict[str, Callable[[DiffResult, str, IO[str]], None]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "html": render_html,
}


# ---- git external diff -----------------------------------------------------------------------

T_FORMAT_ONLY_FILE = Text("（仅格式或顺序变化，无实质变更）", "(formatting or order only, no changes)")


def render_driver(output: DriverOutput, lang: str, out: IO[str], color: bool | None = None) -> None:
    """One path of `git diff`: a git-style header, then the semantic diff or the plain unified diff."""
    if output.result is None:
        out.write(output.unified)
        return
    result = output.result
    out.write(f"qingdan diff a/{output.path} b/{output.path}\n")
    console = Console(
        file=out, force_terminal=color, no_color=color is False, highlight=False, soft_wrap=True
    )
    styled = console.color_system is not None
    for p in result.problems:
        console.print(RichText("⚠ " + p.message.get(lang), style="yellow"))
    if not result.has_changes and not result.problems:
        console.print(_t(T_FORMAT_ONLY_FILE, lang))
        return
    console.print(RichText(summary_line(result, lang), style="bold"))
    for lc in _ordered_lists(result):
        _text_list(console, result, lc, lang, styled)


# ---- log -------------------------------------------------------------------------------------

T_LOG_HEAD = Text(
    "{ident} {name} 的变更历史（最新在前，共 {n} 次）",
    "History of {ident} {name} (newest first, {n} commits)",
)
T_LOG_IDS = Text("同一事项的其他编号：{ids}", "the same item under other ids: {ids}")
T_LOG_MORE = Text("（只显示前 {n} 次，--max-count 可调整）", "(first {n} shown; see --max-count)")


def render_log_text(log: ItemLog, lang: str, out: IO[str], color: bool | None = None) -> None:
    console = Console(
        file=out, force_terminal=color, no_color=color is False, highlight=False, soft_wrap=True
    )
    styled = console.color_system is not None
    console.print(
        RichText(_t(T_LOG_HEAD, lang, ident=log.ident, name=log.name, n=len(log.entries)), style="bold")
    )
    others = [i for i in log.ids if i != log.ident]
    if others:
        console.print(RichText(_t(T_LOG_IDS, lang, ids=", ".join(others)), style="dim"))
    for entry in log.entries:
        c = entry.commit
        console.print()
        line = RichText(c.sha[:7], style="yellow")
        line.append(f"  {c.date[:10]}  {c.author}  ")
        line.append(c.subject, style="bold")
        if c.errata:
            line.append(f"  ({_t(T_ERRATA, lang)})", style="dim")
        console.print(line)
        if entry.list_change is not None:
            for f in entry.list_change.fields:
                console.print(_field_line(f, lang, styled, indent=4))
        for change in entry.changes:
            _text_change(console, change, lang, styled)
    if log.truncated:
        console.print()
        console.print(RichText(_t(T_LOG_MORE, lang, n=len(log.entries)), style="dim"))


def log_as_dict(log: ItemLog) -> dict[str, Any]:
    return {
        "id": log.ident,
        "kind": log.kind,
        "name": log.name,
        "ids": log.ids,
        "truncated": log.truncated,
        "entries": [
            {
                "commit": e.commit.sha,
                "parents": list(e.commit.parents),
                "date": e.commit.date,
                "author": e.commit.author,
                "email": e.commit.email,
                "message": e.commit.message,
                "subject": e.commit.subject,
                "errata": e.commit.errata,
                "list_fields": [f.as_dict() for f in e.list_change.fields] if e.list_change else [],
                "changes": [ch.as_dict() for ch in e.changes],
                # the first change's view, for the common one-item case
                "kinds": list(e.changes[0].kinds) if e.changes else [],
                "fields": [f.as_dict() for f in e.changes[0].fields] if e.changes else [],
                "file": e.changes[0].file if e.changes else (e.list_change.file if e.list_change else ""),
            }
            for e in log.entries
        ],
    }


def render_log_json(log: ItemLog, lang: str, out: IO[str]) -> None:
    json.dump(log_as_dict(log), out, ensure_ascii=False, indent=2)
    out.write("\n")


LOG_RENDERERS: dict[str, Callable[[ItemLog, str, IO[str]], None]] = {
    "text": render_log_text,
    "json": render_log_json,
}


# ---- show ------------------------------------------------------------------------------------

T_SHOW_LIST = Text("清单：{list} {title}（{file}）", "list: {list} {title} ({file})")
T_SHOW_AT = Text("时点：{sha} {date} {subject}", "as of: {sha} {date} {subject}")
T_SHOW_WORKTREE = Text("时点：工作区（尚未提交的文件）", "as of: the working tree (uncommitted files)")
T_SHOW_ASKED = Text("{asked} 已重新编号为 {ident}", "{asked} was renumbered to {ident}")
T_SHOW_ITEMS = Text("事项（{n} 项，其中有效 {active} 项）", "items ({n}, {active} active)")


def render_show_text(shown: Shown, lang: str, out: IO[str], color: bool | None = None) -> None:
    console = Console(
        file=out, force_terminal=color, no_color=color is False, highlight=False, soft_wrap=True
    )
    if shown.kind == "item":
        head = RichText(shown.ident, style="bold")
        head.append(f"  {shown.data.get('name', '')}", style="bold")
        console.print(head)
        if shown.asked:
            console.print(
                RichText(_t(T_SHOW_ASKED, lang, asked=shown.asked, ident=shown.ident), style="yellow")
            )
    else:
        console.print(RichText(f"{shown.list_id}  {shown.list_title}", style="bold"))
    if shown.kind == "item":
        console.print(_t(T_SHOW_LIST, lang, list=shown.list_id, title=shown.list_title, file=shown.file))
    else:
        console.print(f"{_t(T_FILE, lang)}{'：' if lang == 'zh' else ': '}{shown.file}")
    if shown.commit is not None:
        c = shown.commit
        console.print(_t(T_SHOW_AT, lang, sha=c.sha[:7], date=c.date[:10], subject=c.subject))
    else:
        console.print(_t(T_SHOW_WORKTREE, lang))
    console.print()
    if shown.kind == "item":
        for line in yamlish(shown.data, lang, skip=("id", "name")):
            console.print(line, markup=False)
        return
    found = shown.data.get("list")
    header: dict[str, Any] = found if isinstance(found, dict) else {}
    for line in yamlish(header, lang, skip=("id", "title"), order=HEADER_KEYS):
        console.print(line, markup=False)
    items = [i for i in shown.data.get("items", []) if isinstance(i, dict)]
    active = sum(1 for i in items if i.get("status", "active") != "retired")
    console.print()
    console.print(RichText(_t(T_SHOW_ITEMS, lang, n=len(items), active=active), style="bold"))
    for item in items:
        category = value_text(item.get("category"), lang, "category")
        status = value_text(item.get("status", "active"), lang, "status")
        retired = item.get("status") == "retired"
        row = RichText(f"  {item.get('id', '')}  ", style="dim" if retired else "bold")
        row.append(f"{category}  {status}  ", style="dim")
        row.append(str(item.get("name", "")), style="dim" if retired else "")
        console.print(row)


def yamlish(
    data: dict[str, Any],
    lang: str,
    skip: tuple[str, ...] = (),
    order: tuple[str, ...] = ITEM_KEYS,
    indent: int = 0,
    within: str = "",
) -> list[str]:
    """A mapping as readable YAML-like lines with translated labels (values as written, enums explained).

    within: the key of the mapping this one is nested in (a list's unit has its own name and type).
    """
    pad = " " * indent
    colon = "：" if lang == "zh" else ": "
    lines: list[str] = []
    keys = sorted(
        (k for k in data if k not in skip), key=lambda k: (order.index(k) if k in order else len(order), k)
    )
    for key in keys:
        value = data[key]
        label = FIELD_LABELS[key].get(lang) if key in FIELD_LABELS else key
        if within == "unit" and key in UNIT_FIELD_LABELS:
            label = UNIT_FIELD_LABELS[key].get(lang)
        if within == "unit" and key == "type" and isinstance(value, str) and value in UNIT_TYPE_LABELS:
            text = UNIT_TYPE_LABELS[value].get(lang)
            lines.append(
                f"{pad}{label}{colon}{text}（{value}）" if lang == "zh" else f"{pad}{label}{colon}{value}"
            )
            continue
        if isinstance(value, dict) and value:
            lines.append(f"{pad}{label}{colon}")
            lines += yamlish(value, lang, indent=indent + 2, order=(), within=key)
        elif isinstance(value, list) and value and any(isinstance(v, dict) for v in value):
            lines.append(f"{pad}{label}{colon}")
            for v in value:
                text = (
                    citation_text(v, lang)
                    if isinstance(v, dict) and "instrument" in v
                    else value_text(v, lang)
                )
                lines.append(f"{pad}  - {text}")
        else:
            text = value_text(value, lang, key)
            if isinstance(value, str) and key in VALUE_LABELS and text != value:
                text = f"{text}（{value}）" if lang == "zh" else text
            lines.append(f"{pad}{label}{colon}{text}")
    return lines


def show_as_dict(shown: Shown) -> dict[str, Any]:
    c = shown.commit
    return {
        "kind": shown.kind,
        "id": shown.ident,
        "asked": shown.asked or shown.ident,
        "list": shown.list_id,
        "list_title": shown.list_title,
        "file": shown.file,
        "at": "WORKTREE" if c is None else c.sha,
        "commit": None
        if c is None
        else {"commit": c.sha, "date": c.date, "author": c.author, "subject": c.subject},
        "data": shown.data,
    }


def render_show_json(shown: Shown, lang: str, out: IO[str]) -> None:
    json.dump(show_as_dict(shown), out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


SHOW_RENDERERS: dict[str, Callable[[Shown, str, IO[str]], None]] = {
    "text": render_show_text,
    "json": render_show_json,
}
