"""The regression gate and its calibration (docs/gate.md). make regress: BASE in a git worktree against the
working tree, on instructions (valgrind) and on time (base and head in the same interleaved rounds); regress.md
and the CI tools' files. make calibrate: the same rule on the working tree against itself, the head side first
spinning bench/helpers/inject_slowdown for a known share of the program's own instructions or time."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from bench.analyse.calibration import SLOWDOWNS, model_rates, time_records
from bench.analyse.intervals import (
    TIME_CONFIDENCE,
    instruction_change,
    median_estimate,
    time_verdict,
    wanted_half_width,
)
from bench.analyse.rounds import RatioSpec, clock_value, quiet_rounds
from bench.analyse.verdicts import GateVerdict, Outcome, clock_for, time_only
from bench.core import manifest
from bench.core.environment import source
from bench.core.errors import HarnessError
from bench.core.helpers import compiled
from bench.core.paths import ROOT
from bench.core.results import (
    CalibrationResult,
    CalibrationSize,
    Estimate,
    GateSettings,
    InstructionRecord,
    ModelRow,
    Plan,
    Round,
    Spin,
    TimeRecord,
    file_format,
)
from bench.core.run import RunError, run
from bench.core.vectors import expected_for
from bench.measure.rounds import RUNNERS, Job, default_timer, run_rounds, start_log
from bench.render.format import DIGITS, DIRTY, seconds, significant, table, times
from bench.render.gate import DOCS, TIME_ONLY

# The CI sizes, rounds and budget: docs/gate.md's settings table says why.
DEFAULT_LIMIT = 1_000_000
DEFAULT_PYTHON_LIMIT = 100_000
DEFAULT_THREADS = 2
DEFAULT_PAIRS = 40
DEFAULT_MAX_PAIRS = 1000
DEFAULT_TIME_BUDGET = 360.0
SIDE_SECONDS = 0.2  # of runs of each side of each program in a round: a 10 ms program 20 times
GATED_KINDS = ("serial", "parallel")
SIGNALS = ("instructions", "time")
# So that instruction counts repeat: hash randomisation off, OpenMP threads that sleep while waiting.
PINNED_ENV = {"PYTHONHASHSEED": "0", "OMP_WAIT_POLICY": "passive"}
REGRESSED, IMPRECISE = "✗", "⚠"  # regress.md's flags beside TIME_ONLY, each defined in docs/gate.md
# The CI tools' files, and each signal's unit and factor from the gate's numbers (seconds) to it:
# github-action-benchmark's customSmallerIsBetter list, one file per signal since the action applies one
# alert threshold to a whole file; and Bencher Metric Format with its built-in measures.
BENCHMARK_ACTION_FILES = {"instructions": "regress-instructions.json", "time": "regress-time.json"}
BENCHER_FILE = "regress-bencher.json"
UNITS = {"instructions": ("instructions", 1.0), "time": ("ms", 1e3)}
BENCHER_MEASURES = {"instructions": ("instructions", 1.0), "time": ("latency", 1e9)}


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
    try:
        ran = run([*tool, *job.argv], cwd=job.cwd, env=dict(job.env))
    except RunError as error:
        raise GateError(str(error)) from error
    if ran.code != 0 or ran.out.strip() != expected:
        raise GateError(f"{' '.join([*tool[:1], *job.argv])}: printed {ran.out.strip()!r} (expected {expected!r}), "
                        f"{ran.why}")
    return ran.seconds


def count_instructions(job: Job, expected: str) -> tuple[int, int]:
    """Instructions of the job's command and every process it starts (cachegrind, no cache model), and
    how many processes that was; GateError unless it printed `expected`."""
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
    """names, or those of them that ONLY names; GateError for a name ONLY gives that is not among them."""
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
    """head/base with its interval, the per-round log-ratios in the order run, the seconds its runs took,
    and each side's seconds per run (the median over the quiet rounds with its interval)."""

    interval: Estimate
    log_ratios: list[float]
    seconds: float
    base: Estimate
    head: Estimate


