"""Every statistic of a result file, taken from its measurements when the file is read: the timings,
ratios, speedups, breakdowns, costs per division and clocks that the pages and summary.json show. A
file holds runs, answers, settings and the environment only (bench/core/results.py), so no statistic
it shows can disagree with its own rounds; a file of the previous schema, which stored them, is read
only where every one it stored is what its rounds give."""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from bench.analyse.costs import (
    CLOCK,
    COUNTED_UP_TO,
    clock_mhz,
    costs_of,
    division_count,
    floor_for,
    probe_summary,
    published,
    round_hz,
    too_fast,
)
from bench.analyse.rounds import (
    DISTURBED,
    RatioSpec,
    breakdown,
    compute_of,
    estimate,
    is_precise,
    measurable,
    round_value,
    spec_name,
    spec_named,
    startup_job,
    timing_of,
    together,
)
from bench.analyse.schedule import MOST_BLOCKS, SCHEDULES, costs_below
from bench.core import article, cpu, results
from bench.core.errors import HarnessError
from bench.core.results import BenchEntry, BenchResult, Clock, Ratio, Round, ScalingResult, ThreadsEntry, ThreadsResult

R = TypeVar("R")


def _clock(clock: Clock | None, rounds: list[Round]) -> float:
    """The fastest clock the rounds' programs may have run at: their add chain's, SLACK above it, where other load
    left at least half its rounds quiet (CPU hogs beside every round took it from 3,790 MHz down to 997); MAX_MHZ
    where it did not, or where none was timed."""
    if clock is None:
        return results.MAX_MHZ
    clock.mhz = clock_mhz(rounds, clock.adds)
    fits, what = results.CHECKS["mhz"]
    if not fits(clock.mhz.estimate):
        raise results.SchemaError(f"clock.adds: {clock.adds:,} adds give a clock of {clock.mhz.estimate:,.0f} "
                                  f"MHz, not {what}")
    ran = [r for r in rounds if CLOCK in r.times]
    quiet = sum(r.foreign_load is not None and r.foreign_load <= DISTURBED for r in ran)
    return min(results.MAX_MHZ, clock.mhz.estimate * results.SLACK) if quiet >= len(ran) / 2 else results.MAX_MHZ


def possible(seconds: float, limit: int, threads: int | None, cpus: int, where: str,
             mhz: float = results.MAX_MHZ) -> None:
    """A SchemaError where a run of `seconds` at limit is faster than a division a cycle at mhz on each thread
    that the machine's usable `cpus` run at once; above COUNTED_UP_TO, the divisions below it bound the work."""
    count, workers = division_count(min(limit, COUNTED_UP_TO)), min(threads or 1, cpus)
    if count and too_fast(seconds, workers, count, mhz):
        raise results.SchemaError(f"{where}: {seconds:g} s for {count:,} trial divisions on {workers} "
                                  f"CPU(s), more than one a cycle at {mhz:,.0f} MHz")


def fastest(name: str, rounds: list[Round]) -> float:
    """A job's fastest run in any round, disturbed or quiet: every run a ratio may take is checked."""
    return min(t for r in rounds for t in r.times.get(name, ()))


def _beyond(e: results.Estimate, bound: float, by_median: bool = True) -> bool:
    """Whether an estimate lies above bound beyond noise: its interval above bound and SLACK, or, however few its
    rounds, its median above 8 times bound (three rounds of a tiny run beside two CPU hogs gave a start-up 4.4× its
    whole run) where `by_median`."""
    return (e.low or 0) > bound * results.SLACK or by_median and e.estimate > 8 * bound


def _within(name: str, rounds: list[Round], confidence: float, where: str, same: bool = False) -> None:
    """A SchemaError where a job's start-up is longer than its whole run beyond noise, within the rounds that ran
    both (a start-up job may ride in the first rounds only); where both ran at one LIMIT (`same`), shorter too."""
    if together(rounds, [name, startup_job(name)]):
        for spec, what in ((RatioSpec(startup_job(name), name), "its start-up {:.3g}× its whole run"),
                           *([(RatioSpec(name, startup_job(name)), "its whole run {:.3g}× its start-up, one command")]
                             if same else [])):
            ratio = estimate(spec, rounds, confidence)
            if _beyond(ratio, 1.0):
                raise results.SchemaError(f"{where}: {what.format(ratio.estimate)} in the same rounds")


