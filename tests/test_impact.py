"""qingdan impact: which items cite a law, which must be re-examined when it changes, and which cite
repealed instruments or replaced versions; plus the article check against law texts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import HERE, SHARED, list_header, run_qingdan
from qingdan.citations import parse_article
from qingdan.impact import covers, impact
from qingdan.model import ListDoc

DEMO_LISTS = HERE.parent / "lists"
SHARED_LAWS = SHARED / "laws"

# The demo's history (README of lists/): the effective date of each revision of each list.
DRAFTED: dict[tuple[str, str], str] = {}
for _list in ("CX-QSZ", "CX-LTJD", "CX-TEMPLATE"):
    DRAFTED.update(
        {(_list, "2024.1"): "2024-07-01", (_list, "2025.1"): "2025-03-01", (_list, "2025.2"): "2025-09-01"}
    )
    DRAFTED[(_list, "2025.3")] = "2025-12-01"  # the template revision that sync brought into both towns
for _list in ("CX-HXSQ", "CX-SHC"):
    DRAFTED.update({(_list, "2024.1"): "2024-09-01", (_list, "2025.1"): "2025-07-01"})
DRAFTED[("CX-FQ", "2025.1")] = "2025-09-01"  # the county 赋权 list, added in one revision


def since_effective(doc: ListDoc, item: dict[str, Any]) -> str:
    """The drafted date another engineer will compute from git: the effective date of the item's since."""
    return DRAFTED[(doc.id, item["since"])]


# The active demo items citing 统计法 that were introduced in 2024.1, drafted before the 2024 amendment
# took effect (2024-09-13): they cite the 2009 version. CX-SHC-0019 also cites 统计法, but came in
# with the villages' 2025.1 (2025-07-01) and so cites the 2024 version.
STATISTICS_2009 = {
    "CX-TEMPLATE-0009",
    "CX-TEMPLATE-0033",
    "CX-LTJD-0021",
    "CX-LTJD-0031",
    "CX-QSZ-0008",
    "CX-QSZ-0041",
}
# Items of 2024.1 citing 突发事件应对法, drafted before its 2024 revision took effect (2024-11-01).
EMERGENCY_2007 = {"CX-LTJD-0007", "CX-SHC-0012"}
# Items citing the 2018 texts of the two organisation laws revised on 2025-10-28 (in force 2026-01-01).
ORGANISATION_LAWS_2018 = {
    "CX-TEMPLATE-0002",
    "CX-LTJD-0002",
    "CX-LTJD-0008",
    "CX-QSZ-0002",
    *(f"CX-HXSQ-{n:04d}" for n in (2, 3, 4, 5, 8, 11, 14, 15, 16)),
    *(f"CX-SHC-{n:04d}" for n in (1, 2, 3, 4, 6, 15, 16, 17, 18, 19)),
}

NEW_ITEMS = """
  - id: CX-QSZ-0101
    name: 统计调查对象名录库维护
    category: basic
    domain: 综合保障
    content: 维护本镇统计调查对象名录库。
    basis:
      - instrument: 统计法
        article: 第三十条第三款
    status: active
    since: "2025.2"

  - id: CX-QSZ-0102
    name: 统计执法检查配合
    category: cooperative
    domain: 综合保障
    content: 配合县统计局开展统计执法检查。
    basis:
      - instrument: 中华人民共和国统计法
        article: 第三十六条
        version: 2009-06-27
    lead_department: 县统计局
    department_duty: 组织统计执法检查。
    township_duty: 提供场地和联络人员。
    status: active
    since: "2025.2"
"""


# The demo lists pin the citations their later revisions moved onto amended texts (QD309). These tests
# ask how impact dates citations that were never pinned: they run on the lists as they stood before.
PINNED_SINCE_REEXAMINED = ("        version: 2024-09-13\n", "        version: 2024-06-28\n")


@pytest.fixture
def demo(demo: Path) -> Path:
    """The demo lists as they stood before their citations were re-examined and pinned."""
    unpinned = 0
    for path in (demo / "lists").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for line in PINNED_SINCE_REEXAMINED:
            unpinned += text.count(line)
            text = text.replace(line, "")
        path.write_text(text, encoding="utf-8")
    assert unpinned == 10
    return demo


