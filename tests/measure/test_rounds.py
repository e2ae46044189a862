"""The rounds engine: shuffled orders, runs per command, adaptive rounds and budget on a fake timer; and,
on real processes whose speed follows a programmed drift, ratios that blocks of runs get wrong and rounds
get right."""

from __future__ import annotations

import math
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import bench.measure.rounds as engine
from bench.analyse.rounds import RatioSpec, rounds_needed, timing_of
from bench.core.results import Plan, Round
from bench.measure.rounds import RUNNERS, Job, Measured, estimate, giving_up, hyperfine_timer, run_rounds
from bench.measure.verify import BenchError
from tests.doctor import FIXTURES


class FakeTimer:
    """A command's runs without processes: each run's time is its base time x a drift that the machine
    goes through slowly (it slows by half and back over a few hundred runs) x its own noise; records
    every call."""

    def __init__(self, base: dict[str, float], noise: dict[str, float], seed: int = 1) -> None:
        self.base, self.noise = base, noise
        self.rng = random.Random(seed)
        self.calls: list[tuple[str, int]] = []

    def __call__(self, job: Job, runs: int) -> Measured:
        self.calls.append((job.name, runs))
        drift = 1 + 0.5 * math.sin(len(self.calls) / 100)
        times = [self.base[job.name] * drift * math.exp(self.rng.gauss(0, self.noise[job.name])) for _ in range(runs)]
        return Measured(times, statistics_mean(times) * 0.9, 0.0)


def statistics_mean(values: list[float]) -> float:
    return sum(values) / len(values)


def jobs(*names: str) -> list[Job]:
    return [Job(name, [name]) for name in names]


def plan(**overrides) -> Plan:
    settings = {"seed": 3, "budget_s": 1e9, "min_rounds": 10, "round_seconds": 1.0, **overrides}
    return giving_up(**{k: v for k, v in settings.items() if k != "give_up"}) if settings.get("give_up") else \
        Plan(**{k: v for k, v in settings.items() if k != "give_up"})


def test_each_round_shuffles_the_order_anew_from_the_seed():
    fake = FakeTimer({"a": 0.1, "b": 0.1, "c": 0.1}, {"a": 0.01, "b": 0.01, "c": 0.01})
    session, _ = run_rounds(jobs("a", "b", "c"), [], {"a": 0.1, "b": 0.1, "c": 0.1}, plan(), lambda _: None, fake)
    orders = [tuple(r.order) for r in session.rounds]
    assert len(set(orders)) > 2, "the order changes from round to round"
    again = FakeTimer({"a": 0.1, "b": 0.1, "c": 0.1}, {"a": 0.01, "b": 0.01, "c": 0.01})
    repeat, _ = run_rounds(jobs("a", "b", "c"), [], {"a": 0.1, "b": 0.1, "c": 0.1}, plan(), lambda _: None, again)
    assert [r.order for r in repeat.rounds] == [r.order for r in session.rounds]
    assert session.settings.seed == 3 and session.settings.warmup_rounds == 1


def test_the_warm_up_round_runs_everything_once_and_is_not_kept():
    fake = FakeTimer({"a": 0.5, "b": 0.5}, {"a": 0.01, "b": 0.01})
    session, _ = run_rounds(jobs("a", "b"), [], {"a": 0.5, "b": 0.5}, plan(min_rounds=4), lambda _: None, fake)
    assert len(fake.calls) == 2 * 5 and len(session.rounds) == 4
    assert sorted(n for n, _ in fake.calls[:2]) == ["a", "b"] and [r.number for r in session.rounds] == [1, 2, 3, 4]
    assert all(k == 1 for _, k in fake.calls)  # one second per round holds one run of each half-second command


def test_each_command_gets_as_many_runs_as_fill_its_share_of_the_round():
    """A 2 ms program runs many times per round, a 1 s one once: each takes about the same time."""
    fake = FakeTimer({"short": 0.002, "long": 1.0}, {"short": 0.01, "long": 0.01})
    session, _ = run_rounds(jobs("short", "long"), [], {"short": 0.002, "long": 1.0},
                            plan(min_rounds=3, round_seconds=0.2, max_runs=1000), lambda _: None, fake)
    assert all(len(r.times["short"]) == 50 and len(r.times["long"]) == 1 for r in session.rounds)
    capped, _ = run_rounds(jobs("short", "long"), [], {"short": 0.002, "long": 1.0},
                           plan(min_rounds=3, round_seconds=0.2, max_runs=20), lambda _: None, fake)
    assert all(len(r.times["short"]) == 20 for r in capped.rounds)
    assert timing_of("short", session.rounds).runs == 150


