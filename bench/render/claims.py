"""The article's claims, checked against a bench result: each measured with its interval, and each
verdict one of holds, does not hold, or undecided at this precision."""

from __future__ import annotations

from bench.analyse.claims import Judgement, Verdict, judge
from bench.core import article
from bench.core.results import BenchEntry, BenchResult
from bench.render.format import ratio_text, seconds, times
from bench.render.markdown import table

MISSING = "not measured in this run"
WORDS = {Verdict.HOLDS: "Holds", Verdict.FAILS: "Does not hold", Verdict.UNDECIDED: "Undecided at this precision"}


def word(verdict: Verdict) -> str:
    return f"**{WORDS[verdict]}**"


def time_row(data: BenchResult, j: Judgement) -> list[str]:
    """"WHO takes ~X s": the median and its interval against X within the tolerance."""
    c, (f,) = j.claim, j.findings
    if f.value is None:
        return [c.says, c.figure, MISSING, MISSING]
    t = f.value
    interval = f" ({seconds(t.low)}–{seconds(t.high)})" if t.low is not None and t.high is not None else ""
    factor = t.median / c.claimed
    direction = f"{times(factor)} slower than" if factor >= 1 else f"{times(1 / factor)} faster than"
    return [c.says, c.figure, f"{seconds(t.median)}{interval}",
            f"{word(f.verdict)}: {direction} the article's {c.figure}"]


def startup_share(slow: BenchEntry, fast: BenchEntry) -> str:
    return (f"start-up is {seconds(slow.startup.median)} of `{slow.name}`'s {seconds(slow.timing.median)} "
            f"and {seconds(fast.startup.median)} of `{fast.name}`'s {seconds(fast.timing.median)}")


def ratio_row(data: BenchResult, j: Judgement) -> list[str]:
    c, (f,) = j.claim, j.findings
    r = f.value
    if r is None:
        return [c.says, c.figure, MISSING, MISSING]
    slow, fast = data.entry(f.measure.numerator), data.entry(f.measure.denominator)
    extra = f"; {startup_share(slow, fast)}" if slow and fast else ""
    size = r.estimate / (c.low * c.high) ** 0.5
    how = f"{times(1 / size)} smaller than the article's {c.figure}" if size < 1 else \
        f"{times(size)} larger than the article's {c.figure}"
    return [c.says, c.figure, ratio_text(r, data.target) + extra, f"{word(f.verdict)}: the gap is {how}"]


def range_row(data: BenchResult, j: Judgement) -> list[str] | None:
    """Each compiled program against the range; no row where none of them ran beside CPython."""
    c = j.claim
    if not any(data.entry(f.measure.numerator) and data.entry(f.measure.denominator) for f in j.findings):
        return None
    measured = [f for f in j.findings if f.value is not None]
    if not measured:
        return [c.says, c.figure, MISSING, MISSING]
    failed = [f"`{f.measure.denominator}`" for f in measured if f.verdict is Verdict.FAILS]
    undecided = [f"`{f.measure.denominator}`" for f in measured if f.verdict is Verdict.UNDECIDED]
    if failed:
        verdict = f"{word(Verdict.FAILS)} for " + ", ".join(failed) + f": outside {c.figure}."
    elif undecided:
        verdict = f"{word(Verdict.UNDECIDED)} for " + ", ".join(undecided) + f": crosses {c.figure}."
    else:
        verdict = f"{word(Verdict.HOLDS)}: every compiled program is inside {c.figure}."
    parts = [f"`{f.measure.denominator}` {ratio_text(f.value, data.target)}" for f in measured]
    return [c.says, c.figure, "; ".join(parts), verdict]