@pytest.fixture
def demo_texts(demo: Path) -> Path:
    """The demo with law_texts pointing at ../shared/laws (a symlink inside the repository)."""
    if not SHARED_LAWS.is_dir():
        pytest.skip("../shared/laws not present")
    (demo / "law-texts").symlink_to(SHARED_LAWS.resolve(), target_is_directory=True)
    (demo / "qingdan.yaml").write_text("qingdan: 1\nlaw_texts: law-texts\n", encoding="utf-8")
    return demo


def _ids(report: Any) -> set[str]:
    return {item.item_id for item in report.items}


# ---- acceptance: the 2024 amendment of 统计法 on the demo lists -----------------------------------------


def test_statistics_law_2024_lists_exactly_the_items_citing_2009(demo: Path) -> None:
    report = impact(demo, "中华人民共和国统计法", new_version="2024-09-13", drafted=since_effective)
    assert _ids(report) == STATISTICS_2009
    assert report.new_version_registered
    versions = {c.version for item in report.items for c in item.citations}
    assert versions == {"2009-06-27"}
    assert all(c.needs_review for item in report.items for c in item.citations)
    assert report.to_review == 6 and report.citations == 8 and report.up_to_date == 1
    assert report.errors == 0  # without law texts only article counts are checked: all ≤ 50
    assert report.exit_code() == 1
    qsz = next(item for item in report.items if item.item_id == "CX-QSZ-0008")
    assert [c.written for c in qsz.citations] == [
        {"instrument": "中华人民共和国统计法", "article": "第三十条第三款"},
        {"instrument": "中华人民共和国统计法", "article": "第二十三条第一款"},
    ]
    assert [c.drafted for c in qsz.citations] == ["2024-07-01", "2024-07-01"]


def test_later_items_and_pinned_citations(demo: Path) -> None:
    path = demo / "lists" / "townships" / "CX-QSZ.yaml"
    path.write_text(path.read_text(encoding="utf-8") + NEW_ITEMS, encoding="utf-8")
    report = impact(demo, "统计法", new_version="2024-09-13", drafted=since_effective)
    # 0101 was drafted in 2025.2 (2025-09-01): it cites 2024 already; 0102 pins 2009 explicitly
    assert _ids(report) == STATISTICS_2009 | {"CX-QSZ-0102"}
    assert report.up_to_date == 2
    pinned = next(item for item in report.items if item.item_id == "CX-QSZ-0102").citations[0]
    assert pinned.written["version"] == "2009-06-27" and pinned.version == "2009-06-27"


def test_with_the_list_effective_date_nothing_predates_2024(demo: Path) -> None:
    report = impact(demo, "统计法", new_version="2024-09-13")
    assert report.items == [] and report.up_to_date == 9
    assert report.exit_code() == 0


def test_every_citation_of_the_instrument_with_its_version(demo: Path) -> None:
    report = impact(demo, "统计法", drafted=since_effective)
    assert _ids(report) == STATISTICS_2009 | {"CX-SHC-0019"}
    assert report.mode == "instrument" and report.exit_code() == 0
    shc = next(item for item in report.items if item.item_id == "CX-SHC-0019").citations[0]
    assert (shc.version, shc.newest, shc.drafted) == ("2024-09-13", None, "2025-07-01")
    citation = report.items[0].citations[0]
    assert (citation.version, citation.newest) == ("2009-06-27", "2024-09-13")
    assert [(lid, cat) for lid, cat, _ in report.groups()] == [
        ("CX-TEMPLATE", "basic"),
        ("CX-TEMPLATE", "recalled"),
        ("CX-LTJD", "cooperative"),
        ("CX-LTJD", "recalled"),
        ("CX-QSZ", "basic"),
        ("CX-QSZ", "recalled"),
        ("CX-SHC", "assist_government"),
    ]
    retired = impact(demo, "统计法", include_retired=True)
    assert _ids(retired) - _ids(report) == {"CX-TEMPLATE-0024", "CX-QSZ-0027"}


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        ("第三十条", {"CX-TEMPLATE-0009", "CX-QSZ-0008"}),
        ("第三十条第三款", {"CX-TEMPLATE-0009", "CX-QSZ-0008"}),
        ("第三十条第一款", set()),
        ("第18条", {"CX-LTJD-0021", "CX-SHC-0019"}),
        ("第十八条第二款", {"CX-LTJD-0021"}),
        ("第五十三条", set()),
    ],
)
def test_article_filter(demo: Path, article: str, expected: set[str]) -> None:
    assert _ids(impact(demo, "统计法", article, drafted=since_effective)) == expected


