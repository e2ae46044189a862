"""The regression gate: build BASE in a worktree and the working tree, then compare them on instruction
counts and on time, base and head of every implementation as two jobs of the same interleaved rounds."""

from __future__ import annotations

import math
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.analyse.intervals import (
    TIME_CONFIDENCE,
    Interval,
    instruction_change,
    median_interval,
    time_verdict,
    wanted_half_width,
)
from bench.analyse.rounds import clock_value, quiet_rounds
from bench.analyse.verdicts import Outcome, clock_for, time_only
from bench.core import manifest
from bench.core.errors import HarnessError
from bench.core.paths import ROOT
from bench.core.results import GateSettings, Round
from bench.core.vectors import expected_for
from bench.gate.instructions import checked_seconds, count_instructions
from bench.gate.worktree import GateError, worktree
from bench.measure.rounds import Job, RatioSpec, RoundsPlan, default_timer, run_rounds, start_log

# The CI sizes: compiled programs at the bench's size; the interpreters at a size where computing
# outweighs start-up, yet valgrind still counts CPython's instructions in seconds.
DEFAULT_LIMIT = 1_000_000
DEFAULT_PYTHON_LIMIT = 100_000
DEFAULT_THREADS = 2
# Time: 40 rounds of every program's base and head, then rounds of those not yet precise enough to
# catch a 5% slowdown, for at most 6 minutes in all. Compiled programs get there in 40 rounds here;
# the interpreters and the process pool, whose run-to-run noise is several times larger, take the rest.
DEFAULT_PAIRS = 40
DEFAULT_MAX_PAIRS = 1000
DEFAULT_TIME_BUDGET = 360.0
# Each side of each program gets about this many seconds of runs in a round: a 10 ms program runs 20
# times, a 0.2 s one once.
SIDE_SECONDS = 0.2

GATED_KINDS = ("serial", "parallel")
SIGNALS = ("instructions", "time")
# The environment every measured run gets, so that instruction counts repeat: hash randomisation
# off, OpenMP threads that sleep rather than spin while waiting.
PINNED_ENV = {"PYTHONHASHSEED": "0", "OMP_WAIT_POLICY": "passive"}


class NoSuite(Exception):
    """BASE has no manifest: it predates the suite."""


@dataclass
class Side:
    """One side of the comparison: where its tree is and the gated implementations its manifest lists."""

    label: str
    root: Path
    impls: dict[str, manifest.Implementation]


def load_side(label: str, root: Path) -> Side:
    """The gated implementations (serial and parallel, available here) of the manifest under root."""
    path = root / "bench" / "implementations.toml"
    if not path.exists():
        raise NoSuite(f"{label} has no bench/implementations.toml: it predates the suite")
    try:
        loaded = manifest.load(path)
    except (OSError, ValueError, manifest.ManifestError) as error:
        raise GateError(f"{label}: manifest: {error}") from error
    return Side(label, root, {i.name: i for i in loaded.available(GATED_KINDS) if i.gated})


def select(base: Side, head: Side, only: str | None) -> list[str]:
    """Names on either side, in head's manifest order then base's, limited to `only` when given."""
    either = list(head.impls) + [n for n in base.impls if n not in head.impls]
    if not only:
        return either
    wanted = manifest.names(only)
    unknown = [n for n in wanted if n not in either]
    if unknown:
        raise GateError(f"unknown (or unavailable) implementation(s) in ONLY: {', '.join(unknown)}")
    return [n for n in either if n in wanted]


def build_side(side: Side, names: list[str]) -> None:
    """Build the named implementations in the side's tree, by its own build files."""
    print(f"regress: building {side.label}", file=sys.stderr)
    try:
        manifest.build([side.impls[n] for n in names if n in side.impls], quiet=True, root=side.root)
    except manifest.BuildError as error:
        raise GateError(f"{side.label} could not be built: {error}") from error


def limit_for(impl: manifest.Implementation, settings: GateSettings) -> int:
    """The CI size: interpreted Python (CPython and PyPy) runs a smaller one."""
    return settings.python_limit if impl.language == "Python" else settings.limit


def job_for(impl: manifest.Implementation, root: Path, limit: int, threads: int, name: str) -> Job:
    """How to run impl from its tree with the pinned environment; parallel ones on `threads` threads."""
    env = {**PINNED_ENV, "GOMAXPROCS": str(threads), **impl.env}
    parallel = impl.kind == "parallel"
    if parallel and impl.thread_variable:
        env[impl.thread_variable] = str(threads)
    return Job(name, impl.command(limit, threads if parallel else None), tuple(env.items()), root)


@dataclass(frozen=True)
class Timed:
    """One program's time comparison: base and head, two jobs of the same rounds, on one clock."""

    name: str
    base: Job
    head: Job
    expected: str
    clock: str  # "wall" or "cpu"

    @property
    def spec(self) -> RatioSpec:
        return RatioSpec(self.head.name, self.base.name, clock=self.clock)


@dataclass(frozen=True)
class TimeResult:
    """What the rounds found for one comparison: head/base with its interval, the per-round log-ratios in
    the order run, the seconds its two jobs' runs took, and each side's own time (side_time)."""

    interval: Interval
    log_ratios: list[float]
    seconds: float
    base: Interval
    head: Interval


