"""count_primes_threads [--threads N] LIMIT: the article's count over Python threads.

Under CPython's GIL only one thread runs Python code at a time, so this measures what threads buy a
CPU-bound loop; under a free-threaded CPython (PEP 703) the same program runs its threads at once.
"""

from __future__ import annotations

import sys
import threading

from cli import Args, run, usable_cpus
from count_primes import count_primes_between

# The process pool's blocks (count_primes_multiprocessing.BLOCK, not imported: importing
# multiprocessing would add to this program's start-up), handed out in order as threads free up, so
# that the two programs differ only in threads against processes.
BLOCK = 8192


def count_primes_threaded(limit: int, threads: int) -> int:
    """How many n with 2 <= n < limit are prime, counted by `threads` Python threads."""
    starts = iter(range(2, limit, BLOCK))
    lock = threading.Lock()  # the free-threaded build does not promise that next() on one iterator is atomic
    counts: list[int | None] = [None] * threads

    def work(worker: int) -> None:
        count = 0
        while True:
            with lock:
                low = next(starts, None)
            if low is None:
                break
            count += count_primes_between(low, min(low + BLOCK, limit))
        counts[worker] = count

    # Every thread starts even when there is nothing to count, so that start-up (LIMIT=2) includes them.
    workers = [threading.Thread(target=work, args=(k,), name=f"count-{k}") for k in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if None in counts:  # a thread died (its traceback is on stderr): no count rather than a wrong one
        raise RuntimeError("a counting thread failed")
    return sum(c for c in counts if c is not None)


def main(args: Args) -> int:
    return count_primes_threaded(args.limit, args.threads or usable_cpus())


if __name__ == "__main__":
    sys.exit(run(sys.argv, main, parallel=True))
