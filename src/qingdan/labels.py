"""The words of the format in Chinese and English: one table, used by every command and report."""

from __future__ import annotations

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
