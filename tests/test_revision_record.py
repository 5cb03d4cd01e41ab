"""A revision is drafted, then published; its change report compares it with the published state of
the previous revision. Each test builds a real git repository commit by commit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import git, run_qingdan
from qingdan import edit
from qingdan.check import check
from qingdan.gitrepo import GitRepo
from qingdan.report import generate

BASE_LIST = Path(__file__).parent / "golden" / "base" / "before.yaml"
LIST = "lists/case.yaml"
APPROVAL = {"approver": "中共测试县委 测试县人民政府", "document": "测委发〔2025〕3号", "date": "2025-06-20"}
ADMISSION = {
    "approver": "中共测试省委 测试省人民政府", "document": "测试委办发〔2025〕9号", "approved": "2025-12-01",
    "justification": "经必要性与合理性论证。", "publicity": {"start": "2025-11-10", "end": "2025-11-20"},
}  # fmt: skip


def _publish(root: Path, list_id: str = "T") -> None:
    edit.publish_revision(root, list_id, APPROVAL["approver"], APPROVAL["document"], APPROVAL["date"])


@pytest.fixture
def published(repo: Path) -> Path:
    """Revision 2025.1 drafted, published (印发) and reported, all committed."""
    shutil.copy(BASE_LIST, repo / LIST)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "清单 2025.1 版（草案）")
    _publish(repo)
    generate(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "印发 2025.1 版及调整说明")
    return repo


def _new_item(root: Path, name: str = "森林防火巡查") -> str:
    result = edit.add_item(
        root,
        "T",
        {
            "name": name,
            "category": "basic",
            "domain": "平安法治",
            "basis": [edit.parse_basis("《消防法》第三十二条")],
            "admission": ADMISSION,
        },
    )
    return result.item or ""


def _codes(root: Path, base: str | None = None) -> list[str]:
    return [f.rule for f in check(root, base).findings]


def _delete_item(root: Path, item_id: str) -> None:
    """Cut an item's block out of the list file, as a text editor would."""
    lines = (root / LIST).read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {item_id}")
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("- id: ")), len(lines)
    )
    while end > start and lines[end - 1].lstrip().startswith("#"):
        end -= 1  # the comment heading the next group stays
    (root / LIST).write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")


def test_publish_records_the_approval_and_a_new_revision_starts_a_draft(published: Path) -> None:
    text = (published / LIST).read_text(encoding="utf-8")
    assert "approval:" in text and APPROVAL["document"] in text
    edit.start_revision(published, "T", "2026-01-01")
    text = (published / LIST).read_text(encoding="utf-8")
    assert 'revision: "2025.2"' in text and "approval:" not in text


def test_the_report_compares_with_the_published_predecessor_not_the_last_commit_of_its_number(
    published: Path,
) -> None:
    # an edit committed under the published number, then check's advice followed: revision, report
    edit.set_fields(published, "T-0001", ["content=按月对辖区内生产经营单位开展监督检查。"])
    git(published, "commit", "-qam", "修改 T-0001")
    edit.start_revision(published, "T", "2026-01-01")
    generate(published)
    git(published, "add", "-A")
    git(published, "commit", "-qm", "2025.2 版调整说明")
    report = json.loads((published / "reports/T/2025.2.json").read_text(encoding="utf-8"))
    changed = {c["item"] for c in report["changes"]}
    assert "T-0001" in changed
    md = (published / "reports/T/2025.2.md").read_text(encoding="utf-8")
    assert "本版次没有实质调整" not in md


def test_the_report_records_the_list_content_it_describes(published: Path) -> None:
    report = json.loads((published / "reports/T/2025.1.json").read_text(encoding="utf-8"))
    with GitRepo(published) as repo:
        blob = repo.files(repo.head() or "")[LIST]
    assert report["list_blob"] == blob


