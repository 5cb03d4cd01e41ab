"""How often `qingdan cite` puts an item's true article in its top 5, on the demo lists.

For every active demo item whose basis cites a law whose text is in ../shared/laws, hide the basis, ask
the index, and count a hit when one of the cited (law, article) pairs is among the first five.
Run: .venv/bin/python bench/cite.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from qingdan.citations import parse_article
from qingdan.citeindex import CiteIndex, item_text
from qingdan.lawtext import LawTexts
from qingdan.validate import load_repository

ROOT = Path(__file__).resolve().parent.parent
LAWS = ROOT.parent.parent / "shared" / "laws"
if not LAWS.is_dir():
    LAWS = Path("/work/shared/laws")


def main() -> int:
    if not LAWS.is_dir():
        print(f"skipped: no law texts at {LAWS}")
        return 0
    started = time.perf_counter()
    texts = LawTexts.open(LAWS)
    index = CiteIndex(texts)
    built = time.perf_counter() - started
    loaded = load_repository(ROOT)
    assert loaded.laws is not None
    titles = {t.title for t in texts.texts}
    total = hits = hits1 = 0
    started = time.perf_counter()
    for doc in loaded.docs:
        for _, item in doc.items():
            wanted = set()
            for citation in item.get("basis") or []:
                inst = loaded.laws.lookup(str(citation.get("instrument", "")))
                article = parse_article(str(citation.get("article", "")))
                if inst and article and inst.title in titles:
                    wanted.add((inst.title, article.number))
            if item.get("status") == "retired" or not wanted:
                continue
            total += 1
            found = [(h.title, h.number) for h in index.query(item_text(item), 5)]
            hits += any(f in wanted for f in found)
            hits1 += bool(found) and found[0] in wanted
    spent = time.perf_counter() - started
    print(f"cite index: {index.size} articles from {len(texts.texts)} texts, built in {built:.2f} s")
    print(f"demo items with a known basis in the texts: {total}")
    print(f"true article in top 5: {hits}/{total} = {hits / total:.0%}   (top 1: {hits1 / total:.0%})")
    print(f"query time: {spent / max(total, 1) * 1000:.1f} ms per item")
    return 0


if __name__ == "__main__":
    sys.exit(main())
