"""Law texts: articles, 款 and 项, quoting, version and effective dates, issuers, numbering gaps."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import HERE, SHARED
from qingdan import yamlio
from qingdan.citations import parse_article
from qingdan.lawtext import LawText, LawTexts, quote
from qingdan.registry import Laws

TEXTS = HERE / "fixtures" / "law-texts-basic"
SHARED_LAWS = SHARED / "laws"
DEMO_REGISTRY = HERE.parent / "lists" / "laws.yaml"

REGISTRY = Laws.from_data(
    {
        "instruments": [
            {
                "title": "中华人民共和国乡镇测试法",
                "aliases": ["乡镇测试法"],
                "level": "law",
                "versions": [
                    {"date": "2024-06-01", "effective": "2024-10-01", "articles": 7},
                    {"date": "2020-01-01", "effective": "2020-03-01", "articles": 5},
                ],
            },
            {
                "title": "测试共和国宪章",
                "level": "constitution",
                "versions": [{"date": "2018-03-11", "effective": "2018-03-11", "articles": 2}],
            },
        ]
    }
)


@pytest.fixture(scope="module")
def texts() -> LawTexts:
    return LawTexts.open(TEXTS)


def _text(texts: LawTexts, name: str) -> LawText:
    return next(t for t in texts.texts if t.path.name == name)


@pytest.mark.parametrize(
    ("version", "article", "expected"),
    [
        (
            "2024-06-01",
            "第二条",
            "第二条 乡镇人民政府负责本行政区域内的测试工作。\n"
            "村民委员会、居民委员会协助乡镇人民政府开展测试工作。\n"
            "乡镇人民政府应当为协助工作提供经费。",
        ),
        ("2024-06-01", "第二条第一款", "乡镇人民政府负责本行政区域内的测试工作。"),
        ("2024-06-01", "第二条第三款", "乡镇人民政府应当为协助工作提供经费。"),
        ("2020-01-01", "第二条第三款", None),
        ("2024-06-01", "第三条第一款第三项", "（三）报告。"),
        ("2024-06-01", "第三条第三项", "（三）报告。"),  # 项 of the only 款, cited without it
        ("2020-01-01", "第三条第三项", None),
        ("2020-01-01", "第三条第一款", "测试工作包括下列事项：\n（一）登记；\n（二）巡查。"),
        ("2020-01-01", "第六条", None),
        ("2020-01-01", "第5条", "第五条 本法自2020年3月1日起施行。"),
    ],
)
def test_quote_by_version(texts: LawTexts, version: str, article: str, expected: str | None) -> None:
    citation = {"instrument": "乡镇测试法", "article": article, "version": version}
    assert quote(REGISTRY, texts, citation, "") == expected
    inst = REGISTRY.lookup("乡镇测试法")
    assert inst is not None
    parsed = parse_article(article)
    assert parsed is not None
    found = inst.version(version)
    assert found is not None
    assert texts.has(inst, found, parsed) is (expected is not None)


@pytest.mark.parametrize(
    ("effective", "expected"),
    [
        ("2024-09-30", None),  # the 2020 version is in force and has no 第三款
        ("2024-10-01", "乡镇人民政府应当为协助工作提供经费。"),
        ("", "乡镇人民政府应当为协助工作提供经费。"),  # no date: the newest version
    ],
)
def test_quote_unpinned_follows_the_date(texts: LawTexts, effective: str, expected: str | None) -> None:
    citation = {"instrument": "中华人民共和国乡镇测试法", "article": "第二条第三款"}
    assert quote(REGISTRY, texts, citation, effective) == expected


@pytest.mark.parametrize(
    "citation",
    [
        {"instrument": "不存在的法", "article": "第一条"},
        {"instrument": "乡镇测试法"},
        {"instrument": "乡镇测试法", "article": "第一百零一条"},
        {"instrument": "乡镇测试法", "article": "第一条", "version": "2019-01-01"},
        {"instrument": "乡镇测试法", "article": "第X条"},
    ],
)
def test_quote_returns_none_when_nothing_to_quote(texts: LawTexts, citation: dict[str, str]) -> None:
    assert quote(REGISTRY, texts, citation, "2025-01-01") is None
    assert quote(REGISTRY, None, {"instrument": "乡镇测试法", "article": "第一条"}, "2025-01-01") is None


def test_undated_text_is_the_newest_version(texts: LawTexts) -> None:
    citation = {"instrument": "测试共和国宪章", "article": "第一条第二款"}
    assert quote(REGISTRY, texts, citation, "2025-01-01") == "一切权力属于测试人员。"
    constitution = _text(texts, "测试宪章.md")
    assert constitution.date is None
    assert constitution.version_date() == "2018-03-11"


@pytest.mark.parametrize(
    ("name", "date", "effective", "source", "count", "gaps", "issuer"),
    [
        (
            "乡镇测试法(2020-01-01).md",
            "2020-01-01",
            "2020-03-01",
            "article",
            5,
            [],
            "全国人民代表大会常务委员会",
        ),
        (
            "乡镇测试法(2024-06-01).md",
            "2024-06-01",
            "2024-10-01",
            "history",
            7,
            [],
            "全国人民代表大会常务委员会",
        ),
        ("村务测试条例(2019-05-01).md", "2019-05-01", "2019-05-01", "publication", 3, [], "国务院"),
        ("联合测试规定(2022-02-02).md", "2022-02-02", "2022-05-01", "article", 2, [], "中共中央 国务院"),
        ("缺号测试法(2021-01-01).md", "2021-01-01", "2021-01-01", "article", 4, [3], None),
        ("测试宪章.md", "2018-03-11", "2018-03-11", "date", 2, [], None),
    ],
)
def test_file_facts(
    texts: LawTexts,
    name: str,
    date: str,
    effective: str,
    source: str,
    count: int,
    gaps: list[int],
    issuer: str | None,
) -> None:
    text = _text(texts, name)
    assert text.version_date() == date
    assert text.effective_date() == (effective, source)
    assert text.article_count == count
    assert text.numbering_gaps() == gaps
    assert text.issuer() == issuer


def test_amendment_keeps_its_own_date_when_the_text_states_the_original(tmp_path: Path) -> None:
    """A 修正 keeps the original 本法自…起施行 article; that date belongs to the first enactment."""
    path = tmp_path / "修正测试法(2024-05-01).md"
    path.write_text(
        "# 修正测试法\n\n2010年1月1日 通过\n\n2024年5月1日 修正\n\n<!-- INFO END -->\n\n"
        "第一条 测试。\n\n第二条 本法自2010年7月1日起施行。\n",
        encoding="utf-8",
    )
    text = LawTexts.open(tmp_path).texts[0]
    assert text.effective_date() == ("2024-05-01", "date")


def test_title_only_file_has_no_articles(tmp_path: Path) -> None:
    (tmp_path / "空文本(2020-01-01).md").write_text("# 空文本\n", encoding="utf-8")
    text = LawTexts.open(tmp_path).texts[0]
    assert text.articles == {}
    assert text.article_count is None
    assert text.numbering_gaps() == []


@pytest.mark.skipif(not SHARED_LAWS.is_dir(), reason="../shared/laws not present")
def test_shared_texts_match_the_demo_registry() -> None:
    """Every law text of ../shared/laws parses to the article count the demo registry records."""
    _, data = yamlio.load_bytes(DEMO_REGISTRY.read_bytes())
    laws = Laws.from_data(data)
    texts = LawTexts.open(SHARED_LAWS)
    assert len(texts.texts) == 40
    for text in texts.texts:
        inst = laws.lookup(text.title)
        assert inst is not None, text.title
        version = inst.version(text.version_date() or "")
        assert version is not None, text.path.name
        assert text.article_count == version.articles, text.path.name
        assert text.numbering_gaps() == [], text.path.name
