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
