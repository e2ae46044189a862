"""What a calibration of the gate shows: its alarms per injected slowdown, what the time budget bought,
the correlation of the pairs, and the model: the time rule applied to pairs resampled from measured noise."""

from __future__ import annotations

import math
import random
import statistics
from dataclasses import dataclass

from bench.analyse.intervals import TIME_THRESHOLD, time_interval
from bench.analyse.stats import lag1_autocorrelation
from bench.core.results import InstructionRecord, TimeRecord

SLOWDOWNS = (0.0, 0.01, 0.03, 0.05, 0.10)
SIMULATIONS = 1_000
# The resampling draws runs of this many consecutive pairs, keeping the drift that neighbours share.
BLOCK = 4


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
    """Alarm rate per slowdown of the time rule on `pairs` pairs resampled from measured no-change
    log-ratios and shifted by the slowdown (a shift moves the interval and nothing else)."""
    alarms = [0] * len(SLOWDOWNS)
    for _ in range(SIMULATIONS):
        interval = time_interval(resample(no_change, pairs, rng))
        for i, slowdown in enumerate(SLOWDOWNS):
            shifted = interval.low * (1 + slowdown)
            alarms[i] += shifted > 1 + TIME_THRESHOLD
    return [a / SIMULATIONS for a in alarms]


def model_rates(comparisons: list[list[float]], pairs: int, seed: int = 0) -> tuple[int, float, list[float]]:
    """The calibration's model for one implementation: its comparisons' pairs centred into one pool of
    noise, and the time rule's alarm rate per slowdown on `pairs` pairs resampled from it. Returns the
    pool's size, its median absolute deviation, and the rates."""
    pool = centred_noise(comparisons)
    centre = statistics.median(pool)
    spread = statistics.median(abs(x - centre) for x in pool)
    return len(pool), spread, simulate(pool, pairs, random.Random(seed))


def centred_noise(log_ratios: list[list[float]]) -> list[float]:
    """The pairs of every comparison, each comparison's log-ratios less their own median: the noise,
    whatever slowdown was injected, with no change at its centre (one comparison's own offset would
    otherwise shift every simulated one)."""
    noise = []
    for ratios in log_ratios:
        centre = statistics.median(ratios)
        noise += [x - centre for x in ratios]
    return noise


Record = InstructionRecord | TimeRecord
Spread = tuple[float, float, float]


def spread(values: list[float], centre=statistics.median) -> Spread:
    """(centre, least, most) of values."""
    return centre(values), min(values), max(values)


@dataclass(frozen=True)
class Alarms:
    """One signal at one size and injected slowdown: alarms out of comparisons, and the injected change
    as measured."""

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
    hits = [[r.alarm for r in chosen if r.slowdown == slowdown] for slowdown in SLOWDOWNS]
    return [(sum(h), len(h)) for h in hits]


@dataclass(frozen=True)
class Effort:
    """What the time budget bought one program at one size, over its comparisons: pairs, the median
    seconds, the intervals' relative half-widths and how many reached the width wanted, and the lag-1
    correlation of the pairs (its mean)."""

    impl: str
    pairs: Spread
    seconds: float
    width: Spread
    narrow: int
    comparisons: int
    lag: Spread


def time_records(records: list[Record], size: str) -> dict[str, list[TimeRecord]]:
    """The time comparisons at one size, per implementation in the order first met."""
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


@dataclass(frozen=True)
class Correlation:
    """The lag-1 correlation of the pairs over every time comparison of three pairs or more: its mean and
    median, and how many comparisons lie beyond +-2/sqrt(pairs)."""

    comparisons: int
    mean: float
    median: float
    beyond: int


def correlation(records: list[Record]) -> Correlation | None:
    times = [r for r in records if isinstance(r, TimeRecord) and len(r.log_ratios) >= 3]
    if not times:
        return None
    lags = [lag1_autocorrelation(r.log_ratios) for r in times]
    beyond = sum(abs(lag) > 2 / math.sqrt(len(r.log_ratios)) for lag, r in zip(lags, times))
    return Correlation(len(times), statistics.fmean(lags), statistics.median(lags), beyond)


def suite_false_alarms(confidence: float, programs: int) -> tuple[float, float]:
    """The time rule's false-alarm rate per program at most (the interval's one-sided tail), and over
    `programs` programs gated at once."""
    bound = (1 - confidence) / 2
    return bound, 1 - (1 - bound) ** programs
