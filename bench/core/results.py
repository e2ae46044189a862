"""The result files as typed records, and the one place that reads and writes them.

A file holds only what was measured (docs/method.md, "Results files"); its statistics are derived() fields,
filled in from the runs when it is read (bench/analyse/derive.py). `loads` migrates a file of the previous
schema and refuses, with a one-line SchemaError naming the file and the field, any other version, a wrong
shape, or a value no measurement gives: a number that is not finite, a string above LONGEST characters, a
value failing its field's CHECKS, an answer that is not the reference count, a round naming no program.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar, Union

from bench.core import manifest
from bench.core.errors import HarnessError, one_line
from bench.core.files import write_atomically
from bench.core.manifest import NAME
from bench.core.vectors import expected_for

STOPPED = ("precise", "out of reach", "budget", "min rounds", "max rounds")  # why the rounds engine stopped
LONGEST = 500  # characters of any string of a file (a version, flags, a note, a mapping's key)
LONGEST_NAME = 200  # characters of a program's name
# A job of a session's rounds: a program, on a thread count (NAME@4), at the start-up LIMIT (NAME@start).
JOB = re.compile(rf"{NAME.pattern}(@[0-9]+)?(@start)?")
# The largest LIMIT a file may record: the reference sieve checks its answers here (a byte per number).
MAX_CHECKED_LIMIT = 10**8
# How far a stored figure may lie from the same figure computed again, relatively.
TOLERANCE = 1e-6
# No number a file records lies beyond this (an instruction count, a seed): larger ones overflow the statistics.
LARGEST = 1e15
MAX_CPUS = 4096  # processors of a machine, threads of a program, at most
MOST_SIZES = 16  # LIMITs of a scaling file, at most: each is checked by a sieve of its own
MOST_POINTS = 256  # thread counts of a thread file's sweeps together, at most: each replays its blocks
MOST_SWEEP_LIMITS = 4  # LIMITs among a thread file's sweeps, at most: each has its divisions counted
# No processor runs above 10 GHz, nor divides more than once a cycle a thread: a clock above it, or a trial-dividing
# program faster than that, is no measurement.
MAX_MHZ, MIN_MHZ = 10_000, 100
MOST_IPC = 16  # instructions a core retires in a cycle, at most (the widest today retire 8 to 10)
# How far noise takes a median start-up above its whole run's in the same rounds, or a speedup above its workers.
SLACK = 1.25
# Rounds of a session or of a calibration's comparison (the model resamples as many a thousand times), runs of a
# command in a round, at most.
MOST_ROUNDS = 2000
MOST_RATIOS, MOST_PROGRAMS, MOST_THREAD_COUNTS, MOST_GATE_SIZES = 512, 128, 64, 4
# A session's ratios times its rounds, at most: each ratio is taken in every round when read (a full plan's 200
# rounds of 61 ratios are 12,200).
MOST_RATIO_ROUNDS = 100_000
# A calibration's log-ratios together, at most (8 programs at 2 sizes and 5 slowdowns, each comparison of 1,000
# rounds: the model resamples them), and its programs.
MOST_LOG_RATIOS, MOST_GATED = 80_000, 16
MOST_RECORDS = 10_000  # a calibration's comparisons, at most (a committed one holds 120)
MOST_RUNS = 500_000  # runs of a session, at most: each is read and each round's median taken (a full run holds 4,139)


class SchemaError(HarnessError):
    """A result file that cannot be read. Its message is one line whatever the file holds (one_line)."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


# What a field's values may be: every number or string in it, in its lists and mappings too, passes its check.
CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "time": (lambda v: 1e-5 <= v <= 1e6, "a time between 10 µs (a process starting) and 10^6 s"),
    "budget": (lambda v: 0 <= v <= 1e6, "seconds from 0 to 10^6"),
    "memory": (lambda v: 1e-3 <= v <= 1e6, "GiB from 0.001 to 10^6"),
    "spin": (lambda v: 1e-12 <= v <= 1e-6, "seconds from 10^-12 to 10^-6"),
    "rounds": (lambda v: 1 <= v <= MOST_ROUNDS, f"a count of rounds or runs from 1 to {MOST_ROUNDS:,}"),
    "positive": (lambda v: v >= 1e-12, "above zero"),
    "cpu": (lambda v: v >= 0, "zero or more"),
    "rate": (lambda v: 0 <= v <= 1, "between 0 and 1"),
    "mhz": (lambda v: MIN_MHZ <= v <= MAX_MHZ, f"a clock from {MIN_MHZ} to {MAX_MHZ:,} MHz"),
    "count": (lambda v: v >= 1, "a positive integer"),
    "limit": (lambda v: 2 <= v <= MAX_CHECKED_LIMIT, f"a LIMIT from 2 to {MAX_CHECKED_LIMIT:,}"),
    "cpus": (lambda v: 1 <= v <= MAX_CPUS, f"a count of processors or threads from 1 to {MAX_CPUS}"),
    "log": (lambda v: abs(v) <= 10, "a log-ratio within ±10"),
    "growth": (lambda v: 0.5 <= v <= 2.5, "a growth with LIMIT from LIMIT^0.5 to LIMIT^2.5"),
    "schedule": (lambda v: v in ("dynamic", "cyclic"), "dynamic or cyclic"),
    "kind": (lambda v: v in manifest.KINDS, f"one of {', '.join(manifest.KINDS)}"),
    "clock": (lambda v: v in ("cpu", "wall"), "cpu or wall"),
    "stopped": (lambda v: v in STOPPED, f"one of {', '.join(STOPPED)}"),
    "confidence": (lambda v: v == 0.95, "0.95, the confidence every page's intervals state"),
    "date": (lambda v: re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", v) is not None
             and _is_date(v), "a date and time as ISO 8601 writes it, not a day ahead of this clock"),
    "name": (lambda v: len(v) <= LONGEST_NAME and NAME.fullmatch(v) is not None, "a program's name"),
    "job": (lambda v: len(v) <= LONGEST_NAME and JOB.fullmatch(v) is not None, "a program's job name"),
    # A name a page shows as it is (a microarchitecture, a calibration's size, a signal, a clock): nothing to escape.
    "word": (lambda v: re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 -]{0,59}", v) is not None, "a plain name"),
    # What a machine says of itself (/proc/cpuinfo, uname, os-release): right-to-left letters would reorder a heading.
    "ascii": (lambda v: v.isascii() and v.isprintable(), "printable ASCII, as a machine writes it"),
}


def _is_date(text: str) -> bool:
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        # A day's slack for a clock that runs ahead (a machine with no network and a clock set to local time);
        # the date as written, which the pages show, is not after tomorrow's either.
        ahead = datetime.now(timezone.utc) + timedelta(days=1)
        return when.year >= 2000 and when.replace(tzinfo=when.tzinfo or timezone.utc) < ahead and \
            when.date() <= ahead.date()
    except ValueError:
        return False


def rule(check: str, default: Any = dataclasses.MISSING) -> Any:
    """A field whose values must pass CHECKS[check]."""
    return field(default=default, metadata={"check": check})


def optional(check: str | None = None) -> Any:
    """A field that may be absent from the file, and is left out of it when None; with check, as rule."""
    return field(default=None, metadata={"omit_if_none": True, "check": check})


