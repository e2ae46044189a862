"""The regression gate (make regress: BASE against the working tree; regress.md, the CI tools' files) and its
calibration (make calibrate: known slowdowns injected; gate.json, rendered into gate.md). See docs/gate.md."""

from __future__ import annotations

import contextlib
import functools
import json
import math
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import product
from pathlib import Path

from bench.analyse.costs import COUNTED_UP_TO, division_count
from bench.analyse.derive import DERIVE, possible
from bench.analyse.intervals import lag1_autocorrelation, median_estimate
from bench.analyse.rounds import RatioSpec, clock_value, together
from bench.core import manifest
from bench.core.environment import capture, source
from bench.core.errors import HarnessError
from bench.core.manifest import compiled
from bench.core.paths import ROOT
from bench.core.results import (
    CalibrationResult,
    CalibrationSize,
    Estimate,
    GateSettings,
    InstructionRecord,
    ModelRow,
    Plan,
    SchemaError,
    Spin,
    TimeRecord,
    declared,
    file_format,
)
from bench.core.run import run
from bench.core.vectors import expected_for
from bench.measure.rounds import RUNNERS, Job, default_timer, run_rounds, start_log
from bench.render.format import DIGITS, DIRTY, code, commit, seconds, significant, table, times

# The CI sizes, rounds and budget: docs/gate.md's settings table says why.
DEFAULT_LIMIT, DEFAULT_PYTHON_LIMIT, DEFAULT_THREADS = 1_000_000, 100_000, 2
DEFAULT_PAIRS, DEFAULT_MAX_PAIRS, DEFAULT_TIME_BUDGET = 40, 1000, 360.0
SIDE_SECONDS = 0.2  # of runs of each side of each program in a round: a 10 ms program 20 times
GATED_KINDS = ("serial", "parallel")
SIGNALS = ("instructions", "time")
# So that instruction counts repeat: hash randomisation off, OpenMP threads that sleep while waiting.
PINNED_ENV = {"PYTHONHASHSEED": "0", "OMP_WAIT_POLICY": "passive"}
# The rule (docs/gate.md's two signals): the time interval's confidence, the bar its lower bound must clear, the
# slowdown the rounds are sized to catch and how often; the instruction change's floor, its multiple of base's
# spread, and the spread beyond which a program is judged on time only.
TIME_CONFIDENCE, TIME_THRESHOLD, TIME_DETECT, TIME_POWER = 0.9975, 0.03, 0.05, 0.95
INSTRUCTION_FLOOR, INSTRUCTION_SPREADS, MAX_INSTRUCTION_SPREAD = 0.005, 5.0, 0.002
# The calibration's injected slowdowns; the model's resamplings, each of runs of BLOCK consecutive rounds.
SLOWDOWNS = (0.0, 0.01, 0.03, 0.05, 0.10)
SIMULATIONS, BLOCK = 1_000, 4
DOCS = "../../../docs/gate.md"
REGRESSED, IMPRECISE, TIME_ONLY = "✗", "⚠", "⏱"  # the pages' flags, each defined in docs/gate.md
# The CI tools' files: github-action-benchmark's customSmallerIsBetter list, one file per signal (the action has one
# alert threshold a file), and Bencher Metric Format; each signal's unit and factor from the gate's numbers to each.
BENCHMARK_ACTION_FILES = {"instructions": "regress-instructions.json", "time": "regress-time.json"}
BENCHER_FILE = "regress-bencher.json"
UNITS = {"instructions": ("instructions", 1.0, "instructions", 1.0), "time": ("ms", 1e3, "latency", 1e9)}
Record = InstructionRecord | TimeRecord


# --- the rule ----------------------------------------------------------------------------------------------
def wanted_half_width(power: float = TIME_POWER) -> float:
    """The half-width h at which a TIME_DETECT slowdown clears TIME_THRESHOLD with probability `power`: with
    standard error s = h / z_confidence, log(1 + detect) - log(1 + threshold) = h + z_power s."""
    normal = statistics.NormalDist()
    z_power, z_confidence = normal.inv_cdf(power), normal.inv_cdf((1 + TIME_CONFIDENCE) / 2)
    return (math.log1p(TIME_DETECT) - math.log1p(TIME_THRESHOLD)) / (1 + z_power / z_confidence)


def time_interval(log_ratios: list[float]) -> Estimate:
    """The median of the per-round log-ratios (head/base) with its interval, as ratios."""
    return median_estimate(log_ratios, TIME_CONFIDENCE, math.exp)


def time_verdict(interval: Estimate) -> str:
    if interval.half_width is None:
        return "same"
    return "slower" if interval.low > 1 + TIME_THRESHOLD else "faster" if interval.high < 1 - TIME_THRESHOLD else "same"


@dataclass(frozen=True)
class InstructionChange:
    """base's two counts and head's; head over base's mean, less 1; base's spread, and the threshold it sets."""

    base: list[int]
    head: int
    change: float
    spread: float
    threshold: float

    @property
    def regressed(self) -> bool:
        return self.change > self.threshold


