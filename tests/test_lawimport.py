"""qingdan laws import: registry entries from law texts, idempotent, keeping what people wrote."""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import HERE, SHARED, run_qingdan
from qingdan import yamlio
from qingdan.cli import app
from qingdan.cli import laws as laws_cli
from qingdan.lawimport import import_laws, plan_import
from qingdan.lawtext import LawTexts
from qingdan.registry import Laws
from qingdan.validate import read_document

TEXTS = HERE / "fixtures" / "law-texts-basic"
SHARED_LAWS = SHARED / "laws"
DEMO_REGISTRY = HERE.parent / "lists" / "laws.yaml"

HAND_WRITTEN = """\
# yaml-language-server: $schema=../../../../schemas/laws.schema.json
# 本县法规库（手工维护）
qingdan: 1
instruments:
  # 法律
  - title: 中华人民共和国乡镇测试法
    aliases: [乡镇测试法, 测试法]   # 常用简称
    level: law
    issuer: 某某机关
    versions:
      - {date: 2020-01-01, effective: 2020-03-01, articles: 4}
    status: in_force
    note: 手写备注

  - title: 村务测试条例
    level: local_regulation
    versions:
      - {date: 2019-05-01, effective: 2019-06-01}
    status: in_force

  # 其他
  - title: 某县会议纪要
    level: meeting_minutes
    versions:
      - {date: 2024-05-10}
"""


def _laws(path: Path) -> Laws:
    _, data = yamlio.load_bytes(path.read_bytes())
    return Laws.from_data(data)


def _import(root: Path, folder: Path = TEXTS, levels: dict[str, str] | None = None, dry_run: bool = False):  # type: ignore[no-untyped-def]
    return import_laws(plan_import(root, folder), levels, dry_run=dry_run)


@pytest.fixture
def empty(repo: Path) -> Path:
    """A repository whose registry does not exist yet."""
    (repo / "lists" / "laws.yaml").unlink()
    return repo


@pytest.fixture
def hand(repo: Path) -> Path:
    """A repository with a hand-written registry that already knows two of the texts."""
    (repo / "lists" / "laws.yaml").write_text(HAND_WRITTEN, encoding="utf-8")
    return repo


def test_import_into_a_new_registry(empty: Path) -> None:
    result = _import(empty)
    path = empty / "lists" / "laws.yaml"
    assert result.written and path.is_file()
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schemas/laws.schema.json\n"
    )
    data, _, findings = read_document(empty, "lists/laws.yaml", "laws")
    assert findings == [] and data is not None
    laws = Laws.from_data(data)
    got = {
        inst.title: (
            inst.level,
            inst.aliases,
            inst.issuer,
            [(v.date, v.effective, v.articles) for v in inst.versions],
        )
        for inst in laws.instruments
    }
    assert got == {
        "测试共和国宪章": ("constitution", ["测试宪章"], "", [("2018-03-11", "2018-03-11", 2)]),
        "中华人民共和国缺号测试法": ("law", ["缺号测试法"], "", [("2021-01-01", "2021-01-01", 4)]),
        "中华人民共和国乡镇测试法": (
            "law",
            ["乡镇测试法"],
            "全国人民代表大会常务委员会",
            [("2024-06-01", "2024-10-01", 7), ("2020-01-01", "2020-03-01", 5)],
        ),
        "村务测试条例": ("administrative_regulation", [], "国务院", [("2019-05-01", "2019-05-01", 3)]),
        "联合测试规定": ("party_regulation", [], "中共中央 国务院", [("2022-02-02", "2022-05-01", 2)]),
    }
    assert all(inst.status == "in_force" for inst in laws.instruments)
    assert [c.kind for c in result.of("instrument_added")] == ["instrument_added"] * 5
    assert all(c.guessed for c in result.of("instrument_added"))
    assert [(c.file, c.new) for c in result.of("gaps")] == [("社会法/缺号测试法(2021-01-01).md", [3])]
    assert [s.file for s in result.skipped] == ["草稿/无标题(2020-01-01).md"]
    # the house style: one instrument per block, versions on one line each
    text = path.read_text(encoding="utf-8")
    assert "    versions:\n      - {date: 2024-06-01, effective: 2024-10-01, articles: 7}\n" in text
    assert "\n\n  - title: 村务测试条例\n" in text


def test_second_run_is_byte_identical(empty: Path) -> None:
    _import(empty)
    first = (empty / "lists" / "laws.yaml").read_bytes()
    again = _import(empty)
    assert not again.changed and not again.written
    assert (empty / "lists" / "laws.yaml").read_bytes() == first
    assert again.unchanged == 6
    assert [c.kind for c in again.changes] == ["gaps"]  # still worth saying; nothing to write


