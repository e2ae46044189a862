"""The article's claims judged once: an interval inside the claim's tolerance holds, one wholly outside
does not, one across a bound is undecided; a claim about threads needs two threads."""

from __future__ import annotations

import dataclasses
import math

import pytest

from bench.analyse.claims import Verdict, judge, serial_cost, within
from bench.analyse.derive import load
from bench.core import article
from bench.core.results import BenchResult
from tests.doctor import FIXTURES


@pytest.mark.parametrize("low, high, verdict", [
    (9.0, 11.0, Verdict.HOLDS), (8.0, 12.0, Verdict.HOLDS), (13.0, 14.0, Verdict.FAILS), (5.0, 7.0, Verdict.FAILS),
    (11.0, 13.0, Verdict.UNDECIDED), (7.0, 9.0, Verdict.UNDECIDED), (None, None, Verdict.UNDECIDED),
])
def test_an_interval_holds_inside_the_tolerance_fails_outside_and_is_undecided_across(low, high, verdict):
    assert within(low, high, 8.0, 12.0) is verdict


def test_every_claim_is_judged_in_the_articles_order_with_each_of_its_figures():
    data = load(FIXTURES / "primes.json", BenchResult)
    judged = judge(data)
    assert [j.claim for j in judged] == list(article.CLAIMS)
    by_key = {j.claim.key: j for j in judged}
    [python] = by_key["python"].findings
    assert python.value == data.entry("python").timing
    assert python.verdict is Verdict.COMPARED, "the article's machine is unnamed: its times are compared, not judged"
    [go_vs_python] = by_key["go-vs-python"].findings
    assert go_vs_python.verdict is within(go_vs_python.value.low, go_vs_python.value.high, 28 / 1.25, 28 * 1.25)
    assert [f.measure.denominator for f in by_key["compiled"].findings] == ["c", "go"]
    assert all(f.value is not None for f in by_key["parallel-gap"].findings)
    assert article.close_to(28) == (28 / 1.25, 28 * 1.25) and by_key["parallel-gap"].claim.high == math.inf


def test_a_missing_program_is_not_measured_and_one_thread_is_not_checked():
    data = load(FIXTURES / "primes.json", BenchResult)
    data.implementations = [e for e in data.implementations if e.name != "go"]
    data.ratios = [r for r in data.ratios if "go" not in (r.numerator, r.denominator)]
    by_key = {j.claim.key: j for j in judge(data)}
    assert by_key["go"].findings[0].verdict is Verdict.NOT_MEASURED
    assert [f.verdict for f in by_key["compiled"].findings][1] is Verdict.NOT_MEASURED
    pool = data.entry("python-multiprocessing")
    data.implementations.append(dataclasses.replace(pool, name="python-threads", threads=1))
    data.ratios.append(dataclasses.replace(data.ratios[0], numerator="python", denominator="python-threads", over=None))
    [gil] = {j.claim.key: j for j in judge(data)}["gil"].findings
    assert gil.verdict is Verdict.ONE_THREAD and gil.value is not None