def instruction_change(base: list[int], head: int) -> InstructionChange:
    if not base or min(base) <= 0:
        raise ValueError("need positive base counts")
    mean = statistics.fmean(base)
    spread = (max(base) - min(base)) / mean
    return InstructionChange(base, head, head / mean - 1, spread, max(INSTRUCTION_FLOOR, INSTRUCTION_SPREADS * spread))


def time_only(change: InstructionChange, processes: int) -> str:
    """Why the instruction signal means nothing for a program, or '' when it does."""
    if processes > 1:
        return f"time only: {processes} processes share the work as the scheduler decides"
    if change.spread > MAX_INSTRUCTION_SPREAD:
        return f"time only: instructions vary {change.spread:.1%} between identical runs"
    return ""


def clock_for(kind: str) -> str:
    return "wall" if kind == "parallel" else "cpu"


@dataclass
class Outcome:
    """What the gate found for one program: on both sides ("compared"), or "added" or "removed". Each side's
    time is its seconds per run on the clock, the median over the rounds."""

    name: str
    limit: int = 0
    status: str = "compared"
    instructions: InstructionChange | None = None
    instruction_note: str = ""
    clock: str = ""
    time: Estimate | None = None
    base_time: Estimate | None = None
    head_time: Estimate | None = None

    @property
    def imprecise(self) -> bool:
        return self.time is not None and (self.time.half_width is None or self.time.half_width > wanted_half_width())

    @property
    def regressions(self) -> list[str]:
        found = [self.instructions is not None and self.instructions.regressed, self.verdict == "slower"]
        return [signal for signal, hit in zip(SIGNALS, found) if hit]

    @property
    def verdict(self) -> str:
        return time_verdict(self.time) if self.time is not None else ""


# --- measuring ---------------------------------------------------------------------------------------------
class GateError(HarnessError):
    """The gate could not measure: exit 2."""


class NoSuite(Exception):
    """BASE predates the suite: it has no manifest."""


def say(command: str) -> Callable[[str], None]:
    return lambda line: print(f"{command}: {line}", file=sys.stderr)


def git(*args: str) -> str:
    ran = run(["git", *args])
    if ran.code != 0:
        raise GateError(f"git {' '.join(args)}: {ran.err.strip()}")
    return ran.out.strip()


@contextlib.contextmanager
def worktree(revision: str) -> Iterator[Path]:
    """A temporary detached worktree of revision, removed afterwards."""
    try:
        commit = git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except GateError:
        raise GateError(f"BASE {revision!r} is not a commit of this repository") from None
    with tempfile.TemporaryDirectory(prefix="primes-base-", ignore_cleanup_errors=True) as parent:
        git("worktree", "add", "--detach", "--quiet", f"{parent}/base", commit)
        try:
            yield Path(parent) / "base"
        finally:
            run(["git", "worktree", "remove", "--force", f"{parent}/base"])
            run(["git", "worktree", "prune"])


def run_checked(job: Job, expected: str, *tool: str) -> float:
    """One run's wall time, under `tool` when given; GateError unless it exits 0 having printed `expected`."""
    ran = run([*tool, *job.argv], cwd=job.cwd, env=dict(job.env))
    if ran.code != 0 or ran.out.strip() != expected:
        raise GateError(f"{' '.join([*tool[:1], *job.argv])}: printed {ran.out.strip()!r} (expected {expected!r}), "
                        f"{ran.why}")
    return ran.seconds


def count_instructions(job: Job, expected: str) -> tuple[int, int]:
    """Instructions of the job's command and every process it starts, and how many processes that was."""
    with tempfile.TemporaryDirectory(prefix="primes-cg-") as out:
        run_checked(job, expected, "valgrind", "--tool=cachegrind", "--cache-sim=no", "--trace-children=yes",
                    f"--cachegrind-out-file={out}/cg.%p")
        counts = [sum(int(line.split()[1]) for line in path.read_text().splitlines() if line.startswith("summary:"))
                  for path in Path(out).iterdir()]
        return sum(counts), len(counts)


def count_base(job: Job, expected: str) -> tuple[list[int], int]:
    """Base counted twice, for its own no-change spread, and how many processes it started."""
    (first, processes), (second, _) = (count_instructions(job, expected) for _ in range(2))
    return [first, second], processes


def gated(root: Path, label: str) -> dict[str, manifest.Implementation]:
    """The gated programs (serial and parallel, available here) of the manifest under root, by name."""
    path = root / "bench" / "implementations.toml"
    if not path.exists():
        raise NoSuite(f"{label} has no bench/implementations.toml: it predates the suite")
    try:
        return {i.name: i for i in manifest.load(path).available(GATED_KINDS) if i.gated}
    except (OSError, ValueError, manifest.ManifestError) as error:
        raise GateError(f"{label}: manifest: {error}") from error


