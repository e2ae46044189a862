"""The article's claims, as numbers: what it says, at which LIMIT, and which programs each compares."""

from __future__ import annotations

LIMIT = 1_000_000  # every figure of the article is for this LIMIT
PYTHON_S = 4.2  # pure Python takes ~4.2 s
GO_S = 0.15  # Go takes ~0.15 s
GO_VS_PYTHON = 28  # so Go is ~28x faster
COMPILED_RANGE = (10, 40)  # compiled code is 10-40x faster than pure Python
# A measured figure "holds" when it lies within this factor of the article's: machines differ, and the
# article names none.
CLOSE_ENOUGH = 1.25
# "With parallelism the difference would be even larger": the parallel programs' gap against the
# serial programs' gap, for each compiled language.
GAPS = (
    (("python-multiprocessing", "go-goroutines"), ("python", "go")),
    (("python-multiprocessing", "c-openmp"), ("python", "c")),
)
# "Python has the GIL ... even if you use threads, only one thread executes Python code at a time ...
# for CPU work, Python threads don't give you real parallelism": the python program on threads
# (serial twin, threads), its speedup over the python program taken within each round. A speedup
# whose whole interval lies below this bound is no real parallelism, one wholly above it is.
NO_PARALLELISM = 1.25
GIL_THREADS = ("python", "python-threads")
# "The GIL is a structural limitation that libraries cannot fix": the same threads under a
# free-threaded CPython (PEP 703), against that build on one thread (the verdict) and against the
# suite's CPython.
FREE_THREADED = ("python-ft", "python-ft-threads")
