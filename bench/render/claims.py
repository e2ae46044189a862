"""The article's claims, checked against a bench result."""

from __future__ import annotations

import math

from bench.analyse.stats import ratio
from bench.core.results import BenchEntry, BenchResult
from bench.render.format import seconds, times
from bench.render.markdown import table

# The article's figures, all at LIMIT = ARTICLE_LIMIT.
ARTICLE_LIMIT = 1_000_000
ARTICLE_PYTHON_S = 4.2
ARTICLE_GO_S = 0.15
ARTICLE_GO_VS_PYTHON = 28
ARTICLE_COMPILED_RANGE = (10, 40)
CLOSE_ENOUGH = 1.25  # a measured figure within this factor of the article's "holds"
MISSING = "not measured in this run"


def within(measured: float, claimed: float) -> bool:
    return claimed / CLOSE_ENOUGH <= measured <= claimed * CLOSE_ENOUGH


def figure_verdict(measured: float, claimed: float, what: str) -> str:
    if within(measured, claimed):
        return f"**Holds**: within {CLOSE_ENOUGH - 1:.0%} of the article's {what}."
    factor = measured / claimed
    direction = "slower" if factor > 1 else "faster"
    size = factor if factor > 1 else 1 / factor
    return f"**Does not hold** here: {times(size)} {direction} than the article's {what}."


def ratio_verdict(measured: float, claimed: float) -> str:
    if within(measured, claimed):
        return f"**Holds**: within {CLOSE_ENOUGH - 1:.0%} of the article's {claimed:g}×."
    size = "smaller" if measured < claimed else "larger"
    factor = claimed / measured if measured < claimed else measured / claimed
    return (f"**Does not hold** here: the gap is {times(measured)}, {times(factor)} {size} "
            f"than the article's {claimed:g}×.")


def startup_share(slow: BenchEntry, fast: BenchEntry) -> str:
    compute_ratio = slow.compute / fast.compute if fast.compute > 0 else math.inf
    return (f"{times(compute_ratio)} on compute alone; start-up is "
            f"{seconds(slow.startup.median)} of `{slow.name}`'s {seconds(slow.timing.median)} "
            f"and {seconds(fast.startup.median)} of `{fast.name}`'s {seconds(fast.timing.median)}")


def time_claim(entry: BenchEntry | None, claimed: float, who: str) -> list[str]:
    """A row for "WHO takes ~X s"."""
    what = f"{claimed:g} s"
    if entry is None:
        return [f"{who} takes ~{what}", what, MISSING, MISSING]
    median = entry.timing.median
    return [f"{who} takes ~{what}", what, seconds(median), figure_verdict(median, claimed, what)]


def compiled_claim(python: BenchEntry, compiled: list[BenchEntry]) -> list[str]:
    low, high = ARTICLE_COMPILED_RANGE
    span = f"{low}–{high}×"
    parts, held = [], []
    for x in compiled:
        value, error = ratio(python.timing, x.timing)
        parts.append(f"`{x.name}` {times(value, error)}")
        held.append(low <= value <= high)
    verdict = (f"**Holds**: every compiled program is inside {span}." if all(held) else
               "**Does not hold** for " + ", ".join(f"`{x.name}`" for x, ok in zip(compiled, held) if not ok)
               + f": outside {span}.")
    return [f"Compiled code is {span} faster than pure Python", span, "; ".join(parts), verdict]


def claims_section(data: BenchResult) -> str:
    if data.limit != ARTICLE_LIMIT:
        return (f"## The article's claims, checked\n\nThe article's figures are for LIMIT = {ARTICLE_LIMIT:,}; "
                f"this run used {data.limit:,}, so they are not checked here.")
    python, go, c = data.entry("python"), data.entry("go"), data.entry("c")
    gap = f"{ARTICLE_GO_VS_PYTHON}×"
    rows = [time_claim(python, ARTICLE_PYTHON_S, "CPython"), time_claim(go, ARTICLE_GO_S, "Go")]
    if python and go:
        value, error = ratio(python.timing, go.timing)
        rows.append([f"Go is ~{gap} faster than Python", gap, f"{times(value, error)}; {startup_share(python, go)}",
                     ratio_verdict(value, ARTICLE_GO_VS_PYTHON)])
    else:
        rows.append([f"Go is ~{gap} faster than Python", gap, MISSING, MISSING])
    compiled = [x for x in (c, go) if x]
    if python and compiled:
        rows.append(compiled_claim(python, compiled))
    grew = parallel_gap(data) or (MISSING, MISSING)
    rows.append(["With parallelism the difference would be even larger", "larger gap", *grew])
    return "\n".join([
        "## The article's claims, checked",
        "",
        table(["Claim", "Article", "Measured here", "Verdict"], rows),
        "",
        f"A figure \"holds\" within a factor of {CLOSE_ENOUGH} of the article's: machines differ, "
        "the article names none.",
    ])


def parallel_gap(data: BenchResult) -> tuple[str, str] | None:
    """CPython's gap to each compiled language, serial and parallel, and whether it grew."""
    e = {x.name: x for x in data.implementations}
    pairs = [("python", "go", "python-multiprocessing", "go-goroutines"),
             ("python", "c", "python-multiprocessing", "c-openmp")]
    parts, grew = [], []
    for slow_s, fast_s, slow_p, fast_p in pairs:
        if not all(n in e for n in (slow_s, fast_s, slow_p, fast_p)):
            continue
        serial, serial_error = ratio(e[slow_s].timing, e[fast_s].timing)
        parallel, parallel_error = ratio(e[slow_p].timing, e[fast_p].timing)
        parts.append(f"`{slow_p}` vs `{fast_p}`: {times(parallel, parallel_error)} "
                     f"(serial: {times(serial, serial_error)})")
        grew.append(parallel - parallel_error > serial + serial_error)
    if not parts:
        return None
    threads = max(x.threads or 1 for x in e.values())
    if all(grew):
        verdict = f"**Holds** at {threads} threads: the gap is larger beyond the noise."
    elif any(grew):
        verdict = f"**Partly** at {threads} threads: larger beyond the noise for one language only."
    else:
        verdict = (f"**Does not hold** at {threads} threads: the gap did not grow beyond the noise; "
                   "each side's speedup is capped by the same cores.")
    return "; ".join(parts), verdict
