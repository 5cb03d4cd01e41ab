"""The words of the format in Chinese and English: one table, used by every command and report."""

from __future__ import annotations

import re
from typing import Any

from qingdan.i18n import Text

CATEGORY_LABELS: dict[str, Text] = {
    "basic": Text("基本履职事项", "basic duties"),
    "cooperative": Text("配合履职事项", "cooperative duties"),
    "recalled": Text("上级部门收回事项", "recalled by higher departments"),
    "self_governance": Text("依法自治事项", "self-governance duties"),
    "assist_government": Text("依法协助政府工作事项", "assisting the government"),
    "prohibited": Text("负面清单事项", "negative list"),
    "certificate": Text("出具证明事项", "certificates issued"),
}
REASON_LABELS: dict[str, Text] = {
    "law_repealed": Text("依据废止", "law repealed"),
    "law_amended": Text("依据修改", "law amended"),
    "unsuitable": Text("不宜由基层承担", "unsuitable"),
    "ineffective": Text("实际作用不大", "ineffective"),
    "completed": Text("阶段性任务完成", "completed"),
    "merged": Text("合并", "merged"),
    "duplicate": Text("重复", "duplicate"),
}
STATUS_LABELS: dict[str, Text] = {
    "active": Text("有效", "active"),
    "retired": Text("已销号", "retired"),
}
LIST_KIND_LABELS: dict[str, Text] = {
    "township": Text("乡镇（街道）清单", "township"),
    "village": Text("村（社区）清单", "village"),
}
UNIT_TYPE_LABELS: dict[str, Text] = {
    "township": Text("乡镇", "township"),
    "subdistrict": Text("街道", "sub-district"),
    "village": Text("村", "village"),
    "community": Text("社区", "community"),
    "county": Text("县", "county"),
    "city": Text("市", "city"),
    "province": Text("省", "province"),
}
# the fields of a list's unit, whose bare names (name, type) would otherwise read as the item's
UNIT_FIELD_LABELS: dict[str, Text] = {
    "name": Text("单位名称", "unit name"),
    "type": Text("单位类型", "unit type"),
    "code": Text("区划代码", "code"),
}
# the changes that give a township more work, each admitted by an entry of an item's admissions
ADMITTED_CHANGE_LABELS: dict[str, Text] = {
    "to_basic": Text("改为基本履职事项", "recategorised to basic"),
    "devolved": Text("改为下沉（赋权）事项", "turned devolved"),
    "township_duty": Text("调整乡镇配合职责", "township duty changed"),
}

# every enum of the format whose values qingdan prints with a label, by the key that holds it
ENUMS: dict[str, dict[str, Text]] = {
    "category": CATEGORY_LABELS,
    "reason": REASON_LABELS,
    "status": STATUS_LABELS,
    "kind": LIST_KIND_LABELS,
    "unit.type": UNIT_TYPE_LABELS,
}


def to_code(table: dict[str, Text], value: str) -> str | None:
    """The code a user meant: the code itself or either printed label (case and spaces aside)."""
    wanted = " ".join(value.split()).casefold()
    for code, text in table.items():
        if wanted in (code.casefold(), text.zh.casefold(), text.en.casefold()):
            return code
    return None


def choices_text(table: dict[str, Text], lang: str) -> str:
    """`basic（基本履职事项）、cooperative（…）` or `basic (basic duties), …`: what may be written."""
    if lang == "zh":
        return "、".join(f"{code}（{text.zh}）" for code, text in table.items())
    return ", ".join(code if text.en == code else f"{code} ({text.en})" for code, text in table.items())


# the labels a change names a value by (diff, reports, edit messages)
VALUE_LABELS: dict[str, dict[str, Text]] = {
    "category": CATEGORY_LABELS,
    "status": {"active": Text("有效", "active"), "retired": Text("已销号", "retired")},
    "reason": REASON_LABELS,
    "change": ADMITTED_CHANGE_LABELS,
    "kind": {"township": Text("乡镇（街道）清单", "township"), "village": Text("村（社区）清单", "village")},
    "unit.type": UNIT_TYPE_LABELS,
}

# ---- how a change names its kinds, fields and values (diff, reports) ----

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

FIELD_LABELS: dict[str, Text] = {
    "id": Text("编号", "id"),
    "name": Text("事项名称", "name"),
    "category": Text("事项类别", "category"),
    "domain": Text("领域", "domain"),
    "group": Text("分组", "group"),
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
    "template_revision": Text("所依模板版次", "template revision followed"),
    "approval": Text("印发记录", "publication"),
    "applies_to": Text("适用单位", "applies to"),
}

# a list's not_applicable records (template items it records as not applying), as diff and reports name them
NA_KIND_LABELS: dict[str, Text] = {
    "added": Text("记为不适用", "recorded as not applicable"),
    "removed": Text("撤销不适用记录", "not-applicable record removed"),
    "changed": Text("不适用理由调整", "reason changed"),
}
T_NA_COUNT = Text("不适用记录变更 {n} 条", "{n} not-applicable record change(s)")
T_NA_OLD_REASON = Text("原理由「{reason}」", "formerly “{reason}”")
T_NA_ADOPTED_BY = Text("改由 {item} 采用", "now adopted by {item}")
T_NA_ADOPTED_BEFORE = Text("原由 {item} 采用", "formerly adopted by {item}")

T_NONE = Text("（无）", "(none)")
T_YES, T_NO = Text("是", "yes"), Text("否", "no")


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
        return T_NONE.get(lang)
    if isinstance(value, bool):
        return (T_YES if value else T_NO).get(lang)
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


def not_applicable_detail(
    kind: str,
    reason_before: str,
    reason_after: str,
    adopted_by: str | None,
    adopted_before: str | None,
    lang: str,
) -> str:
    """What a change to a not_applicable record says after the template item id (plain text: callers
    escape it for their format)."""
    none = T_NONE.get(lang)
    semi = "；" if lang == "zh" else "; "
    if kind == "changed":
        return f"{reason_before or none} → {reason_after or none}"
    if kind == "added":
        parts = [reason_after or none]
        if adopted_before:
            parts.append(T_NA_ADOPTED_BEFORE.format(lang, item=adopted_before))
        return semi.join(parts)
    parts = [T_NA_OLD_REASON.format(lang, reason=reason_before or none)]
    if adopted_by:
        parts.append(T_NA_ADOPTED_BY.format(lang, item=adopted_by))
    return semi.join(parts)
