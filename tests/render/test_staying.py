"""The "Staying in Python" section, what placement buys, and rows that could not run here."""

from __future__ import annotations

import copy
import dataclasses
import statistics
from pathlib import Path

from bench.core.results import BenchResult, Ratio, ThreadsResult, load
from bench.render.primes import placement_section, render
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
    assert "| 1.10× slower (1.05–1.16) | 1.08× slower (1.03–1.13) |" in row
    assert "on-disk cache" in text and "*Compute time* is the time minus start-up" in text
    parallel = next(line for line in text.splitlines() if line.startswith("| `python-numba-parallel` |"))
    assert parallel.endswith("| — | — | 1.85× faster (1.70–1.95) |")
    assert "| `python-multiprocessing` |" not in text, "CPython's own parallel rows are on the first screen"


def test_the_targets_are_judged_by_their_intervals():
    data = with_numba()
    text = staying_section(data)
    assert "within 1.5× of C's: 1.10× slower (1.05–1.16), met" in text
    assert "at least 1.8× on 2 cores: 1.85× faster (1.70–1.95) here, ⚠ undecided at this precision" in text
    data.ratios[-1] = ratio("python-numba", "python-numba-parallel", 1.5, 1.4, 1.6, compute=True)
    assert "1.50× faster (1.40–1.60) here, not met" in staying_section(data)


def test_a_row_left_unbounded_by_too_few_rounds_says_why_and_what_budget_would_do():
    data = with_numba()
    assert "*unbounded* ratio" not in staying_section(data)
    data.ratios = [r for r in data.ratios if not r.is_for("python", "python-numba")]
    data.ratios.append(Ratio(numerator="python", denominator="python-numba", over=None, estimate=2.8, low=None,
                             high=None, half_width=None, confidence=0.95, rounds=4))
    most = max(len(r.order) for r in data.session.rounds)
    full = statistics.median(r.seconds for r in data.session.rounds if len(r.order) == most)
    text = staying_section(data)
    assert "1 *unbounded* ratio(s) of this table had 4 rounds: too few, as a rule, to bound a 95% interval (8 are " \
        "needed where neighbouring rounds are unrelated)" in text
    assert "drift" not in text
    assert "the first screen's ratios first" in text and "BUDGET=" not in text, "no share recorded: no budget"
    data.session.settings.full_share = 0.4
    text = staying_section(data)
    budget = int(text.split("BUDGET=")[1].split("`")[0])
    assert budget % 50 == 0 and budget - 50 < 8 * full / 0.4 <= budget


def test_a_row_unbounded_over_enough_rounds_is_said_to_have_drifted():
    data = with_numba()
    data.ratios = [r for r in data.ratios if not r.is_for("python", "python-numba")
                   and not r.is_for("python", "pypy")]
    data.ratios.append(Ratio("python", "python-numba", None, 2.8, None, None, None, 0.95, rounds=4))
    data.ratios.append(Ratio("python", "pypy", None, 9.5, None, None, None, 0.95, rounds=12))
    text = staying_section(data)
    assert "1 *unbounded* ratio(s) of this table had 4 rounds" in text
    assert "1 more had 12 rounds, enough where rounds are uncorrelated, but theirs moved together from one round " \
        "to the next (drift)" in text


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
    text = placement_section(data, None)
    assert ("`c-openmp-unbound` (`OMP_PROC_BIND=false`) is 1.09× slower (1.06–1.13) than `c-openmp` "
            "(`OMP_PLACES=cores`, `OMP_PROC_BIND=spread`).") in text


def test_without_placement_variants_the_finding_comes_from_the_thread_sweep():
    data = load(FIXTURES / "primes.json", BenchResult)
    assert "measured by `make scaling`" in placement_section(data, None) and "Not measured here yet" in \
        placement_section(data, None)
    threads = load(FIXTURES / "threads.json", ThreadsResult)
    first = threads.implementations[0]
    pinned = dataclasses.replace(copy.deepcopy(first), name=first.name + "-pinned", placement="pinned")
    threads.implementations.append(pinned)
    text = placement_section(data, threads)
    assert f"`{pinned.name}` (pinned)" in text and f"Over `{first.twin}` on" in text
    assert threads.environment.source.commit[:12] in text


