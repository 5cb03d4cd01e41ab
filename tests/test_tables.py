"""Lists as Parquet tables, and SQL over them with DuckDB: real files, read back by pyarrow and DuckDB."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from ruamel.yaml import YAML

from conftest import git, run_qingdan
from qingdan.errors import UsageError
from qingdan.tables import export_tables

LISTS = Path(__file__).parent.parent / "lists"


def _yaml_items(root: Path) -> list[tuple[str, dict[str, object]]]:
    """Every item of the repository's list files, read with plain ruamel (not through qingdan)."""
    out = []
    for path in sorted((root / "lists").rglob("*.yaml")):
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "items" in data:
            out += [(data["list"]["id"], item) for item in data["items"]]
    return out


@pytest.fixture
def exported(demo: Path, tmp_path: Path) -> Path:
    out = tmp_path / "tables"
    export_tables(demo, out)
    return out


def test_every_item_and_citation_is_a_row_partitioned_by_province_and_list(
    demo: Path, exported: Path
) -> None:
    items = _yaml_items(demo)
    table = pq.read_table(exported / "items")  # hive partitions become columns
    assert table.num_rows == len(items)
    assert Counter(table.column("list").to_pylist()) == Counter(list_id for list_id, _ in items)
    assert {str(p) for p in table.column("province").to_pylist()} == {"99"}  # 澄溪县: division codes 99…
    rows = {r["item_id"]: r for r in table.to_pylist()}
    for _, item in items:
        assert rows[item["id"]]["name"] == item["name"] and rows[item["id"]]["category"] == item["category"]
    citations = pq.read_table(exported / "citations")
    assert citations.num_rows == sum(len(item.get("basis") or []) for _, item in items)


def test_query_runs_sql_over_the_export_through_the_real_command_line(demo: Path, exported: Path) -> None:
    sql = "SELECT list, category, count(*) AS n FROM items GROUP BY ALL ORDER BY ALL"
    done = run_qingdan(demo, "query", sql, "--data", str(exported), "--format", "json")
    assert done.returncode == 0, done.stderr
    got = {(r["list"], r["category"]): r["n"] for r in json.loads(done.stdout)["rows"]}
    assert got == Counter((list_id, str(item["category"])) for list_id, item in _yaml_items(demo))
    text = run_qingdan(demo, "query", "SELECT count(*) AS 事项数 FROM items", "--data", str(exported))
    assert text.returncode == 0 and "事项数" in text.stdout and str(len(_yaml_items(demo))) in text.stdout


def test_citations_of_one_law_across_all_lists(demo: Path, exported: Path) -> None:
    sql = "SELECT DISTINCT list FROM citations WHERE registered = '中华人民共和国统计法' ORDER BY 1"
    done = run_qingdan(demo, "query", sql, "-d", str(exported), "-f", "csv")
    assert done.returncode == 0, done.stderr
    expected = sorted(
        {
            list_id
            for list_id, item in _yaml_items(demo)
            for c in item.get("basis") or []
            if str(c.get("instrument", "")) in ("统计法", "中华人民共和国统计法")
        }
    )
    assert done.stdout.splitlines() == ["list", *expected] and expected


def test_usage_errors_and_hostile_text(demo: Path, exported: Path, tmp_path: Path) -> None:
    bad = run_qingdan(demo, "query", "SELEC 1", "-d", str(exported))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    empty = run_qingdan(demo, "query", "SELECT 1", "-d", str(tmp_path / "nothing"))
    assert empty.returncode == 2 and "export --format parquet" in empty.stderr
    # list text is a stranger's: escape sequences never reach the terminal, formulas never a CSV cell
    for fmt in ("text", "csv"):
        done = run_qingdan(
            demo, "query", "SELECT E'\\x1b]0;pwned\\x07=1' AS x", "-d", str(exported), "-f", fmt
        )
        assert done.returncode == 0 and "\x1b" not in done.stdout and "\x07" not in done.stdout


def test_an_export_replaces_only_an_earlier_export(demo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(UsageError):
        export_tables(demo, folder)
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep"
    out = tmp_path / "tables"
    export_tables(demo, out)
    shutil.rmtree(demo / "lists" / "villages")
    git(demo, "init", "-q")
    again = export_tables(demo, out)
    assert again.lists == len({list_id for list_id, _ in _yaml_items(demo)})
    assert not any((out / "items").glob("*/list=CX-SHC"))  # nothing left over from the earlier export
