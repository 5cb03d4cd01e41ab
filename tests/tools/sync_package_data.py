"""Copies the repository's schemas and law registry into the package (src/qingdan/schemas, data/).

schemas/*.json and lists/laws.yaml are the source; the package carries real copies so that a wheel
or a checkout without symlinks has them. tests/test_packaging.py holds the copies identical.
Run: python tests/tools/sync_package_data.py
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PACKAGE = ROOT / "src" / "qingdan"


def pairs() -> list[tuple[Path, Path]]:
    """(source, package copy) for every file the package carries from the repository."""
    out = [(path, PACKAGE / "schemas" / path.name) for path in sorted((ROOT / "schemas").glob("*.json"))]
    out.append((ROOT / "lists" / "laws.yaml", PACKAGE / "data" / "laws.yaml"))
    return out


def main() -> None:
    for source, copy in pairs():
        if not copy.is_file() or copy.read_bytes() != source.read_bytes():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, copy)
            print(f"{source.relative_to(ROOT)} → {copy.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
