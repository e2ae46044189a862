"""The article's claims judged against a bench result, once, for every page that shows them: each
measured figure with its interval, and whether it holds, does not, or is undecided at this precision;
an absolute time is only compared with the article's."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bench.analyse.rounds import RatioSpec, estimate
from bench.core.article import CLAIMS, GAPS, LIMIT, Claim, Measure
from bench.core.results import BenchResult, Ratio, Timing


class Verdict(Enum):
    HOLDS = "holds"
    FAILS = "does not hold"
    UNDECIDED = "undecided at this precision"
    COMPARED = "compared, not judged"  # an absolute time: the article's machine is not named
    NOT_MEASURED = "not measured"  # a program of the figure did not run
    ONE_THREAD = "not checked"  # a claim about threads, where they ran on one


def within(low: float | None, high: float | None, lowest: float, highest: float) -> Verdict:
    """Whether a measured interval lies inside [lowest, highest] (HOLDS), wholly outside it (FAILS), or
    crosses a bound or is unbounded (UNDECIDED)."""
    if low is None or high is None:
        return Verdict.UNDECIDED
    if lowest <= low and high <= highest:
        return Verdict.HOLDS
    if high < lowest or low > highest:
        return Verdict.FAILS
    return Verdict.UNDECIDED


@dataclass(frozen=True)
class Finding:
    """One measured figure of a claim: the timing or ratio (None where it was not measured), and its verdict."""

    measure: Measure
    value: Timing | Ratio | None
    verdict: Verdict


@dataclass(frozen=True)
class Judgement:
    claim: Claim
    findings: tuple[Finding, ...]

    @property
    def verdict(self) -> Verdict:
        """The claim's verdict over its findings: the one they share, else NOT_MEASURED where none was
        measured, FAILS where any fails, UNDECIDED where any is undecided, and HOLDS for the rest."""
        kinds = {f.verdict for f in self.findings}
        if len(kinds) == 1:
            return kinds.pop()
        measured = kinds - {Verdict.NOT_MEASURED, Verdict.ONE_THREAD}
        for verdict in (Verdict.FAILS, Verdict.UNDECIDED, Verdict.HOLDS, Verdict.COMPARED):
            if verdict in measured:
                return verdict
        return Verdict.NOT_MEASURED


def finding(data: BenchResult, claim: Claim, m: Measure) -> Finding:
    if m.denominator is None:
        entry = data.entry(m.numerator)
        value: Timing | Ratio | None = entry.timing if entry else None
    else:
        entry = data.entry(m.denominator)
        value = data.ratio(m.numerator, m.denominator, over=m.over)
    if value is None or (claim.threads and entry is None):
        return Finding(m, None, Verdict.NOT_MEASURED)
    if claim.threads and entry is not None and (entry.threads or 1) < 2:
        return Finding(m, value, Verdict.ONE_THREAD)
    if claim.low is None or claim.high is None:
        return Finding(m, value, Verdict.COMPARED)
    return Finding(m, value, within(value.low, value.high, claim.low, claim.high))


def judge(data: BenchResult) -> list[Judgement] | None:
    """Every claim of the article, in its order, judged on data; None where data is not at the
    article's LIMIT, so that none of its figures can be checked."""
    if data.limit != LIMIT:
        return None
    return [Judgement(c, tuple(finding(data, c, m) for m in c.measures)) for c in CLAIMS]


@dataclass(frozen=True)
class Lead:
    """The parallelism claim's two gaps side by side, each taken within the rounds: a parallel program
    against CPython's process pool, its serial program against CPython, and the change between them."""

    parallel: str
    serial: str
    pool: Ratio  # the pool's time / the parallel program's
    serial_lead: Ratio  # CPython's time / the serial program's
    change: Ratio


def leads(data: BenchResult) -> list[Lead]:
    """Each parallel program's lead over CPython's process pool beside its serial program's over CPython."""
    found = []
    for (pool, parallel), (python, serial) in GAPS:
        change, serial_lead = data.ratio(pool, parallel, over=(python, serial)), data.ratio(python, serial)
        if change is None or serial_lead is None:
            continue
        ratio = estimate(RatioSpec(pool, parallel), data.session.rounds, change.confidence)
        found.append(Lead(parallel, serial, ratio, serial_lead, change))
    return found
