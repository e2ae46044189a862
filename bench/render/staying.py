"""The "Staying in Python" section: CPython, PyPy, numba and Cython against C and Go, start-up apart."""

from __future__ import annotations

import math
import statistics

from bench.analyse.claims import Verdict, within
from bench.analyse.intervals import least_bounded
from bench.core.results import BenchEntry, BenchResult, Ratio, ThreadsResult
from bench.render.costs import SHOWN_FROM, compute_of, measurable
from bench.render.format import is_wide, ms, ratio_phrase, table

# What the issue that added these rows set as targets, checked against each run's intervals.
NUMBA_VS_C = 1.5  # numba's compute time within this factor of C's
PARALLEL_SPEEDUP = 1.8  # the parallel numba row's compute speedup on 2 cores, at least

WORDS = {Verdict.HOLDS: "met", Verdict.FAILS: "not met", Verdict.UNDECIDED: "⚠ undecided at this precision"}


def row(data: BenchResult, e: BenchEntry) -> list[str]:
    shown = measurable(data, e)
    cells = [f"`{e.name}`", str(e.threads or 1), e.note, ms(e.startup.median),
             ms(compute_of(data, e)) if shown else "—", ms(e.timing.median),
             "(CPython itself)" if e.name == "python" else ratio_phrase(data.ratio("python", e.name))]
    if e.kind == "parallel":
        compute = data.ratio(e.twin, e.name, compute=True) if e.twin and shown else None
        return cells + ["—", "—", ratio_phrase(compute) if compute else "—"]
    return cells + [ratio_phrase(data.ratio(e.name, other, compute=True), e.name) if shown else "—"
                    for other in ("c", "go")] + ["—"]


def verdict(r: Ratio, low: float, high: float) -> str:
    """The target's verdict by the ratio's interval; one that is wide is said to be, so that a verdict
    and a ⚠ never stand side by side unexplained."""
    judged = within(r.low, r.high, low, high)
    wide = is_wide(r) and judged is not Verdict.UNDECIDED
    return WORDS[judged] + (", though the interval is too wide to say by how much" if wide else "")


def target_text(data: BenchResult, threads: ThreadsResult | None) -> list[str]:
    lines = []
    numba, serial = data.ratio("python-numba", "c", compute=True), data.entry("python-numba")
    if numba and serial:
        judged = (f"{ratio_phrase(numba, 'python-numba')}, {verdict(numba, 0.0, NUMBA_VS_C)}"
                  if measurable(data, serial) else "not judged at this LIMIT (its compute time reads —)")
        lines.append(f"numba's compute time within {NUMBA_VS_C}× of C's: {judged}")
    parallel = data.entry("python-numba-parallel")
    speedup = data.ratio("python-numba", "python-numba-parallel", compute=True) if parallel else None
    if parallel and speedup and parallel.threads == 2:
        judged = (f"{ratio_phrase(speedup)} here, {verdict(speedup, PARALLEL_SPEEDUP, float('inf'))}"
                  if measurable(data, parallel) else "not judged at this LIMIT (its compute time reads —)")
        lines.append(f"the parallel numba row's compute speedup at least {PARALLEL_SPEEDUP}× on 2 cores: {judged}")
    swept = next((e for e in threads.implementations if e.name == "python-numba-parallel"), None) if threads else None
    point = next((p for p in swept.points if p.threads == 2 and p.compute_speedup), None) if swept else None
    if swept and point and point.compute_speedup:
        lines.append(f"in the thread sweep (`make scaling`) at LIMIT={swept.limit or threads.limit:,}, where compute "
                     f"outweighs the compile, {ratio_phrase(point.compute_speedup)}, "
                     f"{verdict(point.compute_speedup, PARALLEL_SPEEDUP, float('inf'))}")
    return lines


def few_rounds_text(data: BenchResult, ratios: list[Ratio | None]) -> str:
    """Why ratios are unbounded where they had fewer rounds than can bound an interval: the rounds went on
    for the first screen first, and a round of every program is long here; the budget that would give
    them enough."""
    confidence, share = data.session.settings.confidence, data.session.settings.full_share
    least = least_bounded(confidence)
    unbounded = list({id(r): r for r in ratios if r and r.half_width is None}.values())
    short = [r for r in unbounded if r.rounds < least]
    rounds = data.session.rounds
    if not short or not rounds:
        return ""
    most = max(len(r.order) for r in rounds)
    full = statistics.median(r.seconds for r in rounds if len(r.order) == most)
    text = (f" {len(short)} *unbounded* ratio(s) of this table had {counted(short)} rounds: too few, as a rule, to "
            f"bound a {confidence:.0%} interval ({least} are needed where neighbouring rounds are unrelated). The "
            "rounds go on for the first screen's ratios first, and a round of every program took "
            f"{full:.0f} s on this machine")
    if share:
        budget = math.ceil(least * full / share / 50) * 50
        text += (f"; `make bench BUDGET={budget}` (seconds) leaves room for {least} such rounds in the "
                 f"{share:.0%} of the budget that rounds beyond the first screen's may take")
    drifted = [r for r in unbounded if r.rounds >= least]
    return text + (f". {len(drifted)} more had {counted(drifted)} rounds, enough where rounds are uncorrelated, but "
                   "theirs moved together from one round to the next (drift), which widens an interval; the "
                   "precision table has each." if drifted else ".")


def counted(ratios: list[Ratio]) -> str:
    """'5–7': the fewest and the most rounds of the ratios."""
    fewest, most = min(r.rounds for r in ratios), max(r.rounds for r in ratios)
    return f"{fewest}" if fewest == most else f"{fewest}–{most}"


def staying_section(data: BenchResult, threads: ThreadsResult | None = None) -> str:
    # The parallel rows of CPython itself are on the first screen; numba's parallel row is only here.
    python = [e for e in data.implementations if e.language == "Python" and not e.variant_of
              and not (e.kind == "parallel" and e.twin == "python")]
    if len(python) < 2:
        return ""
    python.sort(key=lambda e: (e.kind == "parallel", -e.timing.median))
    targets = target_text(data, threads)
    return "\n".join([
        "## Staying in Python",
        "",
        table(["program", "workers", "what", "start-up [ms]", "compute [ms]", "median [ms]",
               "× faster than CPython (95% interval)", "compute against `c`'s", "compute against `go`'s",
               "compute speedup over its serial version"], [row(data, e) for e in python]),
        "",
        "Can Python itself get near C and Go without a rewrite? The same function under PyPy's JIT, under "
        "numba's JIT, and compiled ahead of time by Cython, as it is and with type annotations only. "
        f"*Start-up* is the program's run at LIMIT={data.settings.startup_limit}: for numba it includes importing "
        "numba and compiling the function, which every run pays (no on-disk cache: the cold case); Cython compiles "
        "at build time. *Compute time* is the time minus start-up; the compute columns take each program less its "
        "own start-up run of the same round "
        "(the compute column is the median of those differences), so numba's compile at start does not count "
        "against its loop, while "
        "PyPy's JIT compiles during the loop and stays in its compute."
        + (f" A compute time reads — where computing is under {SHOWN_FROM:.0%} of the run (a JIT's compile at "
           "start is the rest): it is then the difference of two nearly equal times and says nothing at this LIMIT."
           if any(not measurable(data, e) for e in python) else "")
        + few_rounds_text(data, [data.ratio("python", e.name) for e in python]
                          + [data.ratio(e.name, o, compute=True) for e in python if measurable(data, e)
                             for o in ("c", "go")])
        + (" **Targets:** " + "; ".join(targets) + "." if targets else ""),
    ])
