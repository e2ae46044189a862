"""Interleaved timing of two commands, each pair in a random order, recording wall and user+sys CPU time per run."""

from __future__ import annotations

import os
import random
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.analyse.intervals import Interval, pair_log_ratios, precise_enough, wilcoxon_interval
from bench.core.errors import HarnessError


class RunError(HarnessError):
    """A timed command failed or printed an unexpected answer."""


@dataclass(frozen=True)
class Command:
    """One side's way to run a program: argv, working directory and environment."""

    argv: tuple[str, ...]
    cwd: Path
    env: dict[str, str]


@dataclass(frozen=True)
class Sample:
    """One run's wall time and the CPU time (user + sys) of it and its children, in seconds."""

    wall: float
    cpu: float


def timed(command: Command, expected: str | None = None) -> Sample:
    """Run once; check exit status and, when given, the answer printed.

    wait4 gives the CPU time of the run and of the processes it waited for (a pool's workers),
    to the microsecond; the programs print a line, which the pipe holds until they are reaped.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(command.argv, cwd=command.cwd, env=command.env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    out, err = proc.communicate()
    if proc.returncode != 0:
        message = err.decode(errors="replace").strip().splitlines()[-1:] or [""]
        raise RunError(f"{' '.join(command.argv)}: exit {proc.returncode}: {message[0]}")
    answer = out.decode(errors="replace").strip()
    if expected is not None and answer != expected:
        raise RunError(f"{' '.join(command.argv)}: printed {answer!r}, expected {expected!r}")
    return Sample(wall, usage.ru_utime + usage.ru_stime)


def pair_orders(pairs: int, rng: random.Random) -> list[tuple[str, str]]:
    """The order of each pair's two runs, a fair coin each: ("base", "head") or ("head", "base").

    A fixed order such as ABBA turns a slow drift into correlation between neighbouring pairs; with
    the order drawn afresh for each pair, the drift's share of a pair's ratio changes sign at random,
    so neighbouring pairs no longer lean the same way."""
    return [("base", "head") if rng.random() < 0.5 else ("head", "base") for _ in range(pairs)]


def interleave(base: Command, head: Command, orders: Sequence[tuple[str, str]], expected: str | None = None,
               warmup: int = 1) -> list[tuple[Sample, Sample]]:
    """One (base, head) sample per order, after `warmup` untimed runs of each."""
    for _ in range(warmup):
        timed(base, expected)
        timed(head, expected)
    results: list[tuple[Sample, Sample]] = []
    for order in orders:
        got = {side: timed(base if side == "base" else head, expected) for side in order}
        results.append((got["base"], got["head"]))
    return results


def columns(samples: Sequence[tuple[Sample, Sample]], clock: str) -> tuple[list[float], list[float]]:
    """The base and head times of the pairs on one clock ('wall' or 'cpu')."""
    return ([getattr(b, clock) for b, _ in samples], [getattr(h, clock) for _, h in samples])


@dataclass
class Comparison:
    """Base against head for one program: the pairs taken so far and the seconds they took."""

    name: str
    base: Command
    head: Command
    expected: str | None
    clock: str  # "wall" or "cpu"
    seed: int = 0
    samples: list[tuple[Sample, Sample]] = field(default_factory=list)
    seconds: float = 0.0
    orders: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # One stream of orders per comparison, reproducible from the seed and the name alone.
        self.rng = random.Random(f"{self.seed}:{self.name}")

    def extend(self, pairs: int) -> None:
        """`pairs` more pairs, each in a random order, after one untimed run of each side: other
        programs may have run since the last pairs, and a cold first run must not count."""
        started = time.monotonic()
        orders = pair_orders(pairs, self.rng)
        self.samples += interleave(self.base, self.head, orders, self.expected)
        self.orders += orders
        self.seconds += time.monotonic() - started

    def values(self) -> tuple[list[float], list[float]]:
        return columns(self.samples, self.clock)

    def log_ratios(self) -> list[float]:
        return pair_log_ratios(*self.values())

    def interval(self) -> Interval:
        """The head/base ratio of the pairs so far (Hodges-Lehmann), with its Wilcoxon interval."""
        return wilcoxon_interval(self.log_ratios())

    def precise(self) -> bool:
        """Narrow enough to catch a TIME_DETECT slowdown TIME_POWER of the time."""
        return precise_enough(self.interval())


@dataclass(frozen=True)
class PairPlan:
    """How many pairs: `least` for each comparison, then `step` more at a time while one is not yet
    precise, up to `most` pairs each and `seconds` for all of them together."""

    least: int
    step: int
    most: int
    seconds: float

    def __post_init__(self) -> None:
        if not 1 <= self.least <= self.most or self.step < 1:
            raise ValueError(f"a plan needs 1 <= least <= most and step >= 1, not {self}")


def share(comparisons: Sequence[Comparison], plan: PairPlan, precise: Callable[[Comparison], bool],
          progress: Callable[[Comparison], None] = lambda _: None) -> None:
    """Measure every comparison to `plan.least` pairs, then give `plan.step` more at a time to the
    imprecise one that has had the least time so far among those whose next step still fits in
    `plan.seconds` (time spent in all comparisons together).

    Whether to go on depends on the interval's width alone, never on where it lies, so stopping
    early does not favour either verdict.
    """
    for comparison in comparisons:
        comparison.extend(plan.least)
        progress(comparison)
    while True:
        spent = sum(c.seconds for c in comparisons)
        fitting = []
        for c in comparisons:
            pairs = min(plan.step, plan.most - len(c.samples))
            if pairs > 0 and spent + c.seconds / len(c.samples) * pairs <= plan.seconds and not precise(c):
                fitting.append((c.seconds, pairs, c))
        if not fitting:
            return
        _, pairs, chosen = min(fitting, key=lambda f: f[0])
        chosen.extend(pairs)
        progress(chosen)
