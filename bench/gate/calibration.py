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

from bench.analyse.calibration import SLOWDOWNS, model_rates
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
from bench.gate.compare import GATED_KINDS, command_for, limit_for, pair_plan
from bench.gate.instructions import count_instructions
from bench.gate.interleave import Command, Comparison, share, timed


def wrapped(command: Command, iterations: int) -> Command:
    """command run by the wrapper after `iterations` rounds of its spin loop."""
    return Command((str(compiled("inject_slowdown")), str(iterations), *command.argv), command.cwd, command.env)


def time_spin_loop() -> Spin:
    """Instructions (under valgrind) and CPU seconds of one loop round, net of the wrapper's start."""
    rounds = 200_000_000
    true = Command(("true",), ROOT, {"PATH": "/usr/bin:/bin"})
    instructions = (count_instructions(wrapped(true, 10_000_000), "")[0]
                    - count_instructions(wrapped(true, 0), "")[0]) / 10_000_000
    spun = statistics.median(timed(wrapped(true, rounds)).cpu for _ in range(5))
    idle = statistics.median(timed(wrapped(true, 0)).cpu for _ in range(5))
    return Spin(instructions, (spun - idle) / rounds)


def calibrate_instructions(impl: manifest.Implementation, command: Command, limit: int, spin: Spin,
                           size: str, round_number: int) -> list[InstructionRecord]:
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
            signal="instructions", impl=impl.name, slowdown=slowdown, base=base, head=head, change=change.change,
            spread=change.spread, threshold=change.threshold, alarm=change.regressed,
            time_only=time_only(change, processes), limit=limit, size=size, round=round_number))
    return records


def calibrate_time(impls: list[manifest.Implementation], size: CalibrationSize, spin: Spin,
                   round_number: int) -> list[TimeRecord]:
    """Per slowdown, what the gate does: every implementation interleaved, sharing the time budget,
    the head side spinning for that fraction of the program's own median time."""
    settings = size.settings
    setups = []
    for impl in impls:
        limit = limit_for(impl, settings)
        expected = str(expected_for(limit))
        command = command_for(impl, ROOT, limit, settings.threads)
        clock = clock_for(impl.kind)
        reference = statistics.median(getattr(timed(wrapped(command, 0), expected), clock) for _ in range(5))
        setups.append((impl, limit, expected, command, clock, reference))
    records = []
    for level, slowdown in enumerate(SLOWDOWNS):
        print(f"calibrate: time, {slowdown:.0%} slower", file=sys.stderr)
        seed = settings.seed + 1000 * round_number + level  # each comparison its own stream of orders
        comparisons = [Comparison(impl.name, wrapped(command, 0),
                                  wrapped(command, round(slowdown * reference / spin.seconds)), expected, clock,
                                  seed=seed)
                       for impl, _, expected, command, clock, reference in setups]
        share(comparisons, pair_plan(settings), Comparison.precise)
        for (impl, limit, _, _, clock, _), comparison in zip(setups, comparisons):
            interval = comparison.interval()
            width = half_width(interval)
            records.append(TimeRecord(
                signal="time", impl=impl.name, limit=limit, slowdown=slowdown, clock=clock, ratio=interval.ratio,
                low=interval.low, high=interval.high, pairs=interval.pairs, seconds=comparison.seconds,
                half_width=width if math.isfinite(width) else None,  # JSON has no infinity
                alarm=time_verdict(interval) == "slower", log_ratios=comparison.log_ratios(),
                size=size.name, round=round_number))
    return records


def calibrate(only: str | None, sizes: list[CalibrationSize]) -> CalibrationResult:
    """Build, size the spin loop, then run every round of every size: instruction comparisons where
    asked, then time comparisons."""
    started = time.monotonic()
    impls = manifest.load().select(only, GATED_KINDS)
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
                    command = command_for(impl, ROOT, limit, settings.threads)
                    records += calibrate_instructions(impl, command, limit, spin, size.name, round_number)
            if "time" in settings.signals:
                print(f"{where}: time", file=sys.stderr)
                records += calibrate_time(impls, size, spin, round_number)
    return with_model(CalibrationResult(schema=file_format(CalibrationResult).version, spin=spin,
                                        seconds=time.monotonic() - started, sizes=sizes, records=records))


def with_model(result: CalibrationResult) -> CalibrationResult:
    """The result with its model: per size and implementation, the time rule's alarm rates on pairs
    resampled from its measured noise, as many as the gate took for it (the median over its comparisons).
    Computed once here, since it takes minutes, and stored with the runs."""
    rows = []
    for size in result.sizes:
        by_impl: dict[str, list[TimeRecord]] = {}
        for r in result.records:
            if isinstance(r, TimeRecord) and r.size == size.name:
                by_impl.setdefault(r.impl, []).append(r)
        for impl, chosen in by_impl.items():
            pairs = round(statistics.median(r.pairs for r in chosen))
            measured, spread, rates = model_rates([r.log_ratios for r in chosen], pairs)
            rows.append(ModelRow(size=size.name, impl=impl, pairs_measured=measured, median_abs_deviation=spread,
                                 pairs_drawn=pairs, alarm_rates=rates))
    return dataclasses.replace(result, model=rows)
