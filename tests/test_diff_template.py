"""qingdan diff of a template beside a list adopting it: items compared through `from`, not one list
deleted and another added; no history warning (删除 breaks the history rules, the revision did not move)
where the two sides are two lists rather than two states of one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CliRunnerCall, run_qingdan
from qingdan.history import diff_files
from qingdan.yamlio import load_bytes

TEMPLATE = "lists/county/CX-TEMPLATE.yaml"
TOWN = "lists/townships/CX-QSZ.yaml"
REMOVED_WARNING = "删除事项违反历史规则"
REVISION_WARNING = "版次没有更新"


def _town(demo: Path) -> dict:  # type: ignore[type-arg]
    return load_bytes((demo / TOWN).read_bytes())[1]


def test_items_are_paired_through_from(demo: Path) -> None:
    town = _town(demo)
    template = load_bytes((demo / TEMPLATE).read_bytes())[1]
    by_id = {i["id"]: i for i in template["items"]}
    result = diff_files(demo / TEMPLATE, demo / TOWN)
    assert result.template == "CX-TEMPLATE"
    changed = {c.item: c for c in result.changes}
    for item in town["items"]:
        source = item.get("from")
        if source is None:
            assert "added" in changed[item["id"]].kinds  # a local item
            continue
        adopted = by_id[source]
        differs = {k for k in ("name", "category", "content", "basis") if adopted.get(k) != item.get(k)}
        if differs:
            assert {f.path.split(".")[0].split("[")[0] for f in changed[item["id"]].fields} >= differs
        elif item["id"] in changed:
            # what differs is none of the adopted text: only the town's own records (adjustment, …)
            assert not any(
                f.path.split("[")[0] in ("name", "category", "content") for f in changed[item["id"]].fields
            )
    # template items recorded as not applicable, and retired ones, are not listed at all
    recorded = {r["item"] for r in town["not_applicable"]}
    retired = {i["id"] for i in template["items"] if i["status"] != "active"}
    assert not (recorded | retired) & set(changed)
    # the not-applicable records show as records of the list, each as added beside the template
    records = result.lists["CX-QSZ"].not_applicable
    assert {na.item for na in records} == recorded and {na.kind for na in records} == {"added"}
    assert not any("removed" in c.kinds for c in result.changes)


def test_a_template_item_neither_adopted_nor_recorded_shows_as_missing(demo: Path) -> None:
    path = demo / TOWN
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == "from: CX-TEMPLATE-0001") - 1
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  - id:"))
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    result = diff_files(demo / TEMPLATE, path)
    removed = [c.item for c in result.changes if "removed" in c.kinds]
    assert removed == ["CX-TEMPLATE-0001"]


def test_the_other_direction_and_two_towns(demo: Path) -> None:
    assert diff_files(demo / TOWN, demo / TEMPLATE).template == "CX-TEMPLATE"
    # two towns: neither adopts the other, the comparison is as before (one list against another)
    towns = diff_files(demo / TOWN, demo / "lists/townships/CX-LTJD.yaml")
    assert towns.template == "" and not towns.history and any("removed" in c.kinds for c in towns.changes)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_every_format_says_what_it_compares_and_warns_of_no_history(
    demo: Path, cli: CliRunnerCall, fmt: str
) -> None:
    done = cli(demo, "diff", TEMPLATE, TOWN, "--format", fmt)
    assert done.exit_code in (0, 1), done.output
    assert REMOVED_WARNING not in done.stdout and REVISION_WARNING not in done.stdout
    if fmt == "json":
        assert json.loads(done.stdout)["template"] == "CX-TEMPLATE"
    else:
        assert "对照模板 CX-TEMPLATE" in done.stdout
    # two towns: two lists as well, compared by id, with no history alarm either
    towns = cli(demo, "diff", TOWN, "lists/townships/CX-LTJD.yaml", "--format", fmt)
    assert REMOVED_WARNING not in towns.stdout
    if fmt == "json":
        assert json.loads(towns.stdout)["history"] is False
    else:
        assert "两份不同的清单" in towns.stdout
    # one list against an earlier copy of itself: the alarm stands
    earlier = demo / "earlier.yaml"
    lines = (demo / TOWN).read_text(encoding="utf-8")
    earlier.write_text(lines, encoding="utf-8")
    at = lines.index("  - id: CX-QSZ-0002")
    (demo / TOWN).write_text(lines[:at] + lines[lines.index("  - id: CX-QSZ-0003") :], encoding="utf-8")
    same = cli(demo, "diff", "earlier.yaml", TOWN, "--format", fmt)
    if fmt == "json":
        assert json.loads(same.stdout)["history"] is True
    else:
        assert REMOVED_WARNING in same.stdout


def test_as_a_subprocess_in_english(demo: Path) -> None:
    done = run_qingdan(demo, "diff", TEMPLATE, TOWN, "--lang", "en")
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr
    assert "compared with its template CX-TEMPLATE" in done.stdout