def _apart(startup: results.Estimate, whole: results.Estimate, where: str, bound: float = 10.0) -> None:
    """A SchemaError where a start-up timed in rounds of its own is above a whole run beyond what the load of two
    sessions apart gives: its median above `bound` times the run's (scaling: CPU hogs beside the start-up session
    alone gave 5×; schema-2 files of make bench, which no run writes now, reach 0.95×: 2)."""
    if startup.estimate > bound * whole.estimate:
        raise results.SchemaError(f"{where}: its start-up {startup.estimate / whole.estimate:.3g}× its whole run")


def _speedup(speedup: Ratio, threads: int | None, cpus: int, where: str, compute: bool = False) -> None:
    """A SchemaError where a parallel program is faster than its serial version by more than its workers beyond noise:
    no cache effect makes trial division faster per thread. A compute speedup, twice as loosely and by its interval
    alone: two tiny computes apart (a sweep at LIMIT 20,000 beside other tests) gave a median of 48 on 2 workers."""
    workers = min(threads or 1, cpus)
    if _beyond(speedup, (2 if compute else 1) * workers, by_median=not compute):
        raise results.SchemaError(f"{where}: {speedup.estimate:.3g}× faster than its serial version on {workers:.3g} "
                                  "CPU(s)")


def _placed(name: str, other: str, rounds: list[Round], confidence: float, threads: int | None, cpus: int,
            where: str) -> None:
    """A SchemaError where a placement variant runs faster than the program it varies by more than its workers, or
    slower by more than twice them: placing the same workers elsewhere makes neither."""
    workers = min(threads or 1, cpus)
    for spec, bound, how in ((RatioSpec(other, name), workers, "faster"),
                             (RatioSpec(name, other), 2 * workers, "slower")):
        ratio = estimate(spec, rounds, confidence)
        if _beyond(ratio, bound):
            raise results.SchemaError(f"{where}: {ratio.estimate:.3g}× {how} than {other}, the same program placed "
                                      f"otherwise, on {workers} CPU(s)")