def test_a_cpu_ratio_is_taken_on_each_rounds_user_and_system_time():
    rounds = [Round(number=i, order=["a", "b"], times={"a": [1.0], "b": [1.0]}, user={"a": 0.3 * i, "b": 0.1 * i},
                    system={"a": 0.3 * i, "b": 0.1 * i}, seconds=2.0) for i in range(1, 21)]
    assert estimate(RatioSpec("a", "b", clock="cpu"), rounds, 0.95).estimate == pytest.approx(3.0)
    assert estimate(RatioSpec("a", "b"), rounds, 0.95).estimate == 1.0


def test_a_drift_shared_by_the_round_leaves_the_ratio_alone():
    fake = FakeTimer({"slow": 2.0, "fast": 1.0}, {"slow": 0.01, "fast": 0.01})
    _, (ratio,) = run_rounds(jobs("slow", "fast"), [RatioSpec("slow", "fast")], {"slow": 2.0, "fast": 1.0},
                             plan(), lambda _: None, fake)
    assert ratio.estimate == pytest.approx(2.0, rel=0.01)
    assert ratio.low is not None and ratio.high is not None and ratio.low <= ratio.estimate <= ratio.high
    assert ratio.half_width is not None and ratio.half_width <= 0.02


def test_rounds_continue_only_for_the_ratios_still_open_until_all_are_precise():
    fake = FakeTimer({"c": 0.1, "go": 0.1, "python": 1.0}, {"c": 0.002, "go": 0.002, "python": 0.06})
    specs = [RatioSpec("go", "c"), RatioSpec("python", "c")]
    session, ratios = run_rounds(jobs("c", "go", "python"), specs, {"c": 0.1, "go": 0.1, "python": 1.0},
                                 plan(round_seconds=0.1), lambda _: None, fake)
    assert session.stopped == "precise"
    assert all(r.half_width is not None and r.half_width <= 0.02 for r in ratios)
    assert all(len(r.order) == 3 for r in session.rounds[:10])
    later = session.rounds[10:]
    assert later and all(sorted(r.order) == ["c", "python"] for r in later), "go/c closed after the first rounds"
    assert ratios[0].rounds == 10 and ratios[1].rounds == len(session.rounds)


def test_the_budget_stops_the_rounds_and_the_ratio_says_how_wide_it_is():
    fake = FakeTimer({"a": 1.0, "b": 1.0}, {"a": 0.2, "b": 0.2})
    session, (ratio,) = run_rounds(jobs("a", "b"), [RatioSpec("a", "b")], {"a": 1.0, "b": 1.0},
                                   plan(budget_s=0.0, min_rounds=6), lambda _: None, fake)
    assert session.stopped == "budget" and len(session.rounds) == 6
    assert ratio.half_width is None or ratio.half_width > 0.02


def test_a_ratio_of_ratios_divides_within_each_round():
    fake = FakeTimer({"p": 4.0, "q": 1.0, "r": 2.0, "s": 1.0}, {n: 0.001 for n in "pqrs"})
    _, (gap,) = run_rounds(jobs("p", "q", "r", "s"), [RatioSpec("p", "q", over=("r", "s"))],
                           {n: 1.0 for n in "pqrs"}, plan(), lambda _: None, fake)
    assert gap.estimate == pytest.approx(2.0, rel=0.01) and gap.over == ["r", "s"]


def test_a_compute_ratio_takes_each_start_up_off_within_the_round():
    # p: 0.5 s start-up + 1 s compute; q: 0.1 s + 0.5 s. Whole: 1.5 / 0.6 = 2.5; compute: 1 / 0.5 = 2.
    base = {"p": 1.5, "p@start": 0.5, "q": 0.6, "q@start": 0.1}
    fake = FakeTimer(base, {n: 0.001 for n in base})
    _, (whole, compute) = run_rounds(jobs(*base), [RatioSpec("p", "q"), RatioSpec("p", "q", compute=True)],
                                     dict(base), plan(), lambda _: None, fake)
    assert whole.estimate == pytest.approx(2.5, rel=0.01) and not whole.compute
    assert compute.estimate == pytest.approx(2.0, rel=0.01) and compute.compute
    assert RatioSpec("p", "q", compute=True).names == ("p", "q", "p@start", "q@start")
    # No time left to compute (start-up as long as the run): the round still counts, at the smallest
    # time a timer can tell, so that it ranks as the extreme it is.
    assert RatioSpec("p", "q", compute=True).of({"p": 1.0, "p@start": 1.0, "q": 1.0, "q@start": 0.5}) == \
        pytest.approx(1e-6 / 0.5)