def derived() -> Any:
    """A statistic: never in the file, filled in from the measurements when it is read (derive.py)."""
    return field(default=None, kw_only=True, metadata={"derived": True, "omit_if_none": True})


def shown(value: object) -> str:
    """A value as a message quotes it: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _key(where: str, key: str) -> str:
    return f"{where}.{key}" if re.fullmatch(r"[\w@.+-]{1,60}", key) else f"{where}[{shown(key)}]"


# --- make bench: primes.json ---------------------------------------------------------------------

@dataclass
class CpuIdentity:
    """Which CPU exactly (bench/core/cpu.py): x86 family and model, or the Arm implementer and part; the
    microarchitecture is "unknown" outside cpu.py's tables, the caches are cpu0's."""

    vendor: str
    family: int | None = rule("cpu")
    model: int | None = rule("cpu")
    stepping: int | None = rule("cpu")
    microcode: str | None
    implementer: str | None
    part: str | None
    microarchitecture: str = rule("word")
    caches: dict[str, str]
    threads_per_core: int | None = rule("cpus")
    hypervisor: bool | None  # None where the machine cannot tell (an Arm guest under KVM)

    @property
    def key(self) -> tuple[object, ...]:
        """What tells one kind of CPU from another."""
        return self.vendor, self.family, self.model, self.stepping, self.implementer, self.part


@dataclass
class Machine:
    cpu: str = rule("ascii")
    online_cpus: int = rule("cpus")
    usable_cpus: int = rule("cpus")
    memory_gib: float | None = rule("memory")
    os: str = rule("ascii")
    kernel: str = rule("ascii")
    arch: str = rule("ascii")
    identity: CpuIdentity | None = optional()  # absent from files written before it was recorded
    reported_mhz: float | None = optional("mhz")  # the clock the operating system reports for cpu0


@dataclass
class Source:
    commit: str | None
    dirty: bool


@dataclass
class Environment:
    date: str = rule("date")
    machine: Machine
    versions: dict[str, str]
    source: Source


@dataclass
class Estimate:
    """The one estimate: a median over rounds with its interval (low and high None where too few rounds
    bound it), and the interval's half-width in log terms, (log high - log low) / 2: 0.02 is about ±2%."""

    estimate: float
    low: float | None
    high: float | None
    rounds: int
    half_width: float | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        bounded = self.low is not None and self.high is not None and 0 < self.low and math.isfinite(self.high)
        self.half_width = (math.log(self.high) - math.log(self.low)) / 2 if bounded else None


@dataclass
class Timing(Estimate):
    """What one command's runs in the rounds of a session come to: the median over the rounds of each
    round's median run, with its interval; the other figures are over every run."""

    runs: int
    mean: float
    stddev: float
    min: float
    max: float
    user: float  # mean CPU time per run
    system: float

    @property
    def cpu(self) -> float:
        return self.user + self.system


@dataclass
class Plan:
    """How a session of rounds is run (bench/measure/rounds.py), kept in its file with the rounds it gave. With
    first_look, a ratio out of the budget's reach is given up from that round on (make bench); without, every
    open ratio gets rounds until the budget is spent (the gate, scaling)."""

    seed: int = rule("cpu")
    budget_s: float = rule("budget")  # seconds of rounds after the warm-up rounds
    target_half_width: float = rule("positive", 0.02)  # wanted of every ratio's interval, in log terms (±2%)
    confidence: float = rule("confidence", 0.95)
    min_rounds: int = rule("rounds", 10)  # rounds of every command before any drops out
    max_rounds: int = rule("rounds", 200)
    round_seconds: float = rule("positive", 3.0)  # a round of every command lasts about this long, each its share
    max_runs: int = rule("rounds", 100)  # runs of one command in a round, at most
    warmup_rounds: int = rule("cpu", 1)  # untimed rounds first; 0 where the commands have just run
    timer: str = "hyperfine"  # or "python" (os.wait4) where hyperfine is not installed
    first_look: int | None = optional("count")
    # The share of a round that a ratio given up or reported only may add to ride along in it, and the share of
    # the budget that the rounds of every command and those the reported ratios join may take.
    ride_share: float | None = optional("rate")
    full_share: float | None = optional("rate")
    owe_given_up: bool | None = optional()  # a ratio given up is still owed min_rounds while the budget lasts

    @property
    def give_up(self) -> bool:
        return self.first_look is not None


@dataclass
class Round:
    """One round: the commands in the order run, each command's k runs (k per command: the length of
    its times), every run's wall time and each command's mean user and system time."""

    number: int = rule("count")
    order: list[str] = rule("job")
    # One k for every command, in files written before k was chosen per command.
    runs: int | None = field(default=None, kw_only=True, metadata={"omit_if_none": True, "check": "count"})
    times: dict[str, list[float]] = rule("time")
    user: dict[str, float] = rule("cpu")
    system: dict[str, float] = rule("cpu")
    seconds: float = rule("time")
    # Cores' worth of CPU time spent outside the timed programs in the round (/proc/stat); None where not said.
    foreign_load: float | None = optional("cpu")


@dataclass
class Ratio(Estimate):
    """numerator / denominator (divided by over[0] / over[1] where given), taken within each round."""

    numerator: str
    denominator: str
    over: list[str] | None
    confidence: float
    disturbed: int | None = None  # rounds left out because other load shared the machine
    compute: bool | None = None  # true: each side less its start-up in the same round
    reported_only: bool | None = None  # true: the rounds did not go on for it (no question of the page's)


@dataclass
class Session:
    """Every round of one engine run, and why it stopped (docs/method.md): "out of reach" names the open ratios."""

    settings: Plan
    rounds: list[Round]
    seconds: float = rule("budget")
    stopped: str = rule("stopped")
    out_of_reach: list[str] | None = optional()
    # The ratios taken within these rounds (ratio_name), in the pages' order; reported_only: those not steering.
    ratios: list[str] | None = optional()
    reported_only: list[str] | None = optional()


@dataclass
class Answer:
    """The verification run: a program whose output is not the expected count stops the bench."""

    output: str
    seconds: float = rule("time")
    peak_rss_kib: int | None = rule("count")
    expected: int = derived()  # the reference sieve's count


@dataclass
class Clock:
    """The add chain of bench/helpers/clock.c, timed in every round with its start-up: the clock the
    programs of those rounds ran at, adds / (its time - its start-up)."""

    adds: int = rule("count")
    program: str  # the add chain's binary, from the repository root
    mhz: Estimate = derived()


@dataclass
class DivisionCost:
    """What one trial division costs a program (docs/method.md, "Costs"), in ns and in cycles at the round's clock."""

    name: str = rule("name")
    ns: Estimate
    cycles: Estimate | None  # None where no clock was measured


@dataclass
class DividerProbe:
    """bench/helpers/divider.c, run a few times: every run's clock (its own add chain), and cycles per 64-bit
    and 32-bit division of the trial-division shape, independent and chained."""

    command: list[str]
    runs: list[dict[str, float]] = rule("positive")