def test_hand_written_fields_comments_and_order_are_kept(hand: Path) -> None:
    before = (hand / "lists" / "laws.yaml").read_text(encoding="utf-8")
    result = _import(hand, levels={"联合测试规定": "normative_document"})
    after = (hand / "lists" / "laws.yaml").read_text(encoding="utf-8")
    removed = [
        line[1:]
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line.startswith("-") and not line.startswith("---")
    ]
    added = [
        line[1:]
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line.startswith("+") and not line.startswith("+++")
    ]
    # the only lines changed in place: a wrong article count (4 -> 5) and a missing one
    assert removed == [
        "      - {date: 2020-01-01, effective: 2020-03-01, articles: 4}",
        "      - {date: 2019-05-01, effective: 2019-06-01}",
    ]
    assert added[:2] == [
        "      - {date: 2024-06-01, effective: 2024-10-01, articles: 7}",
        "      - {date: 2020-01-01, effective: 2020-03-01, articles: 5}",
    ]
    for kept in (
        "# 本县法规库（手工维护）",
        "    aliases: [乡镇测试法, 测试法]   # 常用简称",
        "    issuer: 某某机关",
        "    note: 手写备注",
        "  # 其他",
        "    level: local_regulation",  # a registered level is never replaced by the folder's guess
        "      - {date: 2019-05-01, effective: 2019-06-01, articles: 3}",  # count filled in, date kept
    ):
        assert kept in after
    assert after.index("某县会议纪要") < after.index("测试共和国宪章")  # new instruments go at the end
    kinds = {(c.kind, c.title, c.date) for c in result.changes}
    assert ("articles_corrected", "中华人民共和国乡镇测试法", "2020-01-01") in kinds
    assert ("version_added", "中华人民共和国乡镇测试法", "2024-06-01") in kinds
    assert ("articles_added", "村务测试条例", "2019-05-01") in kinds
    corrected = result.of("articles_corrected")[0]
    assert (corrected.old, corrected.new) == (4, 5)
    # the registry says 2019-06-01, the text says it took effect on publication: reported, not changed
    assert not result.of("effective_differs")
    added_levels = {c.title: (c.level, c.guessed) for c in result.of("instrument_added")}
    assert added_levels["联合测试规定"] == ("normative_document", False)
    assert added_levels["测试共和国宪章"] == ("constitution", True)
    assert _import(hand).changed is False


def test_stated_effective_date_that_differs_is_reported_not_changed(hand: Path) -> None:
    path = hand / "lists" / "laws.yaml"
    path.write_text(
        HAND_WRITTEN.replace(
            "{date: 2020-01-01, effective: 2020-03-01, articles: 4}", "{date: 2020-01-01, articles: 5}"
        ).replace(
            "- {date: 2019-05-01, effective: 2019-06-01}",
            "- {date: 2019-05-01, effective: 2019-06-01, articles: 3}",
        )
        + "  - title: 中华人民共和国缺号测试法\n    level: law\n    versions:\n"
        "      - {date: 2021-01-01, effective: 2021-02-01, articles: 4}\n",
        encoding="utf-8",
    )
    result = _import(hand)
    text = path.read_text(encoding="utf-8")
    assert "{date: 2020-01-01, articles: 5, effective: 2020-03-01}" not in text
    assert (
        "      - {date: 2020-01-01, effective: 2020-03-01, articles: 5}\n" in text
    )  # filled in, in key order
    assert [(c.title, c.old, c.new) for c in result.of("effective_differs")] == [
        ("中华人民共和国缺号测试法", "2021-02-01", "2021-01-01")
    ]
    assert "{date: 2021-01-01, effective: 2021-02-01, articles: 4}" in text


def test_crlf_registry_stays_crlf(hand: Path) -> None:
    path = hand / "lists" / "laws.yaml"
    path.write_bytes(HAND_WRITTEN.replace("\n", "\r\n").encode("utf-8"))
    _import(hand)
    raw = path.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")
    assert b"{date: 2024-06-01, effective: 2024-10-01, articles: 7}\r\n" in raw


def test_non_canonical_registry_is_changed_only_where_needed(hand: Path) -> None:
    path = hand / "lists" / "laws.yaml"
    odd = HAND_WRITTEN.replace("  - title: 某县会议纪要\n", "  - title:    某县会议纪要\n")
    path.write_text(odd, encoding="utf-8")
    assert not yamlio.rt_load(odd.encode("utf-8")).is_canonical()
    _import(hand)
    assert "  - title:    某县会议纪要\n" in path.read_text(encoding="utf-8")


def test_dry_run_writes_nothing(hand: Path) -> None:
    before = (hand / "lists" / "laws.yaml").read_bytes()
    result = _import(hand, dry_run=True)
    assert result.changed and not result.written
    assert (hand / "lists" / "laws.yaml").read_bytes() == before
    assert "+      - {date: 2024-06-01, effective: 2024-10-01, articles: 7}" in result.diff()


