"""The regression gate end to end, on a scratch git repository holding a copy of this tree."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.core.environment import identity
from bench.core.paths import ROOT
from bench.core.results import as_data
from bench.studies.gate import BENCHER_FILE, BENCHMARK_ACTION_FILES
from tests.studies.test_export import check_bencher, check_benchmark_action

# One worker of pytest -n builds the scratch repository and runs every gate on it.
pytestmark = [pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed"),
              pytest.mark.xdist_group("regress")]

SLOWER = ("c/count_primes.h", "i * i <= n;", "i * i <= n + n / 2;")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def edit(repo: Path, path: str, old: str, new: str) -> None:
    target = repo / path
    text = target.read_text()
    assert old in text
    target.write_text(text.replace(old, new))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository whose first commit predates the suite and whose second holds this tree's files."""
    repo = tmp_path_factory.mktemp("regress") / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "gate@example.invalid")
    git(repo, "config", "user.name", "gate test")
    (repo / "README.md").write_text("before the suite\n")
    commit(repo, "before the suite")
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file() and not name.startswith("results/"):
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    commit(repo, "the suite")
    git(repo, "tag", "suite")
    return repo


@pytest.fixture
def repo(scratch: Path) -> Path:
    """The scratch repository on a fresh branch at the suite's commit, its tree clean."""
    git(scratch, "checkout", "-q", "-f", "-B", f"test-{os.getpid()}-{id(object())}", "suite")
    git(scratch, "clean", "-q", "-fd", "-e", "build/")
    return scratch


def gate(repo: Path, *args: str, out: tuple[str, ...] = ("--out", "-")) -> subprocess.CompletedProcess[str]:
    """The gate, run from the scratch repository, on the C program at a small size."""
    argv = [sys.executable, "-m", "bench", "regress", "--only", "c", "--limit", "100000", "--pairs", "12",
            "--max-pairs", "100", "--time-budget", "0", *out, *args]
    env = dict(os.environ, PYTHONPATH=str(repo))
    return subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def test_unchanged_head_passes_and_its_page_is_linked_from_the_hosts(repo: Path, tmp_path: Path) -> None:
    # A host folder that make bench has measured into: the gate's page joins it, and the host's page links it.
    host = tmp_path / "results" / "hosts" / "gated-host"
    host.mkdir(parents=True)
    measured = json.loads((ROOT / "tests" / "fixtures" / "primes.json").read_text())
    measured["environment"]["machine"]["identity"] = as_data(identity())  # measured on this machine's CPU
    (host / "primes.json").write_text(json.dumps(measured))
    result = gate(repo, "--base", "HEAD", out=("--results", str(tmp_path / "results"), "--host", "gated-host"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "# Regression gate · Verdict: no regression"
    assert re.search(r"^Not significant \(1\): c( ⚠±[\d.]+%)?$", result.stdout, re.M), result.stdout
    assert result.stdout.startswith((host / "regress.md").read_text())
    # Beside regress.md, the head side for github-action-benchmark and Bencher, in their formats.
    instructions, time = (json.loads((host / name).read_text()) for name in BENCHMARK_ACTION_FILES.values())
    check_benchmark_action(instructions)
    check_benchmark_action(time)
    assert [(e["name"], e["unit"]) for e in instructions + time] == [("c", "instructions"), ("c", "ms")]
    assert "host: gated-host" in time[0]["extra"] and "LIMIT: 100000" in time[0]["extra"]
    bencher = json.loads((host / BENCHER_FILE).read_text())
    check_bencher(bencher)
    assert set(bencher["c"]) == {"instructions", "latency"}
    assert "[regression gate](regress.md)" in (host / "primes.md").read_text().split("\n\n")[1]


def test_more_work_in_the_c_program_fails_on_instructions(repo: Path) -> None:
    edit(repo, *SLOWER)
    commit(repo, "trial division up to sqrt(1.5 n)")
    result = gate(repo, "--base", "HEAD~1", "--signals", "instructions")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0] == "# Regression gate · Verdict: REGRESSION (c: instructions)"
    row = next(line for line in result.stdout.splitlines() if line.startswith("| c |"))
    assert row.startswith("| c | instructions |") and row.endswith("× slower ✗ |"), row


def test_base_before_the_suite_passes_with_a_message(repo: Path) -> None:
    result = gate(repo, "--base", "HEAD~1")
    assert result.returncode == 0, result.stderr
    assert "predates the suite" in result.stdout


def test_unbuildable_base_exits_2(repo: Path) -> None:
    edit(repo, "c/count_primes.c", "count++;", "count++")
    commit(repo, "broken")
    edit(repo, "c/count_primes.c", "count++\n", "count++;\n")
    commit(repo, "fixed")
    result = gate(repo, "--base", "HEAD~1", "--signals", "instructions")
    assert result.returncode == 2
    assert "could not be built" in result.stderr


def test_unknown_base_exits_2(repo: Path) -> None:
    result = gate(repo, "--base", "no-such-revision")
    assert result.returncode == 2
    assert "not a commit" in result.stderr


def test_an_added_implementation_is_reported_as_added(repo: Path) -> None:
    manifest = repo / "bench" / "implementations.toml"
    manifest.write_text(manifest.read_text() + '\n[implementations.c-again]\nlanguage = "C"\nkind = "serial"\n'
                        'build = ["make", "-s", "-C", "c"]\nrun = ["build/c/count_primes"]\n')
    result = gate(repo, "--base", "HEAD", "--only", "c c-again", "--signals", "instructions")
    assert result.returncode == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("| c-again |"))
    assert row.endswith("| added |")
    assert re.search(r"^Not significant \(1\): c$", result.stdout, re.M), result.stdout