@pytest.mark.parametrize("runner", [
    pytest.param("hyperfine", marks=pytest.mark.skipif(shutil.which("hyperfine") is None,
                                                       reason="hyperfine is not installed")),
    "python"])
def test_each_job_runs_with_its_own_variables(runner):
    def check(value: str) -> list[str]:
        return ["sh", "-c", f'test "${{PRIMES_PLACEMENT-unset}}" = {value}']

    # Jobs with other variables interleaved with jobs without: each must see its own, in order.
    order = [Job("a", check("x"), (("PRIMES_PLACEMENT", "x"),)), Job("b", check("unset")),
             Job("c", check("unset")), Job("d", check("y"), (("PRIMES_PLACEMENT", "y"),))]
    measured = [RUNNERS[runner](job, 2) for job in order]
    assert [len(m.times) for m in measured] == [2, 2, 2, 2]
    with pytest.raises(BenchError):
        RUNNERS[runner](Job("wrong", check("x")), 1)


@pytest.mark.parametrize("runner", [
    pytest.param("hyperfine", marks=pytest.mark.skipif(shutil.which("hyperfine") is None,
                                                       reason="hyperfine is not installed")),
    "python"])
def test_both_timers_give_wall_and_cpu_time_of_the_program_and_its_children(runner, tmp_path):
    """A program that spins about 0.1 s of CPU in a child it waits for: either timer sees that CPU time,
    and runs the job from its own folder."""
    spin = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.1: pass\n"
    (tmp_path / "spin.py").write_text(spin)
    job = Job("child", [sys.executable, "-c", "import subprocess, sys; subprocess.run([sys.executable, 'spin.py'])"],
              cwd=tmp_path)
    measured = RUNNERS[runner](job, 2)
    assert len(measured.times) == 2 and min(measured.times) >= 0.1
    assert 0.1 <= measured.on("cpu") <= max(measured.times) + 0.05


def test_the_progress_line_names_the_round_the_time_and_the_widest_open_interval():
    lines: list[str] = []
    fake = FakeTimer({"a": 1.0, "b": 1.0}, {"a": 0.05, "b": 0.05})
    run_rounds(jobs("a", "b"), [RatioSpec("a", "b")], {"a": 1.0, "b": 1.0}, plan(min_rounds=12, max_rounds=12),
               lines.append, fake)
    assert len(lines) == 12 and lines[0].startswith("round 1 ")
    assert all("elapsed, about" in line and " left" in line for line in lines)
    assert "widest a/b " in lines[0] and "widest a/b ±" in lines[-1]


@pytest.fixture(scope="module")
def drifting(tmp_path_factory) -> Path:
    if shutil.which("hyperfine") is None:
        pytest.skip("hyperfine is not installed")
    program = tmp_path_factory.mktemp("drift") / "drifting"
    subprocess.run(["cc", "-std=c11", "-O2", "-o", str(program), str(FIXTURES / "drifting.c")], check=True)
    return program


@pytest.mark.alone  # the drift is a program's own clock: other load beside it would add drift of its own
def test_blocks_of_runs_get_a_drifting_ratio_wrong_and_rounds_get_it_right(drifting, monkeypatch):
    """b does twice a's work. The machine slows threefold over the measurement. Timing a's runs, then
    b's, puts b in the slow stretch; rounds put both in every stretch."""
    slow, fast = Job("b", [str(drifting), "40"]), Job("a", [str(drifting), "20"])
    span = 3.0
    monkeypatch.setenv("DRIFT_SPAN", str(span))

    monkeypatch.setenv("DRIFT_T0", str(time.time()))
    fast_times = hyperfine_timer(fast, 20).times
    slow_times = hyperfine_timer(slow, 20).times
    blocks = statistics_median(slow_times) / statistics_median(fast_times)

    monkeypatch.setenv("DRIFT_T0", str(time.time()))
    _, (ratio,) = run_rounds([slow, fast], [RatioSpec("b", "a")], {"a": 0.02, "b": 0.04},
                             Plan(seed=1, budget_s=span, min_rounds=20, max_rounds=20, round_seconds=0.001),
                             lambda _: None)
    assert blocks > 2.0 * 1.3, f"blocks of runs should inherit the drift, got {blocks:.2f}"
    assert ratio.estimate == pytest.approx(2.0, rel=0.1), f"rounds should cancel it, got {ratio.estimate:.2f}"


def statistics_median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


