"""Change reports as Markdown (the document officials read and publish), JSON and a self-contained HTML page.

Output depends only on the report data: no dates of generation and no tool version, so that
`qingdan report --check` can regenerate and compare byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from qingdan.diff import Change, NotApplicableChange
from qingdan.escape import html_page, md, md_code
from qingdan.i18n import Text
from qingdan.labels import (
    KIND_LABELS,
    UNIT_TYPE_LABELS,
    VALUE_LABELS,
    field_label,
    value_text,
)


@dataclass
class CommitRow:
    sha: str
    date: str
    author: str
    subject: str
    errata: bool


@dataclass
class Report:
    """One revision's change report, as data; markdown, render_json and render_html below write it."""

    list_id: str
    file: str
    header: dict[str, Any]
    revision: str
    previous: str | None = None
    previous_commit: str | None = None
    previous_header: dict[str, Any] = field(default_factory=dict)
    counts_before: dict[str, int] = field(default_factory=dict)
    counts_after: dict[str, int] = field(default_factory=dict)
    retired_after: int = 0
    kind_counts: dict[str, int] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    corrections: list[Change] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)  # the whole list, for a first revision
    commits: list[CommitRow] = field(default_factory=list)
    list_blob: str | None = None  # the git blob id of the list file this report describes
    # changes to the list's not_applicable records (for a first publication: every record, as added)
    not_applicable: list[NotApplicableChange] = field(default_factory=list)

    def changes_of(self, *kinds: str) -> list[Change]:
        return [c for c in self.changes if any(k in c.kinds for k in kinds)]


T = {
    "title": Text("{title}（{revision} 版）调整说明", "{title}, revision {revision}: change report"),
    "first": Text("{title}（{revision} 版）发布说明", "{title}, revision {revision}: first publication"),
    "field": Text("项目", "Field"),
    "value": Text("内容", "Value"),
    "list_id": Text("清单编号", "List id"),
    "unit": Text("所属单位", "Unit"),
    "issuer": Text("发布机关", "Issuer"),
    "revision": Text("本次版次", "This revision"),
    "revision_value": Text("{revision}，自 {effective} 起施行", "{revision}, in force from {effective}"),
    "previous": Text("上一版次", "Previous revision"),
    "previous_value": Text(
        "{revision}（自 {effective} 起施行；提交 {commit}）",
        "{revision} (in force from {effective}; commit {commit})",
    ),
    "none": Text("无（首次发布）", "none (first publication)"),
    "file": Text("清单文件", "List file"),
    "approval": Text("印发", "Published"),
    "approval_value": Text("{approver} {document}（{date}）", "{approver}, {document} ({date})"),
    "counts": Text("一、事项数量", "1. Number of items"),
    "category": Text("类别", "Category"),
    "before": Text("调整前", "Before"),
    "after": Text("调整后", "After"),
    "delta": Text("增减", "Change"),
    "total": Text("合计（有效事项）", "Total (active items)"),
    "retired_total": Text(
        "另有已销号事项 {n} 项，保留在清单文件中。", "A further {n} retired item(s) remain in the list file."
    ),
    "kinds": Text("调整类型", "Kind of change"),
    "number": Text("事项数", "Items"),
    "no_change": Text("本版次没有实质调整。", "This revision makes no substantive change."),
    "added": Text("二、新增事项（{n} 项）", "2. Items added ({n})"),
    "retired": Text("三、销号事项（{n} 项）", "3. Items retired ({n})"),
    "recat": Text("四、类别调整（{n} 项）", "4. Recategorised items ({n})"),
    "other": Text("五、更名、依据调整与内容调整（{n} 项）", "5. Renamed, re-based and modified items ({n})"),
    "errata": Text("{no}、更正（勘误，{n} 项）", "{no}. Corrections (errata, {n})"),
    "errata_note": Text(
        "以下改动来自标注 Qingdan-Change: errata 的提交，属文字更正，不计入实质调整。",
        "These changes come from commits marked Qingdan-Change: errata: corrections, not substantive changes.",
    ),
    "commits": Text("{no}、涉及的提交", "{no}. Commits involved"),
    "commit": Text("提交", "Commit"),
    "date": Text("日期", "Date"),
    "author": Text("作者", "Author"),
    "subject": Text("说明", "Message"),
    "no_commits": Text("（尚无已提交的改动）", "(no committed changes yet)"),
    "items": Text("二、清单事项（{n} 项）", "2. Items ({n})"),
    "name": Text("事项名称", "Item"),
    "domain": Text("领域", "Domain"),
    "basis": Text("履职依据", "Legal basis"),
    "content": Text("具体内容", "Content"),
    "admission": Text("准入", "Admission"),
    "admission_value": Text(
        "{approver} 批准（{document}，{approved}）", "approved by {approver} ({document}, {approved})"
    ),
    "publicity_value": Text(
        "公示 {start} 至 {end}（{days} 天）", "public notice {start} to {end} ({days} days)"
    ),
    "justification": Text("必要性与合理性论证", "Justification"),
    "no_admission": Text("无准入记录", "no admission record"),
    "reason": Text("销号原因", "Reason"),
    "successor": Text("承接事项", "Taken over by"),
    "note": Text("说明", "Note"),
    "retire_basis": Text("销号依据", "Basis for retiring"),
    "recat_kind": Text("调整", "Change"),
    "from_to": Text("{old} → {new}", "{old} → {new}"),
    "lead": Text("牵头（承接）部门", "Lead (receiving) department"),
    "changes": Text("变更", "Changes"),
    "footer": Text(
        "本说明由 qingdan 依据清单文件及其 git 历史生成；表中数字均由清单数据计算。",
        "Generated by qingdan from the list files and their git history; every number is computed from the list data.",
    ),
    "moved": Text("移入（自 {file}）", "moved in (from {file})"),
    "na": Text("{no}、不适用的模板事项（{n} 条）", "{no}. Template items not applicable ({n})"),
    "na_changes": Text("{no}、不适用记录调整（{n} 条）", "{no}. Not-applicable records changed ({n})"),
    "na_row": Text("不适用记录", "Not-applicable records"),
    "errata_mark": Text("（勘误）", " (errata)"),
}
_NUMERALS = {"zh": "一二三四五六七八九", "en": "123456789"}
_RECAT = {"recalled": Text("收回", "recalled"), "devolved": Text("下放", "devolved")}


