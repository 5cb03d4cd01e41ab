"""The result cache: a warm run equals a cold one, an unchanged list is not parsed again, whatever a
per-file result depends on invalidates it, a damaged entry is ignored and replaced, --no-cache neither
reads nor writes, and nothing of it reaches the work tree. Real git repositories, the real CLI."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import git, run_qingdan
from qingdan import counters
from qingdan.config import Config
from qingdan.filerules import SCHEMAS, base_key
from qingdan.validate import validate
from test_cases import RULE_CASES, load_case, write_variant
from test_cited_version import village as village
from test_filerules import generate

LISTS = 12
# the lists whose bytes no other list repeats (T9999 is a copy of T0001)
ALL = {f"lists/townships/T{n:04d}.yaml" for n in range(2, LISTS + 1)}


def _fields(result: Any) -> list[tuple[Any, ...]]:
    return [(f.file, f.line, f.column, f.rule, f.severity, f.item, f.path, f.args) for f in result.findings]


def _cache(root: Path) -> Path:
    return root / ".git" / "qingdan" / "cache"


def _entries(root: Path) -> list[Path]:
    folder = _cache(root)
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def _parsed_lists(root: Path, run: Any) -> list[str]:
    """The list files a call parses (by the hash of their bytes, as counters traces them)."""
    digests = {
        hashlib.sha1(p.read_bytes().removeprefix(b"\xef\xbb\xbf")).hexdigest(): str(p.relative_to(root))
        for p in (root / "lists" / "townships").glob("*.yaml")
    }
    counters.reset(trace=True)
    try:
        run()
        assert counters.TRACE is not None
        return sorted(digests[d] for d, n in counters.TRACE.items() for _ in range(n) if d in digests)
    finally:
        counters.reset()


@pytest.fixture
def bench(tmp_path: Path) -> Path:
    root = tmp_path / "bench"
    files = generate(root, LISTS)
    shutil.copy(files[0], root / "lists" / "townships" / "T9999.yaml")  # cross-file findings too
    git(root, "init", "-q", "-b", "main")
    return root


def _touch_item(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    at = text.index("name: ") + len("name: ")
    path.write_text(text[:at] + "改" + text[at:], encoding="utf-8")


def test_warm_run_equals_cold_run(demo: Path) -> None:
    cold = validate(start=demo, cache=False)
    first = validate(start=demo)
    assert _entries(demo), "the first run stores the lists' results"
    warm = validate(start=demo)
    assert _fields(first) == _fields(cold) and _fields(warm) == _fields(cold)
    assert (warm.files, warm.items) == (cold.files, cold.items)


def test_warm_run_parses_only_the_changed_list(bench: Path) -> None:
    everything = _parsed_lists(bench, lambda: validate(start=bench))
    assert set(everything) >= ALL
    assert _parsed_lists(bench, lambda: validate(start=bench)) == []
    changed = bench / "lists" / "townships" / "T0003.yaml"
    _touch_item(changed)
    assert _parsed_lists(bench, lambda: validate(start=bench)) == ["lists/townships/T0003.yaml"]
    assert _fields(validate(start=bench)) == _fields(validate(start=bench, cache=False))
    assert {"QD201", "QD204"} <= {f.rule for f in validate(start=bench).findings}


def test_a_changed_list_gives_its_new_findings(bench: Path) -> None:
    validate(start=bench)
    target = bench / "lists" / "townships" / "T0002.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("category: basic", "category: basik", 1), encoding="utf-8")
    warm = validate(start=bench)
    assert any(f.file == "lists/townships/T0002.yaml" and f.rule.startswith("QD1") for f in warm.findings)
    assert _fields(warm) == _fields(validate(start=bench, cache=False))


@pytest.mark.parametrize(
    "change",
    ["config", "laws", "departments"],
)
def test_configuration_and_registries_invalidate(bench: Path, change: str) -> None:
    validate(start=bench)
    if change == "config":
        (bench / "qingdan.yaml").write_text("qingdan: 1\nsimilarity: 0.95\n", encoding="utf-8")
    else:
        path = bench / "lists" / f"{change}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    assert set(_parsed_lists(bench, lambda: validate(start=bench))) >= ALL
    assert _fields(validate(start=bench)) == _fields(validate(start=bench, cache=False))


def test_the_schema_is_part_of_the_key(tmp_path: Path, bench: Path) -> None:
    copy = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, copy)
    config = Config(root=bench)
    assert base_key(config, copy) == base_key(config)
    schema = copy / "list.schema.json"
    data = json.loads(schema.read_text(encoding="utf-8"))
    data["title"] = data.get("title", "") + "（改）"
    schema.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert base_key(config, copy) != base_key(config)


@pytest.mark.parametrize("damage", ["truncate", "garble", "empty", "other-version"])
def test_a_damaged_entry_is_ignored_and_replaced(bench: Path, damage: str) -> None:
    cold = validate(start=bench, cache=False)
    validate(start=bench)
    entries = _entries(bench)
    assert len(entries) == LISTS + 1
    for entry in entries:
        raw = entry.read_bytes()
        if damage == "truncate":
            entry.write_bytes(raw[: len(raw) // 2])
        elif damage == "garble":
            entry.write_bytes(raw[:-40] + bytes(40))
        elif damage == "empty":
            entry.write_bytes(b"")
        else:
            entry.write_bytes(raw.replace(b"qingdan-result-cache 1", b"qingdan-result-cache 9", 1))
    assert set(_parsed_lists(bench, lambda: validate(start=bench))) >= ALL
    assert _fields(validate(start=bench)) == _fields(cold)
    assert _parsed_lists(bench, lambda: validate(start=bench)) == [], "the damaged entries were replaced"


def test_no_cache_neither_reads_nor_writes(bench: Path, cli: Any) -> None:
    done = cli(bench, "validate", "--no-cache", "--format", "json")
    assert done.exit_code == 1, done.output  # the copied list repeats ids
    assert not _cache(bench).exists()
    assert cli(bench, "validate", "--format", "json").output == done.output
    stored = {p: p.read_bytes() for p in _entries(bench)}
    assert len(stored) == LISTS + 1
    reads = _parsed_lists(bench, lambda: cli(bench, "validate", "--no-cache", "--format", "json"))
    assert set(reads) >= ALL
    assert {p: p.read_bytes() for p in _entries(bench)} == stored


def test_the_cache_stays_out_of_the_work_tree(bench: Path) -> None:
    before = git(bench, "status", "--porcelain", "--untracked-files=all", "--ignored")
    done = run_qingdan(bench, "validate")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert _entries(bench)
    assert git(bench, "status", "--porcelain", "--untracked-files=all", "--ignored") == before


def test_no_git_no_cache(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    generate(root, 2)
    first = validate(start=root)
    assert not (root / ".git").exists()
    assert len(_parsed_lists(root, lambda: validate(start=root))) == 2
    assert _fields(validate(start=root)) == _fields(first)


def test_a_worktree_keeps_its_cache_in_the_common_git_folder(bench: Path, tmp_path: Path) -> None:
    git(bench, "add", "-A")
    git(bench, "commit", "-q", "-m", "lists")
    linked = tmp_path / "linked"
    git(bench, "worktree", "add", "-q", str(linked))
    validate(start=linked)
    assert _entries(bench) and not (linked / ".git").is_dir()


def test_hostile_file_names(bench: Path) -> None:
    towns = bench / "lists" / "townships"
    names = ["a b'\"$(touch x);.yaml", "中文 清单.yaml", "-rf.yaml", "..yaml", "%s%n.yaml"]
    for number, name in enumerate(names, start=20):
        text = (towns / "T0001.yaml").read_text(encoding="utf-8").replace("T0001", f"T{number:04d}")
        (towns / name).write_text(text, encoding="utf-8")
    cold = validate(start=bench, cache=False)
    validate(start=bench)
    assert _fields(validate(start=bench)) == _fields(cold)
    assert all(len(p.name) == 62 and p.name.isalnum() for p in _entries(bench))
    assert not (bench / "x").exists()


def test_check_keeps_the_cache_too_and_no_cache_leaves_it(demo: Path, cli: Any) -> None:
    git(demo, "add", "-A")
    git(demo, "commit", "-q", "-m", "demo")
    plain = cli(demo, "check", "--no-cache", "--no-reports", "--format", "json")
    assert not _cache(demo).exists()
    cached = cli(demo, "check", "--no-reports", "--format", "json")
    assert _entries(demo) and cached.output == plain.output and cached.exit_code == plain.exit_code
    again = cli(demo, "check", "--no-reports", "--format", "json")
    assert again.output == plain.output


def test_a_drafted_date_from_history_is_checked_again(village: Path, cli: Any) -> None:
    """A stored result that asked git history when its citations were drafted holds only while history
    still says so: a later commit that dates the revision otherwise recomputes it."""
    assert cli(village, "revision", "CX-HXSQ", "--effective", "2026-03-01").exit_code == 0
    first = validate(start=village)
    drafted = {f.args["drafted"] for f in first.findings if f.rule == "QD309" and f.item == "CX-HXSQ-0090"}
    assert drafted == {"2024-09-01"}
    assert _fields(validate(start=village)) == _fields(first)
    archive = village / "archive" / "hxsq.yaml"
    archive.parent.mkdir()
    archive.write_text(
        'qingdan: 1\nlist:\n  id: CX-HXSQ\n  revision: "2024.1"\n  effective: 2024-08-15\nitems: []\n',
        encoding="utf-8",
    )
    git(village, "add", "archive")
    git(village, "commit", "-q", "-m", "an older copy that dates 2024.1 otherwise")
    warm = validate(start=village)
    drafted = {f.args["drafted"] for f in warm.findings if f.rule == "QD309" and f.item == "CX-HXSQ-0090"}
    assert drafted == {"2024-08-15"}
    assert _fields(warm) == _fields(validate(start=village, cache=False))


def test_a_changed_law_text_invalidates(repo: Path) -> None:
    case = next(p for p in RULE_CASES if p.name == "QD307-paragraph-not-in-text.yaml")
    listed = write_variant(repo, load_case(case), "bad")
    digest = hashlib.sha1(listed.read_bytes()).hexdigest()

    def parses() -> int:
        counters.reset(trace=True)
        try:
            validate(start=repo)
            assert counters.TRACE is not None
            return counters.TRACE[digest]
        finally:
            counters.reset()

    assert parses() >= 1 and parses() == 0
    text = next((repo / "law-texts").iterdir())
    text.write_text(text.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert parses() >= 1
    assert _fields(validate(start=repo)) == _fields(validate(start=repo, cache=False))


def test_committed_lists_are_known_by_the_index(bench: Path) -> None:
    """Committed lists git reports unchanged are not read to make their keys; a changed one (staged or
    not) and one rewritten with the same bytes are handled by their content."""
    git(bench, "add", "-A")
    git(bench, "commit", "-q", "-m", "lists")
    cold = validate(start=bench, cache=False)
    validate(start=bench)
    assert _parsed_lists(bench, lambda: validate(start=bench)) == []
    target = bench / "lists" / "townships" / "T0004.yaml"
    target.write_bytes(target.read_bytes())  # same bytes, new time: git says "changed", the content does not
    assert _parsed_lists(bench, lambda: validate(start=bench)) == []
    _touch_item(target)
    assert _parsed_lists(bench, lambda: validate(start=bench)) == ["lists/townships/T0004.yaml"]
    git(bench, "add", "-A")
    assert _parsed_lists(bench, lambda: validate(start=bench)) == []
    git(bench, "checkout", "-q", "HEAD", "--", ".")
    assert _parsed_lists(bench, lambda: validate(start=bench)) == []
    assert _fields(validate(start=bench)) == _fields(cold)


def test_least_recently_used_entries_are_pruned(bench: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import time

    import qingdan.validate as validate_module

    # room for one entry per list: the entry of a list's former content is the first to go
    monkeypatch.setattr(validate_module, "KEEP_PER_LIST", 1)
    monkeypatch.setattr(validate_module, "KEEP_AT_LEAST", 0)
    validate(start=bench)
    first = set(_entries(bench))
    hour_ago = time.time() - 3600
    for entry in first:
        os.utime(entry, (hour_ago, hour_ago))
    _touch_item(bench / "lists" / "townships" / "T0003.yaml")
    validate(start=bench)
    second = set(_entries(bench))
    assert len(second) == len(first) and len(first - second) == 1
    # what is left is this content's: a warm run parses nothing
    assert _parsed_lists(bench, lambda: validate(start=bench)) == []


def test_pruning_removes_stale_temporary_files_and_nothing_else(bench: Path) -> None:
    import os
    import time

    from qingdan.resultcache import ResultCache

    validate(start=bench)
    shard = next(p for p in _cache(bench).iterdir() if p.is_dir())
    stale, fresh, other = shard / ".tmp-stale", shard / ".tmp-fresh", shard / "notes.txt"
    for p in (stale, fresh, other):
        p.write_bytes(b"x")
    day_ago = time.time() - 86400
    os.utime(stale, (day_ago, day_ago))
    os.utime(other, (day_ago, day_ago))
    outside = bench / "outside"
    outside.write_bytes(b"keep")
    (shard / ("0" * 62)).symlink_to(outside)  # named like an entry, but a link: never followed or removed
    cache = ResultCache.of(bench)
    assert cache is not None
    before = len([p for p in _entries(bench) if len(p.name) == 62 and not p.is_symlink()])
    assert cache.prune(keep=0) == before + 1  # every entry and the stale temporary file
    assert not stale.exists() and fresh.exists() and other.exists()
    assert (shard / ("0" * 62)).is_symlink() and outside.read_bytes() == b"keep"