@pytest.mark.alone
def test_a_cpu_hog_beside_the_rounds_is_seen_as_foreign_load(tmp_path):
    """Rounds timed while a busy loop holds a core record about one core more of foreign load than
    rounds without it, before and after (whatever else the machine is doing: the quietest of those
    rounds is the baseline, and the loaded rounds' median is weighed against it; with no core idle at the
    quietest, the hog only takes other work's share, and there is nothing to see)."""
    if not os.path.exists("/proc/stat"):
        pytest.skip("no /proc/stat on this system")
    sleeper = Job("sleep", [sys.executable, "-c", "import time; time.sleep(0.2)"])
    plan = Plan(seed=1, budget_s=0.0, min_rounds=3, max_rounds=3, round_seconds=0.001, timer="python")

    def loads() -> list[float]:
        session, _ = run_rounds([sleeper], [], {"sleep": 0.2}, plan, lambda _: None)
        assert all(r.foreign_load is not None for r in session.rounds)
        return [r.foreign_load for r in session.rounds]
    quiet = loads()
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.2)
        loaded = loads()
    finally:
        hog.kill()
        hog.wait()
    quiet += loads()
    if (os.cpu_count() or 1) - min(quiet) < 1:  # other work holds the cores: a hog beside it takes their share
        pytest.skip(f"no idle core for a hog to show: {min(quiet):.1f} CPUs of foreign load at the quietest")
    assert sorted(loaded)[1] > min(quiet) + 0.6


class FakeClock:
    """time.monotonic for the engine, advanced by what a fake timer's runs took."""

    def __init__(self, timer: FakeTimer) -> None:
        self.now, self.timer = 0.0, timer

    def __call__(self) -> float:
        return self.now

    def timed(self, job: Job, runs: int) -> Measured:
        measured = self.timer(job, runs)
        self.now += sum(measured.times)
        return measured


def test_a_ratio_that_the_budget_cannot_narrow_enough_is_given_up_and_named(monkeypatch):
    clock = FakeClock(FakeTimer({"a": 1.0, "b": 1.0}, {"a": 0.3, "b": 0.3}))
    monkeypatch.setattr("bench.measure.rounds.time.monotonic", clock)
    session, (ratio,) = run_rounds(jobs("a", "b"), [RatioSpec("a", "b")], {"a": 1.0, "b": 1.0},
                                   plan(budget_s=60.0, give_up=True), lambda _: None, clock.timed)
    # Rounds scattered by about 40%: ±2% would take thousands of rounds, and the budget holds 30. It is
    # given up at its first look, after 6 rounds, gets the rounds it is owed (min_rounds, which bound its
    # interval), and nothing else being open, the session stops there.
    assert session.stopped == "out of reach" and session.out_of_reach == ["a/b"]
    assert len(session.rounds) == 10 and session.seconds < 60.0
    assert ratio.half_width is None or ratio.half_width > 0.02
    # The gate gives up nothing: every open ratio gets rounds until the budget is spent.
    clock = FakeClock(FakeTimer({"a": 1.0, "b": 1.0}, {"a": 0.3, "b": 0.3}))
    monkeypatch.setattr("bench.measure.rounds.time.monotonic", clock)
    session, _ = run_rounds(jobs("a", "b"), [RatioSpec("a", "b")], {"a": 1.0, "b": 1.0},
                            plan(budget_s=60.0), lambda _: None, clock.timed)
    assert session.stopped == "budget" and len(session.rounds) > 20 and session.out_of_reach is None


def test_a_ratio_that_does_not_steer_is_reported_without_rounds_going_on_for_it():
    fake = FakeTimer({"a": 1.0, "b": 1.0, "c": 1.0, "d": 1.0}, {"a": 0.001, "b": 0.001, "c": 0.3, "d": 0.3})
    session, (steering, reported) = run_rounds(
        jobs("a", "b", "c", "d"), [RatioSpec("a", "b"), RatioSpec("c", "d", steers=False)],
        dict.fromkeys("abcd", 1.0), plan(), lambda _: None, fake)
    assert session.stopped == "precise" and len(session.rounds) == 10 and session.out_of_reach is None
    assert steering.half_width is not None and steering.half_width <= 0.02 and not steering.reported_only
    assert reported.reported_only and (reported.half_width is None or reported.half_width > 0.02)


