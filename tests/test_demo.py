"""The bundled demo repository (lists/ and reports/ with their git history), as a new user meets it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_qingdan

ROOT = Path(__file__).parent.parent
needs_history = pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs this repository's git history")


def test_demo_validates_clean_and_is_canonical() -> None:
    # the demo's review dates are set for this day; later, QD603 rightly warns of overdue reviews
    done = run_qingdan(ROOT, "validate", "--format", "json", "--strict", env={"QINGDAN_TODAY": "2026-11-28"})
    assert done.returncode == 0, done.stdout
    data = json.loads(done.stdout)
    assert data["findings"] == [] and data["summary"]["items"] >= 150
    assert run_qingdan(ROOT, "fmt", "--check").returncode == 0


@needs_history
def test_demo_reports_are_committed_and_fresh() -> None:
    done = run_qingdan(ROOT, "report", "--check")
    assert done.returncode == 0, done.stdout + done.stderr
    revisions = {p.stem for p in (ROOT / "reports" / "CX-QSZ").glob("*.md")}
    assert revisions >= {"2024.1", "2025.1", "2025.2"}


@needs_history
def test_impact_of_the_2024_statistics_law_finds_every_citation_re_examined() -> None:
    # the lists took effect after the 2024 amendment; their citations were checked and pinned (QD309)
    done = run_qingdan(ROOT, "impact", "中华人民共和国统计法", "--version", "2024-09-13", "--format", "json")
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads(done.stdout)
    assert data["items"] == [] and data["summary"]["up_to_date"] >= 9


@needs_history
def test_impact_of_the_2025_organisation_law_lists_the_items_drafted_under_2018() -> None:
    done = run_qingdan(ROOT, "impact", "居委会组织法", "--version", "2025-10-28", "--format", "json")
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    flagged = {item["id"] for item in data["items"] if item["needs_review"]}
    # every flagged citation reads as the 2018 text, dated by its item's since revision in git history
    cited_2018 = {
        item["id"] for item in data["items"] for c in item["citations"] if c["version"] == "2018-12-29"
    }
    assert flagged == cited_2018 and len(flagged) == 11
    drafted = {
        (item["list"], item["since"], c["drafted"]) for item in data["items"] for c in item["citations"]
    }
    assert drafted == {("CX-HXSQ", "2024.1", "2024-09-01"), ("CX-LTJD", "2024.1", "2024-07-01")}
    # the lists are still in force before 2026-01-01: validate reads these citations alike (no QD309)
    assert "QD309" not in run_qingdan(ROOT, "validate").stdout


@pytest.mark.skipif(
    not (ROOT / ".venv" / "bin" / "qingdan").exists(), reason="needs the .venv that make sets up"
)
def test_make_demo_prints_no_error_ten_years_from_now() -> None:
    import datetime as dt
    import os
    import subprocess

    later = dt.date.today().replace(month=1, day=1) + dt.timedelta(days=3653 + 365)
    done = subprocess.run(
        ["make", "--no-print-directory", "demo"],
        cwd=ROOT,
        env={**os.environ, "QINGDAN_TODAY": later.isoformat()},
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    problems = [
        line for line in out.splitlines() if ("错误" in line and "0 个错误" not in line) or "Error" in line
    ]
    assert problems == [], problems