def test_a_run_at_another_limit_is_not_judged():
    data = load(FIXTURES / "primes.json", BenchResult)
    assert judge(dataclasses.replace(data, limit=article.LIMIT // 10)) is None


def with_speedup(data: BenchResult, twin: str, name: str, speedup: tuple[float, float, float],
                 compute: bool = False, threads: int = 2, version: str | None = None) -> BenchResult:
    """data with `name` run on `threads` beside `twin`, at that speedup (estimate, low, high) over it."""
    template = data.entry("python-multiprocessing")
    for row, kind in ((twin, "serial"), (name, "parallel")):
        if data.entry(row) is None:
            data.implementations.append(dataclasses.replace(template, name=row, kind=kind, threads=threads,
                                                            version=version or template.version))
    estimate, low, high = speedup
    data.ratios.append(dataclasses.replace(data.ratios[0], numerator=twin, denominator=name, over=None,
                                           estimate=estimate, low=low, high=high, compute=compute or None))
    return data


def structural(data: BenchResult):
    return {j.claim.key: j for j in judge(data)}["structural"]


@pytest.mark.parametrize("speedups, verdict", [
    ({"python-ft-threads": (1.05, 1.0, 1.1), "python-numba-threads": (1.9, 1.8, 2.0)}, Verdict.FAILS),
    ({"python-ft-threads": (1.3, 1.1, 1.5), "python-subinterpreters": (1.9, 1.8, 2.0)}, Verdict.FAILS),
    ({"python-ft-threads": (1.05, 1.0, 1.1), "python-subinterpreters": (1.1, 1.0, 1.2)}, Verdict.HOLDS),
    ({"python-ft-threads": (1.05, 1.0, 1.1), "python-numba-threads": (1.3, 1.1, 1.5)}, Verdict.UNDECIDED),
    ({}, Verdict.NOT_MEASURED),
])
def test_no_library_can_fix_it_fails_where_any_way_is_wholly_above_the_bound_and_holds_where_every_one_is_below(
        speedups, verdict):
    data = load(FIXTURES / "primes.json", BenchResult)
    twins = {f.measure.denominator: f.measure for f in structural(data).findings}
    for name, speedup in speedups.items():
        measure = twins[name]
        with_speedup(data, measure.numerator, name, speedup, compute=measure.compute)
    judged = structural(data)
    assert judged.claim.whole and judged.verdict is verdict
    measured = {f.measure.denominator: f.verdict for f in judged.findings if f.verdict is not Verdict.NOT_MEASURED}
    assert measured == {name: within(low, high, 0.0, article.NO_PARALLELISM)
                        for name, (_, low, high) in speedups.items()}


def test_numbas_threads_are_judged_on_compute_time_as_numbas_rows_are():
    data = load(FIXTURES / "primes.json", BenchResult)
    with_speedup(data, "python-numba", "python-numba-threads", (1.1, 1.0, 1.2))  # start-up included: not this one
    assert {f.measure.denominator: f.verdict for f in structural(data).findings}["python-numba-threads"] \
        is Verdict.NOT_MEASURED
    with_speedup(data, "python-numba", "python-numba-threads", (1.9, 1.8, 2.0), compute=True)
    assert structural(data).verdict is Verdict.FAILS


def test_one_verdict_of_several_figures_counts_only_those_judged():
    data = load(FIXTURES / "primes.json", BenchResult)
    by_key = {j.claim.key: j for j in judge(data)}
    assert by_key["python"].verdict is Verdict.COMPARED
    compiled = [f.verdict for f in by_key["compiled"].findings]
    assert by_key["compiled"].verdict is (Verdict.FAILS if Verdict.FAILS in compiled else
                                          Verdict.HOLDS if set(compiled) == {Verdict.HOLDS} else Verdict.UNDECIDED)
    with_speedup(data, "python-ft", "python-ft-threads", (1.0, 0.9, 1.1), threads=1)
    assert structural(data).verdict is Verdict.ONE_THREAD


def test_the_serial_cost_of_free_threading_is_taken_against_the_default_build_of_the_same_version():
    data = load(FIXTURES / "primes.json", BenchResult)
    assert serial_cost(data) is None
    with_speedup(data, "python-3.14", "python-ft", (0.8, 0.78, 0.82), version="CPython 3.14.0")
    data.entry("python-ft").version = "CPython 3.13.5, free-threaded build"
    assert serial_cost(data) is None, "3.14 against 3.13t is not the cost of free-threading"
    with_speedup(data, "python-3.13", "python-ft", (0.9, 0.88, 0.92), version="CPython 3.13.5")
    cost = serial_cost(data)
    assert cost is not None and (cost.numerator, cost.estimate) == ("python-3.13", 0.9)
