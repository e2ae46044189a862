"""A calibration of the gate: its alarms, what the budget bought, the pairs' correlation, and the model:
resampling measured noise and the time rule's simulated alarm rates."""

from __future__ import annotations

import math
import random

import pytest

from bench.analyse.calibration import (
    BLOCK,
    SLOWDOWNS,
    alarm_counts,
    alarms,
    centred_noise,
    correlation,
    effort,
    resample,
    simulate,
    suite_false_alarms,
)
from bench.core.results import InstructionRecord, TimeRecord


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


def time_record(slowdown: float, alarm: bool, log_ratios: list[float], half_width: float | None = 0.01,
                impl: str = "c") -> TimeRecord:
    return TimeRecord(signal="time", impl=impl, limit=1000, slowdown=slowdown, clock="cpu", ratio=1 + slowdown,
                      low=0.9, high=1.1, pairs=len(log_ratios), seconds=10.0, half_width=half_width, alarm=alarm,
                      log_ratios=log_ratios, size="ci", round=0)


def test_alarms_count_per_slowdown_and_leave_time_only_programs_out() -> None:
    pool = InstructionRecord(signal="instructions", impl="pool", slowdown=0.0, base=[10, 11], head=12, change=0.1,
                             spread=0.1, threshold=0.5, alarm=True, time_only="time only: 3 processes", limit=1000,
                             size="ci", round=0)
    records = [time_record(0.0, False, [0.0] * 3), time_record(0.0, True, [0.0] * 3),
               time_record(0.05, True, [0.05] * 3), pool]
    zero, five = alarms(records, "time", "ci")
    assert (zero.slowdown, zero.alarms, zero.total, zero.change) == (0.0, 1, 2, (0.0, 0.0, 0.0))
    assert (five.alarms, five.total) == (1, 1) and five.change == pytest.approx((0.05, 0.05, 0.05))
    assert alarms(records, "instructions", "ci") == []
    assert alarm_counts(records[:3]) == [(1, 2), (0, 0), (0, 0), (1, 1), (0, 0)]


def test_effort_and_correlation_read_each_comparisons_pairs() -> None:
    climbing = [0.001 * i for i in range(20)]
    records = [time_record(0.0, False, climbing), time_record(0.0, False, [0.0, 0.01] * 10, half_width=None)]
    [e] = effort(records, "ci", wanted=0.02)
    assert e.pairs == (20, 20, 20) and e.comparisons == 2 and e.narrow == 1 and e.width[2] == math.inf
    assert e.lag[2] > 0.5 and e.lag[1] < -0.5 and e.lag[0] == pytest.approx((e.lag[1] + e.lag[2]) / 2)
    c = correlation(records)
    assert c is not None and c[0] == 2 and c[3] == 2  # one leans like its neighbour, one alternates
    assert correlation([time_record(0.0, False, [0.0, 0.0])]) is None


def test_the_suites_false_alarm_rate_compounds_the_programs_tails() -> None:
    bound, suite = suite_false_alarms(0.99, 2)
    assert bound == pytest.approx(0.005) and suite == pytest.approx(1 - 0.995**2)
