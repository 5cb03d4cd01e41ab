"""Data-driven cases: every file under cases/ is a test; adding a file adds a test.

cases/rules/*.yaml   one rule each: a `bad` variant that must raise the rule and a `good` variant
                     that must be clean, both built on the fixture repository (fixtures/repo).
                     A case about assessments gives `assessment:` (the text of assessments/case.yaml)
                     in a variant or beside them, and may share the list's `items:` between variants.
cases/hazards/*      raw files for format rule 1, named <CODE>-<slug>[@LINE.COL].<ext>; each must
                     give exactly that code, with a position, fast and without a traceback.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from qingdan.catalog import RULES_BY_CODE
from qingdan.validate import validate

CASES = Path(__file__).parent / "cases"
RULE_CASES = sorted((CASES / "rules").glob("*.yaml"))
HAZARDS = sorted(p for p in (CASES / "hazards").iterdir() if p.is_file())
NO_POSITION = {"QD008", "QD011", "QD019"}

HEADER = {
    "id": "T",
    "title": "测试镇履行职责事项清单",
    "kind": "township",
    "unit": {"name": "测试镇", "type": "township", "code": "990102101000"},
    "issuer": "中共测试县委 测试县人民政府",
    "revision": "2025.2",
    "effective": "2025-09-01",
    "baseline": "2024.1",
}


def _scalar(value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return value
    return json.dumps(value, ensure_ascii=False)


def build_list(overrides: dict[str, Any] | None, items: str) -> str:
    header = {**HEADER, **(overrides or {})}
    lines = ["qingdan: 1", "list:"]
    for key, value in header.items():
        if value is not None:
            lines.append(f"  {key}: {_scalar(value)}")
    lines.append("items:")
    body = "".join(f"  {line}\n" if line.strip() else "\n" for line in items.splitlines())
    return "\n".join(lines) + "\n" + body


def load_case(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    return data


def write_variant(repo: Path, case: dict[str, Any], variant: str) -> Path:
    spec = case[variant]
    # a variant may carry its own config and files (for rules about the config or a registry)
    local = spec if isinstance(spec, dict) else {}
    config = local.get("config", case.get("config"))
    if config:
        (repo / "qingdan.yaml").write_text(config, encoding="utf-8")
    for name, text in {**(case.get("files") or {}), **(local.get("files") or {})}.items():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    assessment = local.get("assessment", case.get("assessment"))
    if assessment is not None:
        (repo / "assessments").mkdir(exist_ok=True)
        (repo / "assessments" / "case.yaml").write_text(assessment, encoding="utf-8")
    target = repo / "lists" / "case.yaml"
    if isinstance(spec, dict):
        items = spec.get("items", case.get("items", ""))
        text = spec["text"] if "text" in spec else build_list(spec.get("list", case.get("list")), items)
    else:
        text = build_list(case.get("list"), spec)
    # a case about adopting a template may give the top-level not_applicable: (its entries' text)
    not_applicable = local.get("not_applicable", case.get("not_applicable"))
    if not_applicable is not None and "text" not in local:
        text += "not_applicable:\n" + "".join(f"  {line}\n" for line in not_applicable.splitlines())
    target.write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize("path", RULE_CASES, ids=[p.stem for p in RULE_CASES])
def test_rule_case_bad(path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = load_case(path)
    code = case["rule"]
    assert code in RULES_BY_CODE, f"{path.name}: unknown rule {code}"
    if case.get("today"):
        monkeypatch.setenv("QINGDAN_TODAY", case["today"])
    write_variant(repo, case, "bad")
    result = validate(start=repo)
    codes = [f.rule for f in result.findings]
    shown = [(f.file, f.line, f.rule, f.message("en")) for f in result.findings]
    assert code in codes, f"{path.name}: expected {code}, got {shown}"
    allowed = {code, *case.get("also", [])}
    assert set(codes) <= allowed, f"{path.name}: unexpected findings {shown}"
    hit = next(f for f in result.findings if f.rule == code)
    assert hit.line is not None and hit.column is not None, f"{path.name}: finding without a position"
    if "line" in case:
        assert hit.line == case["line"], shown
    if "item" in case:
        assert hit.item == case["item"], shown
    for finding in result.findings:
        assert finding.message("zh") and finding.message("en")
        assert "{" not in finding.message("en"), finding.message("en")


@pytest.mark.parametrize("path", RULE_CASES, ids=[p.stem for p in RULE_CASES])
def test_rule_case_good(path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = load_case(path)
    if case.get("today"):
        monkeypatch.setenv("QINGDAN_TODAY", case["today"])
    write_variant(repo, case, "good")
    result = validate(start=repo)
    shown = [(f.file, f.line, f.rule, f.message("en")) for f in result.findings]
    assert result.findings == [], f"{path.name}: the fixed variant is not clean: {shown}"


def _expected(path: Path) -> tuple[str, tuple[int, int] | None]:
    match = re.match(r"(QD[0-9]{3})-[^@.]+(?:@([0-9]+)\.([0-9]+))?", path.name)
    assert match, f"hazard file {path.name} is not named <CODE>-<slug>[@LINE.COL]"
    position = (int(match.group(2)), int(match.group(3))) if match.group(2) else None
    return match.group(1), position


@pytest.mark.parametrize("path", HAZARDS, ids=[p.name for p in HAZARDS])
def test_hazard(path: Path, repo: Path) -> None:
    code, position = _expected(path)
    target = repo / "lists" / "case.yaml"
    target.write_bytes(path.read_bytes())
    started = time.process_time()
    result = validate(start=repo)
    elapsed = time.process_time() - started
    assert elapsed < 2.0, f"{path.name} took {elapsed:.2f}s of CPU"
    found = [f for f in result.findings if f.file == "lists/case.yaml"]
    assert [f.rule for f in found] == [code], [(f.rule, f.line, f.message("en")) for f in found]
    if code not in NO_POSITION:
        assert found[0].line is not None and found[0].column is not None
    if position:
        assert (found[0].line, found[0].column) == position
    assert result.exit_code() == 1


def test_every_rule_has_a_case() -> None:
    """Each rule of FORMAT.md (codes QD0xx-QD9xx) has a failing and a passing case or a hazard file."""
    covered = {load_case(p)["rule"] for p in RULE_CASES} | {_expected(p)[0] for p in HAZARDS}
    # rules of rule 7 that only history can see (QD712, QD714, QD715) have cases in cases/history
    covered |= {load_case(p)["rule"] for p in sorted((CASES / "history").glob("*.yaml"))}
    # QD011/QD019 (size, unreadable) and QD021/QD022 (the editing loader) are tested in test_yamlio/test_fmt,
    # QD023/QD024 (special files, symlinks out of the repository) in tests/hostile/fs-*;
    # QD030-QD032 (bounded work: files of hundreds of kilobytes) in test_limits
    untested_here = {"QD011", "QD019", "QD021", "QD022", "QD023", "QD024", "QD030", "QD031", "QD032"}
    wanted = {c for c in RULES_BY_CODE if (c < "QD950" or c.startswith("QD98")) and c not in untested_here}
    assert sorted(wanted - covered) == []
