"""The direct writer of a new list file (qingdan.yamlwrite) gives the round-trip dump's bytes, or
declines: on the demo lists, on every tricky string we could think of, and on random ones."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from qingdan import yamlio, yamlwrite

LISTS = sorted((Path(__file__).parent.parent / "lists").glob("*/*.yaml"))
TRICKY = [
    "plain", "两个  空格", "a: b", "a:b", "a #b", "a#b", "#x", "x:", "...x", "..", "-x", "- x", "?x", "x?",
    "a,b", "[x]", "x]", "{x}", "x}", "'x", "x'y", '"x', 'x"y', "x\\y", "\\", "a\nb", "a\n", " a", "a ",
    "true", "false", "null", "~", "1", "1.5", "0x1F", "1e3", ".inf", "2025-01-01", "2025.1", "@x", "`x",
    "%x", "&x", "*x", "!x", "|x", ">x", "x|y", "x>y", "x&y", "x*y", "x!y", "x%y", "x@y", "\u00a0x",
    "x\u00a0y", "\u3000x", "x\u3000", "：", "（一）", "《法》第九条", "http://example.org/a", "😀", "x😀",
    "x\ufeffy", "x\u2028y", "x\u0085y", "a" * 5000, "a " * 2500, "第一条" * 1500, "",
]  # fmt: skip


def round_trip(data: dict[str, Any]) -> str:
    """What the edit path's round trip writes for a new file: the header, then each item appended."""
    node = yamlio.make_node({k: v for k, v in data.items() if k != "items"})
    node["items"] = yamlio.make_node([])
    for item in data["items"]:
        yamlio.append_entry(node["items"], item)
    return yamlio.RoundTrip(node, yamlio.decode(b""), b"").dump().decode("utf-8")


def with_text(text: str) -> dict[str, Any]:
    item = {
        "id": "T-0001",
        "name": text,
        "category": "basic",
        "content": text,
        "basis": [{"instrument": text, "article": "第一条"}],
        "cooperating_departments": ["县民政局", text],
        "review": {"last": "2025-01-01", "note": text},
        "status": "active",
        "since": text,
        "note": text,
    }
    return {
        "qingdan": 1,
        "list": {"id": "T", "title": text, "unit": {"name": text, "type": "township"}, "revision": text},
        "items": [item, {**item, "id": "T-0002", "sub_items": [{"name": text, "basis": [text]}]}],
    }


@pytest.mark.parametrize("path", LISTS, ids=[p.name for p in LISTS])
def test_demo_lists_are_written_directly_with_the_round_trip_bytes(path: Path) -> None:
    _, data = yamlio.load_bytes(path.read_bytes())
    if "items" not in data:
        pytest.skip("a registry")
    data = {**{k: v for k, v in data.items() if k != "items"}, "items": data["items"]}
    text = yamlwrite.new_list_text(data)
    assert text is not None  # the demo lists hold nothing the direct writer declines
    assert text == round_trip(data)
    assert yamlio.load_bytes(text.encode())[1] == data


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_tricky_strings_give_the_same_bytes_or_the_round_trip(text: str) -> None:
    data = with_text(text)
    direct = yamlwrite.new_list_text(data)
    if direct is not None:
        assert direct == round_trip(data)


def test_common_strings_take_the_direct_path() -> None:
    for text in ("plain", "x'y", 'x"y', "a\nb", " a", "true", "2025.1", "《法》第九条", "x:"):
        assert yamlwrite.new_list_text(with_text(text)) is not None, text


def test_random_strings_give_the_same_bytes_or_the_round_trip() -> None:
    rng = random.Random(20260630)
    alphabet = " \n:#,-?[]{}'\"\\!&*|>%@`.~0123456789abctrue县（）《》：、\u00a0\u3000"
    direct = 0
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        data = with_text(text)
        written = yamlwrite.new_list_text(data)
        if written is not None:
            direct += 1
            assert written == round_trip(data), repr(text)
    assert direct > 50  # the comparison is not vacuous


def test_values_it_does_not_know_fall_back() -> None:
    for odd in (None, 1e20, float("inf"), [], {}, [["nested"]]):
        data = with_text("x")
        data["items"][0]["note"] = odd
        assert yamlwrite.new_list_text(data) is None, odd
