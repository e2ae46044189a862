"""What interleaved rounds show: which rounds count, a command's time in a round, ratios taken within
each round, a command's timing over the rounds, and where a parallel program's efficiency goes."""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.analyse.intervals import dependence_factor, least_bounded, median_estimate, robust_sd
from bench.analyse.schedule import tail_share
from bench.core import results
from bench.core.errors import HarnessError
from bench.core.results import Breakdown, Ratio, Round, Timing

# A round during which more than this many cores' worth of CPU time went to anything but the timed
# programs (another process, the hypervisor) is disturbed: it is left out of ratios and medians as
# long as enough quiet rounds remain (QUIET_ROUNDS, and at least half of all).
DISTURBED = 0.25
# The smallest time a run can be told to take (hyperfine's and the harness's timers resolve
# microseconds): a compute time below it is taken as it, here and in the costs per division.
RESOLUTION = 1e-6
QUIET_ROUNDS = 5
DEPENDENT_ROUNDS = 10


def startup_job(name: str) -> str:
    """The name of a job's start-up twin: the same command at the start-up LIMIT, in the same rounds."""
    return f"{name}@start"


def round_value(times: list[float]) -> float:
    """A command's wall time in one round: the median of its k runs."""
    return statistics.median(times)


def clock_value(r: Round, name: str, clock: str) -> float:
    """A command's time in round r on a clock: "wall" (round_value), or "cpu", its runs' mean user +
    system time (a timer gives CPU time per command, not per run)."""
    return r.user[name] + r.system[name] if clock == "cpu" else round_value(r.times[name])


