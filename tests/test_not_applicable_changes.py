"""Changes to a list's top-level not_applicable records (template items it records as not applying) are
changes of the list: diff shows them in every format and language, the change report of the revision lists
them, and check neither lets them pass without a new revision nor with a report that leaves them out.

Real git repositories (a committed copy of the demo with its reports) and the real command line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import git, run_qingdan

QSZ = "lists/townships/CX-QSZ.yaml"
REPORT = "reports/CX-QSZ/2025.4.md"
OLD_0007 = "本镇未成年人相关事务由县未成年人救助保护中心青石分站承担，镇不另设工作站"
NEW_0007 = "本镇未成年人事务由县未成年人救助保护中心青石分站统一承担，镇不另设工作站"
HOSTILE = "本镇无此事项 <script>alert(1)</script> | **粗体** [链接](http://x.example)"
ADOPTING_ITEM = (
    "  - id: CX-QSZ-0057\n"
    "    from: CX-TEMPLATE-0004\n"
    "    name: 组织编制村庄规划\n"
    "    category: basic\n"
    "    domain: 城乡建设\n"
    "    content: 组织编制本行政区域内的村庄规划，规划报送审批前经村民会议或者村民代表会议讨论同意，按程序报县人民政府审批。\n"
    "    basis:\n"
    "      - instrument: 中华人民共和国城乡规划法\n"
    "        article: 第二十二条\n"
    "    status: active\n"
    '    since: "2025.4"\n'
)


def _ok(done: object) -> str:
    assert getattr(done, "returncode", None) == 0, getattr(done, "stdout", "") + getattr(done, "stderr", "")
    return str(getattr(done, "stdout", ""))


@pytest.fixture
def published(demo: Path) -> Path:
    """The demo committed with the reports of every list's current revision (check passes on it)."""
    _ok(run_qingdan(demo, "report"))
    git(demo, "add", "-A")
    git(demo, "commit", "-q", "-m", "demo lists and reports")
    return demo


@pytest.fixture
def drafting(published: Path) -> Path:
    """青石镇's next revision (2025.4) started in the work tree."""
    _ok(run_qingdan(published, "revision", "CX-QSZ", "--effective", "2026-03-01"))
    return published


def _edit(root: Path, old: str, new: str) -> None:
    path = root / QSZ
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _add_record(root: Path, reason: str = "本镇没有草原") -> None:
    _edit(
        root,
        "not_applicable:\n",
        f"not_applicable:\n  - {{item: CX-TEMPLATE-0099, reason: {json.dumps(reason, ensure_ascii=False)}}}\n",
    )


def _remove_record(root: Path) -> None:
    _edit(root, f"  - {{item: CX-TEMPLATE-0007, reason: {OLD_0007}}}\n", "")


def _change_reason(root: Path) -> None:
    _edit(root, OLD_0007, NEW_0007)


def _adopt_instead(root: Path) -> None:
    """CX-TEMPLATE-0004, recorded as not applicable, is now adopted by a new item."""
    path = root / QSZ
    text = path.read_text(encoding="utf-8")
    start = text.index("  - {item: CX-TEMPLATE-0004,")
    end = text.index("\n", start) + 1
    text = text[:start] + text[end:]
    path.write_text(text.rstrip("\n") + "\n\n" + ADOPTING_ITEM, encoding="utf-8")


