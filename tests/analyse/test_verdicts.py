"""What the gate concludes for one implementation: regressions, imprecision and time-only programs."""

from __future__ import annotations

import math

from bench.analyse.intervals import instruction_change, wanted_half_width
from bench.analyse.verdicts import GateVerdict, Outcome, clock_for, time_only
from bench.core.results import Estimate


def test_several_processes_or_a_wide_spread_mean_time_only() -> None:
    assert time_only(instruction_change([1000, 1000], 1000), 1) == ""
    assert time_only(instruction_change([1000, 1000], 1000), 3).startswith("time only")
    assert time_only(instruction_change([1000, 1010], 1000), 1).startswith("time only")


def test_either_signal_makes_a_regression() -> None:
    slower = Outcome("c", "serial", clock="cpu", time=Estimate(1.1, 1.05, 1.15, 40), time_verdict="slower")
    assert slower.regressions == ["time"] and slower.verdict is GateVerdict.REGRESSION
    more = Outcome("c", "serial", instructions=instruction_change([1000, 1000], 1100))
    assert more.regressions == ["instructions"] and more.verdict is GateVerdict.REGRESSION
    both = Outcome("c", "serial", instructions=instruction_change([1000, 1000], 1100),
                   time=Estimate(1.1, 1.05, 1.15, 40), time_verdict="slower")
    assert both.regressions == ["instructions", "time"] and both.verdict is GateVerdict.REGRESSION


def test_an_interval_too_wide_to_catch_the_target_is_imprecise_not_a_pass() -> None:
    wide = math.exp(2 * wanted_half_width())
    loose = Outcome("python", "serial", clock="cpu", time=Estimate(1.0, 1 / wide, wide, 300), time_verdict="same")
    narrow = Outcome("c", "serial", clock="cpu", time=Estimate(1.0, 0.995, 1.005, 40), time_verdict="same")
    assert loose.imprecise and loose.verdict is GateVerdict.IMPRECISE
    assert not narrow.imprecise and narrow.verdict is GateVerdict.OK
    faster = Outcome("x", "serial", time=Estimate(0.9, 0.88, 0.92, 40), time_verdict="faster")
    assert faster.verdict is GateVerdict.FASTER
    assert Outcome("x", "serial", status="added").verdict is GateVerdict.ADDED


def test_parallel_programs_are_judged_on_wall_time_serial_ones_on_cpu_time() -> None:
    assert clock_for("parallel") == "wall" and clock_for("serial") == "cpu"
