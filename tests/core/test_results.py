"""The result files: typed records that read every committed file and every older version of it, and
refuse a newer or unknown version or a wrong shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.analyse.derive import load
from bench.core.paths import RESULTS
from bench.core.results import (
    FILES,
    BenchResult,
    CalibrationResult,
    InstructionRecord,
    ScalingResult,
    SchemaError,
    ThreadsResult,
    TimeRecord,
    as_data,
    dumps,
    loads,
    migrated,
)
from bench.render.host import render
from bench.studies.gate import render_calibration
from bench.studies.scaling import page as scaling_page
from tests.doctor import FIXTURES

COMMITTED = sorted(p for p in [*RESULTS.glob("hosts/*/*.json"), *FIXTURES.glob("*.json")] if p.name in FILES)
# Real files of the previous versions, each as its make target wrote it; schema2/gate.json with the records
# of c and python-multiprocessing's counts alone (Rocket Lake's), schema2/pairs/gate.json the same of the earlier
# pair timer (the first EPYC's); schema3/primes.json whole (Zen 5's); schema3/threads.json with one
# implementation of Zen 2's; schema3/scaling.json with Zen 2's python alone, its rounds without the other
# programs' runs.
SAMPLES = [FIXTURES / "schema2" / "gate.json", FIXTURES / "schema2" / "pairs" / "gate.json",
           *(FIXTURES / "schema3" / n for n in ("primes.json", "scaling.json", "threads.json"))]


def raw(path: Path) -> dict:
    return json.loads(path.read_text())


def test_there_are_committed_result_files_of_every_kind_and_of_the_current_version():
    assert {p.name for p in COMMITTED} >= {"primes.json", "scaling.json", "threads.json", "gate.json"}
    assert any(raw(p).get("schema") == FILES[p.name].version for p in COMMITTED if p.name == "primes.json")


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


def test_every_step_of_every_kind_of_file_is_tried_on_a_real_file_of_its_version():
    tried = {(p.name, raw(p).get("schema", 1)) for p in [*COMMITTED, *SAMPLES]}
    assert {(kind, version) for kind, f in FILES.items() for version in f.steps} <= tried


def rounded(value: object) -> object:
    """value with every float to 9 significant digits, for comparing figures computed again; the centre
    of an estimate, which schema 3 named median or value, named estimate, and fields without a value left out."""
    if isinstance(value, float):
        return float(f"{value:.9g}")
    if isinstance(value, dict):
        return {{"median": "estimate", "value": "estimate"}.get(k, k): rounded(v) for k, v in value.items()
                if v is not None}
    return [rounded(v) for v in value] if isinstance(value, list) else value


def like(derived: object, stored: object) -> object:
    """derived with only the fields stored has, at every level."""
    if isinstance(derived, dict) and isinstance(stored, dict):
        return {k: like(v, stored[k]) for k, v in derived.items() if k in stored}
    if isinstance(derived, list) and isinstance(stored, list) and len(derived) == len(stored):
        return [like(d, s) for d, s in zip(derived, stored)]
    return derived


def stored_and_derived(name: str) -> tuple[dict, dict]:
    """A schema-3 sample as stored, and as data again from its records, statistics included, in the
    stored fields alone."""
    path = FIXTURES / "schema3" / name
    stored = rounded(migrated(raw(path), name, str(path), upto=3))
    return stored, like(rounded(as_data(load(path, FILES[name].record), derived=True)), stored)


def test_a_schema_3_bench_file_gives_the_statistics_it_stored_and_stores_none():
    old, new = stored_and_derived("primes.json")
    assert new["ratios"] == old["ratios"]
    assert new["costs"] == old["costs"] and new["clock"] == old["clock"]
    for entry, was in zip(new["implementations"], old["implementations"]):
        assert entry["timing"] == was["timing"] and entry["startup"] == was["startup"]
    stored = json.loads(dumps(load(FIXTURES / "schema3" / "primes.json", BenchResult)))
    assert not {"ratios", "costs", "divisions", "expected"} & set(stored) and "mhz" not in stored["clock"]
    assert not any({"timing", "startup"} & set(e) or "expected" in e["answer"] for e in stored["implementations"])
    assert stored["session"]["ratios"] == [("compute " if r.get("compute") else "") + (
        f"({r['numerator']}/{r['denominator']})/({r['over'][0]}/{r['over'][1]})" if r.get("over")
        else f"{r['numerator']}/{r['denominator']}") for r in old["ratios"]]


def test_a_schema_3_scaling_file_gives_the_timings_it_stored():
    old, new = stored_and_derived("scaling.json")
    for entry, was in zip(new["implementations"], old["implementations"]):
        assert [p["timing"] for p in entry["points"]] == [p["timing"] for p in was["points"]]
        assert entry["startup"] == was["startup"]
    assert new["clock"]["mhz"] == old["clock"]["mhz"]


def test_a_schema_3_threads_file_gives_the_speedups_and_breakdowns_it_stored():
    old, new = stored_and_derived("threads.json")
    (entry,), (was,) = new["implementations"], old["implementations"]
    (threads,) = load(FIXTURES / "schema3" / "threads.json", ThreadsResult).implementations
    assert (threads.schedule, threads.block) == ("cyclic", 1024)
    for key in ("speedup", "compute_speedup", "breakdown", "timing", "startup"):
        assert [p.get(key) for p in entry["points"]] == [p.get(key) for p in was["points"]]
    assert entry["twin_timing"] == was["twin_timing"]


def test_a_schema_2_calibration_file_keeps_its_runs_and_gives_the_figures_it_stored():
    path = FIXTURES / "schema2" / "gate.json"
    old = raw(path)["records"]
    result = load(path, CalibrationResult)
    assert [r.log_ratios for r in result.records if isinstance(r, TimeRecord)] == \
        [r["log_ratios"] for r in old if r["signal"] == "time"]
    # The processes its time-only reason named: python-multiprocessing's pool and its two workers.
    assert {(r.impl, r.processes) for r in result.records if isinstance(r, InstructionRecord)} == \
        {("c", 1), ("python-multiprocessing", 3)}
    for new, was in zip(result.records, old):
        assert (new.alarm, new.ratio if isinstance(new, TimeRecord) else new.change) == \
            (was["alarm"], was["ratio" if was["signal"] == "time" else "change"])
    assert as_data(result.model) == raw(path)["model"]


def test_the_earlier_pair_timers_intervals_give_way_to_the_one_estimate_of_its_pairs():
    path = FIXTURES / "schema2" / "pairs" / "gate.json"
    old = [r for r in raw(path)["records"] if r["signal"] == "time"]
    times = [r for r in load(path, CalibrationResult).records if isinstance(r, TimeRecord)]
    assert [r.pairs for r in times] == [len(r["log_ratios"]) for r in old]
    assert [r.ratio for r in times] != [r["ratio"] for r in old]  # Wilcoxon's, no longer computed


@pytest.mark.parametrize("path", [*SAMPLES, *(FIXTURES / n for n in ("primes.json", "scaling.json", "threads.json"))],
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_sample_of_a_version_renders(path):
    record = load(path, FILES[path.name].record)
    if isinstance(record, CalibrationResult):
        page = render_calibration(record)
        assert "## The model" in page and "| ci | `c` |" in page
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
    assert message.startswith(f"{FIXTURES / 'schema1' / 'threads.json'}: schema 1, but this harness reads schema 4")
    assert "no ratio of it was taken within a round" in message and "\n" not in message


def test_the_calibration_file_reads_into_typed_records():
    path = next(p for p in COMMITTED if p.name == "gate.json")
    result = load(path, CalibrationResult)
    times = [r for r in result.records if isinstance(r, TimeRecord)]
    assert times and all(r.clock in ("cpu", "wall") for r in times)


def test_a_calibration_file_from_before_the_version_field_is_taken_as_version_1_and_refused_with_why():
    for data, said in (({"spin": {}, "seconds": 1.0, "sizes": [], "records": []}, "schema 1, but"),
                       ({"spin": {}, "seconds": 1.0, "records": []}, "no schema version")):
        with pytest.raises(SchemaError, match=said):
            loads(json.dumps(data), CalibrationResult, "gate.json")


@pytest.mark.parametrize("version, shown", [(None, "no schema version"), (1, "schema 1"), ("2", "schema '2'"),
                                            (True, "schema True"), (2, "schema 2"), (5, "schema 5")])
def test_another_version_names_the_file_and_both_versions(version, shown):
    data = raw(FIXTURES / "primes.json")
    data.pop("schema")
    if version is not None:
        data["schema"] = version
    with pytest.raises(SchemaError) as caught:
        loads(json.dumps(data), BenchResult, "results/primes.json")
    wanted = FILES["primes.json"].version
    assert str(caught.value).startswith(f"results/primes.json: {shown}, but this harness reads schema {wanted}")
    assert "newer harness" in str(caught.value) if version == 5 else "make target" in str(caught.value)


def test_a_migration_step_refuses_a_file_whose_shape_is_not_of_its_version():
    data = raw(FIXTURES / "schema3" / "primes.json")
    del data["implementations"][0]["timing"]
    with pytest.raises(SchemaError, match=r"^primes.json: not a schema-3 primes.json \(KeyError: 'timing'\)$"):
        loads(json.dumps(data), BenchResult, "primes.json")


@pytest.mark.parametrize("change, message", [
    (lambda d: d["implementations"][0].pop("answer"), "implementations[0]: missing 'answer'"),
    (lambda d: d["implementations"][0].update(speed=1), "implementations[0]: unexpected 'speed'"),
    (lambda d: d.update(limit="many"), "limit: expected int, found str"),
    (lambda d: d["session"]["rounds"][0].update(number=[]), "rounds[0].number: expected int, found list"),
])
def test_a_wrong_shape_is_named_by_its_place(change, message):
    data = json.loads((FIXTURES / "primes.json").read_text())
    change(data)
    with pytest.raises(SchemaError, match=message.replace("[", r"\[").replace("]", r"\]")):
        loads(json.dumps(data), BenchResult, "primes.json")


def test_text_that_is_not_json_is_refused():
    with pytest.raises(SchemaError, match="primes.json: not JSON"):
        loads("{", BenchResult, "primes.json")
