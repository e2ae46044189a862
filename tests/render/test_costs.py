"""The page explains the times in cycles: the exact division count once, each program's cycles per
division with its interval, the divider measured here and as published, and what each loop divides with."""

from __future__ import annotations

import copy
from pathlib import Path

from bench.core.results import (
    BenchResult,
    Clock,
    CpuIdentity,
    DividerProbe,
    DivisionCost,
    Estimate,
    Ratio,
    ThreadsResult,
    load,
)
from bench.render import hosts
from bench.render.costs import beyond_text, clocks_differ, costs_section
from bench.render.primes import render
from bench.render.scaling import clock_note

FIXTURES = Path(__file__).parent.parent / "fixtures"
PROBE = {"clock_mhz": 2950.0, "div64_independent": 10.2, "div64_dependent": 21.4, "div32_independent": 6.1,
         "div32_dependent": 17.3}


def clock(mhz: float) -> Clock:
    return Clock(adds=2**27, program="build/bench/clock", mhz=Estimate(mhz, mhz - 10, mhz + 10, 20))


def measured() -> BenchResult:
    data = copy.deepcopy(load(FIXTURES / "primes.json", BenchResult))
    data.environment.machine.identity = CpuIdentity(
        vendor="GenuineIntel", family=6, model=207, stepping=2, microcode="0x1", implementer=None, part=None,
        microarchitecture="Emerald Rapids", caches={"L1d": "48 KiB"}, threads_per_core=1, hypervisor=True)
    data.environment.machine.reported_mhz = 2300.0
    data.divisions = 67_740_403
    data.clock = clock(2725.0)
    data.divider = DividerProbe(command=["build/bench/divider", "1000000"], runs=[PROBE] * 5)
    data.costs = [DivisionCost("c", Estimate(3.6, 3.5, 3.7, 20), Estimate(9.9, 9.7, 10.1, 20)),
                  DivisionCost("go", Estimate(5.0, 4.9, 5.1, 20), Estimate(13.8, 13.5, 14.0, 20))]
    data.entry("c").divides_with = ["idiv r64"]
    data.entry("go").divides_with = ["idiv r64"]
    return data


def test_the_section_states_the_count_once_and_each_programs_cycles():
    text = costs_section(measured())
    assert text.count("67,740,403") == 1
    assert "| `c` | 1 | `idiv r64` | 3.60 | 9.90 (9.70–10.1) | −0.3 (−0.5 to −0.1) |" in text
    assert "| `go` | 1 | `idiv r64` | 5.00 | 13.8 (13.5–14.0) | +3.6 (+3.3 to +3.8) |" in text
    assert "2,725 MHz, the median over the rounds (95% interval 2,715–2,735)" in text
    assert "reports 2,300 MHz" in text and "1.18×" in text


def test_the_published_floor_is_cited_where_the_core_is_listed():
    text = costs_section(measured())
    assert "Golden Cove" in text and "uops.info" in text
    data = measured()
    data.environment.machine.identity.microarchitecture = "Zen 4"
    assert "no measured table is listed here for Zen 4" in costs_section(data)


def test_the_page_shows_cycles_below_the_first_screen_and_the_cpu_identity():
    page = render(measured())
    assert "cycles per division (95% interval)" in page and "| 9.90 (9.70–10.1) |" in page
    assert page.index("## What one trial division costs") > page.index("## The article's claims")
    assert "Emerald Rapids (GenuineIntel family 6, model 207, stepping 2)" in page


def test_a_file_from_before_the_costs_renders_without_them():
    page = render(load(FIXTURES / "primes.json", BenchResult))
    assert "What one trial division costs" not in page and "identity not recorded" in page


def test_the_cross_machine_table_names_the_core_and_cycles():
    text = hosts.machine_table([hosts.Host("intel-xeon-emerald-rapids-2cpu", measured())])
    assert "Emerald Rapids" in text and "9.90 (9.70–10.1)" in text and "`c` cycles / division" in text


def test_a_thread_sweep_at_another_clock_says_so():
    threads = load(FIXTURES / "threads.json", ThreadsResult)
    assert "not measured" in clock_note(threads, measured())
    for e in threads.implementations:
        e.clock = clock(2725.0 * 1.08)
    assert clocks_differ(clock(2725.0), clock(2725.0 * 1.08)) is not None
    note = clock_note(threads, measured())
    assert "Not the bench's clock" in note and "+8%" in note
    for e in threads.implementations:
        e.clock = clock(2725.0 * 1.02)
    assert "Not the bench's clock" not in clock_note(threads, measured())


def test_a_program_whose_start_up_is_its_whole_run_gets_no_cost():
    data = measured()
    go = data.entry("go")
    go.startup.median = go.timing.median * 0.95  # computing is 5% of its run
    text = costs_section(data)
    assert "| `go` |" not in text and "Not given for `go`" in text


def test_without_a_clock_the_costs_are_in_ns_only():
    data = measured()
    data.clock = None
    assert "not measured (no add chain for this architecture), so costs are given in ns only." in costs_section(data)


def test_a_compiled_row_without_instructions_says_why():
    data = measured()
    data.entry("c").divides_with = None
    assert "not read (no objdump here, or built on another machine)" in costs_section(data)


def test_a_cycles_figure_that_says_nothing_is_marked():
    data = measured()
    data.costs[1] = DivisionCost("go", Estimate(5.0, 4.9, 5.1, 20), Estimate(13.8, None, None, 9))
    data.costs[0] = DivisionCost("c", Estimate(3.6, 3.5, 3.7, 20), Estimate(9.9, 6.0, 16.0, 20))
    text = costs_section(data)
    assert "| `go` | 1 | `idiv r64` | 5.00 | 13.8 (unbounded) ⚠ | +3.6 (unbounded) ⚠ |" in text
    assert "| 9.90 (6.00–16.0) ⚠ |" in text  # ±49%, wider than the ratios' ±25%
    assert "| 13.8 (13.5–14.0) |" in costs_section(measured())


def test_another_compiler_of_the_same_program_is_weighed_against_it_in_words():
    data = measured()
    clang = copy.deepcopy(data.entry("c"))
    clang.name, clang.variant_of, clang.note = "c-clang", "c", "the c program built by clang"
    data.implementations.append(clang)
    assert "Another compiler" not in costs_section(data)  # no ratio of the two was taken
    data.ratios.append(Ratio("c-clang", "c", None, 0.875, 0.86, 0.89, 0.017, 0.95, 12))
    assert ("**Another compiler:** `c-clang`, the c program built by clang, is 1.14× faster (1.12–1.16) than "
            "`c`, in the same rounds.") in costs_section(data)


def test_a_figure_beyond_the_divider_is_signed_with_a_minus_and_never_minus_zero():
    cost = DivisionCost("c", Estimate(2.0, 1.9, 2.1, 10), Estimate(7.0, 6.83, 7.08, 10))
    assert beyond_text(cost, 7.1) == "−0.1 (−0.3 to 0.0)"
