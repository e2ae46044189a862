"""The article's claims, checked against a bench result: each measured with its interval, and each
verdict one of holds, does not hold, or undecided at this precision."""

from __future__ import annotations

from bench.analyse.verdicts import FAILS, HOLDS, UNDECIDED, claim_verdict
from bench.core import article
from bench.core.results import BenchEntry, BenchResult, Ratio
from bench.render.format import ratio_text, seconds, times
from bench.render.markdown import table

MISSING = "not measured in this run"
WORDS = {HOLDS: "**Holds**", FAILS: "**Does not hold**", UNDECIDED: "**Undecided at this precision**"}


def tolerance(claimed: float) -> tuple[float, float]:
    return claimed / article.CLOSE_ENOUGH, claimed * article.CLOSE_ENOUGH



def time_claim(entry: BenchEntry | None, claimed: float, who: str) -> list[str]:
    """A row for "WHO takes ~X s": the median and its interval against X within the tolerance."""
    what = f"{claimed:g} s"
    claim = f"{who} takes ~{what}"
    if entry is None:
        return [claim, what, MISSING, MISSING]
    t = entry.timing
    lowest, highest = tolerance(claimed)
    verdict = claim_verdict(t.low, t.high, lowest, highest)
    interval = f" ({seconds(t.low)}–{seconds(t.high)})" if t.low is not None and t.high is not None else ""
    factor = t.median / claimed
    direction = f"{times(factor)} slower than" if factor >= 1 else f"{times(1 / factor)} faster than"
    return [claim, what, f"{seconds(t.median)}{interval}", f"{WORDS[verdict]}: {direction} the article's {what}"]


def ratio_claim(claim: str, shown: str, r: Ratio | None, lowest: float, highest: float, data: BenchResult,
                extra: str = "") -> list[str]:
    if r is None:
        return [claim, shown, MISSING, MISSING]
    verdict = claim_verdict(r.low, r.high, lowest, highest)
    size = r.estimate / (lowest * highest) ** 0.5
    how = f"{times(1 / size)} smaller than the article's {shown}" if size < 1 else \
        f"{times(size)} larger than the article's {shown}"
    return [claim, shown, ratio_text(r, data.target) + extra, f"{WORDS[verdict]}: the gap is {how}"]


def startup_share(slow: BenchEntry, fast: BenchEntry) -> str:
    return (f"start-up is {seconds(slow.startup.median)} of `{slow.name}`'s {seconds(slow.timing.median)} "
            f"and {seconds(fast.startup.median)} of `{fast.name}`'s {seconds(fast.timing.median)}")


def compiled_claim(data: BenchResult, compiled: list[BenchEntry]) -> list[str]:
    low, high = article.COMPILED_RANGE
    span = f"{low}–{high}×"
    claim = f"Compiled code is {span} faster than pure Python"
    parts, verdicts = [], []
    for x in compiled:
        r = data.ratio("python", x.name)
        if r is None:
            continue
        parts.append(f"`{x.name}` {ratio_text(r, data.target)}")
        verdicts.append((x.name, claim_verdict(r.low, r.high, low, high)))
    if not parts:
        return [claim, span, MISSING, MISSING]
    failed = [name for name, v in verdicts if v == FAILS]
    undecided = [name for name, v in verdicts if v == UNDECIDED]
    if failed:
        verdict = f"{WORDS[FAILS]} for " + ", ".join(f"`{n}`" for n in failed) + f": outside {span}."
    elif undecided:
        verdict = f"{WORDS[UNDECIDED]} for " + ", ".join(f"`{n}`" for n in undecided) + f": crosses {span}."
    else:
        verdict = f"{WORDS[HOLDS]}: every compiled program is inside {span}."
    return [claim, span, "; ".join(parts), verdict]


def gap_claim(data: BenchResult) -> list[str]:
    """Whether the parallel programs' gap is larger than the serial ones', per compiled language: the
    ratio of the two gaps, taken within each round, against 1."""
    claim = "With parallelism the difference would be even larger"
    parts, verdicts = [], []
    for (slow_p, fast_p), (slow_s, fast_s) in article.GAPS:
        r = data.ratio(slow_p, fast_p, over=(slow_s, fast_s))
        if r is None:
            continue
        parts.append(f"`{slow_p}`/`{fast_p}` over `{slow_s}`/`{fast_s}`: {ratio_text(r, data.target)}")
        verdicts.append((fast_p, claim_verdict(r.low, r.high, 1.0, float("inf"))))
    if not parts:
        return [claim, "larger gap", MISSING, MISSING]
    threads = max(e.threads or 1 for e in data.implementations)
    kinds = {v for _, v in verdicts}
    if len(kinds) == 1:
        verdict = {HOLDS: f"{WORDS[HOLDS]} at {threads} threads: the gap grows for every language.",
                   FAILS: f"{WORDS[FAILS]} at {threads} threads: the gap does not grow; each side's speedup is "
                          "capped by the same cores.",
                   UNDECIDED: f"{WORDS[UNDECIDED]} at {threads} threads: every interval crosses 1."}[kinds.pop()]
    else:
        verdict = f"At {threads} threads: " + "; ".join(f"{WORDS[v]} against `{fast}`" for fast, v in verdicts) + "."
    return [claim, "larger gap", "; ".join(parts), verdict]


