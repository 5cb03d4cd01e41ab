"""The rules split into per-file and cross-file work give exactly the findings of the whole-repository
path: on the demo repository, every rule case (bad and good variant), and a generated 50-list repository."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import git
from qingdan.model import CheckResult, Finding
from qingdan.validate import load_config, load_repository, run_rules, run_split
from qingdan.workspace import Workspace
from test_cases import RULE_CASES, load_case, write_variant

BENCH = Path(__file__).parent.parent / "bench" / "validate.py"


def _whole(root: Path) -> CheckResult:
    read = load_config(root)
    return run_rules(load_repository(root, (), config_findings=True, config_read=read))


def _fields(f: Finding) -> tuple[Any, ...]:
    return (f.file, f.line, f.column, f.rule, f.severity, f.item, f.path, f.args)


def assert_same(root: Path) -> list[Finding]:
    old, new = _whole(root), run_split(root, config_read=load_config(root))
    assert [_fields(f) for f in new.findings] == [_fields(f) for f in old.findings]
    assert (new.files, new.items) == (old.files, old.items)
    return old.findings


def test_demo_repository(demo: Path) -> None:
    assert_same(demo)


@pytest.mark.parametrize("variant", ["bad", "good"])
@pytest.mark.parametrize("path", RULE_CASES, ids=[p.stem for p in RULE_CASES])
def test_rule_cases(path: Path, variant: str, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = load_case(path)
    if case.get("today"):
        monkeypatch.setenv("QINGDAN_TODAY", case["today"])
    write_variant(repo, case, variant)
    findings = assert_same(repo)
    if variant == "bad":
        assert case["rule"] in {f.rule for f in findings}


def generate(root: Path, lists: int) -> list[Path]:
    spec = importlib.util.spec_from_file_location("bench_validate", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_validate"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    files: list[Path] = module.generate(root, lists)
    return files


def test_generated_repository(tmp_path: Path) -> None:
    root = tmp_path / "bench"
    files = generate(root, 50)
    # cross-file findings: a list copied under another name repeats its list id and every item id,
    # a retired item names a successor in another list
    shutil.copy(files[0], root / "lists" / "townships" / "T9999.yaml")
    findings = assert_same(root)
    assert {"QD201", "QD204"} <= {f.rule for f in findings}


def test_check_path_on_a_committed_repository(demo: Path) -> None:
    """check runs the split path on the workspace's documents, with the history rules' findings and git."""
    git(demo, "add", "-A")
    git(demo, "commit", "-q", "-m", "demo")
    (demo / "lists" / "townships").joinpath("CX-QSZ.yaml").write_text(
        (demo / "lists" / "townships" / "CX-QSZ.yaml").read_text(encoding="utf-8").replace("森林", "山林", 1),
        encoding="utf-8",
    )
    with Workspace(demo) as ws:
        loaded = ws.lists(config_findings=True)
        extra = [
            Finding(file="lists/townships/CX-QSZ.yaml", rule="QD951", severity="error", path=("items", 0))
        ]
        old = run_rules(loaded, list(extra), git=ws.git_or_none)
    with Workspace(demo) as ws:
        loaded = ws.lists(config_findings=True)
        extra = [
            Finding(file="lists/townships/CX-QSZ.yaml", rule="QD951", severity="error", path=("items", 0))
        ]
        new = run_split(demo, preloaded=loaded, extra=extra, git=ws.git_or_none)
    assert [_fields(f) for f in new.findings] == [_fields(f) for f in old.findings]
    assert (new.files, new.items) == (old.files, old.items)
    assert any(f.rule == "QD951" and f.line for f in new.findings)
