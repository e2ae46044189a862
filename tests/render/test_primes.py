"""A host's page is rendered from its result records alone: the same records, the same page; every
ratio and verdict comes from the rounds, with its interval."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from bench.core.paths import HOSTS, RESULTS
from bench.core.results import BenchResult, ScalingResult, ThreadsResult, load, load_if_present
from bench.render.primes import document, render

FIXTURES = Path(__file__).parent.parent / "fixtures"
# Regenerate the golden file after an intended change of the page's text with:
#   .venv/bin/python -c 'from pathlib import Path; from bench.core.results import *; \
#     from bench.render.primes import render; \
#     print(render(load(Path("tests/fixtures/primes.json"), BenchResult)), end="")' > tests/fixtures/primes.golden.md


def recorded() -> BenchResult:
    return load(FIXTURES / "primes.json", BenchResult)


def host_folders() -> list[Path]:
    hosts = RESULTS / HOSTS
    return sorted(p for p in hosts.iterdir() if (p / "primes.json").exists()) if hosts.is_dir() else []


def test_there_are_committed_host_results():
    assert host_folders(), "no results/hosts/*/primes.json: run `make bench`"


def test_recorded_results_render_to_the_golden_page():
    assert render(recorded()) == (FIXTURES / "primes.golden.md").read_text()


@pytest.mark.parametrize("folder", host_folders(), ids=lambda p: p.name)
def test_each_committed_page_is_the_rendering_of_its_hosts_results(folder):
    page = document(load(folder / "primes.json", BenchResult), load_if_present(folder / "scaling.json", ScalingResult),
                    load_if_present(folder / "threads.json", ThreadsResult))
    assert (folder / "primes.md").read_text() == page, "run `make report` to refresh the host's page"


def test_rendering_leaves_the_records_alone():
    data = recorded()
    before = copy.deepcopy(data)
    render(data)
    assert data == before


def test_the_page_answers_the_article():
    text = render(recorded())
    for heading in ("## What was measured", "## Single-threaded", "## Multi-threaded",
                    "## The article's claims, checked", "## Methodology"):
        assert heading in text
    for claim in ("~4.2 s", "~0.15 s", "~28×", "10–40×", "even larger"):
        assert claim in text


def test_serial_and_parallel_are_never_in_one_table():
    text = render(recorded())
    single = text.split("## Single-threaded")[1].split("## Multi-threaded")[0]
    multi = text.split("## Multi-threaded")[1].split("## The article")[0]
    assert "`c-openmp`" not in single and "`go-goroutines`" not in single
    assert "| `c` |" not in multi


def claim_row(text: str, claim: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"| {claim}"))


def test_a_time_claim_holds_fails_or_is_undecided_by_its_interval():
    data = recorded()
    python = data.entry("python")
    assert python is not None
    t = python.timing
    t.median, t.low, t.high = 4.3, 4.1, 4.5
    assert "**Holds**" in claim_row(render(data), "CPython takes ~4.2 s")
    t.median, t.low, t.high = 2.0, 1.9, 2.1
    assert "**Does not hold**: 2.10× faster than the article's 4.2 s" in claim_row(render(data), "CPython takes ~4.2 s")
    t.median, t.low, t.high = 3.4, 3.2, 3.6  # crosses 4.2 / 1.25 = 3.36
    assert "**Undecided at this precision**" in claim_row(render(data), "CPython takes ~4.2 s")


def test_a_ratio_claim_follows_its_interval_not_its_estimate():
    data = recorded()
    ratio = data.ratio("python", "go")
    assert ratio is not None
    ratio.estimate, ratio.low, ratio.high, ratio.half_width = 30.0, 29.0, 31.0, 1 / 30
    assert "| **Holds**: the gap is 1.07× larger than the article's 28× |" in claim_row(render(data), "Go is ~28×")
    ratio.estimate, ratio.low, ratio.high = 34.0, 30.0, 38.0  # crosses 28 x 1.25 = 35
    assert "| **Undecided at this precision**: the gap is " in claim_row(render(data), "Go is ~28×")
    ratio.estimate, ratio.low, ratio.high = 12.0, 11.5, 12.5
    assert "| **Does not hold**: the gap is 2.33× smaller than the article's 28× |" in \
        claim_row(render(data), "Go is ~28×")


def test_the_parallel_gap_is_judged_against_one():
    data = recorded()
    gaps = [r for r in data.ratios if r.over]
    assert gaps, "the fixture measured the article's gaps"
    for r in gaps:
        r.estimate, r.low, r.high = 1.3, 1.2, 1.4
    assert "**Holds**" in claim_row(render(data), "With parallelism the difference would be even larger")
    for r in gaps:
        r.estimate, r.low, r.high = 0.9, 0.8, 0.95
    assert "**Does not hold**" in claim_row(render(data), "With parallelism the difference would be even larger")
    for r in gaps:
        r.estimate, r.low, r.high = 1.0, 0.9, 1.1
    assert "**Undecided" in claim_row(render(data), "With parallelism the difference would be even larger")


def test_other_limits_do_not_check_the_article():
    data = recorded()
    data.limit = 10_000
    assert "not checked here" in render(data)


def test_missing_implementations_are_reported_not_invented():
    data = recorded()
    data.implementations = [e for e in data.implementations if e.name != "go"]
    data.ratios = [r for r in data.ratios if "go" not in (r.numerator, r.denominator)]
    assert "| Go takes ~0.15 s | 0.15 s | not measured in this run |" in render(data)


def test_an_interval_wider_than_the_target_is_flagged_with_its_width():
    data = recorded()
    ratio = data.ratio("python", "c")
    assert ratio is not None
    ratio.low, ratio.high, ratio.half_width = ratio.estimate * 0.9, ratio.estimate * 1.1, 0.1
    text = render(data)
    assert "⚠ ±10.0%" in text and "**⚠ Imprecise when the budget ran out**" in text