@pytest.mark.parametrize(
    ("wanted", "cited", "expected"),
    [
        ("第三十条", "第三十条第三款", True),
        ("第三十条第三款", "第三十条", True),
        ("第三十条第三款", "第三十条第三款第二项", True),
        ("第三十条第二款", "第三十条第三款", False),
        ("第三十条", "第三十一条", False),
        ("第三十条", "第三十条之一", False),
        ("第三十条第一款第一项", "第三十条第一款第二项", False),
        ("第三十条", None, True),  # a citation of the whole law touches every article
    ],
)
def test_covers(wanted: str, cited: str | None, expected: bool) -> None:
    want = parse_article(wanted)
    assert want is not None
    assert covers(want, parse_article(cited) if cited else None) is expected


# ---- with the law texts: missing articles are errors, changed articles are marked --------------------


def test_article_the_cited_version_lacks_is_an_error(demo_texts: Path) -> None:
    report = impact(demo_texts, "统计法", new_version="2024-09-13", drafted=since_effective)
    assert report.new_version_text
    errors = {
        (item.item_id, c.written["article"])
        for item in report.items
        for c in item.citations
        if any(p.code == "article_missing" for p in c.problems)
    }
    # the 2009 text: article 30 has two 款, articles 18 and 36 one each
    assert errors == {
        ("CX-TEMPLATE-0009", "第三十条第三款"),
        ("CX-QSZ-0008", "第三十条第三款"),
        ("CX-LTJD-0021", "第十八条第二款"),
        ("CX-LTJD-0031", "第三十六条第二款"),
        ("CX-QSZ-0041", "第三十六条第二款"),
        ("CX-TEMPLATE-0033", "第三十六条第二款"),
    }
    changes = {
        (item.item_id, c.written["article"]): c.text_change
        for item in report.items
        for c in item.citations
        if not c.problems
    }
    assert changes == {
        ("CX-TEMPLATE-0009", "第二十三条第一款"): "changed",
        ("CX-QSZ-0008", "第二十三条第一款"): "changed",
    }
    assert report.errors == 6 and report.exit_code() == 1


def test_quotes_come_from_the_resolved_version(demo_texts: Path) -> None:
    report = impact(demo_texts, "统计法", "第二十三条", drafted=since_effective, with_quotes=True)
    quotes = {c.quote for item in report.items for c in item.citations}
    assert quotes == {"县级以上人民政府统计机构按照国家有关规定，定期公布统计资料。"}  # 2009, 第一款
    current = impact(demo_texts, "统计法", "第二十三条", with_quotes=True)
    assert {c.quote for item in current.items for c in item.citations} == {
        "县级以上人民政府统计机构和有关部门以及乡、镇人民政府，应当按照国家有关规定建立统计资料的保存、管理制度。"
    }


def test_validate_checks_articles_against_the_demo_texts(demo_texts: Path, cli) -> None:  # type: ignore[no-untyped-def]
    clean = cli(demo_texts, "validate")
    assert clean.exit_code == 0, clean.output
    path = demo_texts / "lists" / "townships" / "CX-QSZ.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("article: 第三十条第三款", "article: 第三十条第四款", 1), encoding="utf-8")
    broken = cli(demo_texts, "validate", "--format", "json")
    assert broken.exit_code == 1
    findings = json.loads(broken.stdout)["findings"]
    assert [(f["rule"], f["item"], f["message"]) for f in findings] == [
        ("QD307", "CX-QSZ-0008", "中华人民共和国统计法（2024-09-13 版）中不存在第三十条第四款")
    ]


