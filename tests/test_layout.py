"""bench/ is laid out by concern: each folder imports only from the folders below it, no module imports
another in a cycle, and imports sit at the top of a module (matplotlib's figures excepted)."""

from __future__ import annotations

import ast
from pathlib import Path

from bench.core.paths import BENCH

LAYERS = ("core", "analyse", "measure", "gate", "render", "commands")
# The one import inside a function: matplotlib is optional, and the page renders without it.
LAZY = {("bench.render.report", "bench.render.figures")}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(BENCH.rglob("*.py")):
        parts = path.relative_to(BENCH.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path, top_level: bool) -> set[str]:
    """The bench modules that path imports at module level (top_level) or inside functions (not)."""
    tree = ast.parse(path.read_text())
    nodes = tree.body if top_level else [n for f in ast.walk(tree)
                                         if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                                         for n in ast.walk(f)]
    if top_level:
        nodes = [n for n in nodes if isinstance(n, (ast.Import, ast.ImportFrom))]
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("bench")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bench"):
            found |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules() else node.module
                      for a in node.names}
    return found


def layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 2 and parts[1] in LAYERS else -1


def test_every_module_lives_in_a_layer():
    assert [m for m in modules() if m != "bench" and m.split(".")[1] not in LAYERS] == []


def test_each_layer_imports_only_from_layers_below_it_or_itself():
    wrong = [(m, dep) for m, path in modules().items() for dep in imports(path, True) if layer(dep) > layer(m)]
    assert wrong == []


def test_analyse_needs_nothing_but_the_standard_library_and_itself():
    for name, path in modules().items():
        if layer(name) == LAYERS.index("analyse"):
            assert {d for d in imports(path, True) if layer(d) != layer(name)} == set(), name


def test_no_import_cycle_at_module_level():
    graph = {m: {d for d in imports(p, True) if d in modules() and d != m} for m, p in modules().items()}
    assert sum(map(len, graph.values())) > 50, "the import graph was not read"
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for dep in graph[module]:
            assert state.get(dep) != "open", " -> ".join([*trail, module, dep])
            if dep not in state:
                visit(dep, [*trail, module])
        state[module] = "done"

    for module in graph:
        if module not in state:
            visit(module, [])


def test_the_only_import_inside_a_function_is_the_optional_figures():
    lazy = {(m, d) for m, path in modules().items() for d in imports(path, False)}
    assert lazy == LAZY


def test_a_command_module_holds_arguments_and_main_only():
    for name, path in modules().items():
        if layer(name) != LAYERS.index("commands") or name.endswith(("__init__", ".common")):
            continue
        tree = ast.parse(path.read_text())
        functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        assert "main" in functions, name
        assert not [n for n in tree.body if isinstance(n, ast.ClassDef)], f"{name} defines a class"
