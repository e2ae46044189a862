"""The gate's rule on synthetic samples whose answers are known, and its time signal through the rounds engine:
base and head as two jobs of the same rounds, the answer checked first, rounds added until precise, and the
rule's promise kept."""

from __future__ import annotations

import math
import random
import statistics

import pytest

from bench.core.paths import ROOT
from bench.core.results import Estimate, GateSettings
from bench.measure import rounds
from bench.measure.rounds import Job, Measured
from bench.studies import gate
from bench.studies.gate import (
    TIME_CONFIDENCE,
    TIME_DETECT,
    TIME_POWER,
    TIME_THRESHOLD,
    GateError,
    Timed,
    chosen,
    gated,
    instruction_change,
    run_checked,
    time_interval,
    time_rounds,
    time_verdict,
    wanted_half_width,
)
from tests.analyse.test_intervals import ar1


def test_a_constant_shift_gives_a_point_interval() -> None:
    interval = time_interval([math.log(1.05)] * 20)
    assert (interval.estimate, interval.low, interval.high) == pytest.approx((1.05, 1.05, 1.05))
    assert time_verdict(interval) == "slower"


def test_too_few_rounds_give_an_unbounded_interval() -> None:
    # At 99.75% the sign test needs 12 independent rounds before the extremes bound the median.
    assert time_interval([0.1, 0.2] * 6).high < math.inf
    interval = time_interval([0.1, 0.2] * 5 + [0.1])
    assert (interval.low, interval.high, interval.half_width) == (None, None, None)
    assert time_verdict(interval) == "same"


@pytest.mark.parametrize(("shift", "verdict"), [(0.10, "slower"), (0.0, "same"), (-0.10, "faster")])
def test_noisy_shifts_are_judged_by_the_interval(shift: float, verdict: str) -> None:
    rng = random.Random(1)
    ratios = [math.log1p(shift) + rng.gauss(0, 0.01) for _ in range(30)]
    assert time_verdict(time_interval(ratios)) == verdict


def test_a_slowdown_below_the_threshold_is_not_a_regression() -> None:
    rng = random.Random(2)
    ratios = [math.log(1.02) + rng.gauss(0, 0.002) for _ in range(30)]
    interval = time_interval(ratios)
    assert interval.low > 1.01
    assert time_verdict(interval) == "same"


def test_verdict_threshold_is_three_percent_on_the_lower_bound() -> None:
    assert time_verdict(Estimate(1.05, 1.029, 1.08, 20)) == "same"
    assert time_verdict(Estimate(1.05, 1.031, 1.08, 20)) == "slower"
    assert time_verdict(Estimate(0.95, 0.92, 0.969, 20)) == "faster"


def test_interval_covers_no_change_at_its_confidence() -> None:
    rng = random.Random(3)
    intervals = [time_interval([rng.gauss(0, 0.02) for _ in range(20)]) for _ in range(2000)]
    misses = sum(i.half_width is not None and not i.low <= 1 <= i.high for i in intervals)
    assert misses / len(intervals) < 0.01


def test_instruction_threshold_is_the_larger_of_half_a_percent_and_five_spreads() -> None:
    assert not instruction_change([1000, 1000], 1004).regressed
    assert instruction_change([1000, 1000], 1006).regressed
    wide = instruction_change([1000, 1010], 1040)
    assert wide.threshold == pytest.approx(5 * 10 / 1005)
    assert not wide.regressed


def test_at_the_wanted_half_width_a_five_percent_slowdown_is_caught_as_often_as_promised() -> None:
    """Simulated: estimates normal about log(1.05) whose interval has the wanted half-width; the share
    whose lower bound clears the +3% bar is TIME_POWER."""
    h = wanted_half_width()
    s = h / statistics.NormalDist().inv_cdf((1 + TIME_CONFIDENCE) / 2)
    rng = random.Random(11)
    trials = 20_000
    caught = sum(rng.gauss(math.log1p(TIME_DETECT), s) - h > math.log1p(TIME_THRESHOLD) for _ in range(trials))
    assert caught / trials == pytest.approx(TIME_POWER, abs=0.01)
    assert h == pytest.approx(0.01246, abs=1e-5)
    assert wanted_half_width(power=0.99) < h < wanted_half_width(power=0.8)


def test_the_gates_interval_keeps_its_coverage_when_rounds_lean_like_their_neighbours() -> None:
    """Per-round log-ratios with lag-1 correlation 0.36, as the gate's pool measured: the widened
    99.75% interval covers no change at its confidence; the same rounds shuffled would cover less."""
    rng = random.Random(9)
    trials, hits, blind = 1500, 0, 0
    for _ in range(trials):
        rounds = ar1(60, 0.36, 0.02, rng)
        interval = time_interval(rounds)
        hits += interval.low <= 1 <= interval.high
        rng.shuffle(rounds)
        interval = time_interval(rounds)
        blind += interval.low <= 1 <= interval.high
    assert hits / trials >= TIME_CONFIDENCE - 0.005
    assert blind / trials < hits / trials


