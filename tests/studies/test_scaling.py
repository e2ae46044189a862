"""make scaling: which thread counts and sizes it measures, the growth fit (a known exponent recovered,
where start-up stops dominating), and scaling.md's tables read from the records."""

from __future__ import annotations

import dataclasses
import functools
import math
import random
import shutil

import pytest

from bench.analyse.derive import load, threads_entry
from bench.core import manifest
from bench.core.manifest import Implementation, build_available
from bench.core.results import Answer, Breakdown, Plan, ScalingResult, ThreadsResult
from bench.render.format import NOISY, NONE, factor, marks, ms
from bench.studies import scaling
from bench.studies.scaling import SIZES, fit_exponent, growth, measure_threads, page, startup_crossing
from tests.doctor import FIXTURES
from tests.render.pages import table_with

STUB = Implementation(name="stub", language="Python", kind="serial", run=("stub",))


@pytest.mark.parametrize("cpus, counts", [(1, [1]), (2, [1, 2]), (6, [1, 2, 4, 6]), (8, [1, 2, 4, 8])])
def test_thread_counts_double_up_to_the_online_cpus(cpus, counts):
    assert scaling.thread_counts(cpus) == counts


def test_the_thread_sweep_takes_every_parallel_implementation_against_its_twin_the_python_threads_too():
    impls = manifest.load(resolve=False).implementations
    twins = {i.name: i.twin for i in scaling.swept(impls)}
    assert twins == {i.name: i.twin for i in impls if i.kind == "parallel"}
    assert twins["python-threads"] == "python" and twins["python-ft-threads"] == "python-ft"


def test_a_size_whose_predicted_runs_exceed_the_budget_is_skipped_with_every_larger_one(monkeypatch):
    run_seconds = {10**3: 0.001, 10**4: 0.02, 10**5: 0.5, 10**6: 15.0, 10**7: 480.0}
    verified = []

    def fake_verify(impl, limit, threads=None):
        verified.append(limit)
        return Answer(expected=0, output="0", seconds=run_seconds.get(limit, 0.001), peak_rss_kib=None)

    monkeypatch.setattr(scaling, "verify", fake_verify)
    points, skipped = scaling.verify_sizes(STUB, budget=70.0, log=lambda line: None)
    assert [p.limit for p in points] == [10**3, 10**4, 10**5, 10**6]
    assert [s.limit for s in skipped] == [10**7]
    assert skipped[0].predicted_s == pytest.approx(15.0 * 10**1.5)
    assert skipped[0].predicted_rounds_s == pytest.approx((scaling.MIN_ROUNDS + 1) * 15.0 * 10**1.5)
    assert 10**7 not in verified

    verified.clear()
    points, skipped = scaling.verify_sizes(STUB, budget=20.0, log=lambda line: None)
    assert [s.limit for s in skipped] == [10**6, 10**7]  # 3 rounds and a warm-up of 0.5 s x 10^1.5 = 63 s
    assert skipped[1].reason == "a smaller size was over the budget"


def test_a_sweep_of_long_rounds_gets_the_budget_of_enough_rounds():
    base = scaling.THREADS_BUDGET_S
    assert scaling.sweep_budget(base, 1.0) == base, "short rounds keep the budget"
    assert scaling.sweep_budget(base, 8.0) == scaling.SWEEP_ROUNDS * 8.0
    assert scaling.sweep_budget(base, 60.0) == 3 * base, "at most three times"
    assert scaling.sweep_budget(3 * base, 1.0) == 3 * base


@pytest.mark.skipif(shutil.which("hyperfine") is None, reason="hyperfine is not installed")
def test_a_placement_variants_sweep_times_the_program_it_varies_in_the_same_rounds(monkeypatch):
    # Rounds of 0.3 s rather than the sweep's 3 s: what is checked is which jobs share the rounds.
    monkeypatch.setattr(scaling.results, "Plan", functools.partial(Plan, round_seconds=0.3))
    loaded = manifest.load()
    pinned, base, twin = (loaded.get(n) for n in ("go-goroutines-pinned", "go-goroutines", "go"))
    build_available([pinned, base, twin], quiet=True)
    entry = threads_entry(measure_threads(pinned, twin, 20_000, [1, 2], seed=3, log=lambda _: None, budget=2.0,
                                          base=base), 20_000, 2)
    assert entry.variant_of == "go-goroutines"
    ratio = entry.variant_speedup
    assert (ratio.numerator, ratio.denominator) == ("go-goroutines@2", "go-goroutines-pinned@2")
    assert ratio.rounds >= 5 and all("go-goroutines@2" in r.times for r in entry.session.rounds)
    assert threads_entry(measure_threads(pinned, twin, 20_000, [1, 2], 3, lambda _: None, 0.5), 20_000, 2) \
        .variant_speedup is None


