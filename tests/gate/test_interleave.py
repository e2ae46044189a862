"""Interleaved timing: the pairs in their random orders, and how the time budget is shared out."""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

import pytest

from bench.analyse.intervals import time_verdict, wanted_half_width
from bench.analyse.stats import lag1_autocorrelation
from bench.gate.interleave import (
    Command,
    Comparison,
    PairPlan,
    RunError,
    Sample,
    interleave,
    pair_orders,
    share,
    timed,
)


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
    share([fast, slow], PairPlan(40, 20, 1000, 1e6), precise_after({"fast": 10, "slow": 100}))
    assert fast.calls == [40]
    assert slow.calls == [40, 20, 20, 20]


def test_steps_go_to_the_imprecise_comparison_that_has_had_the_least_time() -> None:
    a, b = Scripted("a", 0.1), Scripted("b", 0.25)
    order: list[str] = []
    share([a, b], PairPlan(10, 10, 1000, 1e6), precise_after({"a": 60, "b": 30}), lambda c: order.append(c.name))
    # After the first ten each (1 s and 2.5 s), a catches up with b before b gets more.
    assert order[:5] == ["a", "b", "a", "a", "b"]
    assert len(a.samples) == 60 and len(b.samples) == 30


def test_no_step_starts_that_would_overrun_the_budget() -> None:
    a = Scripted("a", 1.0)
    share([a], PairPlan(10, 10, 1000, 35.0), lambda c: False)
    assert len(a.samples) == 30
    assert a.seconds <= 35.0


def test_the_least_is_taken_even_beyond_the_budget_and_most_caps_the_rest() -> None:
    a, b = Scripted("a", 1.0), Scripted("b", 0.001)
    share([a, b], PairPlan(10, 20, 45, 5.0), lambda c: False)
    assert len(a.samples) == 10
    assert len(b.samples) == 10
    share([b], PairPlan(10, 20, 45, 1e6), lambda c: False)
    assert len(b.samples) == 45


def test_a_step_goes_to_a_cheaper_comparison_when_the_neediest_no_longer_fits() -> None:
    slow, cheap = Scripted("slow", 1.0), Scripted("cheap", 0.01)
    share([slow, cheap], PairPlan(10, 10, 1000, 15.0), lambda c: False)
    assert len(slow.samples) == 10
    assert len(cheap.samples) > 10
    assert slow.seconds + cheap.seconds <= 15.0


def test_a_plan_needs_pairs() -> None:
    with pytest.raises(ValueError):
        PairPlan(0, 20, 100, 1.0)
    with pytest.raises(ValueError):
        PairPlan(40, 20, 20, 1.0)


class Noisy(Scripted):
    """Pairs whose log-ratio is normal about log(1 + shift)."""

    def __init__(self, name: str, shift: float, sigma: float, rng: random.Random) -> None:
        super().__init__(name, 0.001)
        self.shift, self.sigma, self.rng = shift, sigma, rng

    def extend(self, pairs: int) -> None:
        self.calls.append(pairs)
        ratios = [math.exp(self.rng.gauss(math.log1p(self.shift), self.sigma)) for _ in range(pairs)]
        self.samples += [(Sample(1.0, 1.0), Sample(r, r)) for r in ratios]
        self.seconds += self.cost * pairs


def test_the_adaptive_rule_catches_five_percent_as_promised_and_no_change_never() -> None:
    """Noise that needs about 100 pairs for the wanted interval: with pairs added until precise, a
    5% slowdown is caught at least 95% of the time, and no change is never flagged."""
    rng = random.Random(7)
    sigma = wanted_half_width() / 3.02 * math.sqrt(100) / math.sqrt(math.pi / 3)
    trials = 150
    outcomes = {0.0: 0, 0.05: 0}
    for shift in outcomes:
        for i in range(trials):
            comparison = Noisy(f"n{i}", shift, sigma, rng)
            share([comparison], PairPlan(40, 20, 1000, 1e6), Comparison.precise)
            outcomes[shift] += time_verdict(comparison.interval()) == "slower"
            assert comparison.precise()
    assert outcomes[0.0] == 0
    assert outcomes[0.05] / trials >= 0.95


