"""make bench's run counts: a first batch sized to the budget, then batches until the mean is precise
enough or the budget is spent, on a fake hyperfine whose times are known."""

from __future__ import annotations

import random

import pytest

from bench.measure.adaptive import BenchPlan, next_batch, plan_runs, time_until_precise


class FakeHyperfine:
    """Stands in for one hyperfine call: runs of `mean` seconds with a relative spread `cv`."""

    def __init__(self, mean: float, cv: float, seed: int = 1) -> None:
        self.mean, self.cv = mean, cv
        self.rng = random.Random(seed)
        self.calls: list[tuple[int, int]] = []

    def __call__(self, argv: list[str], runs: int, warmup: int) -> tuple[dict, list[str]]:
        self.calls.append((runs, warmup))
        times = [max(1e-6, self.rng.gauss(self.mean, self.mean * self.cv)) for _ in range(runs)]
        return ({"times": times, "exit_codes": [0] * runs, "user": self.mean * 0.9, "system": self.mean * 0.01},
                ["hyperfine", "--runs", str(runs), *argv])


def plan(**overrides) -> BenchPlan:
    return BenchPlan(**{"limit": 1000, "runs": None, "warmup": None, "budget": 40.0, **overrides})


@pytest.mark.parametrize("seconds, runs, warmup", [(0.2, 20, 3), (5.0, 8, 1), (30.0, 3, 1)])
def test_the_first_batch_fits_the_budget_with_at_least_three_runs(seconds, runs, warmup):
    assert plan_runs(seconds, plan()) == (runs, warmup)


def test_given_runs_and_warm_ups_are_taken_as_they_are():
    assert plan_runs(30.0, plan(runs=7, warmup=0)) == (7, 0)


def test_a_quiet_program_stops_after_the_first_batch():
    fake = FakeHyperfine(0.25, 0.01)
    timing = time_until_precise(["prog"], 0.25, plan(), timer=fake)
    assert fake.calls == [(20, 3)]
    assert timing.runs == 20 and timing.met_target and len(timing.batches or []) == 1


def test_a_noisy_program_gets_more_batches_until_the_mean_is_precise():
    """A spread of 20% needs about (0.20 / 0.02)^2 = 100 runs for a 2% standard error of the mean."""
    fake = FakeHyperfine(0.1, 0.20)
    timing = time_until_precise(["prog"], 0.1, plan(budget=1000.0), timer=fake)
    assert len(fake.calls) >= 2
    assert all(warmup == 0 for _, warmup in fake.calls[1:]), "warm-up runs belong to the first batch only"
    assert 80 <= timing.runs <= 200
    assert timing.met_target and timing.rse <= 0.02
    assert timing.runs == sum(b.runs for b in timing.batches or [])


def test_the_budget_stops_a_noisy_program_and_the_record_says_so():
    fake = FakeHyperfine(1.0, 0.30)
    timing = time_until_precise(["prog"], 1.0, plan(budget=12.0), timer=fake)
    assert not timing.met_target and timing.rse > 0.02
    assert sum(timing.times) <= 12.0 * 1.5
    assert timing.runs < 100


def test_fixed_runs_take_exactly_one_batch_whatever_the_noise():
    fake = FakeHyperfine(0.1, 0.5)
    timing = time_until_precise(["prog"], 0.1, plan(runs=5, warmup=1), timer=fake)
    assert fake.calls == [(5, 1)] and timing.runs == 5


def test_the_next_batch_aims_at_the_target_and_stays_within_the_budget():
    times = [1.0, 1.2, 0.8, 1.1, 0.9]  # cv about 16%: about 60 runs in all for 2%
    wanted = next_batch(times, sum(times), plan(budget=1000.0))
    assert 50 <= wanted <= 70
    assert next_batch(times, sum(times), plan(budget=7.0)) == 0  # less than three runs' time left
    assert next_batch(times, sum(times), plan(budget=20.0)) == 15  # what the 15 s left hold
    assert next_batch([1.0] * 20, 20.0, plan()) == 0  # no spread: precise already


def test_cpu_time_is_the_mean_over_every_batch():
    fake = FakeHyperfine(0.1, 0.20)
    timing = time_until_precise(["prog"], 0.1, plan(budget=1000.0), timer=fake)
    assert timing.user == pytest.approx(0.09) and timing.system == pytest.approx(0.001)
