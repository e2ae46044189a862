"""What one trial division costs, from numbers and text alone: clocks, times per division, the divider
probe's output and the division instructions of a disassembly."""

from __future__ import annotations

import pytest

from bench.analyse.costs import (
    clock_hz,
    division_instructions,
    parse_probe,
    probe_summary,
    seconds_per_division,
)

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


def test_the_clock_is_additions_over_the_time_less_start_up():
    assert clock_hz(3_000_000_000, 1.001, 0.001) == pytest.approx(3e9)


def test_time_per_division_counts_every_thread():
    assert seconds_per_division(1.001, 0.001, 1, 100) == pytest.approx(0.01)
    assert seconds_per_division(0.501, 0.001, 2, 100) == pytest.approx(0.01)
    assert seconds_per_division(0.001, 0.002, 1, 100) > 0, "a compute time below zero counts as the smallest"


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
    assert probe_summary(runs)["div64_independent"] == pytest.approx(10.2)
    with pytest.raises(ValueError, match="div32_dependent"):
        parse_probe(line.replace("div32_dependent 17.3\n", ""))
