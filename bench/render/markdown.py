"""Markdown tables, the one way every report writes them."""

from __future__ import annotations

RULES = {"left": "---", "right": "--:"}


def table(header: list[str], rows: list[list[str]], align: str = "") -> str:
    """A pipe table; align has one letter per column, l or r (default l)."""
    rules = [RULES["right" if align[i:i + 1] == "r" else "left"] for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(rules) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
