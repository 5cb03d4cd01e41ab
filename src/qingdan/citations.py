"""Article numbers and citations as drafters write them: 第九条第二款, 第9条, 《安全生产法》第九条."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUM = "[0-9零〇一二两三四五六七八九十百千]+"
_ARTICLE_RE = re.compile(rf"^第({_NUM})条(?:之({_NUM}))?(?:第({_NUM})款)?(?:第({_NUM})项)?$")
_CITATION_RE = re.compile(rf"^\s*《([^》]+)》\s*(第{_NUM}条(?:之{_NUM})?(?:第{_NUM}款)?(?:第{_NUM}项)?)?\s*$")


def cn_to_int(text: str) -> int:
    """Chinese or Arabic numerals to int: 九 → 9, 二十一 → 21, 一百零五 → 105, 119 → 119."""
    if text.isdigit() and text.isascii():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            raise ValueError(text)
    return total + current


def int_to_cn(number: int) -> str:
    """9 → 九, 21 → 二十一, 105 → 一百零五 (as articles are numbered in Chinese law texts)."""
    if number <= 0:
        raise ValueError(number)
    digits = "零一二三四五六七八九"
    parts: list[str] = []
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        count, number = divmod(number, value)
        if count:
            parts.append(digits[count] + unit)
        elif parts and number:
            if parts[-1] != "零":
                parts.append("零")
    if number:
        parts.append(digits[number])
    text = "".join(parts)
    if text.startswith("一十"):
        text = text[1:]
    return text


@dataclass(frozen=True)
class Article:
    """A parsed article reference; paragraph (款) and item (项) are optional."""

    number: int
    sub: int | None = None  # 第X条之一
    paragraph: int | None = None
    item: int | None = None

    def label(self) -> str:
        text = f"第{int_to_cn(self.number)}条"
        if self.sub:
            text += f"之{int_to_cn(self.sub)}"
        if self.paragraph:
            text += f"第{int_to_cn(self.paragraph)}款"
        if self.item:
            text += f"第{int_to_cn(self.item)}项"
        return text


def parse_article(text: str) -> Article | None:
    match = _ARTICLE_RE.match(text.strip())
    if not match:
        return None
    try:
        values = [cn_to_int(g) if g else None for g in match.groups()]
    except ValueError:
        return None
    number = values[0]
    if not number:
        return None
    return Article(number, values[1], values[2], values[3])


def parse_citation(text: str) -> tuple[str, str | None] | None:
    """《安全生产法》第九条第二款 → ("安全生产法", "第九条第二款"); the article is optional."""
    match = _CITATION_RE.match(text)
    if not match:
        return None
    return match.group(1).strip(), match.group(2)