def test_a_size_is_predicted_from_the_time_below_less_its_start_up_which_does_not_grow(monkeypatch):
    """numba's parallel row: 1 s at LIMIT=1000, nearly all of it the compile at start. Its start-up
    does not grow with LIMIT, so 10^4 is predicted at about 1.1 s, not 10^1.5 x 1 s = 32 s."""
    run_seconds = {10**3: 1.0, 10**4: 1.1, 10**5: 1.5, 10**6: 20.0, 10**7: 600.0}

    def fake_verify(impl, limit, threads=None):
        return Answer(expected=0, output="0", seconds=run_seconds.get(limit, 0.96), peak_rss_kib=None)

    monkeypatch.setattr(scaling, "verify", fake_verify)
    points, skipped = scaling.verify_sizes(STUB, budget=120.0, log=lambda line: None, startup=0.96)
    assert [p.limit for p in points] == [10**3, 10**4, 10**5, 10**6]
    assert skipped[0].limit == 10**7 and skipped[0].predicted_s == pytest.approx(0.96 + 19.04 * 10**1.5)
    _, skipped = scaling.verify_sizes(STUB, budget=120.0, log=lambda line: None)
    assert skipped[0].limit == 10**4, "with no start-up known, the whole time is taken to grow"


def synthetic(k: float, c: float, startup: float, sizes: tuple[int, ...] = SIZES) -> list[float]:
    return [startup + c * n**k for n in sizes]


@pytest.mark.parametrize("k", [0.5, 1.0, 1.43, 1.5, 2.0])
def test_fit_recovers_the_exponent_and_factor_of_a_power_law(k):
    fitted, c = fit_exponent(SIZES, [3e-9 * n**k for n in SIZES])
    assert fitted == pytest.approx(k, abs=1e-9)
    assert c == pytest.approx(3e-9, rel=1e-6)


def test_fit_stays_close_under_a_few_percent_of_noise():
    noise = random.Random(5)
    times = [2e-9 * n**1.5 * (1 + noise.uniform(-0.05, 0.05)) for n in SIZES]
    assert fit_exponent(SIZES, times)[0] == pytest.approx(1.5, abs=0.03)


def test_fit_needs_two_distinct_sizes():
    with pytest.raises(ValueError):
        fit_exponent([1000, 1000], [0.1, 0.2])


def test_start_up_is_subtracted_and_only_negligible_sizes_are_fitted():
    startup = 0.02
    result = growth(SIZES, synthetic(1.37, 1e-8, startup), startup)
    assert result.k == pytest.approx(1.37, abs=1e-6)
    assert result.negligible
    assert result.fit_sizes == (10**6, 10**7)  # 1e-8 * 1e5^1.37 = 71 ms: start-up is 22% there


def test_without_subtracting_start_up_the_slope_would_be_too_low():
    times = synthetic(1.5, 1e-9, 0.02)
    assert fit_exponent(SIZES, times)[0] < 1.2 < growth(SIZES, times, 0.02).k


def test_too_few_negligible_sizes_fall_back_to_compute_dominated_ones_and_say_so():
    startup = 0.05
    sizes = SIZES[:4]
    result = growth(sizes, synthetic(1.5, 5e-9, startup, sizes), startup)
    assert not result.negligible
    assert result.fit_sizes == (10**5, 10**6)
    assert result.k == pytest.approx(1.5, abs=1e-6)


def test_no_fit_when_start_up_dominates_everywhere():
    startup = 1.0
    result = growth(SIZES, synthetic(1.5, 1e-12, startup), startup)
    assert result.k is None
    assert result.crossing == "above" and result.startup_dominates_below is None


def test_start_up_dominance_size_is_where_compute_equals_start_up():
    startup, c, k = 0.01, 1e-9, 1.5
    exact = (startup / c) ** (1 / k)  # about 46,000
    result = growth(SIZES, synthetic(k, c, startup), startup)
    assert result.crossing == "interpolated"
    assert result.startup_dominates_below == pytest.approx(exact, rel=1e-9)


def test_crossing_survives_a_size_measured_faster_than_start_up():
    crossing, where = startup_crossing([10**3, 10**4], [0.009, 0.03], 0.01)
    assert where == "interpolated" and 10**3 < crossing < 10**4


def test_crossing_below_the_smallest_size():
    assert startup_crossing(SIZES, [1.0, 2.0, 3.0, 4.0, 5.0], 0.1) == (None, "below")


