"""What the gate concludes for each program, and regress.md from synthetic outcomes: the verdict first, one row per
significant change, the rest counted."""

from __future__ import annotations

import math

from bench.core.results import Estimate, GateSettings
from bench.studies.gate import (
    Outcome,
    change_text,
    clock_for,
    header_line,
    instruction_change,
    render_regress,
    time_only,
    wanted_half_width,
)

SETTINGS = GateSettings(1_000_000, 100_000, 2, 40, ("instructions", "time"), 1000, 360.0, 7)


def timed(name: str, ratio: float, low: float, high: float, verdict: str, base: float = 0.115) -> Outcome:
    outcome = Outcome(name, 1_000_000, clock="cpu", time=Estimate(ratio, low, high, 40),
                      base_time=Estimate(base, base * 0.99, base * 1.01, 40),
                      head_time=Estimate(base * ratio, base * ratio * 0.99, base * ratio * 1.01, 40))
    assert outcome.verdict == verdict
    return outcome


def rows(text: str) -> list[list[str]]:
    """The cells of the changes table, without its header and rule."""
    lines = [line for line in text.splitlines() if line.startswith("|")][2:]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]


def rest(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("Not significant"))


def test_the_verdict_comes_first_and_names_each_regression() -> None:
    slower = timed("c", 1.0522, 1.04, 1.066, "slower")
    text = render_regress([slower, timed("go", 1.0, 0.99, 1.01, "same")], "header")
    assert text.splitlines()[0] == "# Regression gate · Verdict: REGRESSION (c: time)"
    assert text.splitlines()[2] == "header"
    assert rows(text) == [["c", "time (cpu)", "115 ms", "121 ms", "1.05× slower (1.04–1.07) ✗"]]
    assert rest(text) == "Not significant (1): go"
    assert text.splitlines()[-1].endswith("(../../../docs/gate.md#regressmd)")


def test_only_significant_changes_get_a_row_and_faster_ones_carry_no_flag() -> None:
    faster = timed("go", 0.9, 0.88, 0.92, "faster", base=2.0)
    fewer = Outcome("pypy", instructions=instruction_change([1000, 1000], 900))
    same = [timed(name, 1.01, 0.995, 1.02, "same") for name in ("c", "c-openmp", "python")]
    text = render_regress([*same, faster, fewer], "header")
    assert text.splitlines()[0] == "# Regression gate · Verdict: no regression"
    assert rows(text) == [["go", "time (cpu)", "2.00 s", "1.80 s", "1.11× faster (1.09–1.14)"],
                          ["pypy", "instructions", "1,000", "900", "1.111× faster"]]
    assert rest(text).startswith("Not significant (3): c, c-openmp, python")


def test_an_instruction_regression_is_a_row_with_its_factor() -> None:
    more = Outcome("c", instructions=instruction_change([1000, 1000], 1100))
    text = render_regress([more], "header")
    assert text.splitlines()[0] == "# Regression gate · Verdict: REGRESSION (c: instructions)"
    assert rows(text) == [["c", "instructions", "1,000", "1,100", "1.100× slower ✗"]]
    assert rest(text) == "Not significant (0)"


def test_added_and_removed_programs_are_rows_of_their_own() -> None:
    text = render_regress([Outcome("new", status="added"), Outcome("old", status="removed")], "h")
    assert rows(text) == [["new", "", "", "", "added"], ["old", "", "", "", "removed"]]


def test_the_rest_carry_flags_for_a_wide_interval_and_for_time_only() -> None:
    wide = math.exp(2 * wanted_half_width())
    loose = timed("python", 1.0, 1 / wide, wide, "same")
    pool = timed("python-multiprocessing", 1.0, 0.995, 1.005, "same")
    pool.instruction_note = "time only: 3 processes share the work as the scheduler decides"
    named = rest(render_regress([loose, pool], "header")).split(": ", 1)[1].split(", ")
    assert named[0].startswith("python ⚠±") and float(named[0].split("±")[1].rstrip("%")) > 1.25 * 1.9
    assert named[1] == "python-multiprocessing ⏱"


def test_a_ratio_whose_interval_holds_one_names_no_direction() -> None:
    assert change_text(1.02, 0.99, 1.05) == "= (0.952–1.01)"
    assert change_text(0.97, 0.95, 1.0).startswith("= (")
    assert change_text(1.06, 1.04, 1.08) == "1.06× slower (1.04–1.08)"
    assert change_text(0.5, 0.4, 0.6) == "2.00× faster (1.67–2.50)"


def test_the_header_is_one_line_with_both_commits_and_the_settings() -> None:
    line = header_line("zen4", "2026-01-02", "abc1234", "def5678", True, SETTINGS)
    assert "\n" not in line
    cells = line.split(" · ")
    assert cells[:3] == ["zen4", "2026-01-02", "base `abc1234` → head `def5678` (with uncommitted changes)"]
    assert "1,000,000 (Python 100,000)" in cells and "40–1000 rounds in 360 s" in cells and "seed 7" in cells
    assert cells[-1] == "seed 7"
    one = header_line("zen4", "2026-01-02", "abc1234", "def5678", False, GateSettings(
        1_000_000, 100_000, 2, 40, ("time",), 1000, 360.0, 7)).split(" · ")
    assert one[2] == "base `abc1234` → head `def5678`" and "time only" in one


def test_several_processes_or_a_wide_spread_mean_time_only() -> None:
    assert time_only(instruction_change([1000, 1000], 1000), 1) == ""
    assert time_only(instruction_change([1000, 1000], 1000), 3).startswith("time only")
    assert time_only(instruction_change([1000, 1010], 1000), 1).startswith("time only")


def test_either_signal_makes_a_regression() -> None:
    slower = Outcome("c", clock="cpu", time=Estimate(1.1, 1.05, 1.15, 40))
    assert slower.regressions == ["time"] and slower.verdict == "slower"
    more = Outcome("c", instructions=instruction_change([1000, 1000], 1100))
    assert more.regressions == ["instructions"]
    both = Outcome("c", instructions=instruction_change([1000, 1000], 1100), time=Estimate(1.1, 1.05, 1.15, 40))
    assert both.regressions == ["instructions", "time"]
    faster = Outcome("x", time=Estimate(0.9, 0.88, 0.92, 40))
    assert faster.regressions == [] and faster.verdict == "faster"


def test_an_interval_too_wide_to_catch_the_target_is_imprecise_not_a_pass() -> None:
    wide = math.exp(2 * wanted_half_width())
    loose = Outcome("python", clock="cpu", time=Estimate(1.0, 1 / wide, wide, 300))
    narrow = Outcome("c", clock="cpu", time=Estimate(1.0, 0.995, 1.005, 40))
    assert loose.imprecise and loose.regressions == [] and not narrow.imprecise
    assert not Outcome("x", status="added").imprecise


def test_parallel_programs_are_judged_on_wall_time_serial_ones_on_cpu_time() -> None:
    assert clock_for("parallel") == "wall" and clock_for("serial") == "cpu"