def chosen(names: list[str], only: str | None) -> list[str]:
    """names, or those of them that ONLY names."""
    wanted = manifest.names(only or "") or names
    unknown = [n for n in wanted if n not in names]
    if unknown:
        raise GateError(f"unknown (or unavailable) implementation(s) in ONLY: {', '.join(unknown)}")
    return [n for n in names if n in wanted]


def limit_for(impl: manifest.Implementation, settings: GateSettings) -> int:
    return settings.python_limit if impl.language == "Python" else settings.limit


def job_for(impl: manifest.Implementation, root: Path, limit: int, threads: int, name: str) -> Job:
    """impl run from its tree with the pinned environment; a parallel one on `threads` threads."""
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


@dataclass(frozen=True)
class TimeResult:
    """head/base, the per-round log-ratios in the order run, the seconds its runs took, each side's time."""

    interval: Estimate
    log_ratios: list[float]
    seconds: float
    base: Estimate
    head: Estimate


def time_rounds(comparisons: list[Timed], settings: GateSettings, seed: int,
                log: Callable[[str], None]) -> list[TimeResult]:
    """Every answer checked, then each comparison's base and head in the same rounds until precise or out of budget."""
    jobs = [job for c in comparisons for job in (c.base, c.head)]
    specs = [RatioSpec(c.head.name, c.base.name, clock=c.clock) for c in comparisons]
    plan = Plan(seed=seed, budget_s=settings.time_budget, target_half_width=wanted_half_width(),
                confidence=TIME_CONFIDENCE, min_rounds=settings.pairs, max_rounds=settings.max_pairs,
                round_seconds=SIDE_SECONDS * len(jobs), timer=default_timer())
    checked = {job.name: run_checked(job, c.expected) for c in comparisons for job in (c.base, c.head)}
    session, ratios = run_rounds(jobs, specs, checked, plan, log)
    results = []
    for c, spec, ratio in zip(comparisons, specs, ratios):
        names = (c.base.name, c.head.name)
        both = together(session.rounds, names)
        base, head = (median_estimate([clock_value(r, n, c.clock) for r in both], TIME_CONFIDENCE) for n in names)
        spent = sum(sum(r.times[n]) for r in session.rounds for n in names if n in r.times)
        results.append(TimeResult(ratio, spec.log_values(session.rounds)[0], spent, base, head))
    return results


def compare(base: manifest.Implementation, head: manifest.Implementation, base_root: Path,
            settings: GateSettings) -> tuple[Outcome, Timed]:
    """One program's instruction counts on both sides, and its time comparison still to run."""
    limit = limit_for(head, settings)
    outcome = Outcome(head.name, limit, clock=clock_for(head.kind))
    expected = str(expected_for(limit))
    timed = Timed(head.name, job_for(base, base_root, limit, settings.threads, f"{head.name}@base"),
                  job_for(head, ROOT, limit, settings.threads, f"{head.name}@head"), expected, outcome.clock)
    if "instructions" in settings.signals:
        say("regress")(f"instructions of {head.name} at {limit:,}")
        base_counts, processes = count_base(timed.base, expected)
        change = instruction_change(base_counts, count_instructions(timed.head, expected)[0])
        outcome.instruction_note = time_only(change, processes)
        outcome.instructions = None if outcome.instruction_note else change
    return outcome, timed


def run_gate(base_rev: str, only: str | None, settings: GateSettings) -> list[Outcome]:
    """Build both sides and compare every program: one outcome each. NoSuite when BASE predates the suite."""
    if "instructions" in settings.signals and shutil.which("valgrind") is None:
        raise GateError("valgrind is not installed (the instruction signal needs it)")
    start_log(f"make regress, BASE {base_rev}, seed {settings.seed}")
    log = say("regress")
    with worktree(base_rev) as base_root:
        sides = [(f"BASE {base_rev}", base_root), ("the working tree", ROOT)]
        base, head = (gated(root, label) for label, root in sides)
        names = chosen(list(head) + [n for n in base if n not in head], only)
        for (label, root), impls in zip(sides, (base, head)):
            log(f"building {label}")
            try:
                manifest.build([impls[n] for n in names if n in impls], quiet=True, root=root)
            except manifest.BuildError as error:
                raise GateError(f"{label} could not be built: {error}") from error
        pending = [compare(base[n], head[n], base_root, settings) for n in names if n in base and n in head]
        compared = {outcome.name: outcome for outcome, _ in pending}
        outcomes = [compared.get(n) or Outcome(n, status="added" if n in head else "removed") for n in names]
        if "time" in settings.signals and pending:
            log(f"time of {', '.join(t.name for _, t in pending)}, base and head in interleaved rounds")
            for (outcome, _), found in zip(pending, time_rounds([t for _, t in pending], settings, settings.seed, log)):
                outcome.time, outcome.base_time, outcome.head_time = found.interval, found.base, found.head
    return outcomes


