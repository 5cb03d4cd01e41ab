"""qingdan conform on a real repository: two towns adopting one county template item by item."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import CliRunnerCall, git, run_qingdan
from qingdan.check import validate
from qingdan.conform import MIN_LISTS_PER_PROCESS, Parts, RemotePart, compare_parts, conform
from qingdan.errors import UsageError
from qingdan.office.document import display_width
from qingdan.processpool import cores
from qingdan.validate import list_names
from qingdan.workspace import Workspace

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


# ---- the lists read and compared over several processes give the report of one ---------------------


def _province(root: Path, lists: int) -> None:
    """Two county templates and `lists` towns adopting them in every way a town can: as written, with a
    changed category (and its reason), reworded content, another basis, not-applicable records, template
    items left out, a retired template item, a `from` naming no template item and local items; and a list
    naming a township as its template, one that does not parse, one adopting nothing item by item."""
    county = root / "lists" / "county"
    towns = root / "lists" / "towns"
    county.mkdir(parents=True)
    towns.mkdir(parents=True)
    tpl = HEADER.format(
        id="TPL", title="测试县模板", unit="测试县", type="county", code="990102000000", extra=""
    ) + "items:\n" + "".join(
        item(f"TPL-{n:04d}", f"模板事项{n}", "recalled" if n == 2 else "basic", article=f"第{n}条",
             status="retired" if n == 12 else "active")
        for n in range(1, 13)
    )  # fmt: skip
    (county / "TPL.yaml").write_text(tpl, encoding="utf-8")
    tpl2 = HEADER.format(
        id="TPM", title="测试市模板", unit="测试市", type="city", code="990100000000", extra=""
    ) + "items:\n" + "".join(item(f"TPM-{n:04d}", f"市模板事项{n}") for n in range(1, 4))  # fmt: skip
    (county / "TPM.yaml").write_text(tpl2, encoding="utf-8")
    for n in range(lists):
        list_id = f"T{n:03d}"
        template = "TPM" if n % 8 == 7 else "TPL"
        count = 3 if template == "TPM" else 12
        extra = f"  template: {template}\n"
        records = []
        body = []
        for k in range(1, count + 1):
            source = f"{template}-{k:04d}"
            if k == 3 and n % 3 == 0:
                records.append(f"  - {{item: {source}, reason: 本镇没有第{k}项工作的对象}}")
                continue
            if k == 4 and n % 4 == 0:
                continue  # left out: missing
            if k == 12 and n % 6 != 0:
                continue  # the retired template item, adopted by some
            category = "recalled" if template == "TPL" and k == 2 else "basic"
            options: dict[str, Any] = {"article": f"第{k}条" if template == "TPL" else "第九条第二款"}
            if k == 2 and n % 5 == 0:
                category = "cooperative"
                options["extra"] = f"    adjustment: {{reason: 第{n}镇配合县应急管理局执法}}"
            if k == 5 and n % 7 == 0:
                options["content"] = "按照职责对辖区内矿山企业开展安全生产监督检查。"
                options["article"] = "第九条第一款"
            body.append(item(f"{list_id}-{k:04d}", f"模板事项{k}", category, source=source, **options))
        if n % 9 == 0:
            body.append(item(f"{list_id}-0090", "不存在的模板事项", source=f"{template}-0099"))
        if n % 2 == 0:
            body.append(item(f"{list_id}-0091", f"第{n}镇特色事项", content="本镇的个性化工作。"))
        text = HEADER.format(
            id=list_id, title=f"第{n}镇清单", unit=f"第{n}镇", type="township", code=f"99010210{n:04d}",
            extra=extra,
        )  # fmt: skip
        if records:
            text += "not_applicable:\n" + "\n".join(records) + "\n"
        (towns / f"{list_id}.yaml").write_text(text + "items:\n" + "".join(body), encoding="utf-8")
    (towns / "BAD.yaml").write_text("qingdan: 1\nlist: [unclosed\n", encoding="utf-8")
    town_as_template = HEADER.format(
        id="TX", title="以乡镇为模板", unit="某镇", type="township", code="990102199000", extra="  template: T000\n"
    ) + "items:\n" + item("TX-0001", "安全生产属地监督检查", source="T000-0001")  # fmt: skip
    (towns / "TX.yaml").write_text(town_as_template, encoding="utf-8")
    label_only = HEADER.format(
        id="TY", title="只写模板", unit="另一镇", type="township", code="990102198000", extra="  template: TPL\n"
    ) + "items:\n" + item("TY-0001", "安全生产属地监督检查")  # fmt: skip
    (towns / "TY.yaml").write_text(label_only, encoding="utf-8")


def test_the_lists_read_over_several_processes_give_the_report_of_one(repo: Path) -> None:
    _province(repo, 40)
    plain = conform(repo, jobs=1)
    assert plain.processes == 1
    totals = plain.totals()
    # the repository holds every case the comparison knows (so that equality below means something)
    assert all(totals[k] for k in ("unchanged", "changed", "not_applicable", "missing", "local")), totals
    fields = {c.field for r in plain.lists for a in r.changed for c in a.changes}
    assert fields == {"name", "category", "content", "basis"}  # the city template names its items otherwise
    assert {r.template for r in plain.lists} == {"TPL", "TPM"}
    assert "TX" not in {r.list_id for r in plain.lists}
    for jobs in (2, 3):
        pooled = conform(repo, jobs=jobs)
        assert pooled.processes == jobs
        assert pooled.as_dict() == plain.as_dict()
        assert pooled.exit_code() == plain.exit_code() == 1
    # named lists and one template: the same over processes
    named = ["T007", "lists/towns/T010.yaml", "T033"]
    assert conform(repo, named, jobs=2).as_dict() == conform(repo, named, jobs=1).as_dict()
    assert conform(repo, template="TPM", jobs=3).as_dict() == conform(repo, template="TPM", jobs=1).as_dict()
    for jobs in (1, 2):
        with pytest.raises(UsageError):
            conform(repo, ["TX"], jobs=jobs)  # its template is a township's own list
        with pytest.raises(UsageError):
            conform(repo, template="NOPE", jobs=jobs)


def test_a_workspace_that_read_the_lists_gives_them(repo: Path) -> None:
    _province(repo, 12)
    with Workspace.open(repo) as ws:
        loaded = ws.lists()
        report = conform(repo, jobs=2, workspace=ws)
        assert report.processes == 1  # compared here, from the documents the workspace holds
        assert ws.read_lists() is loaded
    assert report.as_dict() == conform(repo, jobs=1).as_dict()


def test_the_command_line_reads_a_province_over_its_cores(repo: Path) -> None:
    _province(repo, 2 * MIN_LISTS_PER_PROCESS + 4)
    done = run_qingdan(repo, "conform", "--format", "json")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert json.loads(done.stdout) == json.loads(json.dumps(conform(repo, jobs=1).as_dict()))
    if cores() >= 2:
        assert conform(repo).processes == 2


# ---- the Excel workbook --------------------------------------------------------------------------------

# a formula Excel would run, and bidirectional controls (the reader refuses C0 controls, not these)
HOSTILE_NAME = '=HYPERLINK("http://example.invalid/","点我")\u202e甲\u2066'
SHOWN_NAME = '=HYPERLINK("http://example.invalid/","点我")\ufffd甲\ufffd'  # each control shown as U+FFFD


def _cells(ws: Any) -> list[tuple[str, ...]]:
    return [
        tuple("" if v is None else str(v) for v in row) for row in ws.iter_rows(min_row=4, values_only=True)
    ]


def test_the_workbook_holds_what_conform_reports(adopting: Path, tmp_path: Path) -> None:
    path = adopting / "lists" / "county" / "TPL.yaml"
    quoted = HOSTILE_NAME.replace('"', '\\"')
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: 生产经营单位安全生产行政处罚", f'name: "{quoted}"'),
        encoding="utf-8",
    )
    # a file name may hold what no YAML text can: a C0 control, which a workbook's XML cannot carry
    town_c = TOWN_B.replace("id: TB", "id: TC").replace("TB-", "TC-")
    (adopting / "lists" / "towns" / "丙\x1b镇.yaml").write_text(town_c, encoding="utf-8")
    git(adopting, "add", "-A")
    git(adopting, "commit", "-q", "-m", "lists")
    target = tmp_path / "out" / "对照.xlsx"
    done = run_qingdan(adopting, "conform", "--format", "xlsx", "-o", str(target))
    assert done.returncode == 1, done.stderr  # 乙镇 leaves TPL-0002 out, as in the text report
    assert done.stdout.strip() == str(target) and "Traceback" not in done.stderr
    report = conform(adopting)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["模板事项总表", "各清单计数", "对照明细"]
    table, per_list, details = book.worksheets
    for ws in book.worksheets:
        assert ws.freeze_panes == "A4"  # the title, the totals and the header stay in view
        assert ws["A1"].value == "各清单对照模板的情况"
    shown = SHOWN_NAME
    assert [c.value for c in table[3]][:4] == ["模板", "模板事项", "名称", "状态"]
    assert _cells(table) == [
        (r.template, r.source, shown if r.source == "TPL-0002" else r.name, "有效", str(r.adopted),
         str(r.changed), str(r.not_applicable), str(r.missing),
         "、".join(f"{ {'name': '事项名称', 'category': '事项类别', 'content': '具体内容', 'basis': '履职依据'}[k]} {n}"
                  for k, n in r.fields.items()))
        for r in report.table
    ]  # fmt: skip
    assert _cells(per_list) == [
        (r.list_id, r.file.replace("\x1b", "\ufffd"), r.template, *(str(r.counts()[k]) for k in
         ("adopted", "unchanged", "changed", "not_applicable", "missing", "local")))
        for r in report.lists
    ]  # fmt: skip
    rows = _cells(details)
    assert ("TB", "TPL-0002", shown, "", "缺少", "", "", "", "") in rows
    assert (
        "TA",
        "TPL-0003",
        "危险化学品企业日常巡查",
        "",
        "不适用",
        "",
        "",
        "",
        "本镇没有危险化学品企业",
    ) in rows
    assert (
        "TA",
        "",
        "专职消防队和志愿消防队建设",
        "TA-0003",
        "本地事项",
        "事项类别",
        "",
        "基本履职事项",
        "",
    ) in rows
    changed = [r[:8] for r in rows if r[4] == "有改动"]
    assert ("TA", "TPL-0002", "生产经营单位安全生产行政处罚", "TA-0002", "有改动", "事项类别", "上级部门收回事项",
            "配合履职事项") in changed  # fmt: skip
    assert ("TA", "TPL-0002", "生产经营单位安全生产行政处罚", "TA-0002", "有改动", "事项名称", shown,
            "生产经营单位安全生产行政处罚") in changed  # fmt: skip
    assert ("TB", "TPL-0001", "安全生产属地监督检查", "TB-0001", "有改动", "履职依据",
            "《中华人民共和国安全生产法》第九条第二款", "《中华人民共和国安全生产法》第九条第一款") in changed  # fmt: skip
    expected = sum(len(a.changes) for r in report.lists for a in r.changed) + sum(
        len(r.missing) + len(r.not_applicable) + len(r.local) for r in report.lists
    )
    assert len(rows) == expected
    # the hostile name is text, never a formula Excel would run; the control characters are gone
    formulas = [
        c for ws in book.worksheets for row in ws.iter_rows() for c in row if str(c.value).startswith("=")
    ]
    assert formulas and all(c.data_type == "s" for c in formulas)
    with zipfile.ZipFile(target) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any(b"<f>" in s or b"<f " in s for s in sheets)
    texts = [str(c.value) for ws in book for row in ws.iter_rows() for c in row]
    assert "lists/towns/丙\ufffd镇.yaml" in texts
    assert not any(ch in t for t in texts for ch in "\x1b\u202e\u2066")
    # columns as wide as their text, a CJK character counting two: the citations' column is wide, the ids' not
    widest = max(display_width(str(c.value or "")) for c in details["G"])
    assert widest >= 2 * len("《中华人民共和国安全生产法》第九条第二款")
    assert details.column_dimensions["G"].width == min(60, widest + 2)
    assert details.column_dimensions["A"].width < 10


def test_the_workbook_in_english_and_its_default_name(adopting: Path) -> None:
    done = run_qingdan(adopting, "conform", "TA", "--format", "xlsx", "--lang", "en")
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(adopting / "qingdan-conform.xlsx")
    assert book.sheetnames == ["by template item", "per list", "details"]
    assert [c.value for c in book["details"][3]] == [
        "list", "template item", "item name", "list item", "state", "field", "template", "this list", "reason",
    ]  # fmt: skip
    assert (
        "TA",
        "TPL-0003",
        "危险化学品企业日常巡查",
        "",
        "not applicable",
        "",
        "",
        "",
        "本镇没有危险化学品企业",
    ) in _cells(book["details"])
    # -o is for the workbook only
    assert run_qingdan(adopting, "conform", "-o", "x.xlsx").returncode == 2


@pytest.mark.parametrize("stage", ["reading", "comparing"])
def test_a_worker_that_goes_away_is_done_here(repo: Path, stage: str) -> None:
    _province(repo, 30)
    plain = conform(repo, jobs=1).as_dict()
    with Workspace.open(repo) as ws:
        loaded = ws.registries()
        parts = Parts(repo, list_names(loaded), loaded, 3)
        try:
            workers = [p for p in parts.remote if isinstance(p, RemotePart)]
            assert len(workers) == 2
            if stage == "reading":
                os.kill(workers[0].pid, signal.SIGKILL)  # as the kernel's OOM killer would
                report = compare_parts(parts, None, None)
            else:
                parts.heads()
                os.kill(workers[1].pid, signal.SIGKILL)
                report = compare_parts(parts, None, None)
        finally:
            parts.close()
    assert report.processes == 2  # the other worker's part came back from it
    assert report.as_dict() == plain


_ORPHAN = """\
import os, sys
from pathlib import Path
from qingdan.conform import Parts, RemotePart
from qingdan.validate import list_names
from qingdan.workspace import Workspace
ws = Workspace.open(Path(sys.argv[1]))
loaded = ws.registries()
parts = Parts(ws.root, list_names(loaded), loaded, 3)
print(" ".join(str(p.pid) for p in parts.remote if isinstance(p, RemotePart)), flush=True)
os.kill(os.getpid(), 9)
"""


def _ended(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_the_workers_end_when_the_command_is_killed(repo: Path) -> None:
    _province(repo, 12)
    command = subprocess.Popen([sys.executable, "-c", _ORPHAN, str(repo)], stdout=subprocess.PIPE, text=True)
    assert command.stdout is not None
    pids = [int(p) for p in command.stdout.readline().split()]  # the workers hold the pipe: read a line
    command.stdout.close()
    assert command.wait(timeout=60) == -signal.SIGKILL
    assert len(pids) == 2
    try:
        deadline = time.monotonic() + 20
        while not all(_ended(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(_ended(p) for p in pids)  # each saw its pipe close, none waits forever
    finally:
        for pid in pids:
            if not _ended(pid):
                os.kill(pid, signal.SIGKILL)
