"""Output formats: the JSON contract, SARIF against the official schema, GitHub workflow commands."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from conftest import SHARED, list_header
from qingdan.check import validate
from qingdan.model import CheckResult, Finding
from qingdan.render.findings import GITHUB_MAX_PER_KIND, render_github, render_json, render_sarif, render_text

SARIF_SCHEMA = SHARED / "sarif" / "sarif-schema-2.1.0.json"
BAD_ITEMS = """  - id: T-0001
    name: 安全生产监督检查
    category: cooperative
    domain: 安全生产
    basis:
      - instrument: 安全生产条例
    status: active
    since: "2024.1"
"""
HEADER = list_header("2024.1")


@pytest.fixture
def findings_result(repo: Path) -> CheckResult:
    (repo / "lists" / "bad.yaml").write_text(HEADER + BAD_ITEMS, encoding="utf-8")
    (repo / "lists" / "broken.yaml").write_text("a: 1\na: 2\n", encoding="utf-8")
    return validate(start=repo)


def test_json_contract(findings_result: CheckResult) -> None:
    out = io.StringIO()
    render_json(findings_result, "zh", out)
    data = json.loads(out.getvalue())
    assert set(data) == {"findings", "summary"}
    assert data["findings"], "the fixture has findings"
    for f in data["findings"]:
        assert set(f) == {"file", "line", "column", "rule", "severity", "item", "message"}
        assert f["severity"] in ("error", "warning", "info")
        assert not Path(f["file"]).is_absolute()
    assert {"error", "warning", "info", "files", "items"} <= set(data["summary"])
    assert data["summary"]["error"] == sum(1 for f in data["findings"] if f["severity"] == "error")
    rules = {f["rule"] for f in data["findings"]}
    assert {"QD010", "QD302", "QD501", "QD911"} <= rules


@pytest.mark.skipif(not SARIF_SCHEMA.exists(), reason="shared SARIF schema not present")
def test_sarif_validates_against_official_schema(findings_result: CheckResult) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    for lang in ("zh", "en"):
        out = io.StringIO()
        render_sarif(findings_result, lang, out)
        log = json.loads(out.getvalue())
        jsonschema.Draft4Validator(schema).validate(log)
        results = log["runs"][0]["results"]
        assert len(results) == len(findings_result.findings)
        rules = log["runs"][0]["tool"]["driver"]["rules"]
        for r in results:
            assert rules[r["ruleIndex"]]["id"] == r["ruleId"]


@pytest.mark.skipif(not SARIF_SCHEMA.exists(), reason="shared SARIF schema not present")
def test_sarif_schema_catches_bad_logs() -> None:
    """The schema check in the test above can fail: a level of 'fatal' and line 0 are rejected."""
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    result = CheckResult(findings=[Finding(file="a.yaml", rule="QD001", severity="error", line=3, column=1)])
    out = io.StringIO()
    render_sarif(result, "en", out)
    log = json.loads(out.getvalue())
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(log)


def test_github_commands(findings_result: CheckResult) -> None:
    out = io.StringIO()
    render_github(findings_result, "en", out)
    lines = out.getvalue().splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == len(findings_result.findings)
    assert any(c.startswith("::error file=lists/bad.yaml,line=") for c in commands)
    assert lines[-1].startswith("qingdan: ")


def test_github_escapes_values_so_no_command_is_injected() -> None:
    hostile = "x\n::error::injected%0A::add-mask::secret,a:b"
    result = CheckResult(
        findings=[
            Finding(
                file="lists/a,b:c.yaml",
                rule="QD302",
                severity="error",
                args={"name": hostile, "hint_en": ""},
                item="T-0001",
                line=4,
                column=9,
            )
        ]
    )
    out = io.StringIO()
    render_github(result, "en", out)
    lines = out.getvalue().splitlines()
    assert sum(1 for line in lines if line.lstrip().startswith("::")) == 1
    assert "file=lists/a%2Cb%3Ac.yaml" in lines[0]
    assert "%0A::error::injected%250A" in lines[0]


def test_github_caps_annotations_per_kind() -> None:
    findings = [
        Finding(file="a.yaml", rule="QD301", severity="error", line=i + 1, column=1) for i in range(25)
    ]
    findings += [
        Finding(file="a.yaml", rule="QD901", severity="warning", line=i + 1, column=1) for i in range(3)
    ]
    out = io.StringIO()
    render_github(CheckResult(findings=findings), "en", out)
    lines = out.getvalue().splitlines()
    assert sum(line.startswith("::error ") for line in lines) == GITHUB_MAX_PER_KIND
    assert sum(line.startswith("::warning ") for line in lines) == 3
    assert "15 more" in lines[-1]


def test_text_groups_by_file_and_renders_cjk(findings_result: CheckResult) -> None:
    out = io.StringIO()
    render_text(findings_result, "zh", out, color=False)
    text = out.getvalue()
    assert text.index("lists/bad.yaml") < text.index("lists/broken.yaml")
    assert "法律文件「安全生产条例」未在法规库中登记" in text
    assert text.rstrip().splitlines()[-1].startswith(f"{findings_result.errors} 个错误")
