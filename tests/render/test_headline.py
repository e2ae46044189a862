"""README.md's headline is rendered from the committed results, never typed."""

from __future__ import annotations

from bench.core.paths import README, RESULTS
from bench.core.results import BenchResult, load
from bench.render.headline import BEGIN, END, headline, updated
from tests.render.test_primes import recorded


def test_readme_headline_matches_the_committed_results():
    block = headline(load(RESULTS / "primes.json", BenchResult))
    readme = README.read_text()
    assert updated(readme, block) == readme, "run `make report` to refresh README.md"


def test_headline_lists_every_implementation_fastest_first():
    data = recorded()
    text = headline(data)
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == len(data.implementations)
    assert rows[0].startswith("| `primesieve`") and "| `python` | 1 thread |" in text


def test_update_replaces_only_the_block():
    readme = f"intro\n{BEGIN}\nold\n{END}\noutro\n"
    assert updated(readme, "new") == f"intro\n{BEGIN}\nnew\n{END}\noutro\n"
