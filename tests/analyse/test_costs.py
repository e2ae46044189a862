"""What one trial division costs, from the rounds alone: clocks and times per division, and cycles per division
taken within the rounds that ran the program, its start-up and the add chain, so that a machine whose clock
drifts round to round gives the same cycles."""

from __future__ import annotations

import pytest

from bench.analyse import costs
from bench.analyse.costs import CLOCK, clock_hz, clock_mhz, costs_of, seconds_per_division
from bench.analyse.rounds import startup_job
from bench.core.results import Round
from bench.measure.rounds import CLOCK_ADDS


def drifting_rounds(n: int = 12) -> list[Round]:
    """Rounds of a program of 1e9 cycles (1e8 divisions of 10 cycles) and the add chain, at a clock that
    moves from 2 to 4 GHz between rounds; each start-up 1 ms."""
    rounds = []
    for i in range(n):
        hz = 2e9 + 2e9 * i / (n - 1)
        times = {"c": [1e9 / hz + 0.001], startup_job("c"): [0.001],
                 CLOCK: [CLOCK_ADDS / hz + 0.001], startup_job(CLOCK): [0.001]}
        rounds.append(Round(number=i + 1, order=sorted(times), runs=1, times=times,
                            user={k: 0.0 for k in times}, system={k: 0.0 for k in times}, seconds=1.0))
    return rounds


def test_the_clock_is_additions_over_the_time_less_start_up():
    assert clock_hz(3_000_000_000, 1.001, 0.001) == pytest.approx(3e9)


def test_time_per_division_counts_every_thread():
    assert seconds_per_division(1.001, 0.001, 1, 100) == pytest.approx(0.01)
    assert seconds_per_division(0.501, 0.001, 2, 100) == pytest.approx(0.01)
    assert seconds_per_division(0.001, 0.002, 1, 100) > 0, "a compute time below zero counts as the smallest"


def test_cycles_per_division_do_not_follow_the_clock():
    rounds = drifting_rounds()
    [cost] = costs_of(rounds, {"c": 1}, 10**8, adds=CLOCK_ADDS)
    assert cost.cycles.estimate == pytest.approx(10.0)
    assert cost.cycles.low is None or cost.cycles.low == pytest.approx(10.0)
    fast = costs_of(rounds[-1:], {"c": 1}, 10**8, CLOCK_ADDS)
    slow = costs_of(rounds[:1], {"c": 1}, 10**8, CLOCK_ADDS)
    assert fast[0].ns.estimate == pytest.approx(slow[0].ns.estimate / 2, rel=0.01), "ns follow the clock"
    assert fast[0].cycles.estimate == pytest.approx(slow[0].cycles.estimate)
    assert clock_mhz(rounds, CLOCK_ADDS).estimate == pytest.approx(3000, rel=0.1)


def test_a_parallel_programs_cost_is_per_thread():
    rounds = drifting_rounds()
    [one] = costs_of(rounds, {"c": 1}, 10**8, adds=CLOCK_ADDS)
    [two] = costs_of(rounds, {"c": 2}, 10**8, adds=CLOCK_ADDS)
    assert two.cycles.estimate == pytest.approx(2 * one.cycles.estimate)


def test_without_the_add_chain_there_are_no_cycles():
    rounds = drifting_rounds()
    [cost] = costs_of(rounds, {"c": 1}, 10**8, adds=None)
    assert cost.cycles is None and cost.ns.estimate > 0


def test_the_division_count_is_exact():
    # n = 2..9: 2 and 3 need none; 4: 1; 5: 1; 6: 1; 7: 1; 8: 1; 9: 2
    assert costs.division_count(10) == 7
    assert costs.division_count(costs.COUNTED_UP_TO + 1) is None


def test_a_round_whose_compute_time_is_not_above_zero_leaves_the_cost_unbounded():
    rounds = drifting_rounds()
    rounds[3].times["c"] = [0.0005]  # faster than its own start-up: the timer cannot tell its compute
    [cost] = costs_of(rounds, {"c": 1}, 10**8, adds=CLOCK_ADDS)
    assert cost.cycles.low is None and cost.ns.low is None and cost.cycles.estimate == pytest.approx(10.0)


def test_a_compute_time_faster_than_a_division_a_cycle_at_ten_gigahertz_gives_no_cost():
    rounds = drifting_rounds()
    assert costs_of(rounds, {"c": 1}, 10**8, adds=CLOCK_ADDS), "1e8 divisions in 0.25 to 0.5 s: a cost"
    assert costs_of(rounds, {"c": 1}, 10**11, adds=CLOCK_ADDS) == [], "1e11 in 0.5 s: the noise of a start-up"
