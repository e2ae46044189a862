"""How far apart a series' values lie, and how much each leans like its neighbours."""

from __future__ import annotations

import operator
import statistics


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
