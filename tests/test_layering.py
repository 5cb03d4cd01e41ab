"""The import graph of src/qingdan, read with ast: core modules never import the renderers or the
command line, and no qingdan module is imported inside a function outside cli/ (such an import hides
a cycle: the shared piece belongs in a lower module)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "src" / "qingdan"
UPPER = ("qingdan.render", "qingdan.cli")  # the layers above the library
ENTRY = "qingdan.__main__"  # `python -m qingdan`: the command line itself


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The qingdan modules an import statement names (a `from qingdan import x` names qingdan.x)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "qingdan"]
    base = node.module or ""
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([base] if base else []))
    if base.split(".")[0] != "qingdan":
        return []
    return [f"{base}.{a.name}" for a in node.names] + [base]


def _imports() -> list[tuple[str, str, int, bool]]:
    """(importing module, imported module, line, inside a function) for every qingdan import."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        in_function: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                in_function |= {id(sub) for sub in ast.walk(node) if sub is not node}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _targets(node, module, path.name == "__init__.py"):
                    out.append((module, target, node.lineno, id(node) in in_function))
    return out


def _upper(module: str) -> bool:
    return module == ENTRY or any(module == u or module.startswith(u + ".") for u in UPPER)


def test_the_graph_is_read() -> None:
    # the checks below can fail: the graph holds the imports known to exist
    found = {(a, b) for a, b, _, _ in _imports()}
    assert ("qingdan.cli.app", "qingdan.render.terminal") in found or any(
        a.startswith("qingdan.cli") and b.startswith("qingdan.render") for a, b in found
    )
    assert ("qingdan.check", "qingdan.workspace") in found
    assert any(inside for a, _, _, inside in _imports() if a.startswith("qingdan.cli"))


def test_no_core_module_imports_the_renderers_or_the_command_line() -> None:
    wrong = [
        f"{a} imports {b} (line {line})"
        for a, b, line, _ in _imports()
        if not _upper(a) and any(b == u or b.startswith(u + ".") for u in UPPER)
    ]
    assert wrong == []


def test_no_function_level_import_of_qingdan_outside_the_command_line() -> None:
    wrong = [
        f"{a} line {line}: {b}"
        for a, b, line, inside in _imports()
        if inside and not (a == "qingdan.cli" or a.startswith("qingdan.cli."))
    ]
    assert wrong == []
