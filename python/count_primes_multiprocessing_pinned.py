"""count_primes_multiprocessing_pinned [--threads N] LIMIT: the process pool with each worker kept on
one CPU of its own, to measure what placement buys a pool (not what a pool's users usually do)."""

import os
import sys
from multiprocessing import get_context

from cli import Args, run, usable_cpus
from count_primes_multiprocessing import BLOCK, _count_block


def _pin(next_worker, cpus: list[int]) -> None:
    """Pool initializer: take the next worker number and stay on that CPU (round robin over the CPUs
    this process may use)."""
    with next_worker.get_lock():
        number = next_worker.value
        next_worker.value += 1
    os.sched_setaffinity(0, {cpus[number % len(cpus)]})


def count_primes_parallel(limit: int, processes: int) -> int:
    """count_primes_multiprocessing's count, on workers pinned one per CPU."""
    blocks = ((lo, min(lo + BLOCK, limit)) for lo in range(2, limit, BLOCK))
    context = get_context("fork")
    cpus = sorted(os.sched_getaffinity(0))
    with context.Pool(processes, initializer=_pin, initargs=(context.Value("i", 0), cpus)) as pool:
        return sum(pool.imap_unordered(_count_block, blocks))


def main(args: Args) -> int:
    return count_primes_parallel(args.limit, args.threads or usable_cpus())


if __name__ == "__main__":
    sys.exit(run(sys.argv, main, parallel=True))
