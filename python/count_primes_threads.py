"""count_primes_threads [--threads N] LIMIT: the article's count over Python threads.

Under CPython's GIL only one thread runs Python code at a time, so this measures what threads buy a
CPU-bound loop; under a free-threaded CPython (PEP 703) the same program runs its threads at once.
"""

from __future__ import annotations

import sys
import threading

from cli import Args, on_threads, run, usable_cpus
from count_primes import count_primes_between

# The process pool's blocks (count_primes_multiprocessing.BLOCK, not imported: importing
# multiprocessing would add to this program's start-up), handed out in order as threads free up, so
# that the two programs differ only in threads against processes.
BLOCK = 8192


def count_primes_threaded(limit: int, threads: int) -> int:
    """How many n with 2 <= n < limit are prime, counted by `threads` Python threads."""
    starts = iter(range(2, limit, BLOCK))
    lock = threading.Lock()  # the free-threaded build does not promise that next() on one iterator is atomic

    def work(worker: int) -> int:
        count = 0
        while True:
            with lock:
                low = next(starts, None)
            if low is None:
                return count
            count += count_primes_between(low, min(low + BLOCK, limit))

    return on_threads(work, threads, "thread")


def main(args: Args) -> int:
    return count_primes_threaded(args.limit, args.threads or usable_cpus())


if __name__ == "__main__":
    sys.exit(run(sys.argv, main, parallel=True))
