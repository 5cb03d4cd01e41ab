"""Suggest an item's basis: a full-text index of the law texts (SQLite FTS5, trigram tokenizer, which
needs no Chinese word segmentation) queried with the item's name and content, ranked by BM25."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from qingdan.citations import Article
from qingdan.errors import EnvironmentProblem, UsageError
from qingdan.lawtext import LawTexts
from qingdan.workspace import Workspace

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{3,}")
# words every duty text shares; their trigrams only add noise to the ranking
_COMMON = ("按照", "依法", "负责", "工作", "有关", "相关", "以及", "开展", "做好", "组织")


@dataclass
class Hit:
    title: str
    label: str
    number: int
    text: str
    score: float


class CiteIndex:
    """Every article of the newest text of each law, in one in-memory FTS5 table."""

    def __init__(self, texts: LawTexts) -> None:
        self.db = sqlite3.connect(":memory:")
        try:
            self.db.execute(
                "CREATE VIRTUAL TABLE articles USING fts5(title, label UNINDEXED, number UNINDEXED, body, tokenize='trigram')"
            )
        except sqlite3.OperationalError as exc:
            raise EnvironmentProblem(
                f"此 Python 的 SQLite 不支持 FTS5 三元组分词（需 SQLite ≥ 3.34）：{exc}",
                f"this Python's SQLite has no FTS5 trigram tokenizer (needs SQLite 3.34+): {exc}",
            ) from None
        newest: dict[str, object] = {}
        for text in texts.texts:
            current = newest.get(text.title)
            if current is None or (text.date or "") > (getattr(current, "date", "") or ""):
                newest[text.title] = text
        rows = []
        for law in newest.values():
            for (number, sub), article in law.articles.items():  # type: ignore[attr-defined]
                rows.append((law.title, Article(number, sub).label(), number, article.text()))  # type: ignore[attr-defined]
        self.db.executemany("INSERT INTO articles VALUES (?, ?, ?, ?)", rows)
        self.size = len(rows)

    def query(self, text: str, limit: int = 5) -> list[Hit]:
        grams: list[str] = []
        for run in _CJK_RUN.findall(text):
            for i in range(len(run) - 2):
                gram = run[i : i + 3]
                if gram not in grams and not any(word in gram for word in _COMMON):
                    grams.append(gram)
        if not grams:
            return []
        match = " OR ".join(f'"{g}"' for g in grams[:200])
        rows = self.db.execute(
            "SELECT title, label, number, body, bm25(articles, 0.0, 0.0, 0.0, 1.0) AS score FROM articles "
            "WHERE articles MATCH ? ORDER BY score LIMIT ?",
            (f"body : ({match})", limit),
        ).fetchall()
        return [Hit(r[0], r[1], int(r[2]), r[3], -float(r[4])) for r in rows]


def open_index(root: Path, folder: str | None) -> CiteIndex:
    if not folder:
        raise UsageError(
            "未配置法律文本目录：在 qingdan.yaml 中设置 law_texts（例如 ../shared/laws）",
            "no law-text folder configured: set law_texts in qingdan.yaml",
        )
    path = root / folder
    if not path.is_dir():
        raise UsageError(f"法律文本目录不存在：{folder}", f"law-text folder not found: {folder}")
    return CiteIndex(LawTexts.open(path))


def item_text(item: dict[str, object]) -> str:
    return "".join(str(item.get(k) or "") for k in ("name", "content", "township_duty", "department_duty"))


def suggest_for_item(start: Path, item_id: str, limit: int = 5, folder: str | None = None) -> list[Hit]:
    ws = Workspace.open(start)
    root = ws.root
    loaded = ws.lists()
    for doc in loaded.docs:
        for _, item in doc.items():
            if item.get("id") == item_id:
                index = open_index(root, folder or loaded.config.law_texts)
                return index.query(item_text(item), limit)
    raise UsageError(f"找不到事项 {item_id}", f"no item {item_id}")
