"""The free-threaded CPython rows (PEP 703): what they ran under, or how to measure them where they could not."""

from __future__ import annotations

from bench.core import article
from bench.core.results import BenchResult
from bench.render.format import ratio_phrase

HOW_TO_GET = ("`uv python install 3.14t`, `pyenv install 3.14t`, the free-threaded option of python.org's "
              "macOS and Windows installers, `dnf install python3.14-freethreading` on Fedora, or "
              "`python3.14-nogil` from the deadsnakes PPA on Ubuntu")
HOW_TO_USE = ("`PYTHON_FT=/path/to/python3.14t make bench` (or `make bench` with `python3.14t` or `python3.13t` "
              "on PATH); the rows are measured only where the build is free-threaded (`Py_GIL_DISABLED=1`) and "
              "its GIL is off at run time (`sys._is_gil_enabled()` false, so `PYTHON_GIL` must not turn it back on)")


def free_threaded_note(data: BenchResult) -> str:
    """What the free-threaded rows ran under and what that build costs one thread, or how to measure them."""
    python = article.GIL_THREADS[0]
    if data.entry(python) is None:
        return ""
    serial, threads = article.FREE_THREADED
    e = next((e for e in map(data.entry, article.FREE_THREADED) if e), None)
    how = (f"to measure `{serial}` and `{threads}` (the same programs without the GIL, PEP 703), install one "
           f"({HOW_TO_GET}) and run {HOW_TO_USE}.")
    if e is None:
        return how[0].upper() + how[1:]
    cost = data.ratio(serial, python)
    return (f"the free-threaded rows ran under {e.version or 'a free-threaded CPython'}"
            + (f", checked before the run by `python/python_ft_info.py --flags`: {e.flags}" if e.flags else "")
            + (f"; on one thread `{serial}` is {ratio_phrase(cost, serial)} than `{python}`, within each round: "
               "what the free-threaded build costs a single thread" if cost else "") + f". On another machine, {how}")
