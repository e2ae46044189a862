"""The article's claims judged against a bench result, once, for every page that shows them: each
measured figure with its interval, and whether it holds, does not, or is undecided at this precision;
an absolute time is only compared with the article's."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bench.analyse.rounds import RatioSpec, estimate, measurable
from bench.core.article import CLAIMS, GAPS, LIMIT, SERIAL_COST, Claim, Measure
from bench.core.results import BenchResult, Ratio, Timing


class Verdict(Enum):
    HOLDS = "holds"
    FAILS = "does not hold"
    UNDECIDED = "undecided at this precision"
    COMPARED = "compared, not judged"  # an absolute time: the article's machine is not named
    NOT_MEASURED = "not measured"  # a program of the figure did not run
    ONE_THREAD = "not checked"  # a claim about threads, where they ran on one
    NOT_JUDGED = "not judged"  # a compute figure where computing is under a tenth of the run (rounds.SHOWN_FROM)


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


# A claim's one verdict is the first of its findings' in this order: it does not hold where any figure lies
# wholly outside its interval (for "no library can fix it": any speedup wholly at or above the bound), is
# undecided where any crosses a bound, and holds where every figure judged lies inside; a figure not
# measured or not checked counts for neither, and where none is judged, the claim says what they are.
PRECEDENCE = (Verdict.FAILS, Verdict.UNDECIDED, Verdict.HOLDS, Verdict.COMPARED, Verdict.ONE_THREAD,
              Verdict.NOT_MEASURED, Verdict.NOT_JUDGED)


@dataclass(frozen=True)
class Judgement:
    claim: Claim
    findings: tuple[Finding, ...]

    @property
    def verdict(self) -> Verdict:
        found = {f.verdict for f in self.findings}
        return next(v for v in PRECEDENCE if v in found)


def finding(data: BenchResult, claim: Claim, m: Measure) -> Finding:
    if m.denominator is None:
        entry = data.entry(m.numerator)
        value: Timing | Ratio | None = entry.timing if entry else None
    else:
        entry = data.entry(m.denominator)
        value = data.ratio(m.numerator, m.denominator, over=m.over, compute=m.compute)
    if value is None or (claim.threads and entry is None):
        return Finding(m, None, Verdict.NOT_MEASURED)
    if claim.threads and (entry.threads or 1) < 2:
        return Finding(m, value, Verdict.ONE_THREAD)
    if claim.low is None or claim.high is None:
        return Finding(m, value, Verdict.COMPARED)
    rounds = data.session.rounds if data.session else None
    if m.compute and not all(measurable(e.name, e.timing, e.startup, rounds)
                             for e in map(data.entry, (m.numerator, m.denominator)) if e):
        return Finding(m, value, Verdict.NOT_JUDGED)
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


def same_version(data: BenchResult, default: str, free_threaded: str) -> bool:
    """Whether two rows ran the same CPython version, one its default build and one its free-threaded
    build: their recorded versions differ only by the ", free-threaded build" python_ft_info adds."""
    a, b = data.entry(default), data.entry(free_threaded)
    return bool(a and b and a.version and b.version and a.version.split(",")[0] == b.version.split(",")[0])


def serial_cost(data: BenchResult) -> Ratio | None:
    """What free-threading costs one thread: the default build's time over the free-threaded build's of the
    same version (article.SERIAL_COST), within each round (below 1: the free-threaded build is slower);
    None where no such pair ran."""
    return next((r for default, ft in SERIAL_COST
                 if same_version(data, default, ft) and (r := data.ratio(default, ft)) is not None), None)
