"""How the reports write numbers: durations, ratios, powers of ten."""

from __future__ import annotations

import math

from bench.analyse.rounds import is_precise
from bench.core.results import Ratio, Timing

DIGITS = 3  # significant digits of every time and ratio shown


def significant(value: float) -> str:
    """The value to three significant digits, with thousands separators: 14.4, 1.95, 0.934, 3,460."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    rounded = float(f"{value:.{DIGITS}g}")
    decimals = max(0, DIGITS - 1 - math.floor(math.log10(abs(rounded))))
    return f"{rounded:,.{decimals}f}"


def ms(value: float) -> str:
    """A time in milliseconds, for a column headed [ms]."""
    return significant(value * 1e3)


def times_text(value: float, low: float | None = None, high: float | None = None, bounded: bool = True) -> str:
    """'14.4× faster (13.1–15.6)' or '1.07× slower (0.929–1.22)': the factor is never below 1, and the
    bounds, in the same sense, may cross 1 where the interval includes no difference."""
    word = "faster" if value >= 1 else "slower"
    if value < 1:
        value, low, high = 1 / value, (1 / high if high else None), (1 / low if low else None)
    if not bounded:
        return f"{significant(value)}× {word}"
    bounds = f"{significant(low)}–{significant(high)}" if low is not None and high is not None else "unbounded"
    return f"{significant(value)}× {word} ({bounds})"


def percent_change(value: float, low: float | None, high: float | None) -> str:
    """'+9% (−12% to +37%)': a ratio as the change it makes."""
    def pct(x: float) -> str:
        return f"{(x - 1) * 100:+.0f}%".replace("-", "−")
    bounds = f" ({pct(low)} to {pct(high)})" if low is not None and high is not None else " (unbounded)"
    return pct(value) + bounds


def seconds(value: float) -> str:
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 0.001:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.0f} µs"


def times(value: float, error: float | None = None) -> str:
    """A ratio such as 10.9× or 1.92 ± 0.07×; a spread below the last digit shown as <0.1."""
    digits = 1 if value >= 10 else 2
    if error is None:
        return f"{value:.{digits}f}×"
    smallest = 10.0**-digits
    spread = f"{error:.{digits}f}" if error >= smallest / 2 else f"<{smallest:.{digits}f}"
    return f"{value:.{digits}f} ± {spread}×"


def median_text(t: Timing) -> str:
    """**244.0 ms** (243.1–245.0): the median with its 95% interval."""
    bounds = f" ({seconds(t.low)}–{seconds(t.high)})" if t.low is not None and t.high is not None else " (unbounded)"
    return f"**{seconds(t.median)}**{bounds}"


def efficiency_text(speedup: Ratio, threads: int) -> str:
    """96% (94–98%): the speedup and its interval over the thread count."""
    value = f"{speedup.estimate / threads:.0%}"
    if speedup.low is None or speedup.high is None:
        return value + " (unbounded)"
    return f"{value} ({speedup.low / threads:.0%}–{speedup.high / threads:.0%})"


def ratio_text(r: Ratio | None, target: float) -> str:
    """10.9× (10.6–11.2), with ⚠ and the half-width where the interval is wider than the target."""
    if r is None:
        return "—"
    # Three decimals below 2x, where a bound next to 1 decides a verdict; two below 10x; one above.
    digits = 1 if r.estimate >= 10 else 2 if r.estimate >= 2 else 3
    if r.low is None or r.high is None:
        return f"{r.estimate:.{digits}f}× (unbounded) ⚠"
    text = f"{r.estimate:.{digits}f}× ({r.low:.{digits}f}–{r.high:.{digits}f})"
    return text + (f" ⚠ ±{r.half_width:.1%}" if not is_precise(r, target) and r.half_width is not None else "")


DIRTY = " (with uncommitted changes)"


def commit_text(commit: str | None, dirty: bool) -> str:
    """The commit measured, 12 digits, and whether code differed from it."""
    return (commit or "unknown")[:12] + (DIRTY if dirty else "")


def power(n: int) -> str:
    """10⁶ for a power of ten, else n with thousands separators."""
    digits = str(n)
    if digits == "1" + "0" * (len(digits) - 1) and n >= 10:
        return "10" + str(len(digits) - 1).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{n:,}"


def percent_list(values: tuple[float, ...]) -> str:
    """'0, 1, 3, 5 or 10%' for (0, 0.01, 0.03, 0.05, 0.10)."""
    numbers = [f"{v * 100:g}" for v in values]
    return (", ".join(numbers[:-1]) + " or " + numbers[-1] if len(numbers) > 1 else numbers[0]) + "%"