def _bench(b: BenchResult) -> None:
    rounds = b.session.rounds
    b.expected, mhz = results.reference_count(b.limit), _clock(b.clock, rounds)
    for e in b.implementations:
        e.answer.expected = results.reference_count(b.limit + (e.kind == "reference"))
        e.timing = timing_of(e.name, rounds)
        if e.kind != "reference":  # every run
            possible(fastest(e.name, rounds), b.limit, e.threads, b.environment.machine.usable_cpus,
                     f"implementations.{e.name}", mhz)
        if b.startup_session:  # schema 2 timed start-up in rounds of its own: no ratio within rounds bounds it
            e.startup = timing_of(e.name, b.startup_session.rounds)
            _apart(e.startup, e.timing, f"implementations.{e.name}", 2.0)
            rounds_say = timing_of(startup_job(e.name), rounds) if together(rounds, [startup_job(e.name)]) else None
            if rounds_say and not 1 / 4 <= e.startup.estimate / rounds_say.estimate <= 4:  # committed: 0.88 to 1.2
                raise results.SchemaError(f"startup_session: {e.name}'s start-up {e.startup.estimate:g} s, but "
                                          f"{rounds_say.estimate:g} s in the session's own rounds")
        else:
            e.startup = timing_of(startup_job(e.name), rounds)
        if e.kind != "reference":  # and the compute time a page shows
            if measurable(e.name, e.timing, e.startup, rounds):
                possible(compute_of(e.name, e.timing, e.startup, rounds), b.limit, e.threads,
                         b.environment.machine.usable_cpus, f"implementations.{e.name}: its compute time", mhz)
        _within(e.name, rounds, b.session.settings.confidence, f"implementations.{e.name}",
                b.limit == b.startup_limit)
    for e in b.implementations:  # the pages show any program's ratio to its twin as a speedup, whatever its kind
        if e.twin and b.entry(e.twin):
            _speedup(estimate(RatioSpec(e.twin, e.name), rounds, b.session.settings.confidence), e.threads,
                     b.environment.machine.usable_cpus, f"implementations.{e.name}")
        if e.variant_of and e.kind == "parallel" and b.entry(e.variant_of):  # a parallel one's: its placement
            _placed(e.name, e.variant_of, rounds, b.session.settings.confidence, e.threads,
                    b.environment.machine.usable_cpus, f"implementations.{e.name}")
    reported, programs = set(b.session.reported_only or ()), {e.name for e in b.implementations}
    specs = [spec_named(name, name not in reported) for name in b.session.ratios or []]
    for name, spec in zip(b.session.ratios or [], specs):
        pairs = [(spec.numerator, spec.denominator), *([spec.over] if spec.over else [])]
        if any(x == y or {x, y} - programs for x, y in pairs):
            raise HarnessError(f"session.ratios: {name!r} is no ratio of two programs of the file")
    asked = {(s.numerator, s.denominator, s.over, s.compute) for s in specs}
    required = article.required({e.name: e.twin for e in b.implementations}, b.limit)
    lacking = next((spec_name(RatioSpec(*key)) for key in sorted(required - asked, key=str)), None)
    if lacking:  # a claim judged without one of its ratios would be judged on the others alone
        raise results.SchemaError(f"session.ratios: no {lacking!r}, which make bench's rounds steer by")
    b.ratios = [estimate(spec, rounds, b.session.settings.confidence) for spec in specs]
    target = b.session.settings.target_half_width
    reached = next((name for name, r in zip(b.session.ratios or [], b.ratios) if name in (b.session.out_of_reach or ())
                    and (name in reported or is_precise(r, target))), None)
    if reached:  # the engine gives up a steering ratio only, and one its rounds left short of the target
        raise results.SchemaError(f"session.out_of_reach: {reached!r}, which " + (
            "steered nothing" if reached in reported else "its rounds brought within the target"))
    loose = next((name for name, r in zip(b.session.ratios or [], b.ratios) if name not in reported
                  and not is_precise(r, target)), None) if b.session.stopped == "precise" else None
    if loose:  # it stops so only once every ratio that steers is within the target
        raise results.SchemaError(f"session.stopped: 'precise', but {loose!r} is short of the target")
    for r in b.ratios:  # a compute speedup the pages show (no start-up noise): as the whole run's, twice as loosely
        e, twin = b.entry(r.denominator), b.entry(r.numerator)
        sides = [_own(x, rounds, b.clock and b.clock.adds, bool(r.compute)) for x in (twin, e)] if not r.over else []
        if sides and None not in sides and not 1 / 2 <= sides[0] / sides[1] / r.estimate <= 2:  # the page shows both
            raise results.SchemaError(f"ratios.{spec_name(r)}: {r.estimate:.3g} within its rounds, but "
                                      f"{sides[0] / sides[1]:.3g} of the two medians over their own rounds")
        if r.compute and not r.over and e.twin == twin.name and all(
                measurable(x.name, x.timing, x.startup, rounds) for x in (e, twin)):
            _speedup(r, e.threads, b.environment.machine.usable_cpus, f"ratios.{spec_name(r)}", compute=True)
    b.divisions = division_count(b.limit)
    ranked = {e.name: e.threads or 1 for e in b.implementations if e.kind != "reference"}
    b.costs = (costs_of(rounds, ranked, b.divisions, b.clock.adds if b.clock else None) or None) \
        if b.divisions else None
    floors = _probed(b)
    for c in b.costs or []:  # where its compute is no start-up noise, a loop divides no faster than its divider
        e = b.entry(c.name)
        # A loop runs at about its divider's speed (Rocket Lake: 9.5 cycles against 9.9), and a loaded machine slows
        # the probe's runs up to 2×: half the floor. Where no division instruction says (an interpreted or JIT-compiled
        # loop), the narrower division's: each of its trial divisions ends in one. Where no probe ran and no published
        # figure says, one division a cycle, which no loop beats, whole.
        floor = floor_for(e.divides_with or ["div r32"], floors)
        least, what = (floor / 2, f"half its divider's {floor:.3g}") if floor else (1.0, "one")
        # Its interval below that and SLACK, or its median below half that where computing is most of the run (where
        # it is a tenth, two noisy times apart make it a few cycles).
        most = compute_of(e.name, e.timing, e.startup, rounds) > e.timing.estimate / 2
        below = c.cycles and ((c.cycles.high or math.inf) * results.SLACK < least
                              or most and c.cycles.estimate * 2 * results.SLACK < least)
        if below and measurable(e.name, e.timing, e.startup, rounds):
            raise results.SchemaError(f"costs.{c.name}: {c.cycles.estimate:.3g} cycles a division, under {what}")