def test_the_rounds_a_ratio_needs_are_projected_from_its_scatter_before_its_interval_is_bounded():
    spread = [1.0, 1.1, 0.95, 1.05, 1.0, 0.9]
    rounds = [Round(number=i + 1, order=["a", "b"], times={"a": [v], "b": [1.0]}, user={"a": 0.1, "b": 0.1},
                    system={"a": 0.0, "b": 0.0}, seconds=2.0) for i, v in enumerate(spread)]
    spec = RatioSpec("a", "b")
    assert estimate(spec, rounds, 0.95).rounds == 6
    needed = rounds_needed(spec, rounds, 0.02, 0.95)
    assert 60 < needed < 600  # about 7% scatter: (1.96 x 1.25 x 0.07 / 0.02)^2, about 75, more if correlated
    assert rounds_needed(spec, rounds[:2], 0.02, 0.95) == math.inf
    steady = [Round(number=i + 1, order=["a", "b"], times={"a": [2.0], "b": [1.0]}, user={"a": 0.1, "b": 0.1},
                    system={"a": 0.0, "b": 0.0}, seconds=2.0) for i in range(6)]
    assert rounds_needed(spec, steady, 0.02, 0.95) == 8  # no scatter: the fewest rounds that bound an interval


def test_a_ratio_within_reach_is_not_given_up_and_the_session_ends_when_it_is_precise(monkeypatch):
    """One ratio given up early does not end the session while another can still be narrowed; the
    session ends when that one is precise."""
    clock = FakeClock(FakeTimer({"a": 1.0, "b": 1.0, "c": 1.0}, {"a": 0.3, "b": 0.001, "c": 0.03}))
    monkeypatch.setattr("bench.measure.rounds.time.monotonic", clock)
    session, (noisy, steady) = run_rounds(jobs("a", "b", "c"), [RatioSpec("a", "b"), RatioSpec("c", "b")],
                                          {"a": 1.0, "b": 1.0, "c": 1.0}, plan(budget_s=200.0, give_up=True),
                                          lambda _: None, clock.timed)
    assert session.out_of_reach == ["a/b"] and session.stopped == "out of reach"
    assert steady.half_width is not None and steady.half_width <= 0.02 and steady.rounds > 6


def test_one_wild_round_does_not_put_a_ratio_out_of_reach():
    """A parallel program held up in one round (a vCPU taken away) moves neither the median's interval nor
    the projection of the rounds the ratio needs."""
    speedups = [1.96, 1.94, 1.98, 1.93, 1.91, 1.93, 1.94, 1.10]
    rounds = [Round(number=i + 1, order=["c", "omp"], times={"c": [v], "omp": [1.0]}, user={"c": 0.1, "omp": 0.1},
                    system={"c": 0.0, "omp": 0.0}, seconds=2.0) for i, v in enumerate(speedups)]
    assert rounds_needed(RatioSpec("c", "omp"), rounds, 0.02, 0.95) < 20


def test_an_expensive_ratio_out_of_reach_does_not_take_a_cheap_one_in_reach_down_with_it(monkeypatch):
    """c/d (1 s programs scattered by 30%) is out of any budget's reach; a/b (50 ms programs) needs more
    rounds than the budget affords with c and d in them, but few enough on their own: it is kept, and
    narrowed to the target."""
    base = {"a": 0.05, "b": 0.05, "c": 1.0, "d": 1.0}
    clock = FakeClock(FakeTimer(base, {"a": 0.06, "b": 0.06, "c": 0.3, "d": 0.3}))
    monkeypatch.setattr("bench.measure.rounds.time.monotonic", clock)
    session, (cheap, dear) = run_rounds(jobs(*base), [RatioSpec("a", "b"), RatioSpec("c", "d")], dict(base),
                                        plan(budget_s=40.0, give_up=True), lambda _: None, clock.timed)
    assert session.out_of_reach == ["c/d"] and session.stopped == "out of reach"
    assert cheap.half_width is not None and cheap.half_width <= 0.02 and cheap.rounds > 10
    assert dear.half_width is None or dear.half_width > 0.02
    assert session.seconds <= 40.0
    assert all(set(r.order) == {"a", "b"} for r in session.rounds[10:]), "later rounds hold the open ratio's"


