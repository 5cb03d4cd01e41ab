"""qingdan sync on a real git repository: a county template moves from 2025.1 to 2025.2 (one item added, one
retired, two changed), and two towns adopting it follow, one of them with a local change that conflicts."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import CliRunnerCall, git, run_qingdan
from qingdan.check import validate
from qingdan.errors import UsageError
from qingdan.sync import sync
from qingdan.yamlio import load_bytes

HEADER = """\
qingdan: 1
list:
  id: {id}
  title: {title}
  kind: township
  unit: {{name: {unit}, type: {type}, code: "{code}"}}
  issuer: 中共测试县委 测试县人民政府
  revision: "{revision}"
  effective: 2025-09-01
  baseline: "2024.1"
{extra}"""
CONTENT = "按照职责对辖区内生产经营单位开展安全生产监督检查。"
NEW_CONTENT = "按照职责对辖区内生产经营单位开展安全生产监督检查，每季度报告一次检查情况。"
LOCAL_CONTENT = "按照职责对辖区内矿山企业开展安全生产监督检查。"
PENALTY = "生产经营单位安全生产行政处罚"
NEW_PENALTY = "生产经营单位安全生产违法行为行政处罚"
APPROVAL = (
    "  approval: {approver: 中共测试县委 测试县人民政府, document: 测委发〔2025〕3号, date: 2025-08-20}\n"
)
ADMISSION = (
    "    admission:\n"
    "      approver: 中共测试省委 测试省人民政府\n"
    "      document: 测委办发〔2025〕12号\n"
    "      approved: 2025-05-20\n"
    "      justification: 辖区新建化工园区，危险化学品企业增多，须由乡镇承担日常巡查；经必要性、合理性论证后纳入清单。\n"
    "      publicity: {start: 2025-05-06, end: 2025-05-15}\n"
)


def item(
    item_id: str,
    name: str,
    category: str = "basic",
    source: str | None = None,
    content: str = CONTENT,
    article: str = "第九条第二款",
    extra: str = "",
    since: str = "2024.1",
    retired: str = "",
) -> str:
    lines = [f"  - id: {item_id}"]
    if source:
        lines.append(f"    from: {source}")
    lines += [
        f"    name: {name}",
        f"    category: {category}",
        "    domain: 平安法治",
        f"    content: {content}",
        "    basis:",
        "      - instrument: 安全生产法",
        f"        article: {article}",
    ]
    if category == "recalled":
        lines += ["    lead_department: 县应急管理局", "    department_duty: 依法开展安全生产执法检查。"]
    lines += [extra.rstrip("\n")] if extra else []
    lines += [f"    status: {'retired' if retired else 'active'}", f'    since: "{since}"']
    if retired:
        lines.append(retired)
    return "\n".join(lines) + "\n"


def template(revision: str) -> str:
    moved = revision == "2025.2"
    head = HEADER.format(
        id="TPL", title="测试县乡镇履行职责事项清单（县级模板）", unit="测试县", type="county", code="990102000000",
        revision=revision, extra="",
    )  # fmt: skip
    retired = (
        '    retired: {revision: "2025.2", date: 2025-09-01, reason: unsuitable, note: 危险化学品巡查由县应急管理局统一开展。}'
        if moved
        else ""
    )
    body = (
        item("TPL-0001", "安全生产属地监督检查", content=NEW_CONTENT if moved else CONTENT)
        + item("TPL-0002", NEW_PENALTY if moved else PENALTY, "recalled", article="第十条第一款")
        + item("TPL-0003", "危险化学品企业日常巡查", article="第九条", retired=retired)
        + item("TPL-0004", "安全生产宣传教育", article="第十一条")
    )
    if moved:
        body += item(
            "TPL-0005", "有限空间作业安全巡查", content="对辖区有限空间作业开展安全巡查。", article="第十二条",
            extra=ADMISSION.rstrip("\n"), since="2025.2",
        )  # fmt: skip
    return head + "items:\n" + body


# 甲镇 (a draft): its own wording of TPL-0001 (recorded as its adjustment), every template item adopted, one local item
TOWN_A = (
    HEADER.format(
        id="TA", title="甲镇履行职责事项清单", unit="甲镇", type="township", code="990102101000",
        revision="2025.2", extra='  template: TPL\n  template_revision: "2025.1"\n',
    )
    + "items:\n"
    + item(
        "TA-0001", "安全生产属地监督检查", source="TPL-0001", content=LOCAL_CONTENT,
        extra="    adjustment: {reason: 本镇以矿山企业为主, fields: [content]}",
    )
    + item("TA-0002", PENALTY, "recalled", source="TPL-0002", article="第十条第一款")
    + item("TA-0003", "危险化学品企业日常巡查", source="TPL-0003", article="第九条")
    + item("TA-0004", "安全生产宣传教育", source="TPL-0004", article="第十一条")
    + item("TA-0005", "专职消防队和志愿消防队建设", content="建立镇专职消防队、志愿消防队。", article="第十二条")
)  # fmt: skip
# 乙镇 (its 2025.2 published): the template as written, TPL-0003 not applicable
TOWN_B = (
    HEADER.format(
        id="TB", title="乙镇履行职责事项清单", unit="乙镇", type="township", code="990102102000",
        revision="2025.2", extra=APPROVAL + '  template: TPL\n  template_revision: "2025.1"\n',
    )
    + "not_applicable:\n  - {item: TPL-0003, reason: 本镇没有危险化学品企业}\n"
    + "items:\n"
    + item("TB-0001", "安全生产属地监督检查", source="TPL-0001")
    + item("TB-0002", PENALTY, "recalled", source="TPL-0002", article="第十条第一款")
    + item("TB-0003", "安全生产宣传教育", source="TPL-0004", article="第十一条")
)  # fmt: skip

FILES = {"TPL": "lists/county/TPL.yaml", "TA": "lists/towns/TA.yaml", "TB": "lists/towns/TB.yaml"}


@pytest.fixture
def moved(repo: Path) -> Path:
    """Committed: the template at 2025.1 with both towns following it, then the template's 2025.2."""
    (repo / "lists" / "county").mkdir()
    (repo / "lists" / "towns").mkdir()
    (repo / FILES["TPL"]).write_text(template("2025.1"), encoding="utf-8")
    (repo / FILES["TA"]).write_text(TOWN_A, encoding="utf-8")
    (repo / FILES["TB"]).write_text(TOWN_B, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "The template's 2025.1 and two towns following it")
    (repo / FILES["TPL"]).write_text(template("2025.2"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "The template's 2025.2")
    return repo


def _read(root: Path, name: str) -> bytes:
    return (root / FILES[name]).read_bytes()


def _items(raw: bytes) -> dict[str, dict]:  # type: ignore[type-arg]
    return {i["id"]: i for i in load_bytes(raw)[1]["items"]}


def _block(text: str, item_id: str) -> str:
    """The lines of one item, from its `- id:` to the next item's (without the blank line that add puts
    between the last item and a new one)."""
    match = re.search(rf"^  - id: {item_id}\n(?:(?!  - id: ).*\n)*", text, re.M)
    assert match is not None, item_id
    return match.group(0).rstrip("\n") + "\n"


def test_the_plan_of_each_town_field_by_field(moved: Path) -> None:
    before = {name: _read(moved, name) for name in FILES}
    report = sync(moved, "TPL", dry_run=True)
    assert {name: _read(moved, name) for name in FILES} == before  # a dry run writes nothing
    assert (report.template, report.revision) == ("TPL", "2025.2")
    a, b = (next(r for r in report.lists if r.list_id == n) for n in ("TA", "TB"))
    assert (a.followed, a.base, a.target) == ("2025.1", "2025.1", "2025.2")
    # 甲镇: the new item after its local TA-0005, TPL-0003 retired with it, the new name applied, and
    # the content it changed itself is a conflict (kept)
    assert [(x.id, x.source, x.admission) for x in a.added] == [("TA-0006", "TPL-0005", "copied")]
    assert [(x.id, x.source, x.reason) for x in a.retired] == [("TA-0003", "TPL-0003", "unsuitable")]
    assert [(u.id, u.field, u.old, u.new) for u in a.updated] == [("TA-0002", "name", PENALTY, NEW_PENALTY)]
    assert [(c.id, c.field, c.base, c.template, c.local) for c in a.conflicts] == [
        ("TA-0001", "content", CONTENT, NEW_CONTENT, LOCAL_CONTENT)
    ]
    assert a.new_revision is None and not a.skipped and not a.written
    # 乙镇: published, so its items go into 2025.3; TPL-0003 is not applicable there: nothing to retire
    assert b.new_revision == "2025.3"
    assert [(x.id, x.source) for x in b.added] == [("TB-0004", "TPL-0005")]
    assert b.retired == [] and b.conflicts == []
    assert sorted((u.id, u.field, u.new) for u in b.updated) == [
        ("TB-0001", "content", NEW_CONTENT),
        ("TB-0002", "name", NEW_PENALTY),
    ]
    assert report.exit_code() == 1  # 甲镇's conflict
    assert report.totals() == {
        "added": 2, "retired": 1, "updated": 3, "conflicts": 1, "skipped": 0, "lists": 2, "changed": 2,
        "written": 0, "refused": 0,
    }  # fmt: skip


def test_the_sync_writes_only_the_touched_lines_and_validates(moved: Path) -> None:
    before = {name: _read(moved, name).decode("utf-8") for name in FILES}
    report = sync(moved, "TPL")
    assert all(r.written and r.refused is None for r in report.lists), [r.as_dict() for r in report.lists]
    after = {name: _read(moved, name).decode("utf-8") for name in FILES}
    assert after["TPL"] == before["TPL"]
    a, b = _items(after["TA"].encode()), _items(after["TB"].encode())
    # 甲镇
    assert a["TA-0001"]["content"] == LOCAL_CONTENT  # the conflict is not applied
    assert a["TA-0002"]["name"] == NEW_PENALTY
    assert a["TA-0003"]["status"] == "retired"
    assert a["TA-0003"]["retired"] == {
        "revision": "2025.2", "date": "2025-09-01", "reason": "unsuitable", "note": "危险化学品巡查由县应急管理局统一开展。",
    }  # fmt: skip
    new = a["TA-0006"]
    assert (new["from"], new["name"], new["category"], new["since"], new["status"]) == (
        "TPL-0005", "有限空间作业安全巡查", "basic", "2025.2", "active",
    )  # fmt: skip
    assert new["basis"] == [{"instrument": "安全生产法", "article": "第十二条"}]
    assert new["admission"]["document"] == "测委办发〔2025〕12号"
    for untouched in ("TA-0001", "TA-0004", "TA-0005"):
        assert _block(after["TA"], untouched) == _block(before["TA"], untouched)
    header_a = load_bytes(after["TA"].encode())[1]["list"]
    assert (header_a["revision"], header_a["template_revision"]) == ("2025.2", "2025.2")
    # every line of 甲镇's header but the template revision is as it was
    head_before, head_after = before["TA"].split("items:\n")[0], after["TA"].split("items:\n")[0]
    assert head_after == head_before.replace('template_revision: "2025.1"', 'template_revision: "2025.2"')
    # 乙镇: its next revision, a draft (the approval goes), the new item in it
    b_head = load_bytes(after["TB"].encode())[1]["list"]
    assert (b_head["revision"], b_head["template_revision"], "approval" in b_head) == (
        "2025.3",
        "2025.2",
        False,
    )
    assert b["TB-0001"]["content"] == NEW_CONTENT and b["TB-0002"]["name"] == NEW_PENALTY
    assert (b["TB-0004"]["from"], b["TB-0004"]["since"]) == ("TPL-0005", "2025.3")
    assert _block(after["TB"], "TB-0003") == _block(before["TB"], "TB-0003")
    assert after["TB"].split("items:\n")[0].replace('"2025.3"', '"2025.2"').replace(
        'template_revision: "2025.2"', 'template_revision: "2025.1"'
    ) == before["TB"].split("items:\n")[0].replace(APPROVAL, "")
    assert validate(start=moved).errors == 0
    # a second run finds the lists following 2025.2: only 甲镇's own content stands, now its local change
    again = sync(moved, "TPL", dry_run=True)
    assert [(r.list_id, r.changes, r.counts()) for r in again.lists] == [
        ("TA", False, {"added": 0, "retired": 0, "updated": 0, "conflicts": 0, "skipped": 0}),
        ("TB", False, {"added": 0, "retired": 0, "updated": 0, "conflicts": 0, "skipped": 0}),
    ]


def test_without_a_recorded_revision_every_difference_is_kept(moved: Path) -> None:
    text = _read(moved, "TB").decode("utf-8").replace('  template_revision: "2025.1"\n', "")
    (moved / FILES["TB"]).write_text(text, encoding="utf-8")
    report = sync(moved, "TPL", ["TB"], dry_run=True)
    (b,) = report.lists
    assert b.base is None and b.updated == []
    assert sorted((c.id, c.field, c.has_base) for c in b.conflicts) == [
        ("TB-0001", "content", False),
        ("TB-0002", "name", False),
    ]
    assert [x.source for x in b.added] == ["TPL-0005"]  # what the list does not account for is still offered


def test_a_revision_history_does_not_hold_has_no_base(moved: Path) -> None:
    text = _read(moved, "TA").decode("utf-8").replace('"2025.1"\n', '"2024.9"\n')
    (moved / FILES["TA"]).write_text(text, encoding="utf-8")
    (a,) = sync(moved, "TPL", ["TA"], dry_run=True).lists
    assert a.followed == "2024.9" and a.base is None
    assert any("2024.9" in n.zh for n in a.notes)
    assert {(c.id, c.field) for c in a.conflicts} == {("TA-0002", "name")}  # TA-0001's content is its own


def test_usage_errors(moved: Path) -> None:
    with pytest.raises(UsageError):
        sync(moved, "NOPE")
    with pytest.raises(UsageError):
        sync(moved, "TA")  # a town's own list is no template
    with pytest.raises(UsageError):
        sync(moved, "TPL", ["TPL"])  # the template does not adopt itself


def test_cli_dry_run_json_and_text(moved: Path, cli: CliRunnerCall) -> None:
    before = {name: _read(moved, name) for name in FILES}
    done = cli(moved, "sync", "--template", "TPL", "--dry-run", "--format", "json")
    assert done.exit_code == 1, done.output
    data = json.loads(done.stdout)
    assert data["dry_run"] is True and data["totals"]["conflicts"] == 1
    assert [r["list"] for r in data["lists"]] == ["TA", "TB"]
    assert data["lists"][0]["conflicts"][0]["local"] == LOCAL_CONTENT
    text = cli(moved, "sync", "--template", "TPL", "--dry-run", "--lang", "en")
    assert text.exit_code == 1
    assert "conflicts (changed locally, not applied)" in text.stdout
    assert "TA-0006 ← TPL-0005" in text.stdout and "new revision 2025.3 (draft)" in text.stdout
    markdown = cli(moved, "sync", "TB", "--template", "TPL", "--dry-run", "--format", "markdown")
    assert markdown.exit_code == 0, markdown.output
    assert "## TB" in markdown.stdout and "## TA" not in markdown.stdout
    assert {name: _read(moved, name) for name in FILES} == before
    assert cli(moved, "sync", "TA").exit_code == 2  # no --template


def test_subprocess_writes_and_reports(moved: Path) -> None:
    done = run_qingdan(moved, "sync", "--template", "TPL")
    assert done.returncode == 1, done.stdout + done.stderr  # the conflict in 甲镇
    assert "冲突（本清单已有本地改动，未覆盖）" in done.stdout
    assert "新版次 2025.3（草稿）" in done.stdout
    assert "已写入" in done.stdout and "Traceback" not in done.stderr
    assert "TPL-0005" in _read(moved, "TB").decode("utf-8")
    assert run_qingdan(moved, "validate").returncode == 0


def test_a_merge_in_the_template_merges_in_the_town(moved: Path) -> None:
    merged = '    retired: {revision: "2025.2", date: 2025-09-01, reason: merged, replaced_by: [TPL-0001]}'
    text = template("2025.2")
    block = _block(text, "TPL-0004")
    new_block = block.replace("    status: active\n", "    status: retired\n") + merged + "\n"
    (moved / FILES["TPL"]).write_text(text.replace(block, new_block), encoding="utf-8")
    report = sync(moved, "TPL", ["TB"])
    (b,) = report.lists
    assert [(r.id, r.reason, r.replaced_by) for r in b.retired] == [("TB-0003", "merged", ["TB-0001"])]
    items = _items(_read(moved, "TB"))
    assert items["TB-0003"]["retired"]["replaced_by"] == ["TB-0001"]
    assert items["TB-0001"]["merged_from"] == ["TB-0003"]  # as qingdan retire records a merge
    assert b.written
    # 甲镇, not synced yet, still adopts the retired template item (QD933): 乙镇 has no error
    errors = [f for f in validate(start=moved).findings if f.severity == "error"]
    assert errors and {f.file for f in errors} == {FILES["TA"]}


def test_a_new_item_without_an_admission_record_is_not_written_but_as_a_draft(moved: Path) -> None:
    text = template("2025.2").replace(ADMISSION, "")
    (moved / FILES["TPL"]).write_text(text, encoding="utf-8")
    before = _read(moved, "TA")
    (a,) = sync(moved, "TPL", ["TA"]).lists
    assert [(x.id, x.admission) for x in a.added] == [("TA-0006", "needed")]
    assert a.refused is not None and not a.written and _read(moved, "TA") == before
    assert "QD701" in {f.rule for f in a.findings}
    (a,) = sync(moved, "TPL", ["TA"], draft=True).lists
    assert a.written and "TPL-0005" in _read(moved, "TA").decode("utf-8")


def test_a_list_that_only_names_its_template_is_not_filled(moved: Path) -> None:
    # 丙镇 names TPL but adopts nothing item by item: a sync must not add the whole template to it
    text = HEADER.format(
        id="TC", title="丙镇履行职责事项清单", unit="丙镇", type="township", code="990102103000",
        revision="2025.2", extra="  template: TPL\n",
    ) + "items:\n" + item("TC-0001", "专职消防队建设", content="建立镇专职消防队。", article="第十二条")  # fmt: skip
    (moved / "lists" / "towns" / "TC.yaml").write_text(text, encoding="utf-8")
    report = sync(moved, "TPL", dry_run=True)
    c = next(r for r in report.lists if r.list_id == "TC")
    assert c.label_only and not c.changes and c.added == [] and c.conflicts == []
    sync(moved, "TPL", ["TC"])
    assert (moved / "lists" / "towns" / "TC.yaml").read_text(encoding="utf-8") == text


def test_departments_are_compared_by_their_registry_names(moved: Path) -> None:
    # 县应急局 is an alias of 县应急管理局 in the registry: the same department, no conflict
    registry = moved / "lists" / "departments.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(
        text.replace("  - 县应急管理局\n", "  - {name: 县应急管理局, aliases: [县应急局]}\n"),
        encoding="utf-8",
    )
    text = _read(moved, "TB").decode("utf-8").replace('  template_revision: "2025.1"\n', "")
    text = text.replace("    lead_department: 县应急管理局\n", "    lead_department: 县应急局\n")
    (moved / FILES["TB"]).write_text(text, encoding="utf-8")
    (b,) = sync(moved, "TPL", ["TB"], dry_run=True).lists
    assert "lead_department" not in {c.field for c in b.conflicts}


