"""The payload corpus (cases/payloads.yaml) through every Markdown and HTML writer of qingdan.

Each payload is placed in every value a stranger controls: the file name, list title, unit, issuer,
revision, item ids, names, domains, departments, instruments, articles, notes, unknown keys, commit
author and subject. The Markdown is read as GitHub reads a pull-request comment (tests/safety.py): no
raw HTML but qingdan's own tags, no image, link, mention, broken table or broken <details> block, and
the payload still shows as text. The HTML is loaded in headless Chromium: the DOM holds no element
or attribute that qingdan did not write, and no script changed it. Values are built as data, not
YAML, because a commit message or file name can hold characters a list file cannot.
"""

from __future__ import annotations

import html.parser
import io
import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from qingdan.diff import Correction, DiffResult, ParsedList, compare, normalize
from qingdan.render import laws as laws_render
from qingdan.render.catalog import render_rules
from qingdan.render.diff import render_html, render_markdown
from qingdan.render.escape import md, md_code, md_id, md_revision
from qingdan.render.report import markdown as report_markdown
from qingdan.render.report import render_html as report_html
from qingdan.report import CommitRow, Report
from safety import chromium, dom_problems, dump_dom, markdown_problems, rendered_text

HERE = Path(__file__).parent
PAYLOADS: list[str] = YAML(typ="safe").load((HERE / "cases" / "payloads.yaml").read_text(encoding="utf-8"))
IDS = [f"{i:02d}-{p[:24]!r}" for i, p in enumerate(PAYLOADS)]
SHA = "0123456789abcdef0123456789abcdef01234567"


def _item(item_id: str, name: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": item_id,
        "name": name,
        "category": "basic",
        "domain": "平安法治",
        "content": "按照职责对辖区内生产经营单位安全生产状况进行监督检查，督促整改事故隐患。",
        "basis": [{"instrument": "安全生产法", "article": "第九条"}],
        "status": "active",
        "since": "2024.1",
        **extra,
    }


def _side(file: str, header: dict[str, Any], items: list[dict[str, Any]]) -> ParsedList:
    return ParsedList(
        file=file,
        list_id=str(header["id"]),
        title=str(header["title"]),
        header=normalize(header),
        raw_items={str(i["id"]): i for i in items},
    )


def hostile_diff(p: str, n: int = 0) -> DiffResult:
    """A diff in which every rendered value of list n carries the payload p."""
    list_id = f"T{n}"
    file = f"lists/{p}-{n}.yaml"
    header = {
        "id": list_id,
        "title": "测试镇清单",
        "revision": "2025.1",
        "issuer": "测试县",
        "unit": {"name": "测试镇"},
    }
    before = [
        _item(f"{list_id}-0001", "安全生产检查"),
        _item(f"{list_id}-0002", "消防检查"),
        _item(p, "旧名"),
    ]
    after = [
        _item(f"{list_id}-0001", p, domain=p, lead_department=p, basis=[{"instrument": p, "article": p}]),
        _item(
            f"{list_id}-0002",
            "消防检查",
            status="retired",
            retired={"revision": "2025.2", "reason": p, "note": p, "replaced_by": [p]},
        ),
        _item(p, "旧名", content="按照职责开展检查" + p + "督促整改事故隐患并记录在案", **{p: p}),
        _item(f"{list_id}-0003{p}", p, cooperating_departments=[p]),
    ]
    new_header = {**header, "title": p, "revision": p, "issuer": p, "unit": {"name": p, "code": p}}
    result = compare({file: _side(file, header, before)}, {file: _side(file, new_header, after)})
    result.from_, result.to, result.from_label, result.to_label = p, SHA, p, p
    result.corrections.append(Correction(SHA, "2025-01-01", p, p, [f"{list_id}-0001"]))
    return result


def hostile_report(p: str, first: bool = False) -> Report:
    result = hostile_diff(p)
    header = {"id": p, "title": p, "revision": p, "issuer": p, "effective": p, "unit": {"name": p, "type": p}}
    report = Report(
        list_id=p,
        file=f"lists/{p}.yaml",
        header=header,
        revision=p,
        counts_after={"basic": 3, p: 1},
        commits=[CommitRow(SHA, "2025-01-01", p, p, True)],
    )
    if first:
        report.items = [_item(p, p, domain=p, basis=[{"instrument": p, "article": p, "version": p}])]
        return report
    report.previous, report.previous_commit = p, SHA
    report.previous_header = {**header, "effective": p}
    report.counts_before = {"basic": 3, p: 0}
    report.kind_counts = {"added": 1, "retired": 1}
    report.changes = result.changes
    report.corrections = [c for c in result.changes if c.kinds][:1]
    return report


def _shown(p: str) -> str:
    """The payload as a reader should see it, compared without white space (line breaks become spaces
    or <br>, controls spaces)."""
    return "".join(rendered_text(md(p)).split())


def _assert_markdown_safe(text: str, p: str) -> None:
    assert markdown_problems(text) == [], text
    assert _shown(p) in "".join(rendered_text(text).split()), f"the payload is not shown as text:\n{text}"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("p", PAYLOADS, ids=IDS)
def test_diff_markdown_keeps_the_payload_plain_text(p: str, lang: str) -> None:
    out = io.StringIO()
    render_markdown(hostile_diff(p), lang, out)
    _assert_markdown_safe(out.getvalue(), p)


@pytest.mark.parametrize("first", [False, True], ids=["changes", "first-publication"])
@pytest.mark.parametrize("p", PAYLOADS, ids=IDS)
def test_report_markdown_keeps_the_payload_plain_text(p: str, first: bool) -> None:
    _assert_markdown_safe(report_markdown(hostile_report(p, first), "zh"), p)