@dataclass
class BenchEntry:
    name: str = rule("name")
    language: str
    kind: str = rule("kind")
    twin: str | None = rule("name")
    note: str
    threads: int | None = rule("cpus")
    thread_variable: str | None
    version: str
    flags: str | None
    command: list[str]
    answer: Answer
    variant_of: str | None = optional("name")  # the implementation it runs differently
    environment: dict[str, str] | None = optional()  # variables set for its runs (thread placement)
    placement: str | None = optional()  # how it places its workers itself, where it does
    # The division instructions of its compiled loop ("idiv r64"); None where interpreted or compiled at run time.
    divides_with: list[str] | None = optional()
    timing: Timing = derived()
    startup: Timing = derived()  # its @start job in the session's rounds (files of schema 2: startup_session's)


@dataclass
class BenchResult:
    schema: int
    limit: int = rule("limit")
    startup_limit: int = rule("limit")  # each program's @start job runs it at this LIMIT: its start-up alone
    environment: Environment
    implementations: list[BenchEntry]
    session: Session  # the rounds at LIMIT, each program's start-up (its @start job) among them
    # Files first written as schema 2 timed start-up in a session of its own, whose jobs are the programs' names.
    startup_session: Session | None = optional()
    absent: dict[str, str] | None = optional()  # implementations of the manifest not run here, and why
    clock: Clock | None = optional()
    divider: DividerProbe | None = optional()
    built_on: str | None = optional()  # the machine that built the programs, where not this one
    expected: int = derived()
    ratios: list[Ratio] = derived()  # session.ratios, each taken within the rounds at LIMIT
    divisions: int | None = derived()  # the trial divisions the article's loop makes at LIMIT, counted
    costs: list[DivisionCost] | None = derived()

    def entry(self, name: str) -> BenchEntry | None:
        return next((e for e in self.implementations if e.name == name), None)

    def ratio(self, numerator: str, denominator: str, over: tuple[str, str] | None = None,
              compute: bool = False) -> Ratio | None:
        key = (numerator, denominator, over, compute)
        return next((r for r in self.ratios
                     if (r.numerator, r.denominator, tuple(r.over) if r.over else None, bool(r.compute)) == key), None)

    def cost(self, name: str) -> DivisionCost | None:
        return next((c for c in self.costs or [] if c.name == name), None)


# --- make scaling: scaling.json and threads.json -------------------------------------------------

@dataclass
class ScalingSettings:
    budget_s: float = rule("budget")  # seconds of rounds per size
    assumed_k: float = rule("growth")
    min_rounds: int = rule("count")
    startup_limit: int = rule("limit")
    # true: a size's time beyond start-up is predicted to grow as (LIMIT ratio)^assumed_k; absent: the whole time
    startup_apart: bool | None = optional()


@dataclass
class SizePoint:
    limit: int = rule("limit")
    expected: int  # the count its verification run printed, the reference sieve's
    verify_seconds: float = rule("time")
    timing: Timing = derived()


@dataclass
class Skipped:
    limit: int = rule("limit")
    reason: str
    predicted_s: float | None = optional("time")
    predicted_rounds_s: float | None = optional("time")


@dataclass
class ScalingEntry:
    name: str = rule("name")
    language: str
    kind: str = rule("kind")
    twin: str | None = rule("name")
    threads: int | None = rule("cpus")
    version: str
    command: list[str]
    points: list[SizePoint]
    skipped: list[Skipped]
    environment: dict[str, str] | None = optional()
    startup: Timing = derived()


@dataclass
class SizeSession:
    limit: int = rule("limit")
    session: Session


@dataclass
class ScalingResult:
    schema: int
    sizes: list[int] = rule("limit")
    settings: ScalingSettings
    environment: Environment
    implementations: list[ScalingEntry]
    sessions: list[SizeSession]  # one per size (start-up included), every implementation that fits
    clock: Clock | None = optional()  # the clock its rounds ran at (the add chain in every round)


@dataclass
class Breakdown:
    """Where a parallel program's time goes beyond its twin's time / threads (docs/method.md, "Efficiency"), in
    seconds: medians over the rounds that ran all six commands. The parts add up to measured - ideal."""

    threads: int = rule("cpus")
    block: int | None  # numbers per block handed out
    ideal: float  # the twin's median / threads
    measured: float  # this program's median on `threads` threads
    serial_start: float  # the twin's start-up less its 1/threads share: process start, which no thread shares
    thread_start: float  # start-up on `threads` threads less the twin's: creating threads, starting a pool
    per_worker: float  # (compute on 1 thread - the twin's compute) / threads: each worker slower than the loop
    tail: float | None  # the wait after the last block is handed out, from the blocks' division counts
    tail_share: float | None  # that wait / (the work / threads)
    rest: float  # what the parts above leave: synchronisation, contention, the kernel's placement
    rounds: int | None = optional()  # the rounds that ran all six commands


@dataclass
class ThreadPoint:
    threads: int = rule("cpus")
    timing: Timing = derived()
    speedup: Ratio = derived()  # the twin's time / this time, within each round
    startup: Timing | None = derived()  # at the start-up LIMIT, in the same rounds
    compute_speedup: Ratio | None = derived()  # the same ratio of the times less start-ups
    breakdown: Breakdown | None = derived()


@dataclass
class ThreadsEntry:
    name: str = rule("name")
    language: str
    twin: str = rule("name")
    version: str
    points: list[ThreadPoint]
    session: Session  # the twin and every thread count, in the same rounds
    environment: dict[str, str] | None = optional()  # variables set for its runs (thread placement)
    placement: str | None = optional()  # how it places its workers itself, where it does
    limit: int | None = optional("limit")  # its own LIMIT, where not the file's (a JIT's compile would dominate)
    budget_s: float | None = optional("budget")  # its own budget of rounds, where not the file's
    clock: Clock | None = optional()  # the clock its rounds ran at (the add chain in every round)
    variant_of: str | None = optional("name")  # for a placement variant: the program it runs another way
    block: int | None = optional("count")  # numbers per block it hands out, where it does
    schedule: str | None = optional("schedule")  # how it hands them out (the manifest's schedule)
    twin_timing: Timing = derived()
    twin_startup: Timing | None = derived()
    variant_speedup: Ratio | None = derived()  # variant_of's time / this one's on the most threads, same rounds


@dataclass
class ThreadsResult:
    schema: int
    limit: int = rule("limit")
    online_cpus: int = rule("cpus")
    thread_counts: list[int] = rule("cpus")
    settings: ScalingSettings
    environment: Environment
    implementations: list[ThreadsEntry]
    expected: int = derived()


# --- make calibrate: gate.json -------------------------------------------------------------------

@dataclass
class Spin:
    """What one round of the calibration's spin loop costs."""

    instructions: float = rule("count")
    seconds: float = rule("spin")


@dataclass
class GateSettings:
    """What the gate measures: sizes, threads, and how many rounds of base and head (pairs: at least, max_pairs:
    at most) in how much time."""

    limit: int = rule("limit")
    python_limit: int = rule("limit")
    threads: int = rule("cpus")
    pairs: int = rule("rounds")
    signals: tuple[str, ...] = rule("word")
    max_pairs: int = rule("rounds")
    time_budget: float = rule("budget")
    # The random order of each pair's two runs follows from it; None in schema 1, whose pairs ran in ABBA order.
    seed: int | None = optional("cpu")


