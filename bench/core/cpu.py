"""Which CPU a machine has, exactly: machines whose model names read alike ("AMD EPYC") may hold different
cores; the identity tells them apart, names their host folders, and lets a merge refuse to mix them."""

from __future__ import annotations

import re
from pathlib import Path

from bench.core.results import CpuIdentity

# (family, first model, last model) -> microarchitecture, for x86 vendors; from the vendors' published
# family/model numbers. A CPU outside the table is "unknown", and is named by its family and model.
INTEL = {
    (6, 0x3C, 0x3C): "Haswell", (6, 0x3F, 0x3F): "Haswell", (6, 0x45, 0x46): "Haswell", (6, 0x3D, 0x3D): "Broadwell",
    (6, 0x47, 0x47): "Broadwell", (6, 0x4F, 0x4F): "Broadwell", (6, 0x56, 0x56): "Broadwell",
    (6, 0x4E, 0x4E): "Skylake", (6, 0x5E, 0x5E): "Skylake", (6, 0x8E, 0x8E): "Skylake", (6, 0x9E, 0x9E): "Skylake",
    (6, 0xA5, 0xA5): "Skylake",
    (6, 0x55, 0x55): "Skylake-SP",  # stepping 5-7: Cascade Lake, 10-11: Cooper Lake (below)
    (6, 0x6A, 0x6A): "Ice Lake-SP", (6, 0x6C, 0x6C): "Ice Lake-SP", (6, 0x7D, 0x7E): "Ice Lake",
    (6, 0x8C, 0x8D): "Tiger Lake", (6, 0xA7, 0xA7): "Rocket Lake", (6, 0x97, 0x97): "Alder Lake",
    (6, 0x9A, 0x9A): "Alder Lake", (6, 0xB7, 0xB7): "Raptor Lake", (6, 0xBA, 0xBA): "Raptor Lake",
    (6, 0xBF, 0xBF): "Raptor Lake", (6, 0x8F, 0x8F): "Sapphire Rapids", (6, 0xCF, 0xCF): "Emerald Rapids",
    (6, 0xAD, 0xAE): "Granite Rapids", (6, 0xAA, 0xAC): "Meteor Lake",
}
AMD = {
    (0x17, 0x00, 0x2F): "Zen", (0x17, 0x30, 0xFF): "Zen 2", (0x19, 0x00, 0x0F): "Zen 3", (0x19, 0x10, 0x1F): "Zen 4",
    (0x19, 0x20, 0x5F): "Zen 3", (0x19, 0x60, 0x7F): "Zen 4", (0x19, 0xA0, 0xAF): "Zen 4", (0x1A, 0x00, 0x4F): "Zen 5",
    (0x1A, 0x60, 0x7F): "Zen 5",
}
# Arm: (implementer, part) from the MIDR, as /proc/cpuinfo prints them.
ARM = {
    ("0x41", "0xd08"): "Cortex-A72", ("0x41", "0xd0b"): "Cortex-A76", ("0x41", "0xd0c"): "Neoverse N1",
    ("0x41", "0xd40"): "Neoverse V1", ("0x41", "0xd49"): "Neoverse N2", ("0x41", "0xd4f"): "Neoverse V2",
    ("0x41", "0xd84"): "Neoverse V3", ("0x41", "0xd8e"): "Neoverse N3", ("0xc0", "0xac3"): "AmpereOne",
}
UNKNOWN = "unknown"
SKYLAKE_SP = ("Cascade Lake", "Cooper Lake")  # by stepping (below)


def _number(text: str | None) -> int | None:
    try:
        return int(text or "", 0)
    except ValueError:
        return None


def microarchitecture(vendor: str, family: int | None, model: int | None, stepping: int | None,
                      implementer: str | None = None, part: str | None = None) -> str:
    """The name of the core, from the tables above, or "unknown"."""
    if implementer and part:
        return ARM.get((implementer.lower(), part.lower()), UNKNOWN)
    name = next((n for (f, lo, hi), n in _table(vendor, implementer, part).items()
                 if f == family and model is not None and lo <= model <= hi), UNKNOWN)
    if name == "Skylake-SP" and stepping is not None:
        name = "Cascade Lake" if 5 <= stepping <= 7 else "Cooper Lake" if stepping >= 10 else name
    return name


def _table(vendor: str, implementer: str | None, part: str | None) -> dict:
    return ARM if implementer and part else INTEL if vendor == "GenuineIntel" else \
        AMD if vendor in ("AuthenticAMD", "HygonGenuine") else {}


