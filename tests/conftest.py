"""Shared fixtures: the manifest of this machine, built once per test session."""

from __future__ import annotations

import pytest

from bench.core import manifest as manifest_module


@pytest.fixture(scope="session")
def manifest() -> manifest_module.Manifest:
    loaded = manifest_module.load()
    return loaded.without(manifest_module.build_available(loaded.available(), quiet=True))