# ---- repealed instruments and replaced versions ------------------------------------------------------


def test_repealed_on_the_demo(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QINGDAN_TODAY", "2026-11-28")
    report = impact(demo, repealed=True)
    assert _ids(report) == ORGANISATION_LAWS_2018
    reasons = {c.reason.zh for item in report.items for c in item.citations if c.reason}
    assert reasons == {"已由 2025-10-28 版取代（2026-01-01 施行）"}
    assert report.exit_code() == 1
    # before the revisions took effect nothing was outdated
    monkeypatch.setenv("QINGDAN_TODAY", "2025-12-31")
    assert impact(demo, repealed=True).items == []
    # with the drafted dates, the 2009 citations of 统计法 are outdated as well
    monkeypatch.setenv("QINGDAN_TODAY", "2026-11-28")
    outdated = impact(demo, repealed=True, drafted=since_effective)
    assert _ids(outdated) == ORGANISATION_LAWS_2018 | STATISTICS_2009 | EMERGENCY_2007


LIST = (
    list_header()
    + """  - id: T-0001
    name: 房屋拆迁协调
    category: basic
    domain: 城乡建设
    basis:
      - instrument: 城市房屋拆迁管理条例
        article: 第五条
      - instrument: 测试管理条例
        article: 第二条第二款
    status: active
    since: "2025.1"

  - id: T-0002
    name: 测试登记
    category: basic
    domain: 综合保障
    basis:
      - instrument: 测试管理条例
        article: 第三条第三项
      - instrument: 统计法
        article: 第六十条
      - instrument: 统计法
        article: 第一条
        version: 2020-01-01
    status: active
    since: "2025.1"
"""
)


@pytest.fixture
def small(repo: Path) -> Path:
    (repo / "lists" / "T.yaml").write_text(LIST, encoding="utf-8")
    (repo / "qingdan.yaml").write_text("qingdan: 1\nlaw_texts: law-texts\n", encoding="utf-8")
    return repo


def test_repealed_instrument(small: Path) -> None:
    report = impact(small, repealed=True)
    assert _ids(report) == {"T-0001", "T-0002"}
    first = report.items[0].citations
    assert [c.reason.en if c.reason else None for c in first] == [
        "'城市房屋拆迁管理条例' was repealed on 2011-01-21"
    ]
    # T-0002 is listed for its broken citations, not for a repeal
    second = report.items[1]
    assert not second.needs_review
    assert {p.code for p in second.problems} == {"article_missing", "version_unknown"}


@pytest.mark.parametrize(
    ("instrument", "codes"),
    [
        ("测试管理条例", {"T-0001": [], "T-0002": ["article_missing"]}),  # the text has 第三条 with two 项
        ("统计法", {"T-0002": ["article_missing", "version_unknown"]}),  # 第六十条 > 53; no 2020 version
    ],
)
def test_broken_citations(small: Path, instrument: str, codes: dict[str, list[str]]) -> None:
    report = impact(small, instrument)
    got = {item.item_id: [p.code for p in item.problems] for item in report.items}
    assert got == codes
    assert report.exit_code() == (1 if any(codes.values()) else 0)


# ---- the command line -------------------------------------------------------------------------------


def test_cli_text_groups_by_list_and_category(demo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(demo, "impact", "统计法")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("「中华人民共和国统计法」被 7 个事项引用（9 处依据）\n")
    order = [out.index(s) for s in ("CX-TEMPLATE ", "CX-LTJD ", "CX-QSZ ", "CX-SHC ")]
    assert order == sorted(order)
    assert "第三十条第三款" in out and "2024-09-13" in out
    assert "CX-HXSQ " not in out


def test_cli_version_exit_code_and_formats(demo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(demo, "impact", "统计法", "--version", "2025-01-01", "--format", "json")
    assert result.exit_code == 1  # a version nobody cites yet: everything predates it
    data = json.loads(result.stdout)
    assert set(data) == {
        "mode",
        "today",
        "instrument",
        "article",
        "new_version",
        "new_version_registered",
        "new_version_text",
        "law_texts",
        "summary",
        "lists",
        "items",
        "unreadable",
    }
    assert data["mode"] == "version" and data["new_version_registered"] is False
    assert data["summary"] == {"items": 7, "citations": 9, "to_review": 7, "errors": 0, "up_to_date": 0}
    item = data["items"][0]
    assert set(item) == {
        "list",
        "file",
        "category",
        "id",
        "name",
        "status",
        "since",
        "needs_review",
        "citations",
    }
    assert set(item["citations"][0]) == {
        "basis_index",
        "written",
        "instrument",
        "drafted",
        "version",
        "newest",
        "in_force_today",
        "needs_review",
        "reason",
        "text_change",
        "quote",
        "problems",
    }
    markdown = cli(
        demo, "impact", "统计法", "--version", "2025-01-01", "--format", "markdown", "--lang", "en"
    )
    assert markdown.exit_code == 1
    assert markdown.output.startswith(
        "## 中华人民共和国统计法, version 2025-01-01: 7 item(s) cite an older version"
    )
    assert "this version is not in the registry yet (qingdan laws import adds it)" in markdown.output
    assert "### CX-QSZ 澄溪县青石镇履行职责事项清单" in markdown.output
    assert "#### basic duties" in markdown.output
    assert "| id | item | basis as written | version | note |" in markdown.output


def test_cli_list_filter(demo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(demo, "impact", "统计法", "--list", "CX-QSZ", "--format", "json")
    assert {i["list"] for i in json.loads(result.stdout)["items"]} == {"CX-QSZ"}
    assert cli(demo, "impact", "统计法", "--list", "CX-NONE").exit_code == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["统记法"], "法规库中没有「统记法」，是否指「中华人民共和国统计法」？"),
        (["统计法", "第三十"], "无法解析条款「第三十」"),
        (["统计法", "--version", "2024-13-01"], "版本日期无效"),
        (["统计法", "--repealed"], "--repealed 不能与法律名称"),
        ([], "请给出法律名称"),
    ],
)
def test_cli_usage_errors(demo: Path, cli, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(demo, "impact", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_cli_repealed_subprocess(demo: Path) -> None:
    done = run_qingdan(demo, "impact", "--repealed", "--lang", "en", env={"QINGDAN_TODAY": "2026-11-28"})
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith(
        "items citing repealed instruments or replaced versions: 23 (as of 2026-11-28)"
    )
    assert "replaced by the" in done.stdout
    assert done.stdout.rstrip().endswith("23 item(s) to re-examine")


def test_unreadable_lists_are_named(demo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    (demo / "lists" / "villages" / "broken.yaml").write_text("a: [1\n", encoding="utf-8")
    result = cli(demo, "impact", "统计法")
    assert result.exit_code == 0
    assert "以下文件无法读取" in result.output and "lists/villages/broken.yaml" in result.output


def test_validate_checks_items_cited_without_their_paragraph(small: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """第三条第三项 means the 项 of the article's (only) 款: the test text has two, so it does not exist."""
    result = cli(small, "validate", "lists/T.yaml", "--format", "json")
    findings = [(f["rule"], f["item"], f["message"]) for f in json.loads(result.stdout)["findings"]]
    assert ("QD307", "T-0002", "测试管理条例（2020-01-01 版）中不存在第三条第三项") in findings


def test_missing_law_text_folder(small: Path, cli) -> None:  # type: ignore[no-untyped-def]
    (small / "qingdan.yaml").write_text("qingdan: 1\nlaw_texts: nowhere\n", encoding="utf-8")
    result = cli(small, "impact", "统计法")
    assert result.exit_code == 2
    assert "配置的法律文本目录不存在：nowhere" in result.output
    assert cli(small, "review").exit_code == 0  # review and stats do not read law texts
    assert cli(small, "stats").exit_code == 0


def test_an_article_no_version_has_is_a_usage_error(demo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(demo, "impact", "统计法", "第999条", "--lang", "en")
    assert result.exit_code == 2
    assert "at most 53 articles" in result.output