def test_a_list_in_another_layout_is_synced_through_the_whole_file(moved: Path, tmp_path: Path) -> None:
    """The header and the items in scope are round-tripped apart; a list whose header follows its items
    is round-tripped whole, and means the same afterwards."""
    shutil.copytree(moved, tmp_path / "other")
    other = tmp_path / "other"
    text = TOWN_B
    head, body = text.split("not_applicable:\n", 1)
    preamble, header = head.split("list:\n", 1)
    (other / FILES["TB"]).write_text(
        preamble + "not_applicable:\n" + body + "list:\n" + header, encoding="utf-8"
    )
    git(other, "commit", "-q", "-am", "乙镇's header after its items")
    sync(moved, "TPL", ["TB"])
    sync(other, "TPL", ["TB"])
    ours, theirs = _read(moved, "TB"), _read(other, "TB")
    assert ours != theirs and load_bytes(ours)[1] == load_bytes(theirs)[1]
    assert theirs.decode("utf-8").index("items:") < theirs.decode("utf-8").index("list:")


def test_hostile_text_is_escaped_in_every_format(moved: Path, cli: CliRunnerCall) -> None:
    hostile = "<img src=x onerror=alert(1)>|[bold]巡查[/bold]"
    text = template("2025.2").replace("有限空间作业安全巡查", f'"{hostile}"')
    (moved / FILES["TPL"]).write_text(text, encoding="utf-8")
    markdown = cli(moved, "sync", "--template", "TPL", "--dry-run", "--format", "markdown")
    assert markdown.exit_code == 1 and "Traceback" not in markdown.output
    assert "<img" not in markdown.stdout and "&#60;img" in markdown.stdout
    shown = cli(moved, "sync", "--template", "TPL", "--dry-run")
    assert "[bold]巡查[/bold]" in shown.stdout  # rich markup printed as written, not applied
    data = json.loads(cli(moved, "sync", "--template", "TPL", "--dry-run", "--format", "json").stdout)
    assert data["lists"][0]["added"][0]["name"] == hostile


