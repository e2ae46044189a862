"""Shared fixtures: the manifest of this machine, built once per test session."""

from __future__ import annotations

import dataclasses

import pytest

from bench.core import manifest as manifest_module
from bench.core.manifest import compiled
from bench.core.paths import HELPERS


def build() -> manifest_module.Manifest:
    """The manifest, without the optional implementations whose build failed, every other one built."""
    loaded = manifest_module.load()
    absent = manifest_module.build_available(loaded.available(), quiet=True)
    return manifest_module.Manifest([dataclasses.replace(i, available=False, missing=absent[i.name])
                                     if i.name in absent else i for i in loaded.implementations], loaded.interpreters)


def pytest_sessionstart(session: pytest.Session) -> None:
    # Under pytest -n, the programs and the harness's helpers are built here, before the workers start:
    # two workers would otherwise build the same files at once, and one run a file the other is writing.
    config = session.config
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        try:
            build()
            for source in sorted(HELPERS.glob("*.c")):
                compiled(source.stem)
        except manifest_module.BuildError as error:
            pytest.exit(f"the tests need every program built: {error}", returncode=1)


@pytest.fixture(scope="session")
def manifest() -> manifest_module.Manifest:
    return build()
