"""A machine's CPU identity, read from /proc/cpuinfo and sysfs, names its host folder exactly: two CPUs
whose model names read alike never share one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.core import cpu
from bench.core.environment import host_slug

# Two "AMD EPYC" virtual machines on 2 CPUs: a Zen 4 (family 25, model 17) and a Zen 5 (26, 2).
ZEN4 = """processor\t: 0
vendor_id\t: AuthenticAMD
cpu family\t: 25
model\t\t: 17
model name\t: AMD EPYC
stepping\t: 1
microcode\t: 0xa10113e
siblings\t: 2
cpu cores\t: 1
flags\t\t: fpu vme de hypervisor avx2

processor\t: 1
vendor_id\t: AuthenticAMD
cpu family\t: 99
"""
ZEN5 = ZEN4.replace("cpu family\t: 25", "cpu family\t: 26").replace("model\t\t: 17", "model\t\t: 2") \
    .replace("microcode\t: 0xa10113e", "microcode\t: 0xb002116")
EMERALD_RAPIDS = """processor\t: 0
vendor_id\t: GenuineIntel
cpu family\t: 6
model\t\t: 207
model name\t: Intel(R) Xeon(R) Processor
stepping\t: 2
microcode\t: 0x1
flags\t\t: fpu hypervisor avx512f
"""
NEOVERSE_N1 = """processor\t: 0
BogoMIPS\t: 243.75
CPU implementer\t: 0x41
CPU architecture: 8
CPU variant\t: 0x3
CPU part\t: 0xd0c
CPU revision\t: 1
"""


def sysfs(tmp_path: Path, caches: dict[str, tuple[str, str, str]] | None = None, siblings: str | None = None) -> Path:
    root = tmp_path / "sys"
    (root / "devices/system/cpu/cpu0/cache").mkdir(parents=True, exist_ok=True)
    for index, (level, kind, size) in (caches or {}).items():
        folder = root / "devices/system/cpu/cpu0/cache" / index
        folder.mkdir()
        for name, value in (("level", level), ("type", kind), ("size", size)):
            (folder / name).write_text(value + "\n")
    if siblings is not None:
        (root / "devices/system/cpu/cpu0/topology").mkdir(parents=True)
        (root / "devices/system/cpu/cpu0/topology/thread_siblings_list").write_text(siblings + "\n")
    return root


@pytest.mark.parametrize("text, microarchitecture, slug", [
    (ZEN4, "Zen 4", "amd-epyc-zen4-2cpu"),
    (ZEN5, "Zen 5", "amd-epyc-zen5-2cpu"),
    (EMERALD_RAPIDS, "Emerald Rapids", "intel-xeon-emerald-rapids-2cpu"),
    (NEOVERSE_N1, "Neoverse N1", "neoverse-n1-2cpu"),
])
def test_the_microarchitecture_is_named_and_joins_the_host_folder(tmp_path, text, microarchitecture, slug):
    identity = cpu.identify(text, sysfs(tmp_path))
    assert identity.microarchitecture == microarchitecture
    model = next((line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("model name")),
                 "Neoverse-N1")
    assert host_slug(model, 2, identity) == slug


def test_two_cpus_of_one_model_name_get_two_folders(tmp_path):
    zen4, zen5 = cpu.identify(ZEN4, sysfs(tmp_path)), cpu.identify(ZEN5, sysfs(tmp_path))
    assert host_slug("AMD EPYC", 2, zen4) != host_slug("AMD EPYC", 2, zen5)
    assert not cpu.same_cpu(zen4, zen5)
    assert cpu.same_cpu(zen4, cpu.identify(ZEN4.replace("0xa10113e", "0xa101148"), sysfs(tmp_path))), \
        "a microcode update is the same CPU"


def test_x86_identity_fields_come_from_the_first_processor(tmp_path):
    identity = cpu.identify(ZEN4, sysfs(tmp_path))
    assert (identity.vendor, identity.family, identity.model, identity.stepping, identity.microcode) == \
        ("AuthenticAMD", 25, 17, 1, "0xa10113e")
    assert identity.hypervisor and identity.implementer is None
    assert identity.threads_per_core == 2  # siblings / cpu cores, where sysfs has no topology


def test_arm_identity_is_the_implementer_and_part(tmp_path):
    identity = cpu.identify(NEOVERSE_N1, sysfs(tmp_path))
    assert (identity.implementer, identity.part, identity.family, identity.model) == ("0x41", "0xd0c", None, None)
    assert identity.hypervisor is None, "an Arm guest under KVM cannot be told apart: not reported"


def test_an_unknown_core_is_named_by_family_and_model(tmp_path):
    identity = cpu.identify(ZEN4.replace("cpu family\t: 25", "cpu family\t: 31"), sysfs(tmp_path))
    assert identity.microarchitecture == cpu.UNKNOWN
    assert host_slug("AMD EPYC", 2, identity) == "amd-epyc-f31m17-2cpu"
    assert "unknown microarchitecture" in cpu.describe(identity)


def test_cascade_lake_is_told_from_skylake_sp_by_its_stepping(tmp_path):
    skx = EMERALD_RAPIDS.replace("model\t\t: 207", "model\t\t: 85").replace("stepping\t: 2", "stepping\t: 4")
    assert cpu.identify(skx, sysfs(tmp_path)).microarchitecture == "Skylake-SP"
    assert cpu.identify(skx.replace("stepping\t: 4", "stepping\t: 7"), sysfs(tmp_path)).microarchitecture == \
        "Cascade Lake"


def test_caches_and_smt_siblings_are_read_from_sysfs(tmp_path):
    root = sysfs(tmp_path, {"index0": ("1", "Data", "48K"), "index1": ("1", "Instruction", "32K"),
                            "index2": ("2", "Unified", "2048K"), "index3": ("3", "Unified", "266240K")},
                 siblings="0-1")
    identity = cpu.identify(EMERALD_RAPIDS, root)
    assert identity.caches == {"L1d": "48 KiB", "L1i": "32 KiB", "L2": "2 MiB", "L3": "260 MiB"}
    assert identity.threads_per_core == 2