def time_rounds(comparisons: list[Timed], settings: GateSettings, seed: int,
                log: Callable[[str], None]) -> list[TimeResult]:
    """Every answer checked, then base and head of every comparison in the same rounds until each interval
    is as narrow as wanted_half_width, or the budget is spent: the width alone decides, never where it lies."""
    jobs = [job for c in comparisons for job in (c.base, c.head)]
    specs = [RatioSpec(c.head.name, c.base.name, clock=c.clock) for c in comparisons]
    plan = Plan(seed=seed, budget_s=settings.time_budget, target_half_width=wanted_half_width(),
                confidence=TIME_CONFIDENCE, min_rounds=settings.pairs, max_rounds=settings.max_pairs,
                round_seconds=SIDE_SECONDS * len(jobs), timer=default_timer())
    checked = {job.name: run_checked(job, c.expected) for c in comparisons for job in (c.base, c.head)}
    try:
        session, ratios = run_rounds(jobs, specs, checked, plan, log)
    except HarnessError as error:
        raise GateError(str(error)) from error

    def side(rounds: list[Round], name: str, clock: str) -> Estimate:
        return median_estimate([clock_value(r, name, clock) for r in rounds], TIME_CONFIDENCE)

    results = []
    for c, spec, ratio in zip(comparisons, specs, ratios):
        both, _ = quiet_rounds([r for r in session.rounds if c.base.name in r.times and c.head.name in r.times])
        results.append(TimeResult(
            Estimate(ratio.estimate, ratio.low, ratio.high, ratio.rounds),
            spec.log_values(session.rounds)[0],
            sum(sum(r.times[n]) for r in session.rounds for n in (c.base.name, c.head.name) if n in r.times),
            side(both, c.base.name, c.clock), side(both, c.head.name, c.clock)))
    return results


def compare(base: manifest.Implementation, head: manifest.Implementation, base_root: Path,
            settings: GateSettings) -> tuple[Outcome, Timed]:
    """One program's instruction counts on both sides, and its time comparison still to run."""
    limit = limit_for(head, settings)
    outcome = Outcome(head.name, head.kind, limit, clock=clock_for(head.kind))
    expected = str(expected_for(limit))
    timed = Timed(head.name, job_for(base, base_root, limit, settings.threads, f"{head.name}@base"),
                  job_for(head, ROOT, limit, settings.threads, f"{head.name}@head"), expected, outcome.clock)
    if "instructions" in settings.signals:
        say("regress")(f"instructions of {head.name} at {limit:,}")
        outcome.base_instructions, processes = count_base(timed.base, expected)
        outcome.head_instructions, _ = count_instructions(timed.head, expected)
        change = instruction_change(outcome.base_instructions, outcome.head_instructions)
        outcome.instruction_note = time_only(change, processes)
        outcome.instructions = None if outcome.instruction_note else change
    return outcome, timed


def run_gate(base_rev: str, only: str | None, settings: GateSettings) -> list[Outcome]:
    """Build both sides and compare every program: one outcome each. NoSuite when BASE predates the suite;
    GateError when the gate cannot measure."""
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
        outcomes, pending = [], []
        for name in names:
            if name in base and name in head:
                outcome, timed = compare(base[name], head[name], base_root, settings)
                pending.append((outcome, timed))
            else:
                impl, status = (head[name], "added") if name in head else (base[name], "removed")
                outcome = Outcome(name, impl.kind, status=status)
            outcomes.append(outcome)
        if "time" in settings.signals and pending:
            log(f"time of {', '.join(t.name for _, t in pending)}, base and head in interleaved rounds")
            for (outcome, _), found in zip(pending, time_rounds([t for _, t in pending], settings, settings.seed, log)):
                outcome.time, outcome.time_verdict = found.interval, time_verdict(found.interval)
                outcome.time_seconds, outcome.base_time, outcome.head_time = found.seconds, found.base, found.head
    return outcomes


