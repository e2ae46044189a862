"""The median's interval over rounds and the gate's thresholds, on synthetic samples whose answers are known."""

from __future__ import annotations

import math
import random
import statistics

import pytest

from bench.analyse.intervals import (
    TIME_CONFIDENCE,
    TIME_DETECT,
    TIME_POWER,
    TIME_THRESHOLD,
    dependence_factor,
    instruction_change,
    median_interval,
    time_interval,
    time_verdict,
    wanted_half_width,
)
from bench.core.results import Estimate


def test_a_constant_shift_gives_a_point_interval() -> None:
    interval = time_interval([math.log(1.05)] * 20)
    assert interval.estimate == pytest.approx(1.05)
    assert interval.low == pytest.approx(1.05)
    assert interval.high == pytest.approx(1.05)
    assert time_verdict(interval) == "slower"


def test_too_few_rounds_give_an_unbounded_interval() -> None:
    # At 99.75% the sign test needs 12 independent rounds before the extremes bound the median.
    assert time_interval([0.1, 0.2] * 6).high < math.inf
    interval = time_interval([0.1, 0.2] * 5 + [0.1])
    assert (interval.low, interval.high, interval.half_width) == (None, None, None)
    assert time_verdict(interval) == "same"


@pytest.mark.parametrize(("shift", "verdict"), [(0.10, "slower"), (0.0, "same"), (-0.10, "faster")])
def test_noisy_shifts_are_judged_by_the_interval(shift: float, verdict: str) -> None:
    rng = random.Random(1)
    ratios = [math.log1p(shift) + rng.gauss(0, 0.01) for _ in range(30)]
    assert time_verdict(time_interval(ratios)) == verdict


def test_a_slowdown_below_the_threshold_is_not_a_regression() -> None:
    rng = random.Random(2)
    ratios = [math.log(1.02) + rng.gauss(0, 0.002) for _ in range(30)]
    interval = time_interval(ratios)
    assert interval.low > 1.01
    assert time_verdict(interval) == "same"


def test_verdict_threshold_is_three_percent_on_the_lower_bound() -> None:
    assert time_verdict(Estimate(1.05, 1.029, 1.08, 20)) == "same"
    assert time_verdict(Estimate(1.05, 1.031, 1.08, 20)) == "slower"
    assert time_verdict(Estimate(0.95, 0.92, 0.969, 20)) == "faster"


def test_interval_covers_no_change_at_its_confidence() -> None:
    rng = random.Random(3)
    trials = 2000
    misses = 0
    for _ in range(trials):
        interval = time_interval([rng.gauss(0, 0.02) for _ in range(20)])
        misses += interval.half_width is not None and not interval.low <= 1 <= interval.high
    assert misses / trials < 0.01


def test_instruction_threshold_is_the_larger_of_half_a_percent_and_five_spreads() -> None:
    assert not instruction_change([1000, 1000], 1004).regressed
    assert instruction_change([1000, 1000], 1006).regressed
    wide = instruction_change([1000, 1010], 1040)
    assert wide.threshold == pytest.approx(5 * 10 / 1005)
    assert not wide.regressed


def test_half_width_is_half_the_log_width() -> None:
    assert Estimate(1.0, math.exp(-0.01), math.exp(0.03), 40).half_width == pytest.approx(0.02)
    assert Estimate(1.0, 0.0, math.inf, 9).half_width is None


def test_at_the_wanted_half_width_a_five_percent_slowdown_is_caught_as_often_as_promised() -> None:
    """Simulated: estimates normal about log(1.05) whose interval has the wanted half-width; the share
    whose lower bound clears the +3% bar is TIME_POWER."""
    h = wanted_half_width()
    s = h / statistics.NormalDist().inv_cdf((1 + TIME_CONFIDENCE) / 2)
    rng = random.Random(11)
    trials = 20_000
    caught = sum(rng.gauss(math.log1p(TIME_DETECT), s) - h > math.log1p(TIME_THRESHOLD) for _ in range(trials))
    assert caught / trials == pytest.approx(TIME_POWER, abs=0.01)
    assert h == pytest.approx(0.01246, abs=1e-5)
    assert wanted_half_width(power=0.99) < h < wanted_half_width(power=0.8)


