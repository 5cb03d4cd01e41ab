"""qingdan dept as text, Markdown and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import groupby
from typing import IO, Any

from qingdan.department import DeptItem, DeptMatrix, DeptReport
from qingdan.i18n import Text
from qingdan.labels import CATEGORY_LABELS
from qingdan.render.escape import md
from qingdan.render.terminal import Console, Table, escape

_ROLE = {"lead": Text("牵头", "lead"), "cooperating": Text("配合", "cooperating")}
_DEPT = Text("部门职责", "department's duty")
_TOWN = Text("乡镇职责", "township's duty")
_MODE = Text("工作方式", "working mode")
_TOTAL = Text("{dept}：{n} 项（{lists} 个清单）", "{dept}: {n} items in {lists} lists")


def _category(code: str, lang: str) -> str:
    known = CATEGORY_LABELS.get(code)
    return known.get(lang) if known else code


def _details(item: DeptItem, lang: str) -> list[str]:
    out = []
    if item.department_duty:
        out.append(f"{_DEPT.get(lang)}：{item.department_duty}")
    if item.township_duty:
        out.append(f"{_TOWN.get(lang)}：{item.township_duty}")
    if item.working_mode:
        out.append(f"{_MODE.get(lang)}：{item.working_mode}")
    return out


def _groups(report: DeptReport) -> list[tuple[str, list[tuple[str, list[DeptItem]]]]]:
    out = []
    for list_id, in_list in groupby(report.items, key=lambda i: i.list_id):
        items = sorted(
            in_list,
            key=lambda i: list(CATEGORY_LABELS).index(i.category) if i.category in CATEGORY_LABELS else 99,
        )
        out.append((list_id, [(c, list(g)) for c, g in groupby(items, key=lambda i: i.category)]))
    return out


def render_dept_text(report: DeptReport, lang: str, out: IO[str]) -> None:
    console = Console(file=out, highlight=False, soft_wrap=True)
    lists = len({i.list_id for i in report.items})
    console.print(
        f"[bold]{escape(_TOTAL.format(lang, dept=report.department, n=len(report.items), lists=lists))}[/bold]"
    )
    for list_id, categories in _groups(report):
        console.print()
        console.print(f"[bold]{escape(list_id)}[/bold]")
        for category, items in categories:
            console.print(f"  {escape(_category(category, lang))}（{len(items)}）")
            for item in items:
                console.print(f"    {escape(item.id)}  {escape(item.name)}  [{_ROLE[item.role].get(lang)}]")
                for line in _details(item, lang):
                    console.print(f"        {escape(line)}")


def render_dept_markdown(report: DeptReport, lang: str, out: IO[str]) -> None:
    lists = len({i.list_id for i in report.items})
    out.write(f"# {md(_TOTAL.format(lang, dept=report.department, n=len(report.items), lists=lists))}\n\n")
    for list_id, categories in _groups(report):
        out.write(f"## {md(list_id)}\n\n")
        for category, items in categories:
            out.write(f"### {md(_category(category, lang))}（{len(items)}）\n\n")
            for item in items:
                out.write(f"- {md(item.id)} {md(item.name)}（{md(_ROLE[item.role].get(lang))}）\n")
                for line in _details(item, lang):
                    out.write(f"  - {md(line)}\n")
            out.write("\n")


def _json(data: Any, out: IO[str]) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def render_dept_json(report: DeptReport, lang: str, out: IO[str]) -> None:
    _json(report.as_dict(), out)


_MATRIX = Text(
    "多头管理：各部门在各清单牵头或配合的有效事项数",
    "multiple management: active items each department leads or cooperates on, per list",
)


def render_matrix_text(matrix: DeptMatrix, lang: str, out: IO[str]) -> None:
    console = Console(file=out, highlight=False, soft_wrap=True)
    table = Table(title=_MATRIX.get(lang))
    table.add_column("部门" if lang == "zh" else "department")
    for list_id in matrix.lists:
        table.add_column(escape(list_id), justify="right")
    table.add_column("合计" if lang == "zh" else "total", justify="right")
    for name, row in matrix.rows.items():
        table.add_row(escape(name), *[str(row.get(i, "")) for i in matrix.lists], str(sum(row.values())))
    console.print(table)


def render_matrix_markdown(matrix: DeptMatrix, lang: str, out: IO[str]) -> None:
    out.write(f"## {md(_MATRIX.get(lang))}\n\n")
    head = ["部门" if lang == "zh" else "department", *matrix.lists, "合计" if lang == "zh" else "total"]
    out.write("| " + " | ".join(md(h) for h in head) + " |\n|" + "---|" * len(head) + "\n")
    for name, row in matrix.rows.items():
        cells = [md(name), *[str(row.get(i, "")) for i in matrix.lists], str(sum(row.values()))]
        out.write("| " + " | ".join(cells) + " |\n")


def render_matrix_json(matrix: DeptMatrix, lang: str, out: IO[str]) -> None:
    _json(matrix.as_dict(), out)


DEPT_RENDERERS: dict[str, Callable[[DeptReport, str, IO[str]], None]] = {
    "text": render_dept_text,
    "markdown": render_dept_markdown,
    "json": render_dept_json,
}
MATRIX_RENDERERS: dict[str, Callable[[DeptMatrix, str, IO[str]], None]] = {
    "text": render_matrix_text,
    "markdown": render_matrix_markdown,
    "json": render_matrix_json,
}