@pytest.mark.parametrize("p", PAYLOADS, ids=IDS)
def test_escaping_is_total(p: str) -> None:
    """md() leaves no character GitHub reads as markup; md_code() never leaves its span."""
    for text in (md(p), md_code(p), md_code("lists/" + p)):
        assert not set(text) & set("<>`|[]!*_~\\$\r\n\u2028\u2029\u0085") or text.startswith("`"), text
        assert markdown_problems(f"| a | {text} |\n|---|---|\n| {text} | b |\n") == []
    # what a reader sees is the value itself, line breaks and controls read as spaces
    expected = re.sub("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b]", " ", p)
    assert "".join(rendered_text(md(p)).split()) == "".join(expected.split())


def test_ordinary_text_is_left_as_it_is() -> None:
    """The committed reports stay readable: Chinese text, revisions, ids and dates need no escape."""
    for text in (
        "澄溪县青石镇履行职责事项清单（2025.2 版）",
        "CX-QSZ-0001",
        "2025-09-01",
        "《森林法》第三十四条",
    ):
        assert md(text) == text
    assert md_code("lists/townships/CX-QSZ.yaml") == "`lists/townships/CX-QSZ.yaml`"


@pytest.mark.parametrize("p", PAYLOADS, ids=IDS)
def test_ids_and_revisions_are_checked_before_they_are_shown(p: str) -> None:
    """A value that is not an id or a revision is never shown as one: it is escaped and marked."""
    assert md_id(p).startswith("⚠") and md_revision(p).startswith("⚠")
    assert md_id("CX-QSZ-0001") == "`CX-QSZ-0001`" and md_revision("2025.10") == "2025.10"
    out = io.StringIO()
    render_markdown(hostile_diff(p), "zh", out)
    assert f"⚠{md(p)}" in out.getvalue()  # the hostile revision and item id, marked


def test_catalog_markdown_is_safe() -> None:
    for lang in ("zh", "en"):
        out = io.StringIO()
        render_rules(lang, out, "markdown")
        # the rule anchors (<a id="qd001"></a>) are composed by qingdan from the catalog's own codes
        text = re.sub(r'<a id="qd\d{3}(-en)?"></a>', "", out.getvalue())
        assert markdown_problems(text) == []


def test_laws_markdown_cells_are_escaped() -> None:
    for p in PAYLOADS:
        table = laws_render._md_table([p, "b"], [[p, p]])
        assert markdown_problems(table) == [], table
        assert _shown(p) in "".join(rendered_text(table).split())


# ---- a real browser ------------------------------------------------------------------------------


class _Title(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title, self._inside = "", False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self._inside = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.title += data


def _written_title(page: str) -> str:
    parser = _Title()
    parser.feed(page)
    return parser.title


def _pages() -> dict[str, str]:
    """One page per writer, every payload on each."""
    joined = " ".join(PAYLOADS)
    merged = DiffResult()
    for n, p in enumerate(PAYLOADS):
        one = hostile_diff(p, n)
        merged.changes += one.changes
        merged.lists.update(one.lists)
        merged.corrections += one.corrections
    merged.from_, merged.to, merged.from_label, merged.to_label = joined, SHA, joined, joined
    out = io.StringIO()
    render_html(merged, "zh", out)
    reports = []
    for first in (False, True):
        report = hostile_report(joined, first)
        for p in PAYLOADS:
            extra = hostile_report(p, first)
            report.changes += extra.changes
            report.items += extra.items
            report.commits += extra.commits
        reports.append(report_html(report, "zh"))
    return {"diff": out.getvalue(), "report": reports[0], "first-report": reports[1]}


@pytest.fixture(scope="module")
def browser() -> str:
    found = chromium()
    if found is None:
        pytest.skip("Chromium is not installed (make test installs the Debian package chromium when it can)")
    return found


@pytest.mark.parametrize("name", ["diff", "report", "first-report"])
def test_html_pages_stay_inert_in_chromium(name: str, browser: str, tmp_path: Path) -> None:
    page = _pages()[name]
    assert 'http-equiv="Content-Security-Policy"' in page and "script-src 'none'" in page
    path = tmp_path / f"{name}.html"
    path.write_text(page, encoding="utf-8")
    dom = dump_dom(path, browser)
    assert dom_problems(dom, _written_title(page)) == []
    assert "document.title='pwned'" in dom  # the payloads are there, as text


def test_the_browser_check_sees_a_live_payload(browser: str, tmp_path: Path) -> None:
    """The check can fail: the same payloads written raw, without the policy, do run and inject."""
    path = tmp_path / "raw.html"
    body = "\n".join(f"<p>{p}</p>" for p in PAYLOADS[:6])
    path.write_text(f"<!DOCTYPE html><html><head><title>raw</title></head><body>{body}</body></html>")
    problems = dom_problems(dump_dom(path, browser), "raw")
    assert "document.title is 'pwned', not 'raw'" in problems
    assert any("id=pwned" in p for p in problems) and any("<img" in p for p in problems)


def test_plain_text_shortcut_escapes_as_the_full_path() -> None:
    """md() returns text without any character its substitutions touch unchanged: on random short texts
    of the characters that matter, it gives what the three substitutions give."""
    import random

    from qingdan import escape

    def full(text: str) -> str:
        text = escape._BREAKS.sub(" ", text)
        text = escape._MD_RE.sub(
            lambda m: escape._MD_SPECIAL.get(m.group()) or m.group() + escape._ZWSP, text
        )
        return escape._LINE_START.sub(lambda m: m.group(1) + f"&#{ord(m.group(2))};", text, count=1)

    alphabet = list("ab中文 \t\n\r0189&<>`|[]!*_~\\$@#:./+-=)(wW\u2028\x85")
    rng = random.Random(7)
    for _ in range(50_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert escape.md(text) == full(text), repr(text)
