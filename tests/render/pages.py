"""Reading a rendered page as a reader does: its tables as rows of cells, its sections, its prose, and
what its code spans leave outside them."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import re
from pathlib import Path

from bench.core.paths import ROOT

PROSE = ROOT.parent / "shared" / "tools" / "prose"


def cells(line: str) -> list[str]:
    """A table row's cells: split on pipes that are neither escaped nor inside a code span."""
    out, cell, ticks, i = [], "", 0, 0
    body = line.strip()[1:-1] if line.strip().startswith("|") else line.strip()
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            cell += body[i:i + 2]
            i += 2
            continue
        if ch == "`":
            run = len(re.match(r"`+", body[i:]).group())
            ticks = 0 if ticks == run else (run if ticks == 0 else ticks)
            cell += "`" * run
            i += run
            continue
        if ch == "|" and not ticks:
            out.append(cell.strip())
            cell = ""
        else:
            cell += ch
        i += 1
    return out + [cell.strip()]


def tables(page: str) -> list[list[dict[str, str]]]:
    """Every pipe table of the page, each a list of rows, each row header -> cell; a row whose cell
    count differs from its header's raises, as a broken table would read."""
    found, lines, i = [], page.splitlines(), 0
    while i < len(lines):
        if lines[i].startswith("|") and i + 1 < len(lines) and re.match(r"^\|(\s*-+:?\s*\|)+$", lines[i + 1]):
            header, rows, i = cells(lines[i]), [], i + 2
            while i < len(lines) and lines[i].startswith("|"):
                row = cells(lines[i])
                assert len(row) == len(header), f"a row of {len(row)} cells under {len(header)}: {lines[i]}"
                rows.append(dict(zip(header, row)))
                i += 1
            found.append(rows)
        else:
            i += 1
    return found


def table_with(page: str, column: str) -> list[dict[str, str]]:
    """The first table that has the column."""
    return next(t for t in tables(page) if t and column in t[0])


def headings(page: str) -> list[str]:
    return [line.lstrip("#").strip() for line in page.splitlines() if line.startswith("#")]


def outside_code(page: str) -> str:
    """The page with its code spans and fenced blocks taken out: what Markdown would interpret."""
    page = re.sub(r"```.*?```", "", page, flags=re.S)
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", page)


def prose(path: Path) -> tuple[int, int] | None:
    """The shared prose counter's words and longest sentence for a page; None where it is not beside
    the repository."""
    if not PROSE.exists():
        return None
    loader = importlib.machinery.SourceFileLoader("prose", str(PROSE))
    spec = importlib.util.spec_from_loader("prose", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    words, longest, _ = module.measure(path)
    return words, longest


def facts(page: str) -> dict[str, str]:
    """Every two-column key-value table of the page, as one mapping."""
    return {row[""]: row["value"] for t in tables(page) if t and list(t[0]) == ["", "value"] for row in t}
