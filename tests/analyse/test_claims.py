"""The article's claims judged once: an interval inside the claim's tolerance holds, one wholly outside
does not, one across a bound is undecided; a claim about threads needs two threads. The results are small
files of a few programs whose times are chosen (tests/doctor.py), so that each verdict is known."""

from __future__ import annotations

import math

import pytest

from bench.analyse.claims import Verdict, judge, serial_cost, within
from bench.analyse.derive import load
from bench.core import article
from bench.core.results import BenchResult, SchemaError
from tests.doctor import FIXTURES, dumped, small, small_primes

# Seconds per run: Go 25× faster than CPython (the article's ~28× within 1.25), C 33×, the parallel leads larger.
TIMES = {"python": 4.0, "go": 0.16, "c": 0.12, "python-multiprocessing": 2.1, "c-openmp": 0.06,
         "go-goroutines": 0.08, "python-threads": 4.1}
# What make bench asks of its rounds for the claims.
RATIOS = ("python/go", "python/c", "(python-multiprocessing/c-openmp)/(python/c)",
          "(python-multiprocessing/go-goroutines)/(python/go)", "python/python-threads")


def judged(data: BenchResult) -> dict[str, object]:
    return {j.claim.key: j for j in judge(data)}


@pytest.mark.parametrize("low, high, verdict", [
    (9.0, 11.0, Verdict.HOLDS), (8.0, 12.0, Verdict.HOLDS), (13.0, 14.0, Verdict.FAILS), (5.0, 7.0, Verdict.FAILS),
    (11.0, 13.0, Verdict.UNDECIDED), (7.0, 9.0, Verdict.UNDECIDED), (None, None, Verdict.UNDECIDED),
])
def test_an_interval_holds_inside_the_tolerance_fails_outside_and_is_undecided_across(low, high, verdict):
    assert within(low, high, 8.0, 12.0) is verdict


def test_every_claim_of_a_real_run_is_judged_in_the_articles_order_with_each_of_its_figures():
    data = load(FIXTURES / "primes.json", BenchResult)
    by_key = judged(data)
    assert list(by_key) == [c.key for c in article.CLAIMS]
    [python] = by_key["python"].findings
    assert python.value == data.entry("python").timing
    assert python.verdict is Verdict.COMPARED, "the article's machine is unnamed: its times are compared, not judged"
    assert [f.measure.denominator for f in by_key["compiled"].findings] == ["c", "go"]
    assert all(f.value is not None for f in by_key["parallel-gap"].findings)
    assert article.close_to(28) == (28 / 1.25, 28 * 1.25) and by_key["parallel-gap"].claim.high == math.inf


def test_the_claims_hold_where_the_rounds_put_every_figure_inside_its_interval(tmp_path):
    by_key = judged(small(tmp_path, TIMES, RATIOS))
    [go_vs_python] = by_key["go-vs-python"].findings
    assert go_vs_python.value.low < 25 < go_vs_python.value.high
    assert {key: j.verdict for key, j in by_key.items()} == {
        "python": Verdict.COMPARED, "go": Verdict.COMPARED, "go-vs-python": Verdict.HOLDS,
        "compiled": Verdict.HOLDS, "parallel-gap": Verdict.HOLDS, "gil": Verdict.HOLDS,
        "structural": Verdict.NOT_MEASURED}


def test_go_five_times_the_articles_lead_does_not_hold(tmp_path):
    by_key = judged(small(tmp_path, {**TIMES, "go": 0.03}, RATIOS))  # 133×
    assert by_key["go-vs-python"].verdict is Verdict.FAILS and by_key["compiled"].verdict is Verdict.FAILS


def test_a_missing_program_is_not_measured_and_one_thread_is_not_checked(tmp_path):
    data = small(tmp_path, {k: v for k, v in TIMES.items() if k != "go"},
                 tuple(r for r in RATIOS if "go" not in r))
    by_key = judged(data)
    assert by_key["go"].findings[0].verdict is Verdict.NOT_MEASURED
    assert [f.verdict for f in by_key["compiled"].findings] == [Verdict.HOLDS, Verdict.NOT_MEASURED]
    data.entry("python-threads").threads = 1
    [gil] = judged(data)["gil"].findings
    assert gil.verdict is Verdict.ONE_THREAD and gil.value is not None