@dataclass
class CalibrationSize:
    name: str = rule("word")
    settings: GateSettings
    rounds: int = rule("count")


@dataclass
class InstructionRecord:
    """Base counted twice and head once, with the gate's rule on them (bench/studies/gate.py) when read."""

    signal: str = rule("word")
    impl: str = rule("name")
    slowdown: float = rule("cpu")
    base: list[int] = rule("count")
    head: int = rule("count")
    processes: int = rule("count")  # the processes the program starts, each counted
    limit: int = rule("limit")
    size: str = rule("word")
    round: int = rule("cpu")
    change: float = derived()  # head over base's mean, less 1
    spread: float = derived()  # base's two counts apart, over their mean
    threshold: float = derived()
    alarm: bool = derived()
    time_only: str = derived()  # why the signal means nothing for the program, or ""


@dataclass
class TimeRecord:
    """One comparison's log-ratios (head/base, per round, in the order run), with the gate's rule on them
    when read: their median as a ratio, its interval and rounds, and the alarm."""

    signal: str = rule("word")
    impl: str = rule("name")
    limit: int = rule("limit")
    slowdown: float = rule("cpu")
    clock: str = rule("clock")
    seconds: float = rule("time")
    log_ratios: list[float] = rule("log")
    size: str = rule("word")
    round: int = rule("cpu")
    ratio: float = derived()
    low: float = derived()  # 0 where unbounded
    high: float = derived()  # inf where unbounded
    pairs: int = derived()
    half_width: float | None = derived()
    alarm: bool = derived()


@dataclass
class ModelRow:
    """The time rule on pairs resampled from one implementation's measured noise at one size."""

    size: str = rule("word")
    impl: str
    pairs_measured: int = rule("count")
    median_abs_deviation: float = rule("cpu")  # of the centred log-ratios
    pairs_drawn: int = rule("count")
    alarm_rates: list[float] = rule("rate")  # per injected slowdown


@dataclass
class CalibrationResult:
    schema: int
    spin: Spin
    seconds: float = rule("budget")
    sizes: list[CalibrationSize]
    records: list[InstructionRecord | TimeRecord]
    # "rounds": base and head were two jobs of the same interleaved rounds; None: pairs of the earlier pair timer.
    engine: str | None = optional()
    environment: Environment | None = optional()  # absent from calibrations written before it was recorded
    model: list[ModelRow] = derived()


# --- make bundle: prebuilt.json ---------------------------------------------------------------

@dataclass
class Prebuilt:
    """What built the programs of a bundle, for a host that cannot ask its own toolchains."""

    schema: int
    date: str = rule("date")
    built_on: Machine
    source: Source  # the commit the bundle was made from
    versions: dict[str, str]  # implementation -> its toolchain's version, as the build machine printed it
    flags: dict[str, str]  # implementation -> its build flags
    divides_with: dict[str, list[str]] | None = optional()  # implementation -> its loop's division instructions


# --- what one field says of another: each record's invariants, checked as it is read ----------------

CLOCK_JOBS = ("clock", "clock@start")  # the add chain of bench/helpers/clock.c, in the rounds beside the programs
reference_count = functools.cache(expected_for)  # every answer of a file is checked against the same few counts


def _answer(count: object, limit: int, where: str, inclusive: bool = False) -> None:
    """count must be the reference sieve's for limit: the primes below it, or up to it for an inclusive
    reference program (primesieve; verify's expected_for(limit + 1))."""
    prime = limit > 1 and all(limit % d for d in range(2, math.isqrt(limit) + 1))
    right = reference_count(limit) + (inclusive and prime)  # up to a prime limit, one more: one sieve, not two
    if count != right:
        raise SchemaError(f"{where}: {shown(count)}, but the reference sieve counts {right:,} primes "
                          f"{'up to' if inclusive else 'below'} {limit:,}")


def _once(values: list, where: str, required: bool = False) -> None:
    """Each value once (a file lists a program, a size or a round a single time), and one at least if required."""
    if required and not values:
        raise SchemaError(f"{where}: none")
    seen: set = set()
    twice = next((v for v in values if v in seen or seen.add(v)), None)
    if twice is not None:
        raise SchemaError(f"{where}: {shown(twice)} twice")


def _round(r: Round, where: str) -> None:
    _once(r.order, f"{where}.order")
    empty = next((name for name, times in r.times.items() if not times), None)
    if empty is not None:
        raise SchemaError(f"{where}.times.{empty}: no run")
    unpaired = sorted(set(r.order) ^ set(r.times) | set(r.user) ^ set(r.times) | set(r.system) ^ set(r.times))
    if unpaired:
        raise SchemaError(f"{where}: {shown(unpaired[0])} is not in its order, times, user and system alike")


DIVIDER_FIGURES = ("clock_mhz", "div64_independent", "div64_dependent", "div32_independent", "div32_dependent")


def _divider(d: DividerProbe, where: str) -> None:
    if not d.runs:
        raise SchemaError(f"{where}: no run")
    for i, run in enumerate(d.runs):
        for key in DIVIDER_FIGURES:
            if key not in run:
                raise SchemaError(f"{where}: runs[{i}] lacks {key}")
            fits, what = CHECKS["mhz"] if key == "clock_mhz" else (lambda v: 1 <= v <= 10_000, "1 to 10,000 cycles")
            if not fits(run[key]):
                raise SchemaError(f"{where}.runs[{i}].{key}: {run[key]:g}, not {what}")
        for bits in ("64", "32"):  # a division waiting for the one before takes no fewer cycles than one that doesn't
            if run[f"div{bits}_dependent"] * SLACK < run[f"div{bits}_independent"]:
                raise SchemaError(f"{where}.runs[{i}].div{bits}_dependent: fewer cycles than div{bits}_independent")


# The manifest's programs, each with its kind and twin, which a file naming one keeps: the pages set a program against
# its twin, and a reference's count is primesieve's, not the article's loop (no other program may claim that kind).
declared = functools.cache(lambda: {i.name: (i.kind, i.twin, i.variant_of)
                                     for i in manifest.load(resolve=False).implementations})


def _said(e: Any) -> tuple[object, ...]:
    """What a file says of a program that the manifest declares too: kind and twin, and where it records it (files
    before it do not), the program it varies (a sweep is of a parallel program). A block and a schedule may change
    with the manifest: a file keeps its own."""
    kind, twin, variant_of = declared()[e.name]
    return getattr(e, "kind", "parallel"), e.twin, getattr(e, "variant_of", None) or variant_of


def _unlike(e: Any, where: str) -> None:
    """A SchemaError where a program the manifest names is said to be other than the manifest declares it."""
    if e.name in declared() and _said(e) != declared()[e.name]:
        kind, twin, variant_of = declared()[e.name]
        field = next(f for f, a, b in zip(("kind" if hasattr(e, "kind") else "name", "twin", "variant_of"), _said(e),
                                          declared()[e.name]) if a != b)
        raise SchemaError(f"{where}.{field}: {shown(e.name)} is {kind}" + (f", twin {twin}" if twin else "")
                          + (f", a variant of {variant_of}" if variant_of else "") + " in the manifest")