def test_a_row_that_could_not_run_here_is_named_with_why():
    data = load(FIXTURES / "primes.json", BenchResult)
    data.absent = {"python-numba": "the Python module numba is not installed for .venv/bin/python"}
    assert ("- **Not measured here:** `python-numba`, the Python module numba is not installed for .venv/bin/python."
            in render(data))


def test_the_parallel_target_is_also_judged_where_the_thread_sweep_outweighs_the_compile():
    threads = load(FIXTURES / "threads.json", ThreadsResult)
    entry = threads.implementations[0]
    entry.name, entry.limit = "python-numba-parallel", 10_000_000
    point = next(p for p in entry.points if p.threads == 2)
    point.compute_speedup = ratio("python-numba", "python-numba-parallel@2", 1.95, 1.91, 1.99, compute=True)
    text = staying_section(with_numba(), threads)
    assert ("in the thread sweep (`make scaling`) at LIMIT=10,000,000, where compute outweighs the compile, "
            "1.95× faster (1.91–1.99), met") in text


def test_the_placement_study_shows_the_variant_against_its_program_in_the_same_rounds():
    data = load(FIXTURES / "primes.json", BenchResult)
    threads = load(FIXTURES / "threads.json", ThreadsResult)
    first = threads.implementations[0]
    top = max(p.threads for p in first.points)
    pinned = dataclasses.replace(copy.deepcopy(first), name=first.name + "-pinned", placement="pinned",
                                 variant_of=first.name,
                                 variant_speedup=ratio(f"{first.name}@{top}", f"{first.name}-pinned@{top}",
                                                       1.04, 1.01, 1.07))
    threads.implementations.append(pinned)
    text = placement_section(data, threads)
    assert (f"`{pinned.name}` (pinned) is 1.04× faster (1.01–1.07) than `{first.name}` (the runtime's default) "
            f"on {top} workers, within the same rounds.") in text
    assert f"Over `{first.twin}` on" not in text, "the sweeps' own speedups are not compared across sessions"
    assert threads.environment.source.commit[:12] in text


def test_a_compute_time_under_a_tenth_of_the_run_reads_as_a_dash_and_is_not_judged():
    data = with_numba()
    parallel = data.entry("python-numba-parallel")
    parallel.startup = dataclasses.replace(parallel.startup, median=parallel.timing.median * 1.05)
    text = staying_section(data)
    row = next(line for line in text.splitlines() if line.startswith("| `python-numba-parallel` |"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[4] == "—" and cells[-1] == "—", "a negative compute time and its speedup are not shown"
    assert "1.85×" not in row
    assert "A compute time reads — where computing is under 10% of the run" in text
    assert "not judged at this LIMIT (its compute time reads —)" in text
    assert "| `python-numba` |" in text
    numba = data.entry("python-numba")  # the serial row: its compute ratios against c and go go too
    numba.startup = dataclasses.replace(numba.startup, median=numba.timing.median * 0.95)
    text = staying_section(data)
    row = next(line for line in text.splitlines() if line.startswith("| `python-numba` |"))
    assert row.endswith("| — | — | — |") and "1.10×" not in row
    assert "numba's compute time within 1.5× of C's: not judged at this LIMIT (its compute time reads —)" in text


def test_a_target_met_on_a_wide_interval_says_the_interval_is_wide():
    data = with_numba()
    data.ratios[0] = ratio("python-numba", "c", 0.6, 0.000005, 0.96, compute=True)
    text = staying_section(data)
    assert "met, though the interval is too wide to say by how much" in text
    data.ratios[0] = ratio("python-numba", "c", 1.10, 1.05, 1.16, compute=True)
    assert "too wide" not in staying_section(data)

