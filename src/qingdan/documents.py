"""One file read and schema-checked: the parse, the schema verdict and the findings of a single
document, with the limits that bound the work per file (what validate, diff and every reader share)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from qingdan import yamlio
from qingdan.catalog import RULES_BY_CODE
from qingdan.model import Finding
from qingdan.schema import checker


def read_document(
    root: Path, rel: str, schema: str, raw: bytes | None = None, *, schema_check: bool = True
) -> tuple[dict[str, Any] | None, str, list[Finding]]:
    """Parse and schema-check one file (without schema_check: only parse it); never raises for bad content."""
    if raw is None:
        try:
            raw = yamlio.read_file(root, rel)
        except yamlio.FileProblem as problem:
            return None, "", [file_finding(rel, problem.code, None, None, **problem.args_)]
    try:
        source, data, fast = yamlio.load_for_check(raw)
        # without schema_check nothing is decided by the schema: the verdict is not computed
        valid = not schema_check or checker(schema).is_valid(data)
        if fast and not valid:
            # findings are the guard's to give: the file is read again the exact way
            source, data = yamlio.load_bytes(raw)
    except yamlio.FileProblem as problem:
        return None, "", [file_finding(rel, problem.code, problem.line, problem.column, **problem.args_)]
    except Exception as exc:  # the parser raises non-YAML errors on some inputs (RELIABILITY §1)
        return (
            None,
            "",
            [file_finding(rel, "QD021", None, None, problem=f"{type(exc).__name__}: {exc}"[:200])],
        )
    view = data
    items = view.get("items") if schema == "list" else None
    if isinstance(items, list) and len(items) > MAX_ITEMS:
        found = re.search(r"^items:", source.text, re.M)
        line = source.text.count("\n", 0, found.start()) + 1 if found else None
        return None, "", [file_finding(rel, "QD031", line, 1, count=len(items), limit=MAX_ITEMS)]
    if not schema_check:
        return view, source.text, []
    violations = [] if valid else checker(schema).violations(view, limit=MAX_FILE_FINDINGS + 1)
    findings = [
        Finding(
            file=rel,
            rule=code,
            severity=RULES_BY_CODE[code].severity,
            args=args,
            path=path,
            item=_item_id(view, path),
        )
        for path, code, args in violations[:MAX_FILE_FINDINGS]
    ]
    if len(violations) > MAX_FILE_FINDINGS:
        more = checker(schema).error_count(view) - MAX_FILE_FINDINGS
        findings.append(_not_shown(rel, max(more, 1)))
    return view, source.text, findings


# work per file and per run is bounded, so that any file under the size cap is checked in bounded time
MAX_ITEMS = 1000  # three times the national average of a township list (340)
MAX_FILE_FINDINGS = 100
MAX_RUN_FINDINGS = 1000


def _not_shown(rel: str, count: int) -> Finding:
    where = {"where": f"{rel} 中" if rel else "", "where_en": f"{rel}: " if rel else ""}
    return Finding(
        file=rel or ".",
        rule="QD032",
        severity=RULES_BY_CODE["QD032"].severity,
        args={"count": count, **where},
    )


def cap_findings(findings: list[Finding]) -> list[Finding]:
    """At most MAX_FILE_FINDINGS per file and MAX_RUN_FINDINGS per run, with a line saying how many more."""
    out: list[Finding] = []
    per_file: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for f in findings:
        if f.rule == "QD032":  # counted while reading: one summary line per file
            hidden[f.file] = hidden.get(f.file, 0) + int(f.args.get("count", 0))
            continue
        n = per_file.get(f.file, 0)
        per_file[f.file] = n + 1
        if n >= MAX_FILE_FINDINGS:
            hidden[f.file] = hidden.get(f.file, 0) + 1
        else:
            out.append(f)
    out.extend(_not_shown(file, n) for file, n in hidden.items())
    if len(out) > MAX_RUN_FINDINGS:
        rest = len(out) - MAX_RUN_FINDINGS
        out = out[:MAX_RUN_FINDINGS] + [_not_shown("", rest)]
    return out


def _item_id(view: dict[str, Any], path: tuple[str | int, ...]) -> str | None:
    if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int):
        items = view.get("items")
        if isinstance(items, list) and path[1] < len(items) and isinstance(items[path[1]], dict):
            value = items[path[1]].get("id")
            return value if isinstance(value, str) else None
    return None


# libyaml's messages for the mistakes drafters make, in Chinese (others are shown as libyaml words them)
_YAML_PROBLEMS_ZH = {
    "mapping values are not allowed here": "此处不能出现“键: 值”（冒号后是否缺少空格，或缩进有误？）",
    "did not find expected key": "没有找到预期的键（缩进是否有误？）",
    "did not find expected node content": "没有找到预期的内容（是否有多余的符号或缩进有误？）",
    "could not find expected ':'": "缺少冒号“:”",
    "found unexpected end of stream": "文件意外结束（引号或括号是否未闭合？）",
    "did not find expected '-' indicator": "缺少列表项的“-”（缩进是否有误？）",
    "did not find expected ',' or ']'": "缺少“,”或“]”（方括号是否未闭合？）",
    "did not find expected ',' or '}'": "缺少“,”或“}”（花括号是否未闭合？）",
    "found character that cannot start any token": "遇到不能出现在此处的字符（是否需要加引号？）",
    "found unknown escape character": "双引号字符串中有无法识别的转义字符（反斜杠）",
    "found invalid Unicode character escape code": "双引号字符串中有无效的 Unicode 转义",
    "block sequence entries are not allowed in this context": "此处不能开始列表项（缩进是否有误？）",
}


def yaml_problem_zh(problem: str) -> str:
    for english, chinese in _YAML_PROBLEMS_ZH.items():
        if english in problem:
            return chinese
    return problem


def file_finding(rel: str, code: str, line: int | None, column: int | None, **args: Any) -> Finding:
    if code == "QD002":
        guess = args.get("guess")
        args["guess_zh"] = f"（疑似 {guess}，请另存为 UTF-8）" if guess else ""
        args["guess_en"] = f" (looks like {guess}; save it as UTF-8)" if guess else ""
    if code == "QD001":
        args["problem_zh"] = yaml_problem_zh(str(args.get("problem", "")))
    if code in ("QD004", "QD022"):
        args["line"] = line
    return Finding(
        file=rel, rule=code, severity=RULES_BY_CODE[code].severity, args=args, line=line, column=column
    )