def _kinds(entries: list, where: str, machine: Machine) -> None:
    """At most MOST_PROGRAMS programs; the manifest's kind and twin for each it names, a reference only where the
    manifest's; a serial one on no threads, a parallel one on every usable CPU (verify.threads_for)."""
    _at_most(where, ("implementations", len(entries), MOST_PROGRAMS))
    for i, e in enumerate(entries):
        if e.kind == "reference" and e.name not in declared():
            raise SchemaError(f"{where}.implementations[{i}].kind: {shown(e.name)} is no reference in the manifest")
        _unlike(e, f"{where}.implementations[{i}]")
    threaded = next((i for i, e in enumerate(entries) if e.kind == "serial" and e.threads is not None), None)
    if threaded is not None:
        raise SchemaError(f"{where}.implementations[{threaded}].threads: a serial program runs on no threads")
    unlike = next((i for i, e in enumerate(entries) if e.kind == "parallel" and e.threads != machine.usable_cpus), None)
    if unlike is not None:
        raise SchemaError(f"{where}.implementations[{unlike}].threads: {entries[unlike].threads}, but a parallel "
                          f"program runs on the machine's {machine.usable_cpus} usable CPUs")


def _command(argv: list[str], limit: str, threads: int | None, where: str) -> None:
    """A program runs at the file's LIMIT, its last argument, on its threads, given just before (manifest.command)."""
    if not argv or argv[-1] != limit or threads is not None and argv[-3:-1] != ["--threads", str(threads)]:
        raise SchemaError(f"{where}: {shown(argv[-3:])}, not a run at LIMIT {limit}"
                          + (f" on {threads} threads" if threads is not None else ""))


def _at_most(where: str, *counts: tuple[str, int, int]) -> None:
    """Each (field, count, most): a file asks no more work of its reader than a run gives."""
    many = next(((key, n, most) for key, n, most in counts if n > most), None)
    if many:
        raise SchemaError(f"{where}.{many[0]}: {many[1]:,}, above {many[2]:,}")


def _jobs_named(session: Session, jobs: set[str], where: str) -> None:
    numbers = [r.number for r in session.rounds]
    if numbers != list(range(1, len(numbers) + 1)):
        raise SchemaError(f"{where}.rounds: numbered {shown(numbers)}, not one after another")
    for i, r in enumerate(session.rounds):
        unknown = sorted(set(r.order) - jobs)
        if unknown:
            raise SchemaError(f"{where}.rounds[{i}]: {shown(unknown[0])} is no program of this file")


def _loaded(sessions: list[Session | None], cpus: int, where: str) -> None:
    """No round saw more foreign load than its machine's online CPUs (SLACK for /proc/stat's ticks) could carry."""
    heavy = next((r.foreign_load for s in sessions if s for r in s.rounds if (r.foreign_load or 0) > cpus * SLACK),
                 None)
    if heavy is not None:
        raise SchemaError(f"{where}: a round's foreign load {heavy:g} CPUs, beyond its machine's {cpus}")


def _programs(names: list[str]) -> set[str]:
    return {job for name in names for job in (name, f"{name}@start")} | set(CLOCK_JOBS)


def _machine(m: Machine, where: str) -> None:
    if m.usable_cpus > m.online_cpus:
        raise SchemaError(f"{where}.usable_cpus: {m.usable_cpus}, above its {m.online_cpus} online")


def _session(s: Session, where: str) -> None:
    _once(s.ratios or [], f"{where}.ratios")
    if (s.stopped == "precise" and s.out_of_reach) or (s.stopped == "out of reach" and not s.out_of_reach):
        raise SchemaError(f"{where}.stopped: {s.stopped!r}, but {len(s.out_of_reach or [])} ratios out of reach")
    steering = set(s.ratios or ()) - set(s.reported_only or ())
    if s.stopped == "max rounds" and len(s.rounds) < s.settings.max_rounds or s.stopped == "min rounds" and steering:
        raise SchemaError(f"{where}.stopped: {s.stopped!r}, but {len(s.rounds)} rounds of {s.settings.max_rounds} "
                          f"and {len(steering)} ratios steering")
    unasked = next(((key, name) for key in ("out_of_reach", "reported_only") for name in getattr(s, key) or []
                    if name not in (s.ratios or [])), None)
    if unasked:
        raise SchemaError(f"{where}.{unasked[0]}: {shown(unasked[1])} is none of its ratios")
    _at_most(where, ("rounds", len(s.rounds), s.settings.max_rounds), ("ratios", len(s.ratios or []), MOST_RATIOS),
             ("runs", sum(len(t) for r in s.rounds for t in r.times.values()), MOST_RUNS),
             ("ratios × rounds", len(s.ratios or []) * len(s.rounds), MOST_RATIO_ROUNDS),
             *((f"rounds[{i}].times.{job}", len(t), s.settings.max_runs) for i, r in enumerate(s.rounds)
               for job, t in r.times.items()))
    if s.settings.min_rounds > s.settings.max_rounds:
        raise SchemaError(f"{where}.settings.min_rounds: {s.settings.min_rounds}, above max_rounds")
    short = next((i for i, r in enumerate(s.rounds) if sum(map(sum, r.times.values())) > r.seconds * 1.01), None)
    if short is not None:
        raise SchemaError(f"{where}.rounds[{short}].seconds: fewer than its runs took")
    took = sum(r.seconds for r in s.rounds)
    if not took <= s.seconds * (1 + TOLERANCE) or s.seconds > took * (1 + TOLERANCE) + TOLERANCE:
        raise SchemaError(f"{where}.seconds: {s.seconds:g}, not the {took:g} s its rounds took")
    if s.stopped == "budget" and took + 2 * max((r.seconds for r in s.rounds), default=0) < s.settings.budget_s:
        raise SchemaError(f"{where}.stopped: 'budget', but {took:g} s of its {s.settings.budget_s:g} s spent")


def _bench(b: BenchResult, where: str) -> None:
    names = [e.name for e in b.implementations]
    _once(names, f"{where}.implementations", required=True)
    _kinds(b.implementations, where, b.environment.machine)
    if b.startup_limit > b.limit:
        raise SchemaError(f"{where}.startup_limit: {b.startup_limit:,}, above LIMIT {b.limit:,}")
    both = sorted(set(b.absent or ()) & set(names))
    if both:
        raise SchemaError(f"{where}.absent: {shown(both[0])}, which the file measured")
    for i, e in enumerate(b.implementations):
        output = e.answer.output
        count = int(output) if re.fullmatch(r"0|[1-9][0-9]{0,17}", output) else output  # as a program prints it
        _answer(count, b.limit, f"{where}.implementations[{i}].answer.output", e.kind == "reference")
        _command(e.command, str(b.limit), e.threads, f"{where}.implementations[{i}].command")
    _jobs_named(b.session, _programs(names), f"{where}.session")
    _loaded([b.session, b.startup_session], b.environment.machine.online_cpus, f"{where}.session")
    if b.startup_session:  # schema 2's start-up rounds know each program by its name
        _jobs_named(b.startup_session, set(names), f"{where}.startup_session")


