"""README.md's headline is rendered from the committed results, never typed."""

from __future__ import annotations

import json

import pytest

from bench import headline
from bench.report import RESULTS
from tests.test_report import recorded


def test_readme_headline_matches_the_committed_results():
    source = RESULTS / "primes.json"
    if not source.exists():
        pytest.skip("no committed results yet")
    block = headline.headline(json.loads(source.read_text()))
    readme = headline.README.read_text()
    assert headline.updated(readme, block) == readme, "run `make report` to refresh README.md"


def test_headline_lists_every_implementation_fastest_first():
    data = recorded()
    text = headline.headline(data)
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == len(data["implementations"])
    assert rows[0].startswith("| `primesieve`") and "| `python` | 1 thread |" in text


def test_update_replaces_only_the_block():
    readme = f"intro\n{headline.BEGIN}\nold\n{headline.END}\noutro\n"
    assert headline.updated(readme, "new") == f"intro\n{headline.BEGIN}\nnew\n{headline.END}\noutro\n"