def test_a_registry_that_does_not_parse_is_not_touched(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = repo / "lists" / "laws.yaml"
    path.write_text("qingdan: 1\ninstruments:\n  - title: a\n    title: b\n", encoding="utf-8")
    before = path.read_bytes()
    result = cli(repo, "laws", "import", str(TEXTS), "--yes")
    assert result.exit_code == 1, result.output
    assert "lists/laws.yaml" in result.output and "QD010" in result.output
    assert path.read_bytes() == before


# ---- the command line ---------------------------------------------------------------------------


def test_cli_dry_run_prints_a_diff_and_the_summary_on_stderr(hand: Path) -> None:
    done = run_qingdan(hand, "laws", "import", str(TEXTS), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("--- a/lists/laws.yaml\n+++ b/lists/laws.yaml\n")
    assert "新增法律文件 3 部" in done.stderr
    assert "中华人民共和国乡镇测试法 2020-01-01：4 → 5 条" in done.stderr
    assert "未写入" in done.stderr
    assert (hand / "lists" / "laws.yaml").read_text(encoding="utf-8") == HAND_WRITTEN


def test_cli_check_exits_1_until_imported(hand: Path, cli) -> None:  # type: ignore[no-untyped-def]
    pending = cli(hand, "laws", "import", str(TEXTS), "--check", "--format", "json")
    assert pending.exit_code == 1
    assert json.loads(pending.stdout)["diff"].startswith("--- a/lists/laws.yaml\n")
    assert (hand / "lists" / "laws.yaml").read_text(encoding="utf-8") == HAND_WRITTEN
    done = cli(hand, "laws", "import", str(TEXTS), "--yes")
    assert done.exit_code == 0, done.output
    assert "已写入 lists/laws.yaml" in done.output
    assert "未在终端中运行" not in done.output  # --yes: the guesses were accepted knowingly
    again = cli(hand, "laws", "import", str(TEXTS), "--check")
    assert again.exit_code == 0, again.output
    assert "法规库已是最新" in again.output


def test_cli_off_a_terminal_takes_the_guess_and_says_so(empty: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(empty, "laws", "import", str(TEXTS), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "not on a terminal: 5 new instrument(s) take the level guessed from their folder" in result.output
    assert "(guessed from the folder)" in result.output


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        (["law"], {"测试共和国宪章": "law", "联合测试规定": "law"}),
        (
            ["law", "联合测试规定=normative_document"],
            {"测试共和国宪章": "law", "联合测试规定": "normative_document"},
        ),
        (["测试宪章=constitution"], {"测试共和国宪章": "constitution", "联合测试规定": "party_regulation"}),
    ],
)
def test_cli_level_option(empty: Path, cli, levels: list[str], expected: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    args = [arg for level in levels for arg in ("--level", level)]
    result = cli(empty, "laws", "import", str(TEXTS), *args, "--format", "json")
    assert result.exit_code == 0, result.output
    laws = _laws(empty / "lists" / "laws.yaml")
    for title, level in expected.items():
        inst = laws.lookup(title)
        assert inst is not None and inst.level == level


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--level", "statute"], "效力层级无效：statute"),
        (["--level", "某某法=law"], "不是本次新增的法律文件"),
    ],
)
def test_cli_level_errors_are_usage_errors(empty: Path, cli, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(empty, "laws", "import", str(TEXTS), *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not (empty / "lists" / "laws.yaml").exists()


def test_cli_missing_folder_is_a_usage_error(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(repo, "laws", "import", "no-such-folder")
    assert result.exit_code == 2
    assert "法律文本目录不存在" in result.output


def test_cli_json_shape(hand: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(hand, "laws", "import", str(TEXTS), "--yes", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {
        "registry",
        "folder",
        "files",
        "instruments",
        "changed",
        "written",
        "dry_run",
        "unchanged_versions",
        "changes",
        "skipped",
        "diff",
    }
    assert data["registry"] == "lists/laws.yaml" and data["written"] is True and data["files"] == 7
    assert data["diff"] is None  # only a dry run carries the diff
    corrected = [c for c in data["changes"] if c["kind"] == "articles_corrected"]
    assert corrected == [
        {
            "kind": "articles_corrected",
            "title": "中华人民共和国乡镇测试法",
            "date": "2020-01-01",
            "old": 4,
            "new": 5,
            "file": "行政法/乡镇测试法(2020-01-01).md",
        }
    ]
    assert data["skipped"] == [{"file": "草稿/无标题(2020-01-01).md", "reason": "第一行不是「# 标题」"}]


def test_laws_list(hand: Path, cli) -> None:  # type: ignore[no-untyped-def]
    cli(hand, "laws", "import", str(TEXTS), "--yes")
    shutil.copytree(TEXTS, hand / "law-texts-basic")
    (hand / "qingdan.yaml").write_text("qingdan: 1\nlaw_texts: law-texts-basic\n", encoding="utf-8")
    result = cli(hand, "laws", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    town = next(i for i in data["instruments"] if i["title"] == "中华人民共和国乡镇测试法")
    assert town["versions"][0] == {
        "date": "2024-06-01",
        "effective": "2024-10-01",
        "articles": 7,
        "text": "行政法/乡镇测试法(2024-06-01).md",
    }
    minutes = next(i for i in data["instruments"] if i["title"] == "某县会议纪要")
    assert minutes["versions"][0]["text"] is None and minutes["cited_by"] == 0
    text = cli(hand, "laws", "list")
    assert text.exit_code == 0
    assert "2024-06-01 · 7 条 · 2024-10-01 施行 · 有文本" in text.output
    markdown = cli(hand, "laws", "list", "--format", "markdown", "--lang", "en")
    assert markdown.output.startswith(
        "## Registry lists/laws.yaml\n\n| title | level | versions | status | cited by |"
    )


# ---- the real law texts ---------------------------------------------------------------------------


@pytest.mark.skipif(not SHARED_LAWS.is_dir(), reason="../shared/laws not present")
def test_import_shared_laws_counts_match_the_texts(empty: Path) -> None:
    result = _import(empty, SHARED_LAWS)
    assert result.files == 40 and not result.skipped
    laws = _laws(empty / "lists" / "laws.yaml")
    texts = LawTexts.open(SHARED_LAWS)
    assert len(laws.instruments) == 36
    for text in texts.texts:
        inst = laws.lookup(text.title)
        assert inst is not None
        version = inst.version(text.version_date() or "")
        assert version is not None and version.articles == text.article_count, text.path.name
    # agreement with the hand-made demo registry (levels and dates; DOMAIN §7)
    demo = _laws(DEMO_REGISTRY)
    for inst in laws.instruments:
        known = demo.lookup(inst.title)
        assert known is not None
        assert inst.level == known.level, inst.title
        assert inst.issuer == known.issuer, inst.title
        assert {v.date for v in inst.versions} <= {v.date for v in known.versions}, inst.title
    differ = {
        (inst.title, v.date)
        for inst in laws.instruments
        for v in inst.versions
        if (known := demo.lookup(inst.title)) and (k := known.version(v.date)) and k.effective != v.effective
    }
    # amendments (修正) whose effective date is set only by the amending decision, not in the text
    assert differ == {
        ("中华人民共和国地方各级人民代表大会和地方各级人民政府组织法", "2022-03-11"),
        ("中华人民共和国农村土地承包法", "2018-12-29"),
        ("中华人民共和国安全生产法", "2021-06-10"),
        ("中华人民共和国土地管理法", "2019-08-26"),
    }
    assert _import(empty, SHARED_LAWS).changed is False


@pytest.mark.skipif(not SHARED_LAWS.is_dir(), reason="../shared/laws not present")
def test_import_shared_laws_into_the_demo_registry_changes_nothing(repo: Path) -> None:
    shutil.copy(DEMO_REGISTRY, repo / "lists" / "laws.yaml")
    before = (repo / "lists" / "laws.yaml").read_bytes()
    result = _import(repo, SHARED_LAWS)
    assert not result.changed and result.unchanged == 40
    assert (repo / "lists" / "laws.yaml").read_bytes() == before


def test_cli_asks_for_each_level_on_a_terminal(empty: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """On a terminal each new instrument's level is asked, the guess being the default."""
    monkeypatch.setattr(laws_cli, "_interactive", lambda: True)
    monkeypatch.chdir(empty)
    # 测试宪章: accept; 缺号测试法: a typo, asked again, then law; 乡镇测试法: accept;
    # 村务测试条例: local_regulation; 联合测试规定: accept (party_regulation)
    answers = "\nstatute\nlaw\n\nlocal_regulation\n\n"
    result = CliRunner().invoke(app, ["laws", "import", str(TEXTS)], input=answers, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "「测试共和国宪章」的效力层级（依目录「宪法」推定） [constitution]:" in result.output
    assert "可选：constitution, law, administrative_regulation" in result.output
    laws = _laws(empty / "lists" / "laws.yaml")
    got = {inst.title: inst.level for inst in laws.instruments}
    assert got == {
        "测试共和国宪章": "constitution",
        "中华人民共和国缺号测试法": "law",
        "中华人民共和国乡镇测试法": "law",
        "村务测试条例": "local_regulation",
        "联合测试规定": "party_regulation",
    }