# --- regress.md and the CI tools' files --------------------------------------------------------------------
def export_files(outcomes: list[Outcome], commit: str, host: str) -> dict[str, str]:
    """File name -> text of the CI tools' files: every signal the gate judges of every program's head side,
    with its interval where bounded (instructions: ± base's spread; time: the median's interval)."""
    found: dict[str, list[dict[str, object]]] = {name: [] for name in BENCHMARK_ACTION_FILES.values()}
    bencher: dict[str, dict[str, dict[str, float]]] = {}
    for o in outcomes:
        points = [] if o.head_time is None else [("time", o.head_time)]
        if o.instructions is not None:
            count, half = o.instructions.head, o.instructions.spread * o.instructions.head
            points.insert(0, ("instructions", Estimate(count, count - half, count + half, 2)))
        for signal, e in points:
            unit, scale, measure, nano = UNITS[signal]
            entry: dict[str, object] = {"name": o.name, "unit": unit, "value": round(e.estimate * scale, 6)}
            metric = {"value": round(e.estimate * nano, 3)}
            if e.half_width is not None:
                entry["range"] = f"± {round(max(e.estimate - e.low, e.high - e.estimate) * scale, 6):g}"
                metric |= {"lower_value": round(e.low * nano, 3), "upper_value": round(e.high * nano, 3)}
            entry["extra"] = f"commit: {commit}\nhost: {host}\nLIMIT: {o.limit}"
            found[BENCHMARK_ACTION_FILES[signal]].append(entry)
            bencher.setdefault(o.name, {})[measure] = metric
    files: dict[str, object] = {**found, BENCHER_FILE: bencher}
    return {name: json.dumps(data, indent=2) + "\n" for name, data in files.items()}


def change_text(ratio: float, low: float, high: float) -> str:
    """head against base as pyperf writes it, '1.05× slower (1.04–1.06)', or '=' where the interval holds 1."""
    return times(1 / ratio, 1 / high if high else None, 1 / low if low else None, "× faster")


def changed_rows(o: Outcome) -> list[list[str]]:
    """A row per signal that changed significantly, or the program on one side only."""
    if o.status != "compared":
        return [[o.name, "", "", "", o.status]]
    rows, i, t = [], o.instructions, o.time
    if i is not None and abs(i.change) > i.threshold:
        x = 1 + i.change
        rows.append([o.name, "instructions", f"{statistics.fmean(i.base):,.0f}", f"{i.head:,}",
                     f"{significant(max(x, 1 / x), DIGITS + 1)}× {'slower' if x > 1 else 'faster'}"
                     + (f" {REGRESSED}" if i.regressed else "")])
    if t is not None and o.verdict in ("slower", "faster") and o.base_time and o.head_time:
        rows.append([o.name, f"time ({o.clock})", seconds(o.base_time.estimate), seconds(o.head_time.estimate),
                     change_text(t.estimate, t.low, t.high) + (f" {REGRESSED}" if o.verdict == "slower" else "")])
    return rows


def header_line(host: str, date: str, base: str, head: str, dirty: bool, settings: GateSettings) -> str:
    return (f"{host} · {date} · base `{base}` → head `{head}`{DIRTY if dirty else ''} · "
            f"{settings.limit:,} (Python {settings.python_limit:,}) · {settings.threads} workers · "
            f"{settings.pairs}–{settings.max_pairs} rounds in {settings.time_budget:.0f} s · seed "
            f"{settings.seed}{'' if len(settings.signals) > 1 else ' · ' + settings.signals[0] + ' only'}")


def render_regress(outcomes: list[Outcome], header: str) -> str:
    """regress.md: the verdict, the header line, the changes, and the rest with their flags on one line."""
    regressed = [f"{o.name}: {', '.join(o.regressions)}" for o in outcomes if o.regressions]
    rows = [row for o in outcomes for row in changed_rows(o)]
    rest = [o.name + (f" {TIME_ONLY}" if o.instruction_note else "")
            + (f" {IMPRECISE}±{math.expm1(o.time.half_width):.2%}" if o.imprecise and o.time.half_width else "")
            for o in outcomes if not changed_rows(o)]
    verdict = f"REGRESSION ({'; '.join(regressed)})" if regressed else "no regression"
    lines = [f"# Regression gate · Verdict: {verdict}", "", header, ""]
    if rows:
        lines += [table(["program", "signal", "base", "head", "head against base"], rows, align="llrrl"), ""]
    lines.append(f"Not significant ({len(rest)})" + (f": {', '.join(rest)}" if rest else ""))
    return "\n".join(lines) + f"\n\n{REGRESSED} regression · {IMPRECISE} time interval wider than " \
        f"±{math.expm1(wanted_half_width()):.2%} · {TIME_ONLY} time only · [how to read]({DOCS}#regressmd)\n"


