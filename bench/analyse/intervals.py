"""The interval of a median over rounds, and how far apart a series' values lie and how much each leans like
its neighbours."""

from __future__ import annotations

import math
import operator
import statistics

from bench.core.results import Estimate

# The most neighbour correlation an interval is widened for: beyond it a series says little about its
# centre however long it is, and the widening (sqrt(19) at 0.9) already leaves it imprecise.
MAX_DEPENDENCE = 0.9


def robust_sd(values: list[float]) -> float:
    """A standard deviation that a few wild values do not move: 1.4826 x the median absolute deviation
    (the factor makes it the standard deviation for normal values)."""
    centre = statistics.median(values)
    return 1.4826 * statistics.median(abs(v - centre) for v in values)


def lag1_autocorrelation(values: list[float]) -> float:
    """The correlation between neighbours of a series: 0 for independent values, towards 1 when each
    value leans like the one before it. 0 for fewer than three values or no spread."""
    if len(values) < 3:
        return 0.0
    mean = statistics.fmean(values)
    apart = [v - mean for v in values]
    spread = sum(map(operator.mul, apart, apart))
    if spread == 0:
        return 0.0
    return sum(map(operator.mul, apart, apart[1:])) / spread


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
