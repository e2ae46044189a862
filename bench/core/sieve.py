"""An independent reference count: the sieve of Eratosthenes, sharing no code with the programs."""

from __future__ import annotations

import math


def count_primes_below(limit: int) -> int:
    if limit <= 2:
        return 0
    composite = bytearray(limit)
    for p in range(2, math.isqrt(limit - 1) + 1):
        if not composite[p]:
            composite[p * p::p] = b"\x01" * len(range(p * p, limit, p))
    return limit - 2 - sum(composite[2:])
