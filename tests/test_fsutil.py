"""What qingdan does to the disk, with real processes and real git: a colleague's save between an
edit's read and its replace, temp files of a killed edit, where the lock lives, CRLF checkouts and
the parts of Windows that can be simulated here."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import GIT_ENV, HERE, git, run_qingdan
from qingdan import fsutil

DEMO_LIST = "lists/townships/CX-QSZ.yaml"


@pytest.fixture
def committed(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(HERE.parent / "lists", root / "lists")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "demo")
    return root


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(fsutil.TEMP_PREFIX))


# ---- lost update ---------------------------------------------------------------------------------


def test_a_save_between_read_and_replace_is_never_overwritten(committed: Path) -> None:
    path = committed / DEMO_LIST
    edit = subprocess.Popen(
        [sys.executable, "-m", "qingdan", "set", "CX-QSZ-0001", "note=qingdan 的改动", "--lang", "en"],
        cwd=committed,
        env={**os.environ, **GIT_ENV, "QINGDAN_TEST_PAUSE_BEFORE_REPLACE": "1.5"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # the temp file appears once qingdan has read the list and written its version beside it
    deadline = time.monotonic() + 30
    while not _temps(path.parent):
        assert edit.poll() is None and time.monotonic() < deadline, "qingdan never reached its write"
        time.sleep(0.01)
    colleague = path.read_bytes().replace("name: 落实".encode(), "name: 督促".encode(), 1)
    assert colleague != path.read_bytes()
    with open(path, "r+b") as handle:  # an editor saving in place, as many do
        handle.write(colleague)
        handle.truncate()
    out, err = edit.communicate(timeout=60)
    assert edit.returncode == 1, out + err
    assert DEMO_LIST in err and "changed after qingdan read it" in err
    assert path.read_bytes() == colleague  # the colleague's version is intact
    assert _temps(path.parent) == []  # and qingdan's own version was not left lying around
    # qingdan's edit is not lost either: run again, it applies on top of the colleague's save
    again = run_qingdan(committed, "set", "CX-QSZ-0001", "note=qingdan 的改动")
    assert again.returncode == 0, again.stdout + again.stderr
    text = path.read_text(encoding="utf-8")
    assert "督促" in text and "note: qingdan 的改动" in text


def test_a_file_created_meanwhile_is_not_replaced(committed: Path) -> None:
    target = committed / "notes.md"
    with pytest.raises(fsutil.ChangedOnDisk):
        target.write_text("同事刚写的\n", encoding="utf-8")
        fsutil.safe_write(committed, Path("notes.md"), b"qingdan\n", expected=None)
    assert target.read_text(encoding="utf-8") == "同事刚写的\n"


# ---- kill -9 -------------------------------------------------------------------------------------


def test_temp_files_of_a_killed_edit_are_removed_by_the_next_one(committed: Path) -> None:
    folder = (committed / DEMO_LIST).parent
    done = run_qingdan(
        committed, "set", "CX-QSZ-0001", "note=断电", env={"QINGDAN_TEST_KILL_BEFORE_REPLACE": "1"}
    )
    assert done.returncode == -signal.SIGKILL
    assert len(_temps(folder)) == 1  # what kill -9 leaves behind
    done = run_qingdan(committed, "set", "CX-QSZ-0001", "note=恢复供电")
    assert done.returncode == 0, done.stdout + done.stderr
    assert _temps(folder) == []
    assert git(committed, "status", "--porcelain") == f" M {DEMO_LIST}\n"


def test_stale_temp_cleanup_never_follows_a_symlink(committed: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n", encoding="utf-8")
    folder = (committed / DEMO_LIST).parent
    (folder / (fsutil.TEMP_PREFIX + "planted")).symlink_to(outside)
    done = run_qingdan(committed, "set", "CX-QSZ-0001", "note=x")
    assert done.returncode == 0, done.stdout + done.stderr
    assert outside.read_text(encoding="utf-8") == "keep\n"


# ---- the lock ------------------------------------------------------------------------------------


def test_in_a_linked_worktree_the_lock_lives_in_the_git_folder(committed: Path, tmp_path: Path) -> None:
    linked = tmp_path / "linked"
    git(committed, "worktree", "add", "-q", "-b", "other", str(linked))
    done = run_qingdan(linked, "set", "CX-QSZ-0001", "note=工作树中的编辑")
    assert done.returncode == 0, done.stdout + done.stderr
    assert git(linked, "status", "--porcelain", "--untracked-files=all") == f" M {DEMO_LIST}\n"
    assert not (linked / ".qingdan.lock").exists()
    assert fsutil.lock_path(linked) == (committed / ".git" / "qingdan.lock").resolve()
    assert (committed / ".git" / "qingdan.lock").exists()


def test_a_submodule_locks_in_its_own_git_folder(committed: Path, tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    outer.mkdir()
    git(outer, "init", "-q", "-b", "main")
    git(outer, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(committed), "county")
    sub = outer / "county"
    assert (sub / ".git").is_file()  # a submodule's .git is a file pointing into the outer .git
    done = run_qingdan(sub, "set", "CX-QSZ-0001", "note=子模块中的编辑")
    assert done.returncode == 0, done.stdout + done.stderr
    assert fsutil.lock_path(sub).parent == (outer / ".git" / "modules" / "county").resolve()
    assert git(sub, "status", "--porcelain", "--untracked-files=all") == f" M {DEMO_LIST}\n"


def test_a_symlinked_lock_file_is_refused(committed: Path, tmp_path: Path) -> None:
    outside = tmp_path / "bashrc"
    outside.write_text("export PATH\n", encoding="utf-8")
    (committed / ".git" / "qingdan.lock").symlink_to(outside)
    done = run_qingdan(committed, "set", "CX-QSZ-0001", "note=x")
    assert done.returncode == 1 and "qingdan.lock" in done.stderr, done.stdout + done.stderr
    assert outside.read_text(encoding="utf-8") == "export PATH\n"


def test_a_bad_lock_timeout_is_a_usage_error_not_a_crash(committed: Path) -> None:
    before = (committed / "lists/townships/CX-QSZ.yaml").read_bytes()
    done = run_qingdan(committed, "set", "CX-QSZ-0001", "note=x", env={"QINGDAN_LOCK_TIMEOUT": "soon"})
    assert done.returncode == 2 and "QINGDAN_LOCK_TIMEOUT" in done.stderr, done.stdout + done.stderr
    assert (committed / "lists/townships/CX-QSZ.yaml").read_bytes() == before


# ---- Windows, as far as it can be simulated --------------------------------------------------------


def test_without_folder_fsync_a_write_still_lands(
    committed: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # on POSIX syncing a folder opens it; a folder that does not exist shows whether it was opened
    with pytest.raises(FileNotFoundError):
        fsutil.fsync_folder(tmp_path / "missing")
    missing = tmp_path / "missing"
    with monkeypatch.context() as patch:  # only around the call: pathlib itself consults os.name
        patch.setattr(os, "name", "nt")
        fsutil.fsync_folder(missing)  # Windows: skipped, NTFS journals the rename
    fsutil.safe_write(committed, Path("reports/a.md"), b"# a\r\n")
    assert (committed / "reports" / "a.md").read_bytes() == b"# a\r\n"


def test_filelock_is_the_lock(committed: Path) -> None:
    # the same library picks msvcrt locking on Windows and fcntl elsewhere
    import filelock

    with fsutil.repository_lock(committed):
        other = filelock.FileLock(fsutil.lock_path(committed), timeout=0.1)
        with pytest.raises(filelock.Timeout):
            other.acquire()


def test_a_crlf_checkout_is_clean_and_stays_crlf(committed: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "-c", "core.autocrlf=true", "clone", "-q", str(committed), str(clone))
    git(clone, "config", "core.autocrlf", "true")
    raw = (clone / DEMO_LIST).read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") > 0  # git really checked it out with CRLF
    for args in (("validate",), ("fmt", "--check")):
        done = run_qingdan(clone, *args, "--lang", "en")
        assert done.returncode == 0, f"{args}: {done.stdout}{done.stderr}"
    done = run_qingdan(clone, "set", "CX-QSZ-0001", "note=换行符测试")
    assert done.returncode == 0, done.stdout + done.stderr
    after = (clone / DEMO_LIST).read_bytes()
    assert after.count(b"\r\n") == after.count(b"\n")
    # git sees one added line, not a rewritten file
    stat = git(clone, "diff", "--numstat", "--", DEMO_LIST).split()
    assert stat[:2] == ["1", "0"], stat
