"""Which rounds count, a command's time in them, the ratios and timings taken within them, and where a
parallel program's efficiency goes: pure functions of recorded rounds."""

from __future__ import annotations

import dataclasses
import random

import pytest

from bench.analyse.rounds import RatioSpec, breakdown, compute_of, estimate, quiet_rounds, timing_of
from bench.core.results import Round


def test_a_timing_is_the_median_of_each_rounds_median_with_its_interval():
    values = [float(v) for v in range(2, 22)]
    random.Random(5).shuffle(values)
    rounds = [Round(number=i, order=["a"], times={"a": [v, v - 1, v + 100]}, user={"a": 0.5},
                    system={"a": 0.1}, seconds=1.0) for i, v in enumerate(values, 1)]
    t = timing_of("a", rounds)
    assert t.estimate == 11.5 and t.rounds == 20 and t.runs == 60  # the rounds' medians are 2 .. 21
    assert t.low is not None and t.high is not None and t.low <= t.estimate <= t.high
    assert (t.min, t.max) == (1.0, 121.0) and t.user == 0.5 and t.cpu == pytest.approx(0.6)
    trend = [Round(number=i, order=["a"], times={"a": [float(i)]}, user={"a": 0.5}, system={"a": 0.1},
                   seconds=1.0) for i in range(1, 21)]
    assert timing_of("a", trend).low is None, "a series that only climbs bounds no median"


def test_a_timing_summarises_every_run_of_its_rounds():
    one = [Round(number=1, order=["a"], times={"a": [1.0, 2.0, 3.0, 4.0]}, user={"a": 0.5}, system={"a": 0.1},
                 seconds=1.0)]
    t = timing_of("a", one)
    assert (t.runs, t.mean, t.estimate, t.min, t.max) == (4, 2.5, 2.5, 1.0, 4.0)
    assert t.stddev == pytest.approx(1.2909944)
    assert timing_of("a", [dataclasses.replace(one[0], times={"a": [2.0]})]).stddev == 0.0, "one run has no spread"


def rounds_with_load(loads: list[float | None]) -> list[Round]:
    return [Round(number=i, order=["a", "b"], times={"a": [2.0 if load and load > 0.5 else 1.0], "b": [1.0]},
                  user={"a": 0.9, "b": 0.9}, system={"a": 0.0, "b": 0.0}, seconds=2.0, foreign_load=load)
            for i, load in enumerate(loads, 1)]


def test_rounds_that_other_load_disturbed_are_left_out_while_enough_quiet_ones_remain():
    rounds = rounds_with_load([0.0, 0.02, 1.0, 0.0, 1.0, 0.01, 0.0, 1.0, 0.03, 0.0])
    quiet, left_out = quiet_rounds(rounds)
    assert left_out == 3 and all(r.foreign_load is not None and r.foreign_load <= 0.25 for r in quiet)
    ratio = estimate(RatioSpec("a", "b"), rounds, 0.95)
    assert ratio.estimate == 1.0 and ratio.rounds == 7 and ratio.disturbed == 3
    assert timing_of("a", rounds).estimate == 1.0
    everywhere = rounds_with_load([1.0] * 8 + [0.0] * 2)
    assert quiet_rounds(everywhere) == (everywhere, 0), "too few quiet rounds: all kept, and the interval says so"
    mostly = rounds_with_load([1.0] * 14 + [0.0] * 6)
    assert quiet_rounds(mostly) == (mostly, 0), "load through most rounds: the few quiet ones are not all there is"
    unknown = rounds_with_load([None] * 6)
    assert quiet_rounds(unknown) == (unknown, 0)


def test_the_parts_of_the_lost_efficiency_add_up_to_the_loss():
    # Twin: 10 ms start-up + 990 ms; on 1 thread 12 ms + 1038 ms; on 2 threads 15 ms start-up, 560 ms in all.
    times = {"s": 1.0, "s@start": 0.010, "p@1": 1.050, "p@1@start": 0.012, "p@2": 0.560, "p@2@start": 0.015}
    rounds = [Round(number=i, order=list(times), times={n: [t] for n, t in times.items()},
                    user={n: 0.0 for n in times}, system={n: 0.0 for n in times}, seconds=3.0, foreign_load=0.0)
              for i in range(1, 8)]
    part = breakdown("p", 1000, "dynamic", "s", 2, rounds, 20_000)
    assert part.ideal == pytest.approx(0.5) and part.measured == pytest.approx(0.560)
    assert part.serial_start == pytest.approx(0.005) and part.thread_start == pytest.approx(0.005)
    assert part.per_worker == pytest.approx((1.038 - 0.990) / 2)
    assert part.tail_share is not None and 0 < part.tail_share < 0.2
    assert part.tail == pytest.approx(part.tail_share * 1.038 / 2)
    total = part.serial_start + part.thread_start + part.per_worker + part.tail + part.rest
    assert total == pytest.approx(part.measured - part.ideal)


def test_a_compute_time_is_the_median_of_each_rounds_difference_not_a_difference_of_medians():
    pairs = [(1.0, 0.9), (1.2, 0.5), (1.1, 1.0)]  # differences 0.1, 0.7, 0.1; medians 1.1 - 0.9 = 0.2
    rounds = [Round(number=i + 1, order=["a", "a@start"], times={"a": [t], "a@start": [s]},
                    user={"a": 0.1, "a@start": 0.1}, system={"a": 0.0, "a@start": 0.0}, seconds=2.0)
              for i, (t, s) in enumerate(pairs)]
    timing, startup = timing_of("a", rounds), timing_of("a@start", rounds)
    assert compute_of("a", timing, startup, rounds) == pytest.approx(0.1)
    assert compute_of("b", timing, startup, rounds) == pytest.approx(0.2), "no round ran b: the medians' difference"
    assert compute_of("a", timing, startup, None) == pytest.approx(0.2)
