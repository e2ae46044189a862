"""Summary statistics of timing samples, and how much a series leans like its neighbours."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    runs: int
    mean: float
    stddev: float  # sample standard deviation
    median: float
    min: float
    max: float
    rse: float  # relative standard error of the mean


def summarize(times: list[float]) -> Summary:
    n = len(times)
    mean = statistics.fmean(times)
    stddev = statistics.stdev(times) if n > 1 else 0.0
    return Summary(runs=n, mean=mean, stddev=stddev, median=statistics.median(times), min=min(times),
                   max=max(times), rse=stddev / math.sqrt(n) / mean if n > 1 and mean > 0 else 0.0)


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
    spread = sum((v - mean) ** 2 for v in values)
    if spread == 0:
        return 0.0
    return sum((a - mean) * (b - mean) for a, b in zip(values, values[1:])) / spread