def regress(base_rev: str, only: str | None, settings: GateSettings, host: str) -> tuple[str, dict[str, str], bool]:
    """make regress: regress.md, the CI tools' files by name, and whether a program regressed."""
    outcomes = run_gate(base_rev, only, settings)
    here = source()
    base, head = (git("log", "-1", "--format=%h", rev) for rev in (base_rev, "HEAD"))
    date = datetime.now(timezone.utc).date().isoformat()
    report = render_regress(outcomes, header_line(host, date, base, head, here.dirty, settings))
    exports = export_files(outcomes, f"{here.commit or head}{'+dirty' if here.dirty else ''}", host)
    return report, exports, any(o.regressions for o in outcomes)


# --- the calibration ---------------------------------------------------------------------------------------
def wrapped(job: Job, iterations: int, name: str | None = None) -> Job:
    """job's command run by the wrapper after `iterations` rounds of its spin loop."""
    return Job(name or job.name, [str(compiled("inject_slowdown")), str(iterations), *job.argv], job.env, job.cwd)


def clock_seconds(job: Job, clock: str) -> float:
    """The job's time on a clock over 5 runs, through the rounds' own timer."""
    return RUNNERS[default_timer()](job, 5).on(clock)


def time_spin_loop() -> Spin:
    """Instructions (under valgrind) and CPU seconds of one loop round, net of the wrapper's start."""
    true = Job("true", ["true"], (("PATH", "/usr/bin:/bin"),))
    spun, idle = (count_instructions(wrapped(true, n), "")[0] for n in (10_000_000, 0))
    cpu, rest = (clock_seconds(wrapped(true, n), "cpu") for n in (200_000_000, 0))
    return Spin((spun - idle) / 10_000_000, (cpu - rest) / 200_000_000)


def calibrate_instructions(command: Job, limit: int, spin: Spin, size: str,
                           round_number: int) -> list[InstructionRecord]:
    """Base (the wrapper, no spin) twice, then head with each slowdown once: the gate's rule on each."""
    expected = str(expected_for(limit))
    base, processes = count_base(wrapped(command, 0), expected)
    records = []
    for slowdown in SLOWDOWNS:
        spun = wrapped(command, round(slowdown * statistics.fmean(base) / spin.instructions))
        records.append(InstructionRecord(
            signal="instructions", impl=command.name, slowdown=slowdown, base=base,
            head=count_instructions(spun, expected)[0], processes=processes - 1, limit=limit, size=size,
            round=round_number))
    return records


def calibrate_time(impls: list[manifest.Implementation], size: CalibrationSize, spin: Spin,
                   round_number: int) -> list[TimeRecord]:
    """Per slowdown, the gate's time signal on every program, the head side spinning that share of its time."""
    settings, log = size.settings, say("calibrate")
    setups = []  # name, limit, job, clock, the program's own time on its clock
    for impl in impls:
        limit, clock = limit_for(impl, settings), clock_for(impl.kind)
        job = job_for(impl, ROOT, limit, settings.threads, impl.name)
        setups.append((impl.name, limit, job, clock, clock_seconds(wrapped(job, 0), clock)))
    records = []
    for level, slowdown in enumerate(SLOWDOWNS):
        log(f"time, {slowdown:.0%} slower")
        comparisons = [Timed(name, wrapped(job, 0, f"{name}@base"),
                             wrapped(job, round(slowdown * own / spin.seconds), f"{name}@head"),
                             str(expected_for(limit)), clock) for name, limit, job, clock, own in setups]
        seed = settings.seed + 1000 * round_number + level  # each slowdown its own shuffled orders
        for (name, limit, _, clock, _), found in zip(setups, time_rounds(comparisons, settings, seed, log)):
            records.append(TimeRecord(signal="time", impl=name, limit=limit, slowdown=slowdown, clock=clock,
                                      seconds=found.seconds, log_ratios=found.log_ratios, size=size.name,
                                      round=round_number))
    return records


def calibrate(only: str | None, sizes: list[CalibrationSize]) -> CalibrationResult:
    """make calibrate: the spin loop sized, then each round of each size: instructions where asked, then time."""
    started, log = time.monotonic(), say("calibrate")
    start_log("make calibrate")
    gates = gated(ROOT, "the working tree")
    impls = [gates[n] for n in chosen(list(gates), only)]
    manifest.build(impls)
    here = capture(impls)
    spin = time_spin_loop()
    records: list[Record] = []
    for size in sizes:
        for round_number in range(size.rounds):
            where = f"{size.name} round {round_number + 1}/{size.rounds}"
            if "instructions" in size.settings.signals:
                for impl in impls:
                    limit = limit_for(impl, size.settings)
                    log(f"{where}: instructions of {impl.name} at {limit:,}")
                    command = job_for(impl, ROOT, limit, size.settings.threads, impl.name)
                    records += calibrate_instructions(command, limit, spin, size.name, round_number)
            if "time" in size.settings.signals:
                log(f"{where}: time")
                records += calibrate_time(impls, size, spin, round_number)
    return CalibrationResult(schema=file_format(CalibrationResult).version, spin=spin,
                             seconds=time.monotonic() - started, sizes=sizes, records=records,
                             engine="rounds", environment=here)


