"""Article numbers and citations as drafters write them: 第九条第二款, 第9条, 《安全生产法》第九条.

Numerals are read strictly: an article number is either plain Arabic digits without a leading zero
(9, 105) or a Chinese numeral in the one form law texts print (九, 二十一, 一百零五, 一百一十). Anything
that would not be written back the same way (九九, 一百五, 两, 九十九99, 09) is refused rather than
guessed. The canonical form qingdan writes is Chinese (第9条 → 第九条), as in the law texts; Arabic
input stays valid in list files.

Basis cells of real annexes (「《行政许可法》第三十条、第三十二条；《关于……的意见》（厅字〔2022〕28号）」)
are read by parse_basis_cell into one citation per article, policy documents with their 文号, and
the quoted article text kept as a quote; whatever it cannot read is returned so the caller keeps the
cell verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

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
_ARTICLE_BODY = rf"第({_NUM})条(?:之({_NUM}))?(?:第({_NUM})款)?(?:第({_NUM})项)?"
_ARTICLE_RE = re.compile(rf"^{_ARTICLE_BODY}$")
_CITATION_RE = re.compile(
    rf"^\s*《([^《》]+)》\s*(第{_NUM}条(?:之{_NUM})?(?:第{_NUM}款)?(?:第{_NUM}项)?)?\s*$"
)


def _loose(text: str) -> int:
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


def cn_to_int(text: str) -> int:
    """Chinese or Arabic numerals to int: 九 → 9, 二十一 → 21, 一百零五 → 105, 119 → 119.

    Strict: ValueError for any spelling that int_to_cn would not give back (九九, 一百五, 两, 09, 九9).
    """
    if text.isascii() and text.isdigit():
        if text.startswith("0"):
            raise ValueError(text)
        return int(text)
    value = _loose(text)
    if value <= 0 or int_to_cn(value) != text:
        raise ValueError(text)
    return value


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
    """第九条第二款 or 第9条第2款 → Article; None for anything not read strictly (第九九条)."""
    # a province's lists cite a few hundred distinct articles, each many times; only short texts are kept
    return _parse_article_cached(text) if len(text) <= 64 else _parse_article(text)


@lru_cache(maxsize=4096)
def _parse_article_cached(text: str) -> Article | None:
    return _parse_article(text)


def _parse_article(text: str) -> Article | None:
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


def canonical_article(text: str) -> str | None:
    """The form qingdan writes: 第9条第2款 → 第九条第二款; None when the text is not an article."""
    article = parse_article(text)
    return article.label() if article else None


def parse_citation(text: str) -> tuple[str, str | None] | None:
    """《安全生产法》第九条第二款 → ("安全生产法", "第九条第二款"); the article is optional."""
    match = _CITATION_RE.match(text)
    if not match:
        return None
    return match.group(1).strip(), match.group(2)


def several_articles_hint(text: str) -> tuple[str, str] | None:
    """Why a hand-typed citation is not one citation, in Chinese and English, or None.

    「《安全生产法》第九条、第十条」 names two articles: it is written as two citations.
    """
    cell = parse_basis_cell(text)
    if len(cell.citations) > 1 and not cell.unparsed:
        parts = [f"《{c['instrument']}》{c.get('article', '')}" for c in cell.citations if "instrument" in c]
        return (
            "一条依据只写一个条款，请分别写作：" + "；".join(parts),
            "one citation names one article; write them separately: " + "; ".join(parts),
        )
    return None


# ---- basis cells of annexes ------------------------------------------------------------------

# 〔2022〕 as printed, with the brackets drafters type instead of 〔〕
_DOC_NUMBER = r"[^\s（）()《》，,；;、]{1,20}[〔［\[【(（]\s*[0-9]{4}\s*[〕］\]】)）]\s*[0-9]{1,4}\s*号"
_DOC_NUMBER_RE = re.compile(rf"^\s*[（(]\s*({_DOC_NUMBER})\s*[）)]")
_BARE_DOC_NUMBER_RE = re.compile(rf"^\s*({_DOC_NUMBER})")
_ARTICLE_AT = re.compile(rf"\s*{_ARTICLE_BODY}")
_PARAGRAPH_AT = re.compile(rf"\s*第({_NUM})款(?:第({_NUM})项)?")
_ITEM_AT = re.compile(rf"\s*第({_NUM})项")
_JOIN = re.compile(r"\s*(?:、|，|,|和|及|以及)\s*")
_RANGE = re.compile(r"\s*(?:至|到|—|－|-|~|～)\s*")
_QUOTE_RE = re.compile(r"^\s*[:：]?\s*[“\"「](.+?)[”\"」]", re.S)
_COLON_TEXT_RE = re.compile(r"^\s*[:：]\s*(.+)$", re.S)
# list numbering and connecting words that carry no meaning of their own
_NUMBERING = re.compile(
    r"^\s*(?:[0-9]{1,3}\s*[.．、)）]|[（(]\s*[0-9一二三四五六七八九十]{1,3}\s*[）)]|[①-⑳])\s*"
)
_FILLER = re.compile(r"^(?:根据|依据|按照|依照|参照|见)\s*")
_TRAIL = re.compile(
    r"^\s*(?:等(?:法律法规|相关规定|有关规定|规定)?|的?(?:相关|有关)规定|规定|[。.、，,；;]|\s)*$"
)
_MAX_RANGE = 30


@dataclass
class BasisCell:
    """What a basis cell says: citations in order, and the pieces of text that could not be read."""

    citations: list[dict[str, str]] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)
    guesses: list[str] = field(default_factory=list)


def _segments(cell: str) -> list[str]:
    """Split at newlines, ；; and list numbering (1. 2. / （一）), never inside 《》 or quotes."""
    parts: list[str] = []
    depth, quote = 0, False
    current: list[str] = []
    for ch in cell:
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth = max(0, depth - 1)
        elif ch in "“”「」":
            quote = ch in "“「"
        if not depth and not quote and ch in "\n\r；;":
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    out: list[str] = []
    for part in parts:
        # numbering in the middle of a line: "1.《A》第三条 2.《B》第五条"
        pieces = re.split(r"(?<=\S)\s+(?=[0-9]{1,2}[.．、](?!\d))", part)
        out += [p.strip() for p in pieces if p.strip()]
    return out


def _articles(tail: str) -> tuple[list[str], str]:
    """The article list at the start of tail (第三十条、第三十二条第二款、第三款, 第五条至第七条) and what follows."""
    labels: list[str] = []
    pos = 0
    last: Article | None = None
    while True:
        rest = tail[pos:]
        match = _ARTICLE_AT.match(rest)
        if match:
            try:
                values = [cn_to_int(g) if g else None for g in match.groups()]
            except ValueError:
                return labels, rest  # a numeral not read strictly stops the list; the rest is reported
            if values[0] is None:
                return labels, rest
            last = Article(values[0], values[1], values[2], values[3])
            labels.append(last.label())
            pos += match.end()
        elif last is not None and (para := _PARAGRAPH_AT.match(rest)):
            try:
                paragraph = cn_to_int(para.group(1))
                item = cn_to_int(para.group(2)) if para.group(2) else None
            except ValueError:
                return labels, rest
            last = Article(last.number, last.sub, paragraph, item)
            labels.append(last.label())
            pos += para.end()
        elif last is not None and last.paragraph is not None and (sub := _ITEM_AT.match(rest)):
            try:
                item = cn_to_int(sub.group(1))
            except ValueError:
                return labels, rest
            last = Article(last.number, last.sub, last.paragraph, item)
            labels.append(last.label())
            pos += sub.end()
        else:
            return labels, rest
        rest = tail[pos:]
        ranged = _RANGE.match(rest)
        if ranged and last is not None and last.paragraph is None:
            end = _ARTICLE_AT.match(rest[ranged.end() :])
            if end:
                try:
                    stop = cn_to_int(end.group(1))
                except ValueError:
                    return labels, rest
                if last.number < stop <= last.number + _MAX_RANGE and not any(end.groups()[1:]):
                    labels += [f"第{int_to_cn(n)}条" for n in range(last.number + 1, stop + 1)]
                    last = Article(stop)
                    pos += ranged.end() + end.end()
                    rest = tail[pos:]
        joined = _JOIN.match(rest)
        if joined and (_ARTICLE_AT.match(rest[joined.end() :]) or _PARAGRAPH_AT.match(rest[joined.end() :])):
            pos += joined.end()
            continue
        return labels, rest


def _is_policy_title(title: str) -> bool:
    return title.startswith("关于") or bool(re.search(r"(?:意见|通知|方案|纲要|决定|规划)$", title))


def parse_basis_cell(cell: str, resolve: Callable[[str], str | None] | None = None) -> BasisCell:
    """Read a 履职依据 cell. resolve maps a title or alias to the registry's title (None: unknown).

    Legal provisions become {instrument, article[, quote]}, one per article; a document with a 文号
    becomes {document, number}; a title that names no article becomes {instrument} (or {document}
    when it reads as a policy document). Text that is none of these goes to unparsed.
    """
    result = BasisCell()
    for segment in _segments(cell):
        text = _NUMBERING.sub("", segment, count=1)
        pending_doc: dict[str, str] | None = None
        while text.strip():
            text = _FILLER.sub("", text.strip())
            match = re.match(r"《([^《》]+)》", text)
            bare_title = None
            if not match and resolve is not None:
                # a registered title or alias written without 《》: 安全生产法第九条
                head = re.match(rf"^([^\s《》，,、；;:：（）()]+?)(?={_ARTICLE_BODY})", text)
                if head and resolve(head.group(1).strip()):
                    bare_title = head.group(1).strip()
            if not match and bare_title is None:
                if pending_doc is not None:
                    number = _BARE_DOC_NUMBER_RE.match(text)
                    if number:
                        pending_doc["number"] = _clean_number(number.group(1))
                        text = text[number.end() :]
                        pending_doc = None
                        continue
                if not _TRAIL.match(text):
                    result.unparsed.append(text.strip())
                break
            if match:
                title = re.sub(r"\s+", "", match.group(1))
                tail = text[match.end() :]
            else:
                assert bare_title is not None
                title, tail = bare_title, text[len(bare_title) :]
                result.guesses.append(f"《{title}》")
            pending_doc = None
            number = _DOC_NUMBER_RE.match(tail)
            labels, after = _articles(tail[number.end() :] if number else tail)
            known = resolve(title) if resolve else None
            if number and not labels:
                result.citations.append({"document": title, "number": _clean_number(number.group(1))})
                tail = tail[number.end() :]
            elif labels:
                name = known or title
                quote = _QUOTE_RE.match(after)
                for label in labels:
                    result.citations.append({"instrument": name, "article": label})
                if quote:
                    result.citations[-1]["quote"] = re.sub(r"\s+", " ", quote.group(1).strip())
                    after = after[quote.end() :]
                elif (colon := _COLON_TEXT_RE.match(after)) and not re.match(r"\s*《", colon.group(1)):
                    result.citations[-1]["quote"] = re.sub(r"\s+", " ", colon.group(1).strip())
                    after = ""
                tail = after
            elif known is None and _is_policy_title(title):
                doc = {"document": title}
                result.citations.append(doc)
                pending_doc = doc
            else:
                result.citations.append({"instrument": known or title})
            text = _JOIN.sub("", tail, count=1) if _JOIN.match(tail) else tail
    return result


def _clean_number(text: str) -> str:
    """厅字[2022]28号 → 厅字〔2022〕28号 (the brackets of the GB/T 9704 document number)."""
    text = re.sub(r"\s+", "", text)
    return re.sub(r"[［\[【(（]([0-9]{4})[〕］\]】)）]", r"〔\1〕", text)


def format_citation(citation: dict[str, str]) -> str:
    """One citation as an annex prints it: 《title》第九条第二款：“quote”, 《title》（文号）."""
    if "document" in citation:
        text = f"《{citation['document']}》"
        if citation.get("number"):
            text += f"（{citation['number']}）"
        return text
    text = f"《{citation.get('instrument', '')}》{citation.get('article', '')}"
    if citation.get("quote"):
        text += f"：“{citation['quote']}”"
    return text