def foreign(name: str, vendor: str, implementer: str | None, part: str | None) -> bool:
    """Whether name is a core of another vendor's than this CPU's, in the tables above (a newer table may add models
    to its own vendor's names, and names of its own)."""
    own = {*_table(vendor, implementer, part).values(), *(SKYLAKE_SP if vendor == "GenuineIntel" else ())}
    return name in {*INTEL.values(), *AMD.values(), *ARM.values(), *SKYLAKE_SP} - own


def caches(sysfs: Path) -> dict[str, str]:
    """cpu0's caches by level and type ("L1d", "L1i", "L2", "L3") from sysfs, in KiB or MiB."""
    found: dict[str, str] = {}
    for index in sorted((sysfs / "devices/system/cpu/cpu0/cache").glob("index*")):
        try:
            level, kind, size = ((index / name).read_text().strip() for name in ("level", "type", "size"))
        except OSError:
            continue
        match = re.fullmatch(r"(\d+)([KMG]?)", size)
        if match:
            kib = int(match[1]) * {"": 1 / 1024, "K": 1, "M": 1024, "G": 1024**2}[match[2]]
            size = f"{kib / 1024:g} MiB" if kib >= 1024 else f"{kib:g} KiB"
        found["L" + level + {"Data": "d", "Instruction": "i"}.get(kind, "")] = size
    return found


def identify(cpuinfo: str, sysfs: Path = Path("/sys")) -> CpuIdentity:
    """The identity of cpu0, from a /proc/cpuinfo text (its first processor's lines) and sysfs."""
    fields: dict[str, str] = {}
    for line in cpuinfo.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields.setdefault(key.strip(), value.strip())
        elif fields:
            break  # the blank line after the first processor
    implementer, part = fields.get("CPU implementer"), fields.get("CPU part")
    vendor = fields.get("vendor_id") or (f"Arm implementer {implementer}" if implementer else UNKNOWN)
    family, model, stepping = (_number(fields.get(key)) for key in ("cpu family", "model", "stepping"))
    if implementer:  # Arm's "model" lines are absent; its variant and revision (rNpM) are the stepping
        family = model = None
        variant, revision = _number(fields.get("CPU variant")), _number(fields.get("CPU revision"))
        stepping = (variant or 0) << 4 | revision if revision is not None else None
    try:
        siblings = (sysfs / "devices/system/cpu/cpu0/topology/thread_siblings_list").read_text().strip().split(",")
        threads = sum(len(range(int(a), int(b or a) + 1)) for a, _, b in (p.partition("-") for p in siblings))
    except (OSError, ValueError):
        per_package, cores = _number(fields.get("siblings")), _number(fields.get("cpu cores"))
        threads = per_package // cores if per_package and cores else None
    # x86 guests see the CPUID hypervisor bit; elsewhere only Xen says so in sysfs, and a KVM guest
    # cannot be told apart here: not reported rather than "no".
    hypervisor = True if "hypervisor" in fields.get("flags", "").split() or (sysfs / "hypervisor/type").exists() \
        else False if "flags" in fields else None
    return CpuIdentity(
        vendor=vendor, family=family, model=model, stepping=stepping, microcode=fields.get("microcode"),
        implementer=implementer, part=part,
        microarchitecture=microarchitecture(vendor, family, model, stepping, implementer, part),
        caches=caches(sysfs), threads_per_core=threads, hypervisor=hypervisor)


def slug_part(cpu: CpuIdentity) -> str:
    """What a host folder's name takes from the identity: the microarchitecture ("zen5", "emerald-rapids"),
    else the family and model ("f25m17") or the Arm part ("0x41-0xd0c"); '' when none is known."""
    if cpu.microarchitecture != UNKNOWN:
        name = cpu.microarchitecture.lower()
        return re.sub(r"[^a-z0-9]+", "" if name.startswith("zen") else "-", name).strip("-")
    if cpu.family is not None and cpu.model is not None:
        return f"f{cpu.family}m{cpu.model}"
    return f"{cpu.implementer}-{cpu.part}".lower() if cpu.implementer and cpu.part else ""


def same_cpu(a: CpuIdentity | None, b: CpuIdentity | None) -> bool:
    """Whether two records name one kind of CPU (CpuIdentity.key: microcode and caches may differ)."""
    return a is b if a is None or b is None else a.key == b.key


def describe(cpu: CpuIdentity | None) -> str:
    """The identity in one line, for a page or an error."""
    if cpu is None:
        return "CPU identity not recorded"
    where = f"implementer {cpu.implementer}, part {cpu.part}" if cpu.implementer else \
        f"{cpu.vendor} family {cpu.family}, model {cpu.model}, stepping {cpu.stepping}"
    return f"{cpu.microarchitecture if cpu.microarchitecture != UNKNOWN else 'unknown microarchitecture'} ({where})"