def no_parallelism(r: Ratio) -> str:
    """A threads program's speedup over its serial twin, judged as the GIL claim says: HOLDS (no real
    parallelism) when its whole interval lies below article.NO_PARALLELISM, FAILS when it lies wholly
    above, UNDECIDED when it crosses."""
    return claim_verdict(r.low, r.high, 0.0, article.NO_PARALLELISM)


def speedup_claim(data: BenchResult, claim: str, shown: str, pair: tuple[str, str], says: dict[str, str],
                  also: str | None = None, needs: str = "") -> list[str]:
    """A row judging the speedup of pair's threads program over its twin by no_parallelism, with the
    speedup over `also` shown beside it; `says` words each verdict, `needs` what the program takes where
    it could not run here (its recorded reason is shown)."""
    twin, name = pair
    entry, r = data.entry(name), data.ratio(twin, name)
    if entry is None or r is None:
        why = (data.absent or {}).get(name)
        if not why:
            return [claim, shown, MISSING, MISSING]
        return [claim, shown, f"not measured here: {why}",
                "Not measured here" + (f": it takes {needs}" if needs else "")]
    threads = entry.threads or 1
    on = f"on {threads} thread{'s' if threads > 1 else ''}"
    other = data.ratio(also, name) if also else None
    measured = (f"`{name}` {ratio_text(r, data.target)} over `{twin}`"
                + (f", {ratio_text(other, data.target)} over `{also}`" if other else "") + f" {on}")
    if threads < 2:
        return [claim, shown, measured, "Not checked: one thread cannot run in parallel"]
    verdict = no_parallelism(r)
    return [claim, shown, measured, f"{WORDS[verdict]} {on}: {says[verdict]}"]


def gil_claims(data: BenchResult) -> list[list[str]]:
    """Python threads under the suite's CPython, then under a free-threaded one, against real parallelism."""
    bound = f"{article.NO_PARALLELISM:g}×"
    crosses = f"the speedup's interval crosses {bound}"
    return [
        speedup_claim(data, "Python threads give no CPU parallelism (the GIL)", "no real parallelism",
                      article.GIL_THREADS,
                      {HOLDS: f"the threads' speedup lies below {bound}, no real parallelism",
                       FAILS: f"the threads' speedup lies above {bound}", UNDECIDED: crosses}),
        speedup_claim(data, "No library can fix it (the GIL is structural)", "structural", article.FREE_THREADED,
                      {HOLDS: f"even without the GIL the threads' speedup lies below {bound}",
                       FAILS: f"CPython built without the GIL (PEP 703) runs the same threads in parallel, a speedup "
                              f"above {bound}",
                       UNDECIDED: crosses},
                      also=article.GIL_THREADS[0],
                      needs="a free-threaded CPython (`PYTHON_FT=/path/to/python3.14t make bench`)"),
    ]


def claims_section(data: BenchResult) -> str:
    if data.limit != article.LIMIT:
        return (f"## The article's claims, checked\n\nThe article's figures are for LIMIT = {article.LIMIT:,}; "
                f"this run used {data.limit:,}, so they are not checked here.")
    python, go, c = data.entry("python"), data.entry("go"), data.entry("c")
    gap = f"{article.GO_VS_PYTHON}×"
    rows = [time_claim(python, article.PYTHON_S, "CPython"), time_claim(go, article.GO_S, "Go")]
    extra = f"; {startup_share(python, go)}" if python and go else ""
    rows.append(ratio_claim(f"Go is ~{gap} faster than Python", gap, data.ratio("python", "go"),
                            *tolerance(article.GO_VS_PYTHON), data, extra))
    compiled = [x for x in (c, go) if x]
    if python and compiled:
        rows.append(compiled_claim(data, compiled))
    rows.append(gap_claim(data))
    rows += gil_claims(data)
    low, high = tolerance(1)
    return "\n".join([
        "## The article's claims, checked",
        "",
        table(["Claim", "Article", "Measured here (95% interval)", "Verdict"], rows),
        "",
        f"Tolerance: a figure or a ratio \"holds\" when its whole interval lies within a factor of "
        f"{article.CLOSE_ENOUGH} of the article's (×{low:.2f} to ×{high:.2f}; machines differ, the article "
        "names none), and the compiled range when the interval lies inside it; it \"does not hold\" when the "
        "whole interval lies outside, and is \"undecided at this precision\" when the interval crosses a bound. "
        "The gap grows when the interval of (parallel gap / serial gap) lies above 1. "
        f"Threads give \"no real parallelism\" when the whole interval of their speedup over the serial program "
        f"(the same function in one loop, `python` or `python-ft`) lies below {article.NO_PARALLELISM:g}× "
        "(ideal would be the thread count), and real parallelism "
        "when it lies wholly above; the GIL is \"structural\" unless a free-threaded CPython's threads give real "
        "parallelism.",
    ])
