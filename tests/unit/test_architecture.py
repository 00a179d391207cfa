"""The layout rules of `generator/`: stages import only earlier stages, no cycles, short functions.

Each module's imports are read from its syntax tree (nothing is imported), so the rules hold for
code paths the other tests never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "generator"

# The order of the pipeline: a module may import its own stage and the stages before it.
RANK = {
    "problems": 0,
    "project": 0,
    "fork": 0,
    "load": 1,
    "format": 2,
    "markup": 3,
    "estimate": 4,
    "validate": 5,
    "enrich": 6,
    "render": 7,
    "write": 8,
    "commands": 9,
    "pipeline": 10,
    "site": 11,
    "exports": 11,
    "cli": 12,
    "__main__": 13,
}
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "generator"


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "generator":
                found.update(f"generator.{alias.name}" for alias in node.names)
            elif node.module.startswith("generator."):
                found.add(node.module)
                found.update(
                    f"{node.module}.{alias.name}"
                    for alias in node.names
                    if (ROOT / f"{node.module}.{alias.name}".replace(".", "/"))
                    .with_suffix(".py")
                    .exists()
                )
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("generator."))
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: imports_of(path) & set(modules) for name, path in modules.items()}


def test_every_module_belongs_to_a_ranked_stage() -> None:
    assert {stage(m) for m in graph()} - {"generator"} <= set(RANK)


def test_no_stage_imports_a_later_one() -> None:
    upward = sorted(
        f"{module} imports {dep}"
        for module, deps in graph().items()
        if stage(module) in RANK
        for dep in deps
        if RANK[stage(dep)] > RANK[stage(module)]
    )
    assert upward == []


def test_no_relative_imports() -> None:
    """Absolute imports keep a module's dependencies readable and greppable by stage."""
    relative = sorted(
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level > 0
    )
    assert relative == []


def find_cycle(edges: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for dep in sorted(edges.get(node, ())):
            if state.get(dep) == 1:
                return [*path[path.index(dep) :], dep]
            if dep not in state and (cycle := visit(dep)):
                return cycle
        path.pop()
        state[node] = 2
        return []

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


def test_find_cycle_finds_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle() -> None:
    edges = graph()
    # A package's __init__ is imported with each of its modules; it holds no code of its own.
    assert all(
        not edges[m]
        for m in edges
        if (PACKAGE / m.split(".", 1)[-1].replace(".", "/") / "__init__.py").exists()
        and m != "generator"
    )
    assert find_cycle(edges) == []


def test_no_function_over_sixty_lines() -> None:
    long = sorted(
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines} lines)"
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (lines := (node.end_lineno or node.lineno) - node.lineno + 1) > MAX_FUNCTION_LINES
    )
    assert long == []
