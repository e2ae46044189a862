"""The files for github-action-benchmark and Bencher, checked against each tool's own definition of its format,
and the alert thresholds of the CI workflow against the committed calibrations."""

from __future__ import annotations

import copy
import functools
import json
import math
import re

import pytest

from bench.analyse.derive import load
from bench.core.paths import RESULTS, ROOT
from bench.core.results import CalibrationResult, Estimate
from bench.studies.gate import BENCHER_FILE, BENCHMARK_ACTION_FILES, Outcome, alarms, export_files, instruction_change

# github-action-benchmark src/extract.ts: BenchmarkResult = z.object({name: z.coerce.string(), value:
# z.coerce.number(), range: z.coerce.string().optional(), unit: z.coerce.string(), extra:
# z.coerce.string().optional()}), and src/extractRangeInfo.ts reads a range as /(\+-|±)\s*(\d.*)/ then Number().
ACTION_FIELDS = {"name": str, "value": (int, float), "unit": str, "range": str, "extra": str}
ACTION_REQUIRED = {"name", "value", "unit"}
RANGE = re.compile(r"(?P<prefix>(\+-|±)\s*)(?P<value>\d.*)")
# github-action-benchmark src/normalizeValueByUnit.ts: the time units it converts between.
ACTION_TIME_UNITS = {"s", "ms", "us", "ns"}
# Bencher lib/bencher_json/src/project/metric/mod.rs: JsonNewMetric {value: f64, lower_value: Option<f64>,
# upper_value: Option<f64>}; lib/bencher_json/src/project/measure/built_in.rs: the built-in measures'
# slugs and units (latency in nanoseconds, instructions in instructions); BenchmarkName: 1 to 1024 bytes.
BENCHER_FIELDS = {"value", "lower_value", "upper_value"}
BENCHER_MEASURES = {"latency", "instructions"}


def outcomes() -> list[Outcome]:
    c = Outcome("c", 1_000_000, instructions=instruction_change([1000, 1002], 1001), clock="cpu",
                time=Estimate(1.0, 0.99, 1.01, 40), base_time=Estimate(0.115, 0.114, 0.116, 40),
                head_time=Estimate(0.1152, 0.1149, 0.1161, 40))
    pool = Outcome("python-multiprocessing", 100_000, instruction_note="time only", clock="wall",
                   time=Estimate(1.0, 0.9, 1.1, 200), base_time=Estimate(0.9, 0.0, math.inf, 12),
                   head_time=Estimate(0.91, 0.0, math.inf, 12))
    return [c, pool, Outcome("new", status="added")]


@pytest.fixture
def files() -> dict[str, object]:
    return {name: json.loads(text) for name, text in export_files(outcomes(), "abc123", "zen4").items()}


def check_benchmark_action(entries: object) -> None:
    """What github-action-benchmark's zod schema and range parser accept, held strictly (no coercion)."""
    assert isinstance(entries, list)
    for entry in entries:
        assert ACTION_REQUIRED <= set(entry) <= set(ACTION_FIELDS), entry
        for key, value in entry.items():
            assert isinstance(value, ACTION_FIELDS[key]) and not isinstance(value, bool), (key, value)
        assert math.isfinite(entry["value"]) and entry["value"] > 0
        if "range" in entry:
            match = RANGE.fullmatch(entry["range"])
            assert match and math.isfinite(float(match["value"])), entry["range"]


def check_bencher(results: object) -> None:
    """What Bencher's JsonResultsMap (benchmark -> measure -> JsonNewMetric) deserialises."""
    assert isinstance(results, dict)
    for benchmark, measures in results.items():
        assert 1 <= len(benchmark.encode()) <= 1024 and isinstance(measures, dict)
        for measure, metric in measures.items():
            assert measure in BENCHER_MEASURES and "value" in metric and set(metric) <= BENCHER_FIELDS
            assert all(isinstance(v, float) and math.isfinite(v) for v in metric.values()), metric
            assert metric.get("lower_value", metric["value"]) <= metric["value"] <= metric.get("upper_value", math.inf)


