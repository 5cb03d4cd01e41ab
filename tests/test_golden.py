"""Golden tests for the editing commands: the exact resulting file text, comments included.

Each folder under golden/ (except base/) holds case.yaml (the command line and which list to start
from) and after.yaml (the expected bytes). Adding a folder adds a test. After a deliberate change,
QINGDAN_REGOLD=1 rewrites after.yaml files; review them with git diff before committing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import git
from qingdan.validate import validate

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p for p in GOLDEN.iterdir() if p.is_dir() and (p / "case.yaml").exists())


def _before(case: dict[str, Any], folder: Path) -> bytes:
    raw = (folder / case.get("before", "../base/before.yaml")).read_bytes()
    transform = case.get("transform")
    if transform == "crlf":
        raw = raw.replace(b"\n", b"\r\n")
    elif transform == "bom":
        raw = b"\xef\xbb\xbf" + raw
    return raw


@pytest.mark.parametrize("folder", CASES, ids=[p.name for p in CASES])
def test_golden(folder: Path, repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    case = YAML(typ="safe", pure=True).load((folder / "case.yaml").read_text(encoding="utf-8"))
    target = repo / "lists" / "case.yaml"
    target.write_bytes(_before(case, folder))
    for extra in folder.iterdir():
        if extra.name not in ("case.yaml", "after.yaml", "before.yaml"):
            shutil.copy(extra, repo / extra.name)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    result = cli(repo, *case["args"])
    assert result.exit_code == case.get("exit_code", 0), result.output
    produced = target.read_bytes()
    expected_path = folder / "after.yaml"
    if os.environ.get("QINGDAN_REGOLD"):
        expected_path.write_bytes(produced)
    assert produced == expected_path.read_bytes(), git(repo, "diff")
    if case.get("valid", True):
        assert validate(start=repo).errors == 0
    # what changed is exactly what the case says may change (numstat: added, deleted lines)
    if "numstat" in case:
        stat = git(repo, "diff", "--numstat", "--", "lists/case.yaml").split() or ["0", "0"]
        assert [int(stat[0]), int(stat[1])] == case["numstat"], git(repo, "diff")


def test_noop_round_trip_is_byte_identical_on_every_demo_list(tmp_path: Path) -> None:
    from qingdan import yamlio

    demo = sorted((GOLDEN.parent.parent / "lists").rglob("*.yaml")) + [GOLDEN / "base" / "before.yaml"]
    assert len(demo) >= 7
    for path in demo:
        raw = path.read_bytes()
        for variant in (raw, raw.replace(b"\n", b"\r\n"), b"\xef\xbb\xbf" + raw):
            assert yamlio.rt_load(variant).dump() == variant, path


def test_golden_cases_exist() -> None:
    commands = {
        YAML(typ="safe", pure=True).load((c / "case.yaml").read_text(encoding="utf-8"))["args"][0]
        for c in CASES
    }
    assert {"add", "retire", "set", "revision", "fmt"} <= commands
