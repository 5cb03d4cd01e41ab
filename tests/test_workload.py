"""The admission gate over history, walked on a committed copy of the demo repository: changes that give a
township more work need an admission record of their own, the baseline moves only with a whole-list approval,
and retire records the evaluation a devolved item's exit rests on. The real command line throughout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import git, run_qingdan

QSZ = "lists/townships/CX-QSZ.yaml"
WIDER_DUTY = "负责辖区食品经营者日常监督检查，建立检查台账，每月报送检查照片。"
ADJUSTED = "adjustment.reason=本镇消防救援力量由镇专职消防队承担，消防行政处罚交回镇综合行政执法队"


def _record(change: str, revision: str = "2025.4", document: str = "江川委办发〔2026〕5号") -> str:
    return (
        "    admissions:\n"
        f"      - change: {change}\n"
        f'        revision: "{revision}"\n'
        "        approver: 中共江川省委 江川省人民政府\n"
        f"        document: {document}\n"
        "        approved: 2026-02-10\n"
        "        justification: 经必要性、合理性论证，人员、经费随事项划转，纳入乡镇履职事项。\n"
        "        publicity: {start: 2026-01-12, end: 2026-01-23}\n"
    )


def _insert_after_since(repo: Path, item: str, text: str) -> None:
    """Append lines to an item's block, after its since line (the demo's items end with since)."""
    path = repo / QSZ
    source = path.read_text(encoding="utf-8")
    start = source.index(f"  - id: {item}\n")
    at = source.index("\n", source.index("    since: ", start)) + 1
    path.write_text(source[:at] + text + source[at:], encoding="utf-8")


@pytest.fixture
def drafting(demo: Path) -> Path:
    """The demo committed (青石镇 at 2025.3), and 青石镇's next revision (2025.4) started in the work tree."""
    git(demo, "add", "-A")
    git(demo, "commit", "-q", "-m", "demo lists")
    done = run_qingdan(demo, "revision", "CX-QSZ", "--effective", "2026-03-01")
    assert done.returncode == 0, done.stdout + done.stderr
    return demo


def _restart(repo: Path) -> None:
    git(repo, "checkout", "-q", "--", QSZ)
    assert run_qingdan(repo, "revision", "CX-QSZ", "--effective", "2026-03-01").returncode == 0


def _check(repo: Path) -> list[dict[str, object]]:
    done = run_qingdan(repo, "check", "--base", "HEAD", "--no-reports", "--format", "json")
    assert done.returncode in (0, 1), done.stdout + done.stderr
    findings: list[dict[str, object]] = json.loads(done.stdout)["findings"]
    return findings


def _codes(repo: Path, code: str) -> list[tuple[object, object]]:
    return [(f["item"], f["line"]) for f in _check(repo) if f["rule"] == code]


def _line_of(repo: Path, item: str, key: str) -> int:
    lines = (repo / QSZ).read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  - id: {item}")
    return next(i for i in range(start, len(lines)) if lines[i].startswith(f"    {key}:")) + 1


def test_a_recalled_penalty_power_handed_back_needs_an_admission(drafting: Path) -> None:
    # the item adopts the template's recalled CX-TEMPLATE-0026: making it basic is a local adjustment
    # with its reason, and without admission the edit is only a draft (QD935)
    done = run_qingdan(drafting, "set", "CX-QSZ-0031", "category=basic", ADJUSTED)
    assert done.returncode == 1 and "QD935" in done.stderr, done.stdout + done.stderr
    done = run_qingdan(drafting, "set", "CX-QSZ-0031", "category=basic", ADJUSTED, "--draft")
    assert done.returncode == 0 and "QD935" in done.stderr, done.stdout + done.stderr
    assert _codes(drafting, "QD712") == [("CX-QSZ-0031", _line_of(drafting, "CX-QSZ-0031", "category"))]
    english = run_qingdan(drafting, "--lang", "en", "check", "--base", "HEAD", "--no-reports")
    assert (
        english.returncode == 1
        and "recategorised from recalled by higher departments to basic" in english.stdout
    )
    # a record of another change, or of this change in an earlier revision, does not admit it
    _insert_after_since(drafting, "CX-QSZ-0031", _record("devolved"))
    assert [i for i, _ in _codes(drafting, "QD712")] == ["CX-QSZ-0031"]
    _restart(drafting)
    run_qingdan(drafting, "set", "CX-QSZ-0031", "category=basic", ADJUSTED, "--draft")
    _insert_after_since(drafting, "CX-QSZ-0031", _record("to_basic", revision="2025.3"))
    assert [i for i, _ in _codes(drafting, "QD712")] == ["CX-QSZ-0031"]
    _restart(drafting)
    run_qingdan(drafting, "set", "CX-QSZ-0031", "category=basic", ADJUSTED, "--draft")
    _insert_after_since(drafting, "CX-QSZ-0031", _record("to_basic"))
    assert [f for f in _check(drafting) if f["severity"] == "error"] == []


