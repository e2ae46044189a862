"""The gate's calibration: resampling, simulated rates and the report, on synthetic records."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest

from bench import calibrate
from bench.calibrate import SLOWDOWNS, Spin, render, resample, simulate
from bench.regress import Settings


def test_resampling_draws_runs_of_consecutive_pairs() -> None:
    measured = [float(i) for i in range(100)]
    drawn = resample(measured, 10, random.Random(1))
    assert len(drawn) == 10
    for i in range(0, 8, calibrate.BLOCK):
        block = drawn[i:i + calibrate.BLOCK]
        assert block == [block[0] + k for k in range(len(block))]


def test_simulated_rates_rise_with_the_slowdown_and_quiet_pairs_never_alarm() -> None:
    rng = random.Random(2)
    quiet = [rng.gauss(0, 0.002) for _ in range(80)]
    rates = simulate(quiet, 40, rng)
    assert rates[0] == 0 and rates[1] == 0
    assert rates[SLOWDOWNS.index(0.05)] == 1 and rates[-1] == 1
    noisy = [rng.gauss(0, 0.08) for _ in range(80)]
    loud = simulate(noisy, 40, rng)
    assert loud[0] == 0 and loud[SLOWDOWNS.index(0.05)] < 0.5


def test_the_noise_is_every_comparison_centred_on_its_own_median() -> None:
    offset = [{"log_ratios": [0.01, 0.02, 0.03]}, {"log_ratios": [-0.5, -0.4, -0.6]}]
    assert calibrate.centred_noise(offset) == pytest.approx([-0.01, 0.0, 0.01, 0.0, 0.1, -0.1])


def test_resampling_nothing_is_an_error() -> None:
    with pytest.raises(ValueError):
        resample([], 4, random.Random(0))


def test_render_only_refuses_a_file_from_an_older_calibrate(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "gate.json").write_text(json.dumps({"spin": {}, "seconds": 1.0, "records": []}))
    out = tmp_path / "gate.md"
    assert calibrate.main(["--render", "--json", str(tmp_path / "gate.json"), "--out", str(out)]) == 2
    assert "run make calibrate" in capsys.readouterr().err
    assert not out.exists()


def records(pairs: int, spread: float) -> list[dict]:
    rng = random.Random(3)
    found = []
    for slowdown in SLOWDOWNS:
        ratios = [math.log1p(slowdown) + rng.gauss(0, spread) for _ in range(pairs)]
        low, high = math.exp(min(ratios)), math.exp(max(ratios))
        found.append({"signal": "time", "impl": "c", "limit": 1000, "slowdown": slowdown, "measure": "cpu",
                      "ratio": 1 + slowdown, "low": low, "high": high, "pairs": pairs, "seconds": 12.0,
                      "half_width": (math.log(high) - math.log(low)) / 2, "alarm": slowdown >= 0.05,
                      "log_ratios": ratios, "size": "ci", "round": 0})
    return found


def test_report_shows_rates_pairs_and_the_simulation(tmp_path: Path) -> None:
    sizes = [("ci", Settings(1000, 100, 2, 40, ("time",), 500, 60.0), 1)]
    text = render(records(40, 0.001), sizes, Spin(7.0, 1.4e-9), 90.0)
    assert "| time | ci | 5% | detected: 1 of 1 (100%) |" in text
    assert "| time | ci | 0% | false alarms: 0 of 1 (0%) |" in text
    assert "| ci | c | 40 (40 .. 40) | 12 s |" in text
    assert "40 pairs, then 20 more at a time to the imprecise ones, within 60 s in all" in text
    simulated = next(line for line in text.splitlines() if line.startswith("| ci | c | 200 |"))
    rates = [float(cell.strip(" %")) for cell in simulated.strip("|").split("|")[-5:]]
    assert rates[:2] == [0.0, 0.0] and rates[2] < 1.0 and rates[3:] == [100.0, 100.0]


def test_render_only_reuses_the_recorded_runs_and_settings(tmp_path: Path) -> None:
    sizes = [("ci", Settings(1000, 100, 2, 40, ("time",), 500, 60.0), 1)]
    data = {"spin": {"instructions": 7.0, "seconds": 1.4e-9}, "seconds": 90.0,
            "sizes": [("ci", vars(sizes[0][1]) | {"signals": ["time"]}, 1)], "records": records(40, 0.001)}
    (tmp_path / "gate.json").write_text(json.dumps(data))
    out = tmp_path / "gate.md"
    assert calibrate.main(["--render", "--json", str(tmp_path / "gate.json"), "--out", str(out)]) == 0
    assert out.read_text() == render(data["records"], sizes, Spin(7.0, 1.4e-9), 90.0)
