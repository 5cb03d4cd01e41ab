"""One rule for the version an unpinned citation means, in every command (qingdan.citedversion).

The story of the demo's 和谐社区 list: its items were drafted in 2024.1 (in force 2024-09-01) and 2025.1
(2025-07-01) against the 2018 居委会组织法 (23 articles). The law was fully revised on 2025-10-28 (50
articles, in force 2026-01-01). A revision in force 2026-03-01 moves every unpinned citation of it onto
the new text: validate must say so (QD309), and read the citations as impact does, as the 2018 text.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import HERE, git, run_qingdan
from qingdan.impact import impact
from qingdan.model import Finding
from qingdan.validate import validate

HXSQ = Path("lists/villages/CX-HXSQ.yaml")
LAW = "中华人民共和国城市居民委员会组织法"
# an item of 2024.1 citing an article the 2018 text (23 articles) does not have, the 2025 text (50) has
EXTRA = """
  - id: CX-HXSQ-0090
    name: 居民委员会下属委员会工作
    category: self_governance
    domain: 民生服务
    content: 居民委员会根据需要设立人民调解、治安保卫、公共卫生等委员会。
    basis:
      - instrument: 中华人民共和国城市居民委员会组织法
        article: 第三十条
    status: active
    since: "2024.1"
"""


def _with_extra(text: str) -> str:
    return text + EXTRA


@pytest.fixture
def village(tmp_path: Path) -> Path:
    """The demo lists in a real git repository with two commits: CX-HXSQ as published in 2024.1
    (effective 2024-09-01), then as it stands (2025.1, effective 2025-07-01)."""
    root = tmp_path / "demo"
    shutil.copytree(HERE.parent / "lists", root / "lists")
    git(root, "init", "-q", "-b", "main")
    path = root / HXSQ
    now = _with_extra(path.read_text(encoding="utf-8"))
    then = now.replace('revision: "2025.1"', 'revision: "2024.1"', 1).replace(
        "effective: 2025-07-01", "effective: 2024-09-01", 1
    )
    assert then != now
    path.write_text(then, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "和谐社区清单 2024.1")
    path.write_text(now, encoding="utf-8")
    git(root, "commit", "-q", "-am", "和谐社区清单 2025.1")
    return root


def _findings(root: Path, code: str) -> list[Finding]:
    return [f for f in validate(start=root).findings if f.rule == code and f.file == HXSQ.as_posix()]


def _cited(root: Path, finding: Finding) -> tuple[str, int]:
    assert finding.item is not None and finding.path[:3] == ("items", finding.path[1], "basis")
    return finding.item, int(finding.path[3])


def _impact_versions(root: Path) -> dict[tuple[str, int], Any]:
    report = impact(root, LAW, lists=["CX-HXSQ"])
    return {(item.item_id, c.index): c for item in report.items for c in item.citations}


def test_a_revision_past_the_2025_revision_is_a_finding(village: Path, cli: Any) -> None:
    assert _findings(village, "QD309") == []  # in force 2025-07-01 the 2018 text applies: nothing moved
    done = cli(village, "revision", "CX-HXSQ", "--effective", "2026-03-01")
    assert done.exit_code == 0, done.output
    assert "QD309" in done.output  # the drafter hears of it when starting the revision
    found = _findings(village, "QD309")
    articles = {f.args["article"] for f in found}
    assert {"第二十条", "第四条第二款", "第三十条"} <= articles
    assert {(f.args["meant"], f.args["now"]) for f in found} == {("2018-12-29", "2025-10-28")}
    assert {f.args["title"] for f in found} == {LAW}
    # every unpinned citation of the law is flagged, with the date it was drafted on
    every = set(_impact_versions(village))
    assert {_cited(village, f) for f in found} == every
    by_item = {f.item: (f.args["since"], f.args["drafted"]) for f in found}
    assert by_item["CX-HXSQ-0090"] == ("2024.1", "2024-09-01")
    assert all(f.severity == "error" and f.line and f.column for f in found)
    # the command line exits 1 and says which version each citation meant
    shown = run_qingdan(village, "validate", "--lang", "en")
    assert shown.returncode == 1, shown.stdout
    assert "QD309" in shown.stdout and "2018-12-29" in shown.stdout and "pin" in shown.stdout


def test_pinning_the_version_answers_the_finding(village: Path, cli: Any) -> None:
    cli(village, "revision", "CX-HXSQ", "--effective", "2026-03-01")
    path = village / HXSQ
    text = path.read_text(encoding="utf-8")
    pinned = text.replace(
        "        article: 第二十条\n", "        article: 第二十条\n        version: 2018-12-29\n"
    )
    path.write_text(pinned, encoding="utf-8")
    items = {f.item for f in _findings(village, "QD309")}
    assert "CX-HXSQ-0015" not in items and items  # the others still ask
    assert any(f.item == "CX-HXSQ-0015" for f in validate(start=village).findings if f.rule == "QD305")


def test_validate_and_impact_read_the_same_version(village: Path, cli: Any) -> None:
    cli(village, "revision", "CX-HXSQ", "--effective", "2026-03-01")
    cited = _impact_versions(village)
    assert {c.version for c in cited.values()} == {"2018-12-29"}
    for f in _findings(village, "QD309"):
        assert cited[_cited(village, f)].version == f.args["meant"]
        assert cited[_cited(village, f)].drafted == f.args["drafted"]
    # 第三十条 exists in the 2025 text only: both read the citation as the 2018 text and say so
    out_of_range = [f for f in _findings(village, "QD303") if f.item == "CX-HXSQ-0090"]
    assert [(f.args["version"], f.args["count"]) for f in out_of_range] == [("2018-12-29", 23)]
    problems = [p.code for p in cited[("CX-HXSQ-0090", 0)].problems]
    assert problems == ["article_missing"]


def test_a_plain_folder_reads_the_dates_from_the_recorded_reports(village: Path, cli: Any) -> None:
    cli(village, "revision", "CX-HXSQ", "--effective", "2026-03-01")
    shutil.rmtree(village / ".git")
    # without history or reports nothing tells when 2024.1 took effect: the list's own date is used
    assert _findings(village, "QD309") == []
    shutil.copytree(HERE.parent / "reports" / "CX-HXSQ", village / "reports" / "CX-HXSQ")
    found = _findings(village, "QD309")
    assert {(f.item, f.args["drafted"]) for f in found} >= {("CX-HXSQ-0090", "2024-09-01")}
    assert {f.args["meant"] for f in found} == {"2018-12-29"}


@pytest.mark.parametrize(
    "report",
    [
        '{"list": "CX-HXSQ", "revision": "2024.1", "effective": "not a date"}',
        '{"list": "CX-OTHER", "revision": "2024.1", "effective": "2024-09-01"}',
        '{"list": "CX-HXSQ", "revision": "2025.1", "effective": "2024-09-01"}',
        "[1, 2",
        "[" * 100_000,
    ],
)
def test_a_report_that_does_not_say_is_passed_over(village: Path, cli: Any, report: str) -> None:
    cli(village, "revision", "CX-HXSQ", "--effective", "2026-03-01")
    shutil.rmtree(village / ".git")
    target = village / "reports" / "CX-HXSQ" / "2024.1.json"
    target.parent.mkdir(parents=True)
    target.write_text(report, encoding="utf-8")
    result = validate(start=village)
    assert not [f for f in result.findings if f.rule == "QD309" and f.item == "CX-HXSQ-0090"]


def test_a_report_symlinked_out_of_the_repository_is_not_read(
    village: Path, cli: Any, tmp_path: Path
) -> None:
    cli(village, "revision", "CX-HXSQ", "--effective", "2026-03-01")
    shutil.rmtree(village / ".git")
    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps({"list": "CX-HXSQ", "revision": "2024.1", "effective": "2024-09-01"}))
    (village / "reports" / "CX-HXSQ").mkdir(parents=True)
    (village / "reports" / "CX-HXSQ" / "2024.1.json").symlink_to(outside)
    assert not [f for f in _findings(village, "QD309") if f.item == "CX-HXSQ-0090"]


def test_a_shallow_clone_validates_and_impact_refuses(village: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{village}", str(clone))
    done = run_qingdan(clone, "validate", "--format", "json")
    # validate needs no history: its one finding is CX-HXSQ-0090's 第三十条, read as the 2018 text
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert {f["rule"] for f in json.loads(done.stdout)["findings"]} == {"QD303"}
    refused = run_qingdan(clone, "impact", LAW)
    assert refused.returncode == 3, refused.stdout + refused.stderr
    assert "浅克隆" in refused.stdout + refused.stderr


# Pinning two citations of one item (an errata commit) must give the same report in every process:
# deepdiff, ignoring order, reports a removal and an addition at one path in hash order.
_FIELD_CHANGES = """
import json
from qingdan.diff import field_changes
old = {"basis": [{"instrument": "统计法", "article": "第三十条第三款"},
                 {"instrument": "统计法", "article": "第二十三条第一款"}]}
new = {"basis": [{**b, "version": "2024-09-13"} for b in old["basis"]]}
print(json.dumps([(f.path, f.old, f.new) for f in field_changes(old, new, ("basis",))], ensure_ascii=False))
"""


def test_field_changes_do_not_depend_on_the_hash_seed() -> None:
    import os
    import subprocess
    import sys

    outputs = {
        subprocess.run(
            [sys.executable, "-c", _FIELD_CHANGES],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(8)
    }
    assert len(outputs) == 1, outputs
