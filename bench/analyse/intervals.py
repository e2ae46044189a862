"""The interval of a median over rounds, and the regression gate's thresholds on both its signals."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from bench.analyse.stats import lag1_autocorrelation
from bench.core.results import Estimate

# Two-sided confidence of the time interval: with ~8 implementations gated at once, a per-implementation
# false-alarm rate of at most (1 - 0.9975) / 2 keeps the suite's rate under 1%.
TIME_CONFIDENCE = 0.9975
# The time ratio must exceed this by its interval's lower bound before a slowdown counts.
TIME_THRESHOLD = 0.03
# The slowdown the time signal is sized to catch, and how often it should: rounds are added until the
# interval is narrow enough for that (see wanted_half_width).
TIME_DETECT = 0.05
TIME_POWER = 0.95
# The instruction change must exceed max(INSTRUCTION_FLOOR, INSTRUCTION_SPREADS x base's own spread).
INSTRUCTION_FLOOR = 0.005
INSTRUCTION_SPREADS = 5.0


@dataclass(frozen=True)
class InstructionChange:
    """head/base - 1 for instruction counts, base's own no-change spread and the threshold it implies."""

    change: float
    spread: float
    threshold: float

    @property
    def regressed(self) -> bool:
        return self.change > self.threshold


# The most neighbour correlation an interval is widened for: beyond it a series says little about its
# centre however long it is, and the widening (sqrt(19) at 0.9) already leaves it imprecise.
MAX_DEPENDENCE = 0.9


def dependence_factor(series: list[float]) -> float:
    """How much wider than under independence an interval for the centre of a series must be when
    neighbours are correlated: sqrt((1 + r) / (1 - r)), the standard error's inflation for an AR(1)
    series with lag-1 correlation r. r is measured on the series in the order it was taken, less the
    known bias of that measure on a short series (its expectation is r - (1 + 3r) / n).
    A negative r is taken as 0, so the interval never narrows below the independent one."""
    n = len(series)
    return 1.0 if n < 4 else dependence_factor_of(lag1_autocorrelation(series), n)


def dependence_factor_of(measured: float, n: int) -> float:
    """dependence_factor for a lag-1 correlation `measured` on a series of n (at least 4) values."""
    r = min(max((n * measured + 1) / (n - 3), 0.0), MAX_DEPENDENCE)
    return math.sqrt((1 + r) / (1 - r))


def median_interval(values: list[float], confidence: float = 0.95) -> tuple[float, float, float]:
    """The median of a series with the distribution-free interval that belongs to it: order statistics
    j and n + 1 - j, with j from the sign test's normal approximation, P(X_(j) <= median <= X_(n+1-j))
    = confidence for independent values. Correlated neighbours count for fewer independent values: the
    sign test's standard deviation is widened by dependence_factor of the series in its order.
    Returns (median, low, high); low and high are -inf and inf when too few values bound it."""
    if not values:
        raise ValueError("no values")
    n = len(values)
    ordered = sorted(values)
    z = statistics.NormalDist().inv_cdf((1 + confidence) / 2)
    j = math.floor((n + 1) / 2 - z * dependence_factor(values) * math.sqrt(n) / 2)
    median = statistics.median(ordered)
    if j < 1:
        return median, -math.inf, math.inf
    return median, ordered[j - 1], ordered[n - j]


def least_bounded(confidence: float = 0.95) -> int:
    """The fewest values whose median_interval is bounded when neighbours are uncorrelated (measured
    correlation 0, which dependence_factor still widens for on a short series): 8 at 95%."""
    z = statistics.NormalDist().inv_cdf((1 + confidence) / 2)
    n = 4
    while math.floor((n + 1) / 2 - z * dependence_factor_of(0.0, n) * math.sqrt(n) / 2) < 1:
        n += 1
    return n


def median_estimate(values: list[float], confidence: float = 0.95, of=lambda x: x) -> Estimate:
    """The median of values with median_interval's interval, each taken through `of` (math.exp for the
    median of log-ratios), as an Estimate: unbounded where too few values bound it."""
    centre, low, high = median_interval(values, confidence)
    bounded = math.isfinite(low) and math.isfinite(high)
    return Estimate(of(centre), of(low) if bounded else None, of(high) if bounded else None, len(values))


def time_interval(log_ratios: list[float]) -> Estimate:
    """The gate's interval: the median of the per-round log-ratios (head/base) with its interval, as ratios."""
    return median_estimate(log_ratios, TIME_CONFIDENCE, math.exp)


def wanted_half_width(confidence: float = TIME_CONFIDENCE, threshold: float = TIME_THRESHOLD,
                      detect: float = TIME_DETECT, power: float = TIME_POWER) -> float:
    """The half-width at which a slowdown of `detect` lifts the lower bound over 1 + threshold with
    probability `power`.

    With the estimate normal about log(1 + detect) with standard error s, the interval's half-width h
    is z_c s (z_c the confidence's two-sided quantile), and the lower bound clears log(1 + threshold)
    with probability `power` when log(1 + detect) - log(1 + threshold) = h + z_p s = h (1 + z_p / z_c).
    """
    normal = statistics.NormalDist()
    z_confidence = normal.inv_cdf((1 + confidence) / 2)
    z_power = normal.inv_cdf(power)
    return (math.log1p(detect) - math.log1p(threshold)) / (1 + z_power / z_confidence)


def time_verdict(interval: Estimate) -> str:
    """'slower' when the interval lies wholly above 1 + TIME_THRESHOLD, 'faster' wholly below 1 - TIME_THRESHOLD."""
    if interval.half_width is None:
        return "same"
    if interval.low > 1 + TIME_THRESHOLD:
        return "slower"
    if interval.high < 1 - TIME_THRESHOLD:
        return "faster"
    return "same"


def instruction_change(base: list[int], head: int) -> InstructionChange:
    """head against the mean of base's counts, with the spread between base's repeats."""
    if not base or min(base) <= 0:
        raise ValueError("need positive base counts")
    mean = statistics.fmean(base)
    spread = (max(base) - min(base)) / mean
    threshold = max(INSTRUCTION_FLOOR, INSTRUCTION_SPREADS * spread)
    return InstructionChange(head / mean - 1, spread, threshold)