def ar1(n: int, rho: float, sigma: float, rng: random.Random) -> list[float]:
    """n values of a stationary AR(1) series about 0 with lag-1 correlation rho and spread sigma."""
    value = rng.gauss(0, sigma)
    out = []
    for _ in range(n):
        out.append(value)
        value = rho * value + rng.gauss(0, sigma * math.sqrt(1 - rho * rho))
    return out


def test_the_median_interval_is_the_sign_tests_order_statistics() -> None:
    values = [float(i) for i in range(1, 21)]
    rng = random.Random(1)
    rng.shuffle(values)  # no neighbour correlation left to widen for
    median, low, high = median_interval(values)
    assert (median, low, high) == (10.5, 6.0, 15.0)  # the textbook 95% interval for n = 20: X(6), X(15)
    assert median_interval([1.0, 2.0, 3.0, 4.0, 5.0])[1:] == (-math.inf, math.inf)  # 5 values bound nothing


@pytest.mark.parametrize("rho, rounds", [(0.0, 40), (0.3, 40), (0.6, 40), (0.3, 15), (0.6, 20)])
def test_the_median_interval_keeps_its_coverage_on_correlated_drifting_rounds(rho: float, rounds: int) -> None:
    """Rounds of two programs whose speed drifts together (the machine slows by up to 60% and back),
    with per-round ratio noise that leans like its neighbour. The ratio within each round cancels the
    drift; the widened interval still covers the true ratio 95% of the time, as few as 15 rounds in."""
    rng = random.Random(int(rho * 10) + rounds)
    trials, hits, blind = 1500, 0, 0
    for _ in range(trials):
        noise = ar1(rounds, rho, 0.03, rng)
        ratios = []
        for i, e in enumerate(noise):
            load = 1 + 0.6 * math.sin(math.pi * i / rounds) ** 2
            slow, fast = 2.0 * load * math.exp(e / 2), 1.0 * load * math.exp(-e / 2)
            ratios.append(math.log(slow / fast))
        _, low, high = median_interval(ratios)
        hits += low <= math.log(2.0) <= high
        shuffled = ratios[:]
        rng.shuffle(shuffled)  # the same values with their order, and so their correlation, hidden
        _, low, high = median_interval(shuffled)
        blind += low <= math.log(2.0) <= high
    assert hits / trials >= 0.93
    if rho >= 0.6 and rounds >= 40:
        assert blind / trials < 0.88, "an interval blind to the correlation would cover too rarely"


def test_the_gates_interval_keeps_its_coverage_when_rounds_lean_like_their_neighbours() -> None:
    """Per-round log-ratios with lag-1 correlation 0.36, as the gate's pool measured: the widened
    99.75% interval covers no change at its confidence; the same rounds shuffled would cover less."""
    rng = random.Random(9)
    trials, hits, blind = 1500, 0, 0
    for _ in range(trials):
        rounds = ar1(60, 0.36, 0.02, rng)
        interval = time_interval(rounds)
        hits += interval.low <= 1 <= interval.high
        rng.shuffle(rounds)
        interval = time_interval(rounds)
        blind += interval.low <= 1 <= interval.high
    assert hits / trials >= TIME_CONFIDENCE - 0.005
    assert blind / trials < hits / trials


def test_dependence_widens_only_for_positive_correlation() -> None:
    assert dependence_factor([1.0, -1.0] * 20) == 1.0
    rng = random.Random(2)
    assert dependence_factor(ar1(4000, 0.5, 1.0, rng)) == pytest.approx(math.sqrt(3), rel=0.05)
    assert dependence_factor([float(i) for i in range(100)]) == pytest.approx(math.sqrt(1.9 / 0.1))  # capped
    independent = [rng.gauss(0, 1) for _ in range(400)]
    assert 1.0 <= dependence_factor(independent) < 1.1
