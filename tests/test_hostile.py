"""The hostile-repository corpus: every case folder under tests/hostile/ is a repository a stranger
could send in a pull request, run through the real command line.

A case folder holds `case.yaml` and, optionally, `files/` (copied over the base repository).
Symlinks and FIFOs are made by the test, since git and packaging would not carry them faithfully.
Every command of every case is held to the invariants of docs/threat-model.md as well as to the
case's own expectations: no traceback, an allowed exit code, nothing outside the work tree changed
or created, no workflow command that qingdan did not compose.

case.yaml keys:
  issue:     the finding of the threat model the case reproduces ("9.1", …)
  about:     one line saying what a stranger attempts
  base:      demo (the bundled demo lists) | fixture (registries only) | empty
  symlinks:  [{path: P, to: T}]: T is relative to the symlink, or "@outside/NAME" for a file in a
             folder outside the repository that the test fills with sentinel files
  fifos:     [P]
  chmod:     {P: "0444"}
  remove:    [P]: files of the base to delete before committing
  commit:    true (default) to commit the work tree before the commands run
  git:       true (default); false leaves the folder without a git repository
  commands:  [{args: [...], exit: [codes], stdout_has: [...], stdout_lacks: [...],
               stderr_has: [...], output_lacks: [...], env: {...}, timeout: S,
               stdout_max_lines: N, creates_nothing: true,
               stdout_markdown_safe: true, file_has: {P: [...]}, file_lacks: {P: [...]},
               file_markdown_safe: [P]}]
  stdout_markdown_safe / file_markdown_safe: the Markdown on stdout / in the written file P, rendered
             as GitHub would (tests/safety.py), shows no raw HTML but the tags qingdan composes, no
             image, link, mention, broken table or broken <details> block.
  file_has / file_lacks: texts the file P (relative to the repository) written by the command must
             contain / must not contain; file_has also requires the file to exist.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import FIXTURE_REPO, GIT_ENV, HERE, git
from safety import markdown_problems

CASES = sorted(p for p in (HERE / "hostile").iterdir() if (p / "case.yaml").is_file())
SENTINELS = {
    "bashrc": "# the user's own shell startup\nexport PATH=$PATH\n",
    "notes.txt": "私人笔记\n",
    "secret.yaml": "db_password: hunter2\nlist: {id: SECRET}\n",
}
# Workflow commands qingdan itself composes in github mode: an annotation, with properties, then "::".
COMPOSED = re.compile(r"^::(error|warning|notice)( [a-zA-Z]+=[^:\r\n]*(,[a-zA-Z]+=[^:\r\n]*)*)?::")


def _load(case: Path) -> dict[str, Any]:
    data = YAML(typ="safe").load((case / "case.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict) and data.get("commands"), f"{case.name}: case.yaml needs commands"
    return data


def _snapshot(folder: Path, skip: Path | None = None) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if skip is not None and (path == skip or skip in path.parents):
            continue
        if path.is_symlink():
            out[str(path.relative_to(folder))] = "link:" + os.readlink(path)
        elif path.is_file():
            out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _without_git(snapshot: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in snapshot.items() if k != ".git" and not k.startswith(".git/")}


def _build(case: Path, spec: dict[str, Any], tmp: Path) -> tuple[Path, Path]:
    outside = tmp / "outside"
    outside.mkdir()
    for name, text in SENTINELS.items():
        (outside / name).write_text(text, encoding="utf-8")
    root = tmp / "work" / "repo"
    root.mkdir(parents=True)
    base = spec.get("base", "demo")
    if base == "demo":
        shutil.copytree(HERE.parent / "lists", root / "lists")
    elif base == "fixture":
        shutil.copytree(FIXTURE_REPO, root, dirs_exist_ok=True)
    else:
        assert base == "empty", f"{case.name}: unknown base {base!r}"
    if (case / "files").is_dir():
        shutil.copytree(case / "files", root, dirs_exist_ok=True, symlinks=True)
    for rel in spec.get("remove", []):
        (root / rel).unlink()
    for link in spec.get("symlinks", []):
        path = root / link["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        target = str(link["to"])
        if target.startswith("@outside/"):
            target = os.path.relpath(outside / target.removeprefix("@outside/"), path.parent)
        path.symlink_to(target)
    for rel in spec.get("fifos", []):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / rel)
    if spec.get("git", True):
        git(root, "init", "-q", "-b", "main")
    if spec.get("git", True) and spec.get("commit", True):
        git(root, "add", "-A")
        git(root, "commit", "-q", "--allow-empty", "-m", "a stranger's pull request")
    for rel, mode in spec.get("chmod", {}).items():
        os.chmod(root / rel, int(str(mode), 8))
    return root, outside


def _run(root: Path, command: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, **{k: str(v) for k, v in command.get("env", {}).items()}}
    return subprocess.run(
        [sys.executable, "-m", "qingdan", *[str(a) for a in command["args"]]],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=command.get("timeout", 60),
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(case: Path, tmp_path: Path) -> None:
    spec = _load(case)
    root, outside = _build(case, spec, tmp_path)
    before_outside = _snapshot(tmp_path, skip=root)
    for command in spec["commands"]:
        before_repo = _snapshot(root)
        done = _run(root, command)
        shown = (
            f"qingdan {' '.join(map(str, command['args']))} → {done.returncode}\n{done.stdout}\n{done.stderr}"
        )
        assert "Traceback" not in done.stdout + done.stderr, shown
        assert done.returncode in command.get("exit", [1]), shown
        for line in (done.stdout + "\n" + done.stderr).splitlines():
            if line.startswith("::"):
                assert COMPOSED.match(line), f"uncomposed workflow command: {line!r}\n{shown}"
        for text in command.get("stdout_has", []):
            assert text in done.stdout, shown
        for text in command.get("stdout_lacks", []):
            assert text not in done.stdout, shown
        for text in command.get("stderr_has", []):
            assert text in done.stderr, shown
        for text in command.get("output_lacks", []):
            assert text not in done.stdout + done.stderr, shown
        if "stdout_max_lines" in command:
            assert len(done.stdout.splitlines()) <= command["stdout_max_lines"], shown
        if command.get("stdout_markdown_safe"):
            assert markdown_problems(done.stdout) == [], shown
        for rel, texts in command.get("file_has", {}).items():
            assert (root / rel).is_file(), f"{rel} was not written\n{shown}"
            for text in texts:
                assert text in (root / rel).read_text(encoding="utf-8"), f"{rel} lacks {text!r}\n{shown}"
        for rel, texts in command.get("file_lacks", {}).items():
            written = (root / rel).read_text(encoding="utf-8") if (root / rel).is_file() else ""
            for text in texts:
                assert text not in written, f"{rel} has {text!r}\n{shown}"
        for rel in command.get("file_markdown_safe", []):
            assert markdown_problems((root / rel).read_text(encoding="utf-8")) == [], f"{rel}\n{shown}"
        if command.get("creates_nothing"):
            assert _snapshot(root, skip=root / ".git") == _without_git(before_repo), shown
        assert _snapshot(tmp_path, skip=root) == before_outside, (
            f"a file outside the repository changed\n{shown}"
        )
