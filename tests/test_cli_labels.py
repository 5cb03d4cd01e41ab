"""The Chinese labels qingdan prints are accepted back as values; `set` finds nested keys; `show` labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_qingdan
from qingdan import labels

BASIS = "《中华人民共和国消防法》第三十二条"


def _add(demo: Path, category: str):  # type: ignore[no-untyped-def]
    return run_qingdan(
        demo, "add", "CX-QSZ", "--name", "森林防火巡查二", "--category", category,
        "--domain", "平安法治", "--basis", BASIS, "--dry-run", "--draft",
    )  # fmt: skip


@pytest.mark.parametrize("code", sorted(labels.CATEGORY_LABELS))
def test_add_accepts_every_category_by_code_and_by_its_printed_labels(demo: Path, code: str) -> None:
    label = labels.CATEGORY_LABELS[code]
    for spelling in (code, label.zh, label.en):
        done = _add(demo, spelling)
        assert done.returncode == 0, done.stderr
        assert f"+    category: {code}\n" in done.stdout, (spelling, done.stdout)


def test_add_refuses_an_unknown_category_naming_the_labels(demo: Path) -> None:
    done = _add(demo, "基本事项")
    assert done.returncode == 2
    assert "基本事项" in done.stderr and "基本履职事项" in done.stderr and "basic" in done.stderr


@pytest.mark.parametrize("code", sorted(labels.REASON_LABELS))
def test_retire_accepts_every_reason_by_its_chinese_label(demo: Path, code: str) -> None:
    done = run_qingdan(demo, "retire", "CX-QSZ-0001", "--reason", labels.REASON_LABELS[code].zh, "--dry-run")
    assert done.returncode in (0, 1), done.stderr  # merged/duplicate may be refused for want of a successor
    if done.returncode == 0:
        assert f"reason: {code}\n" in done.stdout, done.stdout
    else:
        assert "销号原因应为" not in done.stderr, done.stderr


@pytest.mark.parametrize(
    ("assignment", "written"),
    [
        ("category=上级部门收回事项", "category: recalled"),
        ("category=cooperative duties", "category: cooperative"),
    ],
)
def test_set_accepts_labels_for_enum_values(demo: Path, assignment: str, written: str) -> None:
    done = run_qingdan(demo, "set", "CX-QSZ-0001", assignment, "--dry-run", "--draft")
    assert done.returncode == 0, done.stderr
    assert f"+    {written}\n" in done.stdout, done.stdout


def test_set_accepts_labels_for_the_list_kind_and_unit_type(demo: Path) -> None:
    done = run_qingdan(demo, "set", "CX-QSZ", "unit.type=街道", "--dry-run", "--draft")
    assert done.returncode == 0, done.stderr
    added = [line for line in done.stdout.splitlines() if line.startswith("+ ")]
    assert any("type: subdistrict" in line for line in added), done.stdout


def test_help_says_labels_are_accepted() -> None:
    done = run_qingdan(Path.cwd(), "add", "--help", env={"QINGDAN_LANG": "zh", "COLUMNS": "200"})
    assert "基本履职事项" in done.stdout
    done = run_qingdan(Path.cwd(), "retire", "--help", env={"QINGDAN_LANG": "zh", "COLUMNS": "200"})
    assert "不宜由基层承担" in done.stdout


def test_printed_labels_are_the_ones_accepted() -> None:
    """The renderers print these tables; the parser reads labels.py: they must be the same words."""
    from qingdan import reportfile as report_renderer
    from qingdan.render.diff import VALUE_LABELS

    assert VALUE_LABELS["category"] == labels.CATEGORY_LABELS
    assert VALUE_LABELS["reason"] == labels.REASON_LABELS
    assert VALUE_LABELS["status"] == labels.STATUS_LABELS
    assert VALUE_LABELS["kind"] == labels.LIST_KIND_LABELS
    assert report_renderer.UNIT_TYPE_LABELS == labels.UNIT_TYPE_LABELS


def test_every_label_names_one_value() -> None:
    for table in labels.ENUMS.values():
        seen: dict[str, str] = {}
        for code, text in table.items():
            for spelling in (code, text.zh, text.en):
                assert seen.setdefault(spelling.casefold(), code) == code, spelling


# ---- set: a leaf name finds its dotted key ---------------------------------------------------


def test_set_resolves_a_unique_leaf_name_and_says_so(demo: Path) -> None:
    done = run_qingdan(demo, "set", "CX-QSZ-0001", "staffing=2", "--dry-run", "--draft")
    assert done.returncode == 0, done.stderr
    added = [line for line in done.stdout.splitlines() if line.startswith("+ ")]
    assert any("staffing: 2" in line for line in added), done.stdout
    assert "resources.staffing" in done.stderr, done.stderr
    written = run_qingdan(demo, "set", "CX-QSZ-0001", "staffing=2", "--draft")
    assert written.returncode == 0, written.stderr
    assert "resources.staffing" in written.stdout + written.stderr


def test_set_resolves_unit_fields_of_a_list(demo: Path) -> None:
    done = run_qingdan(demo, "set", "CX-QSZ", "code=990102101001", "--dry-run")
    assert done.returncode == 0, done.stderr
    added = [line for line in done.stdout.splitlines() if line.startswith("+ ")]
    assert any("990102101001" in line for line in added), done.stdout
    assert "unit.code" in done.stderr


def test_an_ambiguous_leaf_name_is_a_usage_error_listing_candidates() -> None:
    from qingdan.edit import resolve_key
    from qingdan.errors import QingdanError

    paths = (("resources", "note"), ("review", "note"), ("name",))
    assert resolve_key(["name"], paths) == ["name"]
    assert resolve_key(["review", "note"], paths) == ["review", "note"]
    with pytest.raises(QingdanError) as raised:
        resolve_key(["note"], paths)
    assert raised.value.exit_code == 2
    assert "resources.note" in raised.value.message("zh") and "review.note" in raised.value.message("en")


def test_unknown_leaf_names_still_fail_validation(demo: Path) -> None:
    done = run_qingdan(demo, "set", "CX-QSZ-0001", "staffingx=2", "--dry-run")
    assert done.returncode != 0


# ---- show -------------------------------------------------------------------------------------


def test_show_labels_the_unit_fields_as_unit_fields(demo: Path) -> None:
    done = run_qingdan(demo, "show", "CX-QSZ")
    assert done.returncode == 0, done.stderr
    header = done.stdout.split("事项（")[0]
    assert "事项名称" not in header, header
    assert "单位名称：青石镇" in header and "单位类型：乡镇（township）" in header, header
    english = run_qingdan(demo, "show", "CX-QSZ", "--lang", "en")
    assert "item name" not in english.stdout.split("items (")[0].lower()


# ---- init in a repository that already has some files -------------------------------------------


def test_init_fills_in_a_new_gitee_project_and_keeps_its_readme(tmp_path: Path) -> None:
    from qingdan.scaffold import files_for_init

    readme = "# 澄溪县清单\n\nGitee 新建仓库时生成的说明。\n".encode()
    (tmp_path / "README.md").write_bytes(readme)
    (tmp_path / ".gitattributes").write_bytes(b"*.bin binary\n")
    done = run_qingdan(tmp_path, "init")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "README.md").read_bytes() == readme
    assert (tmp_path / ".gitattributes").read_bytes() == b"*.bin binary\n"
    for name in files_for_init():
        assert (tmp_path / name).is_file(), name
    assert "README.md" in done.stdout and "已存在" in done.stdout
    assert run_qingdan(tmp_path, "validate").returncode == 0


# ---- new-list -----------------------------------------------------------------------------------

NEW = (
    "new-list", "CX-HTZ", "--title", "澄溪县河塘镇履行职责事项清单", "--unit-name", "河塘镇",
    "--issuer", "中共澄溪县委员会 澄溪县人民政府", "--effective", "2026-03-01",
)  # fmt: skip


def test_new_list_writes_a_valid_canonical_list_from_labels(demo: Path) -> None:
    done = run_qingdan(
        demo, *NEW, "--kind", "乡镇（街道）清单", "--unit-type", "乡镇", "--unit-code", "990102102000"
    )
    assert done.returncode == 0, done.stderr
    path = demo / "lists" / "townships" / "CX-HTZ.yaml"
    from qingdan import yamlio

    data = yamlio.load_bytes(path.read_bytes())[1]
    assert data["list"]["kind"] == "township" and data["list"]["unit"]["type"] == "township"
    assert data["list"]["revision"] == "2026.1" and data["items"] == []
    assert run_qingdan(demo, "validate", "--strict", env={"QINGDAN_TODAY": "2026-11-28"}).returncode == 0
    assert run_qingdan(demo, "fmt", "--check").returncode == 0
    added = run_qingdan(demo, "add", "CX-HTZ", "--name", "森林防火巡查", "--category", "基本履职事项",
                        "--domain", "平安法治", "--basis", BASIS)  # fmt: skip
    assert added.returncode == 0, added.stderr
    again = run_qingdan(demo, *NEW, "--kind", "township", "--unit-type", "township")
    assert again.returncode == 2 and "CX-HTZ" in again.stderr


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        (("--kind", "township", "--unit-type", "township", "--unit-code", "12"), 1),  # the schema refuses
        (("--kind", "镇", "--unit-type", "township"), 2),
        (("--kind", "village", "--unit-type", "村", "--effective", "2026-02-30"), 2),
    ],
)
def test_new_list_refuses_and_writes_nothing(demo: Path, extra: tuple[str, ...], code: int) -> None:
    before = sorted(p.relative_to(demo) for p in (demo / "lists").rglob("*"))
    done = run_qingdan(demo, *NEW, *extra)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.relative_to(demo) for p in (demo / "lists").rglob("*")) == before


def test_new_list_refuses_an_id_that_is_not_one(demo: Path) -> None:
    done = run_qingdan(
        demo, "new-list", "../../etc/x", *NEW[2:], "--kind", "township", "--unit-type", "township"
    )
    assert done.returncode == 2 and not (demo.parent / "etc").exists()


def test_the_readme_add_from_example_adds_an_item(demo: Path) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- add-from-example -->", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    (demo / "item.yaml").write_text(block, encoding="utf-8")
    done = run_qingdan(demo, "add", "CX-QSZ", "--from", "item.yaml", "--dry-run", "--draft")
    assert done.returncode == 0, done.stderr
    assert (
        "+    name: 森林防火巡查和野外火源管控" in done.stdout
        and "+    lead_department: 县林业局" in done.stdout
    )
    shown = run_qingdan(demo, "add", "--help", env={"COLUMNS": "200"})
    assert "status" in shown.stdout and "README" in shown.stdout
