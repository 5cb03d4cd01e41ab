"""Law texts on disk (one Markdown file per version, as in LawRefBook/Laws): articles, 款 and 项.

Layout: `<folder>/**/<short title>(<version date>).md`; line 1 is `# <full title>`; after the
`<!-- INFO END -->` marker, articles are paragraphs that start with `第X条`. Within an article each
further paragraph is a new 款 unless it starts with `（一）`-style numbering, which makes it a 项.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from qingdan.citations import Article, cn_to_int
from qingdan.registry import Instrument, Version, normalize

_FILE_RE = re.compile(r"^(?P<short>.+?)(?:\((?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})\))?\.md$")
_ARTICLE_RE = re.compile(
    r"^第([零〇一二两三四五六七八九十百千0-9]+)条(?:之([一二三四五六七八九十]+))?\s*(.*)$"
)
_ITEM_RE = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")


@dataclass
class ArticleText:
    number: int
    sub: int | None
    paragraphs: list[list[str]] = field(default_factory=list)  # 款 -> its text lines (first line, then 项)

    def text(self) -> str:
        return "\n".join("\n".join(p) for p in self.paragraphs)

    def items(self, paragraph: int) -> int:
        return sum(1 for line in self.paragraphs[paragraph - 1][1:] if _ITEM_RE.match(line))


@dataclass
class LawText:
    path: Path
    title: str
    date: str | None

    @cached_property
    def articles(self) -> dict[tuple[int, int | None], ArticleText]:
        lines = self.path.read_text(encoding="utf-8").splitlines()
        if "<!-- INFO END -->" in lines:
            lines = lines[lines.index("<!-- INFO END -->") + 1 :]
        out: dict[tuple[int, int | None], ArticleText] = {}
        current: ArticleText | None = None
        for raw in lines:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            match = _ARTICLE_RE.match(line)
            if match:
                try:
                    number = cn_to_int(match.group(1))
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


class LawTexts:
    """An index of the law-text files of a folder by (title, version date)."""

    def __init__(self, texts: list[LawText]) -> None:
        self.texts = texts
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
                with path.open(encoding="utf-8") as handle:
                    first = handle.readline().strip()
            except (OSError, UnicodeDecodeError):
                continue
            if not first.startswith("# "):
                continue
            texts.append(LawText(path, first[2:].strip(), match.group("date")))
        return cls(texts)

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
        if article.paragraph is not None:
            if article.paragraph > len(found.paragraphs):
                return False
            if article.item is not None and article.item > found.items(article.paragraph):
                return False
        return True
