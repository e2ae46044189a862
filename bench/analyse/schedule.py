"""The work of the article's loop, counted exactly, and what handing it out in blocks leaves idle.

Testing n costs one trial division per i tried: p - 1 for a composite n whose smallest factor is p,
isqrt(n) - 1 for a prime. A parallel program hands out blocks of consecutive numbers, each to the
worker that frees up first; the last blocks leave the other workers waiting. Counting the divisions of
every block and replaying that hand-out gives the wait without timing anything."""

from __future__ import annotations

import functools
import heapq
import itertools
import math
from array import array
from collections.abc import Sequence


@functools.lru_cache(maxsize=2)  # every sweep of a file, and most files, share a LIMIT
def divisions(limit: int) -> Sequence[int]:
    """The trial divisions the article's loop makes for each n in [0, limit) (0 for n < 2); not to be changed."""
    root = math.isqrt(max(limit - 1, 0))
    counts = array("q", bytes(8 * limit))
    for r in range(1, root + 1):  # a prime n tries every i up to isqrt(n): r - 1 divisions from r * r on
        lo, hi = r * r, min((r + 1) ** 2, limit)
        counts[lo:hi] = array("q", [r - 1]) * (hi - lo)
    # A composite n stops at its smallest factor p, a prime with p * p <= n: the smaller primes written last.
    primes = [p for p in range(2, root + 1) if all(p % q for q in range(2, math.isqrt(p) + 1))]
    for p in reversed(primes):
        counts[p * p::p] = array("q", [p - 1]) * len(range(p * p, limit, p))
    return counts


@functools.lru_cache(maxsize=2)
def running_total(limit: int) -> Sequence[int]:
    """The divisions for every n below each index: running_total(limit)[k] = sum(divisions(limit)[:k])."""
    return array("q", itertools.accumulate(divisions(limit), initial=0))


def makespan(costs: list[int], workers: int) -> int:
    """When the last worker finishes, in divisions, when each block in turn goes to the first worker
    free (dynamic scheduling: an atomic counter, OpenMP's dynamic schedule, a pool's task queue)."""
    free = [0] * max(workers, 1)
    for cost in costs:
        heapq.heapreplace(free, free[0] + cost)
    return max(free)


def cyclic_makespan(costs: list[int], workers: int) -> int:
    """When the last worker finishes when worker k takes blocks k, k + workers, k + 2 workers... from the
    start (a static schedule that deals the blocks out in turn)."""
    workers = max(workers, 1)
    return max(sum(costs[k::workers]) for k in range(workers))


SCHEDULES = {"dynamic": makespan, "cyclic": cyclic_makespan}


# Blocks whose hand-out is replayed, at most (LIMIT / block): beyond, a breakdown gives no tail.
MOST_BLOCKS = 20_000


@functools.lru_cache(maxsize=8)  # every thread count of a sweep shares its blocks
def costs_below(limit: int, block: int) -> list[int]:
    """The divisions of each block of `block` consecutive numbers from 2 below limit, in hand-out order."""
    total = running_total(limit)
    return [total[min(lo + block, limit)] - total[lo] for lo in range(2, limit, block)]


@functools.lru_cache(maxsize=256)  # a file is read for every page that shows it
def tail_share(limit: int, block: int, workers: int, schedule: str = "dynamic") -> float | None:
    """The share of the ideal time (the work / workers) that the workers wait at the end, with the blocks
    of the numbers below limit handed out by `schedule`: makespan / (work / workers) - 1; None for more
    than MOST_BLOCKS blocks."""
    if limit / block > MOST_BLOCKS:
        return None
    if workers <= 1:
        return 0.0
    costs = costs_below(limit, block)
    work = sum(costs)
    if work == 0:
        return 0.0
    return SCHEDULES[schedule](costs, workers) / (work / workers) - 1
