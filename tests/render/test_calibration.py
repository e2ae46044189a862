"""gate.md from calibration records: rates per level, pairs bought, and the simulation's rows."""

from __future__ import annotations

import math
import random

from bench.analyse.calibration import SLOWDOWNS
from bench.analyse.derive import load
from bench.core.paths import RESULTS
from bench.core.results import CalibrationResult, CalibrationSize, GateSettings, Spin, TimeRecord
from bench.render.gate import render_calibration
from bench.studies.gate import with_model


def records(pairs: int, spread: float) -> list[TimeRecord]:
    rng = random.Random(3)
    found = []
    for slowdown in SLOWDOWNS:
        ratios = [math.log1p(slowdown) + rng.gauss(0, spread) for _ in range(pairs)]
        low, high = math.exp(min(ratios)), math.exp(max(ratios))
        found.append(TimeRecord(signal="time", impl="c", limit=1000, slowdown=slowdown, clock="cpu",
                                ratio=1 + slowdown, low=low, high=high, pairs=pairs, seconds=12.0,
                                half_width=(math.log(high) - math.log(low)) / 2, alarm=slowdown >= 0.05,
                                log_ratios=ratios, size="ci", round=0))
    return found


def calibration(pairs: int = 40) -> CalibrationResult:
    size = CalibrationSize("ci", GateSettings(1000, 100, 2, 40, ("time",), 500, 60.0, 7), 1)
    return with_model(CalibrationResult(schema=2, spin=Spin(7.0, 1.4e-9), seconds=90.0, sizes=[size],
                                        records=list(records(pairs, 0.001))))


def cells(text: str, first: str) -> list[str]:
    """The cells of the first table row that starts with `first`."""
    line = next(line for line in text.splitlines() if line.startswith(f"| {first} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_report_shows_rates_rounds_and_the_simulation() -> None:
    text = render_calibration(calibration())
    assert "| time | ci | 5% | 1 of 1 |" in text
    assert "| time | ci | 0% | 0 of 1 |" in text
    assert cells(text, "ci | c")[:4] == ["ci", "c", "40 (40 .. 40)", "12"]
    simulated = cells(text, "ci | c | 200")
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
    assert cells(render_calibration(calibration(pairs=80)), "ci | c")[2] == "80 (80 .. 80)"


def test_each_committed_gate_page_is_the_rendering_of_its_hosts_runs() -> None:
    committed = sorted(RESULTS.glob("hosts/*/gate.json"))
    assert committed, "no results/hosts/*/gate.json: run `make calibrate`"
    for path in committed:
        assert (path.parent / "gate.md").read_text() == render_calibration(load(path, CalibrationResult)), \
            f"run `make report` to refresh {path.parent.name}/gate.md"


def test_without_its_model_the_page_says_so_instead_of_computing_it() -> None:
    bare = calibration()
    bare.model = None
    text = render_calibration(bare)
    assert "## The model" in text and "| ci | c | 200 |" not in text
