"""The result files: typed records that read and write every committed file unchanged, and refuse
another version or a wrong shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.core.paths import RESULTS
from bench.core.results import (
    FILES,
    BenchResult,
    CalibrationResult,
    SchemaError,
    TimeRecord,
    dumps,
    load,
    loads,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"


COMMITTED = sorted(p for p in [*RESULTS.glob("hosts/*/*.json"), *FIXTURES.glob("*.json")] if p.name in FILES)


def test_there_are_committed_result_files():
    assert {p.name for p in COMMITTED} >= {"primes.json", "scaling.json", "threads.json", "gate.json"}


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_file_reads_and_writes_back_byte_for_byte(path):
    assert dumps(load(path, FILES[path.name].record)) == path.read_text()


def test_the_calibration_file_reads_into_typed_records():
    path = next(p for p in COMMITTED if p.name == "gate.json")
    result = load(path, CalibrationResult)
    times = [r for r in result.records if isinstance(r, TimeRecord)]
    assert times and all(r.clock in ("cpu", "wall") for r in times)


def test_a_calibration_file_from_before_the_version_field_is_taken_as_version_1_and_refused():
    with pytest.raises(SchemaError, match="schema 1, but this harness reads schema 2"):
        loads(json.dumps({"spin": {}, "seconds": 1.0, "sizes": [], "records": []}), CalibrationResult, "gate.json")
    with pytest.raises(SchemaError, match="no schema version"):
        loads(json.dumps({"spin": {}, "seconds": 1.0, "records": []}), CalibrationResult, "gate.json")


@pytest.mark.parametrize("version, shown", [(None, "no schema version"), (1, "schema 1"), ("2", "schema '2'")])
def test_another_version_names_the_file_and_both_versions(version, shown):
    data = json.loads((FIXTURES / "primes.json").read_text())
    data.pop("schema")
    if version is not None:
        data["schema"] = version
    with pytest.raises(SchemaError) as caught:
        loads(json.dumps(data), BenchResult, "results/primes.json")
    wanted = FILES["primes.json"].version
    assert str(caught.value).startswith(f"results/primes.json: {shown}, but this harness reads schema {wanted}")


@pytest.mark.parametrize("change, message", [
    (lambda d: d["implementations"][0]["timing"].pop("median"), "implementations[0].timing: missing 'median'"),
    (lambda d: d["implementations"][0].update(speed=1), "implementations[0]: unexpected 'speed'"),
    (lambda d: d.update(limit="many"), "limit: expected int, found str"),
    (lambda d: d["implementations"][0]["timing"].update(times={}), "timing.times: expected a list"),
])
def test_a_wrong_shape_is_named_by_its_place(change, message):
    data = json.loads((FIXTURES / "primes.json").read_text())
    change(data)
    with pytest.raises(SchemaError, match=message.replace("[", r"\[").replace("]", r"\]")):
        loads(json.dumps(data), BenchResult, "primes.json")


def test_text_that_is_not_json_is_refused():
    with pytest.raises(SchemaError, match="primes.json: not JSON"):
        loads("{", BenchResult, "primes.json")
