"""Where the suite's files live."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"
MANIFEST = BENCH / "implementations.toml"
VECTORS = BENCH / "vectors.txt"
HELPERS = BENCH / "helpers"
BUILD = ROOT / "build"
RESULTS = ROOT / "results"  # the cross-machine page; each host's results in RESULTS / HOSTS / HOST
HOSTS = "hosts"
README = ROOT / "README.md"
PREBUILT = ROOT / "prebuilt.json"  # in a bundle of programs built elsewhere (make bundle)
