"""Interleaved timing: the ABBA runs themselves, and how the time budget is shared out."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench.interleave import Command, Comparison, Plan, RunError, Sample, interleave, share, timed


class Scripted(Comparison):
    """A comparison whose pairs cost `cost` seconds each and are never actually run."""

    def __init__(self, name: str, cost: float) -> None:
        command = Command(("true",), Path("."), {})
        super().__init__(name, command, command, None, "cpu")
        self.cost = cost
        self.calls: list[int] = []

    def extend(self, pairs: int) -> None:
        self.calls.append(pairs)
        self.samples += [(Sample(1.0, 1.0), Sample(1.0, 1.0))] * pairs
        self.seconds += self.cost * pairs


def precise_after(pairs: dict[str, int]):
    return lambda c: len(c.samples) >= pairs[c.name]


def test_every_comparison_gets_the_least_and_precise_ones_no_more() -> None:
    fast, slow = Scripted("fast", 0.01), Scripted("slow", 0.1)
    share([fast, slow], Plan(40, 20, 1000, 1e6), precise_after({"fast": 10, "slow": 100}))
    assert fast.calls == [40]
    assert slow.calls == [40, 20, 20, 20]


def test_steps_go_to_the_imprecise_comparison_that_has_had_the_least_time() -> None:
    a, b = Scripted("a", 0.1), Scripted("b", 0.25)
    order: list[str] = []
    share([a, b], Plan(10, 10, 1000, 1e6), precise_after({"a": 60, "b": 30}), lambda c: order.append(c.name))
    # After the first ten each (1 s and 2.5 s), a catches up with b before b gets more.
    assert order[:5] == ["a", "b", "a", "a", "b"]
    assert len(a.samples) == 60 and len(b.samples) == 30


def test_no_step_starts_that_would_overrun_the_budget() -> None:
    a = Scripted("a", 1.0)
    share([a], Plan(10, 10, 1000, 35.0), lambda c: False)
    assert len(a.samples) == 30
    assert a.seconds <= 35.0


def test_the_least_is_taken_even_beyond_the_budget_and_most_caps_the_rest() -> None:
    a, b = Scripted("a", 1.0), Scripted("b", 0.001)
    share([a, b], Plan(10, 20, 45, 5.0), lambda c: False)
    assert len(a.samples) == 10
    assert len(b.samples) == 10
    share([b], Plan(10, 20, 45, 1e6), lambda c: False)
    assert len(b.samples) == 45


def test_interleave_runs_abba_and_checks_the_answer(tmp_path: Path) -> None:
    log = tmp_path / "log"
    script = f"import sys; open({str(log)!r}, 'a').write(sys.argv[1]); print(42)"
    base = Command((sys.executable, "-c", script, "A"), tmp_path, {})
    head = Command((sys.executable, "-c", script, "B"), tmp_path, {})
    samples = interleave(base, head, 4, expected="42", warmup=0)
    assert log.read_text() == "ABBAABBA"
    assert len(samples) == 4 and all(b.wall > 0 and h.cpu >= 0 for b, h in samples)
    more = interleave(base, head, 2, expected="42", warmup=0, start=1)
    assert len(more) == 2
    assert log.read_text() == "ABBAABBA" + "BAAB"
    with pytest.raises(RunError, match="expected '7'"):
        timed(base, expected="7")