def divisions_below(limit: int) -> int:
    """How many trial divisions the article's loop makes for every n below limit, counted by running it."""
    total = 0
    for n in range(2, limit):
        i = 2
        while i * i <= n:
            total += 1
            if n % i == 0:
                break
            i += 1
    return total


def trial_division_exponent(low: int, high: int) -> float:
    """The slope between low and high of LIMIT^1.5 / ln LIMIT, trial division's work, on log-log axes."""
    def work(n: int) -> float:
        return n ** scaling.ASSUMED_K / math.log(n)
    return math.log(work(high) / work(low)) / math.log(high / low)


def test_the_predicted_exponent_matches_the_divisions_the_loop_makes():
    """The model LIMIT^1.5 / ln LIMIT against the loop's real work between 2·10^4 and 10^5. The model
    counts the primes' divisions only; composites, stopped at their smallest factor, add work that grows
    more slowly, so the real slope is a little lower (1.37 against 1.41 here)."""
    low, high = 20_000, 100_000
    measured = math.log(divisions_below(high) / divisions_below(low)) / math.log(high / low)
    assert measured < trial_division_exponent(low, high) < measured + 0.05
    assert 1.42 < trial_division_exponent(10**6, 10**7) < 1.44


def test_every_point_of_the_sweep_is_a_row_with_its_speedup():
    data = load(FIXTURES / "threads.json", ThreadsResult)
    rows = table_with(page(None, data), "efficiency")
    points = [(e, p) for e in data.implementations for p in e.points]
    assert len(rows) == len(points)
    for row, (e, p) in zip(rows, points):
        assert row["program"] == f"`{e.name}`" and row["workers"] == str(p.threads)
        assert row["× faster than its serial version"] == factor(p.speedup)
        assert row["median [ms]"] == ms(p.timing.estimate)
        # Its efficiency is the speedup per worker, flagged as the speedup is, and none where it is unbounded.
        assert row["efficiency"] == (f"{p.speedup.estimate / p.threads:.0%}" if p.speedup.half_width is not None
                                     else "unbounded") + marks(p.speedup)


def test_an_unbounded_speedup_gives_no_efficiency():
    data = load(FIXTURES / "threads.json", ThreadsResult)
    p = data.implementations[0].points[1]
    p.speedup = dataclasses.replace(p.speedup, low=None, high=None)
    row = next(r for r in table_with(page(None, data), "efficiency") if r["workers"] == str(p.threads))
    assert row["efficiency"] == "unbounded " + NOISY


def test_a_sweeps_own_budget_is_shown_even_when_zero():
    data = load(FIXTURES / "threads.json", ThreadsResult)
    data.implementations[0].budget_s, data.implementations[1].budget_s = 0.0, None
    budgets = [row["budget [s]"] for row in table_with(page(None, data), "budget [s]")]
    assert budgets[:2] == ["0", f"{data.settings.budget_s:.0f}"] and data.settings.budget_s > 0


def test_each_part_of_the_lost_efficiency_is_a_column():
    data = load(FIXTURES / "threads.json", ThreadsResult)
    assert "efficiency goes" not in page(None, data), "a file without breakdowns shows none"
    point = data.implementations[0].points[-1]
    point.breakdown = Breakdown(threads=2, block=1024, ideal=0.050, measured=0.055, serial_start=0.0005,
                                thread_start=0.001, per_worker=0.002, tail=None, tail_share=None, rest=0.0014)
    row, = table_with(page(None, data), "per-worker slowdown [ms]")
    assert [row[k] for k in ("ideal [ms]", "measured [ms]", "process start [ms]", "thread or pool start [ms]",
                             "per-worker slowdown [ms]", "tail [ms]", "the rest [ms]")] == \
        ["50.0", "55.0", "0.500", "1.00", "2.00", NONE, "1.40"]


def test_the_growth_table_has_a_row_per_program():
    data = load(FIXTURES / "scaling.json", ScalingResult)
    rows = table_with(page(data, None), "fitted over")
    assert [r["program"] for r in rows] == [f"`{e.name}`" for e in data.implementations]
    assert all(r["start-up [ms]"] == ms(e.startup.estimate) for r, e in zip(rows, data.implementations))
    skipped = {r["program"]: r[next(k for k in r if k.startswith("skipped"))] for r in rows}
    assert skipped["`python`"] == "10⁷+ (218 s)" and skipped["`c`"] == NONE
    data.implementations[0].skipped = [dataclasses.replace(s, predicted_rounds_s=None) for s in
                                       next(e for e in data.implementations if e.skipped).skipped]
    assert table_with(page(data, None), "fitted over")[0][next(k for k in rows[0] if k.startswith("skipped"))] \
        == f"10⁷+ ({NONE})", "a skip with no prediction says none, not 0 µs"
