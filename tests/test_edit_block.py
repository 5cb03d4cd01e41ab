"""Edits of items round-trip only the items' block and read only the lists that can concern them:
the bytes are those the whole-file edit writes, and rules across lists still refuse what they forbid."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import list_header, run_qingdan
from qingdan import edit, yamlio
from qingdan.mentions import ListBytes
from qingdan.model import ITEM_KEYS, ListDoc
from qingdan.validate import Loaded, validate

QSZ = "lists/townships/CX-QSZ.yaml"
LTJD = "lists/townships/CX-LTJD.yaml"
DEMO_LISTS = [QSZ, LTJD, "lists/county/CX-TEMPLATE.yaml", "lists/villages/CX-HXSQ.yaml"]


def _ids(root: Path, rel: str) -> list[str]:
    return [item["id"] for item in yamlio.load_bytes((root / rel).read_bytes())[1]["items"]]


def _whole_file_set(root: Path, rel: str, item_id: str, key: str, value: Any) -> edit.EditResult:
    """The same change through the transaction that round-trips the whole file and reads every list."""

    def locate(loaded: Loaded) -> ListDoc:
        return next(doc for doc in loaded.docs if doc.file == rel)

    def change(data: Any, doc: ListDoc) -> tuple[str, str, str | None, set[str]]:
        target = next(item for item in data["items"] if item.get("id") == item_id)
        yamlio.set_key(target, key, value, ITEM_KEYS)
        return "", "", item_id, {item_id}

    return edit.transact(root, locate, change)


@pytest.mark.parametrize("rel", DEMO_LISTS)
def test_a_block_edit_writes_the_bytes_of_the_whole_file_edit(rel: str, demo: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(demo, other)
    ids = _ids(demo, rel)
    for item_id in (ids[0], ids[len(ids) // 2], ids[-1]):
        block = edit.set_fields(demo, item_id, ["content=按月巡查，发现问题及时报告。"], draft=True)
        whole = _whole_file_set(other, rel, item_id, "content", "按月巡查，发现问题及时报告。")
        assert block.file == rel
        assert (demo / rel).read_bytes() == (other / rel).read_bytes() == whole.after
        assert block.after != block.before


def test_add_skips_an_id_that_another_list_names(demo: Path) -> None:
    path = demo / LTJD
    text = path.read_text(encoding="utf-8").replace(
        "  - id: CX-LTJD-0001\n", "  - id: CX-LTJD-0001\n    previous_ids: [CX-QSZ-0900]\n", 1
    )
    path.write_text(text, encoding="utf-8")
    result = edit.add_item(
        demo, "CX-QSZ", {"name": "草稿事项", "category": "basic", "domain": "平安法治"}, draft=True
    )
    assert result.item == "CX-QSZ-0901"


@pytest.mark.parametrize("spelling", ["CX-QSZ-0002", '"\\u0043X-QSZ-0002"'])
def test_retiring_the_successor_another_list_names_is_refused(spelling: str, demo: Path) -> None:
    path = demo / LTJD
    text = path.read_text(encoding="utf-8")
    assert "replaced_by: [CX-LTJD-0005]" in text
    path.write_text(
        text.replace("replaced_by: [CX-LTJD-0005]", f"replaced_by: [{spelling}]"), encoding="utf-8"
    )
    assert validate(start=demo).errors == 0
    before = (demo / QSZ).read_bytes()
    done = run_qingdan(demo, "retire", "CX-QSZ-0002", "--reason", "unsuitable", "--note", "不宜由乡镇承担")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "QD804" in done.stdout + done.stderr
    assert "CX-LTJD.yaml" in done.stdout + done.stderr
    assert (demo / QSZ).read_bytes() == before


def test_an_edit_that_would_make_a_list_unreadable_is_refused(repo: Path) -> None:
    items = "".join(
        f"  - id: T-{n:04d}\n    name: 事项{n}\n    category: basic\n    domain: 平安法治\n"
        f'    status: active\n    since: "2025.1"\n'
        for n in range(1, 1001)
    )
    path = repo / "lists" / "case.yaml"
    path.write_text(list_header() + items, encoding="utf-8")
    before = path.read_bytes()
    done = run_qingdan(
        repo, "add", "T", "--name", "多出的事项", "--category", "basic", "--domain", "平安法治", "--draft"
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "QD031" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert path.read_bytes() == before


def test_mentions_never_miss_an_escaped_or_unusual_id() -> None:
    files = ListBytes(
        {
            "a.yaml": b"items:\n  - id: A-0001\n",
            "b.yaml": b'items:\n  - id: "\\x42-0001"\n',
            "c.yaml": b"items:\n  - id: C-0001\n",
        }
    )
    assert files.mentioning({"A-0001"}) == ["a.yaml", "b.yaml"]
    assert files.mentioning({"B-0001"}) == ["b.yaml"]
    assert files.mentioning({"x y"}) == ["a.yaml", "b.yaml", "c.yaml"]
    assert files.mentioning(set()) == []


def test_a_previous_id_that_another_list_uses_is_refused(demo: Path) -> None:
    assert "CX-QSZ" not in (demo / LTJD).read_text(encoding="utf-8")  # only the new value names that list
    before = (demo / QSZ).read_bytes()
    done = run_qingdan(demo, "set", "CX-QSZ-0002", "previous_ids=CX-LTJD-0003")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "QD203" in done.stdout + done.stderr
    assert (demo / QSZ).read_bytes() == before


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text("AB-01\n", max_size=40), min_size=1, max_size=5),
    st.lists(st.sets(st.text("AB-01", min_size=1, max_size=9), max_size=4), min_size=1, max_size=4),
)
def test_mentions_find_exactly_the_files_a_plain_scan_finds(texts: list[str], asked: list[set[str]]) -> None:
    # one ListBytes asked several times, as an edit asks it: what it remembers (each id's files, found
    # among the files holding the id's part before its last hyphen) never changes an answer
    files = ListBytes({f"{n}.yaml": text.encode() for n, text in enumerate(texts)})
    for needles in asked:
        plain = [name for name, raw in files.files.items() if any(n.encode() in raw for n in needles)]
        assert files.mentioning(needles) == plain
