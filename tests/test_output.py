"""Output formats: the JSON contract, SARIF against the official schema, GitHub workflow commands."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest

from conftest import SHARED, list_header
from qingdan.model import CheckResult, Finding
from qingdan.render.findings import (
    GITHUB_MAX_PER_KIND,
    render_github,
    render_gitlab,
    render_json,
    render_sarif,
    render_text,
)
from qingdan.validate import validate

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


def _sarif(repo: Path, lang: str = "en") -> dict[str, Any]:
    out = io.StringIO()
    render_sarif(validate(start=repo), lang, out)
    log: dict[str, Any] = json.loads(out.getvalue())
    return log


def test_sarif_fingerprints_survive_line_moves(repo: Path) -> None:
    """Code scanning matches alerts between commits by partialFingerprints: moving an item down the
    file (lines above it added) keeps every fingerprint, while the lines themselves change."""
    path = repo / "lists" / "bad.yaml"
    path.write_text(HEADER + BAD_ITEMS, encoding="utf-8")
    before = _sarif(repo)["runs"][0]["results"]
    moved = HEADER + "  # 一、基本履职事项\n  # （以下事项经2025年评估保留）\n\n" + BAD_ITEMS
    path.write_text(moved, encoding="utf-8")
    after = _sarif(repo)["runs"][0]["results"]

    def prints(results: list[dict[str, Any]]) -> list[str]:
        return sorted(r["partialFingerprints"]["qingdan/v1"] for r in results)

    def lines(results: list[dict[str, Any]]) -> list[int]:
        return sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results)

    assert before and prints(before) == prints(after)
    assert lines(before) != lines(after)
    # distinct problems have distinct fingerprints
    keys = {(r["ruleId"], r["partialFingerprints"]["qingdan/v1"]) for r in before}
    assert len({k[1] for k in keys}) == len(keys)


def test_sarif_rules_link_their_documentation_anchor(findings_result: CheckResult) -> None:
    docs = (Path(__file__).parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    for lang, suffix in (("zh", ""), ("en", "-en")):
        out = io.StringIO()
        render_sarif(findings_result, lang, out)
        rules = json.loads(out.getvalue())["runs"][0]["tool"]["driver"]["rules"]
        assert rules
        for rule in rules:
            uri = rule["helpUri"]
            assert uri.startswith("https://") and "/docs/rules.md#" in uri
            anchor = uri.rsplit("#", 1)[1]
            assert anchor == rule["id"].lower() + suffix
            assert f'<a id="{anchor}"></a>' in docs


@pytest.mark.skipif(not SARIF_SCHEMA.exists(), reason="shared SARIF schema not present")
def test_sarif_uris_are_percent_encoded_relative_references(repo: Path) -> None:
    name = "镇 清单 #1 %25.yaml"
    (repo / "lists" / name).write_text(HEADER + BAD_ITEMS, encoding="utf-8")
    log = _sarif(repo)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(log)
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]
    mine = [loc for loc in locations if unquote(loc["uri"]) == f"lists/{name}"]
    assert mine, locations
    for loc in mine:
        assert loc["uriBaseId"] == "SRCROOT"
        assert loc["uri"] == "lists/%E9%95%87%20%E6%B8%85%E5%8D%95%20%231%20%2525.yaml"
        assert urlsplit(loc["uri"]).scheme == "" and not loc["uri"].startswith("/")


def test_gitlab_code_quality_report(findings_result: CheckResult) -> None:
    """The Code Climate subset GitLab reads: description, check_name, fingerprint, severity,
    location.path and location.lines.begin; one entry per finding, fingerprints unique."""
    out = io.StringIO()
    render_gitlab(findings_result, "zh", out)
    report = json.loads(out.getvalue())
    assert isinstance(report, list) and len(report) == len(findings_result.findings)
    for entry, finding in zip(report, findings_result.findings, strict=True):
        assert set(entry) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert entry["check_name"] == finding.rule and finding.rule in entry["description"]
        assert entry["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert entry["location"]["path"] == finding.file
        assert (
            isinstance(entry["location"]["lines"]["begin"], int) and entry["location"]["lines"]["begin"] >= 1
        )
        assert len(entry["fingerprint"]) == 64
    assert len({e["fingerprint"] for e in report}) == len(report)
    severities = {f.severity: e["severity"] for f, e in zip(findings_result.findings, report, strict=True)}
    assert severities.get("error") == "major"


def test_check_format_gitlab_on_the_command_line(findings_result: CheckResult, repo: Path) -> None:
    from conftest import run_qingdan

    done = run_qingdan(repo, "validate", "--format", "gitlab")
    assert done.returncode == 1, done.stderr
    assert {e["check_name"] for e in json.loads(done.stdout)} >= {"QD010", "QD302"}
