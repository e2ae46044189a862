"""How every page writes numbers and tables: three significant digits for times and ratios, one unit per
column, every ratio in one direction ("N× faster than X" or "N× slower than X", N at least 1), and one
kind of Markdown table."""

from __future__ import annotations

import math
from collections.abc import Callable

from bench.core.results import Ratio

DIGITS = 3  # significant digits of every time and ratio shown
# An interval wider than this (either side of its estimate) says nothing about its row: only then, or
# where it crosses a claim's bound, does a page mark it with ⚠; every width is in the precision table.
WIDE = 0.25
# A bound of a ratio below this is written as "below 0.001": it comes from a time that was nearly zero in
# some round (a compute time that is the difference of two near-equal times), not from the program.
TINY = 0.001


def significant(value: float, digits: int = DIGITS) -> str:
    """The value to three significant digits, with thousands separators: 14.4, 1.95, 0.934, 3,460."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    rounded = float(f"{value:.{digits}g}")
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(rounded))))
    return f"{rounded:,.{decimals}f}"


def ms(value: float) -> str:
    """A time in milliseconds, for a column headed [ms]."""
    return significant(value * 1e3)


def seconds(value: float) -> str:
    """A time in prose, with its unit: 3.46 s, 248 ms, 600 µs."""
    if abs(value) >= 1:
        return f"{significant(value)} s"
    if abs(value) >= 0.001:
        return f"{significant(value * 1e3)} ms"
    return f"{significant(value * 1e6)} µs"


def span(low: float | None, high: float | None, number: Callable[[float], str] | None = None, sep: str = "–",
         digits: int = DIGITS) -> str:
    """'13.1–15.6', each bound written by number (significant digits by default), or 'unbounded' where a
    bound is missing; bounds that `digits` significant digits would write alike get one more (1.137–1.145,
    not 1.14–1.14)."""
    if low is None or high is None:
        return "unbounded"
    if number is None:
        digits = shown_digits(low, high, digits)
        if 0 < low < TINY:
            return f"below {TINY:g}{sep}{significant(high, digits)}"  # a compute time near zero in some round
        number = lambda x: significant(x, digits)  # noqa: E731
    return f"{number(low)}{sep}{number(high)}"


def shown_digits(low: float | None, high: float | None, digits: int = DIGITS, value: float | None = None) -> int:
    """The significant digits of a factor and its bounds, one count for all three so that the estimate
    lies inside its interval as written: one more than `digits` where two of them would read alike
    though they differ (1.02–1.03 about 1.03), or where the factor (at least 1) would read 1.00 and so
    name no direction."""
    shown = [x for x in (low, value, high) if x is not None]
    alike = any(a != b and significant(a, digits) == significant(b, digits) for a, b in zip(shown, shown[1:]))
    return digits + 1 if alike or (value is not None and significant(value, digits) == "1.00") else digits


def too_wide(low: float | None, high: float | None) -> bool:
    """Whether an interval is unbounded or wider than WIDE either side of its estimate, on a log scale."""
    return low is None or high is None or low <= 0 or math.log(high / low) / 2 > WIDE


def is_wide(r: Ratio) -> bool:
    return r.half_width is None or too_wide(r.low, r.high)


def inverse(value: float, low: float | None, high: float | None) -> tuple[float, float | None, float | None]:
    """The ratio the other way round, its bounds swapped."""
    return 1 / value, (1 / high if high else None), (1 / low if low else None)


def faster(r: Ratio, subject: str | None = None) -> tuple[float, float | None, float | None]:
    """How many times faster `subject` is than the ratio's other program (the denominator by default,
    as a ratio is numerator time / denominator time), with the interval's bounds in the same sense."""
    if subject is None or subject == r.denominator:
        return r.estimate, r.low, r.high
    return inverse(r.estimate, r.low, r.high)


def factor(value: float, digits: int = DIGITS) -> str:
    """'14.4× faster' or '1.07× slower': the factor is never below 1."""
    return f"{significant(value, digits)}× faster" if value >= 1 else f"{significant(1 / value, digits)}× slower"


def sensed(value: float, low: float | None, high: float | None) -> tuple[float, float | None, float | None]:
    """The factor (at least 1) and its bounds in the factor's sense: a slower ratio's bounds inverted."""
    return (value, low, high) if value >= 1 else inverse(value, low, high)


def times_text(value: float, low: float | None, high: float | None) -> str:
    """'14.4× faster (13.1–15.6)' or '1.07× slower (0.929–1.22)': the bounds, in the factor's sense, may
    cross 1 where the interval includes no difference; the factor and its bounds share their digits."""
    digits = digits_of(value, low, high)
    return f"{factor(value, digits)} ({span(*sensed(value, low, high)[1:], digits=digits)})"


def digits_of(value: float, low: float | None, high: float | None) -> int:
    """The significant digits times_text gives a ratio and its bounds (shown_digits, in the factor's sense)."""
    shown, *bounds = sensed(value, low, high)
    return shown_digits(*bounds, value=shown)


def factor_of(r: Ratio, subject: str | None = None) -> str:
    """The factor of times_text alone, with the digits it has there: '1.016× slower'."""
    value, low, high = faster(r, subject)
    return factor(value, digits_of(value, low, high))


def ratio_phrase(r: Ratio | None, subject: str | None = None, warn: bool = True) -> str:
    """The ratio as `subject` against the other program, with ⚠ where the interval says nothing."""
    if r is None:
        return "—"
    text = times_text(*faster(r, subject))
    return text + (" ⚠" if warn and is_wide(r) else "")


def width_text(r: Ratio) -> str:
    """±8.7%, or 'unbounded'."""
    return "unbounded" if r.half_width is None or r.low is None else f"±{significant(r.half_width * 100)}%"


def percent_change(value: float, low: float | None = None, high: float | None = None, bounded: bool = True) -> str:
    """'+9% (−12% to +37%)': a ratio as the change it makes; '+9%' alone where not bounded. A change under
    0.5% keeps one significant digit (+0.5%), so that a bound just above no change never reads +0%; where
    the estimate and a bound would read alike though they differ, all three get a decimal (+7.6% to +8.3%)."""
    whole = [round((x - 1) * 100) for x in (low, value, high) if x is not None and bounded]
    decimals = 1 if any(a == b for a, b in zip(whole, whole[1:])) and len({low, value, high}) == 3 else 0

    def pct(x: float) -> str:
        change = (x - 1) * 100
        form = "1g" if 0 < abs(change) < 0.5 and not decimals else f"{decimals}f"
        return f"{change:+.{form}}%".replace("-", "−")
    return pct(value) + (f" ({span(low, high, pct, ' to ')})" if bounded else "")


def efficiency_text(speedup: Ratio, threads: int) -> str:
    """96% (94–98%): the speedup and its interval over the thread count."""
    def share(x: float) -> str:
        return f"{x / threads:.0%}"
    return f"{share(speedup.estimate)} ({span(speedup.low, speedup.high, share)})"


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


def table(header: list[str], rows: list[list[str]], align: str = "") -> str:
    """A pipe table; align has one letter per column, l or r (default l)."""
    rules = ["--:" if align[i:i + 1] == "r" else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(rules) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
