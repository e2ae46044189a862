"""The gate's Markdown report, from synthetic outcomes."""

from __future__ import annotations

import math

from bench.gate_stats import Interval, wanted_half_width
from bench.regress import Outcome, render


def test_the_gate_report_marks_an_interval_too_wide_to_catch_the_target() -> None:
    wide = math.exp(2 * wanted_half_width())
    narrow = Outcome("c", "serial", time_measure="cpu", time=Interval(1.0, 0.995, 1.005, 40), time_verdict="same")
    loose = Outcome("python", "serial", time_measure="cpu", time=Interval(1.0, 1 / wide, wide, 300),
                    time_verdict="same")
    text = render([narrow, loose], ["- header"], 0)
    assert next(line for line in text.splitlines() if line.startswith("| c |")).endswith("| 40 (0 s) | ok |")
    assert next(line for line in text.splitlines() if line.startswith("| python |")).endswith("| ok (imprecise) |")
    assert "Imprecise (the time budget or the pair cap ran out first; a 5% slowdown may pass unseen): python ±" in text
    assert "Imprecise" not in render([narrow], ["- header"], 0)
