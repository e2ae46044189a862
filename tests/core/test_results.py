"""The result files: typed records that read and write every committed file unchanged, and refuse
another version or a wrong shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.core.paths import RESULTS
from bench.core.results import (
    FILES,
    SCHEMA,
    BenchResult,
    CalibrationResult,
    SchemaError,
    TimeRecord,
    dumps,
    load,
    loads,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.mark.parametrize("folder", [RESULTS, FIXTURES], ids=["results", "fixtures"])
@pytest.mark.parametrize("name", ["primes.json", "scaling.json", "threads.json"])
def test_every_file_reads_and_writes_back_byte_for_byte(folder, name):
    path = folder / name
    if not path.exists():
        pytest.skip(f"no {path}")
    cls, _ = FILES[name]
    assert dumps(load(path, cls)) == path.read_text()


def test_the_calibration_file_reads_into_typed_records_and_keeps_its_data():
    path = RESULTS / "gate.json"
    result = load(path, CalibrationResult)
    times = [r for r in result.records if isinstance(r, TimeRecord)]
    assert times and all(r.clock in ("cpu", "wall") for r in times)
    original = json.loads(path.read_text())
    written = json.loads(dumps(result))
    assert written.pop("schema") == SCHEMA
    assert written == {k: v for k, v in original.items() if k != "schema"}


def test_a_calibration_file_from_before_the_size_records_is_refused():
    with pytest.raises(SchemaError, match="no schema version, but this harness reads schema 1"):
        loads(json.dumps({"spin": {}, "seconds": 1.0, "records": []}), CalibrationResult, "gate.json")


@pytest.mark.parametrize("version, shown", [(None, "no schema version"), (0, "schema 0"), (2, "schema 2")])
def test_another_version_names_the_file_and_both_versions(version, shown):
    data = json.loads((FIXTURES / "primes.json").read_text())
    data.pop("schema")
    if version is not None:
        data["schema"] = version
    with pytest.raises(SchemaError) as caught:
        loads(json.dumps(data), BenchResult, "results/primes.json")
    assert str(caught.value).startswith(f"results/primes.json: {shown}, but this harness reads schema {SCHEMA}")


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
