"""regress.md from synthetic outcomes: rows, the verdict, and the imprecise ones named."""

from __future__ import annotations

import math

from bench.analyse.intervals import Interval, instruction_change, wanted_half_width
from bench.analyse.verdicts import Outcome
from bench.core.results import GateSettings
from bench.render.regress import header_lines, render_regress


def row(text: str, name: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"| {name} |"))


def test_the_gate_report_marks_an_interval_too_wide_to_catch_the_target() -> None:
    wide = math.exp(2 * wanted_half_width())
    narrow = Outcome("c", "serial", clock="cpu", time=Interval(1.0, 0.995, 1.005, 40), time_verdict="same")
    loose = Outcome("python", "serial", clock="cpu", time=Interval(1.0, 1 / wide, wide, 300), time_verdict="same")
    text = render_regress([narrow, loose], ["- header"])
    assert row(text, "c").endswith("| 40 (0 s) | ok |")
    assert row(text, "python").endswith("| ok (imprecise) |")
    assert "Imprecise (the time budget or the round cap ran out first; a 5% slowdown may pass unseen): python ±" in text
    assert "**Verdict: no regression**" in text
    assert "Imprecise" not in render_regress([narrow], ["- header"])


def test_a_regression_sets_the_verdict_and_shows_the_change_against_its_limit() -> None:
    more = Outcome("c", "serial", base_instructions=[1000, 1000], head_instructions=1100,
                   instructions=instruction_change([1000, 1000], 1100))
    text = render_regress([more], ["- header"])
    assert "**Verdict: REGRESSION**" in text
    assert row(text, "c") == ("| c | serial | 1,000 | 1,100 | +10.000% (limit 0.50%) |  |  |  "
                              "| **REGRESSION** (instructions) |")
    assert "max(0.5%, 5 x the spread of two base runs)" in text
    assert "head/base [99.75% interval]" in text


def test_each_verdict_is_worded_in_its_row() -> None:
    both = Outcome("c", "serial", instructions=instruction_change([1000, 1000], 1100), clock="cpu",
                   time=Interval(1.1, 1.05, 1.15, 40), time_verdict="slower")
    faster = Outcome("go", "serial", clock="cpu", time=Interval(0.9, 0.88, 0.92, 40), time_verdict="faster")
    text = render_regress([both, faster, Outcome("new", "serial", status="added"),
                           Outcome("old", "serial", status="removed")], ["- header"])
    assert row(text, "c").endswith("| **REGRESSION** (instructions, time) |")
    assert row(text, "go").endswith("| ok (faster) |")
    assert row(text, "new").endswith("| added |") and row(text, "old").endswith("| removed |")


def test_the_header_names_both_sides_and_the_settings() -> None:
    settings = GateSettings(1_000_000, 100_000, 2, 40, ("instructions", "time"), 1000, 360.0, 7)
    lines = header_lines("HEAD~1", "abc123 base subject", "def456 head subject", True, settings)
    assert lines[0] == "- base: `HEAD~1` = abc123 base subject"
    assert lines[1] == "- head: the working tree, def456 head subject (with uncommitted changes)"
    assert "1,000,000 (Python: 100,000)" in lines[2]
    assert "40 to 1000 interleaved rounds of base and head within 360 s" in lines[2]
    assert "each round in a shuffled order (seed 7)" in lines[2]
