"""The "Staying in Python" section, what placement buys, and rows that could not run here."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

from bench.core.results import BenchResult, Ratio, ThreadsResult, load
from bench.render.primes import parallel_section, render
from bench.render.staying import staying_section

FIXTURES = Path(__file__).parent.parent / "fixtures"


def ratio(numerator: str, denominator: str, estimate: float, low: float, high: float, compute: bool = False) -> Ratio:
    return Ratio(numerator=numerator, denominator=denominator, over=None, estimate=estimate, low=low, high=high,
                 half_width=(high - low) / 2 / estimate, confidence=0.95, rounds=30, compute=compute or None)


def with_numba() -> BenchResult:
    """The recorded run with a numba row (a copy of pypy's, renamed) and its compute ratios added."""
    data = load(FIXTURES / "primes.json", BenchResult)
    numba = dataclasses.replace(copy.deepcopy(data.entry("pypy")), name="python-numba", note="numba.njit")
    parallel = dataclasses.replace(copy.deepcopy(data.entry("python-multiprocessing")), name="python-numba-parallel",
                                   twin="python-numba", note="numba.prange")
    data.implementations += [numba, parallel]
    data.ratios += [ratio("python-numba", "c", 1.10, 1.05, 1.16, compute=True),
                    ratio("python-numba", "go", 1.08, 1.03, 1.13, compute=True),
                    ratio("python-numba", "python-numba-parallel", 1.85, 1.70, 1.95, compute=True)]
    return data


def test_the_section_puts_start_up_apart_and_compares_compute_with_c_and_go():
    text = staying_section(with_numba())
    row = next(line for line in text.splitlines() if line.startswith("| `python-numba` |"))
    assert "| 1.100× (1.050–1.160) ⚠ ±5.0% | 1.080× (1.030–1.130) ⚠ ±4.6% |" in row
    assert "on-disk cache" in text and "Compute = median − start-up" in text
    parallel = next(line for line in text.splitlines() if line.startswith("| `python-numba-parallel` |"))
    assert "1.850× (1.700–1.950) ⚠ ±6.8% over `python-numba` on 2 threads" in parallel


def test_the_targets_are_judged_by_their_intervals():
    data = with_numba()
    text = staying_section(data)
    assert "within 1.5× of C's: 1.100× (1.050–1.160) ⚠ ±5.0%, met" in text
    assert "at least 1.8× on 2 cores: 1.850× (1.700–1.950) ⚠ ±6.8% here, undecided at this precision" in text
    data.ratios[-1] = ratio("python-numba", "python-numba-parallel", 1.5, 1.4, 1.6, compute=True)
    assert "1.500× (1.400–1.600) ⚠ ±6.7% here, not met" in staying_section(data)


def test_without_other_python_rows_there_is_no_section():
    data = load(FIXTURES / "primes.json", BenchResult)
    data.implementations = [e for e in data.implementations if e.language != "Python" or e.name == "python"]
    assert staying_section(data) == ""


def test_what_placement_buys_is_the_variant_against_its_program_within_the_rounds():
    data = load(FIXTURES / "primes.json", BenchResult)
    bound = data.entry("c-openmp")
    bound.environment = {"OMP_PROC_BIND": "spread", "OMP_PLACES": "cores"}
    unbound = dataclasses.replace(copy.deepcopy(bound), name="c-openmp-unbound", variant_of="c-openmp",
                                  environment={"OMP_PROC_BIND": "false"})
    data.implementations.append(unbound)
    data.ratios.append(ratio("c-openmp-unbound", "c-openmp", 1.09, 1.06, 1.13))
    text = parallel_section(data)
    assert "| `c-openmp` | 2 | `OMP_PLACES=cores`, `OMP_PROC_BIND=spread` |" in text
    assert ("**What placement buys:** `c-openmp-unbound` (`OMP_PROC_BIND=false`) takes 1.090× (1.060–1.130) ⚠ ±3.2% "
            "the time of `c-openmp` (`OMP_PLACES=cores`, `OMP_PROC_BIND=spread`), within each round.") in text


def test_a_row_that_could_not_run_here_is_named_with_why():
    data = load(FIXTURES / "primes.json", BenchResult)
    data.absent = {"python-numba": "the Python module numba is not installed for .venv/bin/python"}
    assert ("**Not measured here:** `python-numba`, the Python module numba is not installed for .venv/bin/python. "
            "Their rows" in render(data))


def test_the_parallel_target_is_also_judged_where_the_thread_sweep_outweighs_the_compile():
    threads = load(FIXTURES / "threads.json", ThreadsResult)
    entry = threads.implementations[0]
    entry.name, entry.limit = "python-numba-parallel", 10_000_000
    point = next(p for p in entry.points if p.threads == 2)
    point.compute_speedup = ratio("python-numba", "python-numba-parallel@2", 1.95, 1.91, 1.99, compute=True)
    text = staying_section(with_numba(), threads)
    assert ("in the thread sweep at LIMIT=10,000,000, where compute outweighs the compile, 1.950× (1.910–1.990) "
            "⚠ ±2.1%, met") in text
