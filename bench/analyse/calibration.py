"""The calibration's model: the gate's time rule applied to pairs resampled from measured noise."""

from __future__ import annotations

import random
import statistics

from bench.analyse.intervals import TIME_THRESHOLD, time_interval

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
