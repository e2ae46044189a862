"""Summary statistics of timing samples and the uncertainty of ratios between them."""

from __future__ import annotations

import math
import statistics


def summarize(times: list[float]) -> dict:
    """Mean, sample standard deviation, median, extremes and the mean's relative standard error."""
    n = len(times)
    mean = statistics.fmean(times)
    stddev = statistics.stdev(times) if n > 1 else 0.0
    return {
        "runs": n,
        "mean": mean,
        "stddev": stddev,
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "rse": stddev / math.sqrt(n) / mean if n > 1 and mean > 0 else 0.0,
    }


def ratio(numerator: dict, denominator: dict) -> tuple[float, float]:
    """numerator/denominator of two summaries' medians, with its +/- from their relative sigmas."""
    value = numerator["median"] / denominator["median"]
    relative = math.hypot(numerator["stddev"] / numerator["mean"], denominator["stddev"] / denominator["mean"])
    return value, value * relative
