"""The guarded reader and the round trip: fidelity, positions, and what must never be accepted."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import GIT_ENV, measured_qingdan, run_qingdan
from qingdan import edit, yamlio

ROOT = Path(__file__).parent.parent
HAZARDS = ROOT / "tests" / "cases" / "hazards"

TOKENS = list("安全生产ab #:-'\"[]{},&*!|>%@`\\\t") + [
    "\u0085", "\u2028", "\u2029", "\ufeff", "１２", "\x00", "\n", "010", "no", "on", "2024-02-30", "1:20", ": ", "~",
]  # fmt: skip
TRICKY = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=8).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=TRICKY)
def test_any_string_written_by_an_edit_reads_back_exactly_or_is_refused(
    value: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("rt")
    (root / "lists").mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "repo" / "lists" / "laws.yaml", root / "lists" / "laws.yaml")
    shutil.copy(ROOT / "tests" / "golden" / "base" / "before.yaml", root / "lists" / "case.yaml")
    path = root / "lists" / "case.yaml"
    before = path.read_bytes()
    try:
        edit.set_fields(root, "T-0001", [f"content={value}"], draft=True)
    except (edit.EditRefused, edit.UsageError):
        assert path.read_bytes() == before
        return
    items = yamlio.load_bytes(path.read_bytes())[1]["items"]
    if value.strip():
        assert items[0]["content"] == value.strip()


def test_noop_dump_restores_crlf_and_bom() -> None:
    raw = (ROOT / "lists" / "townships" / "CX-QSZ.yaml").read_bytes()
    for variant in (
        raw.replace(b"\n", b"\r\n"),
        b"\xef\xbb\xbf" + raw,
        b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"),
    ):
        assert yamlio.rt_load(variant).dump() == variant


def test_reader_returns_the_json_view() -> None:
    _, data = yamlio.load_bytes(b'a: 2024-01-05\nb: 0o10\nc: "1.10"\nd: ~\ne: true\nf: 1.5\n')
    assert data == {"a": "2024-01-05", "b": 8, "c": "1.10", "d": None, "e": True, "f": 1.5}


def test_locate_finds_keys_and_entries() -> None:
    text = "a:\n  - x: 1\n    y: [1, 2]\n  - z: 3\n"
    marks = yamlio.locate(text)
    assert marks.where[("a", 0, "y")] == (3, 5)
    assert marks.where[("a", 1)] == (4, 5)
    assert marks.find(("a", 1, "missing")) == (4, 5)


def _run_measured(repo: Path, *args: str) -> tuple[int, str, float, int]:
    """Run qingdan as a child; return (exit code, stderr, CPU seconds, peak RSS in KiB) of that child alone."""
    env = {**os.environ, **GIT_ENV}
    peak = repo.parent / "peak.txt"
    with (repo / "out.json").open("wb") as out:
        proc = subprocess.Popen(
            measured_qingdan(peak, *args),
            cwd=repo,
            env=env,
            stdout=out,
            stderr=subprocess.PIPE,
        )
    assert proc.stderr is not None
    stderr = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, stderr, usage.ru_utime + usage.ru_stime, int(peak.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["QD015-billion-laughs", "QD012-flow-depth-100000"])
def test_hostile_files_are_rejected_fast_and_small(name: str, repo: Path) -> None:
    """As a real process: under 2 s of CPU, under 200 MB, exit 1, and no traceback on stderr."""
    matches = sorted(HAZARDS.glob(name + "*"))
    assert matches, name
    shutil.copy(matches[0], repo / "lists" / "case.yaml")
    code, stderr, cpu, rss_kb = _run_measured(repo, "validate", "--format", "json")
    assert code == 1, stderr
    assert cpu < 2.0
    assert rss_kb < 200 * 1024
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


def test_oversized_file_is_rejected_without_reading_it(repo: Path) -> None:
    """A sparse 1 GiB file: reading it would cost far more than 2 s of CPU and 200 MB (the child's own)."""
    big = repo / "lists" / "big.yaml"
    with big.open("wb") as handle:
        handle.write(b"a: ")
        handle.truncate(1024**3)
    code, stderr, cpu, rss_kb = _run_measured(repo, "validate", "--format", "json", str(big))
    assert code == 1, stderr
    assert "QD011" in (repo / "out.json").read_text(encoding="utf-8")
    assert cpu < 2.0 and rss_kb < 200 * 1024


def test_whole_hazard_corpus_as_one_process_gives_no_traceback(repo: Path) -> None:
    for path in HAZARDS.iterdir():
        shutil.copy(path, repo / "lists" / path.name.replace("@", "_"))
    done = run_qingdan(repo, "validate", "--format", "json", timeout=120)
    assert done.returncode == 1
    assert done.stderr == ""
    assert done.stdout.count('"rule"') >= len(list(HAZARDS.iterdir()))
