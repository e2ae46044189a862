"""count_primes_multiprocessing [--threads N] LIMIT: the article's count over a process pool."""

import sys
from multiprocessing import get_context

from cli import Args, run, usable_cpus
from count_primes import count_primes_between

# Testing n costs up to sqrt(n) divisions, so equal shares per process would leave the one holding
# the top of the range working alone; blocks handed out in order as processes free up keep them
# all busy to the end. A block is large enough that sending it costs little next to its work.
BLOCK = 8192


def _count_block(bounds: tuple[int, int]) -> int:
    return count_primes_between(*bounds)


def count_primes_parallel(limit: int, processes: int) -> int:
    """How many n with 2 <= n < limit are prime, counted by `processes` worker processes."""
    blocks = ((lo, min(lo + BLOCK, limit)) for lo in range(2, limit, BLOCK))
    # The pool starts even when there is nothing to count, so that start-up (LIMIT=2) includes it.
    # Workers are forked, as CPython on Linux did by default before 3.14, so every version times the
    # same start-up.
    with get_context("fork").Pool(processes) as pool:
        return sum(pool.imap_unordered(_count_block, blocks))


def main(args: Args) -> int:
    return count_primes_parallel(args.limit, args.threads or usable_cpus())


if __name__ == "__main__":
    sys.exit(run(sys.argv, main, parallel=True))
