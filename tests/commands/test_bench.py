"""make bench end to end: answers are verified before timing, and a failed run changes nothing."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.commands import bench as run
from bench.commands import common
from bench.core.paths import ROOT
from bench.core.results import BenchResult, load
from bench.render.primes import document

needs_hyperfine = pytest.mark.skipif(shutil.which("hyperfine") is None, reason="hyperfine is not installed")


def stub_manifest(tmp_path: Path, program: str) -> Path:
    """A manifest with one real implementation and one stub Python program."""
    (tmp_path / "stub.py").write_text(program)
    manifest = tmp_path / "implementations.toml"
    manifest.write_text(f"""
[implementations.c]
language = "C"
kind = "serial"
build = ["make", "-s", "-C", "c"]
run = ["build/c/count_primes"]

[implementations.stub]
language = "Python"
kind = "serial"
run = ["{sys.executable}", "{tmp_path / 'stub.py'}"]
""")
    return manifest


def previous_results(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    results = tmp_path / "results"
    results.mkdir()
    files = {"primes.json": b'{"previous": true}\n', "primes.md": b"# previous report\n"}
    for name, content in files.items():
        (results / name).write_bytes(content)
    return results, files


def assert_untouched(results: Path, files: dict[str, bytes]) -> None:
    assert {p.name: p.read_bytes() for p in results.iterdir()} == files


@pytest.mark.parametrize("program, shown", [
    ("print(5)\n", "got '5' (exit 0)"),
    ("import sys; print(1229); sys.exit(3)\n", "got '1229' (exit 3)"),
    ("raise SystemExit('boom')\n", "got '' (exit 1); stderr: boom"),
])
def test_a_wrong_answer_stops_the_run_before_timing(tmp_path, capsys, program, shown):
    results, files = previous_results(tmp_path)
    status = run.main(["--limit", "10000", "--runs", "2", "--results", str(results),
                       "--manifest", str(stub_manifest(tmp_path, program))])
    err = capsys.readouterr().err
    assert status == 1
    assert "stub gave a wrong answer for LIMIT=10000: expected 1229" in err and shown in err
    assert_untouched(results, files)


def test_unknown_implementation_is_an_error(tmp_path, capsys):
    results, files = previous_results(tmp_path)
    assert run.main(["--only", "cobol", "--results", str(results)]) == 1
    assert "unknown implementation(s) in ONLY: cobol" in capsys.readouterr().err
    assert_untouched(results, files)


@needs_hyperfine
def test_tiny_run_end_to_end(tmp_path):
    results = tmp_path / "results"
    status = run.main(["--limit", "10000", "--runs", "3", "--warmup", "1", "--only", "c,go-goroutines,python",
                       "--results", str(results)])
    assert status == 0
    data = load(results / "primes.json", BenchResult)
    assert data.limit == 10000 and data.expected == 1229
    assert [e.name for e in data.implementations] == ["c", "go-goroutines", "python"]
    for entry in data.implementations:
        assert (entry.answer.output, entry.answer.verified) == ("1229", True)
        assert len(entry.timing.times) == 3 and entry.timing.exit_codes == [0, 0, 0]
        assert entry.startup.runs == 3
        assert entry.peak_rss_kib and entry.peak_rss_kib > 0
        assert entry.timing.batches and "--shell=none" in entry.timing.batches[0].command
        assert entry.version
    goroutines = data.implementations[1]
    assert goroutines.threads and goroutines.command[-3:-1] == ["--threads", str(goroutines.threads)]
    env = data.environment
    assert env.machine.online_cpus >= 1 and env.versions["hyperfine"].startswith("hyperfine")
    assert env.source.commit
    text = (results / "primes.md").read_text()
    assert text == document(data, None, None)
    assert "| `c` |" in text and "| `go-goroutines` | " in text


@needs_hyperfine
def test_a_failure_while_rendering_keeps_the_new_measurement(tmp_path, monkeypatch, capsys):
    results, _ = previous_results(tmp_path)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the report")

    monkeypatch.setattr(common, "report_files", broken)
    status = run.main(["--limit", "10000", "--runs", "2", "--only", "c", "--results", str(results)])
    err = capsys.readouterr().err
    assert status == 1
    assert "RuntimeError: a bug in the report" in err and "run `make report`" in err
    assert load(results / "primes.json", BenchResult).implementations[0].name == "c"
    assert (results / "primes.md").read_bytes() == b"# previous report\n"


@needs_hyperfine
def test_interrupted_run_leaves_results_untouched(tmp_path):
    results, files = previous_results(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "bench.commands.bench", "--limit", "1000000", "--only", "python",
                             "--runs", "5", "--results", str(results)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in proc.stdout:
        if line.startswith("[1/1] python:"):
            break
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "interrupted; results left untouched" in err
    assert_untouched(results, files)