def test_turning_devolved_on_needs_an_admission(drafting: Path) -> None:
    resources = (
        "    devolved: true\n    resources:\n      staffing: 1\n      funding: 8\n"
        "      equipment: 执法记录仪 2 台\n      training: 每年一次业务培训，由县消防救援大队负责\n"
        "    review: {interval_months: 12, next: 2035-06-30}\n"
    )
    _insert_after_since(drafting, "CX-QSZ-0001", resources)
    assert run_qingdan(drafting, "validate").returncode == 0
    assert [i for i, _ in _codes(drafting, "QD712")] == ["CX-QSZ-0001"]
    _insert_after_since(drafting, "CX-QSZ-0001", _record("devolved"))
    assert _codes(drafting, "QD712") == []


def test_widening_a_cooperative_township_duty_needs_an_admission(drafting: Path) -> None:
    done = run_qingdan(drafting, "set", "CX-QSZ-0016", f"township_duty={WIDER_DUTY}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert _codes(drafting, "QD712") == [("CX-QSZ-0016", _line_of(drafting, "CX-QSZ-0016", "township_duty"))]
    _insert_after_since(drafting, "CX-QSZ-0016", _record("township_duty"))
    assert [f for f in _check(drafting) if f["severity"] == "error"] == []


def test_a_later_admission_record_gets_the_checks_of_admission(drafting: Path) -> None:
    run_qingdan(drafting, "set", "CX-QSZ-0016", f"township_duty={WIDER_DUTY}")
    _insert_after_since(
        drafting, "CX-QSZ-0016", _record("township_duty", document="县政府第12次常务会议纪要")
    )
    done = run_qingdan(drafting, "--lang", "en", "validate")
    assert done.returncode == 1 and "QD708" in done.stdout and "QD711" in done.stdout, done.stdout


def test_editing_the_baseline_by_hand_is_a_finding_of_its_own(drafting: Path) -> None:
    path = drafting / QSZ
    text = path.read_text(encoding="utf-8")
    # an item added in 2025.4 without admission: QD701 while the baseline is 2024.1
    run_qingdan(drafting, "set", "CX-QSZ-0036", "category=basic")  # a local item (no from)
    assert _codes(drafting, "QD714") == []
    path.write_text(text.replace('  baseline: "2024.1"\n', '  baseline: "2025.3"\n', 1), encoding="utf-8")
    assert run_qingdan(drafting, "validate").returncode == 0  # validate cannot tell
    findings = _check(drafting)
    moved = [f for f in findings if f["rule"] == "QD714"]
    assert len(moved) == 1 and moved[0]["line"] == text.splitlines().index('  baseline: "2024.1"') + 1
    assert "2024.1" in str(moved[0]["message"]) and "2025.3" in str(moved[0]["message"])
    # backwards is no better
    path.write_text(text.replace('  baseline: "2024.1"\n', '  baseline: "2023.1"\n', 1), encoding="utf-8")
    assert [f["rule"] for f in _check(drafting) if f["rule"].startswith("QD71")] == ["QD714"]


def test_the_baseline_moves_with_a_whole_list_approval(drafting: Path) -> None:
    path = drafting / QSZ
    text = path.read_text(encoding="utf-8")
    approval = "  approval: {approver: 中共澄溪县委员会 澄溪县人民政府, document: 澄委发〔2026〕2号, date: 2026-02-20}\n"
    moved = text.replace('  baseline: "2024.1"\n', '  baseline: "2025.4"\n' + approval, 1)
    path.write_text(moved, encoding="utf-8")
    findings = _check(drafting)
    assert [f["rule"] for f in findings if f["rule"] in ("QD714", "QD715")] == ["QD715"]
    assert "澄委发〔2026〕2号" in str(next(f for f in findings if f["rule"] == "QD715")["message"])
    # an approval, but a baseline that is not the approved revision
    path.write_text(moved.replace('  baseline: "2025.4"\n', '  baseline: "2025.3"\n', 1), encoding="utf-8")
    assert [f["rule"] for f in _check(drafting) if f["rule"] in ("QD714", "QD715")] == ["QD714"]
    # an approval with an empty document is no approval
    path.write_text(moved.replace("document: 澄委发〔2026〕2号", 'document: ""', 1), encoding="utf-8")
    assert [f["rule"] for f in _check(drafting) if f["rule"] in ("QD714", "QD715")] == ["QD714"]


def test_diff_labels_the_baseline_move(drafting: Path) -> None:
    path = drafting / QSZ
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('  baseline: "2024.1"\n', '  baseline: "2025.3"\n', 1), encoding="utf-8")
    zh = run_qingdan(drafting, "diff", "HEAD")
    assert zh.returncode == 0, zh.stderr
    assert "基准版次移动：2024.1 → 2025.3" in zh.stdout, zh.stdout
    en = run_qingdan(drafting, "--lang", "en", "diff", "HEAD", "--format", "markdown")
    assert "baseline moved: 2024.1 → 2025.3" in en.stdout, en.stdout
    html = run_qingdan(drafting, "diff", "HEAD", "--format", "html")
    assert "基准版次移动：2024.1 → 2025.3" in html.stdout
    # a header change that is not the baseline is not labelled as a move
    path.write_text(
        text.replace("  effective: 2026-03-01\n", "  effective: 2026-04-01\n", 1), encoding="utf-8"
    )
    assert "基准版次移动" not in run_qingdan(drafting, "diff", "HEAD").stdout