def _scaling(s: ScalingResult, where: str) -> None:
    _at_most(where, ("sizes", len(s.sizes), MOST_SIZES), ("sizes", sum(s.sizes), MAX_CHECKED_LIMIT))
    _once(s.sizes, f"{where}.sizes", required=True)
    close = next((b for a, b in zip(s.sizes, s.sizes[1:]) if b < 2 * a), None)
    if close:  # a growth fitted over two LIMITs close together is noise raised to a power
        raise SchemaError(f"{where}.sizes: {close:,}, not at least twice the size before it")
    _once([size.limit for size in s.sessions], f"{where}.sessions")
    _once([e.name for e in s.implementations], f"{where}.implementations")
    _kinds(s.implementations, where, s.environment.machine)
    for i, e in enumerate(s.implementations):
        _once([point.limit for point in e.points], f"{where}.implementations[{i}].points", required=True)
        _command(e.command, "LIMIT", e.threads, f"{where}.implementations[{i}].command")
        if [p.limit for p in e.points] != sorted(p.limit for p in e.points):
            raise SchemaError(f"{where}.implementations[{i}].points: not in the order of their LIMITs")
        unsized = next((point.limit for point in e.points if point.limit not in s.sizes), None)
        if unsized:
            raise SchemaError(f"{where}.implementations[{i}].points: {unsized:,} is none of its sizes")
        below = next((skip.limit for skip in e.skipped if skip.limit <= max(p.limit for p in e.points)), None)
        if below:  # a size is skipped from the first whose rounds would take too long
            raise SchemaError(f"{where}.implementations[{i}].skipped: {below:,}, not above every size it timed")
        skipped = [skip.limit for skip in e.skipped]
        rounds_s, once_s = (e.skipped[0].predicted_rounds_s, e.skipped[0].predicted_s) if e.skipped else (None, None)
        if skipped != sorted(set(skipped) & set(s.sizes)) or rounds_s is not None and not (
                rounds_s > s.settings.budget_s and rounds_s >= (once_s or 0)):
            raise SchemaError(f"{where}.implementations[{i}].skipped: {shown(skipped)}, not sizes of its own in order, "
                              "the first predicted over the budget")
        if (once_s is None) != (rounds_s is None):
            raise SchemaError(f"{where}.implementations[{i}].skipped[0]: a prediction of its rounds and not of a run, "
                              "or of a run and not of its rounds")
        if e.skipped and e.points and once_s is not None:  # start-up + the rest × (LIMIT ratio)^k, from below
            last, most = e.points[-1], s.settings.min_rounds + 1
            grown = last.verify_seconds * (e.skipped[0].limit / last.limit) ** s.settings.assumed_k
            if not last.verify_seconds <= once_s <= 2 * grown or abs((rounds_s or 0) - most * once_s) > once_s:
                raise SchemaError(f"{where}.implementations[{i}].skipped[0]: {once_s:g} s predicted, "
                                  f"{rounds_s or 0:g} s for its rounds, not what {last.verify_seconds:g} s at "
                                  f"{last.limit:,} predicts")
        for j, point in enumerate(e.points):
            _answer(point.expected, point.limit, f"{where}.implementations[{i}].points[{j}].expected",
                    e.kind == "reference")
    unsized = next((size.limit for size in s.sessions if size.limit not in (*s.sizes, s.settings.startup_limit)), None)
    if unsized:
        raise SchemaError(f"{where}.sessions: {unsized:,} is none of its sizes, nor its start-up LIMIT")
    jobs = _programs([e.name for e in s.implementations])
    for i, size in enumerate(s.sessions):
        _jobs_named(size.session, jobs, f"{where}.sessions[{i}].session")
    _loaded([size.session for size in s.sessions], s.environment.machine.online_cpus, f"{where}.sessions")


def _threads(t: ThreadsResult, where: str) -> None:
    if not 0 < len(t.thread_counts) <= MOST_THREAD_COUNTS or t.thread_counts != sorted(set(t.thread_counts)):
        raise SchemaError(f"{where}.thread_counts: {shown(t.thread_counts)}, not counts rising from the first")
    _once([e.name for e in t.implementations], f"{where}.implementations", required=True)
    _at_most(where, ("implementations", len({e.limit or t.limit for e in t.implementations}), MOST_SWEEP_LIMITS),
             ("implementations", sum(len(e.points) for e in t.implementations), MOST_POINTS))
    if t.thread_counts[-1] > t.online_cpus or set(t.thread_counts) - {p.threads for e in t.implementations
                                                                       for p in e.points}:
        raise SchemaError(f"{where}.thread_counts: {shown(t.thread_counts)}, not the counts swept on its "
                          f"{t.online_cpus} CPUs")
    other = next((i for i, e in enumerate(t.implementations) if e.limit not in (None, 10 * t.limit)), None)
    if other is not None:  # a sweep whose start-up would dominate at LIMIT runs at ten times it
        raise SchemaError(f"{where}.implementations[{other}].limit: {t.implementations[other].limit:,}, neither "
                          f"LIMIT {t.limit:,} nor ten times it")
    _loaded([e.session for e in t.implementations], t.online_cpus, f"{where}.implementations")
    if t.online_cpus != t.environment.machine.online_cpus:
        raise SchemaError(f"{where}.online_cpus: {t.online_cpus}, but its machine has "
                          f"{t.environment.machine.online_cpus}")
    for i, e in enumerate(t.implementations):
        counts = [p.threads for p in e.points]
        _once(counts, f"{where}.implementations[{i}].points")
        if set(counts) - set(t.thread_counts):
            raise SchemaError(f"{where}.implementations[{i}].points: {shown(counts)}, not among thread_counts")
        itself = next((key for key in ("twin", "variant_of") if getattr(e, key) == e.name), None)
        if itself:
            raise SchemaError(f"{where}.implementations[{i}].{itself}: {shown(e.name)}, itself")
        jobs = _programs([e.twin, *(f"{e.name}@{n}" for n in counts)])
        if e.variant_of and counts:
            jobs.add(f"{e.variant_of}@{max(counts)}")
        _jobs_named(e.session, jobs, f"{where}.implementations[{i}].session")
        _unlike(e, f"{where}.implementations[{i}]")  # a sweep is a parallel program against its serial twin


def _gate_settings(s: GateSettings, where: str) -> None:
    if s.pairs > s.max_pairs:
        raise SchemaError(f"{where}.pairs: {s.pairs:,}, above max_pairs {s.max_pairs:,}")


def _spin(s: Spin, where: str) -> None:
    if s.instructions > s.seconds * MAX_MHZ * 1e6 * MOST_IPC:
        raise SchemaError(f"{where}: {s.instructions:g} instructions in {s.seconds:g} s, more than {MOST_IPC} a cycle "
                          f"at {MAX_MHZ:,} MHz")


