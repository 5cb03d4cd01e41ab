"""Rule 5: cooperative and recalled items name who does what, with registered department names."""

from __future__ import annotations

from collections.abc import Iterator

from qingdan.model import Finding
from qingdan.rules import Context, finding, is_active

_COOPERATIVE_KEYS = ("lead_department", "department_duty", "township_duty")


def check(ctx: Context) -> Iterator[Finding]:
    for doc, index, item in ctx.all_items():
        path = ("items", index)
        category = item.get("category")
        if is_active(item):
            if category == "cooperative":
                for key in _COOPERATIVE_KEYS:
                    if not item.get(key):
                        yield finding(doc, "QD501", path, item, key=key)
            elif category == "recalled":
                if not item.get("lead_department"):
                    yield finding(doc, "QD502", path, item)
                if item.get("township_duty"):
                    yield finding(doc, "QD503", path + ("township_duty",), item)
        if ctx.departments is None:
            continue
        names: list[tuple[tuple[str | int, ...], object]] = [
            (path + ("lead_department",), item.get("lead_department"))
        ]
        cooperating = item.get("cooperating_departments")
        if isinstance(cooperating, list):
            names += [(path + ("cooperating_departments", j), n) for j, n in enumerate(cooperating)]
        for where, name in names:
            if isinstance(name, str) and name and ctx.departments.canonical(name) is None:
                hint = ctx.departments.suggest(name)
                yield finding(
                    doc,
                    "QD504",
                    where,
                    item,
                    name=name,
                    hint_zh=f"，是否指「{hint}」？" if hint else "",
                    hint_en=f"; did you mean '{hint}'?" if hint else "",
                )
