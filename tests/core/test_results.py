"""The result files: typed records that read every committed file and every older version of it, and
refuse a newer or unknown version or a wrong shape."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from bench.core.paths import RESULTS
from bench.core.results import (
    FILES,
    BenchResult,
    CalibrationResult,
    ScalingResult,
    SchemaError,
    ThreadsResult,
    TimeRecord,
    as_data,
    dumps,
    load,
    loads,
    migrated,
)
from bench.render.gate import render_calibration
from bench.render.host import render, scaling_page
from tests.doctor import FIXTURES

COMMITTED = sorted(p for p in [*RESULTS.glob("hosts/*/*.json"), *FIXTURES.glob("*.json")] if p.name in FILES)
# Real files of older versions, each as its make target wrote it; schema1/gate.json with the records of
# every implementation but c and c-openmp deleted. schema3/primes.json: a small make bench of the current
# version (LIMIT=20000, c, go and python), the input of the next version's step.
SAMPLES = [FIXTURES / "schema1" / "gate.json", FIXTURES / "schema3" / "primes.json"]


def raw(path: Path) -> dict:
    return json.loads(path.read_text())


def test_there_are_committed_result_files():
    assert {p.name for p in COMMITTED} >= {"primes.json", "scaling.json", "threads.json", "gate.json"}


@pytest.mark.parametrize("path", [*COMMITTED, *SAMPLES], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_file_reads_into_records_that_hold_all_of_its_migrated_data(path):
    """Nothing of a file is lost on the way in: the records write back exactly its migrated JSON, and a
    file of the current version byte for byte."""
    record = load(path, FILES[path.name].record)
    assert as_data(record) == migrated(raw(path), path.name, str(path))
    assert record.schema == FILES[path.name].version
    assert dumps(loads(dumps(record), type(record), "again")) == dumps(record)
    if raw(path).get("schema") == FILES[path.name].version:
        assert dumps(record) == path.read_text()


def test_a_file_of_the_current_version_is_among_them():
    assert any(raw(p).get("schema") == FILES[p.name].version for p in [*COMMITTED, *SAMPLES] if p.name == "primes.json")


def test_every_step_of_every_kind_of_file_is_tried_on_a_real_file_of_its_version():
    tried = {(p.name, migrated_from(p)) for p in [*COMMITTED, *SAMPLES]}
    assert {(kind, version) for kind, f in FILES.items() for version in f.steps} <= tried


def migrated_from(path: Path) -> int:
    data = raw(path)
    return data.get("schema", 1)


@pytest.mark.parametrize("name", ["primes.json", "scaling.json", "threads.json"])
def test_the_fixtures_are_real_schema_2_files(name):
    # The 2 -> 3 steps are tested on them: keep them as make bench and make scaling wrote them.
    assert raw(FIXTURES / name)["schema"] == 2


def test_a_schema_2_bench_file_keeps_its_measured_values_and_its_start_up_session():
    old = raw(FIXTURES / "primes.json")
    data = load(FIXTURES / "primes.json", BenchResult)
    assert [e.name for e in data.implementations] == [e["name"] for e in old["implementations"]]
    for entry, was in zip(data.implementations, old["implementations"]):
        assert entry.answer.peak_rss_kib == was["peak_rss_kib"] == was["answer"]["peak_rss_kib"]
        assert entry.timing.median == was["timing"]["median"] and entry.timing.runs == len(was["timing"]["times"])
        # Its start-up was measured in a session of its own, and stays what the page showed.
        assert entry.startup.median == was["startup"]["median"]
    assert data.startup_session is not None
    assert len(data.startup_session.rounds) == len(old["startup_session"]["rounds"])
    assert data.settings.startup_budget_s == old["settings"]["startup_budget_s"]
    # Every ratio as measured; its half-width in schema 3's one unit, (log high - log low) / 2.
    assert [{**r, "half_width": None} for r in as_data(data.ratios)] == \
        [{**r, "half_width": None} for r in old["ratios"]]
    assert all(r.half_width == pytest.approx((math.log(r.high) - math.log(r.low)) / 2) for r in data.ratios if r.low)
    assert any(r["low"] and r["half_width"] != pytest.approx((math.log(r["high"]) - math.log(r["low"])) / 2)
               for r in old["ratios"]), "schema 2 wrote another unit"
    stored = dumps(data)
    assert '"times"' not in stored.split('"session"')[0] and '"verified"' not in stored


def test_a_schema_2_scaling_file_keeps_its_points():
    old = raw(FIXTURES / "scaling.json")
    data = load(FIXTURES / "scaling.json", ScalingResult)
    for entry, was in zip(data.implementations, old["implementations"]):
        assert [(p.limit, p.timing.median) for p in entry.points] == \
            [(p["limit"], p["timing"]["median"]) for p in was["points"] if p.pop("verified")]
        assert entry.startup.median == was["startup"]["median"]


def test_a_schema_2_threads_file_keeps_its_speedups():
    old = raw(FIXTURES / "threads.json")
    data = load(FIXTURES / "threads.json", ThreadsResult)
    for entry, was in zip(data.implementations, old["implementations"]):
        assert entry.twin_timing.median == was["twin_timing"]["median"]
        assert [{**as_data(p.speedup), "half_width": None} for p in entry.points] == \
            [{**p["speedup"], "half_width": None} for p in was["points"]]
        assert all(p.speedup.half_width == pytest.approx((math.log(p.speedup.high) - math.log(p.speedup.low)) / 2)
                   for p in entry.points if p.speedup.low)
        assert [p.timing.runs for p in entry.points] == [len(p["timing"]["times"]) for p in was["points"]]


def test_a_schema_1_calibration_file_names_its_clocks_and_says_its_pairs_had_no_seed():
    path = FIXTURES / "schema1" / "gate.json"
    old = raw(path)
    assert "schema" not in old, "written before the version field"
    result = load(path, CalibrationResult)
    times = [r for r in result.records if isinstance(r, TimeRecord)]
    assert [r.clock for r in times] == [r["measure"] for r in old["records"] if r["signal"] == "time"]
    assert {r.clock for r in times} == {"cpu", "wall"}
    assert all(size.settings.seed is None for size in result.sizes)
    assert [r.ratio for r in times] == [r["ratio"] for r in old["records"] if r["signal"] == "time"]


@pytest.mark.parametrize("path", [*SAMPLES, *(FIXTURES / n for n in ("primes.json", "scaling.json", "threads.json"))],
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_sample_of_a_version_renders(path):
    record = load(path, FILES[path.name].record)
    if isinstance(record, CalibrationResult):
        page = render_calibration(record)
        assert "the pairs in ABBA order" in page
    elif isinstance(record, BenchResult):
        page = render(record)
        assert "## The article's claims" in page
    else:
        page = scaling_page(*((record, None) if isinstance(record, ScalingResult) else (None, record)))
    assert page.startswith("#")


def test_a_schema_1_file_timed_before_interleaved_rounds_is_refused_with_why():
    # A real threads.json of schema 1: every ratio of this harness is taken within a round, and it has none.
    with pytest.raises(SchemaError) as caught:
        load(FIXTURES / "schema1" / "threads.json", ThreadsResult)
    message = str(caught.value)
    assert message.startswith(f"{FIXTURES / 'schema1' / 'threads.json'}: schema 1, but this harness reads schema 3")
    assert "no ratio of it was taken within a round" in message and "\n" not in message


def test_the_calibration_file_reads_into_typed_records():
    path = next(p for p in COMMITTED if p.name == "gate.json")
    result = load(path, CalibrationResult)
    times = [r for r in result.records if isinstance(r, TimeRecord)]
    assert times and all(r.clock in ("cpu", "wall") for r in times)


def test_a_calibration_file_from_before_the_version_field_is_taken_as_version_1_and_one_without_sizes_refused():
    data = loads(json.dumps({"spin": {"instructions": 7.0, "seconds": 1e-9}, "seconds": 1.0, "sizes": [],
                             "records": []}), CalibrationResult, "gate.json")
    assert data.schema == 2
    with pytest.raises(SchemaError, match="no schema version"):
        loads(json.dumps({"spin": {}, "seconds": 1.0, "records": []}), CalibrationResult, "gate.json")


@pytest.mark.parametrize("version, shown", [(None, "no schema version"), (1, "schema 1"), ("2", "schema '2'"),
                                            (True, "schema True"), (4, "schema 4")])
def test_another_version_names_the_file_and_both_versions(version, shown):
    data = raw(FIXTURES / "primes.json")
    data.pop("schema")
    if version is not None:
        data["schema"] = version
    with pytest.raises(SchemaError) as caught:
        loads(json.dumps(data), BenchResult, "results/primes.json")
    wanted = FILES["primes.json"].version
    assert str(caught.value).startswith(f"results/primes.json: {shown}, but this harness reads schema {wanted}")
    assert "newer harness" in str(caught.value) if version == 4 else "make target" in str(caught.value)


def test_a_migration_step_refuses_a_file_whose_shape_is_not_of_its_version():
    data = raw(FIXTURES / "primes.json")
    del data["implementations"][0]["answer"]
    with pytest.raises(SchemaError, match=r"^primes.json: not a schema-2 primes.json \(KeyError: 'answer'\)$"):
        loads(json.dumps(data), BenchResult, "primes.json")


def test_a_migration_refuses_two_values_of_one_quantity():
    data = raw(FIXTURES / "primes.json")
    data["implementations"][0]["peak_rss_kib"] += 1
    with pytest.raises(SchemaError, match="primes.json: implementations\\['c'\\]: two peak RSS values"):
        loads(json.dumps(data), BenchResult, "primes.json")


@pytest.mark.parametrize("change, message", [
    (lambda d: d["implementations"][0]["timing"].pop("median"), "implementations[0].timing: missing 'median'"),
    (lambda d: d["implementations"][0].update(speed=1), "implementations[0]: unexpected 'speed'"),
    (lambda d: d.update(limit="many"), "limit: expected int, found str"),
    (lambda d: d["implementations"][0]["timing"].update(runs=[]), "timing.runs: expected int, found list"),
])
def test_a_wrong_shape_is_named_by_its_place(change, message):
    data = json.loads((FIXTURES / "primes.json").read_text())
    change(data)
    with pytest.raises(SchemaError, match=message.replace("[", r"\[").replace("]", r"\]")):
        loads(json.dumps(data), BenchResult, "primes.json")


def test_text_that_is_not_json_is_refused():
    with pytest.raises(SchemaError, match="primes.json: not JSON"):
        loads("{", BenchResult, "primes.json")
