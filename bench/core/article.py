"""The article's claims, as data: what each says, at which LIMIT, what is measured for it, and the
interval a measured figure must lie in for the claim to hold. The article's absolute times are for a
machine it does not name: they are shown against this machine's, never judged."""

from __future__ import annotations

import math
from dataclasses import dataclass

LIMIT = 1_000_000  # every figure of the article is for this LIMIT
PYTHON_S = 4.2  # pure Python takes ~4.2 s
GO_S = 0.15  # Go takes ~0.15 s
GO_VS_PYTHON = 28  # so Go is ~28x faster
COMPILED_RANGE = (10, 40)  # compiled code is 10-40x faster than pure Python
# A measured ratio "holds" when it lies within this factor of the article's: machines differ, and the
# article names none.
CLOSE_ENOUGH = 1.25
# "With parallelism the difference would be even larger": the parallel programs' gap against the
# serial programs' gap, for each compiled language.
GAPS = (
    (("python-multiprocessing", "c-openmp"), ("python", "c")),
    (("python-multiprocessing", "go-goroutines"), ("python", "go")),
)
# "Python has the GIL ... even if you use threads, only one thread executes Python code at a time ...
# for CPU work, Python threads don't give you real parallelism": the python program on threads
# (serial twin, threads), its speedup over the python program taken within each round. A speedup
# whose whole interval lies below this bound is no real parallelism, one wholly above it is.
NO_PARALLELISM = 1.25
GIL_THREADS = ("python", "python-threads")
# "The GIL is a structural limitation that libraries cannot fix": the same threads under a
# free-threaded CPython (PEP 703), against that build on one thread. FIXES (below) holds every way
# the claim is tried.
FREE_THREADED = ("python-ft", "python-ft-threads")
# The same binary and the same threads with PYTHON_GIL=1, against that build on one thread: the A/B of
# the GIL in one interpreter, shown beside FIXES and not part of it.
GIL_AB = ("python-ft", "python-ft-threads-gil")
# What free-threading costs one thread: the default build of the free-threaded one's version, against
# it (the pair whose versions match is shown; claims.serial_cost).
SERIAL_COST = (("python-3.13", "python-ft"), ("python-3.14", "python-ft"))
# The rows that try the GIL claims beyond the first table: what they add to a round grows make bench's
# default budget in proportion (measure.bench), so that the first table keeps its rounds.
GIL_STUDY = ("python-ft", "python-ft-threads", "python-ft-threads-gil", "python-3.13", "python-subinterpreters",
             "python-3.14", "python-subinterpreters-3.14", "python-numba-threads")


# The programs of every host page's first table, each against CPython and each parallel one against
# its serial version: the article's languages, their parallel versions, and PyPy. make bench's rounds
# go on until these ratios and the claims' are precise.
CPYTHON = "python"  # the program every "× faster than CPython" is measured against
ANSWER = ("c", "c-openmp", "go", "go-goroutines", "python", "python-multiprocessing", "python-threads", "pypy")


@dataclass(frozen=True)
class Measure:
    """A program's median time (no denominator), or numerator / denominator taken within each round,
    divided by over[0] / over[1] of the same round where `over` is given; of compute times where `compute`."""

    numerator: str
    denominator: str | None = None
    over: tuple[str, str] | None = None
    compute: bool = False  # each side less its start-up within the round (numba compiles at every start)


@dataclass(frozen=True)
class Claim:
    """One claim: the article's words and figure, the cross-machine page's heading for it, what is
    measured for it, and the interval [low, high] each measured figure must lie in (none for an absolute
    time, which is compared, not judged). A claim about threads is judged only where they ran on two
    threads or more. Each figure gets its own verdict; the claim's (claims.Judgement.verdict) does not
    hold where any figure lies wholly outside the interval, holds where every figure measured lies
    inside it, and is undecided otherwise. A claim `whole` is shown by that one verdict, with each figure
    beside it, rather than by each figure's."""

    key: str
    says: str
    figure: str
    heading: str
    measures: tuple[Measure, ...]
    low: float | None
    high: float | None
    claimed: float | None = None
    threads: bool = False
    whole: bool = False


def close_to(claimed: float) -> tuple[float, float]:
    """The interval a figure of the article's is taken to hold in."""
    return claimed / CLOSE_ENOUGH, claimed * CLOSE_ENOUGH


# "No library can fix it", tried every way one process runs the article's loop on two workers at once,
# each against its serial version: threads without the GIL; interpreters each with its own GIL (PEP 684,
# PEP 734: the backport on 3.13, the standard library's from 3.14); numba's compiled function, which lets
# go of the GIL, on plain Python threads (nogil=True) and on numba's own (prange), on compute time as
# numba's rows are. Where any is wholly at or above NO_PARALLELISM faster, the claim does not hold.
FIXES = (
    Measure(*FREE_THREADED),
    Measure("python-3.13", "python-subinterpreters"),
    Measure("python-3.14", "python-subinterpreters-3.14"),
    Measure("python-numba", "python-numba-threads", compute=True),
    Measure("python-numba", "python-numba-parallel", compute=True),
)

COMPILED = "{}–{}×".format(*COMPILED_RANGE)
CLAIMS = (
    Claim("python", f"CPython takes ~{PYTHON_S:g} s", f"{PYTHON_S:g} s", f"CPython ~{PYTHON_S:g} s",
          (Measure("python"),), None, None, claimed=PYTHON_S),
    Claim("go", f"Go takes ~{GO_S:g} s", f"{GO_S:g} s", f"Go ~{GO_S:g} s", (Measure("go"),), None, None,
          claimed=GO_S),
    Claim("go-vs-python", f"Go is ~{GO_VS_PYTHON}× faster than Python", f"{GO_VS_PYTHON}×",
          f"Go ~{GO_VS_PYTHON}× faster", (Measure("python", "go"),), *close_to(GO_VS_PYTHON), claimed=GO_VS_PYTHON),
    Claim("compiled", f"Compiled code is {COMPILED} faster than pure Python", COMPILED, f"Compiled {COMPILED} (C, Go)",
          (Measure("python", "c"), Measure("python", "go")), *COMPILED_RANGE),
    Claim("parallel-gap", "With parallelism the difference would be even larger", "larger gap",
          "Parallel lead larger (C, Go)", tuple(Measure(*parallel, over=serial) for parallel, serial in GAPS),
          1.0, math.inf),
    Claim("gil", "Python threads give no CPU parallelism (the GIL)", "no real parallelism",
          "Threads no parallelism (GIL)", (Measure(*GIL_THREADS),), 0.0, NO_PARALLELISM, threads=True),
    Claim("structural", "No library can fix it (the GIL is structural)", "structural",
          "GIL structural (no library fix)", FIXES, 0.0, NO_PARALLELISM, threads=True, whole=True),
)


def steering(impls: dict[str, str | None]) -> set[tuple[str, str, tuple[str, str] | None, bool]]:
    """The ratios (numerator, denominator, over, compute) that make bench's rounds go on for, of the
    programs given (name: its serial version, or None): the first table's, the claims', the GIL's A/B in
    one interpreter and the serial cost of free-threading."""
    wanted: set[tuple[str, str, tuple[str, str] | None, bool]] = set()
    for name in ANSWER:
        if name in impls:
            wanted.add(("python", name, None, False))
            if impls[name]:
                wanted.add((impls[name], name, None, False))
    for claim in CLAIMS:
        wanted |= {(m.numerator, m.denominator, m.over, m.compute) for m in claim.measures if m.denominator}
    wanted |= {(numerator, denominator, None, False) for numerator, denominator in (GIL_AB, *SERIAL_COST)}
    return wanted
