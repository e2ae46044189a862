"""The article's claims, as data: what each says, what is measured for it, and the interval a figure must lie
in for it to hold. Its absolute times are for a machine it does not name: shown beside this one's, not judged."""

from __future__ import annotations

import math
from dataclasses import dataclass

LIMIT = 1_000_000  # every figure of the article is for this LIMIT
PYTHON_S, GO_S, GO_VS_PYTHON = 4.2, 0.15, 28  # CPython ~4.2 s, Go ~0.15 s, so Go is ~28x faster
COMPILED_RANGE = (10, 40)  # compiled code is 10-40x faster than pure Python
CLOSE_ENOUGH = 1.25  # a measured ratio holds within this factor of the article's: it names no machine
# "With parallelism the difference would be even larger": each parallel program's gap, over its serial one's.
GAPS = ((("python-multiprocessing", "c-openmp"), ("python", "c")),
        (("python-multiprocessing", "go-goroutines"), ("python", "go")))
# "Even if you use threads, only one thread executes Python code at a time": the python program on threads
# against itself serial, within each round. A speedup wholly below NO_PARALLELISM is no real parallelism.
NO_PARALLELISM = 1.25
GIL_THREADS = ("python", "python-threads")
FREE_THREADED = ("python-ft", "python-ft-threads")  # the same threads without the GIL (PEP 703)
GIL_AB = ("python-ft", "python-ft-threads-gil")  # and with PYTHON_GIL=1: shown beside FIXES, not part of it
# What free-threading costs one thread: the default build of its version against it (claims.serial_cost).
SERIAL_COST = (("python-3.13", "python-ft"), ("python-3.14", "python-ft"))
# The rows that try the GIL claims beyond the first table: make bench's default budget grows with them.
GIL_STUDY = ("python-ft", "python-ft-threads", "python-ft-threads-gil", "python-3.13", "python-subinterpreters",
             "python-3.14", "python-subinterpreters-3.14", "python-numba-threads")
CPYTHON = "python"  # the program every "× faster than CPython" is measured against
# Every host page's first table, each against CPython and each parallel one against its serial version.
# Below this LIMIT the compiled loops take well under a millisecond, start-up is most of every run, and a compute
# time is noise: make bench takes no compute ratios.
COMPUTE_LIMIT = 100_000
ANSWER = ("c", "c-openmp", "go", "go-goroutines", "python", "python-multiprocessing", "python-threads", "pypy")


@dataclass(frozen=True)
class Measure:
    """A program's median time (no denominator), or numerator / denominator taken within each round,
    divided by over[0] / over[1] of the same round where `over` is given; of compute times where `compute`
    (each side less its start-up within the round: numba compiles at every start)."""

    numerator: str
    denominator: str | None = None
    over: tuple[str, str] | None = None
    compute: bool = False


@dataclass(frozen=True)
class Claim:
    """One claim: the article's words, the cross-machine page's heading, what is measured, and the interval
    [low, high] each figure must lie in (none for an absolute time). A claim about threads is judged only
    where they ran on two threads or more."""

    key: str
    says: str
    heading: str
    measures: tuple[Measure, ...]
    low: float | None = None
    high: float | None = None
    threads: bool = False


def close_to(claimed: float) -> tuple[float, float]:
    """The interval a figure of the article's is taken to hold in."""
    return claimed / CLOSE_ENOUGH, claimed * CLOSE_ENOUGH


# "No library can fix it", tried every way one process runs the loop on two workers at once, each against
# its serial version: threads without the GIL; interpreters each with its own GIL (PEP 684, 734: the backport
# on 3.13, the standard library's from 3.14); numba's function, which lets go of the GIL, on Python threads
# and on numba's own (prange), on compute time. Where any is wholly at or above NO_PARALLELISM, it does not hold.
FIXES = (Measure(*FREE_THREADED), Measure("python-3.13", "python-subinterpreters"),
         Measure("python-3.14", "python-subinterpreters-3.14"),
         Measure("python-numba", "python-numba-threads", compute=True),
         Measure("python-numba", "python-numba-parallel", compute=True))
COMPILED = "{}–{}×".format(*COMPILED_RANGE)
CLAIMS = (
    Claim("python", f"CPython takes ~{PYTHON_S:g} s", f"CPython ~{PYTHON_S:g} s", (Measure("python"),)),
    Claim("go", f"Go takes ~{GO_S:g} s", f"Go ~{GO_S:g} s", (Measure("go"),)),
    Claim("go-vs-python", f"Go is ~{GO_VS_PYTHON}× faster than Python", f"Go ~{GO_VS_PYTHON}× faster",
          (Measure("python", "go"),), *close_to(GO_VS_PYTHON)),
    Claim("compiled", f"Compiled code is {COMPILED} faster than pure Python", f"Compiled {COMPILED} (C, Go)",
          (Measure("python", "c"), Measure("python", "go")), *COMPILED_RANGE),
    Claim("parallel-gap", "With parallelism the difference would be even larger", "Parallel lead larger (C, Go)",
          tuple(Measure(*parallel, over=serial) for parallel, serial in GAPS), 1.0, math.inf),
    Claim("gil", "Python threads give no CPU parallelism (the GIL)", "Threads no parallelism (GIL)",
          (Measure(*GIL_THREADS),), 0.0, NO_PARALLELISM, threads=True),
    Claim("structural", "No library can fix it (the GIL is structural)", "GIL structural (no library fix)", FIXES,
          0.0, NO_PARALLELISM, threads=True),
)


def steering(impls: dict[str, str | None]) -> set[tuple[str, str, tuple[str, str] | None, bool]]:
    """The ratios (numerator, denominator, over, compute) make bench's rounds go on for, of the programs given
    (name: its serial version, or None): the first table's, the claims', GIL_AB and SERIAL_COST."""
    wanted = {(m.numerator, m.denominator, m.over, m.compute) for c in CLAIMS for m in c.measures if m.denominator}
    wanted |= {(numerator, denominator, None, False) for numerator, denominator in (GIL_AB, *SERIAL_COST)}
    for name in (n for n in ANSWER if n in impls):
        wanted |= {("python", name, None, False)} | ({(impls[name], name, None, False)} if impls[name] else set())
    return wanted


def required(impls: dict[str, str | None], limit: int) -> set[tuple[str, str, tuple[str, str] | None, bool]]:
    """The steering ratios of two programs both given (and of the programs `over` names), compute ones from
    COMPUTE_LIMIT up: those a file of these programs at limit must hold, which make bench always asks."""
    return {key for key in steering(impls) if key[0] != key[1] and {*key[:2], *(key[2] or ())} <= set(impls)
            and (limit >= COMPUTE_LIMIT or not key[3])}
