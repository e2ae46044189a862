"""make calibrate's measurement: the gate's own rule on the working tree's programs against themselves,
the head side made slower by a known amount.

On the head side the bench/helpers/inject_slowdown wrapper first spins a known number of loop rounds,
sized to a share of the program's own instructions or time. The programs' code is never touched.
"""

from __future__ import annotations

import dataclasses
import math
import statistics
import sys
import time

from bench.analyse.calibration import SLOWDOWNS, model_rates, time_records
from bench.analyse.intervals import half_width, instruction_change, time_verdict
from bench.analyse.verdicts import clock_for, time_only
from bench.core import manifest
from bench.core.helpers import compiled
from bench.core.paths import ROOT
from bench.core.results import (
    CalibrationResult,
    CalibrationSize,
    InstructionRecord,
    ModelRow,
    Spin,
    TimeRecord,
    file_format,
)
from bench.core.vectors import expected_for
from bench.gate.compare import GATED_KINDS, Timed, job_for, limit_for, time_rounds
from bench.gate.instructions import count_instructions
from bench.measure.rounds import RUNNERS, Job, default_timer, start_log


def wrapped(job: Job, iterations: int, name: str | None = None) -> Job:
    """job's command run by the wrapper after `iterations` rounds of its spin loop."""
    return Job(name or job.name, [str(compiled("inject_slowdown")), str(iterations), *job.argv], job.env, job.cwd)


def clock_seconds(job: Job, clock: str) -> float:
    """The job's time on a clock ("wall" or "cpu") over 5 runs, through the rounds' own timer."""
    return RUNNERS[default_timer()](job, 5).on(clock)


def time_spin_loop() -> Spin:
    """Instructions (under valgrind) and CPU seconds of one loop round, net of the wrapper's start."""
    rounds = 200_000_000
    true = Job("true", ["true"], (("PATH", "/usr/bin:/bin"),))
    instructions = (count_instructions(wrapped(true, 10_000_000), "")[0]
                    - count_instructions(wrapped(true, 0), "")[0]) / 10_000_000
    spun = clock_seconds(wrapped(true, rounds), "cpu")
    idle = clock_seconds(wrapped(true, 0), "cpu")
    return Spin(instructions, (spun - idle) / rounds)


def calibrate_instructions(command: Job, limit: int, spin: Spin, size: str,
                           round_number: int) -> list[InstructionRecord]:
    """Base (wrapper, no spin) twice, then head with each slowdown once: the gate's rule on each."""
    expected = str(expected_for(limit))
    counted = [count_instructions(wrapped(command, 0), expected) for _ in range(2)]
    base = [total for total, _ in counted]
    processes = counted[0][1] - 1
    mean = statistics.fmean(base)
    records = []
    for slowdown in SLOWDOWNS:
        iterations = round(slowdown * mean / spin.instructions)
        head, _ = count_instructions(wrapped(command, iterations), expected)
        change = instruction_change(base, head)
        records.append(InstructionRecord(
            signal="instructions", impl=command.name, slowdown=slowdown, base=base, head=head, change=change.change,
            spread=change.spread, threshold=change.threshold, alarm=change.regressed,
            time_only=time_only(change, processes), limit=limit, size=size, round=round_number))
    return records


def calibrate_time(impls: list[manifest.Implementation], size: CalibrationSize, spin: Spin,
                   round_number: int) -> list[TimeRecord]:
    """Per slowdown, what the gate does: every implementation's base and head in the same rounds, the
    head side spinning for that fraction of the program's own time."""
    settings = size.settings
    setups = []
    for impl in impls:
        limit = limit_for(impl, settings)
        job = job_for(impl, ROOT, limit, settings.threads, impl.name)
        clock = clock_for(impl.kind)
        setups.append((impl, limit, str(expected_for(limit)), job, clock, clock_seconds(wrapped(job, 0), clock)))
    records = []
    for level, slowdown in enumerate(SLOWDOWNS):
        print(f"calibrate: time, {slowdown:.0%} slower", file=sys.stderr)
        comparisons = [Timed(impl.name, wrapped(job, 0, f"{impl.name}@base"),
                             wrapped(job, round(slowdown * reference / spin.seconds), f"{impl.name}@head"),
                             expected, clock)
                       for impl, _, expected, job, clock, reference in setups]
        seed = settings.seed + 1000 * round_number + level  # each slowdown its own shuffled orders
        found = time_rounds(comparisons, settings, seed, lambda line: print(f"calibrate: {line}", file=sys.stderr))
        for (impl, limit, _, _, clock, _), result in zip(setups, found):
            interval = result.interval
            width = half_width(interval)
            records.append(TimeRecord(
                signal="time", impl=impl.name, limit=limit, slowdown=slowdown, clock=clock, ratio=interval.ratio,
                low=interval.low, high=interval.high, pairs=interval.pairs, seconds=result.seconds,
                half_width=width if math.isfinite(width) else None,  # JSON has no infinity
                alarm=time_verdict(interval) == "slower", log_ratios=result.log_ratios,
                size=size.name, round=round_number))
    return records


def calibrated(only: str | None) -> list[manifest.Implementation]:
    """What the gate gates (compare.Side), of those ONLY names: a program it leaves out is not calibrated."""
    return [i for i in manifest.load().select(only, GATED_KINDS) if i.gated]


def calibrate(only: str | None, sizes: list[CalibrationSize]) -> CalibrationResult:
    """Build, size the spin loop, then run every round of every size: instruction comparisons where
    asked, then time comparisons."""
    started = time.monotonic()
    start_log("make calibrate")
    impls = calibrated(only)
    manifest.build(impls)
    spin = time_spin_loop()
    records: list[InstructionRecord | TimeRecord] = []
    for size in sizes:
        settings = size.settings
        for round_number in range(size.rounds):
            where = f"calibrate: {size.name} round {round_number + 1}/{size.rounds}"
            if "instructions" in settings.signals:
                for impl in impls:
                    limit = limit_for(impl, settings)
                    print(f"{where}: instructions of {impl.name} at {limit:,}", file=sys.stderr)
                    command = job_for(impl, ROOT, limit, settings.threads, impl.name)
                    records += calibrate_instructions(command, limit, spin, size.name, round_number)
            if "time" in settings.signals:
                print(f"{where}: time", file=sys.stderr)
                records += calibrate_time(impls, size, spin, round_number)
    return with_model(CalibrationResult(schema=file_format(CalibrationResult).version, spin=spin,
                                        seconds=time.monotonic() - started, sizes=sizes, records=records,
                                        engine="rounds"))


def with_model(result: CalibrationResult) -> CalibrationResult:
    """The result with its model: per size and implementation, the time rule's alarm rates on pairs
    resampled from its measured noise, as many as the gate took for it (the median over its comparisons).
    Computed once here, since it takes minutes, and stored with the runs."""
    rows = []
    for size in result.sizes:
        for impl, chosen in time_records(result.records, size.name).items():
            pairs = round(statistics.median(r.pairs for r in chosen))
            measured, spread, rates = model_rates([r.log_ratios for r in chosen], pairs)
            rows.append(ModelRow(size=size.name, impl=impl, pairs_measured=measured, median_abs_deviation=spread,
                                 pairs_drawn=pairs, alarm_rates=rates))
    return dataclasses.replace(result, model=rows)
