"""Unit tests of the Python programs: the count, the process pool, the threads and the command-line parser."""

from __future__ import annotations

import os
import threading

import count_primes_multiprocessing
import count_primes_threads
import pytest
from cli import MAX_LIMIT, Args, UsageError, parse_args, run, usage
from count_primes import count_primes, count_primes_between
from count_primes_multiprocessing import BLOCK, count_primes_parallel
from count_primes_threads import count_primes_threaded


@pytest.mark.parametrize("limit, expected", [(0, 0), (2, 0), (3, 1), (10, 4), (100, 25), (10**4, 1229)])
def test_count_primes(limit, expected):
    assert count_primes(limit) == expected


def test_ranges_add_up():
    assert count_primes_between(2, 50) + count_primes_between(50, 100) == count_primes(100)


@pytest.mark.parametrize("processes", [1, 2, 3])
def test_parallel_matches_serial_across_blocks(processes):
    limit = 3 * BLOCK + 17
    assert count_primes_parallel(limit, processes) == count_primes(limit)


def test_parallel_small_limits():
    assert [count_primes_parallel(n, 2) for n in range(5)] == [0, 0, 0, 1, 2]


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_threads_match_serial_across_blocks(threads):
    limit = 3 * count_primes_threads.BLOCK + 17
    assert count_primes_threaded(limit, threads) == count_primes(limit)


def test_threads_small_limits():
    assert [count_primes_threaded(n, 2) for n in range(5)] == [0, 0, 0, 1, 2]


def test_threads_hand_out_the_pools_blocks():
    assert count_primes_threads.BLOCK == BLOCK


def test_every_thread_starts_even_with_nothing_to_count(monkeypatch):
    started = []

    class Counted(threading.Thread):
        def start(self) -> None:
            started.append(self.name)
            super().start()

    monkeypatch.setattr(count_primes_threads.threading, "Thread", Counted)
    assert count_primes_threaded(2, 3) == 0
    assert len(started) == 3


def test_a_failed_thread_gives_no_count(monkeypatch):
    def fail(start: int, stop: int) -> int:
        raise MemoryError

    monkeypatch.setattr(count_primes_threads, "count_primes_between", fail)
    monkeypatch.setattr(threading, "excepthook", lambda args: None)  # the traceback is not this test's business
    with pytest.raises(RuntimeError, match="a counting thread failed"):
        count_primes_threaded(10, 2)


@pytest.mark.parametrize("argv, parallel, expected", [
    (["10"], False, Args(limit=10)),
    (["007"], False, Args(limit=7)),
    ([str(MAX_LIMIT)], False, Args(limit=MAX_LIMIT)),
    (["--threads", "4", "10"], True, Args(limit=10, threads=4)),
    (["10", "--threads=2"], True, Args(limit=10, threads=2)),
    (["-h", "x"], False, Args(help=True)),
])
def test_parse_accepts(argv, parallel, expected):
    assert parse_args(argv, parallel) == expected


@pytest.mark.parametrize("argv, parallel", [
    ([], False), (["1", "2"], False), ([""], False), (["1e3"], False), (["+1"], False),
    (["1_0"], False), (["١٠"], False), ([str(MAX_LIMIT + 1)], False), (["--threads", "2", "1"], False),
    (["--threads", "0", "1"], True), (["--threads"], True), (["--nope", "1"], True),
])
def test_parse_rejects(argv, parallel):
    with pytest.raises(UsageError):
        parse_args(argv, parallel)


def test_run_reports_errors_on_stderr(capsys):
    assert run(["prog", "x"], lambda a: 0) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("prog: invalid LIMIT 'x'")


def test_run_prints_the_count(capsys):
    assert run(["prog", "10"], lambda a: count_primes(a.limit)) == 0
    assert capsys.readouterr().out == "4\n"


def test_usage_mentions_threads_only_when_parallel():
    assert "--threads" in usage("p", True) and "--threads" not in usage("p", False)


def test_processes_default_to_the_usable_cpus_and_follow_threads(monkeypatch):
    calls = []
    monkeypatch.setattr(count_primes_multiprocessing, "count_primes_parallel",
                        lambda limit, processes: calls.append(processes) or 0)
    count_primes_multiprocessing.main(Args(limit=10))
    count_primes_multiprocessing.main(Args(limit=10, threads=3))
    assert calls == [len(os.sched_getaffinity(0)), 3]


def test_threads_default_to_the_usable_cpus_and_follow_threads(monkeypatch):
    calls = []
    monkeypatch.setattr(count_primes_threads, "count_primes_threaded",
                        lambda limit, threads: calls.append(threads) or 0)
    count_primes_threads.main(Args(limit=10))
    count_primes_threads.main(Args(limit=10, threads=3))
    assert calls == [len(os.sched_getaffinity(0)), 3]
