"""How every page writes a number, a ratio ("N", "N× slower" or "="), a flag, a recorded string and a table."""

from __future__ import annotations

import math
import re
import unicodedata

from bench.core.results import Estimate, Ratio, Source

DIGITS = 3  # significant digits of every time and ratio shown
WIDE = 0.25  # an interval wider than this either side of its estimate (log scale) is flagged
DIRTY = " (with uncommitted changes)"  # after a commit recorded with changes not in it
# The flags a cell can carry; docs/method.md#flags says what each means.
SAME = "="  # the interval holds 1 (or 0% for a change): no difference shown
NOISY = "⚠"  # wider than ±25%, or unbounded
DRIFTED = "ᵈ"  # its neighbouring rounds moved together
GIVEN_UP = "ᵍ"  # the rounds stopped before it reached the precision aimed at
NONE = "—"  # not measured, or not meaningful here
HIDDEN = "ᶜ"  # computing is under a tenth of the run: a compute figure would be noise
STARTUP = "ˢ"  # a growth fit over sizes where start-up is not negligible: rough


def significant(value: float, digits: int = DIGITS) -> str:
    """The value to `digits` significant digits with thousands separators: 14.4, 1.95, 0.934, 3,460."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    rounded = float(f"{value:.{digits}g}")
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(rounded))))
    return f"{rounded:,.{decimals}f}"


def ms(value: float) -> str:
    """A time in milliseconds, for a column headed [ms]."""
    return significant(value * 1e3)


def seconds(value: float) -> str:
    """A time with its unit: 3.46 s, 248 ms, 600 µs."""
    for scale, unit in ((1, "s"), (1e-3, "ms")):
        if abs(value) >= scale:
            return f"{significant(value / scale)} {unit}"
    return f"{significant(value * 1e6)} µs"


def power(n: int) -> str:
    """10⁶ for a power of ten, else n with thousands separators."""
    digits = str(n)
    if n >= 10 and digits == "1" + "0" * (len(digits) - 1):
        return "10" + str(len(digits) - 1).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{n:,}"


def digits_for(*values: float) -> int:
    """One digit count for an estimate and its bounds, so that the estimate lies inside its interval as
    written: one more where two of them would read alike though they differ, or where one that is not 1
    would read 1.00 (a bound that would seem to touch no difference, a factor that would name none)."""
    alike = any(a != b and significant(a) == significant(b) for a, b in zip(values, values[1:]))
    return DIGITS + 1 if alike or any(v != 1 and significant(v) == "1.00" for v in values) else DIGITS


def wide(r: Estimate) -> bool:
    """Unbounded, or wider than WIDE either side of its estimate on a log scale."""
    return r.half_width is None or r.half_width > WIDE


def marks(r: Estimate, flags: str = "") -> str:
    """What follows a number: ⚠ where its interval is wide, then its flags."""
    return (" " + NOISY if wide(r) else "") + (" " + flags if flags else "")


def factor(r: Ratio, flags: str = "", inverted: bool = False) -> str:
    """A ratio in its column's sense, '18.7 (17.1–20.6)', '1.12× slower (…)', '= (…)', then ⚠ and flags;
    `inverted` writes it the other way round."""
    if inverted:
        return times(1 / r.estimate, 1 / r.high if r.high else None, 1 / r.low if r.low else None) + marks(r, flags)
    return times(r.estimate, r.low, r.high) + marks(r, flags)


def times(value: float, low: float | None, high: float | None, faster: str = "") -> str:
    """factor() of bare numbers, no flags; `faster` names that direction where no header does."""
    if low is None or high is None or low <= 0:
        return "unbounded"
    if low <= 1 <= high:
        n = digits_for(low, high)
        return f"{SAME} ({significant(low, n)}–{significant(high, n)})"
    slower = value < 1
    if slower:
        value, low, high = 1 / value, 1 / high, 1 / low
    n = digits_for(low, value, high)
    return f"{significant(value, n)}{'× slower' if slower else faster} ({significant(low, n)}–{significant(high, n)})"


def change(r: Ratio, flags: str = "") -> str:
    """A ratio as the change it makes: '+19% (+5% to +34%)', '=' where its interval holds no change."""
    if r.half_width is None:
        return "unbounded" + marks(r, flags)

    def pct(x: float, decimals: int) -> str:
        return f"{(x - 1) * 100:+.{decimals}f}%".replace("-", "−")
    values = (r.low, r.estimate, r.high)
    decimals = 1 if len({pct(x, 0) for x in values}) < 3 or any(abs(x - 1) < 0.005 for x in values) else 0
    bounds = f"({pct(r.low, decimals)} to {pct(r.high, decimals)})"
    return (f"{SAME} {bounds}" if r.low <= 1 <= r.high else f"{pct(r.estimate, decimals)} {bounds}") + marks(r, flags)


def estimate(e: Estimate | None, number=significant, sep: str = "–") -> str:
    """12.3 (11.9–12.6), with ⚠ where the interval is wide; — where there is none."""
    if e is None:
        return NONE
    bounds = f"{number(e.low)}{sep}{number(e.high)}" if e.half_width is not None else "unbounded"
    return f"{number(e.estimate)} ({bounds})" + marks(e)


BLANK = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u2800\u3164\uffa0")


def code(text: object, cell: bool = True) -> str:
    """A recorded string as a code span nothing breaks out of: no new line, link, heading or tag, and in a
    table's cell (`cell`) no cell of its own: its | is escaped there, and only there, where it is not shown."""
    # Controls, line and paragraph separators, format characters (bidirectional overrides) and the letters and
    # marks that show nothing (a Hangul or Braille blank, a grapheme joiner) become spaces.
    flat = "".join("\0" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") or c in BLANK else c
                   for c in str(text))
    flat = re.sub("\0+", " ", flat)
    flat = flat.replace("|", "\\|") if cell else flat
    fence = "`" * (max((len(run) for run in re.findall(r"`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") or not flat.strip() else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def commit(source: Source, cell: bool = True) -> str:
    """The commit a run was measured from, short, as a code span (as code puts it); flagged where it had uncommitted
    changes."""
    return code((source.commit or "?")[:12] + DIRTY * source.dirty, cell)


def table(header: list[str], rows: list[list[str]], align: str = "") -> str:
    """A pipe table, or nothing where it has no rows; align has one letter per column, l or r (default l)."""
    rules = ["--:" if align[i:i + 1] == "r" else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(rules) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows]) if rows else ""


def section(title: str, *parts: str) -> str:
    """A page's section, its heading and its tables, or nothing where it has no table."""
    parts = tuple(p for p in parts if p)
    return "\n\n".join([f"## {title}", *parts]) if parts else ""


def link(text: str, anchor: str, up: int = 0) -> str:
    """A link to a paragraph of docs/method.md from a page `up` folders below the repository root."""
    return f"[{text}]({'../' * up}docs/method.md#{anchor})"
