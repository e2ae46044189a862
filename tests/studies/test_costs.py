"""The divider probe's output and the division instructions of a disassembly, read from text; the probe
and objdump run on this machine measure what they say."""

from __future__ import annotations

import platform
import subprocess

import pytest

from bench.analyse.costs import floor_for, probe_summary
from bench.analyse.derive import load
from bench.core.paths import ROOT
from bench.core.results import DIVIDER_FIGURES, BenchResult, DividerProbe
from bench.studies import costs
from bench.studies.costs import division_instructions, parse_probe
from tests.doctor import write

GCC = """
0000000000001200 <count_primes>:
    1210:\tmov    %rdi,%rax
    1213:\tcqto
    1215:\tidiv   %rcx
    1218:\ttest   %rdx,%rdx

0000000000001300 <main>:
    1310:\tdiv    %esi
"""
CLANG = """
00000000000012a0 <count_primes>:
    12d1:\tdiv    %rcx
    12e0:\tdivsd  %xmm1,%xmm0
    12e4:\tdiv    %ecx
    12e8:\tdivl   0x8(%rsp)
"""
GO = """
00000000004a4120 <main.main.func1>:
  4a4150:\tidiv   %rcx
0000000000413000 <runtime.findRunnable>:
  413021:\tdiv    %rcx
"""
ARM = """
0000000000400700 <count_primes>:
  400710:\tsdiv\tx2, x0, x1
  400714:\tmsub\tx2, x2, x1, x0
"""


@pytest.mark.parametrize("text, pattern, found", [
    (GCC, r"count_primes|is_prime", ["idiv r64"]),
    (CLANG, r"count_primes|is_prime", ["div r64", "div r32", "div m"]),
    (GO, r"^(main|primes)\.", ["idiv r64"]),
    (ARM, r"count_primes", ["sdiv x"]),
])
def test_the_loop_divides_with_what_its_functions_hold(text, pattern, found):
    assert division_instructions(text, pattern) == found


def test_the_probe_output_is_read_and_summarised():
    line = "clock_mhz 3000.0\ndiv64_independent 10.2\ndiv64_dependent 21.4\ndiv32_independent 6.1\n" \
           "div32_dependent 17.3\n"
    runs = [parse_probe(line), parse_probe(line.replace("10.2", "10.4")), parse_probe(line.replace("10.2", "9.0"))]
    assert probe_summary(DividerProbe(command=["divider"], runs=runs))["div64_independent"] == pytest.approx(10.2)
    assert probe_summary(None) == {}
    with pytest.raises(ValueError, match="div32_dependent"):
        parse_probe(line.replace("div32_dependent 17.3\n", ""))


@pytest.mark.alone
def test_the_divider_probe_prints_every_figure():
    probe = costs.probe(10_000, log=lambda line: None)
    assert probe is not None and len(probe.runs) == costs.PROBE_RUNS
    assert all(set(DIVIDER_FIGURES) <= set(run) for run in probe.runs)
    # The median of each figure over the runs, as the page shows it: one run that another process on the
    # same core slowed (a test beside it) does not decide.
    run = probe_summary(probe)
    assert run["clock_mhz"] > 100
    for width in ("div64", "div32"):
        # A chain waits for each divide, so it never outruns independent divides: it is slower where the
        # divider overlaps divides, and as fast where it does not (Zen 2 takes about 17.5 cycles either way).
        assert 1 <= run[f"{width}_independent"] and run[f"{width}_dependent"] >= 0.98 * run[f"{width}_independent"]


def test_the_compiled_loops_name_their_divide(manifest):
    c = manifest.get("c")
    subprocess.run(list(c.build), cwd=ROOT, check=True, capture_output=True)
    expected = {"x86_64": ["idiv r64"], "aarch64": ["sdiv x"]}.get(platform.machine())
    found = costs.divides_with(c)
    assert found and (expected is None or found == expected)
    python = manifest.get("python")
    assert costs.divides_with(python) is None


def test_the_divider_a_loop_is_held_to_is_the_width_it_divides_at():
    floors = {"div64_independent": 20.0, "div32_independent": 12.0}
    assert floor_for(["idiv r64"], floors) == 20.0
    assert floor_for(["div r64", "div r32"], floors) == floor_for(["sdiv w"], floors) == 12.0
    assert floor_for(None, floors) is None and floor_for(["idiv r64"], {}) is None


@pytest.mark.parametrize("model, name, shown", [(167, "unknown", True), (250, "Rocket Lake", False)])
def test_the_published_division_is_the_cores_by_its_family_and_model_not_its_recorded_name(tmp_path, model, name,
                                                                                            shown):
    """The page shows the figure the loader holds the probe to: Rocket Lake's by family 6 model 167, whatever name
    is recorded; none for a model the tables do not know, whatever it is called."""
    def identify(data: dict) -> None:
        data["environment"]["machine"]["identity"].update(model=model, microarchitecture=name)
    data = load(write(tmp_path / "primes.json", "loaded/three-hogs.json", identify), BenchResult)
    assert ("published DIV r64 / r32 throughput [cycles] | 10 / 6 (`Cypress Cove`)" in costs.costs_section(data)) \
        == shown
