"""Rule 9: near-duplicate active items (same category, near-identical names) within one list.

Names are compared by character-bigram overlap (Dice coefficient). Two names can reach the threshold t
only if they share at least t/(2-t) of the shorter one's bigrams, so each name is indexed by its rarest
few bigrams only (prefix filtering): a pair that could reach t always shares one of those, and only
such pairs are scored, exactly. Each item is reported once, against its closest earlier neighbour
(the earliest of equally close ones).
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from qingdan.model import Finding
from qingdan.rules import Context, finding, is_active

_NOISE = re.compile(r"[\s，。、；：,.;:（）()《》“”\"'【】\[\]-]|工作|事项|相关|有关")


@functools.lru_cache(maxsize=1 << 16)
def bigrams(name: str) -> frozenset[str]:
    # a province's lists share most of their names (each tailors the same template): each is split once
    text = _NOISE.sub("", name)
    if len(text) < 2:
        return frozenset({text})
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _prefix_length(size: int, threshold: float) -> int:
    """How many of a name's rarest bigrams any name at least threshold-similar to it must share one of."""
    if threshold > 1:
        return 0
    # the least overlap with any name that reaches the threshold, rounded down to stay safe
    least = max(1, math.ceil(threshold * size / (2 - threshold) - 1e-9)) if threshold > 0 else 1
    return max(0, size - least + 1)


def closest_earlier(grams: list[frozenset[str]], threshold: float) -> list[tuple[int, float]]:
    """For each name (in order), the earlier name with the highest score at or above threshold (the
    earliest of ties) and that score; (-1, 0.0) when there is none."""
    frequency = Counter(gram for name in grams for gram in name)
    rank = {gram: i for i, gram in enumerate(sorted(frequency, key=lambda gram: (frequency[gram], gram)))}
    postings: dict[str, list[int]] = defaultdict(list)
    out: list[tuple[int, float]] = []
    for position, name in enumerate(grams):
        prefix = sorted(name, key=rank.__getitem__)[: _prefix_length(len(name), threshold)]
        candidates: set[int] = set()
        for gram in prefix:
            candidates.update(postings[gram])
            postings[gram].append(position)
        best, best_score = -1, 0.0
        for other in sorted(candidates):
            score = 2 * len(name & grams[other]) / (len(name) + len(grams[other]))
            if score > best_score:
                best, best_score = other, score
        out.append((best, best_score) if best >= 0 and best_score >= threshold else (-1, 0.0))
    return out


def check(ctx: Context) -> Iterator[Finding]:
    threshold = ctx.config.similarity
    for doc in ctx.docs:
        groups: dict[str, list[tuple[int, dict[str, object], frozenset[str]]]] = defaultdict(list)
        for index, item in doc.items():
            name = item.get("name")
            category = item.get("category")
            if is_active(item) and isinstance(name, str) and isinstance(category, str):
                groups[category].append((index, item, bigrams(name)))
        for category, members in groups.items():
            for position, (best, _) in enumerate(closest_earlier([m[2] for m in members], threshold)):
                if best >= 0:
                    index, item, _ = members[position]
                    _, other_item, _ = members[best]
                    yield finding(
                        doc,
                        "QD901",
                        ("items", index, "name"),
                        item,
                        other=other_item.get("id"),
                        other_name=other_item.get("name"),
                        category=category,
                    )
