"""What a calibration of the gate shows (docs/gate.md, gate.md): alarms per injected slowdown, what the time
budget bought, the pairs' correlation, the alert thresholds it supports, and the model: the time rule on
pairs resampled from the measured noise."""

from __future__ import annotations

import math
import random
import statistics
from dataclasses import dataclass

from bench.analyse.intervals import TIME_THRESHOLD, time_interval
from bench.analyse.stats import lag1_autocorrelation
from bench.core.results import CalibrationResult, InstructionRecord, TimeRecord

SLOWDOWNS = (0.0, 0.01, 0.03, 0.05, 0.10)
SIMULATIONS = 1_000
BLOCK = 4  # the resampling draws runs of this many consecutive pairs: the drift neighbours share stays
Record = InstructionRecord | TimeRecord
Spread = tuple[float, float, float]  # centre, least, most


def resample(no_change: list[float], pairs: int, rng: random.Random) -> list[float]:
    """`pairs` log-ratios drawn as runs of BLOCK consecutive measured pairs, with replacement."""
    if not no_change:
        raise ValueError("no measured pairs to resample")
    drawn: list[float] = []
    while len(drawn) < pairs:
        start = rng.randrange(max(1, len(no_change) - BLOCK + 1))
        drawn += no_change[start:start + BLOCK]
    return drawn[:pairs]


def simulate(no_change: list[float], pairs: int, rng: random.Random) -> list[float]:
    """The time rule's alarm rate per slowdown on `pairs` pairs resampled from no-change log-ratios and
    shifted by the slowdown (a shift moves the interval and nothing else)."""
    alarms = [0] * len(SLOWDOWNS)
    for _ in range(SIMULATIONS):
        low = time_interval(resample(no_change, pairs, rng)).low or 0.0
        for i, slowdown in enumerate(SLOWDOWNS):
            alarms[i] += low * (1 + slowdown) > 1 + TIME_THRESHOLD
    return [a / SIMULATIONS for a in alarms]


def centred_noise(log_ratios: list[list[float]]) -> list[float]:
    """Every comparison's log-ratios less their own median: the noise, whatever slowdown was injected."""
    return [x - centre for ratios in log_ratios for centre in [statistics.median(ratios)] for x in ratios]


def model_rates(comparisons: list[list[float]], pairs: int, seed: int = 0) -> tuple[int, float, list[float]]:
    """One program's model: its comparisons' centred noise pooled, the pool's size and median absolute
    deviation, and the time rule's alarm rates (simulate) on `pairs` pairs drawn from it."""
    pool = centred_noise(comparisons)
    centre = statistics.median(pool)
    return len(pool), statistics.median(abs(x - centre) for x in pool), simulate(pool, pairs, random.Random(seed))


def spread(values: list[float], centre=statistics.median) -> Spread:
    return centre(values), min(values), max(values)


@dataclass(frozen=True)
class Alarms:
    """One signal at one size and slowdown: alarms out of comparisons, and the change as measured."""

    slowdown: float
    alarms: int
    total: int
    change: Spread


def alarms(records: list[Record], signal: str, size: str) -> list[Alarms]:
    """Per slowdown compared, over the programs whose signal counts (not time-only ones)."""
    found = []
    for slowdown in SLOWDOWNS:
        chosen = [r for r in records if r.signal == signal and r.size == size and r.slowdown == slowdown
                  and not (isinstance(r, InstructionRecord) and r.time_only)]
        if chosen:
            changes = [r.change if isinstance(r, InstructionRecord) else r.ratio - 1 for r in chosen]
            found.append(Alarms(slowdown, sum(r.alarm for r in chosen), len(chosen), spread(changes)))
    return found


def alarm_counts(chosen: list[Record]) -> list[tuple[int, int]]:
    """Alarms and comparisons per slowdown, in the order of SLOWDOWNS."""
    return [(sum(r.alarm for r in chosen if r.slowdown == s), sum(r.slowdown == s for r in chosen)) for s in SLOWDOWNS]


def alert_threshold(calibrations: list[CalibrationResult], signal: str, size: str = "ci") -> float | None:
    """The smallest slowdown caught in every comparison of every calibration, where no comparison without one
    gave an alarm: the change a history alert should flag. None when there is none or a false alarm was seen."""
    found: dict[float, list[bool]] = {}
    for result in calibrations:
        for a in alarms(result.records, signal, size):
            found.setdefault(a.slowdown, []).append(a.alarms == a.total if a.slowdown else a.alarms == 0)
    if not all(found.get(0.0, [False])):
        return None
    return min((s for s, caught in found.items() if s > 0 and all(caught)), default=None)


@dataclass(frozen=True)
class Effort:
    """What the time budget bought one program at one size over its comparisons: pairs, the median seconds,
    the intervals' relative half-widths and how many were as narrow as wanted, the pairs' lag-1 correlation."""

    impl: str
    pairs: Spread
    seconds: float
    width: Spread
    narrow: int
    comparisons: int
    lag: Spread  # centred on the mean


def time_records(records: list[Record], size: str) -> dict[str, list[TimeRecord]]:
    """The time comparisons at one size, per program in the order first met."""
    by_impl: dict[str, list[TimeRecord]] = {}
    for r in records:
        if isinstance(r, TimeRecord) and r.size == size:
            by_impl.setdefault(r.impl, []).append(r)
    return by_impl


def effort(records: list[Record], size: str, wanted: float) -> list[Effort]:
    found = []
    for name, chosen in time_records(records, size).items():
        widths = [math.inf if r.half_width is None else math.expm1(r.half_width) for r in chosen]
        found.append(Effort(name, spread([r.pairs for r in chosen]), statistics.median(r.seconds for r in chosen),
                            spread(widths), sum(w <= wanted for w in widths), len(chosen),
                            spread([lag1_autocorrelation(r.log_ratios) for r in chosen], statistics.fmean)))
    return found


def correlation(records: list[Record]) -> tuple[int, float, float, int] | None:
    """The lag-1 correlation of the pairs over the time comparisons of 3 pairs or more: how many, its mean and
    median, and how many lie beyond ±2/√pairs; None where there are none."""
    times = [r for r in records if isinstance(r, TimeRecord) and len(r.log_ratios) >= 3]
    lags = [lag1_autocorrelation(r.log_ratios) for r in times]
    beyond = sum(abs(lag) > 2 / math.sqrt(len(r.log_ratios)) for lag, r in zip(lags, times))
    return (len(times), statistics.fmean(lags), statistics.median(lags), beyond) if times else None


def suite_false_alarms(confidence: float, programs: int) -> tuple[float, float]:
    """The time rule's false-alarm rate per program at most (the interval's one-sided tail), and over
    `programs` gated at once."""
    bound = (1 - confidence) / 2
    return bound, 1 - (1 - bound) ** programs
