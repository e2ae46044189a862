"""README.md's headline, kept in step with the results (the block between markers)."""

from __future__ import annotations

BEGIN = "<!-- headline: written by `make report` from results/hosts/*/primes.json -->"
END = "<!-- /headline -->"


def updated(readme: str, block: str) -> str:
    """readme with the text between the markers replaced by block; ValueError without the markers."""
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    return readme[:start] + "\n" + block + "\n" + readme[end:]