def _calibration(c: CalibrationResult, where: str) -> None:
    if c.engine and any(size.settings.seed is None for size in c.sizes):  # no seed: the pair timer's ABBA order
        raise SchemaError(f"{where}.sizes: a size of the rounds engine with no seed for its shuffled orders")
    if sum(getattr(r, "seconds", 0) for r in c.records) > c.seconds * (1 + TOLERANCE):
        raise SchemaError(f"{where}.seconds: {c.seconds:g}, fewer than its records' runs took")
    sizes = [size.name for size in c.sizes]
    _once(sizes, f"{where}.sizes", required=True)
    _at_most(where, ("sizes", len(sizes), MOST_GATE_SIZES), ("records", len({r.impl for r in c.records}), MOST_GATED),
             ("records", sum(len(getattr(r, "log_ratios", ())) for r in c.records), MOST_LOG_RATIOS),
             ("records", len(c.records), MOST_RECORDS))
    _once([(r.signal, r.impl, r.size, r.round, r.slowdown) for r in c.records], f"{where}.records")
    most = {size.name: size.settings.max_pairs for size in c.sizes}
    long = next((i for i, r in enumerate(c.records) if len(getattr(r, "log_ratios", ())) > most.get(r.size, math.inf)),
                None)
    if long is not None:
        raise SchemaError(f"{where}.records[{long}].log_ratios: more rounds than its size's max_pairs")
    limits = {size.name: (size.settings.limit, size.settings.python_limit) for size in c.sizes}
    ran = {size.name: (size.rounds, size.settings.signals) for size in c.sizes}
    for i, r in enumerate(c.records):
        if r.size in limits and r.limit not in limits[r.size]:
            raise SchemaError(f"{where}.records[{i}].limit: {r.limit:,}, neither LIMIT of its size")
        signal = "instructions" if isinstance(r, InstructionRecord) else "time"
        wrong = next(((key, value) for key, value, right in (("size", r.size, sizes), ("signal", r.signal, [signal]))
                      if value not in right), None)
        if wrong:
            raise SchemaError(f"{where}.records[{i}].{wrong[0]}: {shown(wrong[1])} is not one of this file's")
        wrong = "round" if r.round >= ran[r.size][0] else "signal" if r.signal not in ran[r.size][1] else None
        if wrong:
            raise SchemaError(f"{where}.records[{i}].{wrong}: {r.signal} in round {r.round + 1}, which its size "
                              f"{r.size!r} did not run")


INVARIANTS: dict[type, Callable[[Any, str], None]] = {
    Machine: _machine, Session: _session, Round: _round, DividerProbe: _divider, Spin: _spin,
    GateSettings: _gate_settings,
    BenchResult: _bench, ScalingResult: _scaling, ThreadsResult: _threads, CalibrationResult: _calibration,
}


# --- reading and writing -------------------------------------------------------------------------

R = TypeVar("R")


def _text(value: str) -> bool:
    """Whether value is text that UTF-8 can write: JSON's escapes can give a lone surrogate, which it cannot."""
    return value.isascii() or not any("\ud800" <= c <= "\udfff" for c in value)


def _value(kind: Any, value: object, where: str, check: str | None = None) -> object:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        choices = [a for a in args if a is not type(None)]
        if len(choices) == 1:
            return _value(choices[0], value, where, check)
        instructions = isinstance(value, dict) and value.get("signal") == "instructions"
        return _record(InstructionRecord if instructions else TimeRecord, value, where)
    if origin in (list, tuple):
        if not isinstance(value, list):
            raise SchemaError(f"{where}: expected a list")
        items = [_value(args[0], v, f"{where}[{i}]", check) for i, v in enumerate(value)]
        return items if origin is list else tuple(items)
    if origin is dict:
        if not isinstance(value, dict):
            raise SchemaError(f"{where}: expected an object")
        for k in value:
            if len(k) > LONGEST or not _text(k):
                raise SchemaError(f"{where}: a key of {len(k)} characters, above {LONGEST}, or not text")
        return {k: _value(args[1], v, _key(where, k), check) for k, v in value.items()}
    if dataclasses.is_dataclass(kind):
        return _record(kind, value, where)
    # A float may be written as an int; neither number is ever a bool.
    if not isinstance(value, (int, float) if kind is float else kind) or (kind is not bool and isinstance(value, bool)):
        raise SchemaError(f"{where}: expected {kind.__name__}, found {type(value).__name__}")
    if isinstance(value, float) and (not math.isfinite(value) or (value == 0 and math.copysign(1, value) < 0)):
        raise SchemaError(f"{where}: {value} is " + ("not a finite number" if value else "no measurement"))
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > LARGEST:
        raise SchemaError(f"{where}: {shown(value)} is beyond any measurement")
    if isinstance(value, str) and (len(value) > LONGEST or not _text(value)):
        raise SchemaError(f"{where}: {len(value)} characters, above {LONGEST}, or not text (a lone surrogate)")
    if check and not CHECKS[check][0](value):
        raise SchemaError(f"{where}: {shown(value)} is not {CHECKS[check][1]}")
    return value


def _record(cls: type[R], data: object, where: str) -> R:
    if cls is CalibrationSize and isinstance(data, list) and len(data) == 3:
        data = dict(zip(("name", "settings", "rounds"), data))
    if not isinstance(data, dict):
        raise SchemaError(f"{where}: expected an object")
    hints = typing.get_type_hints(cls)
    values = {}
    stored = [f for f in dataclasses.fields(cls) if not f.metadata.get("derived")]
    for f in stored:
        if f.name in data:
            values[f.name] = _value(hints[f.name], data[f.name], f"{where}.{f.name}", f.metadata.get("check"))
        elif not f.metadata.get("omit_if_none"):
            raise SchemaError(f"{where}: missing {f.name!r}")
    extra = sorted(set(data) - {f.name for f in stored})
    if extra:
        raise SchemaError(f"{where}: unexpected {', '.join(map(shown, extra[:3]))}")
    record = cls(**values)
    if cls in INVARIANTS:
        INVARIANTS[cls](record, where)
    return record


def as_data(record: object, derived: bool = False) -> object:
    """A record as plain JSON data, keys in field order, absent optional fields left out; with derived,
    its statistics too (the file holds none)."""
    if isinstance(record, CalibrationSize):
        return [record.name, as_data(record.settings, derived), record.rounds]
    if dataclasses.is_dataclass(record):
        fields = [f for f in dataclasses.fields(record) if derived or not f.metadata.get("derived")]
        return {f.name: as_data(getattr(record, f.name), derived) for f in fields
                if getattr(record, f.name) is not None or not f.metadata.get("omit_if_none")}
    if isinstance(record, (list, tuple)):
        return [as_data(v, derived) for v in record]
    if isinstance(record, dict):
        return {k: as_data(v, derived) for k, v in record.items()}
    return record


# --- migrations: each takes a file's JSON of one version and returns it in the next ------------------

Data = dict[str, Any]


def ratio_name(numerator: str, denominator: str, over: list[str] | tuple[str, ...] | None = None,
               compute: bool | None = False) -> str:
    """A ratio's name: "go/c", "compute python/c", or "(a/b)/(c/d)" for a ratio of ratios."""
    text = f"({numerator}/{denominator})/({over[0]}/{over[1]})" if over else f"{numerator}/{denominator}"
    return ("compute " if compute else "") + text