def _own(e: BenchEntry, rounds: list[Round], adds: int | None, compute: bool) -> float | None:
    """A program's median over the quiet rounds that ran it (less its start-up in each, with compute), as the page's,
    in cycles where an add chain ran in each (a clock that changed between rounds); None where other load was the
    rule in them (a disturbed round among those kept), or where its compute is too little of its run to be shown."""
    jobs = (e.name, startup_job(e.name)) if compute else (e.name,)
    mine = together(rounds, jobs)
    if not mine or any((r.foreign_load or 0) > DISTURBED for r in mine) or \
            compute and not measurable(e.name, e.timing, e.startup, rounds):
        return None
    clocked = adds and all(CLOCK in r.times and startup_job(CLOCK) in r.times for r in mine)
    return statistics.median((round_value(r.times[e.name]) - (round_value(r.times[jobs[-1]]) if compute else 0))
                             * (round_hz(r, adds) if clocked else 1) for r in mine)


def _probed(b: BenchResult) -> dict[str, float]:
    """The divider's cycles per independent division, the floor of every loop's: the probe's fastest run (load only
    slows it), or, where no probe ran, what its core is published to take. A SchemaError where the probe divides in
    under half that: the core is known from its vendor, family and model, whatever microarchitecture is recorded."""
    _, r64, r32 = published(b.environment.machine.identity)
    floors = probe_summary(b.divider, min) or ({"div64_independent": r64, "div32_independent": r32} if r64 else {})
    fast = next((f"div{bits}_independent" for bits, published in ((64, r64), (32, r32))
                 if floors[f"div{bits}_independent"] < published / 2), None) if floors else None
    if fast:
        raise results.SchemaError(f"divider.runs: {floors[fast]:g} cycles a {fast}, under half its core's published "
                                  f"{r64 if '64' in fast else r32}")
    return floors


def scaling_timings(s: ScalingResult) -> None:
    rounds_at = {size.limit: size.session.rounds for size in s.sessions}
    mhz = _clock(s.clock, [r for size in s.sessions for r in size.session.rounds])
    for e in s.implementations:
        e.startup = timing_of(e.name, rounds_at[s.settings.startup_limit])
        for point in e.points:
            point.timing = timing_of(e.name, rounds_at[point.limit])
            if e.kind != "reference":
                possible(fastest(e.name, rounds_at[point.limit]), point.limit, e.threads,
                         s.environment.machine.usable_cpus, f"implementations.{e.name}.points.{point.limit}", mhz)
        if e.points:  # start-up has a session of its own, beside the smallest size's
            _apart(e.startup, min((p.timing for p in e.points), key=lambda t: t.estimate), f"implementations.{e.name}")


def _threads(t: ThreadsResult) -> None:
    t.expected = results.reference_count(t.limit)
    for e in sorted(t.implementations, key=lambda e: e.limit or t.limit):  # one LIMIT's divisions counted once
        threads_entry(e, t.limit, t.environment.machine.usable_cpus)


def shared(limit: int, block: int | None, schedule: str | None, threads: int) -> float:
    """How many workers the blocks of the numbers from 2 below limit let share the work: the work over the time its
    blocks take handed out by `schedule` (replayed where LIMIT and the blocks are few enough), no more than there are
    blocks."""
    costs = costs_below(limit, block) if block and limit <= COUNTED_UP_TO and limit / block <= MOST_BLOCKS else []
    if any(costs):
        return min(threads, sum(costs) / SCHEDULES[schedule or "dynamic"](costs, threads))
    return min(threads, len(range(2, limit, block))) if block else threads