def export_files(outcomes: list[Outcome], commit: str, host: str) -> dict[str, str]:
    """File name -> text of the CI tools' files: every signal the gate judges of every program's head side,
    with its interval where bounded (instructions: ± base's spread; time: the median's interval)."""
    found: dict[str, list[dict[str, object]]] = {name: [] for name in BENCHMARK_ACTION_FILES.values()}
    bencher: dict[str, dict[str, dict[str, float]]] = {}
    for o in outcomes:
        points = []
        if o.instructions is not None and o.head_instructions is not None:
            count, half = o.head_instructions, o.instructions.spread * o.head_instructions
            points.append(("instructions", count, count - half, count + half))
        if o.head_time is not None:
            t = o.head_time
            bounded = t.half_width is not None
            points.append(("time", t.estimate, t.low if bounded else None, t.high if bounded else None))
        for signal, value, low, high in points:
            (unit, scale), (measure, nano) = UNITS[signal], BENCHER_MEASURES[signal]
            entry: dict[str, object] = {"name": o.name, "unit": unit, "value": round(value * scale, 6)}
            metric = {"value": round(value * nano, 3)}
            if low is not None and high is not None:
                entry["range"] = f"± {round(max(value - low, high - value) * scale, 6):g}"
                metric |= {"lower_value": round(low * nano, 3), "upper_value": round(high * nano, 3)}
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
    if o.verdict in (GateVerdict.ADDED, GateVerdict.REMOVED):
        return [[o.name, "", "", "", o.verdict.value]]
    rows, i, t = [], o.instructions, o.time
    if i is not None and o.head_instructions is not None and abs(i.change) > i.threshold:
        x = 1 + i.change
        base = statistics.fmean(o.base_instructions)
        rows.append([o.name, "instructions", f"{base:,.0f}", f"{o.head_instructions:,}",
                     f"{significant(max(x, 1 / x), DIGITS + 1)}× {'slower' if x > 1 else 'faster'}"
                     + (f" {REGRESSED}" if i.regressed else "")])
    if t is not None and o.time_verdict in ("slower", "faster") and o.base_time and o.head_time:
        rows.append([o.name, f"time ({o.clock})", seconds(o.base_time.estimate), seconds(o.head_time.estimate),
                     change_text(t.estimate, t.low, t.high) + (f" {REGRESSED}" if o.time_verdict == "slower" else "")])
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
        iterations = round(slowdown * statistics.fmean(base) / spin.instructions)
        head, _ = count_instructions(wrapped(command, iterations), expected)
        change = instruction_change(base, head)
        records.append(InstructionRecord(
            signal="instructions", impl=command.name, slowdown=slowdown, base=base, head=head, change=change.change,
            spread=change.spread, threshold=change.threshold, alarm=change.regressed,
            time_only=time_only(change, processes - 1), limit=limit, size=size, round=round_number))
    return records


def calibrate_time(impls: list[manifest.Implementation], size: CalibrationSize, spin: Spin,
                   round_number: int) -> list[TimeRecord]:
    """Per slowdown, what the gate does: every program's base and head in the same rounds, the head side
    spinning for that share of the program's own time."""
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
            i = found.interval
            records.append(TimeRecord(
                signal="time", impl=name, limit=limit, slowdown=slowdown, clock=clock, ratio=i.estimate,
                low=i.low or 0.0, high=i.high or math.inf, pairs=i.rounds, seconds=found.seconds,
                half_width=i.half_width,
                alarm=time_verdict(i) == "slower", log_ratios=found.log_ratios, size=size.name, round=round_number))
    return records


def calibrate(only: str | None, sizes: list[CalibrationSize]) -> CalibrationResult:
    """make calibrate: the spin loop sized, then each round of each size: instructions where asked, then time."""
    started, log = time.monotonic(), say("calibrate")
    start_log("make calibrate")
    gates = gated(ROOT, "the working tree")
    impls = [gates[n] for n in chosen(list(gates), only)]
    manifest.build(impls)
    spin = time_spin_loop()
    records: list[InstructionRecord | TimeRecord] = []
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
    return with_model(CalibrationResult(schema=file_format(CalibrationResult).version, spin=spin,
                                        seconds=time.monotonic() - started, sizes=sizes, records=records,
                                        engine="rounds"))


def with_model(result: CalibrationResult) -> CalibrationResult:
    """The result with its model (model_rates) per size and program, on as many pairs as the gate took (the
    median over its comparisons): computed once, since it takes minutes, and stored with the runs."""
    rows = []
    for size in result.sizes:
        for impl, runs in time_records(result.records, size.name).items():
            pairs = round(statistics.median(r.pairs for r in runs))
            measured, spread, rates = model_rates([r.log_ratios for r in runs], pairs)
            rows.append(ModelRow(size=size.name, impl=impl, pairs_measured=measured, median_abs_deviation=spread,
                                 pairs_drawn=pairs, alarm_rates=rates))
    return dataclasses.replace(result, model=rows)