def _primes_3_to_4(data: Data) -> Data:
    """Only what was measured: the ratios asked for are named in the session, and every statistic goes (derive.py
    takes them from the rounds, and checks that they agree with what the schema-3 file stored)."""
    session = data["session"]
    session["ratios"] = [ratio_name(r["numerator"], r["denominator"], r["over"], r.get("compute"))
                         for r in data["ratios"]]
    reported = [name for name, r in zip(session["ratios"], data["ratios"]) if r.get("reported_only")]
    if reported:
        session["reported_only"] = reported
    for key in ("expected", "ratios", "divisions", "costs"):
        data.pop(key, None)
    # The plan is the session's: its budget was written twice, and a start-up session keeps its own.
    settings = data.pop("settings")
    data["startup_limit"] = settings["startup_limit"]
    if settings.get("built_on"):
        data["built_on"] = settings["built_on"]
    if data.get("clock"):
        del data["clock"]["mhz"]
    for entry in data["implementations"]:
        del entry["timing"], entry["startup"], entry["answer"]["expected"]
    return data


def _scaling_3_to_4(data: Data) -> Data:
    """Only what was measured: timings, expected counts and the clock's MHz are taken from the rounds when read."""
    if data.get("clock"):
        del data["clock"]["mhz"]
    for entry in data["implementations"]:
        del entry["startup"]
        for point in entry["points"]:
            del point["timing"]
    return data


def _threads_3_to_4(data: Data) -> Data:
    """Only what was measured, and each program's block and schedule (the manifest's), from which derive.py
    computes its breakdown's tail."""
    schedules = {i.name: i.schedule for i in manifest.load(resolve=False).implementations}
    data.pop("expected")
    for entry in data["implementations"]:
        block = next((p["breakdown"]["block"] for p in entry["points"] if p.get("breakdown")), None)
        if block:
            entry["block"], entry["schedule"] = block, schedules.get(entry["name"], "dynamic")
        for key in ("twin_timing", "twin_startup", "variant_speedup"):
            entry.pop(key, None)
        if entry.get("clock"):
            del entry["clock"]["mhz"]
        entry["points"] = [{"threads": point["threads"]} for point in entry["points"]]
    return data


def _gate_2_to_3(data: Data) -> Data:
    """Only what was measured: each comparison's counts or log-ratios, and how many processes a program started
    (which its time-only reason said); the rule's figures and the model are computed when read."""
    data.pop("model", None)
    for record in data["records"]:
        for key in ("change", "spread", "threshold", "alarm", "ratio", "low", "high", "pairs", "half_width"):
            record.pop(key, None)
        if record["signal"] == "instructions":
            said = re.match(r"time only: ([0-9]+) processes", record.pop("time_only"))
            record["processes"] = int(said[1]) if said else 1
    return data


# Why no step leads from the earlier versions of make bench's and make scaling's files.
BEFORE_3 = {1: "its programs were timed one after another, each in a block of its own, so no ratio of it was "
               "taken within a round as every ratio here is",
            2: "it was written before its statistics could be checked against its rounds"}


@dataclass(frozen=True)
class FileFormat:
    """A result file: the record it holds, the version of its schema, how it is indented, the steps that
    migrate its older versions (steps[n] turns version n into n + 1), and why no step leads from others."""

    record: type
    version: int
    indent: int
    steps: dict[int, Callable[[Data], Data]] = field(default_factory=dict)
    no_step: dict[int | None, str] = field(default_factory=dict)


# Each file's version changes when its records do; its steps then gain the one from the version before.
FILES: dict[str, FileFormat] = {
    "primes.json": FileFormat(BenchResult, 4, 2, {3: _primes_3_to_4}, BEFORE_3),
    "scaling.json": FileFormat(ScalingResult, 4, 2, {3: _scaling_3_to_4}, BEFORE_3),
    "threads.json": FileFormat(ThreadsResult, 4, 2, {3: _threads_3_to_4}, BEFORE_3),
    "gate.json": FileFormat(CalibrationResult, 3, 1, {2: _gate_2_to_3},
                            {None: "it was written before the calibration recorded its sizes and their settings",
                             1: BEFORE_3[2]}),
    "prebuilt.json": FileFormat(Prebuilt, 1, 2),
}


def file_format(cls: type) -> FileFormat:
    return next(f for f in FILES.values() if f.record is cls)


def dumps(record: object) -> str:
    """The text of a result file holding record."""
    return json.dumps(as_data(record), indent=file_format(type(record)).indent) + "\n"


def migrated(data: Data, kind: str, name: str, upto: int | None = None) -> Data:
    """data, of whatever version it has, in the current version of its kind of file (or in version upto)."""
    # gate.json files written before the version field have "sizes": those are version 1.
    version = data.get("schema", 1 if "sizes" in data and "spin" in data else None)
    wanted, steps = FILES[kind].version, FILES[kind].steps
    if type(version) is not int or (version != wanted and version not in steps):
        found = "no schema version" if version is None else f"schema {version!r}"
        older = f" (and migrates schema {', '.join(map(str, steps))})" if steps else ""
        reason = FILES[kind].no_step.get(version) if version is None or type(version) is int else None
        why = "a newer harness wrote it" if type(version) is int and version > wanted else \
            (f"{reason}; " if reason else "") + "run the make target that writes it again"
        raise SchemaError(f"{name}: {found}, but this harness reads schema {wanted} of {kind}{older}: {why}")
    while version < (upto or wanted):
        try:
            data = steps[version](data)
        except (KeyError, TypeError, AttributeError, IndexError, ValueError) as error:
            raise SchemaError(f"{name}: not a schema-{version} {kind} ({type(error).__name__}: {error})") from error
        version += 1
        data["schema"] = version
    return data


def loads(text: str, cls: type[R], name: str) -> R:
    """The record in a result file's text, migrated from an older version; SchemaError names `name`."""
    def once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in pairs]
        if len(set(keys)) < len(keys):
            raise ValueError(f"the key {shown(next(k for k in keys if keys.count(k) > 1))} twice in one object")
        return dict(pairs)
    try:
        data = json.loads(text, object_pairs_hook=once)
    except (ValueError, RecursionError) as error:
        raise SchemaError(f"{name}: not JSON ({'nested too deep' if isinstance(error, RecursionError) else error})") \
            from error
    if not isinstance(data, dict):
        raise SchemaError(f"{name}: not a result file")
    kind = next(k for k, f in FILES.items() if f.record is cls)
    return _record(cls, migrated(data, kind, name), name)


LARGEST_FILE = 16 * 2**20  # bytes of a result file, at most (the largest of results/ is 1.2 MB)


def read(path: Path) -> str:
    """The text of the result file at path; SchemaError where it is no regular UTF-8 file within LARGEST_FILE,
    OSError where it cannot be read."""
    if not path.is_file() or path.stat().st_size > LARGEST_FILE:  # a FIFO, a device, a folder: never read
        raise SchemaError(f"{path}: " + ("not a regular file" if not path.is_file() else
                                          f"{path.stat().st_size:,} bytes, above {LARGEST_FILE:,}"))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise SchemaError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    return text


def load(path: Path, cls: type[R]) -> R:
    """The record in the file at path (see read and loads)."""
    return loads(read(path), cls, str(path))


def save(records: dict[Path, object]) -> None:
    """Write every record to its path at once (write_atomically)."""
    write_atomically({path: dumps(record) for path, record in records.items()})
