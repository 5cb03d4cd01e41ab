"""Citation numerals read strictly, and basis cells of annexes read into citations.

Every entry of cases/citations/cells.yaml is a test: the cell, the citations qingdan must read from
it, and what it must report as unread or guessed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from qingdan import edit
from qingdan.citations import (
    canonical_article,
    cn_to_int,
    format_citation,
    int_to_cn,
    parse_article,
    parse_basis_cell,
)
from qingdan.errors import UsageError

CELLS = YAML(typ="safe", pure=True).load(
    (Path(__file__).parent / "cases" / "citations" / "cells.yaml").read_text(encoding="utf-8")
)
NAMES = {
    "安全生产法": "中华人民共和国安全生产法",
    "中华人民共和国安全生产法": "中华人民共和国安全生产法",
    "行政许可法": "中华人民共和国行政许可法",
    "中华人民共和国行政许可法": "中华人民共和国行政许可法",
}


@pytest.mark.parametrize("case", CELLS, ids=[c["cell"][:20] for c in CELLS])
def test_basis_cell(case: dict[str, Any]) -> None:
    cell = parse_basis_cell(case["cell"], NAMES.get)
    assert cell.citations == case["citations"]
    assert cell.unparsed == case.get("unparsed", [])
    assert cell.guesses == case.get("guesses", [])


@pytest.mark.parametrize("case", [c for c in CELLS if not c.get("unparsed")], ids=lambda c: c["cell"][:20])
def test_formatted_citations_read_back_the_same(case: dict[str, Any]) -> None:
    cell = parse_basis_cell(case["cell"], NAMES.get)
    printed = "\n".join(format_citation(c) for c in cell.citations)
    assert parse_basis_cell(printed, NAMES.get).citations == cell.citations


@pytest.mark.parametrize("text", ["九九", "一百五", "两", "九十九99", "09", "一十", "零", "九9", "十十"])
def test_numerals_that_do_not_round_trip_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        cn_to_int(text)
    assert parse_article(f"第{text}条") is None


def test_every_numeral_up_to_a_thousand_round_trips() -> None:
    for number in range(1, 1001):
        assert cn_to_int(int_to_cn(number)) == number
        assert cn_to_int(str(number)) == number


@pytest.mark.parametrize(
    ("text", "canonical"),
    [("第9条", "第九条"), ("第105条第2款第3项", "第一百零五条第二款第三项"), ("第十条之一", "第十条之一")],
)
def test_canonical_form_is_chinese(text: str, canonical: str) -> None:
    assert canonical_article(text) == canonical


@pytest.mark.parametrize(
    "text", ["《安全生产法》第九条、第十条", "《安全生产法》第九十九99条", "《安全生产法》第九九条"]
)
def test_hand_typed_basis_that_is_not_one_citation_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError):
        edit.parse_basis(text)


def test_several_articles_say_how_to_write_them() -> None:
    with pytest.raises(UsageError) as raised:
        edit.parse_basis("《安全生产法》第九条、第十条")
    assert "《安全生产法》第九条；《安全生产法》第十条" in raised.value.zh
