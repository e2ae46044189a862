"""primes.md is rendered from result records alone: the same records, the same page."""

from __future__ import annotations

import copy
from pathlib import Path

from bench.core.paths import RESULTS
from bench.core.results import BenchResult, ScalingResult, ThreadsResult, load, load_if_present
from bench.render.primes import document, render

FIXTURES = Path(__file__).parent.parent / "fixtures"
# Regenerate the golden file after an intended change of the report's text with:
#   python3 -c 'from bench.core.results import *; from bench.render.primes import render; \
#     print(render(load(Path("tests/fixtures/primes.json"), BenchResult)), end="")' > tests/fixtures/primes.golden.md


def recorded() -> BenchResult:
    return load(FIXTURES / "primes.json", BenchResult)


def test_recorded_results_render_to_the_golden_report():
    assert render(recorded()) == (FIXTURES / "primes.golden.md").read_text()


def test_the_committed_page_is_the_rendering_of_the_committed_results():
    page = document(load(RESULTS / "primes.json", BenchResult),
                    load_if_present(RESULTS / "scaling.json", ScalingResult),
                    load_if_present(RESULTS / "threads.json", ThreadsResult))
    assert (RESULTS / "primes.md").read_text() == page, "run `make report` to refresh results/primes.md"


def test_rendering_leaves_the_records_alone():
    data = recorded()
    before = copy.deepcopy(data)
    render(data)
    assert data == before


def test_report_answers_the_article():
    text = render(recorded())
    for heading in ("## What was measured", "## Single-threaded", "## Multi-threaded",
                    "## The article's claims, checked", "## Reference", "## Methodology"):
        assert heading in text
    for claim in ("~4.2 s", "~0.15 s", "~28×", "10–40×", "even larger"):
        assert claim in text


def test_serial_and_parallel_are_never_in_one_table():
    text = render(recorded())
    single = text.split("## Single-threaded")[1].split("## Multi-threaded")[0]
    multi = text.split("## Multi-threaded")[1].split("## The article")[0]
    assert "`c-openmp`" not in single and "`go-goroutines`" not in single
    assert "`c` |" not in multi.replace("over `c`", "")


def test_claims_follow_the_numbers():
    data = recorded()
    python = data.entry("python")
    assert python is not None
    python.timing.median = 4.3
    assert "CPython takes ~4.2 s | 4.2 s | 4.30 s | **Holds**" in render(data)
    python.timing.median = 2.0
    assert "CPython takes ~4.2 s | 4.2 s | 2.00 s | **Does not hold** here: 2.10× faster" in render(data)


def test_other_limits_do_not_check_the_article():
    data = recorded()
    data.limit = 10_000
    assert "not checked here" in render(data)


def test_missing_implementations_are_reported_not_invented():
    data = recorded()
    data.implementations = [e for e in data.implementations if e.name != "go"]
    text = render(data)
    assert "Go takes ~0.15 s | 0.15 s | not measured in this run" in text


def test_an_rse_over_the_target_is_flagged_when_runs_adapted():
    data = recorded()
    data.implementations[0].timing.rse = 0.5
    assert "| 3 (50.0%) |" in render(data)  # a fixed number of runs asked for: no target to miss
    data.settings.runs = None
    assert "| 3 (50.0% ⚠) |" in render(data)
