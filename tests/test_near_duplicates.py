"""The near-duplicate rule's prefix-filtered index finds what comparing every earlier name finds."""

from __future__ import annotations

import random

import pytest

from qingdan.rules.duplicates import bigrams, closest_earlier

ALPHABET = "安全生产监督检查消防工作事项组织开展台账ab，（"


def every_earlier(grams: list[frozenset[str]], threshold: float) -> list[tuple[int, float]]:
    """The reference: each name scored against every earlier name sharing a bigram."""
    out = []
    for position, name in enumerate(grams):
        best, best_score = -1, 0.0
        for other in range(position):
            shared = len(name & grams[other])
            score = 2 * shared / (len(name) + len(grams[other]))
            if shared and score > best_score:
                best, best_score = other, score
        out.append((best, best_score) if best >= 0 and best_score >= threshold else (-1, 0.0))
    return out


@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.5, 2 / 3, 0.75, 0.8, 0.85, 6 / 7, 0.9, 1.0, 1.1])
def test_the_index_finds_the_closest_earlier_name_as_a_full_comparison_does(threshold: float) -> None:
    rng = random.Random(threshold)
    for _ in range(300):
        names = [
            "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))
            for _ in range(rng.randint(1, 30))
        ]
        names += [
            names[rng.randrange(len(names))][:-1] + rng.choice(ALPHABET) for _ in range(len(names) // 3)
        ]
        grams = [bigrams(name) for name in names]
        assert closest_earlier(grams, threshold) == every_earlier(grams, threshold)


def test_a_reworded_name_is_found_among_many() -> None:
    names = [f"组织开展第{i}类{kind}检查" for i in range(200) for kind in ("消防", "安全生产")]
    names.append("组织开展第7类消防检查工作")
    found = closest_earlier([bigrams(name) for name in names], 0.85)
    assert found[-1][0] == names.index("组织开展第7类消防检查")
