"""count_primes_numba_parallel [--threads N] LIMIT: the article's count, compiled by Numba, its range
shared by Numba's threads (prange)."""

from __future__ import annotations

import functools
import os
import sys

from cli import Args, run
from count_primes_numba import import_numba

# Testing n costs up to sqrt(n) divisions, so equal contiguous shares leave the thread holding the top
# of the range working alone at the end. Numba hands each thread one contiguous share of a prange,
# and set_parallel_chunksize does not change that under its OpenMP and workqueue threading layers
# (only TBB balances the chunks), so the range is dealt out instead in blocks of BLOCK numbers, in
# turn: thread k takes blocks k, k + threads, k + 2 threads... and every thread gets a like share of
# the top. Measured at LIMIT=10^6 on 2 threads under the omp layer, the count alone (compilation
# excluded), medians of 3 x 21 calls: one thread 107 ms; a plain prange 67 ms whatever the
# set_parallel_chunksize (0, 64, 1024 or 16384); BLOCK 64 54 ms, 1024 54 ms, 16384 55 ms. The whole
# program under hyperfine, medians of 3 rounds of 10 runs: 936 ms at LIMIT=2, and at 10^6 984 ms
# in contiguous shares, 959 ms with BLOCK 64, 970 ms with 1024, 978 ms with 16384.
BLOCK = 1024


@functools.cache
def compile_count_primes_between():
    """The article's count_primes_between over [start, stop) with its numbers dealt to `lanes`
    threads in blocks, compiled by Numba."""
    numba = import_numba()

    # The signature makes Numba compile now rather than at the first call: every run, LIMIT=2
    # included, pays for the compilation. cache=False: no compiled code is kept on disk between runs.
    # All integers are int64, as in the serial program.
    @numba.njit("int64(int64, int64, int64)", parallel=True, cache=False)
    def count_primes_between(start, stop, lanes):
        count = 0
        for lane in numba.prange(lanes):
            for low in range(start + lane * BLOCK, stop, lanes * BLOCK):
                for n in range(low, min(low + BLOCK, stop)):
                    is_prime = True
                    for i in range(2, int(n**0.5) + 1):
                        if n % i == 0:
                            is_prime = False
                            break
                    if is_prime:
                        count += 1
        return count

    return numba, count_primes_between


def count_primes_parallel(limit: int, threads: int | None = None) -> int:
    """How many n with 2 <= n < limit are prime, counted by `threads` of Numba's threads (by
    default, as many as its pool has)."""
    numba, count_primes_between = compile_count_primes_between()
    threads = threads or numba.config.NUMBA_NUM_THREADS
    numba.set_num_threads(threads)
    # One lane per thread: Numba gives each thread one iteration of a prange that has as many.
    return count_primes_between(2, limit, threads)


def main(args: Args) -> int:
    # Numba sizes its thread pool when it is imported, from NUMBA_NUM_THREADS where the user set it,
    # else from the CPUs this process may use, and refuses to run more threads than that later.
    if args.threads:
        os.environ["NUMBA_NUM_THREADS"] = str(args.threads)
    return count_primes_parallel(args.limit, args.threads)


if __name__ == "__main__":
    sys.exit(run(sys.argv, main, parallel=True))
