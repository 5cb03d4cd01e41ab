"""validate, rules, explain."""

import sys
from pathlib import Path
from typing import Annotated

from qingdan.cli.app import (
    Argument,
    CatalogFormat,
    FindingFormatOption,
    LangOption,
    NoCacheOption,
    Option,
    StrictOption,
    app,
    emit_findings,
    guard,
    h,
    resolve_lang,
)
from qingdan.render import renderer


@app.command(
    help=h(
        "校验清单：YAML 隐患、模式和规则 2–10，列出每个问题的文件:行:列、规则代码和事项编号。\n\n"
        "不带参数时校验仓库中的全部清单；可指定文件或目录。示例：qingdan validate lists/townships",
        "Validate lists: YAML hazards, schema and rules 2-10, each finding with file:line:column, rule and item.\n\n"
        "Without arguments every list of the repository is checked. Example: qingdan validate lists/townships",
    )
)
def validate(
    paths: Annotated[
        list[Path] | None,
        Argument(help=h("要校验的文件或目录", "files or folders to validate"), show_default=False),
    ] = None,
    fmt: FindingFormatOption = "text",
    strict: StrictOption = False,
    lang: LangOption = None,
    no_cache: NoCacheOption = False,
    jobs: Annotated[
        int | None,
        Option(
            "--jobs",
            "-j",
            help=h(
                "同时校验的进程数，默认为可用的核数；1 表示只用一个进程",
                "processes validating at once; default: the cores available; 1: one process",
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    from qingdan.validate import validate as run_validate

    language = resolve_lang(lang)
    with guard(language):
        result = run_validate(paths or None, cache=not no_cache, jobs=jobs)
        emit_findings(result, fmt, language, strict)


@app.command(help=h("列出全部规则代码、级别与说明。", "List every rule code with its severity and summary."))
def rules(
    fmt: Annotated[CatalogFormat, Option("--format", "-f", help=h("输出格式", "output format"))] = "text",
    lang: LangOption = None,
) -> None:
    language = resolve_lang(lang)
    with guard(language):
        renderer("catalog", str(fmt))(language, sys.stdout)


@app.command(
    help=h(
        "解释一条规则，附错误示例与正确示例。示例：qingdan explain QD302",
        "Explain one rule with a bad and a fixed example. Example: qingdan explain QD302",
    )
)
def explain(
    code: Annotated[str, Argument(help=h("规则代码，例如 QD302", "rule code, e.g. QD302"))],
    lang: LangOption = None,
) -> None:
    from qingdan.catalog import RULES_BY_CODE
    from qingdan.errors import UsageError
    from qingdan.render.catalog import render_explain

    language = resolve_lang(lang)
    with guard(language):
        rule = RULES_BY_CODE.get(code.strip().upper())
        if rule is None:
            raise UsageError(
                f"没有规则 {code}（qingdan rules 列出全部规则）", f"no rule {code} (qingdan rules lists them)"
            )
        render_explain(rule, language, sys.stdout)
