"""make bench's plan: every ratio the page shows, and the article's claims judge, is measured within the rounds."""

from __future__ import annotations

import pytest

from bench.analyse.derive import load
from bench.analyse.rounds import RatioSpec, startup_job, timing_of
from bench.core import article, manifest
from bench.core.results import BenchResult
from bench.measure.bench import COMPUTE_LIMIT, MAX_GROWTH, grown_budget, ratio_specs
from tests.doctor import FIXTURES


def test_the_gil_claims_speedups_are_measured_within_the_rounds():
    specs = ratio_specs(manifest.load(resolve=False).implementations, article.LIMIT)
    for twin, threads in (article.GIL_THREADS, article.FREE_THREADED):
        assert RatioSpec(twin, threads) in specs, f"{threads} over {twin}"
        assert RatioSpec(twin, threads, compute=True) in specs
    assert RatioSpec("python", article.FREE_THREADED[1]) in specs  # the free-threaded threads over the GIL's one
    assert RatioSpec(article.FREE_THREADED[0], "python") in specs  # what the free-threaded build costs one thread


@pytest.mark.parametrize("limit", [1000, COMPUTE_LIMIT])
@pytest.mark.parametrize("leave_out", ["", "c", "python-ft", "go-goroutines", "python-numba"])
def test_every_ratio_that_reading_requires_is_asked_of_the_rounds(limit, leave_out):
    impls = [i for i in manifest.load(resolve=False).implementations if i.name != leave_out]
    asked = {(s.numerator, s.denominator, s.over, s.compute) for s in ratio_specs(impls, limit)}
    required = article.required({i.name: i.twin for i in impls}, limit)
    assert required and required <= asked
    assert limit >= COMPUTE_LIMIT or not any(key[3] for key in required)


def test_a_ratio_is_measured_only_where_both_of_its_programs_run():
    impls = [i for i in manifest.load(resolve=False).implementations if not i.name.startswith("python-ft")]
    specs = ratio_specs(impls, COMPUTE_LIMIT)
    assert RatioSpec(*article.GIL_THREADS) in specs
    assert not [s for s in specs if any(name.startswith("python-ft") for name in s.names)]


def test_start_up_is_measured_once_in_the_rounds_that_give_the_compute_ratios():
    data = load(FIXTURES / "schema3" / "primes.json", BenchResult)
    assert data.startup_session is None and data.startup_limit == 2
    for entry in data.implementations:
        for stored, job in ((entry.timing, entry.name), (entry.startup, startup_job(entry.name))):
            derived = timing_of(job, data.session.rounds)
            assert (stored.estimate, stored.runs, stored.rounds) == (derived.estimate, derived.runs, derived.rounds)


def test_the_first_tables_and_the_claims_ratios_steer_the_rounds_and_no_other():
    impls = manifest.load(resolve=False).implementations
    specs = ratio_specs(impls, 1_000_000)
    steering = {(s.numerator, s.denominator, s.over) for s in specs if s.steers}
    assert ("python", "c", None) in steering and ("python", "go", None) in steering
    assert ("python", "pypy", None) in steering and ("go", "go-goroutines", None) in steering
    assert ("python", "python-threads", None) in steering  # the GIL claim and the first table
    assert all(p in steering for p, s in [((*parallel, serial), None) for parallel, serial in article.GAPS])
    reported = {(s.numerator, s.denominator) for s in specs if not s.steers}
    assert ("python", "primesieve") in reported and ("python-cython", "c") in reported
    # A compute ratio steers only where a claim is judged on it: numba's speedups, for "no library can fix it".
    assert {(s.numerator, s.denominator) for s in specs if s.compute and s.steers} == {
        ("python-numba", "python-numba-threads"), ("python-numba", "python-numba-parallel")}
    assert ("python-ft", "python-ft-threads-gil", None) in steering  # the GIL's A/B in one interpreter
    assert ("python-3.13", "python-ft", None) in steering  # what free-threading costs one thread


def test_the_default_budget_grows_by_the_share_of_a_round_the_gil_studys_rows_take():
    seconds = {"python": 4.0, "c": 0.5, "go": 0.5, "python-ft": 2.0, "python-3.13": 1.5, "python-ft-threads": 1.0}
    assert grown_budget(150.0, seconds) == pytest.approx(150.0 * 9.5 / 5.0)
    assert grown_budget(150.0, {"python": 4.0, "c": 0.5}) == 150.0
    assert grown_budget(150.0, {"python": 1.0, "python-ft": 5.0}) == 150.0 * MAX_GROWTH
