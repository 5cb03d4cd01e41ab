"""The admission gate's static rules, walked as a drafter would walk around them: the real command line on a
committed copy of the demo repository. Each edit is one that validate and set accepted before these rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import git, run_qingdan
from qingdan.rules.devolution import is_placeholder

QSZ = "lists/townships/CX-QSZ.yaml"
NOTICE = """  - title: 县应急管理局关于开展安全生产大检查的通知
    level: department_document
    issuer: 澄溪县应急管理局
    versions:
      - {date: 2025-03-01}
"""


@pytest.fixture
def committed(demo: Path) -> Path:
    git(demo, "add", "-A")
    git(demo, "commit", "-q", "-m", "demo lists")
    return demo


def _refused(repo: Path, *args: str, codes: tuple[str, ...]) -> str:
    """The command exits 1 with the codes, and the list file is untouched."""
    before = (repo / QSZ).read_bytes()
    done = run_qingdan(repo, "--lang", "en", *args)
    assert done.returncode == 1, (done.stdout, done.stderr)
    out = done.stdout + done.stderr
    for code in codes:
        assert code in out, (code, out)
    assert (repo / QSZ).read_bytes() == before
    assert git(repo, "status", "--porcelain") == ""
    return out


def test_devolved_resources_of_nothing_are_refused(committed: Path) -> None:
    out = _refused(
        committed,
        "set",
        "CX-QSZ-0014",
        "resources.staffing=0",
        "resources.funding=0",
        "resources.equipment=无",
        "resources.training=暂无",
        codes=("QD605", "QD606", "QD607"),
    )
    assert out.count("QD607") == 2  # equipment and training
    reason = "resources.no_staffing_reason=由镇综合行政执法队现有人员承担，县农业农村局派员驻镇指导一年"
    done = run_qingdan(committed, "set", "CX-QSZ-0014", "resources.staffing=0", reason)
    assert done.returncode == 0, done.stdout + done.stderr
    assert run_qingdan(committed, "validate").returncode == 0


def test_admission_by_minutes_instruction_or_notice_is_refused(committed: Path) -> None:
    _refused(
        committed,
        "set",
        "CX-QSZ-0049",
        "admission.document=县政府第12次常务会议纪要",
        codes=("QD708", "QD711"),
    )
    out = _refused(
        committed,
        "set",
        "CX-QSZ-0049",
        "admission.justification=根据县委主要领导批示，由镇承担。",
        codes=("QD711",),
    )
    assert "instruction" in out
    _refused(committed, "set", "CX-QSZ-0049", "admission.document=澄县委办发〔2025〕5号", codes=("QD709",))


def test_bracket_variant_is_reported_and_never_rewritten(committed: Path) -> None:
    done = run_qingdan(committed, "set", "CX-QSZ-0049", "admission.document=江川委办发[2025]5号")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "江川委办发[2025]5号" in (committed / QSZ).read_text(encoding="utf-8")
    checked = run_qingdan(committed, "--lang", "en", "validate")
    assert checked.returncode == 0 and "QD710" in checked.stdout and "江川委办发〔2025〕5号" in checked.stdout


def test_retiring_a_devolved_item_as_unsuitable_needs_an_evaluation(committed: Path) -> None:
    _refused(
        committed,
        "retire",
        "CX-QSZ-0014",
        "--reason",
        "unsuitable",
        "--note",
        "交回县农业农村局",
        codes=("QD808",),
    )
    # the tombstone written by hand, as the command would write it, then with the evaluation it rests on
    path = committed / QSZ
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: CX-QSZ-0014")
    end = text.index("  - id: CX-QSZ-0015")
    block = text[start:end].replace("    status: active\n", "    status: retired\n")
    block = block.rstrip("\n") + (
        '\n    retired:\n      revision: "2025.2"\n      date: 2025-09-01\n      reason: unsuitable\n'
        "      note: 交回县农业农村局\n\n"
    )
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    done = run_qingdan(committed, "--lang", "en", "validate")
    assert done.returncode == 1 and "QD808" in done.stdout, done.stdout
    evaluation = (
        "      evaluation:\n        date: 2025-06-30\n        conclusion: 一年内仅立案两起，专业执法依赖县局，赋权未发挥作用\n"
        "        feedback: 镇综合行政执法队和所辖村反映缺少执法力量\n"
    )
    path.write_text(
        text[:start] + block.rstrip("\n") + "\n" + evaluation + "\n" + text[end:], encoding="utf-8"
    )
    done = run_qingdan(committed, "validate")
    assert done.returncode == 0, done.stdout


def test_general_competence_beside_a_notice_is_still_a_forbidden_sole_basis(committed: Path) -> None:
    laws = committed / "lists" / "laws.yaml"
    laws.write_text(laws.read_text(encoding="utf-8") + NOTICE, encoding="utf-8")
    git(committed, "commit", "-q", "-am", "register a department notice")
    out = _refused(
        committed,
        "set",
        "CX-QSZ-0007",
        "basis=《县应急管理局关于开展安全生产大检查的通知》",
        "basis+=《地方组织法》第七十六条",
        "basis+=《宪法》第一百零七条第二款",
        codes=("QD401",),
    )
    assert "地方组织法》第七十六条" in out and "宪法》第一百零七条第二款" in out
    # a specific provision beside them is a basis
    done = run_qingdan(
        committed,
        "set",
        "CX-QSZ-0007",
        "basis+=《县应急管理局关于开展安全生产大检查的通知》",
        "basis+=《地方组织法》第七十六条",
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_general_provisions_are_configurable(committed: Path) -> None:
    laws = committed / "lists" / "laws.yaml"
    laws.write_text(laws.read_text(encoding="utf-8") + NOTICE, encoding="utf-8")
    (committed / "qingdan.yaml").write_text(
        "qingdan: 1\nbasis:\n  general_provisions: []\n", encoding="utf-8"
    )
    git(committed, "add", "-A")
    git(committed, "commit", "-q", "-m", "no general provisions")
    done = run_qingdan(
        committed,
        "set",
        "CX-QSZ-0007",
        "basis=《县应急管理局关于开展安全生产大检查的通知》",
        "basis+=《地方组织法》第七十六条",
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    "approver",
    [
        "中共内蒙古自治区委员会 内蒙古自治区人民政府",
        "中共北京市委 北京市人民政府",
        "中共重庆市委员会 重庆市人民政府",
    ],
)
def test_autonomous_regions_and_municipalities_approve(committed: Path, approver: str) -> None:
    done = run_qingdan(committed, "set", "CX-QSZ-0049", f"admission.approver={approver}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert approver in (committed / QSZ).read_text(encoding="utf-8")


def test_a_prefecture_still_does_not_approve(committed: Path) -> None:
    _refused(
        committed,
        "set",
        "CX-QSZ-0049",
        "admission.approver=中共呼和浩特市委 呼和浩特市人民政府",
        codes=("QD702",),
    )


@pytest.mark.parametrize(
    ("text", "empty"),
    [
        ("无", True),
        ("暂无。", True),
        ("None", True),
        ("n/a", True),
        ("——", True),
        ("暂未配备", True),
        ("无需培训", True),
        ("待定", True),
        ("  ", True),
        ("无人机 1 架", False),
        ("执法记录仪 4 台", False),
        ("每年两次业务培训，由县农业农村局负责", False),
    ],
)
def test_placeholder_words(text: str, empty: bool) -> None:
    assert is_placeholder(text) is empty