_PUNCT = {
    "zh": {"colon": "：", "semi": "；", "open": "（", "close": "）", "sep": "、", "comma": "，"},
    "en": {"colon": ": ", "semi": "; ", "open": " (", "close": ")", "sep": ", ", "comma": ", "},
}


def _field(label: str, value: Any, lang: str) -> str:
    return f"- {label}{_PUNCT[lang]['colon']}{value}"


def _paren(text: str, lang: str) -> str:
    return f"{_PUNCT[lang]['open']}{text}{_PUNCT[lang]['close']}"


def _t(key: str, lang: str, **kw: Any) -> str:
    """A label of ours with data filled in: every value is escaped for Markdown (qingdan/escape.py)."""
    return T[key].format(lang, **{k: md(v) for k, v in kw.items()})


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _citation(c: dict[str, Any], lang: str) -> str:
    text = f"《{md(c.get('instrument', ''))}》{md(c.get('article', ''))}"
    if c.get("version"):
        version = md(c["version"])
        text += _paren(f"{version} 版" if lang == "zh" else f"version of {version}", lang)
    return text


def _basis(item: dict[str, Any] | None, lang: str = "zh") -> str:
    return _PUNCT[lang]["semi"].join(
        _citation(c, lang) for c in (item or {}).get("basis") or [] if isinstance(c, dict)
    )


def _reason(record: dict[str, Any], lang: str) -> str:
    code = str(record.get("reason", ""))
    label = VALUE_LABELS["reason"].get(code)
    text = label.get(lang) if label else code
    return md(text) if text == code else md(text) + _paren(md(code), lang)


def _category(value: Any, lang: str) -> str:
    label = VALUE_LABELS["category"].get(str(value))
    return label.get(lang) if label else md(value)


