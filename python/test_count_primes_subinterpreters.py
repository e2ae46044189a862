"""count_primes_subinterpreters: the blocks dealt to the interpreters add up to the article's count; run
here by a stand-in for concurrent.interpreters that calls in this interpreter, and by a real one where
make free-threaded built it (.cpython/python3.13, with backports.interpreters)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import count_primes_subinterpreters as subinterpreters
import pytest
from count_primes import count_primes

LIMITS = [0, 1, 2, 3, 1024, 1025, 3000, 10007]
ROOT = Path(__file__).resolve().parent.parent


class Interpreter:
    """Runs what it is given in this interpreter, and keeps what it was asked."""

    created: list[Interpreter] = []

    def __init__(self) -> None:
        self.executed: list[str] = []
        self.closed = False
        Interpreter.created.append(self)

    def exec(self, code: str) -> None:
        self.executed.append(code)

    def call(self, function, *args):
        return function(*args)

    def close(self) -> None:
        self.closed = True


class StandIn:
    create = Interpreter


@pytest.fixture
def stand_in(monkeypatch):
    Interpreter.created = []
    monkeypatch.setattr(subinterpreters, "import_interpreters", lambda: StandIn)
    return Interpreter.created


@pytest.mark.parametrize("lanes", [1, 2, 3])
def test_the_lanes_blocks_add_up_to_the_articles_count(lanes):
    for limit in LIMITS:
        assert sum(subinterpreters.count_lane(limit, k, lanes, subinterpreters.BLOCK) for k in range(lanes)) \
            == count_primes(limit)


def test_every_interpreter_is_created_given_this_folder_and_closed_even_with_nothing_to_count(stand_in):
    assert subinterpreters.count_primes_interpreters(2, 3) == 0
    assert len(stand_in) == 3 and all(i.closed for i in stand_in)
    assert all(i.executed == [f"import sys; sys.path.insert(0, {subinterpreters.HERE!r})"] for i in stand_in)


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_the_interpreters_count_what_the_article_counts(stand_in, workers):
    assert [subinterpreters.count_primes_interpreters(n, workers) for n in LIMITS] == list(map(count_primes, LIMITS))


def test_a_failed_interpreter_gives_no_count(stand_in, monkeypatch):
    def fail(self, function, *args):
        raise RuntimeError("ExecutionFailed")

    monkeypatch.setattr(Interpreter, "call", fail)
    monkeypatch.setattr("threading.excepthook", lambda args: None)
    with pytest.raises(RuntimeError, match="a counting interpreter failed"):
        subinterpreters.count_primes_interpreters(10, 2)
    assert all(i.closed for i in stand_in)


@pytest.mark.skipif(sys.version_info >= (3, 14), reason="this interpreter has concurrent.interpreters")
def test_without_the_module_it_says_how_to_install_it_in_one_line():
    # -S: without site-packages, where the backport would be.
    proc = subprocess.run([sys.executable, "-S", str(ROOT / "python" / "count_primes_subinterpreters.py"), "10"],
                          capture_output=True, text=True, timeout=60, check=False,
                          env={**os.environ, "PYTHONPATH": ""})
    assert proc.returncode == 1 and proc.stdout == "" and proc.stderr.count("\n") == 1
    assert "pip install backports.interpreters" in proc.stderr


BUILT = ROOT / ".cpython" / "python3.13" / "bin" / "python3.13"


@pytest.mark.skipif(not os.access(BUILT, os.X_OK), reason="make free-threaded has not built CPython 3.13 here")
def test_make_free_threadeds_default_build_runs_two_interpreters_at_once():
    program = str(ROOT / "python" / "count_primes_subinterpreters.py")
    proc = subprocess.run([str(BUILT), program, "--threads", "2", "100000"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "9592\n", "")