def test_a_run_at_another_limit_is_not_judged(tmp_path):
    assert judge(small(tmp_path, TIMES, RATIOS, limit=article.LIMIT // 10)) is None


# The ways around the GIL, each against its serial program: python-ft-threads against python-ft, and so on.
FIXES = {m.denominator: m for m in article.FIXES}


def fixes(tmp_path, speedups: dict[str, float]) -> BenchResult:
    """A run of each way named, that many times faster than its serial program, on two threads."""
    times = {"python": 4.0}
    for name, speedup in speedups.items():
        times |= {FIXES[name].numerator: 4.0, name: 4.0 / speedup}
    asked = [("compute " if FIXES[n].compute else "") + f"{FIXES[n].numerator}/{n}" for n in speedups]
    return small(tmp_path, times, tuple(asked))


@pytest.mark.parametrize("speedups, verdict", [
    ({"python-ft-threads": 1.05, "python-numba-threads": 1.9}, Verdict.FAILS),
    ({"python-ft-threads": 1.3, "python-subinterpreters": 1.9}, Verdict.FAILS),
    ({"python-ft-threads": 1.05, "python-subinterpreters": 1.1}, Verdict.HOLDS),
    ({"python-ft-threads": 1.05, "python-numba-threads": article.NO_PARALLELISM}, Verdict.UNDECIDED),  # across it
    ({}, Verdict.NOT_MEASURED),
])
def test_no_library_can_fix_it_fails_where_any_way_is_wholly_above_the_bound_and_holds_where_every_one_is_below(
        tmp_path, speedups, verdict):
    structural = judged(fixes(tmp_path, speedups))["structural"]
    assert structural.verdict is verdict
    measured = {f.measure.denominator: f.verdict for f in structural.findings if f.verdict is not Verdict.NOT_MEASURED}
    assert set(measured) == set(speedups)
    assert all(v is Verdict.FAILS for n, v in measured.items() if speedups[n] > 1.3)


def test_numbas_threads_are_judged_on_compute_time_as_numbas_rows_are(tmp_path):
    path = tmp_path / "whole" / "primes.json"  # start-up included: not the figure judged, and a file lacking it
    path.parent.mkdir()
    path.write_text(dumped(small_primes({"python": 4.0, "python-numba": 1.0, "python-numba-threads": 0.52},
                                        ("python-numba/python-numba-threads",), claims=False)))
    with pytest.raises(SchemaError, match="no 'compute python-numba/python-numba-threads'"):
        load(path, BenchResult)
    assert judged(fixes(tmp_path, {"python-numba-threads": 1.9}))["structural"].verdict is Verdict.FAILS


def test_one_thread_leaves_the_claim_about_threads_unchecked(tmp_path):
    data = fixes(tmp_path, {"python-ft-threads": 1.0})
    data.entry("python-ft-threads").threads = 1
    assert judged(data)["structural"].verdict is Verdict.ONE_THREAD


def test_the_serial_cost_of_free_threading_is_taken_against_the_default_build_of_the_same_version(tmp_path):
    data = small(tmp_path, {"python": 4.0, "python-ft": 5.0, "python-3.14": 4.0},
                 ("python-3.14/python-ft",))
    data.entry("python-3.14").version = "CPython 3.14.0"
    data.entry("python-ft").version = "CPython 3.13.5, free-threaded build"
    assert serial_cost(data) is None, "3.14 against 3.13t is not the cost of free-threading"
    data = small(tmp_path, {"python": 4.0, "python-ft": 5.0, "python-3.13": 4.5}, ("python-3.13/python-ft",))
    for name in ("python-ft", "python-3.13"):
        data.entry(name).version = "CPython 3.13.5" + (", free-threaded build" if name == "python-ft" else "")
    cost = serial_cost(data)
    assert cost is not None and cost.numerator == "python-3.13" and cost.estimate == pytest.approx(0.9, rel=0.003)
