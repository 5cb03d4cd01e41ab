"""`report --check` does a repository's shared work once, not once per list.

Each list's report needs the diff from its previous revision; before, every list re-ran the diff of
the whole repository, so the work grew with the square of the number of lists (1,000 lists 13 s,
2,000 37 s). The count of list files parsed shows it without timing anything.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from qingdan import history
from qingdan.report import generate

_BENCH = Path(__file__).resolve().parent.parent / "bench" / "report_check.py"


def _bench_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("report_check", _BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("lists", [4, 12])
def test_lists_parsed_grow_linearly_with_the_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lists: int
) -> None:
    _bench_module().build(tmp_path, lists)
    parsed: list[str] = []
    original = history.Reader.parse

    def counting(self, path, blob, raw=None):  # type: ignore[no-untyped-def]
        parsed.append(path)
        return original(self, path, blob, raw)

    monkeypatch.setattr(history.Reader, "parse", counting)
    written = generate(tmp_path, check=True)
    assert len(written) == 2 * lists and all(w.status == "unchanged" for w in written), written
    # md and json per list; the diff 2025.1 -> work tree reads each list twice, each report its previous revision
    assert len(parsed) <= 4 * lists, (lists, len(parsed))
