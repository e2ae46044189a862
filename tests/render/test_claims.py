"""The GIL's two claims: Python threads against real parallelism under the suite's CPython, then under
a free-threaded one, or why that one was not measured; on the host's page and the cross-machine page."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import pytest

from bench.core.results import BenchResult, Ratio, load
from bench.render.claims import claims_section
from bench.render.hosts import claim_cells
from bench.render.primes import free_threaded_note

FIXTURES = Path(__file__).parent.parent / "fixtures"
GIL = "- **Python threads give no CPU parallelism (the GIL):**"
STRUCTURAL = "- **No library can fix it (the GIL is structural):**"
NOT_FOUND = "no free-threaded CPython found: PYTHON_FT is unset and none of python3.14t, python3.13t is on PATH"


def ratio(numerator: str, denominator: str, estimate: float, low: float, high: float) -> Ratio:
    return Ratio(numerator=numerator, denominator=denominator, over=None, estimate=estimate, low=low, high=high,
                 half_width=(high - low) / 2 / estimate, confidence=0.95, rounds=30)


def recorded() -> BenchResult:
    return load(FIXTURES / "primes.json", BenchResult)


def with_threads(data: BenchResult, speedup: tuple[float, float, float] = (0.97, 0.95, 0.99)) -> BenchResult:
    """data with a python-threads row (the pool's, renamed) and its speedup over python."""
    pool = data.entry("python-multiprocessing")
    data.implementations.append(dataclasses.replace(copy.deepcopy(pool), name="python-threads", note="threads"))
    data.ratios.append(ratio("python", "python-threads", *speedup))
    return data


def with_free_threaded(data: BenchResult, speedup: tuple[float, float, float]) -> BenchResult:
    """data with python-ft (python's row) and python-ft-threads (the pool's), and their speedups."""
    python, pool = data.entry("python"), data.entry("python-multiprocessing")
    flags = "free-threaded build (Py_GIL_DISABLED=1), GIL disabled at run time"
    data.implementations += [
        dataclasses.replace(copy.deepcopy(python), name="python-ft", variant_of="python",
                            version="CPython 3.14.0, free-threaded build", flags=flags),
        dataclasses.replace(copy.deepcopy(pool), name="python-ft-threads", twin="python-ft",
                            version="CPython 3.14.0, free-threaded build", flags=flags)]
    estimate, low, high = speedup
    data.ratios += [ratio("python-ft", "python-ft-threads", estimate, low, high),
                    ratio("python", "python-ft-threads", estimate * 0.8, low * 0.8, high * 0.8),
                    ratio("python-ft", "python", 1.25, 1.24, 1.26)]
    return data


def row(data: BenchResult, claim: str) -> str:
    return next(line for line in claims_section(data).splitlines() if line.startswith(claim))


@pytest.mark.parametrize("speedup, verdict", [
    ((0.97, 0.95, 0.99), "**holds**: `python-threads` is 1.03× slower (1.01–1.05) than `python` on 2 threads, "
                         "no speedup at all, short of the 1.25× that real parallelism would need."),
    ((1.05, 0.98, 1.10), "**holds**: `python-threads` is 1.05× faster (0.980–1.10) than `python` on 2 threads, "
                         "at most 1.10× faster by its interval, short of the 1.25× that real parallelism would need."),
    ((1.60, 1.50, 1.70), "**does not hold**: `python-threads` is 1.60× faster (1.50–1.70) than `python` on 2 "
                         "threads, above 1.25×."),
    ((1.25, 1.20, 1.30), "**⚠ undecided at this precision**: `python-threads` is 1.25× faster (1.20–1.30) than "
                         "`python` on 2 threads, an interval across 1.25×."),
])
def test_python_threads_are_judged_by_their_speedups_interval(speedup, verdict):
    assert row(with_threads(recorded(), speedup), GIL) == f"{GIL} {verdict}"


def test_on_one_thread_the_gil_claim_is_not_checked():
    data = with_threads(recorded())
    data.entry("python-threads").threads = 1
    assert row(data, GIL).endswith("on 1 thread, and one thread cannot run in parallel.")


def test_without_python_threads_the_gil_claim_is_not_measured():
    assert row(recorded(), GIL) == f"{GIL} not measured in this run."


@pytest.mark.parametrize("speedup, verdict", [
    ((1.90, 1.85, 1.95), "**does not hold**: `python-ft-threads` is 1.90× faster (1.85–1.95) than `python-ft` on 2 "
                         "threads, `python-ft-threads` above 1.25×: in parallel, in one process."),
    ((1.00, 0.98, 1.02), "**holds**: `python-ft-threads` is 1.000× faster (0.9800–1.020) than `python-ft` on 2 "
                         "threads, short of the 1.25× that real parallelism would need."),
    ((1.30, 1.10, 1.50), "**⚠ undecided at this precision**: `python-ft-threads` is 1.30× faster (1.10–1.50) than "
                         "`python-ft` on 2 threads, none wholly above 1.25×, and not every one wholly below."),
])
def test_free_threaded_threads_decide_whether_the_gil_is_structural(speedup, verdict):
    assert row(with_free_threaded(with_threads(recorded()), speedup), STRUCTURAL) == f"{STRUCTURAL} {verdict}"


def test_where_no_free_threaded_python_was_found_the_claim_says_why():
    data = with_threads(recorded())
    data.absent = {"python-ft": NOT_FOUND, "python-ft-threads": NOT_FOUND}
    assert row(data, STRUCTURAL) == (
        f"{STRUCTURAL} not measured here: {NOT_FOUND}; `make free-threaded` builds the CPython they need, or name "
        "a free-threaded one (`PYTHON_FT=/path/to/python3.14t make bench`).")


def test_the_cross_machine_page_carries_both_verdicts():
    data = with_free_threaded(with_threads(recorded()), (1.90, 1.85, 1.95))
    gil, structural = claim_cells(data)[-2:]
    assert gil.startswith("holds: ") and structural.startswith("does not hold: ")
    data = with_threads(recorded())
    data.absent = {"python-ft-threads": NOT_FOUND}
    gil, structural = claim_cells(data)[-2:]
    assert gil.startswith("holds: ") and structural == "not measured"
    data.limit = 10_000
    assert set(claim_cells(data)) == {"not checked (LIMIT differs)"}


def test_the_free_threaded_note_says_how_to_measure_without_the_gil_or_what_it_ran_under():
    data = with_threads(recorded())
    data.absent = {"python-ft": NOT_FOUND, "python-ft-threads": NOT_FOUND}
    text = free_threaded_note(data)
    assert text.startswith("To measure `python-ft` and `python-ft-threads` (the same programs without the GIL")
    assert "`uv python install 3.14t`" in text and "`PYTHON_FT=/path/to/python3.14t make bench`" in text
    measured = free_threaded_note(with_free_threaded(with_threads(recorded()), (1.9, 1.85, 1.95)))
    assert measured.startswith(
        "the free-threaded rows ran under CPython 3.14.0, free-threaded build, checked before the run by "
        "`python/python_ft_info.py --flags`: free-threaded build (Py_GIL_DISABLED=1), GIL disabled at run time; "
        "on one thread `python-ft` is 1.25× slower (1.24–1.26) than `python`, within each round")
    assert "On another machine, to measure" in measured
