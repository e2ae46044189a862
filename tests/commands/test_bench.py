"""make bench end to end: answers are verified before timing, and a failed run changes nothing."""

from __future__ import annotations

import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.analyse.costs import too_fast
from bench.analyse.derive import load
from bench.analyse.rounds import quiet_rounds, round_value, together
from bench.commands import common
from bench.commands import main as harness
from bench.core.paths import ROOT
from bench.core.results import BenchResult
from bench.measure import bench as bench_measure
from bench.render.host import render
from bench.studies import costs
from tests.render.pages import table_with, tables


@pytest.fixture(autouse=True)
def short_rounds(monkeypatch):
    """Rounds of 0.3 s rather than make bench's 1.5 s, and one run of the divider probe: what these tests check
    is which runs the file holds."""
    monkeypatch.setattr(bench_measure, "ROUND_SECONDS", 0.3)
    monkeypatch.setattr(costs, "PROBE_RUNS", 1)

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


HOST = "test-host"


def previous_results(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A results folder holding an earlier run of HOST."""
    results = tmp_path / "results"
    files = {f"hosts/{HOST}/primes.json": b'{"previous": true}\n', f"hosts/{HOST}/primes.md": b"# previous report\n",
             "primes.md": b"# previous cross-machine page\n"}
    for name, content in files.items():
        (results / name).parent.mkdir(parents=True, exist_ok=True)
        (results / name).write_bytes(content)
    return results, files


def assert_untouched(results: Path, files: dict[str, bytes]) -> None:
    assert {str(p.relative_to(results)): p.read_bytes() for p in results.rglob("*") if p.is_file()} == files


@pytest.mark.parametrize("program, shown", [
    ("print(5)\n", "got '5' (exit 0)"),
    ("import sys; print(1229); sys.exit(3)\n", "got '1229' (exit 3)"),
    ("raise SystemExit('boom')\n", "got '' (exit 1); stderr: boom"),
])
def test_a_wrong_answer_stops_the_run_before_timing(tmp_path, capsys, program, shown):
    results, files = previous_results(tmp_path)
    status = harness(["bench", "--limit", "10000", "--budget", "0", "--results", str(results), "--host", HOST,
                       "--manifest", str(stub_manifest(tmp_path, program))])
    err = capsys.readouterr().err
    assert status == 1
    assert "stub gave a wrong answer for LIMIT=10000: expected 1229" in err and shown in err
    assert_untouched(results, files)


def test_unknown_implementation_is_an_error(tmp_path, capsys):
    results, files = previous_results(tmp_path)
    assert harness(["bench", "--only", "cobol", "--results", str(results), "--host", HOST]) == 1
    assert "unknown implementation(s) in ONLY: cobol" in capsys.readouterr().err
    assert_untouched(results, files)


@needs_hyperfine
@pytest.mark.alone
def test_tiny_run_end_to_end(tmp_path, capsys):
    results = tmp_path / "results"
    status = harness(["bench", "--limit", "10000", "--budget", "0", "--seed", "7", "--only", "c,go-goroutines,python",
                       "--results", str(results), "--host", HOST])
    assert status == 0
    # The terminal ends with the answer and where its page is.
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"The page: {results / 'hosts' / HOST / 'primes.md'}"
    rows = tables("\n".join(out[-6:-1]))[0]
    assert [r["program"] for r in rows] == ["c", "go-goroutines", "python"]
    assert rows[-1]["× faster than CPython"] == "1", "CPython against itself"
    data = load(results / "hosts" / HOST / "primes.json", BenchResult)
    assert data.limit == 10000 and data.expected == 1229
    assert [e.name for e in data.implementations] == ["c", "go-goroutines", "python"]
    # Rounds that other load on the machine disturbed are left out of every median and ratio.
    quiet_ones = quiet_rounds(data.session.rounds)[0]
    quiet = len(quiet_ones)
    for entry in data.implementations:
        assert entry.answer.output == "1229"
        # Start-up comes from the program's @start job in the same rounds: one start-up measurement per run.
        for timing, job in ((entry.timing, entry.name), (entry.startup, f"{entry.name}@start")):
            assert timing.rounds == quiet and timing.runs == sum(len(r.times[job]) for r in quiet_ones) >= quiet
        assert entry.answer.peak_rss_kib and entry.answer.peak_rss_kib > 0
        assert entry.version
    assert data.session.settings.seed == 7 and data.startup_session is None
    # With no budget the rounds of every command end at the least (3: rounds_needed's), and no later round
    # fits.
    session = data.session
    assert len(session.rounds) == 3 and session.stopped == "budget" and session.settings.full_share == 0.4
    # At LIMIT=10000 C's start-up is not small beside its run: no compute ratio.
    programs = ["c", "go-goroutines", "python"]
    # Each round: every program, its start-up (taken off within the round for compute and cycles), and the
    # add chain that gives the round's clock.
    assert all(sorted(r.order) == sorted([*programs, *(f"{n}@start" for n in programs), "clock", "clock@start"])
               for r in data.session.rounds)
    assert data.divisions is not None and data.clock is not None
    # The divider probe's runs and each compiled loop's division instructions are in the file.
    assert data.divider and data.entry("c").divides_with and data.entry("python").divides_with is None
    # A cost for every program whose median compute time (its run less its start-up, within each round that
    # ran both) came out above what one division a cycle at 10 GHz allows, and for no other: at this LIMIT a
    # program's compute can be smaller than its start-up's scatter, so which programs those are depends on the
    # machine, not the rule.
    def compute(name: str) -> float:
        both = together(data.session.rounds, (name, f"{name}@start"))
        return statistics.median(round_value(r.times[name]) - round_value(r.times[f"{name}@start"]) for r in both)
    assert {c.name for c in data.costs} == {name for name in programs if compute(name) > 0 and not too_fast(
        compute(name), data.entry(name).threads or 1, data.divisions)}
    assert len({tuple(r.order) for r in data.session.rounds}) > 1, "each round shuffles the order"
    assert {(r.numerator, r.denominator, bool(r.compute)) for r in data.ratios} == {
        ("python", "c", False), ("python", "go-goroutines", False)}
    assert all(r.rounds == quiet for r in data.ratios)
    goroutines = data.implementations[1]
    assert goroutines.threads and goroutines.command[-3:-1] == ["--threads", str(goroutines.threads)]
    env = data.environment
    assert env.machine.online_cpus >= 1 and env.versions["hyperfine"].startswith("hyperfine")
    assert env.source.commit
    text = (results / "hosts" / HOST / "primes.md").read_text()
    assert text == render(data)
    assert f"[`{HOST}`](hosts/{HOST}/primes.md)" in (results / "primes.md").read_text()
    assert "| `c` |" in text and "| `go-goroutines` | " in text


@needs_hyperfine
def test_a_failure_while_rendering_keeps_the_new_measurement(tmp_path, monkeypatch, capsys):
    results, _ = previous_results(tmp_path)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the report")

    monkeypatch.setattr(common, "report_files", broken)
    status = harness(["bench", "--limit", "10000", "--budget", "0", "--only", "c", "--results", str(results),
                       "--host", HOST])
    err = capsys.readouterr().err
    assert status == 1
    assert "RuntimeError: a bug in the report" in err and "run `make report`" in err
    assert load(results / "hosts" / HOST / "primes.json", BenchResult).implementations[0].name == "c"
    assert (results / "hosts" / HOST / "primes.md").read_bytes() == b"# previous report\n"


@needs_hyperfine
def test_interrupted_run_leaves_results_untouched(tmp_path):
    results, files = previous_results(tmp_path)
    # A test worker may run with SIGINT ignored, which a child inherits: the run gets Ctrl-C as a user's would.
    proc = subprocess.Popen([sys.executable, "-m", "bench", "bench", "--limit", "1000000", "--only", "python",
                             "--results", str(results), "--host", HOST],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert any(line.startswith("rounds at LIMIT=") for line in proc.stdout), "the rounds never began"
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "interrupted; results left untouched" in err
    assert_untouched(results, files)


@needs_hyperfine
def test_an_optional_row_that_cannot_run_is_left_out_and_the_page_says_why(tmp_path):
    manifest = stub_manifest(tmp_path, "import sys\nprint('numba: cannot import', file=sys.stderr)\nsys.exit(1)\n")
    manifest.write_text(manifest.read_text() + 'requires = "sh"\n')
    results = tmp_path / "results"
    status = harness(["bench", "--limit", "1000", "--budget", "0", "--seed", "1", "--manifest", str(manifest),
                       "--results", str(results), "--host", HOST])
    assert status == 0
    data = load(results / "hosts" / HOST / "primes.json", BenchResult)
    assert [e.name for e in data.implementations] == ["c"]
    assert data.absent and "its verification run failed" in data.absent["stub"]
    assert "numba: cannot import" in data.absent["stub"]
    absent = table_with((results / "hosts" / HOST / "primes.md").read_text(), "not measured here")
    assert [r["not measured here"] for r in absent] == ["`stub`"]
    assert "its verification run failed" in absent[0]["why"]