def gap_row(data: BenchResult, j: Judgement) -> list[str]:
    """Whether the parallel programs' gap is larger than the serial ones', per compiled language: the
    ratio of the two gaps, taken within each round, against 1."""
    c = j.claim
    measured = [f for f in j.findings if f.value is not None]
    if not measured:
        return [c.says, c.figure, MISSING, MISSING]
    parts = [f"`{m.numerator}`/`{m.denominator}` over `{m.over[0]}`/`{m.over[1]}`: {ratio_text(f.value, data.target)}"
             for f in measured for m in [f.measure]]
    threads = max(e.threads or 1 for e in data.implementations)
    kinds = {f.verdict for f in measured}
    if len(kinds) == 1:
        verdict = {Verdict.HOLDS: f"{word(Verdict.HOLDS)} at {threads} threads: the gap grows for every language.",
                   Verdict.FAILS: f"{word(Verdict.FAILS)} at {threads} threads: the gap does not grow; each side's "
                                  "speedup is capped by the same cores.",
                   Verdict.UNDECIDED: f"{word(Verdict.UNDECIDED)} at {threads} threads: every interval crosses 1."
                   }[kinds.pop()]
    else:
        verdict = f"At {threads} threads: " + "; ".join(f"{word(f.verdict)} against `{f.measure.denominator}`"
                                                        for f in measured) + "."
    return [c.says, c.figure, "; ".join(parts), verdict]


BOUND = f"{article.NO_PARALLELISM:g}×"
CROSSES = f"the speedup's interval crosses {BOUND}"
# Per claim about threads: what each verdict says, the other program its speedup is shown over, and
# what the program takes where it could not run here.
SPEEDUPS = {
    "gil": ({Verdict.HOLDS: f"the threads' speedup lies below {BOUND}, no real parallelism",
             Verdict.FAILS: f"the threads' speedup lies above {BOUND}", Verdict.UNDECIDED: CROSSES}, None, ""),
    "structural": ({Verdict.HOLDS: f"even without the GIL the threads' speedup lies below {BOUND}",
                    Verdict.FAILS: f"CPython built without the GIL (PEP 703) runs the same threads in parallel, a "
                                   f"speedup above {BOUND}",
                    Verdict.UNDECIDED: CROSSES},
                   article.GIL_THREADS[0], "a free-threaded CPython (`PYTHON_FT=/path/to/python3.14t make bench`)"),
}


def speedup_row(data: BenchResult, j: Judgement) -> list[str]:
    """A threads program's speedup over its twin against real parallelism, with the speedup over
    another program shown beside it; where it could not run here, its recorded reason."""
    c, (f,) = j.claim, j.findings
    says, also, needs = SPEEDUPS[c.key]
    twin, name = f.measure.numerator, f.measure.denominator
    if f.verdict is Verdict.NOT_MEASURED:
        why = (data.absent or {}).get(name)
        if not why:
            return [c.says, c.figure, MISSING, MISSING]
        return [c.says, c.figure, f"not measured here: {why}",
                "Not measured here" + (f": it takes {needs}" if needs else "")]
    threads = data.entry(name).threads or 1
    on = f"on {threads} thread{'s' if threads > 1 else ''}"
    other = data.ratio(also, name) if also else None
    measured = (f"`{name}` {ratio_text(f.value, data.target)} over `{twin}`"
                + (f", {ratio_text(other, data.target)} over `{also}`" if other else "") + f" {on}")
    if f.verdict is Verdict.ONE_THREAD:
        return [c.says, c.figure, measured, "Not checked: one thread cannot run in parallel"]
    return [c.says, c.figure, measured, f"{word(f.verdict)} {on}: {says[f.verdict]}"]


ROWS = {"python": time_row, "go": time_row, "go-vs-python": ratio_row, "compiled": range_row, "parallel-gap": gap_row,
        "gil": speedup_row, "structural": speedup_row}


def claims_section(data: BenchResult) -> str:
    judged = judge(data)
    if judged is None:
        return (f"## The article's claims, checked\n\nThe article's figures are for LIMIT = {article.LIMIT:,}; "
                f"this run used {data.limit:,}, so they are not checked here.")
    rows = list(filter(None, (ROWS[j.claim.key](data, j) for j in judged)))
    low, high = article.close_to(1)
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
