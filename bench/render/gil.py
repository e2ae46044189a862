"""The "Python threads and the GIL" section: what the GIL is, which rows show it, and how to measure
the free-threaded rows where they could not run."""

from __future__ import annotations

from bench.core import article
from bench.core.results import BenchResult
from bench.render.format import ratio_text

HOW_TO_GET = ("`uv python install 3.14t`, `pyenv install 3.14t`, the free-threaded option of python.org's "
              "macOS and Windows installers, `dnf install python3.14-freethreading` on Fedora, or "
              "`python3.14-nogil` from the deadsnakes PPA on Ubuntu")
HOW_TO_USE = ("`PYTHON_FT=/path/to/python3.14t make bench` (or `make bench` with `python3.14t` or `python3.13t` "
              "on PATH); the rows are measured only where the build is free-threaded (`Py_GIL_DISABLED=1`) and "
              "its GIL is off at run time (`sys._is_gil_enabled()` false, so `PYTHON_GIL` must not turn it back on)")


def names_text(names: list[str]) -> str:
    quoted = [f"`{n}`" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def missing_text(data: BenchResult, names: tuple[str, ...]) -> str:
    """Why the programs named are not on this page: each reason recorded, with the programs it kept out,
    then those that were simply not run."""
    missing = [n for n in names if data.entry(n) is None]
    reasons: dict[str, list[str]] = {}
    for name in missing:
        if name in (data.absent or {}):
            reasons.setdefault((data.absent or {})[name], []).append(name)
    unrun = [n for n in missing if n not in (data.absent or {})]
    parts = [f"**Not measured here:** {names_text(kept)}, {why}." for why, kept in reasons.items()]
    if unrun:
        parts.append(f"{names_text(unrun)} {'were' if len(unrun) > 1 else 'was'} not part of this run.")
    return " ".join(parts)


def free_threaded_text(data: BenchResult) -> str:
    """The interpreter the free-threaded rows ran under, as recorded."""
    e = next((e for e in map(data.entry, article.FREE_THREADED) if e), None)
    if e is None:
        return ""
    serial, _ = article.FREE_THREADED
    python = article.GIL_THREADS[0]
    cost = data.ratio(serial, python)
    return (f"Here the free-threaded rows ran under {e.version or 'a free-threaded CPython'}"
            + (f", checked before the run by `python/python_ft_info.py --flags`: {e.flags}" if e.flags else "") + "."
            + (f" On one thread `{serial}` takes {ratio_text(cost, data.target)} the time of `{python}`, within "
               "each round: what the free-threaded build costs a single thread." if cost else ""))


def gil_section(data: BenchResult) -> str:
    """The section, where the suite's CPython was measured."""
    twin, threads = article.GIL_THREADS
    if data.entry(twin) is None:
        return ""
    serial_ft, threads_ft = article.FREE_THREADED
    here = free_threaded_text(data)
    return "\n".join([
        "## Python threads and the GIL",
        "",
        "CPython's global interpreter lock (the GIL) lets only one thread at a time run Python code, so threads "
        "take turns at a CPU-bound loop instead of sharing it. "
        f"`{threads}` runs the `{twin}` program's function on threads under the suite's CPython: its speedup over "
        f"`{twin}` is what threads buy with the GIL. `{serial_ft}` and `{threads_ft}` run the same two programs "
        "under a free-threaded CPython (PEP 703: built without the GIL; experimental in 3.13, supported from 3.14): "
        "what that build costs one thread, and what threads buy without the GIL. The two claims above about the "
        "GIL are judged from these rows.",
        "",
        " ".join(filter(None, [missing_text(data, (threads, serial_ft, threads_ft)), here]))
        + f" To measure the free-threaded rows{' on another machine' if here else ''}, install a free-threaded "
        f"CPython ({HOW_TO_GET}) and run {HOW_TO_USE}.",
    ])
