"""Mutation fuzzing of the read path: whatever bytes a list file holds, qingdan answers with findings,
never with an exception (RELIABILITY: the parser raises non-YAML errors on some inputs)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qingdan import yamlio
from qingdan.validate import read_document

ROOT = Path(__file__).parent.parent
SEEDS = [p.read_bytes() for p in sorted((ROOT / "lists").rglob("*.yaml"))] + [
    p.read_bytes() for p in sorted((ROOT / "tests" / "cases" / "hazards").iterdir())[:40]
]
PIECES = [b":", b": ", b"- ", b"\n", b"\r\n", b"\t", b"  ", b"#", b"&a ", b"*a", b"!!str ", b"<<: ", b"? ", b"[", b"]",
          b"{", b"}", b"'", b'"', b"\\", b"|", b">-", b"%YAML 1.1\n", b"---\n", b"...\n", b"\x00", b"\xc2\x85",
          b"\xe2\x80\xa8", b"\xef\xbb\xbf", b"\xff", b"2024-02-30", b"1.10", b"0o10", b"~", b"\xe4\xb8\xad", b"<<<<<<< "]  # fmt: skip

mutation = st.tuples(
    st.sampled_from(["insert", "delete", "replace"]),
    st.floats(0, 1),
    st.sampled_from(PIECES),
    st.integers(1, 8),
)


def _mutate(raw: bytes, steps: list[tuple[str, float, bytes, int]]) -> bytes:
    for kind, where, piece, length in steps:
        at = int(where * len(raw))
        if kind == "insert":
            raw = raw[:at] + piece + raw[at:]
        elif kind == "delete":
            raw = raw[:at] + raw[at + length :]
        else:
            raw = raw[:at] + piece + raw[at + len(piece) :]
    return raw


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(range(len(SEEDS))), steps=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_files_give_findings_not_exceptions(
    seed: int, steps: list[tuple[str, float, bytes, int]]
) -> None:
    raw = _mutate(SEEDS[seed], steps)
    data, text, findings = read_document(ROOT, "lists/fuzz.yaml", "list", raw=raw)
    assert data is not None or findings
    for finding in findings:
        assert finding.message("zh") and finding.message("en")
    if data is not None:
        yamlio.locate(text)
        try:
            document = yamlio.rt_load(raw)
        except yamlio.FileProblem:
            return
        document.dump()


def test_unreadable_file_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "folder.yaml").mkdir()
    data, _, findings = read_document(tmp_path, "lists/folder.yaml", "list")
    assert data is None and [f.rule for f in findings] == ["QD023"]  # a folder is not a regular file
    data, _, findings = read_document(tmp_path, "lists/missing.yaml", "list")
    assert data is None and [f.rule for f in findings] == ["QD019"]
