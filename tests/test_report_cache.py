"""check keeps, in the result cache, the digest of each change report it rendered, keyed by what the
report is rendered from: a later check compares the committed files with it instead of rendering them
again, and finds exactly what a check without the cache finds. Real git repository, real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import git, run_qingdan

QSZ = "lists/townships/CX-QSZ.yaml"


def _codes(root: Path, *extra: str) -> list[tuple[str, str]]:
    done = run_qingdan(root, "check", "--base", "HEAD", "--format", "json", *extra)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return sorted((f["rule"], f["file"]) for f in json.loads(done.stdout)["findings"] if f["rule"] >= "QD97")


@pytest.fixture
def checked(demo: Path) -> Path:
    """The demo committed with its reports, and one check run (which fills the cache)."""
    assert run_qingdan(demo, "report").returncode == 0
    git(demo, "add", "-A")
    git(demo, "commit", "-q", "-m", "demo lists and reports")
    assert _codes(demo) == []
    assert any((demo / ".git" / "qingdan" / "cache").iterdir())
    return demo


def test_a_report_edited_by_hand_is_stale_with_the_cache(checked: Path) -> None:
    report = checked / "reports" / "CX-QSZ" / "2025.3.md"
    report.write_text(report.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    expected = [("QD972", "reports/CX-QSZ/2025.3.md")]
    assert _codes(checked) == expected
    assert _codes(checked, "--no-cache") == expected


def test_a_changed_list_is_not_answered_from_the_cache(checked: Path) -> None:
    """A new revision drafted and reported, then its list changed again: the report's inputs changed."""
    assert run_qingdan(checked, "revision", "CX-QSZ", "--effective", "2026-03-01").returncode == 0
    assert run_qingdan(checked, "report", "CX-QSZ").returncode == 0
    assert _codes(checked) == []
    path = checked / QSZ
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("镇不另设工作站", "镇不另设工作站，由县统一承担", 1), encoding="utf-8")
    stale = [("QD972", "reports/CX-QSZ/2025.4.json"), ("QD972", "reports/CX-QSZ/2025.4.md")]
    assert _codes(checked) == stale
    assert _codes(checked, "--no-cache") == stale
    # and the report written again is fresh, with the cache as without it
    assert run_qingdan(checked, "report", "CX-QSZ").returncode == 0
    assert _codes(checked) == [] and _codes(checked, "--no-cache") == []


def test_a_report_deleted_is_missing_with_the_cache(checked: Path) -> None:
    (checked / "reports" / "CX-LTJD" / "2025.3.json").unlink()
    assert _codes(checked) == [("QD971", "reports/CX-LTJD/2025.3.json")]
