"""The median's interval over rounds, and how much a series leans like its neighbours, on synthetic samples whose
answers are known."""

from __future__ import annotations

import math
import random

import pytest

from bench.analyse.intervals import dependence_factor, lag1_autocorrelation, median_interval
from bench.core.results import Estimate


def test_half_width_is_half_the_log_width() -> None:
    assert Estimate(1.0, math.exp(-0.01), math.exp(0.03), 40).half_width == pytest.approx(0.02)
    assert Estimate(1.0, 0.0, math.inf, 9).half_width is None


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


def test_dependence_widens_only_for_positive_correlation() -> None:
    assert dependence_factor([1.0, -1.0] * 20) == 1.0
    rng = random.Random(2)
    assert dependence_factor(ar1(4000, 0.5, 1.0, rng)) == pytest.approx(math.sqrt(3), rel=0.05)
    assert dependence_factor([float(i) for i in range(100)]) == pytest.approx(math.sqrt(1.9 / 0.1))  # capped
    independent = [rng.gauss(0, 1) for _ in range(400)]
    assert 1.0 <= dependence_factor(independent) < 1.1


def test_lag1_autocorrelation_of_known_series():
    assert lag1_autocorrelation([1.0, -1.0] * 10) == pytest.approx(-0.95)
    assert lag1_autocorrelation([0.0] * 10 + [1.0] * 10) == pytest.approx(0.85)
    assert lag1_autocorrelation([3.0, 3.0, 3.0]) == 0.0 and lag1_autocorrelation([1.0, 2.0]) == 0.0
