"""qingdan conform on a real repository: two towns adopting one county template item by item."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CliRunnerCall, run_qingdan
from qingdan.check import validate
from qingdan.conform import conform
from qingdan.errors import UsageError

HEADER = """\
qingdan: 1
list:
  id: {id}
  title: {title}
  kind: township
  unit: {{name: {unit}, type: {type}, code: "{code}"}}
  issuer: 中共测试县委 测试县人民政府
  revision: "2025.2"
  effective: 2025-09-01
  baseline: "2024.1"
{extra}"""


def item(
    item_id: str,
    name: str,
    category: str = "basic",
    source: str | None = None,
    content: str = "按照职责对辖区内生产经营单位开展安全生产监督检查。",
    article: str = "第九条第二款",
    extra: str = "",
    status: str = "active",
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
    if category in ("recalled", "cooperative"):
        lines += ["    lead_department: 县应急管理局", "    department_duty: 依法开展安全生产执法检查。"]
    if category == "cooperative":
        lines.append("    township_duty: 协助开展隐患排查，发现问题及时报告。")
    lines += [extra.rstrip("\n")] if extra else []
    lines += [f"    status: {status}", '    since: "2024.1"']
    if status == "retired":
        lines.append(
            '    retired: {revision: "2025.1", date: 2025-03-01, reason: completed, note: 任务已完成。}'
        )
    return "\n".join(lines) + "\n"


TEMPLATE = HEADER.format(
    id="TPL", title="测试县乡镇履行职责事项清单（县级模板）", unit="测试县", type="county", code="990102000000", extra=""
) + "items:\n" + item("TPL-0001", "安全生产属地监督检查") + item(
    "TPL-0002", "生产经营单位安全生产行政处罚", "recalled", article="第十条第一款"
) + item("TPL-0003", "危险化学品企业日常巡查", article="第九条") + item(
    "TPL-0004", "经济普查入户登记", article="第十一条", status="retired"
)  # fmt: skip

# 甲镇: 0001 as the template has it, 0002 made cooperative (with its reason), 0003 not applicable
TOWN_A = (
    HEADER.format(
        id="TA", title="甲镇履行职责事项清单", unit="甲镇", type="township", code="990102101000",
        extra="  template: TPL\n",
    )
    + "not_applicable:\n  - {item: TPL-0003, reason: 本镇没有危险化学品企业}\n"
    + "items:\n"
    + item("TA-0001", "安全生产属地监督检查", source="TPL-0001")
    + item(
        "TA-0002", "生产经营单位安全生产行政处罚", "cooperative", source="TPL-0002", article="第十条第一款",
        extra="    adjustment: {reason: 本镇设有化工集中区，镇配合县应急管理局执法}",
    )
    + item("TA-0003", "专职消防队和志愿消防队建设", content="建立镇专职消防队、志愿消防队。", article="第十二条")
)  # fmt: skip
# 乙镇: 0001 with its own content and an extra citation, 0003 adopted, 0002 left out
TOWN_B = (
    HEADER.format(
        id="TB", title="乙镇履行职责事项清单", unit="乙镇", type="township", code="990102102000",
        extra="  template: TPL\n",
    )
    + "items:\n"
    + item(
        "TB-0001", "安全生产属地监督检查", source="TPL-0001", content="按照职责对辖区内矿山企业开展安全生产监督检查。",
        article="第九条第一款",
    )
    + item("TB-0002", "危险化学品企业日常巡查", source="TPL-0003", article="第九条")
)  # fmt: skip


@pytest.fixture
def adopting(repo: Path) -> Path:
    (repo / "lists" / "county").mkdir()
    (repo / "lists" / "towns").mkdir()
    (repo / "lists" / "county" / "TPL.yaml").write_text(TEMPLATE, encoding="utf-8")
    (repo / "lists" / "towns" / "TA.yaml").write_text(TOWN_A, encoding="utf-8")
    (repo / "lists" / "towns" / "TB.yaml").write_text(TOWN_B, encoding="utf-8")
    return repo


def test_each_list_against_its_template(adopting: Path) -> None:
    report = conform(adopting)
    by_list = {r.list_id: r for r in report.lists}
    assert set(by_list) == {"TA", "TB"}
    a, b = by_list["TA"], by_list["TB"]
    assert a.counts() == {
        "adopted": 2,
        "unchanged": 1,
        "changed": 1,
        "not_applicable": 1,
        "missing": 0,
        "local": 1,
    }
    [changed] = a.changed
    assert (changed.id, changed.source) == ("TA-0002", "TPL-0002")
    assert [(c.field, c.template, c.local) for c in changed.changes] == [
        ("category", "recalled", "cooperative")
    ]
    assert changed.reason.startswith("本镇设有化工集中区")
    assert [(n.source, n.reason) for n in a.not_applicable] == [("TPL-0003", "本镇没有危险化学品企业")]
    assert [i.id for i in a.local] == ["TA-0003"]
    # 乙镇 leaves TPL-0002 out; the retired TPL-0004 is no longer asked for
    assert [m.source for m in b.missing] == ["TPL-0002"]
    [changed] = b.changed
    assert [c.field for c in changed.changes] == ["content", "basis"]
    basis = changed.changes[1]
    assert basis.template == ["《中华人民共和国安全生产法》第九条第二款"]
    assert basis.local == ["《中华人民共和国安全生产法》第九条第一款"]
    assert changed.reason == ""
    assert report.exit_code() == 1


def test_the_template_table_counts_lists_per_template_item(adopting: Path) -> None:
    rows = {row.source: row for row in conform(adopting).table}
    assert set(rows) == {"TPL-0001", "TPL-0002", "TPL-0003"}  # the retired item nobody adopts is left out
    assert (rows["TPL-0001"].adopted, rows["TPL-0001"].changed, rows["TPL-0001"].fields) == (
        2,
        1,
        {"content": 1, "basis": 1},
    )
    assert (rows["TPL-0002"].adopted, rows["TPL-0002"].changed, rows["TPL-0002"].missing) == (1, 1, 1)
    assert (rows["TPL-0003"].adopted, rows["TPL-0003"].not_applicable) == (1, 1)


def test_conform_and_the_rules_agree_on_what_is_missing(adopting: Path) -> None:
    findings = validate(start=adopting).findings
    missing = {(f.file, f.args["source"]) for f in findings if f.rule == "QD939"}
    assert missing == {("lists/towns/TB.yaml", "TPL-0002")}
    # 甲镇's recalled → cooperative gives the town work and has a reason but no admission record; 乙镇
    # changes TPL-0001's content without recording why: a report, not a rule (only categories need one)
    shown = [(f.rule, f.item, f.message("en")) for f in findings]
    assert {(f.rule, f.item) for f in findings} == {("QD939", None), ("QD935", "TA-0002")}, shown


def test_named_lists_and_template(adopting: Path) -> None:
    assert [r.list_id for r in conform(adopting, ["TA"]).lists] == ["TA"]
    assert conform(adopting, ["lists/towns/TA.yaml"]).exit_code() == 0
    assert [r.list_id for r in conform(adopting, template="TPL").lists] == ["TA", "TB"]
    with pytest.raises(UsageError):
        conform(adopting, template="TPX")
    with pytest.raises(UsageError):
        conform(adopting, ["TPL"])  # the template adopts no template


def test_cli_json_markdown_and_english(adopting: Path, cli: CliRunnerCall) -> None:
    result = cli(adopting, "conform", "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert data["templates"] == ["TPL"] and data["totals"]["missing"] == 1
    assert data["lists"][0]["changed"][0]["changes"] == [
        {"field": "category", "template": "recalled", "local": "cooperative"}
    ]
    result = cli(adopting, "conform", "TA", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert (
        "## TA" in result.output
        and "| TPL-0002 |" in result.output
        and "本镇没有危险化学品企业" in result.output
    )
    assert "事项类别：上级部门收回事项 → 配合履职事项" in result.output
    result = cli(adopting, "conform", "--lang", "en")
    assert "TB (lists/towns/TB.yaml) adopts TPL" in result.output and "1 missing" in result.output
    assert cli(adopting, "conform", "--template", "NOPE").exit_code == 2
    assert cli(adopting, "conform", "--format", "xml").exit_code == 2


def test_the_command_line_as_a_subprocess(adopting: Path) -> None:
    done = run_qingdan(adopting, "conform", "--template", "TPL")
    assert done.returncode == 1, done.stderr
    assert "乙镇" not in done.stderr and "Traceback" not in done.stderr
    assert "缺少的模板事项" in done.stdout and "TPL-0002" in done.stdout
    assert "各模板事项的采用情况" in done.stdout


def test_retiring_a_template_item_tells_the_adopting_lists_instead_of_refusing(adopting: Path) -> None:
    done = run_qingdan(adopting, "retire", "TPL-0001", "--reason", "completed", "--note", "任务已完成。")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "采用它的清单尚须跟进" in done.stderr and "QD933" in done.stderr
    assert "status: retired" in (adopting / "lists" / "county" / "TPL.yaml").read_text(encoding="utf-8")
    stale = {(f.file, f.item) for f in validate(start=adopting).findings if f.rule == "QD933"}
    assert stale == {("lists/towns/TA.yaml", "TA-0001"), ("lists/towns/TB.yaml", "TB-0001")}


def test_an_edit_of_the_adopting_list_itself_is_still_refused(adopting: Path) -> None:
    before = (adopting / "lists" / "towns" / "TA.yaml").read_bytes()
    done = run_qingdan(adopting, "set", "TA-0001", "from=TPL-0009")
    assert done.returncode == 1 and "QD932" in done.stderr, done.stdout + done.stderr
    assert (adopting / "lists" / "towns" / "TA.yaml").read_bytes() == before
    # a changed category needs its reason, in the edit as in validate
    done = run_qingdan(adopting, "set", "TB-0001", "category=cooperative", "lead_department=县应急管理局")
    assert done.returncode == 1 and "QD934" in done.stderr, done.stdout + done.stderr


def test_hostile_reasons_are_escaped_in_every_format(adopting: Path, cli: CliRunnerCall) -> None:
    path = adopting / "lists" / "towns" / "TA.yaml"
    hostile = "[red]假[/red] | <script>alert(1)</script> **粗**"
    text = path.read_text(encoding="utf-8").replace("reason: 本镇没有危险化学品企业", f"reason: '{hostile}'")
    path.write_text(text, encoding="utf-8")
    shown = cli(adopting, "conform", "TA")
    assert shown.exit_code == 0 and "[red]假[/red]" in shown.output, shown.output
    markdown = cli(adopting, "conform", "TA", "--format", "markdown").output
    assert "<script>" not in markdown and "| <" not in markdown
    data = json.loads(cli(adopting, "conform", "TA", "--format", "json").output)
    assert data["lists"][0]["not_applicable"][0]["reason"] == hostile
