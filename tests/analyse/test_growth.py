"""The growth fit recovers a known exponent and finds where start-up stops dominating."""

from __future__ import annotations

import math
import random

import pytest

from bench.analyse.growth import fit_exponent, growth, startup_crossing, trial_division_exponent

SIZES = [10**3, 10**4, 10**5, 10**6, 10**7]


def synthetic(k: float, c: float, startup: float, sizes: list[int] = SIZES) -> list[float]:
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


def test_the_predicted_exponent_matches_the_divisions_the_loop_makes():
    """The model LIMIT^1.5 / ln LIMIT against the loop's real work between 2·10^4 and 10^5. The model
    counts the primes' divisions only; composites, stopped at their smallest factor, add work that grows
    more slowly, so the real slope is a little lower (1.37 against 1.41 here)."""
    low, high = 20_000, 100_000
    measured = math.log(divisions_below(high) / divisions_below(low)) / math.log(high / low)
    assert measured < trial_division_exponent(low, high) < measured + 0.05
    assert 1.42 < trial_division_exponent(10**6, 10**7) < 1.44
