"""The shared vectors are right, by an independent sieve and, where installed, primesieve."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from bench.core.paths import VECTORS
from bench.core.vectors import (
    MAX_REFERENCE_LIMIT,
    NoReference,
    chosen_limits,
    count_primes_below,
    expected_for,
    read,
    vectors_text,
)


def test_the_file_holds_the_chosen_limits():
    assert sorted(read()) == chosen_limits()


def test_the_file_is_what_the_sieve_writes():
    assert VECTORS.read_text() == vectors_text(), "run `.venv/bin/python -m bench vectors --write`"


def test_no_reference_above_what_the_sieve_can_take():
    with pytest.raises(NoReference, match="no reference count above"):
        expected_for(MAX_REFERENCE_LIMIT + 1)


def test_every_vector_matches_the_sieve():
    for limit, count in read().items():
        assert count == count_primes_below(limit), limit


def test_well_known_counts():
    # Published values of pi(x), to catch a sieve and a file that agree on the same mistake.
    known = {0: 0, 1: 0, 2: 0, 3: 1, 10: 4, 100: 25, 1000: 168, 10**4: 1229, 10**5: 9592, 10**6: 78498}
    vectors = read()
    for limit, count in known.items():
        assert vectors[limit] == count
    assert count_primes_below(10**7) == 664579


def test_expected_count_beyond_the_file():
    assert expected_for(10**6) == 78498
    assert expected_for(12345) == count_primes_below(12345) == 1474


@pytest.mark.skipif(shutil.which("primesieve") is None, reason="primesieve is not installed")
def test_vectors_agree_with_primesieve():
    for limit, count in read().items():
        if limit < 2:
            continue
        out = subprocess.run(["primesieve", "--quiet", str(limit - 1)], capture_output=True, text=True,
                             check=True).stdout
        assert int(out) == count, limit
