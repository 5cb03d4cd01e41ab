"""Bounded work: any file under the size cap is checked in under 2 s of CPU and 200 MB, measured on
qingdan as a child process (os.wait4 gives that child's own CPU time; the child reads its own peak
memory, VmHWM, at exit: wait4's ru_maxrss carries the test runner's peak across fork and exec)."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import GIT_ENV, list_header, measured_qingdan
from qingdan import yamlio
from qingdan.validate import MAX_FILE_FINDINGS, MAX_ITEMS, MAX_RUN_FINDINGS, validate


def _measured(repo: Path, *args: str) -> tuple[int, str, str, float, int]:
    """(exit code, stdout, stderr, CPU seconds, peak RSS in KiB) of one qingdan child process."""
    peak = repo.parent / "peak.txt"
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            measured_qingdan(peak, *args),
            cwd=repo,
            env={**os.environ, **GIT_ENV},
            stdout=out,
            stderr=err,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            usage.ru_utime + usage.ru_stime,
            int(peak.read_text(encoding="utf-8")),
        )


def _flow(n: int, entry: str = "{a: 1}") -> str:
    return "qingdan: 1\nitems: [" + ", ".join([entry] * n) + "]\n"


def _block(n: int) -> str:
    """A list with a valid header and n items that each break the schema a few times."""
    return list_header() + "".join(f"  - {{id: T-{i:04d}, a: 1}}\n" for i in range(1, n + 1))


BOMBS = {
    # the file of the report: 250,000 tiny entries in 2 MB
    "flow-250000": (_flow(250_000), "QD030"),
    "flow-empty-maps": (_flow(450_000, "{}"), "QD030"),
    "flow-scalars": (_flow(600_000, "1"), "QD030"),
    "items-over-cap": (_block(MAX_ITEMS + 1), "QD031"),
    "items-at-cap": (_block(MAX_ITEMS), "QD032"),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_file_under_the_size_cap_is_checked_fast_and_small(name: str, repo: Path) -> None:
    text, code = BOMBS[name]
    assert len(text.encode()) <= yamlio.MAX_BYTES, "the case must fit under the size cap"
    (repo / "lists" / "bomb.yaml").write_text(text, encoding="utf-8")
    exit_code, out, err, cpu, rss_kb = _measured(repo, "validate", "--format", "json")
    assert exit_code == 1, err
    assert "Traceback" not in err
    assert cpu < 2.0, f"{name}: {cpu:.2f} s CPU"
    assert rss_kb < 200 * 1024, f"{name}: {rss_kb // 1024} MB"
    findings = json.loads(out)["findings"]
    mine = [f for f in findings if f["file"] == "lists/bomb.yaml"]
    assert code in {f["rule"] for f in mine}, mine[:3]
    assert len(mine) <= MAX_FILE_FINDINGS + 1
    assert all(f["line"] is not None for f in mine if f["rule"] != "QD032")


def test_findings_beyond_the_cap_are_counted_in_a_summary_line(repo: Path) -> None:
    (repo / "lists" / "bomb.yaml").write_text(_block(400), encoding="utf-8")
    result = validate(start=repo)
    summary = [f for f in result.findings if f.rule == "QD032"]
    assert len(summary) == 1 and summary[0].file == "lists/bomb.yaml"
    shown = [f for f in result.findings if f.file == "lists/bomb.yaml" and f.rule != "QD032"]
    assert len(shown) == MAX_FILE_FINDINGS
    assert summary[0].args["count"] > 400  # every item lacks several keys and has one too many
    assert "未显示" in summary[0].message("zh") and "not shown" in summary[0].message("en")


def test_findings_per_run_are_capped(repo: Path) -> None:
    files = MAX_RUN_FINDINGS // MAX_FILE_FINDINGS + 3
    for n in range(files):
        (repo / "lists" / f"bad-{n:02d}.yaml").write_text(
            _block(60).replace("id: T", f"id: T{n}"), encoding="utf-8"
        )
    result = validate(start=repo)
    assert len(result.findings) == MAX_RUN_FINDINGS + 1
    last = result.findings[-1]
    assert last.rule == "QD032" and last.args["count"] > 0
    assert result.exit_code() == 1
