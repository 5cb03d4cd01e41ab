"""Findings of validate and check in every output format; reporters take a stream, never the CLI."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import IO, Any
from urllib.parse import quote

from qingdan import __version__, home_url
from qingdan.catalog import RULES_BY_CODE
from qingdan.i18n import Text
from qingdan.model import CheckResult, Finding
from qingdan.render import terminal

FORMATS = ("text", "json", "sarif", "github", "gitlab")
GITHUB_MAX_PER_KIND = 10  # the runner shows only 10 annotations of each kind per step
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_KIND = {"error": "error", "warning": "warning", "info": "notice"}
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_SEVERITY = {"error": Text("错误", "error"), "warning": Text("警告", "warning"), "info": Text("提示", "info")}

SUMMARY = Text(
    "{error} 个错误，{warning} 个警告，{info} 个提示（{files} 个文件，{items} 个事项）",
    "{error} errors, {warning} warnings, {info} notes ({files} files, {items} items)",
)
CLEAN = Text(
    "✓ 未发现问题（{files} 个文件，{items} 个事项）", "✓ no problems found ({files} files, {items} items)"
)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_line(result: CheckResult, lang: str) -> str:
    counts = result.summary()
    if lang == "en":
        where = f"({_count(counts['files'], 'file')}, {_count(counts['items'], 'item')})"
        if not result.findings:
            return f"✓ no problems found {where}"
        words = (("error", "error"), ("warning", "warning"), ("info", "note"))
        return ", ".join(_count(counts[key], word) for key, word in words) + f" {where}"
    if not result.findings:
        return CLEAN.format(lang, **counts)
    return SUMMARY.format(lang, **counts)


def render_text(
    result: CheckResult, lang: str, out: IO[str], color: bool | None = None, summary: bool = True
) -> None:
    console = terminal.Console(
        file=out, force_terminal=color, no_color=color is False, highlight=False, soft_wrap=True
    )
    current = None
    for f in result.findings:
        if f.file != current:
            if current is not None:
                console.print()
            console.print(f"[bold]{terminal.escape(f.file)}[/bold]")
            current = f.file
        where = f"{f.line}:{f.column}" if f.line else "-"
        severity = _SEVERITY[f.severity].get(lang)
        item = f"  {f.item}" if f.item else ""
        console.print(
            f"  {where:>8}  [{_STYLE[f.severity]}]{severity}[/]  {f.rule}{terminal.escape(item)}  {terminal.escape(f.message(lang))}"
        )
    if not summary:
        return
    if result.findings:
        console.print()
    style = "bold red" if result.errors else ("yellow" if result.warnings else "green")
    console.print(f"[{style}]{terminal.escape(summary_line(result, lang))}[/]")


def as_json(result: CheckResult, lang: str) -> dict[str, Any]:
    return {"findings": [f.as_dict(lang) for f in result.findings], "summary": result.summary()}


def render_json(result: CheckResult, lang: str, out: IO[str]) -> None:
    json.dump(as_json(result, lang), out, ensure_ascii=False, indent=2)
    out.write("\n")


def fingerprint(f: Finding) -> str:
    """The same for one problem across commits, whatever lines move: rule, file, the item id, the key
    inside the item (its position in the list left out) and the English message (which tells apart two
    problems of one rule on one item, e.g. two missing keys)."""
    path = f.path[2:] if f.item and len(f.path) >= 2 and f.path[0] == "items" else f.path
    parts = (f.rule, f.file, f.item or "", "/".join(str(part) for part in path), f.message("en"))
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def rule_help_uri(code: str, lang: str) -> str:
    """The rule's row in docs/rules.md (anchors written by `qingdan rules --format markdown`)."""
    anchor = code.lower() if lang == "zh" else f"{code.lower()}-en"
    return f"{home_url()}/blob/v{__version__}/docs/rules.md#{anchor}"


