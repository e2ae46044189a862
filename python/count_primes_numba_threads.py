"""count_primes_numba_threads [--threads N] LIMIT: the article's function compiled by Numba with
nogil=True, run by N plain Python threads (threading): the compiled code lets go of the GIL, so the
threads count at once. A library that gives CPython's threads CPU parallelism."""

from __future__ import annotations

import functools
import sys

import count_primes
from cli import Args, on_threads, run, usable_cpus
from count_primes_numba import SIGNATURE, import_numba

# Blocks of this many numbers, dealt in turn as python-numba-parallel deals them: thread k of N takes
# blocks k, k + N, k + 2N... so that every thread gets a like share of the costly top of the range.
BLOCK = 1024


@functools.cache
def compile_count_primes_between():
    """count_primes.count_primes_between, the very same Python function, compiled by Numba to code that
    runs without the GIL."""
    numba = import_numba()

    # As in count_primes_numba: compiled now, at every start (cache=False), all integers int64.
    return numba.njit(SIGNATURE, nogil=True, cache=False)(count_primes.count_primes_between)


def count_primes_threaded(limit: int, threads: int) -> int:
    """How many n with 2 <= n < limit are prime, counted by `threads` Python threads calling the
    compiled function on their blocks."""
    between = compile_count_primes_between()

    def work(lane: int) -> int:
        return sum(between(low, min(low + BLOCK, limit)) for low in range(2 + lane * BLOCK, limit, threads * BLOCK))

    return on_threads(work, threads, "thread")


def main(args: Args) -> int:
    return count_primes_threaded(args.limit, args.threads or usable_cpus())


if __name__ == "__main__":
    sys.exit(run(sys.argv, main, parallel=True))