def test_a_ratio_given_up_rides_along_where_its_commands_cost_the_round_little(monkeypatch):
    """p/r is out of reach (r scatters by 50%) but r takes 50 ms beside p and q's 2 s: r stays in the
    rounds that go on for p/q, so p/r's interval keeps narrowing at the precision it can reach."""
    base = {"p": 1.0, "q": 1.0, "r": 0.05}
    clock = FakeClock(FakeTimer(base, {"p": 0.025, "q": 0.025, "r": 0.5}))
    monkeypatch.setattr("bench.measure.rounds.time.monotonic", clock)
    session, (kept, rider) = run_rounds(jobs(*base), [RatioSpec("p", "q"), RatioSpec("p", "r")], dict(base),
                                        plan(budget_s=150.0, give_up=True, round_seconds=0.1), lambda _: None,
                                        clock.timed)
    assert session.out_of_reach == ["p/r"] and len(session.rounds) > 10
    assert all("r" in r.order for r in session.rounds), "r rides along in every round"
    assert rider.rounds == kept.rounds == len(session.rounds)
    clock = FakeClock(FakeTimer(base, {"p": 0.025, "q": 0.025, "r": 0.5}))
    monkeypatch.setattr("bench.measure.rounds.time.monotonic", clock)
    session, (_, alone) = run_rounds(jobs(*base), [RatioSpec("p", "q"), RatioSpec("p", "r")], dict(base),
                                     plan(budget_s=150.0, give_up=True, round_seconds=0.1, ride_share=0.0),
                                     lambda _: None, clock.timed)
    assert alone.rounds < len(session.rounds), "with no room to ride, p/r keeps the rounds it had"


def test_a_ratio_given_up_that_rode_along_to_the_target_is_not_called_out_of_reach(monkeypatch):
    """p/s is given up at its first look, when s's scatter of its first rounds makes it look far off, and
    rides along (s is cheap) while p/q is narrowed; if it ends within the target it is not named."""
    base = {"p": 1.0, "q": 1.0, "s": 0.05}
    clock = FakeClock(FakeTimer(base, {"p": 0.025, "q": 0.025, "s": 0.5}))
    monkeypatch.setattr("bench.measure.rounds.time.monotonic", clock)
    specs = [RatioSpec("p", "q"), RatioSpec("p", "s")]
    monkeypatch.setattr("bench.measure.rounds.is_precise",
                        lambda r, target: r.half_width is not None and (r.half_width <= target or r.numerator == "p"
                                                                       and r.denominator == "s" and r.rounds > 12))
    lines: list[str] = []
    session, (_, rider) = run_rounds(jobs(*base), specs, dict(base),
                                     plan(budget_s=150.0, give_up=True, round_seconds=0.1), lines.append, clock.timed)
    assert any(line.endswith("; 1 given up") for line in lines), "p/s was given up on the way"
    assert rider.rounds > 12 and session.out_of_reach is None and session.stopped == "precise"


def test_a_ratio_given_up_comes_back_when_the_budget_affords_it_again(monkeypatch):
    """Every round looks anew: p/r, projected out of reach until round 12 (a stand-in for a wild stretch
    of rounds), is given up meanwhile, and gets rounds again once its projection fits the budget."""
    base = {"p": 1.0, "q": 1.0, "r": 1.0}
    clock = FakeClock(FakeTimer(base, {"p": 0.005, "q": 0.05, "r": 0.03}))
    monkeypatch.setattr("bench.measure.rounds.time.monotonic", clock)
    real = engine.rounds_needed
    monkeypatch.setattr(engine, "rounds_needed", lambda spec, rounds, *rest: math.inf
                        if spec.denominator == "r" and len(rounds) < 12 else real(spec, rounds, *rest))
    lines: list[str] = []
    session, (_, back) = run_rounds(jobs(*base), [RatioSpec("p", "q"), RatioSpec("p", "r")], dict(base),
                                    plan(budget_s=200.0, give_up=True), lines.append, clock.timed)
    assert any(line.endswith("; 1 given up") for line in lines[5:11]), "p/r was given up on the way"
    assert any("r" in r.order for r in session.rounds[12:]) and back.rounds > 12
    assert back.half_width is not None and back.half_width <= 0.02 and session.out_of_reach is None