def side_time(rounds: list[Round], name: str, clock: str) -> Interval:
    """One side's seconds per run on the clock: the median over the rounds with its interval (0 and inf
    when unbounded), as the exported files give each program's time."""
    centre, low, high = median_interval([clock_value(r, name, clock) for r in rounds], TIME_CONFIDENCE)
    return Interval(centre, max(low, 0.0), high, len(rounds))


def time_rounds(comparisons: list[Timed], settings: GateSettings, seed: int,
                log: Callable[[str], None]) -> list[TimeResult]:
    """Every comparison's answer checked, then base and head of all of them in the same rounds until each
    head/base interval is narrow enough to catch a TIME_DETECT slowdown TIME_POWER of the time, or the
    budget is spent. Whether to go on depends on an interval's width alone, never on where it lies, so
    stopping early does not favour either verdict."""
    jobs = [job for c in comparisons for job in (c.base, c.head)]
    seconds = {job.name: checked_seconds(job, c.expected) for c in comparisons for job in (c.base, c.head)}
    plan = RoundsPlan(seed=seed, budget=settings.time_budget, target=wanted_half_width(), confidence=TIME_CONFIDENCE,
                      min_rounds=settings.pairs, max_rounds=settings.max_pairs, round_seconds=SIDE_SECONDS * len(jobs),
                      timer=default_timer())
    try:
        session, ratios = run_rounds(jobs, [c.spec for c in comparisons], seconds, plan, log)
    except HarnessError as error:
        raise GateError(str(error)) from error
    results = []
    for c, ratio in zip(comparisons, ratios):
        sides = (c.base.name, c.head.name)
        both, _ = quiet_rounds([r for r in session.rounds if all(n in r.times for n in sides)])
        results.append(TimeResult(
            Interval(ratio.estimate, ratio.low or 0.0, ratio.high or math.inf, ratio.rounds),
            c.spec.log_values(session.rounds)[0],
            sum(sum(r.times[n]) for r in session.rounds for n in sides if n in r.times),
            side_time(both, c.base.name, c.clock), side_time(both, c.head.name, c.clock)))
    return results


def compare(name: str, base: Side, head: Side, settings: GateSettings) -> tuple[Outcome, Timed | None]:
    """One implementation's instruction counts on both sides, and the timing still to be done (None when
    time is not a signal, or the implementation is on one side only)."""
    if name not in base.impls:
        return Outcome(name, head.impls[name].kind, status="added"), None
    if name not in head.impls:
        return Outcome(name, base.impls[name].kind, status="removed"), None
    impl = head.impls[name]
    limit = limit_for(impl, settings)
    outcome = Outcome(name, impl.kind, limit, clock=clock_for(impl.kind))
    expected = str(expected_for(limit))
    base_job = job_for(base.impls[name], base.root, limit, settings.threads, f"{name}@base")
    head_job = job_for(impl, head.root, limit, settings.threads, f"{name}@head")
    if "instructions" in settings.signals:
        print(f"regress: instructions of {name} at {limit:,}", file=sys.stderr)
        # Base twice, for its own no-change spread; time only when the counts cannot repeat.
        first, processes = count_instructions(base_job, expected)
        second, _ = count_instructions(base_job, expected)
        outcome.base_instructions = [first, second]
        outcome.head_instructions, _ = count_instructions(head_job, expected)
        change = instruction_change(outcome.base_instructions, outcome.head_instructions)
        outcome.instruction_note = time_only(change, processes)
        if not outcome.instruction_note:
            outcome.instructions = change
    timing = Timed(name, base_job, head_job, expected, outcome.clock) if "time" in settings.signals else None
    return outcome, timing


def time_all(pending: list[tuple[Outcome, Timed]], settings: GateSettings) -> None:
    """Base and head of every compared implementation in the same rounds, and each interval in its outcome."""
    if not pending:
        return
    print(f"regress: time of {', '.join(c.name for _, c in pending)}, base and head in interleaved rounds",
          file=sys.stderr)
    found = time_rounds([c for _, c in pending], settings, settings.seed,
                        lambda line: print(f"regress: {line}", file=sys.stderr))
    for (outcome, _), result in zip(pending, found):
        outcome.time = result.interval
        outcome.time_verdict = time_verdict(result.interval)
        outcome.time_seconds = result.seconds
        outcome.base_time, outcome.head_time = result.base, result.head


def run_gate(base_rev: str, only: str | None, settings: GateSettings) -> list[Outcome]:
    """Build both sides and measure every implementation: one outcome each. NoSuite when BASE predates
    the suite; GateError when the gate cannot measure."""
    if "instructions" in settings.signals and shutil.which("valgrind") is None:
        raise GateError("valgrind is not installed (the instruction signal needs it)")
    start_log(f"make regress, BASE {base_rev}, seed {settings.seed}")
    with worktree(base_rev) as base_root:
        base = load_side(f"BASE {base_rev}", base_root)
        head = load_side("the working tree", ROOT)
        names = select(base, head, only)
        build_side(base, names)
        build_side(head, names)
        compared = [compare(name, base, head, settings) for name in names]
        time_all([(o, c) for o, c in compared if c is not None], settings)
    return [outcome for outcome, _ in compared]
