"""The package as a county team installs it: a wheel built from this checkout, installed into a fresh
virtual environment outside the checkout, with the highest and with the lowest allowed direct
dependencies, then init, validate, check, report and diff run there. The generated pre-commit
configuration is run by the real pre-commit, which installs qingdan from that wheel itself.

Needs network access to the package index (or its cache); skips with the reason when it has none.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.version import Version

from conftest import GIT_ENV

ROOT = Path(__file__).parent.parent
UV = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 600) -> str:
    done = subprocess.run(
        args,
        cwd=cwd,
        env={**os.environ, **GIT_ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"{args} → {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0 and "Could not find a version" in done.stderr:
        pytest.skip(f"cannot reach a package index to build the wheel: {done.stderr.strip()[-300:]}")
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("qingdan-*.whl")
    return built


def _venv(where: Path, wheel: Path, lowest: bool) -> Path:
    """A fresh venv with the wheel; lowest: every direct dependency at its declared lower bound
    (a constraints file of `name==bound`: uv's --resolution lowest-direct lowers only the packages
    named on its command line, which here is the wheel)."""
    if UV is None:
        pytest.skip("uv is not installed (pip install uv): it installs the lowest allowed versions")
    _run([sys.executable, "-m", "venv", str(where)], cwd=where.parent)
    python = where / "bin" / "python"
    extra: list[str] = []
    if lowest:
        constraints = where.parent / "lowest.txt"
        constraints.write_text("".join(f"{n}=={v}\n" for n, v in _lower_bounds().items()), encoding="utf-8")
        extra = ["-c", str(constraints)]
    _run([UV, "pip", "install", "-q", "--python", str(python), *extra, str(wheel)], cwd=where.parent)
    return python


def _lower_bounds() -> dict[str, str]:
    out = {}
    for requirement in PYPROJECT["project"]["dependencies"]:
        match = re.match(r"([A-Za-z0-9._-]+)\s*>=\s*([0-9][0-9.]*)", requirement)
        assert match, f"a dependency without a lower bound: {requirement}"
        out[match[1].lower().replace("_", "-").replace(".", "-")] = match[2]
    return out


def test_package_data_are_real_copies_of_the_repository_files() -> None:
    """schemas/*.json and lists/laws.yaml are the source; the package holds real files (a symlink is
    lost in a wheel, or on a checkout without symlinks), byte for byte the same."""
    sys.path.insert(0, str(ROOT / "tests" / "tools"))
    from sync_package_data import pairs

    assert len(pairs()) >= 5
    for source, copy in pairs():
        assert not copy.is_symlink(), copy
        assert copy.read_bytes() == source.read_bytes(), (
            f"{copy} differs from {source}: run  python tests/tools/sync_package_data.py"
        )
    shipped = {p.name for p in (ROOT / "src" / "qingdan" / "schemas").iterdir()}
    assert shipped == {p.name for p in (ROOT / "schemas").glob("*.json")}


def test_wheel_carries_the_package_data(wheel: Path) -> None:
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("qingdan/data/laws.yaml", "qingdan/py.typed"):
        assert name in names
    for path in (ROOT / "schemas").glob("*.json"):
        assert f"qingdan/schemas/{path.name}" in names
    assert any(n.endswith("licenses/LICENSE") for n in names), sorted(names)


@pytest.mark.parametrize("resolution", ["highest", "lowest"])
def test_wheel_in_a_fresh_venv_outside_the_checkout(wheel: Path, tmp_path: Path, resolution: str) -> None:
    python = _venv(tmp_path / "venv", wheel, lowest=resolution == "lowest")
    qingdan = str(python.parent / "qingdan")
    if resolution == "lowest":
        frozen = _run([UV, "pip", "freeze", "--python", str(python)], cwd=tmp_path)  # type: ignore[list-item]
        installed = {
            line.split("==")[0].lower().replace("_", "-").replace(".", "-"): line.split("==")[1]
            for line in frozen.splitlines()
            if "==" in line
        }
        for name, bound in _lower_bounds().items():
            assert Version(installed[name]) == Version(bound), (
                f"{name}: {installed[name]} installed, bound {bound}"
            )
    county = tmp_path / "county"
    county.mkdir()
    env = {"QINGDAN_LANG": "zh", "PATH": f"{python.parent}{os.pathsep}{os.environ['PATH']}"}
    _run([qingdan, "init", "--source", "qingdan==0.1.0"], cwd=county, env=env)
    assert (county / "lists" / "laws.yaml").stat().st_size > 1000
    _run(["git", "init", "-q", "-b", "main"], cwd=county)
    _run(["git", "add", "-A"], cwd=county)
    _run(["git", "commit", "-qm", "初始清单"], cwd=county)
    _run([qingdan, "validate", "--strict"], cwd=county, env=env)
    shown = _run([qingdan, "report"], cwd=county, env=env)
    assert "reports/EX/2025.1.md" in shown
    _run(["git", "add", "-A"], cwd=county)
    _run(["git", "commit", "-qm", "调整说明"], cwd=county)
    assert "未发现问题" in _run([qingdan, "check"], cwd=county, env=env)
    _run([qingdan, "set", "EX-0001", "name=安全生产监督检查和隐患排查", "--draft"], cwd=county, env=env)
    shown = _run([qingdan, "diff", "--format", "markdown"], cwd=county, env=env)
    assert "EX-0001" in shown and "安全生产监督检查和隐患排查" in shown


def test_generated_pre_commit_hooks_install_qingdan_themselves(wheel: Path, tmp_path: Path) -> None:
    """language: python: pre-commit builds its own environment with qingdan in it (from --source);
    no qingdan on PATH is needed."""
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if pre_commit is None:
        pytest.skip("pre-commit is not installed (it is a dev dependency)")
    county = tmp_path / "county"
    python = Path(sys.executable)
    _run([str(python), "-m", "qingdan", "init", str(county), "--source", str(wheel)], cwd=tmp_path)
    _run(["git", "init", "-q", "-b", "main"], cwd=county)
    _run(["git", "add", "-A"], cwd=county)
    env = {
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "PATH": "/usr/bin:/bin",  # no qingdan here: the hook's own environment has it
        "PRE_COMMIT_COLOR": "never",
    }
    shown = _run([pre_commit, "run", "qingdan-validate", "--all-files"], cwd=county, env=env, timeout=900)
    assert "qingdan validate" in shown and "Passed" in shown
    example = county / "lists" / "example.yaml"
    example.write_text(example.read_text(encoding="utf-8") + "qingdan: 1\n", encoding="utf-8")
    done = subprocess.run(
        [pre_commit, "run", "qingdan-validate", "--all-files"],
        cwd=county,
        env={**os.environ, **GIT_ENV, **env},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 1 and "QD010" in done.stdout, done.stdout + done.stderr