def _days(start: str, end: str) -> int | str:
    import datetime as dt

    try:
        return (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days + 1
    except (TypeError, ValueError):
        return "?"


def _unit(header: dict[str, Any], lang: str) -> str:
    unit = header.get("unit") or {}
    if not isinstance(unit, dict):
        unit = {"name": unit}
    kind = UNIT_TYPE_LABELS.get(str(unit.get("type")))
    extra = [x for x in (kind.get(lang) if kind else unit.get("type"), unit.get("code")) if x]
    name = md(unit.get("name", ""))
    return name + (_paren(_PUNCT[lang]["comma"].join(map(md, extra)), lang) if extra else "")


def _item_heading(change: Change) -> str:
    return f"### {md(change.item)} {md(change.name)}"


def markdown(report: Report, lang: str) -> str:
    h = report.header
    first = report.previous is None
    lines = [
        f"# {_t('first' if first else 'title', lang, title=h.get('title', report.list_id), revision=report.revision)}",
        "",
    ]
    lines += [f"| {_t('field', lang)} | {_t('value', lang)} |", "|---|---|"]
    rows = [
        (_t("list_id", lang), md(report.list_id)),
        (_t("unit", lang), _unit(h, lang)),
        (_t("issuer", lang), md(h.get("issuer", ""))),
        (_t("revision", lang), _t("revision_value", lang, revision=report.revision, effective=h.get("effective", ""))),
        (
            _t("previous", lang),
            _t("none", lang) if first else _t(
                "previous_value", lang, revision=report.previous,
                effective=report.previous_header.get("effective", ""), commit=(report.previous_commit or "")[:10],
            ),
        ),
        (_t("file", lang), md_code(report.file)),
    ]  # fmt: skip
    approval = h.get("approval")
    if isinstance(approval, dict):
        rows.insert(4, (_t("approval", lang), _t(
            "approval_value", lang, document=approval.get("document", ""),
            date=approval.get("date", ""), approver=approval.get("approver", ""),
        )))  # fmt: skip
    lines += [f"| {a} | {b} |" for a, b in rows]
    lines += ["", f"## {_t('counts', lang)}", ""]
    if first:
        lines += [f"| {_t('category', lang)} | {_t('number', lang)} |", "|---|---:|"]
        lines += [f"| {_category(c, lang)} | {n} |" for c, n in report.counts_after.items()]
        lines.append(f"| {_t('total', lang)} | {sum(report.counts_after.values())} |")
    else:
        lines += [
            f"| {_t('category', lang)} | {_t('before', lang)} | {_t('after', lang)} | {_t('delta', lang)} |",
            "|---|---:|---:|---:|",
        ]
        for category, after in report.counts_after.items():
            before = report.counts_before.get(category, 0)
            lines.append(f"| {_category(category, lang)} | {before} | {after} | {after - before:+d} |")
        total_b, total_a = sum(report.counts_before.values()), sum(report.counts_after.values())
        lines.append(f"| {_t('total', lang)} | {total_b} | {total_a} | {total_a - total_b:+d} |")
    if report.retired_after:
        lines += ["", _t("retired_total", lang, n=report.retired_after)]
    if first:
        lines += _first_items(report, lang)
        number = 3
        if report.not_applicable:
            lines += [
                "",
                f"## {_t('na', lang, no=_NUMERALS[lang][number - 1], n=len(report.not_applicable))}",
                "",
            ]
            lines += [
                f"- {md(na.item)}{_PUNCT[lang]['colon']}{md(na.reason_after)}" for na in report.not_applicable
            ]
            number += 1
    else:
        section_lines, number = _sections(report, lang)
        lines += section_lines
    lines += ["", f"## {_t('commits', lang, no=_NUMERALS[lang][number - 1])}", ""]
    if report.commits:
        lines += [
            f"| {_t('commit', lang)} | {_t('date', lang)} | {_t('author', lang)} | {_t('subject', lang)} |",
            "|---|---|---|---|",
        ]
        for c in report.commits:
            mark = "（勘误）" if c.errata and lang == "zh" else (" (errata)" if c.errata else "")
            lines.append(f"| {md_code(c.sha[:10])} | {md(c.date)} | {md(c.author)} | {md(c.subject)}{mark} |")
    else:
        lines.append(_t("no_commits", lang))
    lines += ["", "---", "", _t("footer", lang), ""]
    return "\n".join(lines)


def _first_items(report: Report, lang: str) -> list[str]:
    active = [i for i in report.items if i.get("status", "active") == "active"]
    lines = ["", f"## {_t('items', lang, n=len(active))}", ""]
    lines += [f"| {_t('list_id', lang).replace('清单', '事项')} | {_t('name', lang)} | {_t('category', lang)} | {_t('domain', lang)} | {_t('basis', lang)} |",
              "|---|---|---|---|---|"]  # fmt: skip
    for item in active:
        lines.append(
            f"| {md(item.get('id'))} | {md(item.get('name', ''))} | {_category(item.get('category'), lang)} | "
            f"{md(item.get('domain', ''))} | {_basis(item, lang)} |"
        )
    return lines


def _sections(report: Report, lang: str) -> tuple[list[str], int]:
    """The sections of a report on a revision with a previous one, and the number of the next section."""
    records = sum(1 for na in report.not_applicable if not na.errata)
    lines = ["", f"| {_t('kinds', lang)} | {_t('number', lang)} |", "|---|---:|"]
    if not report.kind_counts and not records:
        lines = ["", _t("no_change", lang)]
    for kind in KIND_LABELS:
        if report.kind_counts.get(kind):
            lines.append(f"| {KIND_LABELS[kind].get(lang)} | {report.kind_counts[kind]} |")
    if records:
        lines.append(f"| {_t('na_row', lang)} | {records} |")
    added = report.changes_of("added")
    lines += ["", f"## {_t('added', lang, n=len(added))}"]
    for change in added:
        item = change.after or {}
        lines += ["", _item_heading(change), ""]
        lines.append(
            _field(_t("category", lang), _category(item.get("category"), lang), lang)
            + f"{_PUNCT[lang]['semi']}{_t('domain', lang)}{_PUNCT[lang]['colon']}{md(item.get('domain', ''))}"
        )
        if item.get("content"):
            lines.append(_field(_t("content", lang), md(item["content"]), lang))
        lines.append(_field(_t("basis", lang), _basis(item, lang), lang))
        if item.get("lead_department"):
            lines.append(_field(_t("lead", lang), md(item["lead_department"]), lang))
        admission = item.get("admission")
        if isinstance(admission, dict):
            lines.append(
                f"- {_t('admission', lang)}{_PUNCT[lang]['colon']}"
                + _t(
                    "admission_value",
                    lang,
                    approver=admission.get("approver", ""),
                    document=admission.get("document", ""),
                    approved=admission.get("approved", ""),
                )
            )
            publicity = admission.get("publicity")
            if isinstance(publicity, dict):
                lines.append(
                    "  "
                    + _t(
                        "publicity_value",
                        lang,
                        start=publicity.get("start", ""),
                        end=publicity.get("end", ""),
                        days=_days(publicity.get("start", ""), publicity.get("end", "")),
                    )
                )
            if admission.get("justification"):
                lines.append(_field(_t("justification", lang), md(admission["justification"]), lang))
        else:
            lines.append(_field(_t("admission", lang), _t("no_admission", lang), lang))
    retired = report.changes_of("retired")
    lines += ["", f"## {_t('retired', lang, n=len(retired))}"]
    for change in retired:
        record = (change.after or {}).get("retired") or {}
        lines += ["", _item_heading(change), ""]
        lines.append(
            _field(
                _t("reason", lang),
                _reason(record, lang),
                lang,
            )
        )
        if record.get("replaced_by"):
            lines.append(
                _field(
                    _t("successor", lang),
                    _PUNCT[lang]["sep"].join(map(md, _as_list(record["replaced_by"]))),
                    lang,
                )
            )
        if record.get("basis"):
            lines.append(_field(_t("retire_basis", lang), _basis(record, lang), lang))
        if record.get("note"):
            lines.append(_field(_t("note", lang), md(record["note"]), lang))
    recat = report.changes_of("recategorized")
    lines += ["", f"## {_t('recat', lang, n=len(recat))}"]
    if recat:
        lines += [
            "",
            f"| {_t('name', lang)} | {_t('before', lang)} | {_t('after', lang)} | {_t('recat_kind', lang)} |",
            "|---|---|---|---|",
        ]
        for change in recat:
            old, new = (change.before or {}).get("category"), (change.after or {}).get("category")
            tags = _PUNCT[lang]["sep"].join(
                _RECAT[k].get(lang) for k in ("recalled", "devolved") if k in change.kinds
            )
            lines.append(
                f"| {md(change.item)} {md(change.name)} | {_category(old, lang)} | {_category(new, lang)} | {tags} |"
            )
    other = [c for c in report.changes if set(c.kinds) & {"renamed", "renumbered", "basis_changed", "modified", "moved", "reinstated", "devolved"}
             and "added" not in c.kinds and "retired" not in c.kinds]  # fmt: skip
    lines += ["", f"## {_t('other', lang, n=len(other))}"]
    for change in other:
        kinds = _PUNCT[lang]["sep"].join(KIND_LABELS[k].get(lang) for k in change.kinds if k in KIND_LABELS)
        lines += ["", f"{_item_heading(change)}{_paren(kinds, lang)}", ""]
        lines += _field_lines(change, lang)
    number = 6
    if report.not_applicable:
        # a section of its own, only when there are such changes: the reports of other revisions keep their bytes
        no = _NUMERALS[lang][number - 1]
        lines += ["", f"## {_t('na_changes', lang, no=no, n=len(report.not_applicable))}", ""]
        lines += [_record_line(na, lang) for na in report.not_applicable]
        number += 1
    if report.corrections:
        lines += [
            "",
            f"## {_t('errata', lang, no=_NUMERALS[lang][number - 1], n=len(report.corrections))}",
            "",
            _t("errata_note", lang),
        ]
        for change in report.corrections:
            lines += ["", _item_heading(change), ""]
            lines += _field_lines(change, lang)
        number += 1
    return lines, number


def _record_line(na: NotApplicableChange, lang: str) -> str:
    mark = _t("errata_mark", lang) if na.errata else ""
    return f"- {md(na.label(lang))} {md(na.item)}{mark}{_PUNCT[lang]['colon']}{md(na.detail(lang))}"


def _field_lines(change: Change, lang: str) -> list[str]:
    out = []
    for f in change.fields:
        if f.path in ("category",):
            continue
        key = f.path.rsplit(".", 1)[-1]
        old, new = value_text(f.old, lang, key), value_text(f.new, lang, key)
        out.append(
            _field(md(field_label(f.path, lang)), _t("from_to", lang, old=old or "—", new=new or "—"), lang)
        )
    return out


def as_json(report: Report, lang: str) -> dict[str, Any]:
    out = _as_json(report)
    if report.not_applicable:  # only when there are such changes: other reports keep their bytes
        out["not_applicable"] = [na.as_dict() for na in report.not_applicable]
    return out


def _as_json(report: Report) -> dict[str, Any]:
    return {
        "list": report.list_id,
        "file": report.file,
        "title": report.header.get("title"),
        "revision": report.revision,
        "effective": report.header.get("effective"),
        "previous": report.previous,
        "previous_commit": report.previous_commit,
        "previous_effective": report.previous_header.get("effective"),
        "approval": report.header.get("approval"),
        "list_blob": report.list_blob,
        "counts": {
            "before": report.counts_before,
            "after": report.counts_after,
            "retired": report.retired_after,
        },
        "kinds": report.kind_counts,
        "changes": [c.as_dict() for c in report.changes],
        "corrections": [c.as_dict() for c in report.corrections],
        "items": [i.get("id") for i in report.items],
        "commits": [
            {"commit": c.sha, "date": c.date, "author": c.author, "subject": c.subject, "errata": c.errata}
            for c in report.commits
        ],
    }


def render_json(report: Report, lang: str) -> str:
    return json.dumps(as_json(report, lang), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


_CSS = (
    "\nbody{font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif;"
    "max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.7;color:#222}\n"
    "table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #bbb;padding:.3rem .6rem}"
    "th{background:#f2f2f2}code{font-family:monospace}\n"
)


def render_html(report: Report, lang: str) -> str:
    """The Markdown report as one self-contained page: no scripts (the page's policy forbids them),
    no external fonts or styles. Raw HTML in the Markdown is not passed through."""
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown(report, lang))
    return html_page(f"{report.header.get('title', report.list_id)} {report.revision}", body, lang, _CSS)


RENDERERS: dict[str, Callable[[Report, str], str]] = {
    "md": lambda report, lang: markdown(report, lang),
    "json": render_json,
    "html": render_html,
}
