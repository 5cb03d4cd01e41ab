"""Import and export figures: a 340-item township list (the national average size) and 1,000 lists.

Peer: openpyxl reading the same workbook by itself (the floor any xlsx import stands on), and
openpyxl writing a bare sheet of the same cells (the floor of any export). Ratios are from one run.
The import is also timed as the command a user runs (`qingdan import FILE --list ID` as a subprocess,
writing the new file, and with --dry-run: start-up, reading the repository, the annex, the YAML,
validation) and split into its stages, so the figure says where the time goes; the YAML stage is
shown beside ruamel.yaml's round-trip emitter writing the same file.
Run: .venv/bin/python bench/office.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import openpyxl

from qingdan import yamlio
from qingdan.model import ListDoc
from qingdan.office import xlsx
from qingdan.office.layouts import load as load_layout
from qingdan.office.service import _new_list_bytes as new_list_bytes
from qingdan.office.service import read_annex, render_list
from qingdan.validate import load_repository, read_document

ROOT = Path(__file__).resolve().parent.parent
# the command as a user runs it: an installed wheel has its bytecode compiled (pip does so at install),
# so the child may write and use __pycache__ even where this shell forbids it
COMMAND_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def big_list(base: ListDoc, size: int) -> ListDoc:
    items = [item for _, item in base.items() if item.get("status") == "active"]
    out = []
    for n in range(size):
        item = dict(items[n % len(items)])
        item["id"] = f"{base.id}-{n + 1:04d}"
        item["name"] = f"{item['name']}（{n + 1}）"
        out.append(item)
    return ListDoc(base.file, "", {**base.data, "items": out})


def round_trip_dump(data: dict[str, Any]) -> bytes:
    """The new file as the edit path's round trip writes it (the peer of the direct writer)."""
    node = yamlio.make_node({k: v for k, v in data.items() if k != "items"})
    node["items"] = yamlio.make_node([])
    for item in data["items"]:
        yamlio.append_entry(node["items"], item)
    return yamlio.RoundTrip(node, yamlio.decode(b""), b"").dump()


def timed(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        shutil.copytree(ROOT / "lists", repo / "lists")
        subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
        loaded = load_repository(repo)
        base = next(d for d in loaded.docs if d.id == "CX-QSZ")
        layout = load_layout("township", repo)
        doc = big_list(base, 340)
        annex = Path(tmp) / "big.xlsx"
        export_s = timed(lambda: annex.write_bytes(render_list(doc, layout, "xlsx")))

        def bare() -> None:
            book = openpyxl.Workbook()
            ws = book.active
            for section in xlsx_sections:
                for row in section.rows:
                    ws.append(row.cells)
            book.save(Path(tmp) / "bare.xlsx")

        from qingdan.office.exporter import build

        xlsx_sections = build(doc, layout).sections
        bare_s = timed(bare)
        target = repo / "lists" / "NEW.yaml"

        def do_import() -> None:
            result = read_annex(annex, "NEW", "auto", loaded)
            new_list_bytes(repo, target, "NEW", result, {"issuer": "x"})

        import_s = timed(do_import)
        floor_s = timed(lambda: xlsx.read(annex))
        result = read_annex(annex, "NEW", "auto", loaded)
        read_s = timed(lambda: read_annex(annex, "NEW", "auto", loaded))
        raw = new_list_bytes(repo, target, "NEW", result, {"issuer": "x"})
        yaml_s = timed(lambda: new_list_bytes(repo, target, "NEW", result, {"issuer": "x"}))
        check_s = timed(lambda: read_document(repo, "lists/NEW.yaml", "list", raw=raw))
        _, plain = yamlio.load_bytes(raw)
        round_trip_s = timed(lambda: round_trip_dump(plain), 1)
        subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
        command = [str(Path(sys.executable).parent / "qingdan"), "import", str(annex), "--list", "NEW"]
        command_s = timed(
            lambda: subprocess.run(
                [*command, "--issuer", "x", "--dry-run"],
                cwd=repo,
                check=True,
                capture_output=True,
                env=COMMAND_ENV,
            )
        )

        def write_it() -> None:
            target.unlink(missing_ok=True)
            subprocess.run(
                [*command, "--issuer", "x"], cwd=repo, check=True, capture_output=True, env=COMMAND_ENV
            )

        written_s = timed(write_it)
        assert target.read_bytes() == raw
        startup_s = timed(
            lambda: subprocess.run(
                [command[0], "--help"], cwd=repo, check=True, capture_output=True, env=COMMAND_ENV
            )
        )
        print(
            f"340-item list   export xlsx {export_s * 1000:7.0f} ms   (openpyxl bare write {bare_s * 1000:5.0f} ms, ×{export_s / bare_s:.1f})"
        )
        print(
            f"340-item list   import xlsx {import_s * 1000:7.0f} ms   (openpyxl read alone {floor_s * 1000:5.0f} ms, ×{import_s / floor_s:.1f})"
        )
        print(
            f"  of which: read the annex {read_s * 1000:.0f} ms, write the YAML and read it back "
            f"{yaml_s * 1000:.0f} ms (ruamel.yaml's round-trip emitter alone on the same data "
            f"{round_trip_s * 1000:.0f} ms), validate it {check_s * 1000:.0f} ms"
        )
        print(
            f"340-item list   qingdan import (subprocess, writes the file) {written_s * 1000:5.0f} ms, "
            f"--dry-run {command_s * 1000:5.0f} ms   (qingdan --help start-up {startup_s * 1000:.0f} ms)"
        )
        for fmt in ("docx", "html", "csv"):
            spent = timed(lambda f=fmt: render_list(doc, layout, f), 1)
            print(f"340-item list   export {fmt:4} {spent * 1000:7.0f} ms")
        # 1,000 lists: the demo village list (a small list) exported and imported 1,000 times
        village = next(d for d in loaded.docs if d.kind == "village")
        vlayout = load_layout("village", repo)
        files = []
        started = time.perf_counter()
        for n in range(1000):
            path = Path(tmp) / f"v{n}.xlsx"
            path.write_bytes(render_list(village, vlayout, "xlsx"))
            files.append(path)
        export_many = time.perf_counter() - started
        started = time.perf_counter()
        for path in files:
            result = read_annex(path, "NEW", "auto", loaded)
            new_list_bytes(repo, target, "NEW", result, {"issuer": "x"})
        import_many = time.perf_counter() - started
        size = len(village.items())
        print(f"1,000 lists of {size} items   export {export_many:5.1f} s ({export_many:.1f} ms per list)")
        print(f"1,000 lists of {size} items   import {import_many:5.1f} s ({import_many:.1f} ms per list)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
