"""A calibration of the gate and gate.md: alarms per injected slowdown, what the budget bought, the rounds'
correlation, and the model (the time rule on resampled measured noise), from synthetic records; and each
committed gate.md as the rendering of its host's runs."""

from __future__ import annotations

import dataclasses
import math
import random

import pytest

from bench.analyse.derive import load
from bench.core.paths import RESULTS
from bench.core.results import CalibrationResult, CalibrationSize, GateSettings, InstructionRecord, Spin, TimeRecord
from bench.studies.gate import (
    BLOCK,
    SLOWDOWNS,
    alarms,
    correlation_rows,
    derive_calibration,
    effort_rows,
    per_implementation_rows,
    render_calibration,
    resample,
    simulate,
)


def size(pairs: int = 40) -> CalibrationSize:
    """The CI size, its rounds engine running `pairs` rounds at least."""
    return CalibrationSize("ci", GateSettings(1000, 100, 2, pairs, ("time",), 500, 60.0, 7), 1)


SIZE = size()


def records(pairs: int, spread: float) -> list[TimeRecord]:
    rng = random.Random(3)
    found = []
    for slowdown in SLOWDOWNS:
        ratios = [math.log1p(slowdown) + rng.gauss(0, spread) for _ in range(pairs)]
        found.append(TimeRecord(signal="time", impl="c", limit=1000, slowdown=slowdown, clock="cpu", seconds=12.0,
                                log_ratios=ratios, size="ci", round=0))
    return found


def calibration(pairs: int = 40) -> CalibrationResult:
    return derive_calibration(CalibrationResult(schema=3, spin=Spin(7.0, 1.4e-9), seconds=90.0,
                                                sizes=[size(min(pairs, 40))], records=list(records(pairs, 0.001))))