def threads_entry(e: ThreadsEntry, limit: int, cpus: int) -> ThreadsEntry:
    """One sweep's timings, speedups and breakdowns, from its rounds; `limit` the file's, on `cpus` CPUs."""
    rounds, confidence = e.session.rounds, e.session.settings.confidence
    mhz = _clock(e.clock, rounds)
    e.twin_timing = timing_of(e.twin, rounds)
    possible(fastest(e.twin, rounds), e.limit or limit, 1, cpus, f"implementations.{e.name}.twin", mhz)
    e.twin_startup = timing_of(startup_job(e.twin), rounds) if together(rounds, [startup_job(e.twin)]) else None
    _within(e.twin, rounds, confidence, f"implementations.{e.name}.twin")
    counted = (e.limit or limit) if e.block and (e.limit or limit) <= COUNTED_UP_TO else None
    for p in e.points:
        name = f"{e.name}@{p.threads}"
        p.timing = timing_of(name, rounds)
        possible(fastest(name, rounds), e.limit or limit, p.threads, cpus, f"implementations.{name}", mhz)
        p.speedup = estimate(RatioSpec(e.twin, name), rounds, confidence)
        workers = shared(e.limit or limit, e.block, e.schedule, p.threads)
        _speedup(p.speedup, workers, cpus, f"implementations.{name}")
        started = together(rounds, [startup_job(name), startup_job(e.twin)])
        p.startup = timing_of(startup_job(name), rounds) if together(rounds, [startup_job(name)]) else None
        _within(name, rounds, confidence, f"implementations.{name}")
        p.compute_speedup = estimate(RatioSpec(e.twin, name, compute=True), rounds, confidence) \
            if started else None
        if p.compute_speedup and p.startup and e.twin_startup and measurable(name, p.timing, p.startup, rounds) \
                and measurable(e.twin, e.twin_timing, e.twin_startup, rounds):  # shown: bounded as make bench's
            _speedup(p.compute_speedup, workers, cpus, f"implementations.{name}: its compute", compute=True)
        p.breakdown = breakdown(e.name, e.block, e.schedule, e.twin, p.threads, rounds, counted) \
            if started and together(rounds, [f"{e.name}@1", startup_job(f"{e.name}@1")]) else None
    most = max((p.threads for p in e.points), default=None)
    e.variant_speedup = estimate(RatioSpec(f"{e.variant_of}@{most}", f"{e.name}@{most}"), rounds, confidence) \
        if e.variant_of and most else None
    if e.variant_speedup:
        _placed(f"{e.name}@{most}", f"{e.variant_of}@{most}", rounds, confidence, most, cpus,
                f"implementations.{e.name}@{most}")
    return e


# Each kind of file's statistics; the gate's calibration adds its own (bench/studies/gate.py), being a study's, and
# scaling its growth's check (bench/studies/scaling.py).
DERIVE: dict[type, Callable[[Any], None]] = {BenchResult: _bench, ScalingResult: scaling_timings,
                                              ThreadsResult: _threads}


def derive(record: R) -> R:
    """record with every statistic taken from its measurements; HarnessError where they give none, SchemaError where
    its CPU names a microarchitecture other than the one cpu.py's tables give its vendor, family and model (or part),
    or, for a CPU they do not know, a core of another vendor's (a newer table's name, or "unknown", is kept)."""
    c = getattr(getattr(record, "environment", None), "machine", None) and record.environment.machine.identity
    known = c and cpu.microarchitecture(c.vendor, c.family, c.model, c.stepping, c.implementer, c.part)
    if c and c.microarchitecture not in (cpu.UNKNOWN, known) and (
            known != cpu.UNKNOWN or cpu.foreign(c.microarchitecture, c.vendor, c.implementer, c.part)):
        raise results.SchemaError("environment.machine.identity.microarchitecture: "
                                  f"{results.shown(c.microarchitecture)}, but its CPU is {known}")
    if type(record) in DERIVE:
        DERIVE[type(record)](record)
    return record


# What schema 3 named the centre of an estimate: a timing's median, a cost's or a clock's value.
RENAMED = {"median": "estimate", "value": "estimate"}


