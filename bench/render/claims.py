"""The article's claims in words, each with the size of its effect: a ratio claim holds, does not hold
or is undecided at this precision; an absolute time is this machine against the article's unnamed one."""

from __future__ import annotations

from bench.analyse.claims import Judgement, Verdict, judge
from bench.core import article
from bench.core.results import BenchResult
from bench.render.format import digits_of, factor, percent_change, ratio_phrase, seconds, significant, span

MISSING = "not measured in this run"
WORDS = {Verdict.HOLDS: "holds", Verdict.FAILS: "does not hold", Verdict.UNDECIDED: "⚠ undecided at this precision"}
BOUND = f"{article.NO_PARALLELISM:g}×"


def plain(verdict: Verdict) -> str:
    """A verdict as every page writes it, ⚠ before an undecided one."""
    return WORDS.get(verdict, verdict.value)


def word(verdict: Verdict) -> str:
    return f"**{plain(verdict)}**"


def time_text(data: BenchResult, j: Judgement) -> str:
    c, (f,) = j.claim, j.findings
    if f.value is None:
        return MISSING
    t = f.value
    return (f"{seconds(t.median)} ({span(t.low, t.high, seconds)}): {factor(c.claimed / t.median)} here than the "
            f"article's {c.figure} on a machine it does not name; compared, not judged")


def ratio_text(data: BenchResult, j: Judgement) -> str:
    c, (f,) = j.claim, j.findings
    if f.value is None:
        return MISSING
    size = f.value.estimate / c.claimed
    gap = f"{significant(1 / size)}× smaller" if size < 1 else f"{significant(size)}× larger"
    return (f"{word(f.verdict)}: `{f.measure.denominator}` is {ratio_phrase(f.value)} than `{f.measure.numerator}`, "
            f"a gap {gap} than the article's {c.figure}")


def range_text(data: BenchResult, j: Judgement) -> str | None:
    """Each compiled program against the range; None where none of them ran beside CPython."""
    measured = [f for f in j.findings if f.value is not None]
    if not measured:
        return None
    parts = ", ".join(f"`{f.measure.denominator}` {ratio_phrase(f.value)}" for f in measured)
    for verdict, where in ((Verdict.FAILS, "outside"), (Verdict.UNDECIDED, "across a bound of")):
        which = ", ".join(f"`{f.measure.denominator}`" for f in measured if f.verdict is verdict)
        if which:
            return f"{word(verdict)} for {which}: {parts}, {where} {j.claim.figure}"
    return f"{word(Verdict.HOLDS)}: {parts}, inside {j.claim.figure}"


def gap_text(data: BenchResult, j: Judgement) -> str:
    """Whether the parallel programs' lead over CPython's pool is larger than the serial ones' over CPython, per
    language: the ratio of the two leads, taken within each round, as the change it makes."""
    measured = [f for f in j.findings if f.value is not None]
    if not measured:
        return MISSING
    threads = max(e.threads or 1 for e in data.implementations)
    kinds = {f.verdict for f in measured}
    verdict = word(kinds.pop()) if len(kinds) == 1 else \
        "; ".join(f"{word(f.verdict)} for `{f.measure.denominator}`" for f in measured)
    sizes = [(f"`{f.measure.denominator}`'s", f"`{f.measure.over[1]}`'s",
              percent_change(f.value.estimate, f.value.low, f.value.high)) for f in measured]
    first, *rest = sizes
    return (f"{verdict} at {threads} workers, against CPython's process pool (`{measured[0].measure.numerator}`): "
            f"{first[0]} lead over it differs from {first[1]} lead over CPython by {first[2]}"
            + "".join(f"; {p}, from {s}, by {c}" for p, s, c in rest)
            + ", each lead a ratio of times within each round")


SHORT = f"short of the {BOUND} that real parallelism would need"
SAYS = {
    "gil": {Verdict.HOLDS: SHORT, Verdict.FAILS: f"above {BOUND}", Verdict.UNDECIDED: f"an interval across {BOUND}"},
    "structural": {Verdict.HOLDS: f"{SHORT}, even without the GIL",
                   Verdict.FAILS: f"without the GIL (PEP 703) above {BOUND}: the threads run in parallel",
                   Verdict.UNDECIDED: f"an interval across {BOUND}"},
}
NEEDS = {"structural": "`make free-threaded` builds the CPython they need, or name a free-threaded one "
                       "(`PYTHON_FT=/path/to/python3.14t make bench`)"}


