"""count_primes LIMIT: how many primes are below LIMIT, by the article's trial division."""

import sys

from cli import run


def count_primes_between(start: int, stop: int) -> int:
    """The article's count_primes over n in [start, stop) instead of [2, limit)."""
    count = 0
    for n in range(start, stop):
        is_prime = True
        for i in range(2, int(n**0.5) + 1):
            if n % i == 0:
                is_prime = False
                break
        if is_prime:
            count += 1
    return count


def count_primes(limit: int) -> int:
    """How many n with 2 <= n < limit are prime."""
    return count_primes_between(2, limit)


if __name__ == "__main__":
    sys.exit(run(sys.argv, lambda args: count_primes(args.limit)))
