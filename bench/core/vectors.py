"""The shared test vectors (bench/vectors.txt), the sieve that writes them, and the expected count for any LIMIT."""

from __future__ import annotations

import math
from pathlib import Path

from bench.core.errors import HarnessError
from bench.core.paths import VECTORS

MAX_REFERENCE_LIMIT = 2 * 10**9  # the reference sieve needs a byte per number
HEADER = """\
# LIMIT COUNT: how many primes are below LIMIT, one vector per line. Every program of the suite
# must print COUNT for LIMIT. Written by `.venv/bin/python -m bench vectors --write` from
# a sieve of Eratosthenes (bench/core/vectors.py), never from the programs under test;
# tests/core/test_vectors.py checks each line against the sieve and, where installed, primesieve.
"""


class NoReference(HarnessError):
    """No reference count can be had for a LIMIT."""


def count_primes_below(limit: int) -> int:
    """An independent reference count: the sieve of Eratosthenes, sharing no code with the programs."""
    if limit <= 2:
        return 0
    composite = bytearray(limit)
    for p in range(2, math.isqrt(limit - 1) + 1):
        if not composite[p]:
            composite[p * p::p] = b"\x01" * len(range(p * p, limit, p))
    return limit - 2 - sum(composite[2:])


def chosen_limits() -> list[int]:
    """0 to 13, primes and squares of primes with their neighbours, and powers of ten to 10^6. Near 10^6,
    where an interpreted program takes seconds a vector, 10^6 alone: its count holds 999983, the largest prime
    below it, and rules out 997^2, whose last divisor the loop must reach (the neighbours of the smaller primes
    and squares check LIMIT's own bound)."""
    limits = set(range(14)) | {10**k for k in range(1, 7)} | {65536, 131072, 500000}
    limits |= {n for p in (17, 19, 23, 97, 997, 9973, 65521) for n in (p, p + 1)}
    return sorted(limits | {n for p in (2, 3, 5, 7, 11, 13, 31, 101, 317) for n in (p * p - 1, p * p, p * p + 1)})


def read(path: Path = VECTORS) -> dict[int, int]:
    """LIMIT -> expected count, from the vectors file."""
    pairs = (line.split() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#"))
    return {int(limit): int(count) for limit, count in pairs}


def expected_for(limit: int) -> int:
    """The count below limit: the vectors file's, else the sieve's; NoReference above MAX_REFERENCE_LIMIT."""
    if limit > MAX_REFERENCE_LIMIT:
        raise NoReference(f"LIMIT={limit}: no reference count above {MAX_REFERENCE_LIMIT}")
    vectors = read()
    return vectors[limit] if limit in vectors else count_primes_below(limit)


def vectors_text() -> str:
    """The whole vectors file, written from the sieve."""
    return HEADER + "".join(f"{limit} {count_primes_below(limit)}\n" for limit in chosen_limits())
