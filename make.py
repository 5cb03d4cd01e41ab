"""`make demo` and `make test` for a machine without make (Windows, a minimal container):

    python3 make.py demo
    python3 make.py test

The same steps as the Makefile: a .venv with qingdan installed editable with its dev tools, then the
demo commands, or ruff, mypy, `qingdan check` on the demo lists and pytest. Needs Python 3.11+ with
its venv module, and git.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"
# as the Makefile's DEMO_TODAY: the demo runs as of one fixed day, so it reads the same on any date
DEMO_TODAY = "2026-06-30"


def run(*args: str | Path, check: bool = True) -> int:
    print("$ " + " ".join(str(a) for a in args), flush=True)
    code = subprocess.run([str(a) for a in args], cwd=ROOT).returncode
    if check and code != 0:
        sys.exit(code)
    return code


def tool(name: str) -> Path:
    return BIN / (name + (".exe" if os.name == "nt" else ""))


def install() -> None:
    pyproject = ROOT / "pyproject.toml"
    if STAMP.exists() and STAMP.stat().st_mtime >= pyproject.stat().st_mtime:
        return
    run(sys.executable, "-m", "venv", VENV)
    run(tool("python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(tool("python"), "-m", "pip", "install", "--quiet", "-e", ".[dev]")
    STAMP.touch()


def revision_commit(revision: str) -> str:
    """The commit that published a demo revision (as the Makefile's REV_2025_1 finds it: its subject begins
    "lists: "; later commits name the revision too)."""
    out = subprocess.run(
        ["git", "log", "--format=%h", "-1", f"--grep=^lists: .*revision {revision}", "--", "lists"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def demo() -> None:
    os.environ["QINGDAN_TODAY"] = DEMO_TODAY
    qingdan = tool("qingdan")
    print("━━ qingdan validate")
    run(qingdan, "validate")
    print("\n━━ qingdan check（历史规则与调整说明）")
    run(qingdan, "check")
    print("\n━━ qingdan diff：2025.1 → 2025.2")
    run(qingdan, "diff", revision_commit("2025.1"), revision_commit("2025.2"))
    print("\n━━ reports/CX-QSZ/2025.2.md（节选）")
    lines = (ROOT / "reports" / "CX-QSZ" / "2025.2.md").read_text(encoding="utf-8").splitlines()
    print("\n".join(lines[:32]))
    print("\n━━ qingdan stats CX-QSZ")
    run(qingdan, "stats", "CX-QSZ")
    print("\n━━ qingdan review --due-before 2027-06-30")
    run(qingdan, "review", "--due-before", "2027-06-30")


def test() -> None:
    run(tool("ruff"), "check", "src", "tests", "bench")
    run(tool("ruff"), "format", "--check", "src", "tests", "bench")
    run(tool("mypy"))
    os.environ["QINGDAN_TODAY"] = DEMO_TODAY
    run(tool("qingdan"), "check")
    del os.environ["QINGDAN_TODAY"]
    run(tool("pytest"))


def main() -> None:
    targets = {"demo": demo, "test": test}
    if len(sys.argv) != 2 or sys.argv[1] not in targets:
        sys.exit("usage: python3 make.py demo | test")
    install()
    targets[sys.argv[1]]()


if __name__ == "__main__":
    main()