def speedup_text(data: BenchResult, j: Judgement) -> str:
    """A threads program's speedup over its serial version against real parallelism; for a claim tried
    several ways, its one verdict and each way's speedup."""
    if len(j.findings) > 1:
        return fixes_text(data, j)
    c, (f,) = j.claim, j.findings
    twin, name = f.measure.numerator, f.measure.denominator
    if f.verdict is Verdict.NOT_MEASURED:
        why = (data.absent or {}).get(name)
        return f"not measured here: {why}" + (f"; {NEEDS[c.key]}" if c.key in NEEDS else "") if why else MISSING
    threads = data.entry(name).threads or 1
    on = f"on {threads} thread{'s' if threads > 1 else ''}"
    measured = f"`{name}` is {ratio_phrase(f.value)} than `{twin}` {on}"
    if f.verdict is Verdict.ONE_THREAD:
        return f"not checked: {measured}, and one thread cannot run in parallel"
    says = SAYS[c.key][f.verdict]
    if f.verdict is Verdict.HOLDS and f.value.high is not None:
        # A speedup's bound against a speedup's: wholly slower is no speedup at all; else its interval's top.
        v = f.value
        top = ("no speedup at all" if v.high < 1 else
               f"at most {factor(v.high, digits_of(v.estimate, v.low, v.high))} by its interval")
        says = f"{top}, {says}"
    return f"{word(f.verdict)}: {measured}, {says}"


def fixes_text(data: BenchResult, j: Judgement) -> str:
    """Each way of running the loop on several workers in one process that ran, with its speedup, under
    the claim's one verdict; where none ran, why."""
    measured, why = [], []
    for f in j.findings:
        twin, name = f.measure.numerator, f.measure.denominator
        if f.verdict is Verdict.NOT_MEASURED:
            reason = (data.absent or {}).get(name)
            if reason and reason not in why:
                why.append(reason)
            continue
        threads = data.entry(name).threads or 1
        compute = ", compute time" if f.measure.compute else ""
        measured.append(f"`{name}` is {ratio_phrase(f.value)} than `{twin}` on {threads} "
                        f"{'threads' if threads > 1 else 'thread'}{compute}")
    if not measured:
        return ("not measured here: " + "; ".join(why) + f"; {NEEDS[j.claim.key]}") if why else MISSING
    above = [f"`{f.measure.denominator}`" for f in j.findings if f.verdict is Verdict.FAILS]
    says = {Verdict.FAILS: f"{', '.join(above)} above {BOUND}: in parallel, in one process",
            Verdict.HOLDS: f"{'each ' if len(measured) > 1 else ''}{SHORT}",
            Verdict.UNDECIDED: f"none wholly above {BOUND}, and not every one wholly below"}
    return f"{word(j.verdict)}: " + "; ".join(measured) + (f", {says[j.verdict]}" if j.verdict in says else "")


TEXTS = {"python": time_text, "go": time_text, "go-vs-python": ratio_text, "compiled": range_text,
         "parallel-gap": gap_text, "gil": speedup_text, "structural": speedup_text}


def claim_lines(data: BenchResult) -> list[str]:
    """One line per claim, in the article's order."""
    judged = judge(data)
    if judged is None:
        return [f"The article's figures are for LIMIT = {article.LIMIT:,}; this run used {data.limit:,}, so they "
                "are not checked here."]
    return [f"- **{j.claim.says}:** {text}." for j in judged if (text := TEXTS[j.claim.key](data, j))]


def claims_section(data: BenchResult) -> str:
    low, high = article.close_to(1)
    return "\n".join([
        "## The article's claims",
        "",
        *claim_lines(data),
        "",
        f"A ratio claim holds when its whole 95% interval lies within ×{low:.2f}–×{high:.2f} of the article's "
        f"figure (inside {article.COMPILED} for the range, above no change for the leads, below {BOUND} faster for "
        "threads), does not hold when it lies wholly outside, and is ⚠ undecided when it crosses a bound.",
    ])
