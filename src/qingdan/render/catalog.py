"""`qingdan rules` and `qingdan explain`: the rule catalog for people."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import IO

from qingdan.catalog import RULES_BY_CODE, Rule
from qingdan.i18n import Text
from qingdan.render import terminal
from qingdan.render.escape import md

_GROUP = {
    0: Text("结构（模式）", "structure (schema)"),
    11: Text("登记册", "registries"),
    12: Text("历史", "history"),
    13: Text("变更报告", "change reports"),
    14: Text("考核", "assessments"),
    15: Text("适用单位", "units served"),
    16: Text("采用模板", "template adoption"),
}
_HEAD = Text("代码|级别|规则|说明", "code|severity|rule|summary")
_SEVERITY = {"error": Text("错误", "error"), "warning": Text("警告", "warning"), "info": Text("提示", "info")}


def group_label(rule: Rule, lang: str) -> str:
    if rule.group in _GROUP:
        return _GROUP[rule.group].get(lang)
    return Text("规则 {n}", "rule {n}").format(lang, n=rule.group)


def sorted_rules() -> list[Rule]:
    return sorted(RULES_BY_CODE.values(), key=lambda r: r.code)


def render_rules(lang: str, out: IO[str], fmt: str = "text") -> None:
    rules = sorted_rules()
    if fmt == "json":
        data = [
            {
                "code": r.code,
                "rule": r.group,
                "severity": r.severity,
                "title": r.title.get(lang),
                "explain": r.explain.get(lang),
            }
            for r in rules
        ]
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if fmt == "markdown":
        head = _HEAD.get(lang).split("|")
        out.write("| " + " | ".join(head) + " |\n|---|---|---|---|\n")
        for r in rules:
            out.write(
                f"| {_anchor(r.code, lang)}{md(r.code)} | {md(_SEVERITY[r.severity].get(lang))} | "
                f"{md(group_label(r, lang))} | {md(r.title.get(lang))} |\n"
            )
        return
    table = terminal.Table(*_HEAD.get(lang).split("|"), show_lines=False)
    for r in rules:
        table.add_row(
            r.code, _SEVERITY[r.severity].get(lang), group_label(r, lang), terminal.escape(r.title.get(lang))
        )
    terminal.Console(file=out, highlight=False).print(table)


def _anchor(code: str, lang: str) -> str:
    """The target of a SARIF rule's helpUri: docs/rules.md#qd001 (Chinese table), #qd001-en (English)."""
    return f'<a id="{code.lower()}{"" if lang == "zh" else "-en"}"></a>'


def render_explain(rule: Rule, lang: str, out: IO[str]) -> None:
    console = terminal.Console(file=out, highlight=False)
    console.print(f"[bold]{rule.code}[/bold]  {terminal.escape(rule.title.get(lang))}")
    console.print(
        Text("级别：{sev}　归属：{group}", "severity: {sev}   group: {group}").format(
            lang, sev=_SEVERITY[rule.severity].get(lang), group=group_label(rule, lang)
        )
    )
    console.print()
    console.print(terminal.escape(rule.explain.get(lang)))
    for label, example in ((Text("错误示例", "Bad"), rule.bad), (Text("正确示例", "Fixed"), rule.good)):
        if example:
            console.print()
            console.print(
                terminal.Panel(
                    terminal.Syntax(example, "yaml", theme="ansi_dark", background_color="default"),
                    title=label.get(lang),
                    expand=False,
                )
            )


# the rules command's formats (qingdan.render.REGISTRY)
RULES_FORMATS: dict[str, Callable[[str, IO[str]], None]] = {
    fmt: partial(render_rules, fmt=fmt) for fmt in ("text", "json", "markdown")
}