def test_each_file_holds_the_tools_format(files) -> None:
    assert set(files) == {*BENCHMARK_ACTION_FILES.values(), BENCHER_FILE}
    for name in BENCHMARK_ACTION_FILES.values():
        check_benchmark_action(files[name])
    check_bencher(files[BENCHER_FILE])


def test_every_gated_signal_of_the_head_side_with_its_unit_interval_and_context(files) -> None:
    instructions, time = (files[BENCHMARK_ACTION_FILES[s]] for s in ("instructions", "time"))
    # The process pool's instruction counts do not repeat: the gate judges it on time only.
    assert [e["name"] for e in instructions] == ["c"] and [e["name"] for e in time] == ["c", "python-multiprocessing"]
    assert instructions[0] | {"extra": ""} == {"name": "c", "unit": "instructions", "value": 1001,
                                               "range": "± 2", "extra": ""}  # base 1000 and 1002
    assert time[0]["unit"] == "ms" and time[0]["value"] == pytest.approx(115.2)
    assert time[0]["unit"] in ACTION_TIME_UNITS  # one the action converts between
    assert float(RANGE.fullmatch(time[0]["range"])["value"]) == pytest.approx(0.9)  # the farther bound
    assert "range" not in time[1]  # unbounded: no interval to give
    assert time[0]["extra"].splitlines() == ["commit: abc123", "host: zen4", "LIMIT: 1000000"]
    assert time[1]["extra"].splitlines()[2] == "LIMIT: 100000"
    assert files[BENCHER_FILE] == {
        "c": {"instructions": {"value": 1001.0, "lower_value": pytest.approx(999.0), "upper_value":
                               pytest.approx(1003.0)},
              "latency": {"value": pytest.approx(115.2e6), "lower_value": pytest.approx(114.9e6),
                          "upper_value": pytest.approx(116.1e6)}},
        "python-multiprocessing": {"latency": {"value": pytest.approx(910e6)}}}


@functools.cache
def committed_calibrations() -> tuple[CalibrationResult, ...]:
    return tuple(load(path, CalibrationResult) for path in sorted(RESULTS.glob("hosts/*/gate.json")))


def calibrations() -> list[CalibrationResult]:
    """The committed calibrations, read once (each read runs the model's resamplings), a copy for each test."""
    found = copy.deepcopy(list(committed_calibrations()))
    assert found, "no results/hosts/*/gate.json: run `make calibrate`"
    return found


def alert_threshold(results: list[CalibrationResult], signal: str, size: str = "ci") -> float | None:
    """The smallest slowdown caught in every comparison of every calibration, where no comparison without one
    gave an alarm: the change a history alert should flag. None when there is none or a false alarm was seen."""
    found: dict[float, list[bool]] = {}
    for result in results:
        for slowdown, hits, total, _ in alarms(result.records, signal, size):
            found.setdefault(slowdown, []).append(hits == total if slowdown else hits == 0)
    if not all(found.get(0.0, [False])):
        return None
    return min((s for s, caught in found.items() if s > 0 and all(caught)), default=None)


def test_the_workflow_alerts_at_the_smallest_slowdown_every_calibration_caught() -> None:
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    chosen = re.findall(r"- signal: (\w+)\n\s+threshold: \"(\d+)%\"", workflow)  # the alert and history jobs
    thresholds = {signal: alert_threshold(calibrations(), signal) for signal in BENCHMARK_ACTION_FILES}
    assert thresholds == {"instructions": 0.01, "time": 0.05}
    assert len(chosen) == 4 and {(signal, int(value)) for signal, value in chosen} == \
        {(signal, round(100 * (1 + t))) for signal, t in thresholds.items()}


def test_no_threshold_where_a_level_was_missed_or_a_false_alarm_seen() -> None:
    found = calibrations()
    assert alert_threshold(found, "time", size="small") == 0.10  # 5% at the small size: 3 of 8 on Zen 4
    for record in found[0].records:
        if record.signal == "time" and record.size == "ci" and record.slowdown == 0:
            record.alarm = True
    assert alert_threshold(found, "time") is None
