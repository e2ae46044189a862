"""Measure, save, render: the JSON is saved before anything is rendered, a rendering failure keeps it,
and a failed measurement or save leaves results/ as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.analyse.derive import load
from bench.commands import common
from bench.core.manifest import BuildError
from bench.core.results import BenchResult, CalibrationResult, CalibrationSize, GateSettings, Spin, dumps, loads
from bench.measure.verify import BenchError
from tests.doctor import dumped, fixture


def record() -> CalibrationResult:
    size = CalibrationSize("ci", GateSettings(1000, 100, 2, 10, ("time",), 10, 1.0, 7), 1)
    return CalibrationResult(schema=3, spin=Spin(7.0, 1e-9), seconds=1.0, sizes=[size], records=[])


@pytest.mark.parametrize("failure", [RuntimeError("a bug in the report"), ValueError("bad value")])
def test_a_failure_while_rendering_keeps_the_saved_json_and_says_what_to_run(tmp_path, monkeypatch, capsys,
                                                                            failure):
    def broken(*args, **kwargs):
        raise failure

    monkeypatch.setattr(common, "report_files", broken)
    folder = tmp_path / "hosts" / "test-2cpu"
    status = common.measure_then_save("calibrate", lambda: {folder / "gate.json": record()}, tmp_path)
    err = capsys.readouterr().err
    assert status == 1
    assert str(failure) in err and "the measurement is saved" in err and "run `make report`" in err
    assert load(folder / "gate.json", CalibrationResult).spin.instructions == 7.0
    assert not (folder / "gate.md").exists()


def test_a_failed_measurement_saves_nothing(tmp_path, capsys):
    (tmp_path / "gate.json").write_text("previous\n")

    def failing() -> dict[Path, object]:
        raise BenchError("c gave a wrong answer")

    assert common.measure_then_save("bench", failing, tmp_path) == 1
    assert "c gave a wrong answer" in capsys.readouterr().err
    assert (tmp_path / "gate.json").read_text() == "previous\n"


def test_a_measurement_that_reading_refuses_is_kept_beside_results_and_results_stay_as_they_were(tmp_path, capsys):
    results = tmp_path / "results"
    folder = results / "hosts" / "test-2cpu"
    folder.mkdir(parents=True)
    (folder / "gate.json").write_text("previous\n")
    refused = record()
    refused.spin = Spin(0.5, 1e-9)  # half an instruction a round: no measurement gives it
    status = common.measure_then_save("calibrate", lambda: {folder / "gate.json": refused}, results)
    out, err = capsys.readouterr()
    assert status == 2 and out == "" and len(err.splitlines()) == 1
    assert "spin.instructions" in err and str(tmp_path / "build" / "refused") in err
    assert [p.name for p in folder.iterdir()] == ["gate.json"] and (folder / "gate.json").read_text() == "previous\n"
    kept = tmp_path / "build" / "refused" / "hosts" / "test-2cpu" / "gate.json"
    assert json.loads(kept.read_text())["spin"]["instructions"] == 0.5


def test_a_bench_run_whose_costs_reading_refuses_is_kept_and_renders_nothing(tmp_path, capsys):
    data = fixture("schema3/primes.json")
    for run in data["divider"]["runs"]:  # a divider slower than every loop it would floor
        run.update(div64_independent=1000.0, div64_dependent=2000.0, div32_independent=1000.0, div32_dependent=2000.0)
    measured = loads(dumped(data), BenchResult, "primes.json")  # the file's own checks pass: the costs' do not
    folder = tmp_path / "results" / "hosts" / "test-2cpu"
    status = common.measure_then_save("bench", lambda: {folder / "primes.json": measured}, tmp_path / "results")
    assert status == 2 and "divider" in capsys.readouterr().err
    assert not folder.exists()
    assert (tmp_path / "build" / "refused" / "hosts" / "test-2cpu" / "primes.json").read_text() == dumps(measured)


def test_a_bug_in_a_check_keeps_the_run_too(tmp_path, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise TypeError("a check's bug")
    monkeypatch.setattr(common.derive, "loads", broken)
    folder = tmp_path / "results" / "hosts" / "test-2cpu"
    assert common.measure_then_save("calibrate", lambda: {folder / "gate.json": record()}, tmp_path / "results") == 2
    assert "a check's bug" in capsys.readouterr().err and not folder.exists()
    assert (tmp_path / "build" / "refused" / "hosts" / "test-2cpu" / "gate.json").exists()


def test_a_save_that_cannot_write_is_one_line_not_a_traceback(tmp_path, capsys):
    target = tmp_path / "not-a-folder"
    target.write_text("a file where a folder should be\n")
    status = common.measure_then_save("calibrate", lambda: {target / "gate.json": record()}, target)
    err = capsys.readouterr().err
    assert status == 1 and "cannot save the results" in err and "Traceback" not in err


def test_measure_save_and_render_writes_the_page(tmp_path, capsys):
    folder = tmp_path / "hosts" / "test-2cpu"
    assert common.measure_then_save("calibrate", lambda: {folder / "gate.json": record()}, tmp_path) == 0
    assert (folder / "gate.md").read_text().startswith("# Regression gate: false alarms and detection")


def test_an_optional_implementation_whose_build_fails_is_left_out_and_said_absent(tmp_path, capsys):
    path = tmp_path / "implementations.toml"
    path.write_text("""
[implementations.kept]
language = "X"
kind = "serial"
build = ["true"]
run = ["true"]

[implementations.optional]
language = "X"
kind = "serial"
build = ["sh", "-c", "echo 'Python.h: no such file' >&2; exit 1"]
run = ["true"]
requires = "sh"

[implementations.uninstalled]
language = "X"
kind = "serial"
run = ["true"]
requires = "no-such-program-here"
""")
    impls, absent = common.select_and_build(None, path)
    assert [i.name for i in impls] == ["kept"]
    assert absent == {"optional": "its build failed: Python.h: no such file",
                      "uninstalled": "no-such-program-here is not installed"}
    assert "optional left out" in capsys.readouterr().err
    # A required implementation's failed build still stops the run.
    path.write_text(path.read_text().replace('build = ["true"]', 'build = ["false"]'))
    with pytest.raises(BuildError):
        common.select_and_build(None, path)


def test_every_command_is_in_the_one_table_and_each_shared_option_is_defined_once():
    import re

    from bench.commands import COMMANDS, parser
    from bench.core.paths import BENCH

    assert {p.stem for p in (BENCH / "commands").glob("*.py")} == {"__init__", "common"}
    assert all(callable(run) for run, _, _ in COMMANDS.values())
    sources = "".join(p.read_text() for p in BENCH.rglob("*.py"))
    for option in ("--results", "--host", "--only", "--seed", "--manifest", "--limit"):
        defined = re.findall(rf'(?:add_argument|opt)\(\s*"{option}"', sources)
        assert len(defined) == (2 if option == "--limit" else 1), option
    assert "argparse.SUPPRESS" not in sources, "an option hidden from the user"
    subcommands = parser()._subparsers._group_actions[0].choices
    assert set(subcommands) == set(COMMANDS)
    for name, sub in subcommands.items():
        assert sub.format_help().startswith(f"usage: python -m bench {name}"), name


def test_a_bad_option_is_refused_with_a_message_and_status_2(capsys):
    import pytest

    from bench.commands import main

    with pytest.raises(SystemExit) as stop:
        main(["bench", "--limit", "-5"])
    assert stop.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "LIMIT and the budget must be >= 0" in captured.err