def artifact_uri(file: str) -> str:
    """A relative URI reference (RFC 3986) for a repository path: CJK, spaces, `#`, `%` percent-encoded."""
    return quote(file, safe="/")


def sarif_log(result: CheckResult, lang: str) -> dict[str, Any]:
    used = sorted({f.rule for f in result.findings})
    index = {code: i for i, code in enumerate(used)}
    rules = []
    for code in used:
        rule = RULES_BY_CODE[code]
        rules.append(
            {
                "id": code,
                "name": rule.title.en.title().replace(" ", "").replace("-", ""),
                "shortDescription": {"text": rule.title.get(lang)},
                "fullDescription": {"text": rule.explain.get(lang)},
                "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
                "help": {"text": f"qingdan explain {code}"},
                "helpUri": rule_help_uri(code, lang),
            }
        )
    results = []
    for f in result.findings:
        location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(f.file), "uriBaseId": "SRCROOT"}}
        if f.line:
            location["region"] = {"startLine": f.line, "startColumn": f.column or 1}
        entry: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message(lang)},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"qingdan/v1": fingerprint(f)},
        }
        if f.item:
            entry["properties"] = {"item": f.item}
        results.append(entry)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "qingdan", "version": __version__, "rules": rules}},
                "originalUriBaseIds": {"SRCROOT": {"description": {"text": "the list repository root"}}},
                "results": results,
            }
        ],
    }


def render_sarif(result: CheckResult, lang: str, out: IO[str]) -> None:
    json.dump(sarif_log(result, lang), out, ensure_ascii=False, indent=2)
    out.write("\n")


def inert(text: str) -> str:
    """Text for a log a CI runner reads: every line after the first is indented, so that no line of
    data (an error message echoing a stranger's value) can begin a workflow command (`::add-mask::`).
    Splits on every line break the runner or a terminal honours (CR, LF, U+2028, ...)."""
    return "\n  ".join(text.splitlines()) if text else text


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(f: Finding, lang: str) -> str:
    props = [f"file={_escape_property(f.file)}"]
    if f.line:
        props += [f"line={f.line}", f"col={f.column or 1}"]
    title = f.rule + (f" {f.item}" if f.item else "")
    props.append(f"title={_escape_property(title)}")
    return f"::{_GITHUB_KIND[f.severity]} {','.join(props)}::{_escape_data(f.message(lang))}"


def render_github(result: CheckResult, lang: str, out: IO[str]) -> None:
    shown: dict[str, int] = {}
    hidden = 0
    for f in result.findings:
        kind = _GITHUB_KIND[f.severity]
        if shown.get(kind, 0) >= GITHUB_MAX_PER_KIND:
            hidden += 1
            continue
        shown[kind] = shown.get(kind, 0) + 1
        out.write(github_command(f, lang) + "\n")
    line = summary_line(result, lang)
    if hidden:
        line += Text(
            "；另有 {n} 条未作为注释显示，完整结果见 --format sarif",
            "; {n} more not annotated, see --format sarif",
        ).format(lang, n=hidden)
    out.write(f"qingdan: {line}\n")


# GitLab's Code Quality report: the subset of the Code Climate issue format that GitLab reads
_GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def gitlab_report(result: CheckResult, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "description": f"{f.rule}{' ' + f.item if f.item else ''}: {f.message(lang)}",
            "check_name": f.rule,
            "fingerprint": fingerprint(f),
            "severity": _GITLAB_SEVERITY[f.severity],
            "location": {"path": f.file, "lines": {"begin": f.line or 1}},
        }
        for f in result.findings
    ]


def render_gitlab(result: CheckResult, lang: str, out: IO[str]) -> None:
    json.dump(gitlab_report(result, lang), out, ensure_ascii=False, indent=2)
    out.write("\n")


RENDERERS: dict[str, Callable[[CheckResult, str, IO[str]], None]] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
    "gitlab": render_gitlab,
}