def test_branch_commits_the_written_lists_for_review(moved: Path) -> None:
    start = git(moved, "rev-parse", "HEAD").strip()
    (moved / "notes.txt").write_text("a colleague's unrelated work in progress\n", encoding="utf-8")
    done = run_qingdan(moved, "sync", "--template", "TPL", "--branch", "sync/2025.2")
    assert done.returncode == 1, done.stdout + done.stderr  # the conflict is still reported
    assert "已提交到新分支 sync/2025.2" in done.stdout and "Traceback" not in done.stderr
    assert git(moved, "branch", "--show-current").strip() == "sync/2025.2"
    assert git(moved, "rev-parse", "HEAD~1").strip() == start
    # the commit holds exactly the two towns' lists; the unrelated file stays uncommitted in the work tree
    changed = git(moved, "diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD").split()
    assert sorted(changed) == sorted([FILES["TA"], FILES["TB"]])
    assert git(moved, "status", "--porcelain").strip() == "?? notes.txt"
    message = git(moved, "log", "-1", "--format=%B")
    assert message.startswith("lists: 按模板 TPL 2025.2 版同步 2 份清单")
    assert "TA：" in message and "冲突 1 处" in message
    assert run_qingdan(moved, "validate").returncode == 0
    # the same again: nothing left to write, so no branch is made
    again = run_qingdan(moved, "sync", "--template", "TPL", "--branch", "sync/again", "--format", "json")
    data = json.loads(again.stdout)
    assert data["branch"] is None and data["totals"]["written"] == 0
    assert "sync/again" not in git(moved, "branch", "--list")


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["--branch", "main"], "已存在"),
        (["--branch", "bad..name"], "分支名无效"),
        (["--branch", "-x"], "分支名无效"),
        (["--branch", "ok", "--dry-run"], "不能同时使用"),
    ],
)
def test_branch_refusals_write_nothing(moved: Path, args: list[str], why: str) -> None:
    before = {name: _read(moved, name) for name in FILES}
    done = run_qingdan(moved, "sync", "--template", "TPL", *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert why in done.stderr and "Traceback" not in done.stderr
    assert {name: _read(moved, name) for name in FILES} == before


def test_branch_refuses_lists_with_uncommitted_changes(moved: Path) -> None:
    town = moved / FILES["TA"]
    town.write_text(town.read_text(encoding="utf-8").replace("甲镇", "甲乡", 1), encoding="utf-8")
    before = {name: _read(moved, name) for name in FILES}
    done = run_qingdan(moved, "sync", "--template", "TPL", "--branch", "sync/x")
    assert done.returncode == 2 and FILES["TA"] in done.stderr, done.stderr
    assert {name: _read(moved, name) for name in FILES} == before
    assert "sync/x" not in git(moved, "branch", "--list")
