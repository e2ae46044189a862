"""The "Staying in Python" section: CPython, PyPy, numba and Cython against C and Go, start-up apart."""

from __future__ import annotations

from bench.analyse.verdicts import FAILS, HOLDS, claim_verdict
from bench.core.results import BenchEntry, BenchResult
from bench.render.format import median_text, ratio_text, seconds
from bench.render.markdown import table

# What the issue that added these rows set as targets, checked against each run's intervals.
NUMBA_VS_C = 1.5  # numba's compute time within this factor of C's
PARALLEL_SPEEDUP = 1.8  # the parallel numba row's compute speedup on 2 cores, at least

WORDS = {HOLDS: "met", FAILS: "not met"}


def row(data: BenchResult, e: BenchEntry) -> list[str]:
    cells = [f"`{e.name}`", e.note, seconds(e.startup.median), seconds(e.compute), median_text(e.timing),
             "1×" if e.name == "python" else ratio_text(data.ratio("python", e.name), data.target)]
    if e.kind == "parallel":
        compute = data.ratio(e.twin, e.name, compute=True) if e.twin else None
        return cells + [f"{ratio_text(compute, data.target)} over `{e.twin}` on {e.threads} threads" if compute
                        else "—", "—"]
    return cells + [ratio_text(data.ratio(e.name, other, compute=True), data.target) for other in ("c", "go")]


def target_text(data: BenchResult) -> list[str]:
    lines = []
    numba = data.ratio("python-numba", "c", compute=True)
    if numba:
        verdict = WORDS.get(claim_verdict(numba.low, numba.high, 0.0, NUMBA_VS_C), "undecided at this precision")
        lines.append(f"numba's compute time within {NUMBA_VS_C}× of C's: {ratio_text(numba, data.target)}, {verdict}")
    parallel = data.entry("python-numba-parallel")
    speedup = data.ratio("python-numba", "python-numba-parallel", compute=True) if parallel else None
    if parallel and speedup and parallel.threads == 2:
        verdict = WORDS.get(claim_verdict(speedup.low, speedup.high, PARALLEL_SPEEDUP, float("inf")),
                            "undecided at this precision")
        lines.append(f"the parallel numba row at least {PARALLEL_SPEEDUP}× on 2 cores: "
                     f"{ratio_text(speedup, data.target)}, {verdict}")
    return lines


def staying_section(data: BenchResult) -> str:
    python = [e for e in data.implementations if e.language == "Python" and not e.variant_of]
    if len(python) < 2:
        return ""
    python.sort(key=lambda e: (e.kind == "parallel", -e.timing.median))
    targets = target_text(data)
    compiled = [f"`{e.name}` {seconds(e.compute)}" for e in data.implementations if e.name in ("c", "go")]
    return "\n".join([
        "## Staying in Python",
        "",
        "Can Python itself get near C and Go without a rewrite? The same function under PyPy's JIT, under "
        "numba's JIT, and compiled ahead of time by Cython, as it is and with type annotations only. "
        + (f"Compute times of the compiled programs: {', '.join(compiled)}." if compiled else ""),
        "",
        table(["Implementation", "What", "Start-up", "Compute", "Median (95% interval)", "Faster than CPython",
               "Compute time / C's", "Compute time / Go's"], [row(data, e) for e in python]),
        "",
        f"Start-up is the program at LIMIT={data.settings.startup_limit}: for numba it includes importing numba and "
        "compiling the function, which every run pays because the rows do not use numba's on-disk cache (a first "
        "run on a machine, the cold case); Cython compiles at build time, so its start-up is the interpreter's "
        "and the module's import. Compute = median − start-up. The two right-hand columns are compute times "
        "taken within each round (each program less its own start-up run of the same round), so a JIT's "
        "compile does not count against its loop; the parallel rows show their compute speedup instead.",
        *(["", "**Targets:** " + "; ".join(targets) + "."] if targets else []),
    ])
