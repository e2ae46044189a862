"""Unit tests of the compiled programs: Numba's and Cython's counts against the article's."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os

import cython_module
import pytest
from count_primes import count_primes, count_primes_between

# Numba sizes its thread pool once, when it is imported, from NUMBA_NUM_THREADS: large enough here
# for every thread count tested, whatever the machine has.
THREADS = [1, 2, 3, 8]
os.environ["NUMBA_NUM_THREADS"] = str(max(THREADS))

# Both ends of the ranges, the squares of primes (whose only divisor is the last one tried), and
# enough blocks to share among threads.
LIMITS = [0, 1, 2, 3, 4, 5, 10, 25, 26, 50, 100, 1000, 1024, 1025, 3000, 10007, 100000]
EXPECTED = {limit: count_primes(limit) for limit in LIMITS}

needs_numba = pytest.mark.skipif(
    importlib.util.find_spec("numba") is None,
    reason="numba is not installed: pip install -r python/requirements.txt",
)


def compiled(name: str):
    """The module build_cython.py made of python/NAME.py, or the test skipped."""
    reason = cython_module.problem(name)
    if reason:
        pytest.skip(reason)
    return cython_module.load(name)


def test_the_expected_counts_are_the_articles():
    assert [EXPECTED[n] for n in (0, 1, 2, 3, 4, 100, 1000, 10007, 100000)] == [0, 0, 0, 1, 2, 25, 168, 1229, 9592]


@needs_numba
def test_numba_counts_in_64_bit_integers():
    import count_primes_numba

    count_primes_between = count_primes_numba.compile_count_primes_between()
    assert [str(signature) for signature in count_primes_between.nopython_signatures] == [
        "(int64, int64) -> int64"
    ]
    assert {limit: count_primes_between(2, limit) for limit in LIMITS} == EXPECTED


@needs_numba
@pytest.mark.parametrize("threads", THREADS)
def test_numba_parallel_matches_serial(threads):
    import count_primes_numba_parallel
    import numba

    if threads > numba.config.NUMBA_NUM_THREADS:
        pytest.skip(f"numba's pool has {numba.config.NUMBA_NUM_THREADS} threads: it was imported before this module")
    assert {limit: count_primes_numba_parallel.count_primes_parallel(limit, threads) for limit in LIMITS} == EXPECTED


@needs_numba
def test_numba_parallel_counts_a_range_that_starts_inside_a_block():
    import count_primes_numba_parallel

    _, count_primes_between = count_primes_numba_parallel.compile_count_primes_between()
    block = count_primes_numba_parallel.BLOCK
    assert count_primes_between(block + 7, 5 * block, 3) == count_primes(5 * block) - count_primes(block + 7)


@pytest.mark.parametrize("name", ["count_primes", "count_primes_typed"])
def test_cython_module_is_compiled_and_matches(name):
    module = compiled(name)
    assert isinstance(module.__loader__, importlib.machinery.ExtensionFileLoader)
    assert {limit: module.count_primes(limit) for limit in LIMITS} == EXPECTED


def test_cython_typed_takes_the_square_root_as_python_does():
    # Around the squares of primes, where a root one ulp short would count a square as a prime.
    module = compiled("count_primes_typed")
    for p in (2, 3, 5, 7, 1009, 46337, 65521):
        assert module.count_primes_between(p * p - 1, p * p + 2) == count_primes_between(p * p - 1, p * p + 2)


def test_a_missing_module_is_one_line_and_exit_status_1(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(cython_module, "BUILD_DIR", str(tmp_path))
    monkeypatch.setattr("sys.argv", ["count_primes_cython.py", "10"])
    with pytest.raises(SystemExit) as exited:
        cython_module.load("count_primes")
    out, err = capsys.readouterr()
    assert exited.value.code == 1 and out == ""
    assert err.startswith("count_primes_cython.py: ") and err.count("\n") == 1
    assert err.endswith(f" is not built: run '{cython_module.BUILD_COMMAND}'\n")


@needs_numba
@pytest.mark.parametrize("threads", [1, 2, 3])
def test_numba_nogil_threads_match_the_article_across_their_blocks(threads):
    import count_primes_numba_threads

    assert {limit: count_primes_numba_threads.count_primes_threaded(limit, threads) for limit in LIMITS} == EXPECTED


@needs_numba
def test_numba_nogil_threads_are_plain_python_threads_each_started(monkeypatch):
    import threading

    import count_primes_numba_threads

    started = []

    class Counted(threading.Thread):
        def start(self) -> None:
            started.append(self.name)
            super().start()

    monkeypatch.setattr(threading, "Thread", Counted)
    assert count_primes_numba_threads.count_primes_threaded(2, 3) == 0 and len(started) == 3
    assert count_primes_numba_threads.compile_count_primes_between().targetoptions["nogil"] is True
