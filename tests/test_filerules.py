"""The rules split into per-file and cross-file work give exactly the findings of the whole-repository
path: on the demo repository, every rule case (bad and good variant), and a generated 50-list repository.
The same holds when the per-file work runs on forked processes (jobs=2)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

import qingdan.validate as validate_module
from conftest import git, run_qingdan
from qingdan import counters
from qingdan.model import CheckResult, Finding
from qingdan.validate import list_names, load_config, load_repository, run_rules, run_split
from qingdan.workspace import Workspace
from test_cases import RULE_CASES, load_case, write_variant

BENCH = Path(__file__).parent.parent / "bench" / "validate.py"


def _whole(root: Path) -> CheckResult:
    read = load_config(root)
    return run_rules(load_repository(root, (), config_findings=True, config_read=read))


def _fields(f: Finding) -> tuple[Any, ...]:
    return (f.file, f.line, f.column, f.rule, f.severity, f.item, f.path, f.args)


def assert_same(root: Path, jobs: int = 1) -> list[Finding]:
    old = _whole(root)
    counters.reset()
    new = run_split(root, config_read=load_config(root), jobs=jobs)
    if jobs > 1:
        loaded = load_repository(root, (), config_findings=True, lists=[], config_read=load_config(root))
        # processes are used exactly when the configuration reads and there are enough lists to compute
        pooled = not loaded.config_broken and len(list_names(loaded)) >= validate_module.POOL_FROM
        assert counters.COUNTS[counters.WORKER_POOL] == pooled
    assert [_fields(f) for f in new.findings] == [_fields(f) for f in old.findings]
    assert (new.files, new.items) == (old.files, old.items)
    return old.findings


@pytest.fixture
def pool_for_any(monkeypatch: pytest.MonkeyPatch) -> None:
    """Processes for however few lists there are, so that small repositories take the pooled path."""
    monkeypatch.setattr(validate_module, "POOL_FROM", 1)


def test_demo_repository(demo: Path) -> None:
    assert_same(demo)


@pytest.mark.usefixtures("pool_for_any")
def test_demo_repository_on_processes(demo: Path) -> None:
    # the demo's lists adopt a template: their documents come back from the workers for the adoption rules
    assert {f.rule for f in assert_same(demo, jobs=2)} <= {"QD305"}
    (demo / "lists" / "townships" / "CX-QSZ.yaml").write_text(
        (demo / "lists" / "townships" / "CX-QSZ.yaml")
        .read_text(encoding="utf-8")
        .replace("from: CX-TEMPLATE-0001", "from: CX-TEMPLATE-0999", 1),
        encoding="utf-8",
    )
    assert "QD932" in {f.rule for f in assert_same(demo, jobs=2)}


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


@pytest.mark.usefixtures("pool_for_any")
@pytest.mark.parametrize("path", RULE_CASES, ids=[p.stem for p in RULE_CASES])
def test_rule_cases_on_processes(path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = load_case(path)
    if case.get("today"):
        monkeypatch.setenv("QINGDAN_TODAY", case["today"])
    write_variant(repo, case, "bad")
    assert case["rule"] in {f.rule for f in assert_same(repo, jobs=2)}


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
    assert [_fields(f) for f in assert_same(root, jobs=2)] == [_fields(f) for f in findings]


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


def test_the_command_line_gives_the_same_report_on_one_process_and_on_two(tmp_path: Path) -> None:
    root = tmp_path / "bench"
    files = generate(root, 20)
    shutil.copy(files[0], root / "lists" / "townships" / "T9999.yaml")  # findings to report
    one = run_qingdan(root, "validate", "--no-cache", "--jobs", "1", "--format", "json")
    two = run_qingdan(root, "validate", "--no-cache", "-j", "2", "--format", "json")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and "QD201" in one.stdout
    wrong = run_qingdan(root, "validate", "--jobs", "0", env={"LANG": "C.UTF-8"})
    assert wrong.returncode == 2 and "--jobs" in wrong.stderr and "Traceback" not in wrong.stderr


def test_what_was_written_before_the_workers_fork_is_written_once(tmp_path: Path) -> None:
    import subprocess
    import sys as system

    root = tmp_path / "bench"
    generate(root, 20)
    program = (
        "import sys\nfrom pathlib import Path\nfrom qingdan.validate import validate\n"
        "sys.stdout.write('before\\n')\nvalidate(None, Path('.'), cache=False, jobs=2)\nsys.stdout.write('after\\n')\n"
    )
    done = subprocess.run(
        [system.executable, "-c", program], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "before\nafter\n"