def test_an_edit_after_the_report_makes_it_stale(published: Path) -> None:
    edit.set_fields(published, "T-0001", ["content=按月对辖区内生产经营单位开展监督检查。"])
    assert "QD972" in _codes(published)


def test_a_past_revisions_report_is_never_rewritten_without_force(published: Path) -> None:
    edit.start_revision(published, "T", "2026-01-01")
    generate(published)
    git(published, "add", "-A")
    git(published, "commit", "-qm", "2025.2 版")
    old = published / "reports/T/2025.1.md"
    old.write_text(old.read_text(encoding="utf-8") + "\n附：手工补记。\n", encoding="utf-8")
    before = old.read_bytes()
    done = run_qingdan(published, "report", "T", "--revision", "2025.1")
    assert done.returncode == 2, done.stderr
    assert "--force" in done.stderr and old.read_bytes() == before
    done = run_qingdan(published, "report", "T", "--revision", "2025.1", "--force")
    assert done.returncode == 0, done.stderr
    assert old.read_bytes() != before


def test_a_draft_item_can_be_removed_or_retired_within_its_own_revision(published: Path) -> None:
    edit.start_revision(published, "T", "2026-01-01")
    first = _new_item(published)
    second = _new_item(published, "防汛隐患排查")
    git(published, "commit", "-qam", "2025.2 草案：新增两项")
    _delete_item(published, first)
    assert first not in (published / LIST).read_text(encoding="utf-8")
    edit.retire_item(published, second, "merged", replaced_by=["T-0001"], date="2026-01-01")
    codes = _codes(published)
    assert "QD951" not in codes and "QD807" not in codes and "QD957" not in codes, codes


def test_a_second_commit_of_the_same_draft_needs_no_new_revision(published: Path) -> None:
    edit.start_revision(published, "T", "2026-01-01")
    _new_item(published)
    git(published, "commit", "-qam", "2025.2 草案：新增一项")
    edit.set_fields(published, "T-0001", ["content=按月对辖区内生产经营单位开展监督检查。"])
    git(published, "commit", "-qam", "2025.2 草案：修改 T-0001")
    assert "QD957" not in _codes(published, "HEAD~1")


def test_a_published_revision_is_closed_to_changes(published: Path) -> None:
    edit.set_fields(published, "T-0001", ["content=按月对辖区内生产经营单位开展监督检查。"])
    assert "QD957" in _codes(published)


def test_a_draft_cannot_delete_an_item_of_a_published_revision(published: Path) -> None:
    edit.start_revision(published, "T", "2026-01-01")
    git(published, "commit", "-qam", "2025.2 草案")
    _delete_item(published, "T-0002")
    assert "QD951" in _codes(published)


def test_check_on_a_push_sees_every_commit_in_between(published: Path) -> None:
    before = git(published, "rev-parse", "HEAD").strip()
    edit.start_revision(published, "T", "2026-01-01")
    _delete_item(published, "T-0002")
    git(published, "commit", "-qam", "删除 T-0002")
    # a new item takes the freed id: against the base it looks like an edit of T-0002
    new_id = _new_item(published, "防汛隐患排查")
    text = (published / LIST).read_text(encoding="utf-8")
    (published / LIST).write_text(text.replace(f"- id: {new_id}", "- id: T-0002"), encoding="utf-8")
    git(published, "commit", "-qam", "新增事项")
    codes = _codes(published, before)
    assert "QD953" in codes or "QD951" in codes, codes


def test_a_new_branch_push_with_the_all_zero_before_uses_the_default_base(published: Path) -> None:
    git(published, "switch", "-qc", "topic")
    _delete_item(published, "T-0002")
    git(published, "commit", "-qam", "删除 T-0002")
    done = run_qingdan(published, "check", "--base", "0" * 40)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "QD951" in done.stdout


