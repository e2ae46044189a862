"""make bundle: programs built here, measured on a host with Python alone (no compilers, no make, no
hyperfine), their versions and flags carried from the machine that built them."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from bench.analyse.derive import load
from bench.commands import main as harness
from bench.core.results import BenchResult, Prebuilt
from tests.render.pages import facts

# The bundle tests share one archive: one worker of pytest -n runs them.
pytestmark = pytest.mark.xdist_group("bundle")


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("bundle")
    archive = where / "primes-bundle.tar.gz"
    assert harness(["bundle", "--only", "c go", "--out", str(archive)]) == 0
    with tarfile.open(archive) as opened:
        opened.extractall(where, filter="data")
    return where / "primes"


def test_the_bundle_holds_the_programs_the_harness_and_what_built_them(unpacked):
    assert (unpacked / "build/c/count_primes").is_file() and (unpacked / "build/go/count_primes").is_file()
    assert (unpacked / "bench/commands/__init__.py").is_file() and (unpacked / "bench/implementations.toml").is_file()
    prebuilt = load(unpacked / "prebuilt.json", Prebuilt)
    assert prebuilt.versions["c"].startswith(("cc", "gcc")) and prebuilt.versions["go"].startswith("go version")
    assert "-O2" in prebuilt.flags["c"]


def test_a_host_with_python_alone_measures_the_bundle(unpacked, tmp_path):
    bare = tmp_path / "bin"
    bare.mkdir()
    (bare / "python3").symlink_to(sys.executable)
    env = {"PATH": str(bare), "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "bench", "bench", "--prebuilt", "--limit", "10000",
                           "--budget", "0", "--only", "c go", "--host", "bare", "--seed", "1"],
                          cwd=unpacked, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    data = load(unpacked / "results/hosts/bare/primes.json", BenchResult)
    assert data.session.settings.timer == "python"
    assert data.built_on and data.expected == 1229
    prebuilt = load(unpacked / "prebuilt.json", Prebuilt)
    assert {e.name: e.version for e in data.implementations} == {n: prebuilt.versions[n] for n in ("c", "go")}
    assert all(e.flags for e in data.implementations)
    page = (unpacked / "results/hosts/bare/primes.md").read_text()
    known = facts(page)
    assert known["timer"] == "`python`" and known["built on"] == f"`{data.built_on}`"
    assert not os.path.exists(unpacked / "README.md")
