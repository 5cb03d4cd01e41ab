"""The schemas: well-formed, documented in Chinese for editors, and the fast path agrees with jsonschema."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qingdan import yamlio
from qingdan.schema import SCHEMA_NAMES, checker, load_schema

ROOT = Path(__file__).parent.parent
DEMO = sorted((ROOT / "lists").rglob("*.yaml"))


def _properties(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for key, value in (node.get("properties") or {}).items():
            yield f"{path}.{key}", value
        for key, value in node.items():
            if key != "properties":
                yield from _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for value in node:
            yield from _properties(value, path)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = load_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_key_has_a_chinese_title_and_description(name: str) -> None:
    schema = load_schema(name)
    missing = []
    for where, prop in _properties(schema):
        if "$ref" in prop:
            continue
        title, description = prop.get("title", ""), prop.get("description", "")
        if not (
            any("\u4e00" <= ch <= "\u9fff" for ch in title)
            and any("\u4e00" <= ch <= "\u9fff" for ch in description)
        ):
            missing.append(where)
    assert missing == []


def test_package_schemas_are_the_repository_schemas() -> None:
    for name in SCHEMA_NAMES:
        shipped = load_schema(name)
        assert shipped == json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))


def _documents() -> list[Any]:
    docs = []
    for path in DEMO + sorted((ROOT / "tests" / "cases" / "rules").glob("*.yaml")):
        try:
            docs.append(yamlio.load_bytes(path.read_bytes())[1])
        except yamlio.FileProblem:
            continue
    return docs


def _mutations(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Small damage of the kinds drafters make: a wrong type, a bad enum, a missing key, a bad date."""
    items = doc.get("items")
    if not isinstance(items, list) or not items or not isinstance(items[0], dict):
        return
    for key, value in (
        ("status", "activ"),
        ("since", 2025.1),
        ("id", "T-１２３４"),
        ("devolved", "是"),
        ("category", None),
        ("name", ""),
        ("extra", 1),
        ("basis", [{"article": "第九条"}]),
    ):
        bad = copy.deepcopy(doc)
        bad["items"][0][key] = value
        yield bad
    bad = copy.deepcopy(doc)
    del bad["items"][0]["id"]
    yield bad
    bad = copy.deepcopy(doc)
    bad["list"]["effective"] = "2025-02-30"
    yield bad
    bad = copy.deepcopy(doc)
    bad["list"]["revision"] = "2025.1\n"
    yield bad


def test_fast_and_reference_validators_agree_on_corpus() -> None:
    check = checker("list")
    seen = 0
    for doc in _documents():
        if "list" not in doc:
            continue
        for candidate in [doc, *_mutations(doc)]:
            assert check.is_valid(candidate) == check.reference_is_valid(candidate), candidate
            seen += 1
    assert seen > 20


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.floats(allow_nan=False, width=32)
    | st.sampled_from(
        ["basic", "active", "2025.1", "2025-02-30", "2025-07-01", "T-0001", "", "第九条", "x\n"]
    ),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                ["id", "name", "category", "status", "since", "basis", "instrument", "article", "x"]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    key=st.sampled_from(
        [
            "id",
            "name",
            "category",
            "domain",
            "status",
            "since",
            "basis",
            "resources",
            "review",
            "admission",
            "retired",
            "devolved",
            "previous_ids",
        ]
    ),
    value=json_values,
)
def test_fast_and_reference_validators_agree_on_random_values(key: str, value: Any) -> None:
    check = checker("list")
    base = {
        "qingdan": 1,
        "list": {
            "id": "T",
            "title": "t",
            "kind": "township",
            "unit": {"name": "n", "type": "township"},
            "issuer": "i",
            "revision": "2025.1",
            "effective": "2025-07-01",
        },
        "items": [
            {
                "id": "T-0001",
                "name": "n",
                "category": "basic",
                "domain": "d",
                "status": "active",
                "since": "2025.1",
            }
        ],
    }
    base["items"][0][key] = value
    assert check.is_valid(base) == check.reference_is_valid(base)


def test_violations_name_the_path() -> None:
    check = checker("list")
    doc = {"qingdan": 1, "list": {"id": "T"}, "items": [{"id": "T-0001", "status": "activ"}]}
    found = {(path, code) for path, code, _ in check.violations(doc)}
    assert (("items", 0, "status"), "QD104") in found
    assert (("list",), "QD101") in found
