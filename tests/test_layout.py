"""bench/ is laid out by concern: each folder imports only the folders its row of USES names, no module
imports another in a cycle, analyse needs nothing outside bench but the standard library, and every
import runs when its module loads (matplotlib's figures excepted)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from bench.core.paths import BENCH

# Which folders each folder may import, besides itself: the pages and the statistics never measure,
# and the pages take a study's tables and page from the study.
USES = {
    "core": set(),
    "analyse": {"core"},
    "measure": {"core", "analyse"},
    "render": {"core", "analyse", "studies"},
    "studies": {"core", "analyse", "measure", "render"},
    "commands": {"core", "analyse", "measure", "studies", "render"},
}
# The one import inside a function: matplotlib is optional, and the page renders without it.
LAZY = {("bench.render.machines", "bench.render.figures")}


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


def folder(module: str) -> str | None:
    """The folder of bench a module lives in, or None for one outside every folder."""
    if module == "bench.__main__":  # python -m bench: the command line's entry
        return "commands"
    parts = module.split(".")
    return parts[1] if parts[0] == "bench" and len(parts) > 1 and parts[1] in USES else None


def import_graph() -> dict[str, set[str]]:
    """Every import of bench by bench, at module level or inside a function."""
    known = modules()
    return {m: {d for d, _ in imports(m, p) if d in known and d != m} for m, p in known.items()}


def wrong_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    return sorted((m, d) for m, deps in graph.items() for d in deps
                  if folder(m) and folder(d) != folder(m) and folder(d) not in USES[folder(m)])


def test_every_module_lives_in_a_folder():
    assert [m for m in modules() if m != "bench" and folder(m) is None] == []


def test_each_folder_imports_only_the_folders_it_may_use():
    assert sum(map(len, import_graph().values())) > 50, "the import graph was not read"
    assert wrong_imports(import_graph()) == []


@pytest.mark.parametrize("module, dep", [
    ("bench.render.host", "bench.measure.rounds"),
    ("bench.render.host", "bench.commands.common"),
    ("bench.analyse.rounds", "bench.studies.gate"),
    ("bench.render.machines", "bench.commands.common"),
    ("bench.analyse.rounds", "bench.measure.rounds"),
    ("bench.core.results", "bench.analyse.intervals"),
    ("bench.measure.bench", "bench.render.host"),
    ("bench.studies.gate", "bench.commands.common"),
])
def test_the_rule_refuses_an_import_the_table_does_not_allow(module, dep):
    assert wrong_imports({module: {dep}}) == [(module, dep)]


def test_analyse_needs_nothing_outside_bench_but_the_standard_library():
    for name, path in modules().items():
        if folder(name) != "analyse":
            continue
        for dep, _ in imports(name, path):
            top = dep.split(".")[0]
            assert top in ("__future__", "bench") or top in sys.stdlib_module_names, (name, dep)


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """A path of imports that comes back to where it started, or [] when there is none (depth first)."""
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> list[str]:
        state[module] = "open"
        for dep in sorted(graph.get(module, ())):
            if state.get(dep) == "open":
                return [*trail, module, dep]
            found = visit(dep, [*trail, module]) if dep not in state else []
            if found:
                return found
        state[module] = "done"
        return []

    for module in sorted(graph):
        found = visit(module, []) if module not in state else []
        if found:
            return found
    return []


def test_no_module_of_bench_imports_itself_through_others():
    assert cycle(import_graph()) == []


def test_the_cycle_check_finds_a_cycle_however_long():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_the_only_import_inside_a_function_is_the_optional_figures():
    lazy = {(m, d) for m, path in modules().items() for d, inside in imports(m, path) if inside}
    assert lazy == LAZY


@pytest.mark.parametrize("source, expected", [
    ("from ..render import format\n", ("bench.render.format", False)),
    ("try:\n    import bench.commands.common\nexcept ImportError:\n    pass\n", ("bench.commands.common", False)),
    ("def f():\n    import numpy\n", ("numpy", True)),
])
def test_the_import_reader_sees_relative_nested_and_lazy_imports(tmp_path, source, expected):
    path = tmp_path / "intervals.py"
    path.write_text(source)
    assert expected in imports("bench.analyse.intervals", path)