def cells(text: str, first: str) -> list[str]:
    """The cells of the first table row that starts with `first`."""
    line = next(line for line in text.splitlines() if line.startswith(f"| {first} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def time_record(slowdown: float, alarm: bool, log_ratios: list[float], half_width: float | None = 0.01,
                impl: str = "c") -> TimeRecord:
    """A comparison whose figures are given, not derived: the tables read them as they are."""
    return TimeRecord(signal="time", impl=impl, limit=1000, slowdown=slowdown, clock="cpu", seconds=10.0,
                      log_ratios=log_ratios, size="ci", round=0, ratio=1 + slowdown, low=0.9, high=1.1,
                      pairs=len(log_ratios), half_width=half_width, alarm=alarm)


def test_report_shows_rates_rounds_and_the_simulation() -> None:
    text = render_calibration(calibration())
    assert "| time | ci | 5% | 1 of 1 |" in text
    assert "| time | ci | 0% | 0 of 1 |" in text
    assert cells(text, "ci | `c`")[:4] == ["ci", "`c`", "40 (40 .. 40)", "12"]
    simulated = cells(text, "ci | `c` | 200")
    rates = [float(cell.strip(" %")) for cell in simulated[-5:]]
    assert rates[:2] == [0.0, 0.0] and rates[2] < 1.0 and rates[3:] == [100.0, 100.0]


def test_what_was_measured_sets_the_target_beside_what_the_runs_and_the_model_gave() -> None:
    text = render_calibration(calibration())
    assert cells(text, "ci")[1:] == ["1,000 (100)", "40–500", "60", "7", "±1.25%", "5 of 5", "1 of 1",
                                     "100.0% .. 100.0%"]


def test_the_page_is_tables_under_a_one_line_header() -> None:
    lines = render_calibration(calibration()).splitlines()
    prose = [line for line in lines if line and not line.startswith(("#", "|"))]
    assert prose == [lines[2]] and lines[2].endswith("[how to read](../../../docs/gate.md#gatemd)")


def test_more_pairs_show_in_the_effort_table() -> None:
    assert cells(render_calibration(calibration(pairs=80)), "ci | `c`")[2] == "80 (80 .. 80)"


def test_an_unbounded_interval_reads_unbounded_in_the_effort_table() -> None:
    assert cells(render_calibration(calibration(pairs=3)), "ci | `c`")[4] == "unbounded (unbounded .. unbounded)"


def test_each_committed_gate_page_is_the_rendering_of_its_hosts_runs() -> None:
    committed = sorted(RESULTS.glob("hosts/*/gate.json"))
    assert committed, "no results/hosts/*/gate.json: run `make calibrate`"
    for path in committed:
        assert (path.parent / "gate.md").read_text() == render_calibration(load(path, CalibrationResult)), \
            f"run `make report` to refresh {path.parent.name}/gate.md"


def test_the_rule_and_the_model_come_from_the_log_ratios_alone() -> None:
    result = calibration()
    assert [r.alarm for r in result.records] == [False, False, False, True, True]
    assert all(r.pairs == 40 and r.low < r.ratio < r.high for r in result.records)
    assert result.records[-1].ratio == pytest.approx(1.10, rel=0.002)
    assert [(m.impl, m.pairs_measured, m.pairs_drawn) for m in result.model] == [("c", 200, 40)]


def test_without_time_comparisons_the_page_says_there_is_no_model() -> None:
    bare = derive_calibration(CalibrationResult(schema=3, spin=Spin(7.0, 1e-9), seconds=1.0, sizes=[SIZE],
                                                records=[]))
    assert bare.model == [] and "No model" in render_calibration(bare)


def test_resampling_draws_runs_of_consecutive_pairs() -> None:
    measured = [float(i) for i in range(100)]
    drawn = resample(measured, 10, random.Random(1))
    assert len(drawn) == 10
    for i in range(0, 8, BLOCK):
        block = drawn[i:i + BLOCK]
        assert block == [block[0] + k for k in range(len(block))]
    with pytest.raises(ValueError):
        resample([], 4, random.Random(0))


def test_simulated_rates_rise_with_the_slowdown_and_quiet_pairs_never_alarm() -> None:
    rng = random.Random(2)
    quiet = [rng.gauss(0, 0.002) for _ in range(80)]
    rates = simulate(quiet, 40, rng)
    assert rates[0] == 0 and rates[1] == 0
    assert rates[SLOWDOWNS.index(0.05)] == 1 and rates[-1] == 1
    noisy = [rng.gauss(0, 0.08) for _ in range(80)]
    loud = simulate(noisy, 40, rng)
    assert loud[0] == 0 and loud[SLOWDOWNS.index(0.05)] < 0.5


def test_the_model_pools_every_comparison_centred_on_its_own_median() -> None:
    offset = [time_record(0.0, False, [0.01, 0.02, 0.03]), time_record(0.1, False, [-0.5, -0.4, -0.6])]
    [row] = derive_calibration(CalibrationResult(schema=3, spin=Spin(7.0, 1e-9), seconds=1.0, sizes=[size(3)],
                                                 records=offset)).model
    # The pool is -0.01, 0, 0.01, 0, 0.1, -0.1: its median absolute deviation from 0 is 0.01.
    assert (row.impl, row.pairs_measured, row.pairs_drawn) == ("c", 6, 3)
    assert row.median_abs_deviation == pytest.approx(0.01)


def test_alarms_count_per_slowdown_and_leave_time_only_programs_out() -> None:
    pool = InstructionRecord(signal="instructions", impl="pool", slowdown=0.0, base=[10, 11], head=12, processes=3,
                             limit=1000, size="ci", round=0, change=0.1, spread=0.1, threshold=0.5, alarm=True,
                             time_only="time only: 3 processes")
    records = [time_record(0.0, False, [0.0] * 3), time_record(0.0, True, [0.0] * 3),
               time_record(0.05, True, [0.05] * 3), pool]
    zero, five = alarms(records, "time", "ci")
    assert zero == (0.0, 1, 2, (0.0, 0.0, 0.0))
    assert five[:3] == (0.05, 1, 1) and five[3] == pytest.approx((0.05, 0.05, 0.05))
    assert alarms(records, "instructions", "ci") == []
    assert per_implementation_rows(records, ["ci"]) == [
        ["instructions", "ci", "`pool` ⏱", "10.00%", "", "", "", "", ""],
        ["time", "ci", "`c`", "", "1/2", "0/0", "0/0", "1/1", "0/0"]]


def test_effort_and_correlation_read_each_comparisons_pairs() -> None:
    climbing = [0.001 * i for i in range(20)]
    records = [time_record(0.0, False, climbing), time_record(0.0, False, [0.0, 0.01] * 10, half_width=None)]
    [row] = effort_rows(records, ["ci"], wanted=0.02)
    assert row[:4] == ["ci", "`c`", "20 (20 .. 20)", "10"] and row[5] == "1 of 2"
    assert row[4] == "unbounded (±1.01% .. unbounded)"
    lag, least, highest = (float(x.strip("()")) for x in row[6].replace("..", "").split())
    assert highest > 0.5 and least < -0.5 and lag == pytest.approx((least + highest) / 2, abs=0.01)
    [c] = correlation_rows(records)
    assert c[0] == "2" and c[3] == "2"  # one leans like its neighbour, one alternates
    assert correlation_rows([time_record(0.0, False, [0.0, 0.0])]) == []


def test_the_suites_false_alarm_rate_compounds_the_programs_tails() -> None:
    eight = [dataclasses.replace(r, impl=name) for name in "abcdefgh" for r in records(40, 0.001)]
    text = render_calibration(derive_calibration(CalibrationResult(schema=3, spin=Spin(7.0, 1e-9), seconds=1.0,
                                                                   sizes=[SIZE], records=eight, engine="rounds")))
    assert "| false alarms at most (sign test, above 1), per program | suite of 8 |" in text
    assert cells(text, "0.125%") == ["0.125%", "1.00%"]  # (1 - 0.9975) / 2, and 1 - (1 - 0.00125)^8