# (edit, what text diff and the Chinese report must say, what the English diff must say)
CASES: dict[str, tuple[Callable[[Path], None], list[str], list[str]]] = {
    "added": (
        _add_record,
        ["记为不适用", "CX-TEMPLATE-0099", "本镇没有草原"],
        ["recorded as not applicable", "CX-TEMPLATE-0099"],
    ),
    "removed": (
        _remove_record,
        ["撤销不适用记录", "CX-TEMPLATE-0007", OLD_0007],
        ["not-applicable record removed", "CX-TEMPLATE-0007"],
    ),
    "reason": (
        _change_reason,
        ["不适用理由调整", "CX-TEMPLATE-0007", OLD_0007, NEW_0007],
        ["reason changed", "CX-TEMPLATE-0007"],
    ),
    "adopted": (
        _adopt_instead,
        ["撤销不适用记录", "CX-TEMPLATE-0004", "改由 CX-QSZ-0057 采用"],
        ["not-applicable record removed", "now adopted by CX-QSZ-0057"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_diff_shows_not_applicable_changes(drafting: Path, case: str) -> None:
    edit, zh, en = CASES[case]
    edit(drafting)
    text = _ok(run_qingdan(drafting, "diff"))
    for word in zh:
        assert word in text, text
    english = _ok(run_qingdan(drafting, "diff", "--lang", "en"))
    for word in en:
        assert word in english, english
    markdown = _ok(run_qingdan(drafting, "diff", "--format", "markdown"))
    html = _ok(run_qingdan(drafting, "diff", "--format", "html"))
    for word in zh[:2]:
        assert word in markdown and word in html
    data = json.loads(_ok(run_qingdan(drafting, "diff", "--format", "json")))
    records = data["lists"]["CX-QSZ"]["not_applicable"]
    assert [r["kind"] for r in records] == [
        {"adopted": "removed"}.get(case, case if case != "reason" else "changed")
    ]
    assert data["summary"]["not_applicable"] == 1
    if case == "adopted":
        assert records[0]["adopted_by"] == "CX-QSZ-0057"


@pytest.mark.parametrize("case", sorted(CASES))
def test_change_report_shows_not_applicable_changes(drafting: Path, case: str) -> None:
    edit, zh, _ = CASES[case]
    edit(drafting)
    _ok(run_qingdan(drafting, "report", "CX-QSZ"))
    report = (drafting / REPORT).read_text(encoding="utf-8")
    for word in zh:
        assert word in report, report
    assert "本版次没有实质调整" not in report
    data = json.loads((drafting / REPORT.replace(".md", ".json")).read_text(encoding="utf-8"))
    assert [r["item"] for r in data["not_applicable"]] == [zh[1]]
    _ok(run_qingdan(drafting, "report", "CX-QSZ", "--lang", "en", "--format", "md"))
    english = (drafting / REPORT).read_text(encoding="utf-8")
    assert "Not-applicable records" in english and zh[1] in english


def test_report_check_sees_a_reason_changed_after_the_report(drafting: Path) -> None:
    _change_reason(drafting)
    _ok(run_qingdan(drafting, "report", "CX-QSZ"))
    done = run_qingdan(drafting, "check", "--base", "HEAD", "--format", "json")
    codes = {f["rule"] for f in json.loads(done.stdout)["findings"]}
    assert "QD972" not in codes and "QD971" not in codes, done.stdout
    _edit(drafting, NEW_0007, NEW_0007 + "（再次修改）")
    done = run_qingdan(drafting, "check", "--base", "HEAD", "--format", "json")
    stale = [f for f in json.loads(done.stdout)["findings"] if f["rule"] == "QD972"]
    assert stale and done.returncode == 1, done.stdout


def test_check_wants_a_new_revision_for_a_changed_record(published: Path) -> None:
    _change_reason(published)
    done = run_qingdan(published, "check", "--base", "HEAD", "--no-reports", "--format", "json")
    found = [f for f in json.loads(done.stdout)["findings"] if f["rule"] == "QD961"]
    assert found and "not_applicable" in found[0]["message"], done.stdout
    assert done.returncode == 1


def test_hostile_reason_is_escaped(drafting: Path) -> None:
    _add_record(drafting, HOSTILE)
    markdown = _ok(run_qingdan(drafting, "diff", "--format", "markdown"))
    html = _ok(run_qingdan(drafting, "diff", "--format", "html"))
    _ok(run_qingdan(drafting, "report", "CX-QSZ", "--format", "md", "--format", "html"))
    report = (drafting / REPORT).read_text(encoding="utf-8")
    page = (drafting / REPORT.replace(".md", ".html")).read_text(encoding="utf-8")
    for out in (markdown, html, report, page):
        assert "<script>" not in out and "alert(1)" in out
    for out in (markdown, report):  # Markdown: no link, no emphasis, no broken table from the reason
        assert "](http" not in out and "**粗体**" not in out and " | **" not in out


def test_formatting_of_records_is_no_change(drafting: Path) -> None:
    path = drafting / QSZ
    text = path.read_text(encoding="utf-8")
    start = text.index("not_applicable:\n") + len("not_applicable:\n")
    end = text.index("items:\n")
    lines = text[start:end].splitlines(keepends=True)
    path.write_text(text[:start] + "".join(reversed(lines)) + text[end:], encoding="utf-8")
    data = json.loads(_ok(run_qingdan(drafting, "diff", "--format", "json")))
    assert data["lists"]["CX-QSZ"]["not_applicable"] == []
