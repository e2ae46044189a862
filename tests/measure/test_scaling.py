"""make scaling's plan: which thread counts, and which sizes the time budget allows."""

from __future__ import annotations

import functools
import shutil

import pytest

from bench.analyse.derive import threads_entry
from bench.core import manifest
from bench.core.manifest import Implementation, build_available
from bench.core.results import Answer
from bench.measure import scaling
from bench.measure.scaling import measure_threads

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
    assert [limit for limit, _, _ in points] == [10**3, 10**4, 10**5, 10**6]
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
    monkeypatch.setattr(scaling, "Plan", functools.partial(scaling.Plan, round_seconds=0.3))
    loaded = manifest.load()
    pinned, base, twin = (loaded.get(n) for n in ("go-goroutines-pinned", "go-goroutines", "go"))
    build_available([pinned, base, twin], quiet=True)
    entry = threads_entry(measure_threads(pinned, twin, 20_000, [1, 2], seed=3, log=lambda _: None, budget=2.0,
                                          base=base), 20_000)
    assert entry.variant_of == "go-goroutines"
    ratio = entry.variant_speedup
    assert (ratio.numerator, ratio.denominator) == ("go-goroutines@2", "go-goroutines-pinned@2")
    assert ratio.rounds >= 5 and all("go-goroutines@2" in r.times for r in entry.session.rounds)
    assert threads_entry(measure_threads(pinned, twin, 20_000, [1, 2], 3, lambda _: None, 0.5), 20_000) \
        .variant_speedup is None


def test_a_size_is_predicted_from_the_time_below_less_its_start_up_which_does_not_grow(monkeypatch):
    """numba's parallel row: 1 s at LIMIT=1000, nearly all of it the compile at start. Its start-up
    does not grow with LIMIT, so 10^4 is predicted at about 1.1 s, not 10^1.5 x 1 s = 32 s."""
    run_seconds = {10**3: 1.0, 10**4: 1.1, 10**5: 1.5, 10**6: 20.0, 10**7: 600.0}

    def fake_verify(impl, limit, threads=None):
        return Answer(expected=0, output="0", seconds=run_seconds.get(limit, 0.96), peak_rss_kib=None)

    monkeypatch.setattr(scaling, "verify", fake_verify)
    points, skipped = scaling.verify_sizes(STUB, budget=120.0, log=lambda line: None, startup=0.96)
    assert [limit for limit, _, _ in points] == [10**3, 10**4, 10**5, 10**6]
    assert skipped[0].limit == 10**7 and skipped[0].predicted_s == pytest.approx(0.96 + 19.04 * 10**1.5)
    _, skipped = scaling.verify_sizes(STUB, budget=120.0, log=lambda line: None)
    assert skipped[0].limit == 10**4, "with no start-up known, the whole time is taken to grow"
