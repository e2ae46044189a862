"""The gate's head side in the files CI tools read, and the alert thresholds its calibration supports.

github-action-benchmark (`tool: customSmallerIsBetter`, src/extract.ts): a JSON list of {name, unit,
value, range, extra}, range and extra strings, range "± X" in the value's unit. Bencher Metric Format
(lib/bencher_json JsonNewMetric): benchmark -> measure -> {value, lower_value, upper_value}, latency in
nanoseconds. Both hold one value per program and signal: a history's point for this commit."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass

from bench.analyse.calibration import alarms
from bench.analyse.verdicts import Outcome
from bench.core.results import CalibrationResult

# github-action-benchmark's file of each signal: one file each, since the action applies one alert
# threshold to the whole of a file.
BENCHMARK_ACTION_FILES = {"instructions": "regress-instructions.json", "time": "regress-time.json"}
BENCHER_FILE = "regress-bencher.json"
# The unit of each signal for github-action-benchmark (ms: a time unit it converts between), and
# Bencher's built-in measure with the factor from the gate's numbers (seconds) to its unit.
UNITS = {"instructions": ("instructions", 1.0), "time": ("ms", 1e3)}
BENCHER_MEASURES = {"instructions": ("instructions", 1.0), "time": ("latency", 1e9)}


@dataclass(frozen=True)
class Point:
    """One program's head-side value on one signal, with its interval (None where unbounded)."""

    program: str
    signal: str
    value: float
    low: float | None
    high: float | None
    limit: int


def head_points(outcomes: list[Outcome]) -> Iterator[Point]:
    """Every gated signal of every compared program: its instruction count where the gate judges it (the
    interval: ± the spread between base's two counts), its time where timed."""
    for o in outcomes:
        if o.instructions is not None and o.head_instructions is not None:
            half = o.instructions.spread * o.head_instructions
            yield Point(o.name, "instructions", o.head_instructions, o.head_instructions - half,
                        o.head_instructions + half, o.limit)
        if o.head_time is not None:
            t = o.head_time
            bounded = t.low > 0 and math.isfinite(t.high)
            yield Point(o.name, "time", t.ratio, t.low if bounded else None, t.high if bounded else None, o.limit)


def extra_text(commit: str, host: str, limit: int) -> str:
    return f"commit: {commit}\nhost: {host}\nLIMIT: {limit}"


def benchmark_action(points: list[Point], signal: str, commit: str, host: str) -> list[dict[str, object]]:
    """github-action-benchmark's customSmallerIsBetter entries of one signal; range is ± the larger distance
    from the value to a bound of its interval, left out where the interval is unbounded."""
    unit, scale = UNITS[signal]
    entries: list[dict[str, object]] = []
    for p in (p for p in points if p.signal == signal):
        entry: dict[str, object] = {"name": p.program, "unit": unit, "value": round(p.value * scale, 6)}
        if p.low is not None and p.high is not None:
            entry["range"] = f"± {round(max(p.value - p.low, p.high - p.value) * scale, 6):g}"
        entries.append({**entry, "extra": extra_text(commit, host, p.limit)})
    return entries


def bencher(points: list[Point]) -> dict[str, dict[str, dict[str, float]]]:
    """Bencher Metric Format: program -> measure -> {value, lower_value, upper_value}, bounds left out
    where the interval is unbounded. The commit and the host are `bencher run`'s --hash and --testbed."""
    found: dict[str, dict[str, dict[str, float]]] = {}
    for p in points:
        measure, scale = BENCHER_MEASURES[p.signal]
        metric = {"value": round(p.value * scale, 3)}
        if p.low is not None and p.high is not None:
            metric |= {"lower_value": round(p.low * scale, 3), "upper_value": round(p.high * scale, 3)}
        found.setdefault(p.program, {})[measure] = metric
    return found


def export_files(outcomes: list[Outcome], commit: str, host: str) -> dict[str, str]:
    """File name -> text of every file `make regress` writes beside regress.md for the CI tools."""
    points = list(head_points(outcomes))
    files = {name: benchmark_action(points, signal, commit, host) for signal, name in BENCHMARK_ACTION_FILES.items()}
    return {name: json.dumps(data, indent=2) + "\n" for name, data in {**files, BENCHER_FILE: bencher(points)}.items()}


def alert_threshold(calibrations: list[CalibrationResult], signal: str, size: str = "ci") -> float | None:
    """The smallest injected slowdown that the gate caught in every comparison of every calibration given
    (at the CI size), where no comparison without one gave an alarm: the change a history alert should
    flag. None when no level was caught everywhere or a false alarm was seen."""
    found: dict[float, list[bool]] = {}
    for result in calibrations:
        for a in alarms(result.records, signal, size):
            found.setdefault(a.slowdown, []).append(a.alarms == a.total if a.slowdown else a.alarms == 0)
    if not all(found.get(0.0, [False])):
        return None
    return min((s for s, caught in found.items() if s > 0 and all(caught)), default=None)
