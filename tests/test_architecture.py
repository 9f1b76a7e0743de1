"""How the modules depend on each other: imports point one way, lazy ones included.

A cycle (``references`` importing ``render`` for a helper while ``render`` imports
``references`` for its tables) works only as long as every import in it stays lazy, and makes
neither module readable or testable without the other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import accords_cli

PACKAGE = Path(accords_cli.__file__).parent


def _imports() -> dict[str, set[str]]:
    """Each module of the package and the package modules it imports, at any depth of its code."""
    names = {path.stem for path in PACKAGE.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.glob("*.py"):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "accords_cli":
                found |= {alias.name for alias in node.names if alias.name in names}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("accords_"):
                found.add(node.module.split(".")[1])  # type: ignore[union-attr]
            elif isinstance(node, ast.Import):
                found |= {a.name.split(".")[1] for a in node.names if "accords_cli." in a.name}
        graph[path.stem] = found - {path.stem}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` as the modules along it, or [] if there is none."""
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str]:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return []
        for imported in sorted(graph.get(module, ())):
            if found := visit(imported, [*path, module]):
                return found
        done.add(module)
        return []

    for module in sorted(graph):
        if found := visit(module, []):
            return found
    return []


def test_references_import_nothing_that_renders() -> None:
    graph = _imports()
    assert "render" in graph["views"]  # the reading of imports sees lazy ones too
    assert "references" in graph["render"]
    assert "render" not in graph["references"]


def test_no_module_imports_one_that_imports_it_back() -> None:
    assert _cycle(_imports()) == []