def test_the_generated_workflow_checks_against_the_state_before_the_push(tmp_path: Path) -> None:
    done = run_qingdan(tmp_path, "init", "--ci", "github")
    assert done.returncode == 0, done.stderr
    workflow = next((tmp_path / ".github" / "workflows").glob("*.yml")).read_text(encoding="utf-8")
    assert "github.event.before" in workflow and "HEAD~1" not in workflow


def test_errata_are_read_by_git_alone(published: Path) -> None:
    # a last paragraph that is not a trailer block for git: this commit is not a correction
    edit.set_fields(published, "T-0001", ["content=按照职责对辖区内生产经营单位的安全生产状况进行监督检查。"])
    git(published, "commit", "-qam", "更正错字\n\n按审核意见修改。\nQingdan-Change: errata")
    with GitRepo(published) as repo:
        walked = next(repo.commits(repo.head() or ""))
        info = repo.commit_info(walked.sha)
    assert info.errata == walked.errata


def test_a_push_that_publishes_and_then_changes_a_revision_is_caught(published: Path) -> None:
    before = git(published, "rev-parse", "HEAD").strip()
    edit.start_revision(published, "T", "2026-01-01")
    _new_item(published)
    git(published, "commit", "-qam", "2025.2 草案")
    _publish(published)
    git(published, "commit", "-qam", "印发 2025.2")
    edit.set_fields(published, "T-0001", ["content=按月对辖区内生产经营单位开展监督检查。"])
    git(published, "commit", "-qam", "印发后修改 T-0001")
    assert "QD957" in _codes(published, before)


def _reports(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "reports").rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ('revision: "2025.1"', "revision: 2025.10", "QD020"),  # YAML reads 2025.10 as the number 2025.1
        ("category: basic", "category: basik", "QD104"),
    ],
)
def test_a_broken_list_gets_no_report_and_rewrites_no_history(
    published: Path, old: str, new: str, code: str
) -> None:
    text = (published / LIST).read_text(encoding="utf-8")
    (published / LIST).write_text(text.replace(old, new, 1), encoding="utf-8")
    git(published, "commit", "-qam", "改动")
    before = _reports(published)
    checked = run_qingdan(published, "check", "--format", "json")
    codes = {f["rule"] for f in json.loads(checked.stdout)["findings"]}
    assert checked.returncode == 1 and code in codes and not codes & {"QD971", "QD972"}, codes
    done = run_qingdan(published, "report", "T")
    assert done.returncode == 1, done.stdout + done.stderr
    assert _reports(published) == before


def test_a_forged_content_id_in_a_committed_report_is_not_trusted(published: Path) -> None:
    edit.set_fields(published, "T-0001", ["content=按月对辖区内生产经营单位开展监督检查。"])
    edit.start_revision(published, "T", "2026-01-01")
    git(published, "commit", "-qam", "修改 T-0001，开始 2025.2")
    # the 2025.1 report now claims to describe the 2025.2 content, which would hide the edit
    with GitRepo(published) as repo:
        forged = repo.files(repo.head() or "")[LIST]
    path = published / "reports/T/2025.1.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "list_blob": forged}, ensure_ascii=False), encoding="utf-8")
    git(published, "commit", "-qam", "篡改 2025.1 调整说明")
    generate(published)
    report = json.loads((published / "reports/T/2025.2.json").read_text(encoding="utf-8"))
    assert "T-0001" in {c["item"] for c in report["changes"]}


def test_the_publication_record_in_a_report_is_escaped_once(published: Path) -> None:
    edit.start_revision(published, "T", "2026-01-01")
    edit.publish_revision(published, "T", "<b>县委</b> [县政府](x)", "测委发〔2026〕1号|附", "2026-01-01")
    generate(published)
    md = (published / "reports/T/2025.2.md").read_text(encoding="utf-8")
    row = next(line for line in md.splitlines() if line.startswith("| 印发 |"))
    assert "<b>" not in row and "](" not in row and "&#38;#" not in row, row  # escaped, and only once
    assert "测委发〔2026〕1号" in row and "县委" in row
