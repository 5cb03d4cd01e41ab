"""qingdan assess as text, Markdown and JSON: each indicator beside the list items it measures."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import IO

from qingdan.assessment import AssessReport, IndicatorView
from qingdan.i18n import Text
from qingdan.labels import CATEGORY_LABELS, STATUS_LABELS
from qingdan.render.escape import md
from qingdan.render.findings import as_json, render_text, summary_line
from qingdan.render.terminal import Console, escape

_HEAD = Text("指标|名称|分值|对应事项|问题", "indicator|name|points|items measured|findings")
_ASSESSOR = Text("考核部门：{assessor}　考核清单：{lists}　指标 {n} 项，共 {points} 分",
                 "assessor: {assessor}   lists: {lists}   {n} indicators, {points} points")  # fmt: skip
_NO_ITEM = Text("（无对应事项）", "(no item)")
_UNKNOWN = Text("（不存在）", "(unknown)")


def _points(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _items(indicator: IndicatorView, lang: str) -> list[str]:
    if not indicator.items:
        return [_NO_ITEM.get(lang)]
    out = []
    for item in indicator.items:
        if not item.status:
            out.append(f"{item.id} {_UNKNOWN.get(lang)}")
            continue
        known = CATEGORY_LABELS.get(item.category)
        what = known.get(lang) if known else item.category
        if item.status == "retired":
            what += "·" + STATUS_LABELS["retired"].get(lang)
        out.append(f"{item.id} {item.name}（{what}）" if lang == "zh" else f"{item.id} {item.name} ({what})")
    return out


def _header(view_points: float, assessor: str, lists: list[str], n: int, lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return _ASSESSOR.format(lang, assessor=assessor, lists=sep.join(lists), n=n, points=_points(view_points))


def render_assess_text(report: AssessReport, lang: str, out: IO[str]) -> None:
    console = Console(file=out, highlight=False, soft_wrap=True)
    unit = "分" if lang == "zh" else " points"
    for view in report.assessments:
        console.print(f"[bold]{escape(view.id)}  {escape(view.title)}[/bold]  ({escape(view.file)})")
        console.print(escape(_header(view.points, view.assessor, view.lists, len(view.indicators), lang)))
        for indicator in view.indicators:
            points = f"  {_points(indicator.points)}{unit}" if indicator.points is not None else ""
            mark = "[green]✓[/]" if not indicator.rules else f"[red]{' '.join(indicator.rules)}[/]"
            console.print(f"  {escape(indicator.id)}  {escape(indicator.name)}{points}  {mark}")
            for line in _items(indicator, lang):
                console.print(f"      {escape(line)}")
        console.print()
    render_text(report.result, lang, out)


def render_assess_markdown(report: AssessReport, lang: str, out: IO[str]) -> None:
    out.write("# " + ("考核方案核对" if lang == "zh" else "Assessments against the lists") + "\n\n")
    for view in report.assessments:
        out.write(f"## {md(view.id)} {md(view.title)}\n\n")
        out.write(md(_header(view.points, view.assessor, view.lists, len(view.indicators), lang)) + "\n\n")
        cols = _HEAD.get(lang).split("|")
        out.write("| " + " | ".join(cols) + " |\n|" + "---|" * len(cols) + "\n")
        for indicator in view.indicators:
            cells = [
                md(indicator.id),
                md(indicator.name),
                _points(indicator.points),
                "<br>".join(md(line) for line in _items(indicator, lang)),
                md(" ".join(indicator.rules) or "✓"),
            ]
            out.write("| " + " | ".join(cells) + " |\n")
        out.write("\n")
    if report.result.findings:
        out.write("## " + ("问题" if lang == "zh" else "Findings") + "\n\n")
        for f in report.result.findings:
            where = f"{f.file}:{f.line}:{f.column}" if f.line else f.file
            out.write(f"- {md(where)} {md(f.rule)} {md(f.message(lang))}\n")
        out.write("\n")
    out.write(md(summary_line(report.result, lang)) + "\n")


def render_assess_json(report: AssessReport, lang: str, out: IO[str]) -> None:
    data = {"assessments": [a.as_dict() for a in report.assessments], **as_json(report.result, lang)}
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


ASSESS_RENDERERS: dict[str, Callable[[AssessReport, str, IO[str]], None]] = {
    "text": render_assess_text,
    "markdown": render_assess_markdown,
    "json": render_assess_json,
}