def _disagreement(stored: Any, derived: Any, where: str) -> str | None:
    """Where a figure a file stored differs from the same figure derived again, or None."""
    if isinstance(stored, dict) and isinstance(derived, dict):
        named = {k: k if k in derived else RENAMED.get(k, k) for k in stored}
        unknown = next((k for k, v in stored.items() if named[k] not in derived and v is not None), None)
        if unknown is not None:
            return f"{where}.{unknown}: stored, but no figure of its rounds"
        return next(filter(None, (_disagreement(v, derived[named[k]], f"{where}.{k}") for k, v in stored.items()
                                  if named[k] in derived)), None)
    if isinstance(stored, list) and isinstance(derived, list):
        if len(stored) != len(derived):
            return f"{where}: {len(stored)} stored, but its rounds give {len(derived)}"
        return next(filter(None, (_disagreement(s, d, f"{where}[{i}]")
                                  for i, (s, d) in enumerate(zip(stored, derived)))), None)
    if isinstance(stored, float) and isinstance(derived, (int, float)) and not isinstance(derived, bool):
        close = math.isclose(stored, derived, rel_tol=results.TOLERANCE, abs_tol=1e-12)
        return None if close else f"{where}: {stored}, but its rounds give {derived}"
    return None if stored == derived else f"{where}: {results.shown(stored)}, but its rounds give " \
                                          f"{results.shown(derived)}"


def loads(text: str, cls: type[R], name: str) -> R:
    """The record in a result file's text (results.loads reads and checks it) with its statistics derived;
    SchemaError, naming the file, where its rounds give no statistic, or where a file of the previous
    schema stored one its rounds do not give."""
    record = results.loads(text, cls, name)
    try:
        derive(record)
    except results.SchemaError as error:
        raise results.SchemaError(f"{name}: {error}") from error
    except (HarnessError, ValueError, ArithmeticError, KeyError) as error:
        raise results.SchemaError(f"{name}: its rounds give no statistics ({error})") from error
    if cls in DERIVE:
        data, version = json.loads(text), results.file_format(cls).version
        if data.get("schema") != version:
            kind = next(k for k, f in results.FILES.items() if f.record is cls)
            stored = results.migrated(data, kind, name, upto=version - 1)
            del stored["schema"]
            derived = results.as_data(record, True)
            if cls is BenchResult:  # schema 3 wrote the budget twice; the step took its start-up LIMIT and builder
                derived["settings"] = {"budget_s": record.session.settings.budget_s,
                                       "startup_limit": record.startup_limit, "built_on": record.built_on}
            if cls is results.CalibrationResult and stored.get("engine") is None:
                # The earlier pair timer's intervals, and its model's, were Wilcoxon's: the one estimate replaces them.
                stored.pop("model", None)
                for r in stored["records"]:
                    for key in ("ratio", "low", "high", "half_width", "alarm") if r["signal"] == "time" else ():
                        r.pop(key, None)
            wrong = _disagreement(stored, derived, "")
            if wrong:
                raise results.SchemaError(f"{name}: {wrong.lstrip('.')}")
    return record


def load(path: Path, cls: type[R]) -> R:
    """The record in the file at path (results.read reads it; see loads)."""
    return loads(results.read(path), cls, str(path))


def load_if_present(path: Path, cls: type[R]) -> R | None:
    return load(path, cls) if path.exists() else None


def summary(record: BenchResult, threads: ThreadsResult | None = None) -> dict[str, Any]:
    """summary.json: every ratio of a host's files, and every program's time, as computed on load; read
    by people and tools, never by this harness."""
    def ratio(r: Ratio, **extra: object) -> dict[str, object]:
        return {"name": spec_name(r),
                "numerator": r.numerator, "denominator": r.denominator, "over": r.over,
                "compute": bool(r.compute), **extra, "estimate": r.estimate, "low": r.low, "high": r.high,
                "half_width": r.half_width, "rounds": r.rounds}

    return {
        "limit": record.limit, "commit": record.environment.source.commit, "date": record.environment.date,
        "ratios": [ratio(r) for r in record.ratios]
        + [ratio(r, threads=p.threads) for e in (threads.implementations if threads else [])
           for p in e.points for r in (p.speedup, p.compute_speedup) if r is not None],
        "seconds": [{"name": e.name, "median": e.timing.estimate, "low": e.timing.low, "high": e.timing.high,
                     "rounds": e.timing.rounds, "startup": e.startup.estimate} for e in record.implementations],
    }