def test_a_long_round_of_every_command_ends_early_and_leaves_the_open_ratios_their_rounds(monkeypatch):
    """c takes 6 s, and its ratio is reported only: six rounds of every command would spend most of a
    60 s budget and leave a/b (1 s programs) too few rounds to be bounded. The rounds of every command
    end after 3 (they already pass 40% of the budget); a/b then gets rounds of its own to the target,
    and c comes back only once a/b is precise, with what the budget has left."""
    base = {"a": 1.0, "b": 1.0, "c": 6.0}
    clock = FakeClock(FakeTimer(base, {"a": 0.01, "b": 0.01, "c": 0.01}))
    monkeypatch.setattr("bench.measure.rounds.time.monotonic", clock)
    specs = [RatioSpec("a", "b"), RatioSpec("c", "a", steers=False)]
    lines: list[str] = []
    session, (steering, reported) = run_rounds(jobs(*base), specs, dict(base), plan(budget_s=60.0, give_up=True),
                                               lines.append, clock.timed)
    with_c = ["c" in r.order for r in session.rounds]
    assert with_c[:4] == [True, True, True, False], "3 rounds of every command, then a/b's alone"
    first_back = with_c.index(True, 3)
    assert not any(with_c[3:first_back]) and all(with_c[first_back:]), "c comes back only at the end"
    assert sum(with_c[:3]) == 3 and reported.rounds == sum(with_c) <= 10
    assert steering.half_width is not None and steering.half_width <= 0.02 and session.stopped == "precise"
    assert session.seconds <= 60.0 and session.settings.full_share == 0.4
    # No progress line promises more time than the budget has left.
    assert all("about 1 min" not in line for line in lines[3:])
    # Where a round of every command is short, c joins the rounds that go on for a/b until it has had
    # min_rounds, as the 40% allows, while a/b is still open.
    base = {"a": 0.1, "b": 0.1, "c": 0.3}
    clock = FakeClock(FakeTimer(base, {"a": 0.04, "b": 0.04, "c": 0.01}))
    monkeypatch.setattr("bench.measure.rounds.time.monotonic", clock)
    session, (steering, reported) = run_rounds(jobs(*base), specs, dict(base), plan(budget_s=40.0, give_up=True),
                                               lambda _: None, clock.timed)
    assert reported.rounds == 10 and all("c" in r.order for r in session.rounds[:10])
    assert len(session.rounds) > 10 and not any("c" in r.order for r in session.rounds[10:])
    assert sum(r.seconds for r in session.rounds[:10]) <= 0.4 * 40.0


def test_a_ratio_reported_only_rides_along_where_its_commands_cost_the_round_little(monkeypatch):
    """p/r does not steer, but r takes 50 ms beside p and q's 1 s: it stays in every round that goes on
    for p/q, past min_rounds, as a program's start-up does beside it."""
    base = {"p": 1.0, "q": 1.0, "r": 0.05}
    clock = FakeClock(FakeTimer(base, {"p": 0.025, "q": 0.025, "r": 0.1}))
    monkeypatch.setattr("bench.measure.rounds.time.monotonic", clock)
    session, (kept, rider) = run_rounds(jobs(*base), [RatioSpec("p", "q"), RatioSpec("p", "r", steers=False)],
                                        dict(base), plan(budget_s=150.0, give_up=True, round_seconds=0.1),
                                        lambda _: None, clock.timed)
    assert len(session.rounds) > 10 and all("r" in r.order for r in session.rounds)
    assert rider.rounds == kept.rounds == len(session.rounds) and rider.reported_only


def test_the_gate_runs_a_ratio_reported_only_in_its_min_rounds_alone():
    """Without give_up nothing changes: every command for min_rounds, then the open ratios' alone; a
    ratio that does not steer neither rides along nor is owed rounds."""
    base = {"a": 0.1, "b": 0.1, "c": 0.01}
    fake = FakeTimer(base, {"a": 0.04, "b": 0.04, "c": 0.01})
    session, _ = run_rounds(jobs(*base), [RatioSpec("a", "b"), RatioSpec("c", "a", steers=False)], dict(base),
                            plan(budget_s=60.0, round_seconds=0.3), lambda _: None, fake)
    assert len(session.rounds) > 10 and all("c" in r.order for r in session.rounds[:10])
    assert not any("c" in r.order for r in session.rounds[10:])
    assert session.settings.full_share is None and session.settings.ride_share is None
    assert session.settings.owe_given_up is None, "the gate gives nothing up, and owes nothing"