def resample(no_change: list[float], rounds: int, rng: random.Random) -> list[float]:
    """`rounds` log-ratios drawn as runs of BLOCK consecutive measured ones, with replacement."""
    if not no_change:
        raise ValueError("no measured rounds to resample")
    drawn: list[float] = []
    while len(drawn) < rounds:
        start = rng.randrange(max(1, len(no_change) - BLOCK + 1))
        drawn += no_change[start:start + BLOCK]
    return drawn[:rounds]


def simulate(no_change: list[float], rounds: int, rng: random.Random) -> list[float]:
    """The time rule's alarm rate per slowdown on resampled no-change log-ratios shifted by the slowdown."""
    alarms = [0] * len(SLOWDOWNS)
    for _ in range(SIMULATIONS):
        low = time_interval(resample(no_change, rounds, rng)).low or 0.0
        for i, slowdown in enumerate(SLOWDOWNS):
            alarms[i] += low * (1 + slowdown) > 1 + TIME_THRESHOLD
    return [a / SIMULATIONS for a in alarms]


def time_records(records: list[Record], size: str) -> dict[str, list[TimeRecord]]:
    """The time comparisons at one size, per program in the order first met."""
    found = [r for r in records if isinstance(r, TimeRecord) and r.size == size]
    return {name: [r for r in found if r.impl == name] for name in dict.fromkeys(r.impl for r in found)}


def model(result: CalibrationResult) -> list[ModelRow]:
    """Per size and program: simulate on the noise (each comparison's log-ratios less their median) pooled, as
    many rounds drawn as the gate took (the median over its comparisons)."""
    rows = []
    for size in result.sizes:
        for impl, runs in time_records(result.records, size.name).items():
            drawn = round(statistics.median(r.pairs for r in runs))
            pool = [x - centre for r in runs for centre in [statistics.median(r.log_ratios)] for x in r.log_ratios]
            centre = statistics.median(pool)
            rows.append(ModelRow(size=size.name, impl=impl, pairs_measured=len(pool),
                                 median_abs_deviation=statistics.median(abs(x - centre) for x in pool),
                                 pairs_drawn=drawn, alarm_rates=list(alarm_rates(tuple(pool), drawn))))
    return rows


@functools.lru_cache(maxsize=512)  # a file read again (the pages, then the merge) resamples nothing again
def alarm_rates(pool: tuple[float, ...], drawn: int) -> tuple[float, ...]:
    """simulate's rates, from the one seed every reading shares."""
    return tuple(simulate(list(pool), drawn, random.Random(0)))


def derive_calibration(result: CalibrationResult) -> CalibrationResult:
    """The result with the gate's rule on every record, and its model: what gate.json's runs give when read.
    SchemaError where a record injects none of SLOWDOWNS, where its counts are fewer than its trial divisions, or,
    where the counts mean something (not time-only), fewer with a slowdown injected than without, below half base or
    above twice it, or its runs faster than a division a cycle at MAX_MHZ on each of its size's threads (one for a
    serial program) that its machine's usable CPUs run at once."""
    threads = {size.name: size.settings.threads for size in result.sizes}
    pairs = {size.name: size.settings.pairs for size in result.sizes}
    cpus = result.environment.machine.usable_cpus if result.environment else max(threads.values())

    def parallel(name: str) -> bool | None:  # None: a program the manifest does not name
        return declared()[name][0] == "parallel" if name in declared() else None
    for n, r in enumerate(result.records):
        if r.slowdown not in SLOWDOWNS:  # gate.md counts alarms by the slowdowns the calibration injects
            raise SchemaError(f"records[{n}].slowdown: {r.slowdown:g}, none of {', '.join(map(str, SLOWDOWNS))}")
        count = division_count(min(r.limit, COUNTED_UP_TO))
        if isinstance(r, InstructionRecord):
            fewest = min([*r.base, r.head])
            if fewest < count:
                raise SchemaError(f"records[{n}]: {fewest:,} instructions, fewer than its {count:,} trial divisions")
            c = instruction_change(r.base, r.head)
            r.change, r.spread, r.threshold, r.alarm = c.change, c.spread, c.threshold, c.regressed
            r.time_only = time_only(c, r.processes)
            if r.slowdown > 0 and not r.time_only and r.head < min(r.base):
                raise SchemaError(f"records[{n}].head: {r.head:,}, fewer instructions than its base with "
                                  f"{r.slowdown:.0%} injected")
            # The spin adds the slowdown's share of base's mean in instructions; counts that repeat stray by 10^-4 at
            # most, and an alarm with nothing injected is what the calibration counts: 5% is no stray.
            if not r.time_only and abs(c.change - r.slowdown) > 0.05 + INSTRUCTION_SPREADS * c.spread:
                raise SchemaError(f"records[{n}].head: {r.head:,}, {c.change:+.2%} on its base with {r.slowdown:.0%} "
                                  "injected")
            if parallel(r.impl) is False and r.processes != 1:
                raise SchemaError(f"records[{n}].processes: {r.processes}, but {r.impl} is a serial program")
        else:
            # Each round ran both sides once at least; a serial program on one thread.
            possible(r.seconds / (2 * len(r.log_ratios) or 1), r.limit, threads[r.size] if parallel(r.impl) else 1,
                     cpus, f"records[{n}].seconds, a run of its rounds")
            if len(r.log_ratios) < pairs[r.size] / 2:  # the engine runs `pairs` at least, half of them quiet
                raise SchemaError(f"records[{n}].log_ratios: {len(r.log_ratios)}, under half its size's "
                                  f"{pairs[r.size]} rounds at least")
            i = time_interval(r.log_ratios)
            slower = 1 + r.slowdown  # what head's injected spin makes of it: no noise makes twice as much, or half
            if (i.low or 0) > 2 * slower or (i.high or math.inf) < slower / 2 or \
                    not slower / 4 < i.estimate < 4 * slower:
                raise SchemaError(f"records[{n}].log_ratios: head {i.estimate:.3g}× base with {r.slowdown:.0%} "
                                  "injected")
            r.ratio, r.low, r.high, r.pairs, r.half_width = i.estimate, i.low or 0.0, i.high or math.inf, i.rounds, \
                i.half_width
            r.alarm = time_verdict(i) == "slower"
    result.model = model(result)
    return result


