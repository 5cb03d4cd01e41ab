"""The semantic diff engine on in-memory files: every change kind, formatting and order, renumbering, moves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from qingdan.diff import KINDS, canonical, classify, compare, field_changes, normalize_item, parse_list
from test_diff_kit import base_items, clone, item, list_yaml

Items = list[dict[str, Any]]


def _by_id(items: Items, item_id: str) -> dict[str, Any]:
    return next(i for i in items if i["id"] == item_id)


def _retire(items: Items, item_id: str, reason: str = "unsuitable", **extra: Any) -> None:
    target = _by_id(items, item_id)
    target["status"] = "retired"
    target["retired"] = {"revision": "2025.2", "date": "2025-09-01", "reason": reason, **extra}


def _added(items: Items) -> None:
    items.append(item("T", 7, "地质灾害隐患点监测", since="2025.2"))


def _removed(items: Items) -> None:
    items.pop(2)


def _retired(items: Items) -> None:
    _retire(items, "T-0003", note="不宜由基层承担")


def _merged(items: Items) -> None:
    _retire(items, "T-0004", "merged", replaced_by=["T-0001"])


def _recategorized(items: Items) -> None:
    target = _by_id(items, "T-0002")
    target.update(
        category="cooperative", lead_department="县消防救援大队", department_duty="负责消防监督检查"
    )
    target["township_duty"] = "配合开展消防安全排查"


def _recalled(items: Items) -> None:
    target = _by_id(items, "T-0005")
    target.update(category="recalled", lead_department="县自然资源和规划局")


def _devolved(items: Items) -> None:
    target = _by_id(items, "T-0006")
    target["devolved"] = True
    target["resources"] = {
        "staffing": 2,
        "funding": 20.5,
        "equipment": "执法记录仪 4 台",
        "training": "每年两次",
    }
    target["review"] = {"interval_months": 12, "next": "2026-06-30"}


def _renamed(items: Items) -> None:
    _by_id(items, "T-0001")["name"] = "安全生产属地监督检查和隐患排查"


def _basis(items: Items) -> None:
    _by_id(items, "T-0001")["basis"][0]["article"] = "第十条"


def _modified(items: Items) -> None:
    _by_id(items, "T-0002")["content"] = (
        "按照属地管理原则做好消防安全网格化管理工作，每季度开展一次全面排查。"
    )


def _renumbered(items: Items) -> None:
    target = _by_id(items, "T-0003")
    target["id"] = "T-0103"
    target["previous_ids"] = ["T-0003"]


def _retired_and_renamed(items: Items) -> None:
    _renamed(items)
    _retire(items, "T-0001", "law_amended", basis=[{"instrument": "安全生产法", "article": "第九条"}])


def _undevolved(items: Items) -> None:
    target = _by_id(items, "T-0006")
    target["devolved"] = False


def _reorder(items: Items) -> None:
    items.reverse()
    items[0]["basis"].append({"instrument": "消防法", "article": "第三十六条"})
    items[0]["basis"].reverse()


CASES: list[tuple[str, Callable[[Items], None], str, tuple[str, ...], set[str]]] = [
    ("added", _added, "T-0007", ("added",), {"name", "category", "basis"}),
    ("removed", _removed, "T-0003", ("removed",), {"name"}),
    ("retired", _retired, "T-0003", ("retired",), {"status", "retired"}),
    ("merged", _merged, "T-0004", ("retired", "merged"), {"status", "retired"}),
    ("recategorized", _recategorized, "T-0002", ("recategorized",), {"category", "lead_department"}),
    ("recalled", _recalled, "T-0005", ("recategorized", "recalled"), {"category", "lead_department"}),
    ("devolved", _devolved, "T-0006", ("recategorized", "devolved"), {"devolved", "resources", "review"}),
    ("undevolved", _undevolved, "T-0006", ("recategorized",), {"devolved"}),
    ("renamed", _renamed, "T-0001", ("renamed",), {"name"}),
    ("basis_changed", _basis, "T-0001", ("basis_changed",), {"basis[0].article"}),
    ("modified", _modified, "T-0002", ("modified",), {"content"}),
    ("renumbered", _renumbered, "T-0103", ("renamed", "renumbered"), {"id", "previous_ids"}),
    (
        "retired_and_renamed",
        _retired_and_renamed,
        "T-0001",
        ("retired", "renamed"),
        {"name", "status", "retired"},
    ),
]


@pytest.mark.parametrize(("case", "edit", "target", "kinds", "paths"), CASES, ids=[c[0] for c in CASES])
def test_classification(
    case: str, edit: Callable[[Items], None], target: str, kinds: tuple[str, ...], paths: set[str]
) -> None:
    before = base_items()
    if case == "undevolved":
        _devolved(before)
    after = clone(before)
    edit(after)
    result = compare(
        {"lists/t.yaml": parse_list("lists/t.yaml", list_yaml("T", before).encode())},
        {"lists/t.yaml": parse_list("lists/t.yaml", list_yaml("T", after).encode())},
    )
    assert [(c.item, c.kinds) for c in result.changes] == [(target, kinds)]
    change = result.changes[0]
    tops = {f.path for f in change.fields} | {f.path.split(".")[0].split("[")[0] for f in change.fields}
    assert paths <= tops, change.fields
    assert all(k in KINDS for k in change.kinds)
    assert result.lists["T"].list_id == "T"


def test_reinstated() -> None:
    before = base_items()
    _retired(before)
    after = clone(before)
    target = _by_id(after, "T-0003")
    target["status"] = "active"
    target["reinstated"] = {"revision": "2025.3", "date": "2025-12-01", "reason": "依据恢复"}
    result = compare(
        {"a.yaml": parse_list("a.yaml", list_yaml("T", before).encode())},
        {"a.yaml": parse_list("a.yaml", list_yaml("T", after).encode())},
    )
    assert [(c.item, c.kinds) for c in result.changes] == [("T-0003", ("reinstated",))]


def test_order_and_formatting_are_not_changes() -> None:
    items = base_items()
    text = list_yaml("T", items)
    reordered = clone(items)
    _reorder(reordered)
    # the same data written differently: plain scalars, a flow mapping, empty and default values
    again = (
        list_yaml("T", reordered)
        .replace('"平安法治"', "平安法治")
        .replace('category: "basic"', "category: basic")
    )
    again = again.replace(
        '    since: "2025.1"\n', '    since: "2025.1"\n    previous_ids: []\n    devolved: false\n'
    )
    again = again.replace(
        '  unit:\n    name: "测试镇"\n    type: "township"\n    code: "990102101000"\n',
        '  unit: {code: "990102101000", name: 测试镇, type: township}\n',
    )
    base = clone(items)
    base[-1]["basis"].insert(0, {"instrument": "消防法", "article": "第三十六条"})
    result = compare(
        {"t.yaml": parse_list("t.yaml", list_yaml("T", base).encode())},
        {"t.yaml": parse_list("t.yaml", again.encode())},
    )
    assert result.changes == []
    assert result.lists == {}
    assert result.formatting_only == ["t.yaml"]
    assert text != again


def test_folded_text_equals_plain_text() -> None:
    # a folded block joins its lines with spaces, so only a break at a space is the same text
    plain = list_yaml("T", [item("T", 1, "安全生产", content="第一段 第二段")])
    folded = plain.replace('content: "第一段 第二段"', "content: >-\n      第一段\n      第二段")
    assert plain != folded
    result = compare(
        {"t.yaml": parse_list("t.yaml", plain.encode())}, {"t.yaml": parse_list("t.yaml", folded.encode())}
    )
    assert result.changes == []


def test_renumbered_is_not_removed_and_added() -> None:
    before = base_items()
    after = clone(before)
    _renumbered(after)
    result = compare(
        {"t.yaml": parse_list("t.yaml", list_yaml("T", before).encode())},
        {"t.yaml": parse_list("t.yaml", list_yaml("T", after).encode())},
    )
    kinds = [k for c in result.changes for k in c.kinds]
    assert "removed" not in kinds and "added" not in kinds
    change = result.changes[0]
    assert (change.item, change.item_before) == ("T-0103", "T-0003")
    assert {"path": "id", "old": "T-0003", "new": "T-0103"} in [f.as_dict() for f in change.fields]


def test_item_moved_between_files() -> None:
    a_before, b_before = base_items("A"), base_items("B")[:2]
    a_after, b_after = clone(a_before), clone(b_before)
    moving = a_after.pop(3)
    b_after.append(moving)
    result = compare(
        {
            "lists/a.yaml": parse_list("lists/a.yaml", list_yaml("A", a_before).encode()),
            "lists/b.yaml": parse_list("lists/b.yaml", list_yaml("B", b_before).encode()),
        },
        {
            "lists/a.yaml": parse_list("lists/a.yaml", list_yaml("A", a_after).encode()),
            "lists/b.yaml": parse_list("lists/b.yaml", list_yaml("B", b_after).encode()),
        },
    )
    assert [(c.item, c.kinds) for c in result.changes] == [("A-0004", ("moved",))]
    change = result.changes[0]
    assert (change.file_before, change.file_after, change.list_before, change.list_id) == (
        "lists/a.yaml",
        "lists/b.yaml",
        "A",
        "B",
    )
    assert result.counts("A")["moved"] == 1 and result.counts("B")["moved"] == 1
    assert result.counts()["moved"] == 1


def test_renamed_file_moves_the_list_not_its_items() -> None:
    text = list_yaml("T", base_items()).encode()
    result = compare(
        {"lists/old.yaml": parse_list("lists/old.yaml", text)},
        {"lists/new.yaml": parse_list("lists/new.yaml", text)},
    )
    assert result.changes == []
    listed = result.lists["T"]
    assert (listed.file_before, listed.file_after, listed.status) == (
        "lists/old.yaml",
        "lists/new.yaml",
        "changed",
    )


def test_list_level_changes() -> None:
    before = list_yaml("T", base_items())
    after = list_yaml(
        "T", base_items(), revision="2025.2", effective="2025-09-01", title="测试镇履行职责事项清单（修订）"
    )
    result = compare(
        {"t.yaml": parse_list("t.yaml", before.encode())}, {"t.yaml": parse_list("t.yaml", after.encode())}
    )
    listed = result.lists["T"]
    assert (listed.revision_before, listed.revision_after) == ("2025.1", "2025.2")
    assert {f.path for f in listed.fields} == {"title", "revision", "effective"}
    assert result.changes == [] and result.has_changes


def test_unparsable_side_is_reported_not_removed() -> None:
    good = list_yaml("T", base_items()).encode()
    broken = good.replace(b'  - id: "T-0002"', b'  - id: "T-0002\n  bad: [')
    result = compare({"t.yaml": parse_list("t.yaml", good)}, {"t.yaml": parse_list("t.yaml", broken)})
    assert result.changes == []
    assert [(p.file, p.side, p.code) for p in result.problems] == [("t.yaml", "after", "QD001")]
    assert result.problems[0].line is not None


def test_not_a_list_and_too_large() -> None:
    doc = parse_list("laws.yaml", b"qingdan: 1\ninstruments: []\n")
    assert doc.problem is not None and "not a list" in doc.problem.message.en
    big = parse_list("big.yaml", b"a: " + b"x" * (3 * 1024 * 1024) + b"\n")
    assert big.problem is not None and big.problem.code == "QD011"
    gbk = parse_list("gbk.yaml", "name: 安全生产".encode("gbk"))
    assert gbk.problem is not None and gbk.problem.code == "QD002"


def test_file_appears_and_vanishes() -> None:
    text = list_yaml("T", base_items()[:2]).encode()
    added = compare({}, {"t.yaml": parse_list("t.yaml", text)})
    assert [c.kinds for c in added.changes] == [("added",), ("added",)]
    assert added.lists["T"].status == "added"
    gone = compare({"t.yaml": parse_list("t.yaml", text)}, {})
    assert [c.kinds for c in gone.changes] == [("removed",), ("removed",)]
    assert gone.lists["T"].status == "removed"


def test_field_changes_pair_citations_by_similarity() -> None:
    old = normalize_item(
        item(
            "T",
            1,
            "甲",
            basis=[{"instrument": "甲法", "article": "第九条"}, {"instrument": "乙法", "article": "第一条"}],
        )
    )
    new = normalize_item(
        item(
            "T",
            1,
            "甲",
            basis=[
                {"instrument": "乙法", "article": "第一条"},
                {"instrument": "甲法", "article": "第十条"},
                {"instrument": "丙法", "article": "第二条"},
            ],
        )
    )
    fields = {f.path: (f.old, f.new) for f in field_changes(old, new, ("basis",))}
    assert fields["basis[0].article"] == ("第九条", "第十条")
    assert fields["basis[2]"] == (None, {"instrument": "丙法", "article": "第二条"})


def test_canonical_ignores_order_and_number_spelling() -> None:
    assert canonical({"a": [2, 1], "b": 2}) == canonical({"b": 2, "a": [1, 2]})
    assert normalize_item({"id": "T-0001", "devolved": False, "note": " ", "funding": 2.0}) == {
        "id": "T-0001",
        "funding": 2,
    }


def test_classify_without_sides() -> None:
    assert classify(None, None) == ()


def _pairs_from_the_demo() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Pairs of normalized mappings that differ as edits do: every demo item against the same item with
    one field changed, added or removed, nested mappings included; and every pair of demo list headers."""
    from pathlib import Path

    demo = Path(__file__).resolve().parent.parent / "lists"
    docs = [parse_list(p.name, p.read_bytes()) for p in sorted(demo.rglob("*.yaml"))]
    docs = [d for d in docs if d.problem is None and d.list_id]
    pairs = [(a.header, b.header) for a in docs for b in docs if a is not b]
    for doc in docs:
        for item_id in list(doc.raw_items)[:12]:
            base = doc.item(item_id)
            for key, value in base.items():
                changed = dict(base)
                changed[key] = (
                    {**value, "extra": 1}
                    if isinstance(value, dict)
                    else value[1:] + value[:1]
                    if isinstance(value, list)
                    else f"{value}改"
                )
                pairs.append((base, changed))
                pairs.append((base, {k: v for k, v in base.items() if k != key}))
            pairs.append((base, {**base, "note": 3, "review": {"interval_months": 6}}))
    return pairs


def test_plain_field_changes_read_as_deepdiffs() -> None:
    """The fast path for mappings without differing sequences gives what deepdiff gives, path for path."""
    from qingdan.diff import _deep_changes, _plain_changes

    def key(f: Any) -> str:
        return canonical([f.path, f.old, f.new])

    seen = 0
    for old, new in _pairs_from_the_demo():
        plain = _plain_changes(old, new, ())
        if plain is None:
            continue
        seen += 1
        assert sorted(map(key, plain)) == sorted(map(key, _deep_changes(old, new))), (old, new)
    assert seen > 100