def test_retire_records_the_evaluation_a_devolved_exit_rests_on(drafting: Path) -> None:
    args = ("retire", "CX-QSZ-0014", "--reason", "unsuitable", "--note", "交回县农业农村局")
    before = (drafting / QSZ).read_bytes()
    refused = run_qingdan(drafting, "--lang", "en", *args)
    assert refused.returncode == 1 and "QD808" in refused.stdout + refused.stderr
    partial = run_qingdan(drafting, *args, "--evaluation-date", "2026-01-15")
    assert partial.returncode == 2 and "--evaluation-conclusion" in partial.stderr, partial.stderr
    bad_date = run_qingdan(
        drafting, *args, "--evaluation-date", "2026-13-01", "--evaluation-conclusion", "赋权未发挥作用",
        "--evaluation-feedback", "镇综合行政执法队反映缺少执法力量",
    )  # fmt: skip
    assert bad_date.returncode == 2, bad_date.stdout + bad_date.stderr
    assert (drafting / QSZ).read_bytes() == before
    done = run_qingdan(
        drafting, *args, "--evaluation-date", "2026-01-15",
        "--evaluation-conclusion", "一年内仅立案两起，专业执法依赖县局，赋权未发挥作用",
        "--evaluation-feedback", "镇综合行政执法队和所辖村反映缺少执法力量",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    changed = git(drafting, "diff", "--", QSZ)
    assert "+      evaluation:\n+        date: 2026-01-15\n" in changed, changed
    assert "+        feedback: 镇综合行政执法队和所辖村反映缺少执法力量\n" in changed
    removed = [line for line in changed.splitlines() if line.startswith("-") and not line.startswith("---")]
    # only the lines it means to change (beside the revision the fixture started, a draft: its
    # predecessor's publication record goes)
    header = [line for line in removed if not line.startswith("-    status")]
    assert header[:3] == ['-  revision: "2025.3"', "-  effective: 2025-12-01", "-  approval:"], removed
    assert [line for line in removed if line.startswith("-    status")] == ["-    status: active"], removed
    assert len(removed) == 7, removed
    assert run_qingdan(drafting, "validate").returncode == 0
    # an evaluation after the retirement date is QD809, and nothing is written
    _restart(drafting)
    late = run_qingdan(
        drafting, "--lang", "en", *args, "--evaluation-date", "2026-05-01",
        "--evaluation-conclusion", "赋权未发挥作用", "--evaluation-feedback", "镇综合行政执法队反映缺少执法力量",
    )  # fmt: skip
    assert late.returncode == 1 and "QD809" in late.stdout + late.stderr
    assert (drafting / QSZ).read_bytes() == before


def test_retire_help_names_the_evaluation_options_in_both_languages(tmp_path: Path) -> None:
    zh = run_qingdan(tmp_path, "--lang", "zh", "retire", "--help", env={"COLUMNS": "200"})
    en = run_qingdan(tmp_path, "--lang", "en", "retire", "--help", env={"COLUMNS": "200"})
    assert "--evaluation-feedback" in zh.stdout and "基层反馈" in zh.stdout
    assert "--evaluation-feedback" in en.stdout and "grassroots feedback" in en.stdout