DERIVE[CalibrationResult] = derive_calibration


# --- what a calibration shows: gate.md ----------------------------------------------------------------------
def spread(values: list[float], centre=statistics.median) -> tuple[float, float, float]:
    return centre(values), min(values), max(values)


def alarms(records: list[Record], signal: str, size: str) -> list[tuple[float, int, int, tuple[float, float, float]]]:
    """Per slowdown compared, over the programs whose signal counts (not time-only ones): the slowdown, alarms
    out of comparisons, and the spread of the change as measured."""
    found = []
    for slowdown in SLOWDOWNS:
        chosen = [r for r in records if r.signal == signal and r.size == size and r.slowdown == slowdown
                  and not (isinstance(r, InstructionRecord) and r.time_only)]
        if chosen:
            changes = [r.change if isinstance(r, InstructionRecord) else r.ratio - 1 for r in chosen]
            found.append((slowdown, sum(r.alarm for r in chosen), len(chosen), spread(changes)))
    return found


def width(r: TimeRecord) -> float:
    """The interval's relative half-width, inf where unbounded."""
    return math.inf if r.half_width is None else math.expm1(r.half_width)


def measured_rows(result: CalibrationResult, wanted: float) -> list[list[str]]:
    """Per size: the interval the rule aims for against what the runs and the model gave."""
    rows, detect = [], SLOWDOWNS.index(TIME_DETECT)
    for settings, size in ((s.settings, s.name) for s in result.sizes if "time" in s.settings.signals):
        widths = [width(r) for runs in time_records(result.records, size).values() for r in runs]
        caught = [(hits, total) for s, hits, total, _ in alarms(result.records, "time", size) if s == TIME_DETECT]
        rates = [m.alarm_rates[detect] for m in result.model if m.size == size]
        rows.append([size, f"{settings.limit:,} ({settings.python_limit:,})", f"{settings.pairs}–{settings.max_pairs}",
                     f"{settings.time_budget:.0f}",
                     "none: the pairs in ABBA order" if settings.seed is None else str(settings.seed),
                     f"±{wanted:.2%}", f"{sum(w <= wanted for w in widths)} of {len(widths)}",
                     "{} of {}".format(*caught[0]) if caught else "-",
                     f"{min(rates):.1%} .. {max(rates):.1%}" if rates else "-"])
    return rows


def per_implementation_rows(records: list[Record], sizes: list[str]) -> list[list[str]]:
    rows = []
    for signal, size, name in product(SIGNALS, sizes, dict.fromkeys(r.impl for r in records)):
        mine = [r for r in records if r.signal == signal and r.size == size and r.impl == name]
        repeats = max((r.spread for r in mine if isinstance(r, InstructionRecord)), default=None)
        if any(isinstance(r, InstructionRecord) and r.time_only for r in mine):
            rows.append([signal, size, f"{code(name)} {TIME_ONLY}", f"{repeats:.2%}", *[""] * len(SLOWDOWNS)])
        elif mine:
            counts = {s: f"{hits}/{total}" for s, hits, total, _ in alarms(mine, signal, size)}
            rows.append([signal, size, code(name), "" if repeats is None else f"{repeats:.2%}",
                         *[counts.get(s, "0/0") for s in SLOWDOWNS]])
    return rows


