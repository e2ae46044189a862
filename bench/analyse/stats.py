"""Summary statistics of timing samples and the uncertainty of ratios between them."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Summary:
    runs: int
    mean: float
    stddev: float  # sample standard deviation
    median: float
    min: float
    max: float
    rse: float  # relative standard error of the mean


class Spread(Protocol):
    """Anything with a median, a mean and a standard deviation: a Summary, or a timing record."""

    @property
    def median(self) -> float: ...

    @property
    def mean(self) -> float: ...

    @property
    def stddev(self) -> float: ...


def summarize(times: list[float]) -> Summary:
    """Mean, sample standard deviation, median, extremes and the mean's relative standard error."""
    n = len(times)
    mean = statistics.fmean(times)
    stddev = statistics.stdev(times) if n > 1 else 0.0
    return Summary(runs=n, mean=mean, stddev=stddev, median=statistics.median(times), min=min(times),
                   max=max(times), rse=stddev / math.sqrt(n) / mean if n > 1 and mean > 0 else 0.0)


def ratio(numerator: Spread, denominator: Spread) -> tuple[float, float]:
    """numerator/denominator of two medians, with its +/- from their relative standard deviations."""
    value = numerator.median / denominator.median
    relative = math.hypot(numerator.stddev / numerator.mean, denominator.stddev / denominator.mean)
    return value, value * relative
