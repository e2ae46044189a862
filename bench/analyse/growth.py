"""How an implementation's time grows with LIMIT: the exponent k in time ~ LIMIT^k and where start-up dominates."""

from __future__ import annotations

import math
from dataclasses import dataclass

WORK_EXPONENT = 1.5  # trial division tests each n by up to sqrt(n) divisors: LIMIT^1.5 / ln LIMIT divisions
NEGLIGIBLE = 0.05  # start-up at most this share of the time: the size shows the growth of the work alone
DOMINANT = 0.5  # start-up above this share: most of the time is spent before the first division


@dataclass(frozen=True)
class Growth:
    k: float | None  # fitted exponent, None when fewer than two sizes qualify
    fit_sizes: tuple[int, ...]  # the sizes the fit used
    negligible: bool  # True when start-up is at most NEGLIGIBLE of the time at every fitted size
    startup_dominates_below: float | None  # LIMIT where start-up is half the time; None if never crossed
    crossing: str  # "interpolated", "below" (start-up under half at every size) or "above" (over half at all)


def fit_exponent(sizes: list[int], seconds: list[float]) -> tuple[float, float]:
    """Least-squares k and c of seconds = c * size^k on log-log axes; needs two distinct sizes."""
    if len(sizes) != len(seconds) or len(set(sizes)) < 2:
        raise ValueError("the fit needs at least two distinct sizes, one time each")
    if min(sizes) <= 0 or min(seconds) <= 0:
        raise ValueError("sizes and times must be positive")
    xs = [math.log(n) for n in sizes]
    ys = [math.log(t) for t in seconds]
    x_mean = sum(xs) / len(xs)
    y_mean = sum(ys) / len(ys)
    k = (sum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys))
         / sum((x - x_mean) ** 2 for x in xs))
    return k, math.exp(y_mean - k * x_mean)


def trial_division_exponent(low: int, high: int) -> float:
    """The slope between low and high of LIMIT^1.5 / ln LIMIT, trial division's work, on log-log axes."""
    def work(n: int) -> float:
        return n ** WORK_EXPONENT / math.log(n)
    return math.log(work(high) / work(low)) / math.log(high / low)


def startup_crossing(sizes: list[int], seconds: list[float], startup: float) -> tuple[float | None, str]:
    """The LIMIT at which compute time (time minus start-up) equals start-up, interpolated on log-log axes."""
    points = sorted(zip(sizes, seconds))
    threshold = startup / DOMINANT
    if points[0][1] >= threshold:
        return None, "below"
    for (n0, t0), (n1, t1) in zip(points, points[1:]):
        if t0 < threshold <= t1:
            if t0 > startup:  # compute time is positive at both ends: follow it
                return interpolate(n0, t0 - startup, n1, t1 - startup, startup), "interpolated"
            return interpolate(n0, t0, n1, t1, threshold), "interpolated"
    return None, "above"


def interpolate(n0: int, y0: float, n1: int, y1: float, y: float) -> float:
    """The n at which the straight line through (n0, y0) and (n1, y1) on log-log axes reaches y."""
    share = math.log(y / y0) / math.log(y1 / y0)
    return math.exp(math.log(n0) + share * math.log(n1 / n0))


def growth(sizes: list[int], seconds: list[float], startup: float) -> Growth:
    """The exponent of compute time (time minus start-up) and the start-up-dominance size.

    The fit uses the sizes where start-up is negligible; when fewer than two are, those where it is under
    half the time, and the result says so."""
    crossing, where = startup_crossing(sizes, seconds, startup)
    negligible = [(n, t) for n, t in zip(sizes, seconds) if startup <= NEGLIGIBLE * t]
    usable = negligible if len(negligible) >= 2 else [
        (n, t) for n, t in zip(sizes, seconds) if startup < DOMINANT * t]
    k = fit_exponent([n for n, _ in usable], [t - startup for _, t in usable])[0] if len(usable) >= 2 else None
    return Growth(k, tuple(n for n, _ in usable), len(negligible) >= 2, crossing, where)
