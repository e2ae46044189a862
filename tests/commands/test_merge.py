"""make merge brings other machines' results in, host by host, and renders every page again; a folder
holding any file it refuses changes nothing."""

from __future__ import annotations

import hashlib
import json
import math
import os
from pathlib import Path

import pytest

from bench.commands import common
from bench.commands import main as harness
from bench.core.cpu import microarchitecture
from tests.doctor import fixture, host_folder, rename_job, scale_at, set_at


def host(root: Path, name: str, cpu: str | None = None, run: str | None = None) -> Path:
    mutate = set_at(("environment", "machine", "cpu"), cpu) if cpu else None
    return host_folder(root, name, {"primes.json": mutate, "scaling.json": mutate}, run)


def tree_hash(folder: Path) -> str:
    """One hash of every file's path and bytes under folder."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_a_results_folder_and_a_bare_host_folder_merge_side_by_side(tmp_path):
    results = tmp_path / "results"
    host(results, "here-2cpu")
    artifact = tmp_path / "artifact"
    host(artifact, "runner-arm-4cpu", cpu="Neoverse-N1")
    bundle_host = host(tmp_path / "bundle", "many-16cpu", cpu="Xeon Many")
    assert harness(["merge", str(artifact), str(bundle_host), "--results", str(results)]) == 0
    assert sorted(p.name for p in (results / "hosts").iterdir()) == ["here-2cpu", "many-16cpu", "runner-arm-4cpu"]
    cross = (results / "primes.md").read_text()
    assert "Neoverse-N1" in cross and "Xeon Many" in cross
    assert "Neoverse-N1" in (results / "hosts/runner-arm-4cpu/primes.md").read_text()


def test_an_incoming_host_replaces_the_one_of_the_same_name(tmp_path, capsys):
    results = tmp_path / "results"
    host(results, "same-2cpu")
    newer = host(tmp_path / "new", "same-2cpu", cpu="Renamed CPU")
    assert harness(["merge", str(newer), "--results", str(results)]) == 0
    out = capsys.readouterr().out
    assert "replacing primes.json (LIMIT=1,000,000 of " in out and "scaling.json (" in out
    assert json.loads((results / "hosts/same-2cpu/primes.json").read_text())["environment"]["machine"]["cpu"] \
        == "Renamed CPU"


def test_a_file_of_another_version_is_refused_before_anything_is_copied(tmp_path, capsys):
    results = tmp_path / "results"
    results.mkdir()
    old = host(tmp_path / "old", "old-2cpu")
    data = json.loads((old / "scaling.json").read_text())
    data["schema"] = 1
    (old / "scaling.json").write_text(json.dumps(data))
    assert harness(["merge", str(old), "--results", str(results)]) == 2
    assert "schema 1" in capsys.readouterr().err
    assert not (results / "hosts").exists()


def test_nothing_to_merge_is_an_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert harness(["merge", str(tmp_path / "empty"), "--results", str(tmp_path / "results")]) == 1
    assert "no host results" in capsys.readouterr().err
    assert harness(["merge", str(tmp_path / "nowhere"), "--results", str(tmp_path / "results")]) == 1
    assert "no such folder" in capsys.readouterr().err
    assert not (tmp_path / "results").exists()


def identity(family: int, model: int) -> dict:
    return {"vendor": "AuthenticAMD", "family": family, "model": model, "stepping": 1, "microcode": "0x1",
            "implementer": None, "part": None, "microarchitecture": microarchitecture("AuthenticAMD", family, model, 1),
            "caches": {},
            "threads_per_core": 1, "hypervisor": True}


def with_identity(folder: Path, value: dict) -> Path:
    for file in ("primes.json", "scaling.json"):
        data = json.loads((folder / file).read_text())
        data["environment"]["machine"]["identity"] = value
        (folder / file).write_text(json.dumps(data, indent=2) + "\n")
    return folder


def test_a_host_of_another_cpu_identity_is_refused_naming_both(tmp_path, capsys):
    results = tmp_path / "results"
    here = with_identity(host(results, "amd-epyc-2cpu"), identity(26, 2))
    before = (here / "primes.json").read_text()
    other = with_identity(host(tmp_path / "other", "amd-epyc-2cpu"), identity(25, 17))
    assert harness(["merge", str(other), "--results", str(results)]) == 1
    err = capsys.readouterr().err
    assert "family 26, model 2" in err and "family 25, model 17" in err
    assert (here / "primes.json").read_text() == before


def test_a_host_of_the_same_cpu_identity_replaces_it(tmp_path):
    results = tmp_path / "results"
    with_identity(host(results, "amd-epyc-zen5-2cpu"), identity(26, 2))
    newer = with_identity(host(tmp_path / "new", "amd-epyc-zen5-2cpu", cpu="Renamed CPU"), identity(26, 2))
    assert harness(["merge", str(newer), "--results", str(results)]) == 0


def test_results_without_an_identity_do_not_join_a_folder_that_has_one(tmp_path, capsys):
    results = tmp_path / "results"
    with_identity(host(results, "amd-epyc-2cpu"), identity(26, 2))
    old = host(tmp_path / "old", "amd-epyc-2cpu")
    assert harness(["merge", str(old), "--results", str(results)]) == 1
    assert "CPU identity not recorded" in capsys.readouterr().err


DOCTORED = {
    "NaN times": {"primes.json": set_at(("session", "rounds", 0, "times", "c", 0), math.nan)},
    "a negative round time": {"primes.json": set_at(("session", "rounds", 3, "times", "go", 0), -1.0)},
    "a zero start-up": {"primes.json": set_at(("startup_session", "rounds", 1, "times", "go", 0), 0)},
    "a wrong answer": {"primes.json": set_at(("implementations", 4, "answer", "output"), "12345")},
    "LIMIT -7": {"primes.json": set_at(("limit",), -7)},
    "a LIMIT of 1e6": {"primes.json": set_at(("limit",), 1e6)},
    "a stored ratio": {"primes.json": lambda data: data.update(ratios=[])},
    "a ratio of a program not in the file": {"primes.json": set_at(("session", "ratios", 0), "ghost/c")},
    "schema 3: a ratio of -5": {"schema3/primes.json": set_at(("ratios", 0, "estimate"), -5.0)},
    "schema 3: a NaN bound": {"schema3/primes.json": set_at(("ratios", 0, "low"), math.nan)},
    "schema 3: a ratio off its rounds": {"schema3/primes.json": scale_at(("ratios", 0, "estimate"), 1.002)},
    "a round of an unknown program": {"primes.json": rename_job("go", "ghost")},
    "a good primes.json beside a bad scaling.json": {
        "primes.json": None, "scaling.json": set_at(("sessions", 1, "session", "rounds", 0, "times", "c", 0), -3.0)},
}


@pytest.mark.parametrize("files", DOCTORED.values(), ids=DOCTORED.keys())
def test_a_folder_holding_a_refused_file_changes_nothing(tmp_path, capsys, files):
    results = tmp_path / "results"
    host(results, "here-2cpu")
    assert harness(["report", "--results", str(results)]) == 0
    before = tree_hash(results)
    capsys.readouterr()
    doctored = host_folder(tmp_path / "incoming", "doctored-2cpu", files)
    assert harness(["merge", str(doctored), "--results", str(results)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and str(doctored) in err
    assert tree_hash(results) == before


@pytest.mark.parametrize("error", [ValueError("a page that cannot be drawn"), RuntimeError("a rendering bug")])
def test_a_merge_whose_render_fails_leaves_the_results_as_they_were(tmp_path, monkeypatch, capsys, error):
    results = tmp_path / "results"
    host(results, "here-2cpu")
    assert harness(["report", "--results", str(results)]) == 0
    before = tree_hash(results)
    newer = host(tmp_path / "new", "here-2cpu", cpu="Renamed CPU")
    other = host(tmp_path / "other", "there-4cpu", cpu="Other CPU")

    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(common, "report_files", failing)
    capsys.readouterr()
    assert harness(["merge", str(newer), str(other), "--results", str(results)]) == 1
    [line] = capsys.readouterr().err.splitlines()  # a bug of the pages' too: incoming files are anyone's
    assert str(error) in line and line.endswith("results left untouched")
    assert tree_hash(results) == before
    assert not (results / "hosts" / "there-4cpu").exists()


def test_a_merged_file_arrives_byte_for_byte_with_its_pages(tmp_path):
    results = tmp_path / "results"
    incoming = host(tmp_path / "new", "there-4cpu", cpu="Other CPU")
    assert harness(["merge", str(incoming), "--results", str(results)]) == 0
    for name in ("primes.json", "scaling.json"):
        assert (results / "hosts/there-4cpu" / name).read_bytes() == (incoming / name).read_bytes()
    assert (results / "hosts/there-4cpu/primes.md").exists() and (results / "primes.md").exists()


def test_two_incoming_folders_of_one_name_from_two_cpus_are_refused(tmp_path, capsys):
    results = tmp_path / "results"
    first = with_identity(host(tmp_path / "a", "mixed-2cpu"), identity(26, 2))
    second = with_identity(host(tmp_path / "b", "mixed-2cpu"), identity(25, 17))
    assert harness(["merge", str(first), str(second), "--results", str(results)]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert "family 26, model 2" in line and "family 25, model 17" in line
    assert not (results / "hosts").exists()


def test_one_run_under_a_second_host_name_is_refused(tmp_path, capsys):
    results = tmp_path / "results"
    host(results, "here-2cpu")
    before = tree_hash(results)
    redated = host_folder(tmp_path / "redated", "later-2cpu", {
        name: set_at(("environment", "date"), "2026-01-02T03:04:05+00:00") for name in ("primes.json", "scaling.json")},
        "here-2cpu")
    renamed = host_folder(tmp_path / "renamed", "other-2cpu", {  # the same measurements on another machine's name
        name: set_at(("environment", "machine", "cpu"), "Other CPU") for name in ("primes.json", "scaling.json")},
        "here-2cpu")
    for copies in ([host(tmp_path / "copy", "here-2cpu-", run="here-2cpu")],
                   [host(tmp_path / n, n, run="one-2cpu") for n in ("one-2cpu", "two-2cpu")], [redated], [renamed]):
        assert harness(["merge", *map(str, copies), "--results", str(results)]) == 1
        [line] = capsys.readouterr().err.splitlines()
        assert ".json: the run of " in line
        assert tree_hash(results) == before


def test_whatever_a_file_or_a_folder_name_holds_the_refusal_is_one_line(tmp_path, capsys):
    results = tmp_path / "results"
    with_identity(host(results, "here-2cpu"), identity(26, 2))
    before = tree_hash(results)
    vendor = with_identity(host(tmp_path / "v", "here-2cpu"), {**identity(25, 17), "vendor": "Evil\nsecond\nthird",
                                                             "microarchitecture": "unknown"})
    named = host(tmp_path / "n", "evil\nhost")
    folder = host(tmp_path / "d", "odd-2cpu")
    (folder / "primes.json").unlink()
    (folder / "primes.json").mkdir()
    fifo = host(tmp_path / "f", "fifo-2cpu")  # read, it would wait for a writer for ever
    (fifo / "primes.json").unlink()
    os.mkfifo(fifo / "primes.json")
    for source, status in ((vendor, 1), (named, 1), (folder, 2), (fifo, 2)):
        capsys.readouterr()
        assert harness(["merge", str(source), "--results", str(results)]) == status
        assert len(capsys.readouterr().err.splitlines()) == 1, source
    assert tree_hash(results) == before


def test_a_folder_whose_files_name_two_machines_is_refused(tmp_path, capsys):
    mixed = host_folder(tmp_path / "in", "mixed-2cpu", {"primes.json": None, "scaling.json": set_at(
        ("environment", "machine", "cpu"), "Apple M2")})
    assert harness(["merge", str(mixed), "--results", str(tmp_path / "results")]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert "Apple M2" in line and "one host folder holds one machine" in line
    assert not (tmp_path / "results").exists()


def measured_on(cpu: str):
    """A calibration given the environment of the primes.json fixture, on a CPU of that name."""
    environment = fixture()["environment"]
    environment["machine"]["cpu"] = cpu
    return set_at(("environment",), environment)


def test_a_calibration_of_another_machine_is_refused_and_one_of_the_same_joins_its_folder(tmp_path, capsys):
    same = fixture()["environment"]["machine"]["cpu"]
    other = host_folder(tmp_path / "other", "gated-2cpu", {"primes.json": None, "gate.json": measured_on("Apple M2")})
    results = tmp_path / "results"
    assert harness(["merge", str(other), "--results", str(results)]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert "Apple M2" in line and "one host folder holds one machine" in line and not results.exists()
    ours = host_folder(tmp_path / "ours", "gated-2cpu", {"primes.json": None, "gate.json": measured_on(same)})
    assert harness(["merge", str(ours), "--results", str(results)]) == 0
    page = (results / "hosts/gated-2cpu/gate.md").read_text()
    assert fixture()["environment"]["date"][:10] in page.splitlines()[2]


def test_a_file_of_another_machine_is_refused_beside_the_files_of_its_host_already_here(tmp_path, capsys):
    results = tmp_path / "results"
    assert harness(["merge", str(host(tmp_path / "a", "one-2cpu")), "--results", str(results)]) == 0
    before = tree_hash(results)
    other = host_folder(tmp_path / "b", "one-2cpu", {"gate.json": measured_on("Apple M2")})
    twins = [host(tmp_path / "c", "two-2cpu", cpu="Other CPU"), host(tmp_path / "d", "two-2cpu", cpu="Apple M2")]
    for sources in ([other], twins):
        capsys.readouterr()
        assert harness(["merge", *map(str, sources), "--results", str(results)]) == 1
        [line] = capsys.readouterr().err.splitlines()
        assert "Apple M2" in line and "one host folder holds one machine" in line
        assert tree_hash(results) == before


def test_a_link_to_nowhere_a_second_file_for_one_host_and_a_calibration_of_no_machine_are_refused(tmp_path, capsys):
    results = tmp_path / "results"
    host_folder(results, "here-2cpu", {"primes.json": None, "gate.json": lambda data: data.pop("environment")})
    before = tree_hash(results)
    dangling = host(tmp_path / "dangling", "dangling-2cpu", cpu="Dangling CPU")
    (dangling / "gate.json").symlink_to(tmp_path / "nowhere.json")
    twice = [host(tmp_path / n, "twice-2cpu", cpu="Twice CPU", run=n) for n in ("a", "b")]
    copied = host_folder(tmp_path / "copied", "copied-2cpu", {"primes.json": set_at(("environment", "machine", "cpu"),
                                                                                    "Copied CPU"), "gate.json": None})
    (copied / "gate.json").write_text((results / "hosts" / "here-2cpu" / "gate.json").read_text())  # no environment
    blind = host_folder(tmp_path / "blind", "blind-2cpu", {"gate.json": lambda data: data.pop("environment")})
    for sources, said in (([dangling], "not a regular file"), (twice, "a second primes.json for host twice-2cpu"),
                          ([copied], "copied-2cpu/gate.json: records no machine"),
                          ([blind], "blind-2cpu/gate.json: records no machine")):
        assert harness(["merge", *map(str, sources), "--results", str(results)]) != 0
        [line] = capsys.readouterr().err.splitlines()
        assert said in line
        assert tree_hash(results) == before
    assert harness(["merge", str(results), "--results", str(results)]) == 0, "a file already here is not brought in"


def test_results_itself_then_a_newer_run_of_one_of_its_hosts_replaces_that_host(tmp_path):
    results = tmp_path / "results"
    host(results, "here-2cpu")
    newer = host_folder(tmp_path / "newer", "here-2cpu", {"primes.json": set_at(("environment", "date"),
                                                                                "2026-01-02T03:04:05+00:00")}, "newer")
    assert harness(["merge", str(results), str(newer), "--results", str(results)]) == 0
    assert json.loads((results / "hosts" / "here-2cpu" / "primes.json").read_text())["environment"]["date"] \
        == "2026-01-02T03:04:05+00:00"
    before = tree_hash(results)
    another = host(tmp_path / "another", "here-2cpu", run="another")  # two incoming for one host: still refused
    assert harness(["merge", str(results), str(newer), str(another), "--results", str(results)]) == 1
    assert tree_hash(results) == before