@dataclass(frozen=True)
class RatioSpec:
    """numerator / denominator within each round; with `over`, that ratio divided by over[0] / over[1]
    of the same round (whether a gap between two programs widens from one pair to another); with
    `compute`, each side less its own start-up job of the same round (startup_job): the ratio of the
    time spent computing, for programs whose start-up (a JIT compile) is not negligible. `clock` is
    "wall" or "cpu" (clock_value). Rounds go on until a ratio that `steers` is precise; one that does
    not is reported at the precision the others' rounds give it."""

    numerator: str
    denominator: str
    over: tuple[str, str] | None = None
    compute: bool = False
    clock: str = "wall"
    steers: bool = field(default=True, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        sides = (self.numerator, self.denominator, *(self.over or ()))
        return sides + tuple(startup_job(n) for n in sides) if self.compute else sides

    def of(self, values: dict[str, float]) -> float:
        """The ratio in one round, from each command's time in that round."""

        # A round whose compute time comes out at or below zero (start-up as long as the run, within the
        # noise) still counts, as the smallest time the timer could tell, so that it ranks where it
        # belongs and widens the interval rather than dropping out.
        def side(name: str) -> float:
            return max(values[name] - values[startup_job(name)] if self.compute else values[name], RESOLUTION)

        value = side(self.numerator) / side(self.denominator)
        if self.over:
            value /= side(self.over[0]) / side(self.over[1])
        return value

    def log_values(self, rounds: list[Round]) -> tuple[list[float], int]:
        """The log of the ratio in each quiet round that ran every command of it, in the order run, and
        how many disturbed rounds were left out."""
        names = self.names
        mine, disturbed = quiet_rounds([r for r in rounds if all(name in r.times for name in names)])
        return [math.log(self.of({n: clock_value(r, n, self.clock) for n in names})) for r in mine], disturbed


def quiet_rounds(rounds: list[Round]) -> tuple[list[Round], int]:
    """The rounds that other load did not disturb, and how many were left out; all of them when fewer
    than QUIET_ROUNDS, or fewer than half, are quiet (the load was the rule, not the exception: keeping
    the few quiet rounds would throw most of the measurement away, and the intervals must say so)."""
    quiet = [r for r in rounds if r.foreign_load is None or r.foreign_load <= DISTURBED]
    if len(quiet) < max(QUIET_ROUNDS, len(rounds) / 2):
        return rounds, 0
    return quiet, len(rounds) - len(quiet)


def together(rounds: list[Round], names: Sequence[str]) -> list[Round]:
    """The quiet rounds among those that ran every one of names."""
    return quiet_rounds([r for r in rounds if all(n in r.times for n in names)])[0]


def estimate(spec: RatioSpec, rounds: list[Round], confidence: float) -> Ratio:
    """The median over the quiet rounds that ran every command of spec, with the median's interval."""
    logs, disturbed = spec.log_values(rounds)
    if not logs:
        raise HarnessError(f"no round ran {', '.join(spec.names)} together")
    e = median_estimate(logs, confidence, math.exp)
    return Ratio(numerator=spec.numerator, denominator=spec.denominator,
                 over=list(spec.over) if spec.over else None, estimate=e.estimate, low=e.low, high=e.high,
                 confidence=confidence, rounds=e.rounds, disturbed=disturbed or None,
                 compute=spec.compute or None, reported_only=None if spec.steers else True)


def rounds_needed(spec: RatioSpec, rounds: list[Round], target: float, confidence: float) -> float:
    """The rounds a ratio needs in all for its interval's half-width to reach target, projected from the
    scatter of its rounds so far (robust_sd): the median's interval is about z sqrt(pi / 2) sd / sqrt(n)
    wide on each side, so n = (z sqrt(pi / 2) sd / target) ** 2; more where neighbouring rounds are
    correlated (dependence_factor, from DEPENDENT_ROUNDS rounds on: from fewer, its estimate swings too far
    to project from), and never fewer than least_bounded. The projection holds before the interval is
    bounded, and a few wild rounds, which widen the interval now but less and less as rounds are added, do
    not inflate it. A ratio still wider than target needs at least one round more; infinite before 3."""
    logs, _ = spec.log_values(rounds)
    if len(logs) < 3:
        return math.inf
    spread = robust_sd(logs)
    z = statistics.NormalDist().inv_cdf((1 + confidence) / 2)
    widen = dependence_factor(logs) if len(logs) >= DEPENDENT_ROUNDS else 1.0
    projected = max((z * math.sqrt(math.pi / 2) * spread * widen / target) ** 2, least_bounded(confidence))
    return projected if is_precise(estimate(spec, rounds, confidence), target) else max(projected, len(logs) + 1)


def is_precise(ratio: Ratio, target: float) -> bool:
    return ratio.half_width is not None and ratio.half_width <= target


def timing_of(name: str, rounds: list[Round]) -> Timing:
    """One command's timing over the rounds that ran it: the median of its per-round medians with the
    median's interval, and every run's summary and CPU time."""
    mine = together(rounds, (name,))
    if not mine:
        raise HarnessError(f"no round ran {name}")
    e = median_estimate([round_value(r.times[name]) for r in mine])
    runs = [t for r in mine for t in r.times[name]]
    return Timing(runs=len(runs), rounds=e.rounds, estimate=e.estimate, low=e.low, high=e.high,
                  mean=statistics.fmean(runs), stddev=statistics.stdev(runs) if len(runs) > 1 else 0.0,
                  min=min(runs), max=max(runs),
                  user=sum(r.user[name] * len(r.times[name]) for r in mine) / len(runs),
                  system=sum(r.system[name] * len(r.times[name]) for r in mine) / len(runs))


def breakdown(name: str, block: int | None, schedule: str | None, twin: str, threads: int, rounds: list[Round],
              counted: int | None) -> Breakdown:
    """Where program `name` on `threads` threads (1 included: one worker against the serial loop) loses
    against twin / threads: each part a median over the quiet rounds that ran all six commands (the twin,
    name on 1 and on `threads` threads, each at LIMIT and at start-up); the tail from the division counts
    of its blocks of `block` numbers handed out by `schedule` (below LIMIT `counted`), at 1-thread speed."""
    one, many = f"{name}@1", f"{name}@{threads}"
    names = [n for job in (twin, one, many) for n in (job, startup_job(job))]
    mine = together(rounds, names)
    if not mine:
        raise HarnessError(f"no round ran {', '.join(names)} together")
    t = [{n: round_value(r.times[n]) for n in names} for r in mine]
    start = startup_job
    median = statistics.median
    serial, serial_start = median([v[twin] for v in t]), median([v[start(twin)] for v in t])
    measured = median([v[many] for v in t])
    one_compute = median([v[one] - v[start(one)] for v in t])
    thread_start = median([v[start(many)] - v[start(twin)] for v in t])
    per_worker = median([((v[one] - v[start(one)]) - (v[twin] - v[start(twin)])) / threads for v in t])
    share = tail_share(counted, block, threads, schedule or "dynamic") if counted is not None and block else None
    tail = share * one_compute / threads if share is not None else None
    ideal = serial / threads
    lost_start = serial_start * (1 - 1 / threads)
    rest = measured - ideal - lost_start - thread_start - per_worker - (tail or 0.0)
    return Breakdown(threads=threads, block=block, ideal=ideal, measured=measured, serial_start=lost_start,
                     thread_start=thread_start, per_worker=per_worker, tail=tail, tail_share=share, rest=rest,
                     rounds=len(mine))


def spec_name(spec: Ratio | RatioSpec) -> str:
    """A ratio's name as the page, the log and a file's session give it, "compute " first for a compute ratio."""
    return results.ratio_name(spec.numerator, spec.denominator, spec.over, spec.compute)


NAMED = re.compile(r"(compute )?(?:\((\S+)/(\S+)\)/\((\S+)/(\S+)\)|(\S+)/(\S+))")


def spec_named(name: str, steers: bool = True) -> RatioSpec:
    """The ratio spec_name gave `name`; ValueError for a name it cannot give."""
    found = NAMED.fullmatch(name)
    if found is None:
        raise ValueError(f"{name!r} is not a ratio's name")
    compute, a, b, c, d, numerator, denominator = found.groups()
    return RatioSpec(a, b, (c, d), bool(compute), steers=steers) if a else \
        RatioSpec(numerator, denominator, None, bool(compute), steers=steers)


# A ratio whose neighbouring rounds widened its interval at least this much drifted; a compute time under
# SHOWN_FROM of its program's run is the difference of two nearly equal times, and says nothing.
DRIFT = 1.2
SHOWN_FROM = 0.10


def drifted(ratio: Ratio, rounds: list[Round]) -> bool:
    return ratio.rounds >= 3 and dependence_factor(spec_named(spec_name(ratio)).log_values(rounds)[0]) >= DRIFT


def compute_of(name: str, timing: Timing, startup: Timing, rounds: list[Round] | None) -> float:
    """A program's compute time as its compute ratios divide it: the median over the quiet rounds that ran
    it and its start-up job of its time less its start-up's in the same round; where no round ran both (a
    file whose start-up was timed in a session of its own), the medians' difference."""
    mine = together(rounds or [], (name, startup_job(name)))
    if not mine:
        return timing.estimate - startup.estimate
    return statistics.median(round_value(r.times[name]) - round_value(r.times[startup_job(name)]) for r in mine)


def measurable(name: str, timing: Timing, startup: Timing, rounds: list[Round] | None) -> bool:
    return compute_of(name, timing, startup, rounds) >= SHOWN_FROM * timing.estimate