def order_letters(orders: list[tuple[str, str]]) -> str:
    return "".join("AB" if order == ("base", "head") else "BA" for order in orders)


def test_extending_warms_both_sides_up_and_runs_each_pair_in_its_drawn_order(tmp_path: Path) -> None:
    log = tmp_path / "log"
    script = f"import sys; open({str(log)!r}, 'a').write(sys.argv[1]); print(42)"
    comparison = Comparison("x", Command((sys.executable, "-c", script, "A"), tmp_path, {}),
                            Command((sys.executable, "-c", script, "B"), tmp_path, {}), "42", "wall", seed=5)
    comparison.extend(3)
    comparison.extend(2)
    # Each extension: one untimed run of each side, then its pairs in their drawn orders.
    first, second = order_letters(comparison.orders[:3]), order_letters(comparison.orders[3:])
    assert log.read_text() == "AB" + first + "AB" + second
    assert len(comparison.samples) == 5 and comparison.seconds > 0
    assert len(comparison.values()[0]) == 5


def test_interleave_runs_the_orders_given_and_checks_the_answer(tmp_path: Path) -> None:
    log = tmp_path / "log"
    script = f"import sys; open({str(log)!r}, 'a').write(sys.argv[1]); print(42)"
    base = Command((sys.executable, "-c", script, "A"), tmp_path, {})
    head = Command((sys.executable, "-c", script, "B"), tmp_path, {})
    orders = [("base", "head"), ("head", "base"), ("head", "base")]
    samples = interleave(base, head, orders, expected="42", warmup=0)
    assert log.read_text() == "ABBABA"
    assert len(samples) == 3 and all(b.wall > 0 and h.cpu >= 0 for b, h in samples)
    with pytest.raises(RunError, match="expected '7'"):
        timed(base, expected="7")


def test_pair_orders_are_fair_coins_reproducible_from_the_seed() -> None:
    orders = pair_orders(2000, random.Random(3))
    assert set(orders) == {("base", "head"), ("head", "base")}
    assert 900 < orders.count(("base", "head")) < 1100
    assert pair_orders(50, random.Random(3)) == orders[:50]
    runs = sum(a != b for a, b in zip(orders, orders[1:]))
    assert 900 < runs < 1100, "orders alternate as often as coins do, neither always nor never"


def test_the_same_seed_and_name_give_the_same_orders_and_another_seed_others() -> None:
    def orders(seed: int, name: str) -> list[tuple[str, str]]:
        return pair_orders(40, Comparison(name, Command(("true",), Path("."), {}),
                                          Command(("true",), Path("."), {}), None, "cpu", seed=seed).rng)

    assert orders(1, "c") == orders(1, "c")
    assert orders(1, "c") != orders(2, "c") and orders(1, "c") != orders(1, "go")


def test_random_orders_undo_the_neighbour_correlation_that_a_fixed_order_makes_of_drift() -> None:
    """Run times drift slowly up and down. ABBA's pairs take the drift's slope with alternating signs, so
    neighbouring ratios lean opposite ways; random orders leave the ratios uncorrelated."""
    rng = random.Random(4)
    times = [math.exp(0.05 * math.sin(2 * math.pi * t / 400) + rng.gauss(0, 0.0002)) for t in range(8000)]

    def ratios(orders: list[tuple[str, str]]) -> list[float]:
        out = []
        for i, order in enumerate(orders):
            first, second = times[2 * i], times[2 * i + 1]
            base, head = (first, second) if order == ("base", "head") else (second, first)
            out.append(math.log(head / base))
        return out

    abba = [("base", "head") if i % 2 == 0 else ("head", "base") for i in range(4000)]
    assert lag1_autocorrelation(ratios(abba)) < -0.2
    assert abs(lag1_autocorrelation(ratios(pair_orders(4000, random.Random(5))))) < 0.05
