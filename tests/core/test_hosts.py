"""A measurement goes only into a host folder that holds no other CPU's results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.core import hosts
from bench.core.errors import HarnessError
from bench.core.results import CpuIdentity
from tests.doctor import FIXTURES


def cpu_identity(model: int) -> CpuIdentity:
    return CpuIdentity(vendor="GenuineIntel", family=6, model=model, stepping=2, microcode="0x1", implementer=None,
                       part=None, microarchitecture="Emerald Rapids" if model == 207 else "Sapphire Rapids",
                       caches={}, threads_per_core=1, hypervisor=True)


def folder_of(tmp_path: Path, model: int | None) -> Path:
    folder = tmp_path / "results" / "hosts" / "intel-xeon-2cpu"
    folder.mkdir(parents=True)
    data = json.loads((FIXTURES / "primes.json").read_text())
    if model is not None:
        data["environment"]["machine"]["identity"] = {
            "vendor": "GenuineIntel", "family": 6, "model": model, "stepping": 2, "microcode": "0x1",
            "implementer": None, "part": None, "microarchitecture": "Sapphire Rapids", "caches": {},
            "threads_per_core": 1, "hypervisor": True}
    (folder / "primes.json").write_text(json.dumps(data))
    return folder


def test_a_measurement_refuses_a_folder_of_another_cpu(tmp_path, monkeypatch):
    folder_of(tmp_path, 143)
    monkeypatch.setattr(hosts, "identity", lambda: cpu_identity(207))
    with pytest.raises(HarnessError, match="model 143.*model 207"):
        hosts.this_host_folder(tmp_path / "results", "intel-xeon-2cpu")


def test_a_measurement_refuses_a_folder_whose_cpu_was_not_recorded(tmp_path, monkeypatch):
    folder_of(tmp_path, None)
    monkeypatch.setattr(hosts, "identity", lambda: cpu_identity(207))
    with pytest.raises(HarnessError, match="not recorded"):
        hosts.this_host_folder(tmp_path / "results", "intel-xeon-2cpu")


def test_a_measurement_goes_into_its_own_cpus_folder(tmp_path, monkeypatch):
    folder = folder_of(tmp_path, 207)
    monkeypatch.setattr(hosts, "identity", lambda: cpu_identity(207))
    assert hosts.this_host_folder(tmp_path / "results", "intel-xeon-2cpu") == folder
    assert hosts.this_host_folder(tmp_path / "results", "new-host") == tmp_path / "results" / "hosts" / "new-host"
