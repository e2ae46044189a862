"""bench/ is laid out by concern: each folder imports only from the folders below it, no module imports
another in a cycle, analyse needs nothing but the standard library, and every import runs when its
module loads (matplotlib's figures excepted)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from bench.core.paths import BENCH

LAYERS = ("core", "analyse", "measure", "gate", "render", "commands")
# The one import inside a function: matplotlib is optional, and the page renders without it.
LAZY = {("bench.render.report", "bench.render.figures")}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(BENCH.rglob("*.py")):
        parts = path.relative_to(BENCH.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def package_of(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def imports(module: str, path: Path) -> list[tuple[str, bool]]:
    """Every module that path imports, as (name, inside a function), relative imports resolved; for
    `from X import Y`, X.Y where that is a module of bench, else X."""
    found: list[tuple[str, bool]] = []
    known = modules()

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((alias.name, inside) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    package = package_of(module, path).split(".")
                    base = ".".join(package[:len(package) - child.level + 1] + ([base] if base else []))
                for alias in child.names:
                    name = f"{base}.{alias.name}"
                    found.append((name if name in known else base, inside))
            visit(child, inside)

    visit(ast.parse(path.read_text()), False)
    return found


def layer(module: str) -> int:
    if module == "bench.__main__":  # python -m bench: the command line's entry
        return LAYERS.index("commands")
    parts = module.split(".")
    return LAYERS.index(parts[1]) if parts[0] == "bench" and len(parts) > 1 and parts[1] in LAYERS else -1


def top_level_graph() -> dict[str, set[str]]:
    known = modules()
    return {m: {d for d, lazy in imports(m, p) if not lazy and d in known and d != m} for m, p in known.items()}


def test_every_module_lives_in_a_layer():
    assert [m for m in modules() if m != "bench" and layer(m) < 0] == []


def test_each_layer_imports_only_from_layers_below_it_or_itself():
    wrong = [(m, dep) for m, deps in top_level_graph().items() for dep in deps if layer(dep) > layer(m)]
    assert wrong == []


def test_analyse_needs_nothing_but_the_standard_library_and_itself():
    for name, path in modules().items():
        if layer(name) != LAYERS.index("analyse"):
            continue
        for dep, _ in imports(name, path):
            top = dep.split(".")[0]
            assert top == "__future__" or top in sys.stdlib_module_names or layer(dep) == layer(name), (name, dep)


def test_no_import_cycle_at_module_level():
    graph = top_level_graph()
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
    lazy = {(m, d) for m, path in modules().items() for d, inside in imports(m, path) if inside}
    assert lazy == LAZY


@pytest.mark.parametrize("source, expected", [
    ("from ..render import format\n", ("bench.render.format", False)),
    ("try:\n    import bench.commands.report\nexcept ImportError:\n    pass\n", ("bench.commands.report", False)),
    ("def f():\n    import numpy\n", ("numpy", True)),
])
def test_the_import_reader_sees_relative_nested_and_lazy_imports(tmp_path, source, expected):
    path = tmp_path / "stats.py"
    path.write_text(source)
    assert expected in imports("bench.analyse.stats", path)


def test_a_command_module_holds_its_options_and_run_only():
    for name, path in modules().items():
        if layer(name) != LAYERS.index("commands") or name.endswith((".commands", ".common", ".__main__")):
            continue
        tree = ast.parse(path.read_text())
        functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        assert functions == {"configure", "run"}, name
        assert not [n for n in tree.body if isinstance(n, ast.ClassDef)], f"{name} defines a class"
