"""The division counts and the replayed hand-out of blocks behind the thread page's tail column."""

from __future__ import annotations

import math

import pytest

from bench.analyse.schedule import MOST_BLOCKS, costs_below, cyclic_makespan, divisions, makespan, tail_share


def divisions_by_running_the_loop(n: int) -> int:
    """The article's inner loop, run: one division per i tried."""
    tried = 0
    for i in range(2, math.isqrt(n) + 1):
        tried += 1
        if n % i == 0:
            break
    return tried


@pytest.mark.parametrize("limit", [0, 1, 2, 3, 10, 1000, 20_011])
def test_divisions_match_the_loop(limit):
    assert list(divisions(limit)) == [0, 0][:limit] + [divisions_by_running_the_loop(n) for n in range(2, limit)]


def test_blocks_share_the_work_out_exactly():
    counts = divisions(10_000)
    for block in (1, 7, 1024, 20_000):
        costs = costs_below(10_000, block)
        assert sum(costs) == sum(counts) and len(costs) == math.ceil((10_000 - 2) / block)
        assert costs == [sum(counts[lo:lo + block]) for lo in range(2, 10_000, block)]


def test_makespan_hands_each_block_to_the_first_worker_free():
    assert makespan([5, 1, 1, 1, 1, 1], 2) == 5
    assert makespan([1, 1, 1, 1, 1, 5], 2) == 7  # the last, largest block leaves the other worker waiting
    assert makespan([3, 3, 3], 1) == 9


def test_tail_grows_with_the_block_and_vanishes_on_one_worker():
    shares = [tail_share(200_000, block, 4) for block in (64, 1024, 16_384, 65_536)]
    assert shares == sorted(shares) and shares[0] < 0.002 < shares[-1]
    assert tail_share(200_000, 1024, 1) == 0.0


def test_no_tail_is_replayed_past_its_most_blocks():
    assert tail_share(MOST_BLOCKS * 64, 64, 4) is not None
    assert tail_share(MOST_BLOCKS * 64 + 1, 64, 4) is None


def test_a_cyclic_schedule_deals_the_blocks_in_turn_whatever_they_cost():
    assert cyclic_makespan([5, 1, 1, 1, 1, 1], 2) == 7  # worker 0 holds blocks 0, 2 and 4
    assert cyclic_makespan([3, 3, 3], 1) == 9
    # Dealt in turn, a growing cost leaves the last worker more than the others; handed out as workers
    # free up, less.
    assert 0 < tail_share(200_000, 1024, 16) < tail_share(200_000, 1024, 16, "cyclic")
    assert tail_share(200_000, 64, 2) < tail_share(200_000, 64, 2, "cyclic") < 0.01
