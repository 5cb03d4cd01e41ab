from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

HERE = Path(__file__).parent
FIXTURE_REPO = HERE / "fixtures" / "repo"
# shared/ beside the checkout (CI), or beside the folder of worktrees
SHARED = next(
    (p for p in (HERE.parent.parent / "shared", HERE.parent.parent.parent / "shared") if p.is_dir()),
    HERE.parent.parent / "shared",
)

GIT_ENV = {
    "GIT_AUTHOR_NAME": "测试者",
    "GIT_AUTHOR_EMAIL": "tester@example.org",
    "GIT_COMMITTER_NAME": "测试者",
    "GIT_COMMITTER_EMAIL": "tester@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read the developer's git config or locale, and never write to $HOME."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("QINGDAN_LANG", "zh")
    monkeypatch.delenv("QINGDAN_TODAY", raising=False)
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


def list_header(baseline: str = "2025.1") -> str:
    """The header of a small township list T (revision 2025.1) that unit tests append items to."""
    return (
        "qingdan: 1\nlist:\n  id: T\n  title: 测试镇履行职责事项清单\n  kind: township\n"
        '  unit: {name: 测试镇, type: township}\n  issuer: 中共测试县委\n  revision: "2025.1"\n'
        f'  effective: 2025-07-01\n  baseline: "{baseline}"\nitems:\n'
    )


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A list repository in a temp folder: the fixture registries, git initialised, nothing committed."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE_REPO, root)
    git(root, "init", "-q", "-b", "main")
    return root


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A copy of the demo lists and registries in a fresh git repository (nothing committed)."""
    root = tmp_path / "demo"
    shutil.copytree(HERE.parent / "lists", root / "lists")
    git(root, "init", "-q", "-b", "main")
    return root


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunnerCall]:
    yield CliRunnerCall(monkeypatch)


class CliRunnerCall:
    """Runs the typer app in-process in a given folder; asserts nothing itself."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch

    def __call__(self, cwd: Path, *args: str):  # type: ignore[no-untyped-def]
        from qingdan.cli import app

        self.monkeypatch.chdir(cwd)
        return CliRunner().invoke(app, list(args), catch_exceptions=False)


def run_qingdan(
    cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """The real command line, as a subprocess."""
    full_env = {**os.environ, **GIT_ENV, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "qingdan", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# A qingdan child that writes its own peak RSS (VmHWM, KiB) to a file at exit. wait4's ru_maxrss is not
# the child's own: Linux carries the parent's peak across fork and exec, so it would report the test
# runner's size.
_MEASURED = (
    "import atexit, sys\n"
    "target = sys.argv[1]\n"
    "def _peak():\n"
    "    with open('/proc/self/status') as s, open(target, 'w') as out:\n"
    "        out.write(next(l.split()[1] for l in s if l.startswith('VmHWM:')))\n"
    "atexit.register(_peak)\n"
    "sys.argv = ['qingdan', *sys.argv[2:]]\n"
    "from qingdan.cli import main\n"
    "main()\n"
)


def measured_qingdan(peak: Path, *args: str) -> list[str]:
    """The command line of a qingdan child that records its peak RSS in `peak`."""
    return [sys.executable, "-c", _MEASURED, str(peak), *args]
