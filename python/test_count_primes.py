"""Unit tests of the Python programs: the count, the process pool and the command-line parser."""

from __future__ import annotations

import os

import count_primes_multiprocessing
import pytest
from cli import MAX_LIMIT, Args, UsageError, parse_args, run, usage
from count_primes import count_primes, count_primes_between
from count_primes_multiprocessing import BLOCK, count_primes_parallel


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
