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
