"""Law texts on disk (one Markdown file per version, as in LawRefBook/Laws): articles, 款 and 项.

Layout: `<folder>/**/<short title>(<version date>).md`; line 1 is `# <full title>`; then the history
lines (通过、修正、修订、施行); after the `<!-- INFO END -->` marker, articles are paragraphs that start
with `第X条`. Within an article each further paragraph is a new 款 unless it starts with `（一）`-style
numbering, which makes it a 项.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from qingdan.citations import Article, cn_to_int, parse_article
from qingdan.citedversion import cited_version
from qingdan.registry import Instrument, Laws, Version, normalize

INFO_END = "<!-- INFO END -->"
_FILE_RE = re.compile(r"^(?P<short>.+?)(?:\((?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})\))?\.md$")
_ARTICLE_RE = re.compile(
    r"^第([零〇一二两三四五六七八九十百千万0-9]+)条(?:之([一二三四五六七八九十]+))?\s*(.*)$"
)
_ITEM_RE = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")
_CN_DATE = r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日"
_DATE_RE = re.compile(_CN_DATE)
# "自2021年9月1日起施行" in a history line, or the closing article "本法自…起施行"
_IN_FORCE_RE = re.compile(r"自\s*" + _CN_DATE + r"\s*起\s*施行")
_OWN_IN_FORCE_RE = re.compile(r"本(?:法|条例|办法|规定|细则|决定|规则)\s*自\s*" + _CN_DATE + r"\s*起\s*施行")
_ON_PUBLICATION_RE = re.compile(r"本(?:法|条例|办法|规定|细则|决定|规则)\s*自公布之日起施行")


def cn_date(match: re.Match[str]) -> str | None:
    """The ISO date of a matched 2021年6月10日, or None when it is not a calendar date."""
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError:
        return None


@dataclass
class ArticleText:
    number: int
    sub: int | None
    paragraphs: list[list[str]] = field(default_factory=list)  # 款 -> its text lines (first line, then 项)

    def text(self) -> str:
        return "\n".join("\n".join(p) for p in self.paragraphs)

    def items(self, paragraph: int) -> int:
        return sum(1 for line in self.paragraphs[paragraph - 1][1:] if _ITEM_RE.match(line))

    def _item_line(self, paragraph: int, item: int) -> str | None:
        lines = [line for line in self.paragraphs[paragraph - 1][1:] if _ITEM_RE.match(line)]
        return lines[item - 1] if 0 < item <= len(lines) else None

    def part(self, article: Article) -> str | None:
        """The text a citation points at: the whole article, one 款 (without the 第X条 label) or one 项.

        A 项 cited without its 款 (第三十条第二项) is looked for in the first 款 that has that many 项.
        """
        if article.paragraph is None and article.item is None:
            return self.text()
        if article.paragraph is not None:
            if not 0 < article.paragraph <= len(self.paragraphs):
                return None
            if article.item is None:
                lines = list(self.paragraphs[article.paragraph - 1])
                if article.paragraph == 1:
                    lines[0] = _strip_label(lines[0])
                return "\n".join(lines)
            return self._item_line(article.paragraph, article.item)
        assert article.item is not None
        for index in range(1, len(self.paragraphs) + 1):
            line = self._item_line(index, article.item)
            if line is not None:
                return line
        return None


def article_number(text: str) -> int:
    """An article number in Chinese numerals, including those from 第一万条 on (一万零一 → 10001)."""
    if "万" in text:
        high, _, low = text.partition("万")
        return cn_to_int(high or "一") * 10000 + (cn_to_int(low.lstrip("零〇")) if low.strip("零〇") else 0)
    return cn_to_int(text)


def _strip_label(line: str) -> str:
    match = _ARTICLE_RE.match(line)
    return match.group(3).strip() if match else line


@dataclass
class LawText:
    path: Path
    title: str
    date: str | None

    @cached_property
    def _lines(self) -> list[str]:
        return self.path.read_text(encoding="utf-8-sig").splitlines()  # a BOM is not part of the title

    @cached_property
    def history(self) -> list[str]:
        """The non-blank lines between the title and the `<!-- INFO END -->` marker."""
        lines = [line.strip() for line in self._lines]
        if INFO_END not in lines:
            return []
        return [line for line in lines[1 : lines.index(INFO_END)] if line]

    @cached_property
    def articles(self) -> dict[tuple[int, int | None], ArticleText]:
        lines = [line.strip() for line in self._lines]
        if INFO_END in lines:
            lines = lines[lines.index(INFO_END) + 1 :]
        else:
            lines = lines[1:]
        out: dict[tuple[int, int | None], ArticleText] = {}
        current: ArticleText | None = None
        for line in lines:
            if not line or line.startswith("#"):
                continue
            match = _ARTICLE_RE.match(line)
            if match:
                try:
                    number = article_number(match.group(1))
                    sub = cn_to_int(match.group(2)) if match.group(2) else None
                except ValueError:
                    continue
                current = ArticleText(number, sub, [[line]])
                out.setdefault((number, sub), current)
            elif current is not None:
                if _ITEM_RE.match(line) and current.paragraphs:
                    current.paragraphs[-1].append(line)
                else:
                    current.paragraphs.append([line])
        return out

    def article(self, article: Article) -> ArticleText | None:
        return self.articles.get((article.number, article.sub))

    @property
    def article_count(self) -> int | None:
        """The highest article number (what laws.yaml records as `articles`); None without articles."""
        numbers = [number for number, _ in self.articles]
        return max(numbers) if numbers else None

    def numbering_gaps(self) -> list[int]:
        """Article numbers missing between 1 and the highest: a sign the text was cut or misread."""
        present = {number for number, _ in self.articles}
        count = self.article_count or 0
        return [n for n in range(1, count + 1) if n not in present]

    def version_date(self) -> str | None:
        """The file name's date, else the latest date of the history lines (the constitution's file)."""
        if self.date:
            return self.date
        dates = [d for line in self.history for m in _DATE_RE.finditer(line) if (d := cn_date(m))]
        return max(dates) if dates else None

    def effective_date(self) -> tuple[str | None, str]:
        """(date, source): when this version took effect, and where that was read.

        source is "history" (a 自…起施行 history line), "article" (the closing 本法自…起施行 article),
        "publication" (本法自公布之日起施行) or "date" (nothing says: the version date itself). A stated
        date before the version date belongs to the original enactment, not to this amendment, and is
        ignored.
        """
        date = self.version_date()
        if date is None:
            return None, "date"
        for line in self.history:
            for match in _IN_FORCE_RE.finditer(line):
                found = cn_date(match)
                if found and found >= date:
                    return found, "history"
        closing = list(self.articles.values())[-3:]  # the 附则 at the end says when the text applies
        for article in reversed(closing):
            text = article.text()
            for match in _OWN_IN_FORCE_RE.finditer(text):
                found = cn_date(match)
                if found and found >= date:
                    return found, "article"
            if _ON_PUBLICATION_RE.search(text):
                return date, "publication"
        return date, "date"

    def issuer(self) -> str | None:
        """The enacting body: the first dated history line that names one (the registry's convention
        records who made the instrument, not who last amended it)."""
        for line in self.history:
            if not _DATE_RE.search(line):
                continue  # a title wrapped over several lines
            if "中共中央" in line and "国务院" in line:
                return "中共中央 国务院"
            if "国务院" in line and ("中央军委" in line or "中央军事委员会" in line):
                return "国务院 中央军事委员会"
            if "全国人民代表大会常务委员会" in line:
                return "全国人民代表大会常务委员会"
            if "全国人民代表大会" in line:
                return "全国人民代表大会"
            if "国务院" in line:
                return "国务院"
        return None


class LawTexts:
    """An index of the law-text files of a folder by (title, version date)."""

    def __init__(self, texts: list[LawText], folder: Path | None = None) -> None:
        self.texts = texts
        self.folder = folder
        self._by_title: dict[str, list[LawText]] = {}
        for text in texts:
            self._by_title.setdefault(normalize(text.title), []).append(text)

    @classmethod
    def open(cls, folder: Path) -> LawTexts:
        texts = []
        for path in sorted(folder.rglob("*.md")):
            match = _FILE_RE.match(path.name)
            if not match or path.name.lower() == "readme.md":
                continue
            try:
                with path.open(encoding="utf-8-sig") as handle:
                    first = handle.readline().strip()
            except (OSError, UnicodeDecodeError):
                continue
            if not first.startswith("# "):
                continue
            texts.append(LawText(path, first[2:].strip(), match.group("date")))
        return cls(texts, folder)

    def find(self, inst: Instrument, version: Version) -> LawText | None:
        candidates = [
            t for name in (inst.title, *inst.aliases) for t in self._by_title.get(normalize(name), [])
        ]
        exact = [t for t in candidates if t.date == version.date]
        if exact:
            return exact[0]
        undated = [t for t in candidates if t.date is None]
        return undated[0] if undated and inst.versions and inst.versions[0] is version else None

    def has(self, inst: Instrument, version: Version, article: Article) -> bool:
        """False only when the text of that version is on disk and lacks the article, 款 or 项."""
        text = self.find(inst, version)
        if text is None:
            return True
        found = text.article(article)
        if found is None:
            return False
        return found.part(article) is not None

    def quote(self, inst: Instrument, version: Version, article: Article) -> str | None:
        """The text of the article, 款 or 项 in that version, or None when the text or the part is missing."""
        text = self.find(inst, version)
        found = text.article(article) if text is not None else None
        return found.part(article) if found is not None else None


def quote(laws: Laws, law_texts: LawTexts | None, citation: dict[str, Any], effective: str) -> str | None:
    """The text a basis entry cites ({instrument, article, version?}), read from the law texts.

    The version is the pinned one, else the one in force on `effective` (a list's effective date, or
    the date the citation was drafted). Returns the whole article, the 款 (without the 第X条 label) or
    the 项; None when the instrument, version, text file or provision is not found, or the citation
    names no article.
    """
    if law_texts is None:
        return None
    name, article_text = citation.get("instrument"), citation.get("article")
    if not isinstance(name, str) or not isinstance(article_text, str):
        return None
    inst = laws.lookup(name)
    article = parse_article(article_text)
    if inst is None or article is None:
        return None
    version = cited_version(inst, citation, effective)
    if version is None:
        return None
    return law_texts.quote(inst, version, article)