def test_a_ratio_given_up_is_owed_min_rounds_before_the_ratios_reported_only(monkeypatch):
    """p/o is given up (p, 1 s, scatters by 30%) while a/b (cheap and steady) stays open; x/p is reported
    only. p/o, a ratio of the page's first table, still gets min_rounds, which bound its interval, with
    a/b's rounds, and it gets them before x/p: a given-up ratio's rounds are not held to the share of
    the budget that the ratios reported only may take."""
    base = {"a": 0.05, "b": 0.05, "p": 1.0, "o": 0.02, "x": 1.0}
    specs = [RatioSpec("a", "b"), RatioSpec("p", "o"), RatioSpec("x", "p", steers=False)]
    clock = FakeClock(FakeTimer(base, {"a": 0.04, "b": 0.04, "p": 0.3, "o": 0.01, "x": 0.01}))
    monkeypatch.setattr("bench.measure.rounds.time.monotonic", clock)
    lines: list[str] = []
    session, (cheap, given_up, reported) = run_rounds(
        jobs(*base), specs, dict(base), plan(budget_s=60.0, give_up=True, round_seconds=0.1, full_share=0.2),
        lines.append, clock.timed)
    assert session.out_of_reach == ["p/o"] and given_up.half_width is not None
    # Once none is open, the rounds for p/o and x/p go on while the budget lasts, and the log says so.
    settled = [line for line in lines if "every interval not given up within" in line]
    assert settled and all(", at most " in line and "about 0 s" not in line for line in settled[:-1])
    assert cheap.half_width is not None and cheap.half_width <= 0.02
    with_p = [r.number for r in session.rounds if "p" in r.order]
    with_x = [r.number for r in session.rounds if "x" in r.order]
    assert with_p[:10] == list(range(1, 11)), "p/o's ten rounds come first, beside a/b's"
    assert len([n for n in with_x if n <= 10]) < 10, "x/p had fewer than its ten rounds by then"
    # x/p gets its rounds once a/b is precise, and o rides along in them, cheap beside x and p.
    assert reported.rounds == 10 and given_up.rounds == len(with_p) > 10


def test_a_ratio_given_up_takes_its_owed_rounds_first_and_not_from_the_reported_ratios_share(monkeypatch):
    """p/o (1 s programs scattered by 30%) is given up at round 7 while a/b stays open; x/y is reported
    only, and the 3 rounds of every command have left its share of the budget room for x and y beside
    a/b, not beside a/b, p and o. p/o's owed rounds come first, so x/y waits; they do not count against
    that share, so x/y joins a/b's rounds once p/o has had its ten."""
    base = {"a": 0.05, "b": 0.05, "p": 1.0, "o": 1.0, "x": 0.3, "y": 0.3}
    noise = {"a": 0.02, "b": 0.02, "p": 0.3, "o": 0.3, "x": 0.01, "y": 0.01}
    specs = [RatioSpec("a", "b"), RatioSpec("p", "o"), RatioSpec("x", "y", steers=False)]
    clock = FakeClock(FakeTimer(base, noise))
    monkeypatch.setattr("bench.measure.rounds.time.monotonic", clock)
    session, (_, given_up, reported) = run_rounds(
        jobs(*base), specs, dict(base), plan(budget_s=60.0, give_up=True, round_seconds=0.1, full_share=0.195),
        lambda _: None, clock.timed)
    orders = [set(r.order) for r in session.rounds]
    assert all({"a", "b", "p", "o", "x", "y"} <= o for o in orders[:3])
    assert all("p" in o and "x" not in o for o in orders[3:10]), "p/o's owed rounds before x/y's"
    assert given_up.rounds == 10 and session.out_of_reach == ["p/o"]
    assert all({"x", "y"} <= o for o in orders[10:12]), "x/y's rounds once p/o has had its ten"
    assert reported.rounds == 10
    assert session.settings.owe_given_up is True


def test_a_ratio_given_up_rides_before_a_ratio_reported_only(monkeypatch):
    """Room for about one rider: p/r, a ratio of the page given up, rides along in p/q's rounds before
    p/s, reported only, though s is the cheaper."""
    base = {"p": 1.0, "q": 1.0, "r": 0.1, "s": 0.05}
    clock = FakeClock(FakeTimer(base, {"p": 0.025, "q": 0.025, "r": 0.01, "s": 0.01}))
    monkeypatch.setattr("bench.measure.rounds.time.monotonic", clock)
    real = engine.rounds_needed
    monkeypatch.setattr(engine, "rounds_needed", lambda spec, *rest: math.inf if spec.denominator == "r"
                        else real(spec, *rest))
    precise = engine.is_precise
    monkeypatch.setattr(engine, "is_precise", lambda r, target: r.denominator != "r" and precise(r, target))
    specs = [RatioSpec("p", "q"), RatioSpec("p", "r"), RatioSpec("p", "s", steers=False)]
    lines: list[str] = []
    session, _ = run_rounds(jobs(*base), specs, dict(base),
                            plan(budget_s=150.0, give_up=True, round_seconds=0.1, ride_share=0.08),
                            lines.append, clock.timed)
    later = [set(r.order) for r in session.rounds[10:]]
    assert all(line.endswith("; 1 given up") for line in lines[6:]) and later
    # r rides in every later round; s only where p and q run slow (the drift) and leave room for both.
    assert all("r" in o for o in later) and sum("s" in o for o in later) < len(later) / 2
