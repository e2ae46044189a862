"""count_primes_subinterpreters [--threads N] LIMIT: the article's count over N interpreters of one
process, each with its own GIL (PEP 684), run by concurrent.interpreters (PEP 734; its backport,
backports.interpreters, before Python 3.14).

Each interpreter imports the article's function itself and runs it inside a function of its own: code
run at an interpreter's top level looks every name up in a dict, and runs about twice as slowly.
"""

from __future__ import annotations

import os
import sys

from cli import Args, on_threads, run, usable_cpus

# Blocks of this many numbers, dealt in turn: interpreter k of N takes blocks k, k + N, k + 2N... and
# every interpreter gets a like share of the costly top of the range. Interpreters share no objects,
# so a shared counter handing blocks out (as count_primes_threads does) would be a cross-interpreter
# queue; dealing needs nothing shared.
BLOCK = 1024
HERE = os.path.dirname(os.path.abspath(__file__))


def import_interpreters():
    """concurrent.interpreters or its backport; when neither is installed, a one-line error on stderr
    and exit status 1."""
    try:
        from concurrent import interpreters
    except ImportError:
        try:
            from backports import interpreters
        except ImportError as error:
            print(f"{os.path.basename(sys.argv[0])}: neither concurrent.interpreters (Python 3.14) nor its "
                  f"backport can be imported ({error}): run '{sys.executable} -m pip install "
                  "backports.interpreters'", file=sys.stderr)
            sys.exit(1)
    return interpreters


def count_lane(limit: int, lane: int, lanes: int, block: int) -> int:
    """The primes below limit in the blocks of lane (0 <= lane < lanes), counted by the article's function.
    Runs inside an interpreter of its own, so it imports what it uses (its module's globals are not there)."""
    from count_primes import count_primes_between

    count = 0
    for low in range(2 + lane * block, limit, lanes * block):
        count += count_primes_between(low, min(low + block, limit))
    return count


def count_primes_interpreters(limit: int, workers: int) -> int:
    """How many n with 2 <= n < limit are prime, counted by `workers` interpreters, each in a thread."""
    interpreters = import_interpreters()
    # Every interpreter starts even when there is nothing to count, so that start-up (LIMIT=2) includes them.
    pool = [interpreters.create() for _ in range(workers)]
    try:
        for interp in pool:
            interp.exec(f"import sys; sys.path.insert(0, {HERE!r})")
        return on_threads(lambda k: pool[k].call(count_lane, limit, k, workers, BLOCK), workers, "interpreter")
    finally:
        for interp in pool:
            interp.close()


def main(args: Args) -> int:
    return count_primes_interpreters(args.limit, args.threads or usable_cpus())


if __name__ == "__main__":
    # Interpreter.call sends count_lane by reference where it pickles it: from this file's own module,
    # which the interpreters can import, rather than from __main__, which they do not share.
    import count_primes_subinterpreters

    sys.exit(run(sys.argv, count_primes_subinterpreters.main, parallel=True))
