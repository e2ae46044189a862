"""The calibration's model: resampling measured noise and the time rule's simulated alarm rates."""

from __future__ import annotations

import random

import pytest

from bench.analyse.calibration import BLOCK, SLOWDOWNS, centred_noise, resample, simulate


def test_resampling_draws_runs_of_consecutive_pairs() -> None:
    measured = [float(i) for i in range(100)]
    drawn = resample(measured, 10, random.Random(1))
    assert len(drawn) == 10
    for i in range(0, 8, BLOCK):
        block = drawn[i:i + BLOCK]
        assert block == [block[0] + k for k in range(len(block))]


def test_simulated_rates_rise_with_the_slowdown_and_quiet_pairs_never_alarm() -> None:
    rng = random.Random(2)
    quiet = [rng.gauss(0, 0.002) for _ in range(80)]
    rates = simulate(quiet, 40, rng)
    assert rates[0] == 0 and rates[1] == 0
    assert rates[SLOWDOWNS.index(0.05)] == 1 and rates[-1] == 1
    noisy = [rng.gauss(0, 0.08) for _ in range(80)]
    loud = simulate(noisy, 40, rng)
    assert loud[0] == 0 and loud[SLOWDOWNS.index(0.05)] < 0.5


def test_the_noise_is_every_comparison_centred_on_its_own_median() -> None:
    offset = [[0.01, 0.02, 0.03], [-0.5, -0.4, -0.6]]
    assert centred_noise(offset) == pytest.approx([-0.01, 0.0, 0.01, 0.0, 0.1, -0.1])


def test_resampling_nothing_is_an_error() -> None:
    with pytest.raises(ValueError):
        resample([], 4, random.Random(0))
