"""Where the suite's files live."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"
MANIFEST = BENCH / "implementations.toml"
VECTORS = BENCH / "vectors.txt"
HELPERS = BENCH / "helpers"
BUILD = ROOT / "build"
RESULTS = ROOT / "results"
README = ROOT / "README.md"
