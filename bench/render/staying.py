"""The "Staying in Python" section: CPython, PyPy, numba and Cython against C and Go, start-up apart."""

from __future__ import annotations

from bench.analyse.claims import Verdict, within
from bench.core.results import BenchEntry, BenchResult, Ratio, ThreadsResult
from bench.render.format import median_text, ratio_text, seconds
from bench.render.markdown import table

# What the issue that added these rows set as targets, checked against each run's intervals.
NUMBA_VS_C = 1.5  # numba's compute time within this factor of C's
PARALLEL_SPEEDUP = 1.8  # the parallel numba row's compute speedup on 2 cores, at least

WORDS = {Verdict.HOLDS: "met", Verdict.FAILS: "not met", Verdict.UNDECIDED: "undecided at this precision"}


def row(data: BenchResult, e: BenchEntry) -> list[str]:
    cells = [f"`{e.name}`", e.note, seconds(e.startup.median), seconds(e.compute), median_text(e.timing),
             "1×" if e.name == "python" else ratio_text(data.ratio("python", e.name), data.target)
             + (f" on {e.threads} threads" if e.kind == "parallel" else "")]
    if e.kind == "parallel":
        compute = data.ratio(e.twin, e.name, compute=True) if e.twin else None
        return cells + ["—", "—", f"{ratio_text(compute, data.target)} over `{e.twin}` on {e.threads} threads"
                        if compute else "—"]
    return cells + [ratio_text(data.ratio(e.name, other, compute=True), data.target) for other in ("c", "go")] + ["—"]


def verdict(r: Ratio, low: float, high: float) -> str:
    return WORDS[within(r.low, r.high, low, high)]


def target_text(data: BenchResult, threads: ThreadsResult | None) -> list[str]:
    lines = []
    numba = data.ratio("python-numba", "c", compute=True)
    if numba:
        lines.append(f"numba's compute time within {NUMBA_VS_C}× of C's: {ratio_text(numba, data.target)}, "
                     f"{verdict(numba, 0.0, NUMBA_VS_C)}")
    parallel = data.entry("python-numba-parallel")
    speedup = data.ratio("python-numba", "python-numba-parallel", compute=True) if parallel else None
    if parallel and speedup and parallel.threads == 2:
        lines.append(f"the parallel numba row at least {PARALLEL_SPEEDUP}× on 2 cores: "
                     f"{ratio_text(speedup, data.target)} here, {verdict(speedup, PARALLEL_SPEEDUP, float('inf'))}")
    swept = next((e for e in threads.implementations if e.name == "python-numba-parallel"), None) if threads else None
    point = next((p for p in swept.points if p.threads == 2 and p.compute_speedup), None) if swept else None
    if swept and point and point.compute_speedup:
        target = swept.session.settings.target_half_width
        lines.append(f"in the thread sweep at LIMIT={swept.limit or threads.limit:,}, where compute outweighs the "
                     f"compile, {ratio_text(point.compute_speedup, target)}, "
                     f"{verdict(point.compute_speedup, PARALLEL_SPEEDUP, float('inf'))}")
    return lines


def staying_section(data: BenchResult, threads: ThreadsResult | None = None) -> str:
    python = [e for e in data.implementations if e.language == "Python" and not e.variant_of]
    if len(python) < 2:
        return ""
    python.sort(key=lambda e: (e.kind == "parallel", -e.timing.median))
    targets = target_text(data, threads)
    compiled = [f"`{e.name}` {seconds(e.compute)}" for e in data.implementations if e.name in ("c", "go")]
    return "\n".join([
        "## Staying in Python",
        "",
        "Can Python itself get near C and Go without a rewrite? The same function under PyPy's JIT, under "
        "numba's JIT, and compiled ahead of time by Cython, as it is and with type annotations only. "
        + (f"Compute times of the compiled programs: {', '.join(compiled)}." if compiled else ""),
        "",
        table(["Implementation", "What", "Start-up", "Compute", "Median (95% interval)", "Faster than CPython",
               "Compute time / C's", "Compute time / Go's", "Compute speedup"], [row(data, e) for e in python]),
        "",
        f"Start-up is the program at LIMIT={data.settings.startup_limit}: for numba it includes importing numba and "
        "compiling the function, which every run pays because the rows do not use numba's on-disk cache (the "
        "cold case: what a run costs without a compiled copy kept from an earlier one); Cython compiles at build "
        "time, so its start-up is the interpreter's and the module's import. Compute = median − start-up. The "
        "compute columns are taken within each round (each program less its own start-up run of the same "
        "round), so numba's compile at start does not count against its loop; PyPy compiles while the loop "
        "runs, so its compile stays in its compute. The parallel rows show their compute speedup over their "
        "serial twin instead.",
        *(["", "**Targets:** " + "; ".join(targets) + "."] if targets else []),
    ])