def effort_rows(records: list[Record], sizes: list[str], wanted: float) -> list[list[str]]:
    """Per size and program, what the time budget bought; the rounds' lag-1 correlation centred on the mean."""
    rows = []
    for size in sizes:
        for name, runs in time_records(records, size).items():
            widths = [width(r) for r in runs]
            (pairs, fewest, most), (half, narrowest, widest), (lag, least, highest) = (
                spread([r.pairs for r in runs]), spread(widths),
                spread([lag1_autocorrelation(r.log_ratios) for r in runs], statistics.fmean))
            rows.append([size, code(name), f"{pairs:.0f} ({fewest} .. {most})",
                         f"{statistics.median(r.seconds for r in runs):.0f}",
                         "{} ({} .. {})".format(*(f"±{w:.2%}" if math.isfinite(w) else "unbounded"
                                                  for w in (half, narrowest, widest))),
                         f"{sum(w <= wanted for w in widths)} of {len(runs)}",
                         f"{lag:+.2f} ({least:+.2f} .. {highest:+.2f})"])
    return rows


def correlation_rows(records: list[Record]) -> list[list[str]]:
    """The rounds' lag-1 correlation over the time comparisons of 3 rounds or more."""
    lags = [(lag1_autocorrelation(r.log_ratios), len(r.log_ratios)) for r in records
            if isinstance(r, TimeRecord) and len(r.log_ratios) >= 3]
    if not lags:
        return []
    beyond = sum(abs(lag) > 2 / math.sqrt(n) for lag, n in lags)
    mean, median = (f"{f(lag for lag, _ in lags):+.3f}" for f in (statistics.fmean, statistics.median))
    return [[str(len(lags)), mean, median, str(beyond), f"{0.05 * len(lags):.0f}"]]


def dated(result: CalibrationResult) -> str:
    """When and from which commit a calibration ran, where it recorded its environment."""
    env = result.environment
    return "" if env is None else \
        f"{code(env.date[:10])} · {commit(env.source, cell=False)} · "


def render_calibration(result: CalibrationResult) -> str:
    """gate.md."""
    records, sizes, wanted = result.records, [s.name for s in result.sizes], math.expm1(wanted_half_width())
    levels = [f"{s:.0%}" for s in SLOWDOWNS]
    unit = "rounds" if result.engine else "pairs"  # older calibrations timed base and head in ABBA pairs
    n = len({r.impl for r in records})
    bound = (1 - TIME_CONFIDENCE) / 2  # the interval's one-sided tail: false alarms per program at most
    lines = [
        "# Regression gate: false alarms and detection", "",
        f"[this machine](primes.md) · {dated(result)}{result.sizes[0].settings.threads} workers · spin "
        f"{result.spin.instructions:.2f} instructions, {result.spin.seconds * 1e9:.2f} ns · "
        f"{result.seconds / 60:.1f} min · [how to read]({DOCS}#gatemd)", "",
        "## What was measured", "",
        table(["size", "LIMIT (Python)", unit, "budget [s]", "seed", "target half-width", "intervals within it",
               f"{TIME_DETECT:.0%} caught, runs", f"{TIME_DETECT:.0%} caught, model (range)"],
              measured_rows(result, wanted), align="lrrrrrrrr"), "",
        table(["signal", "size", "injected", "alarms", "median measured change", "range"],
              [[signal, size, f"{s:.0%}", f"{hits} of {total}", f"{mid:+.2%}", f"{least:+.2%} .. {most:+.2%}"]
               for signal, size in product(SIGNALS, sizes)
               for s, hits, total, (mid, least, most) in alarms(records, signal, size)],
              align="llrrrl"), "",
        "## Alarms per implementation", "",
        table(["signal", "size", "implementation", "base repeats differ", *levels],
              per_implementation_rows(records, sizes), align="lllr" + "r" * len(levels)), "",
        f"## {unit.capitalize()} the time budget bought", "",
        table(["size", "implementation", f"{unit}, median (range)", "seconds, median", "half-width, median (range)",
               f"within ±{wanted:.2%}", "lag-1 correlation, mean (range)"],
              effort_rows(records, sizes, wanted), align="llrrrrr"), "",
        table(["time comparisons", "lag-1 correlation, mean", "median", "beyond ±2/√n", "expected by chance"],
              correlation_rows(records), align="rrrrr"), "",
        table(["false alarms at most (sign test, above 1), per program", f"suite of {n}"],
              [[f"{bound:.3%}", f"{1 - (1 - bound) ** n:.2%}"]], align="rr"), "",
        f"## The model: {SIMULATIONS:,} resamplings of the measured noise", "",
        table(["size", "implementation", f"{unit} measured", "median abs. deviation", f"{unit} drawn", *levels],
              [[m.size, code(m.impl), str(m.pairs_measured), f"{math.expm1(m.median_abs_deviation):.2%}",
                str(m.pairs_drawn), *[f"{x:.1%}" for x in m.alarm_rates]] for m in result.model],
              align="llrrr" + "r" * len(levels)) if result.model else "No model: run `make calibrate`."]
    return "\n".join(lines) + "\n"
