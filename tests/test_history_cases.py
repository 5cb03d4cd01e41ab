"""Data-driven history cases: every file under cases/history/ is a test; adding a file adds a test.

Each case is one history rule of qingdan check, seen between two commits of a real git repository built
on the fixture registries (fixtures/repo):

    rule: QD712                  the code the `bad` work tree must raise (and nothing outside `also`)
    item: T-0003                 optional: the item the finding names
    field: category              optional: the last key of the path the finding points at
    base_list: {revision: …}     optional: header of the committed base (default: revision 2025.1)
    base: |                      the base's items, committed
    list: {…}                    optional: header overrides of the work tree (test_cases.HEADER: 2025.2)
    bad: |                       the work tree's items that break the rule (or {list: …, items: …})
    good: |                      the fixed work tree, which must give no finding outside `good_also`
    also, good_also: [codes]     findings a variant may carry beside its point
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import git
from qingdan.catalog import RULES_BY_CODE
from qingdan.check import check
from test_cases import build_list, load_case

CASES = sorted((Path(__file__).parent / "cases" / "history").glob("*.yaml"))
BASE_HEADER = {"revision": "2025.1", "effective": "2025-03-01"}


def _commit_base(repo: Path, case: dict[str, Any]) -> None:
    header = {**BASE_HEADER, **(case.get("base_list") or {})}
    (repo / "lists" / "case.yaml").write_text(build_list(header, case["base"]), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "清单 2025.1 版")


def _write_variant(repo: Path, case: dict[str, Any], variant: str) -> None:
    spec = case[variant]
    header = dict(case.get("list") or {})
    if isinstance(spec, dict):
        header.update(spec.get("list") or {})
        spec = spec["items"]
    (repo / "lists" / "case.yaml").write_text(build_list(header, spec), encoding="utf-8")


def _findings(repo: Path) -> list[Any]:
    return check(repo, "HEAD", reports=False).findings


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_history_case_bad(path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = load_case(path)
    code = case["rule"]
    assert code in RULES_BY_CODE, f"{path.name}: unknown rule {code}"
    if case.get("today"):
        monkeypatch.setenv("QINGDAN_TODAY", case["today"])
    _commit_base(repo, case)
    _write_variant(repo, case, "bad")
    findings = _findings(repo)
    shown = [(f.line, f.rule, f.item, f.message("en")) for f in findings]
    codes = [f.rule for f in findings]
    assert code in codes, f"{path.name}: expected {code}, got {shown}"
    assert set(codes) <= {code, *case.get("also", [])}, f"{path.name}: unexpected findings {shown}"
    hit = next(f for f in findings if f.rule == code)
    assert hit.file == "lists/case.yaml" and hit.line is not None and hit.column is not None, shown
    if "item" in case:
        assert hit.item == case["item"], shown
    if "field" in case:
        assert hit.path[-1] == case["field"], (hit.path, shown)
    for finding in findings:
        assert "{" not in finding.message("zh") and "{" not in finding.message("en"), shown


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_history_case_good(path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = load_case(path)
    if case.get("today"):
        monkeypatch.setenv("QINGDAN_TODAY", case["today"])
    _commit_base(repo, case)
    _write_variant(repo, case, "good")
    findings = _findings(repo)
    shown = [(f.line, f.rule, f.item, f.message("en")) for f in findings]
    assert {f.rule for f in findings} <= set(case.get("good_also", [])), f"{path.name}: not clean: {shown}"