class Slower:
    """A timer without processes: a job named *@head takes 1 + shift times what its base takes, each run
    with log-normal noise; CPU time is the wall time. Records the jobs of every call."""

    def __init__(self, shift: float, sigma: float, seed: int) -> None:
        self.shift, self.sigma, self.rng = shift, sigma, random.Random(seed)
        self.calls: list[str] = []

    def __call__(self, job: Job, runs: int) -> Measured:
        self.calls.append(job.name)
        scale = 1 + self.shift if job.name.endswith("@head") else 1.0
        times = [0.01 * scale * math.exp(self.rng.gauss(0, self.sigma)) for _ in range(runs)]
        return Measured(times, sum(times) / runs, 0.0)


def timed(name: str, clock: str = "cpu") -> Timed:
    return Timed(name, Job(f"{name}@base", ["echo", "42"]), Job(f"{name}@head", ["echo", "42"]), "42", clock)


def settings(pairs: int = 40, budget: float = 1e6) -> GateSettings:
    return GateSettings(1000, 1000, 2, pairs, ("time",), 1000, budget, 5)


@pytest.fixture
def fake(monkeypatch):
    def install(timer: Slower) -> Slower:
        monkeypatch.setitem(rounds.RUNNERS, "hyperfine", timer)
        monkeypatch.setitem(rounds.RUNNERS, "python", timer)
        monkeypatch.setattr(gate, "SIDE_SECONDS", 0.001)  # one run per side and round
        return timer
    return install


def test_base_and_head_of_every_program_run_in_the_same_rounds(fake) -> None:
    timer = fake(Slower(0.10, 0.01, 1))
    found = time_rounds([timed("c"), timed("go", "wall")], settings(), 3, lambda _: None)
    assert [time_verdict(r.interval) for r in found] == ["slower", "slower"]
    assert all(r.interval.estimate == pytest.approx(1.10, rel=0.01) for r in found)
    assert found[0].interval.rounds == 40 and len(found[0].log_ratios) == 40 and found[0].seconds > 0
    first_round = timer.calls[4:8]  # after the warm-up round
    assert sorted(first_round) == ["c@base", "c@head", "go@base", "go@head"]


def test_each_side_keeps_its_own_time_per_run_with_its_interval(fake) -> None:
    fake(Slower(0.10, 0.01, 4))
    (found,) = time_rounds([timed("c")], settings(), 3, lambda _: None)
    assert found.base.estimate == pytest.approx(0.01, rel=0.01)
    assert found.head.estimate == pytest.approx(0.011, rel=0.01)
    for side in (found.base, found.head):
        assert side.low < side.estimate < side.high and side.high / side.low < 1.05 and side.rounds == 40


def test_the_answer_is_checked_before_anything_is_timed() -> None:
    assert run_checked(Job("x", ["echo", "42"]), "42") > 0
    with pytest.raises(GateError, match="expected '7'"):
        run_checked(Job("x", ["echo", "42"]), "7")
    with pytest.raises(GateError, match="exit 1"):
        run_checked(Job("x", ["false"]), "")


def test_rounds_stop_at_the_budget_and_the_interval_says_how_wide_it_is(fake) -> None:
    fake(Slower(0.0, 0.2, 2))
    (found,) = time_rounds([timed("c")], settings(pairs=12, budget=0.0), 3, lambda _: None)
    assert found.interval.rounds == 12
    assert math.log(found.interval.high / found.interval.low) / 2 > wanted_half_width()


def test_the_adaptive_rule_catches_five_percent_as_promised_and_no_change_never(fake) -> None:
    """Noise that needs about 100 rounds for the wanted interval: with rounds added until precise, a 5%
    slowdown is caught at least 95% of the time, and no change is never flagged."""
    # A round's log-ratio is the difference of two runs' log noise: sd sigma * sqrt(2). The median of n
    # such values has sd about sqrt(pi / 2) * sd / sqrt(n), and the wanted half-width is 3.02 of those.
    sigma = wanted_half_width() / 3.02 * math.sqrt(100) / math.sqrt(math.pi / 2) / math.sqrt(2)
    trials = 100
    outcomes = {0.0: 0, 0.05: 0}
    for shift in outcomes:
        for i in range(trials):
            fake(Slower(shift, sigma, 1000 * i + int(shift * 100)))
            (found,) = time_rounds([timed("c")], settings(), i, lambda _: None)
            outcomes[shift] += time_verdict(found.interval) == "slower"
            assert math.log(found.interval.high / found.interval.low) / 2 <= wanted_half_width()
    assert outcomes[0.0] == 0
    assert outcomes[0.05] / trials >= 0.95


def test_the_gate_and_its_calibration_take_the_gated_programs_and_only_those_named():
    gates = list(gated(ROOT, "head"))
    assert chosen(gates, None) == gates and chosen(gates, "python,c") == ["c", "python"]
    assert "c-openmp-unbound" not in gates and "c" in gates
    with pytest.raises(GateError, match="c-openmp-unbound"):
        chosen(gates, "c c-openmp-unbound")
