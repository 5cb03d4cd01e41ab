"""The default approvers: every provincial-level unit's party committee and government, and nothing below.

The 31 provincial-level units by their real names: 22 provinces, 5 autonomous regions, 4 municipalities
directly under the central government. Each is tried in every form a document signature takes (the
committee's full and short name, the government's full and short name, and both together), and the
bodies just below or beside them (a prefecture, a county, a municipal district, a general office, a
department) are refused.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import git
from qingdan import edit
from qingdan.check import check
from qingdan.config import DEFAULT_APPROVERS
from qingdan.rules.admission import approver_allowed

PROVINCES = (
    "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东",
    "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
)  # fmt: skip
REGIONS = ("内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区")
MUNICIPALITIES = ("北京", "天津", "上海", "重庆")
BASE_LIST = Path(__file__).parent / "golden" / "base" / "before.yaml"


def _forms(committee_full: str, committee_short: str, government: str, government_short: str) -> list[str]:
    return [
        committee_full,
        committee_short,
        government,
        government_short,
        f"{committee_full} {government}",
        f"{committee_short} {government}",
        f"{committee_short}、{government_short}",
    ]


ACCEPTED = (
    [
        form
        for p in PROVINCES
        for form in _forms(f"中共{p}省委员会", f"中共{p}省委", f"{p}省人民政府", f"{p}省政府")
    ]
    + [form for r in REGIONS for form in _forms(f"中共{r}委员会", f"{r}党委", f"{r}人民政府", f"{r}政府")]
    + [
        form
        for c in MUNICIPALITIES
        for form in _forms(f"中共{c}市委员会", f"中共{c}市委", f"{c}市人民政府", f"{c}市政府")
    ]
)

REFUSED = (
    "中共石家庄市委 石家庄市人民政府",  # a prefecture of a province
    "中共河北省石家庄市委员会",
    "中共河北省正定县委 河北省正定县人民政府",  # a county
    "中共呼和浩特市委 呼和浩特市人民政府",  # a prefecture of an autonomous region
    "中共内蒙古自治区呼和浩特市委员会",
    "中共巴音郭楞蒙古自治州委员会 巴音郭楞蒙古自治州人民政府",  # an autonomous prefecture
    "中共杭州市委 杭州市人民政府",
    "中共北京市海淀区委 北京市海淀区人民政府",  # a district of a municipality
    "中共重庆市渝中区委员会 重庆市渝中区人民政府",
    "中共上海市浦东新区委员会",
    "北京市人民政府办公厅",  # an office or department of an allowed body
    "中共北京市委组织部",
    "内蒙古自治区人民政府办公厅",
    "中共广西壮族自治区委员会组织部",
    "河北省人民政府办公厅",
    "中共测试县委 测试县人民政府",
    "县应急管理局",
)


def test_thirty_one_units() -> None:
    assert len(PROVINCES) + len(REGIONS) + len(MUNICIPALITIES) == 31
    assert len(set(PROVINCES + REGIONS + MUNICIPALITIES)) == 31


@pytest.mark.parametrize("approver", ACCEPTED)
def test_every_provincial_level_committee_and_government_passes(approver: str) -> None:
    assert approver_allowed(approver, list(DEFAULT_APPROVERS))


@pytest.mark.parametrize("approver", REFUSED)
def test_bodies_below_or_beside_them_are_refused(approver: str) -> None:
    assert not approver_allowed(approver, list(DEFAULT_APPROVERS))


@pytest.mark.parametrize(
    ("approver", "passes"),
    [
        ("中共内蒙古自治区委员会 内蒙古自治区人民政府", True),
        ("中共北京市委 北京市人民政府", True),
        ("中共测试县委 测试县人民政府", False),
    ],
)
def test_an_admission_by_an_autonomous_region_or_a_municipality_passes_check_in_a_real_repository(
    repo: Path, approver: str, passes: bool
) -> None:
    shutil.copy(BASE_LIST, repo / "lists" / "case.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "清单 2025.1 版")
    edit.start_revision(repo, "T", "2026-01-01")
    edit.add_item(
        repo,
        "T",
        {
            "name": "森林防火巡查",
            "category": "basic",
            "domain": "平安法治",
            "basis": [edit.parse_basis("《消防法》第三十二条")],
            "admission": {
                "approver": approver, "document": "测试委办发〔2025〕9号", "approved": "2025-12-01",
                "justification": "经必要性与合理性论证。", "publicity": {"start": "2025-11-10", "end": "2025-11-20"},
            },
        },
        draft=True,
    )  # fmt: skip
    git(repo, "commit", "-qam", "2025.2 草案")
    codes = {f.rule for f in check(repo, reports=False).findings}
    assert ("QD702" not in codes) is passes, codes
