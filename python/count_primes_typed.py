"""count_primes_typed LIMIT: count_primes.py with C integer types declared for Cython, and nothing
else changed; python/build_cython.py compiles it."""

import sys

import cython
from cli import run


# long long is 64 bits wherever CPython runs, like the int64_t of the C program. Cython keeps
# Python's semantics for % (cdivision is off), and n**0.5 is the C pow() of the double of n, as it is
# in Python, so the answers are Python's.
def count_primes_between(start: cython.longlong, stop: cython.longlong) -> cython.longlong:
    """The article's count_primes over n in [start, stop) instead of [2, limit)."""
    count: cython.longlong = 0
    n: cython.longlong
    i: cython.longlong
    is_prime: cython.bint
    for n in range(start, stop):
        is_prime = True
        for i in range(2, int(n**0.5) + 1):
            if n % i == 0:
                is_prime = False
                break
        if is_prime:
            count += 1
    return count


def count_primes(limit: cython.longlong) -> cython.longlong:
    """How many n with 2 <= n < limit are prime."""
    return count_primes_between(2, limit)


if __name__ == "__main__":
    sys.exit(run(sys.argv, lambda args: count_primes(args.limit)))
