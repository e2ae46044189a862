"""Which CPU a machine has, exactly: vendor, family, model and stepping (x86) or implementer and part
(Arm), its microarchitecture where known, caches, SMT and whether a hypervisor runs it.

Two machines whose model names read alike ("AMD EPYC" on 2 CPUs) may hold different cores; the identity
tells them apart, names their host folders, and lets a merge refuse to mix them."""

from __future__ import annotations

import re
from pathlib import Path

from bench.core.results import CpuIdentity

# (family, first model, last model) -> microarchitecture, for x86 vendors; from the vendors' published
# family/model numbers. A CPU outside the table is "unknown", and is named by its family and model.
INTEL = {
    (6, 0x3C, 0x3C): "Haswell", (6, 0x3F, 0x3F): "Haswell", (6, 0x45, 0x46): "Haswell",
    (6, 0x3D, 0x3D): "Broadwell", (6, 0x47, 0x47): "Broadwell", (6, 0x4F, 0x4F): "Broadwell",
    (6, 0x56, 0x56): "Broadwell",
    (6, 0x4E, 0x4E): "Skylake", (6, 0x5E, 0x5E): "Skylake", (6, 0x8E, 0x8E): "Skylake",
    (6, 0x9E, 0x9E): "Skylake", (6, 0xA5, 0xA5): "Skylake",
    (6, 0x55, 0x55): "Skylake-SP",  # stepping 5-7: Cascade Lake, 10-11: Cooper Lake (below)
    (6, 0x6A, 0x6A): "Ice Lake-SP", (6, 0x6C, 0x6C): "Ice Lake-SP", (6, 0x7D, 0x7E): "Ice Lake",
    (6, 0x8C, 0x8D): "Tiger Lake", (6, 0xA7, 0xA7): "Rocket Lake",
    (6, 0x97, 0x97): "Alder Lake", (6, 0x9A, 0x9A): "Alder Lake",
    (6, 0xB7, 0xB7): "Raptor Lake", (6, 0xBA, 0xBA): "Raptor Lake", (6, 0xBF, 0xBF): "Raptor Lake",
    (6, 0x8F, 0x8F): "Sapphire Rapids", (6, 0xCF, 0xCF): "Emerald Rapids",
    (6, 0xAD, 0xAE): "Granite Rapids", (6, 0xAA, 0xAC): "Meteor Lake",
}
AMD = {
    (0x17, 0x00, 0x2F): "Zen", (0x17, 0x30, 0xFF): "Zen 2",
    (0x19, 0x00, 0x0F): "Zen 3", (0x19, 0x10, 0x1F): "Zen 4", (0x19, 0x20, 0x5F): "Zen 3",
    (0x19, 0x60, 0x7F): "Zen 4", (0x19, 0xA0, 0xAF): "Zen 4",
    (0x1A, 0x00, 0x4F): "Zen 5", (0x1A, 0x60, 0x7F): "Zen 5",
}
# Arm: (implementer, part) from the MIDR, as /proc/cpuinfo prints them.
ARM = {
    ("0x41", "0xd08"): "Cortex-A72", ("0x41", "0xd0b"): "Cortex-A76", ("0x41", "0xd0c"): "Neoverse N1",
    ("0x41", "0xd40"): "Neoverse V1", ("0x41", "0xd49"): "Neoverse N2", ("0x41", "0xd4f"): "Neoverse V2",
    ("0x41", "0xd84"): "Neoverse V3", ("0x41", "0xd8e"): "Neoverse N3",
    ("0xc0", "0xac3"): "AmpereOne",
}
UNKNOWN = "unknown"


def _fields(cpuinfo: str) -> dict[str, str]:
    """The first processor's "key: value" lines of a /proc/cpuinfo text."""
    fields: dict[str, str] = {}
    for line in cpuinfo.splitlines():
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep:
            if fields:
                break  # the blank line after the first processor
            continue
        fields.setdefault(key, value.strip())
    return fields


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text, 0)
    except ValueError:
        return None


def microarchitecture(vendor: str, family: int | None, model: int | None, stepping: int | None,
                      implementer: str | None = None, part: str | None = None) -> str:
    """The name of the core, from the tables above, or "unknown"."""
    if implementer and part:
        return ARM.get((implementer.lower(), part.lower()), UNKNOWN)
    table = INTEL if vendor == "GenuineIntel" else AMD if vendor in ("AuthenticAMD", "HygonGenuine") else {}
    if family is None or model is None:
        return UNKNOWN
    name = next((n for (f, lo, hi), n in table.items() if f == family and lo <= model <= hi), UNKNOWN)
    if name == "Skylake-SP" and stepping is not None:
        name = "Cascade Lake" if 5 <= stepping <= 7 else "Cooper Lake" if stepping >= 10 else name
    return name


def _size(text: str) -> str:
    """A cache size as sysfs gives it ("48K", "2048K") in KiB or MiB."""
    match = re.fullmatch(r"(\d+)([KMG]?)", text.strip())
    if not match:
        return text.strip()
    kib = int(match[1]) * {"": 1 / 1024, "K": 1, "M": 1024, "G": 1024**2}[match[2]]
    return f"{kib / 1024:g} MiB" if kib >= 1024 else f"{kib:g} KiB"


def caches(sysfs: Path) -> dict[str, str]:
    """cpu0's caches by level and type ("L1d", "L1i", "L2", "L3"), from sysfs."""
    found: dict[str, str] = {}
    for index in sorted((sysfs / "devices/system/cpu/cpu0/cache").glob("index*")):
        try:
            level = (index / "level").read_text().strip()
            kind = (index / "type").read_text().strip()
            size = (index / "size").read_text().strip()
        except OSError:
            continue
        suffix = {"Data": "d", "Instruction": "i"}.get(kind, "")
        found[f"L{level}{suffix}"] = _size(size)
    return found


def _threads_per_core(fields: dict[str, str], sysfs: Path) -> int | None:
    try:
        siblings = (sysfs / "devices/system/cpu/cpu0/topology/thread_siblings_list").read_text().strip()
        return sum(len(range(int(a), int(b or a) + 1)) for a, _, b in (p.partition("-") for p in siblings.split(",")))
    except (OSError, ValueError):
        pass
    per_package, cores = _number(fields.get("siblings")), _number(fields.get("cpu cores"))
    return per_package // cores if per_package and cores else None


def identify(cpuinfo: str, sysfs: Path = Path("/sys")) -> CpuIdentity:
    fields = _fields(cpuinfo)
    implementer, part = fields.get("CPU implementer"), fields.get("CPU part")
    vendor = fields.get("vendor_id") or (f"Arm implementer {implementer}" if implementer else UNKNOWN)
    family, model = _number(fields.get("cpu family")), _number(fields.get("model"))
    stepping = _number(fields.get("stepping"))
    if implementer:  # Arm's "model" lines are absent; its variant and revision (rNpM) are the stepping
        family = model = None
        variant, revision = _number(fields.get("CPU variant")), _number(fields.get("CPU revision"))
        stepping = (variant or 0) << 4 | revision if revision is not None else None
    flags = fields.get("flags", "").split()
    # x86 guests see the CPUID hypervisor bit; elsewhere only Xen says so in sysfs, and a KVM guest
    # cannot be told apart here: not reported rather than "no".
    hypervisor: bool | None = True if "hypervisor" in flags or (sysfs / "hypervisor/type").exists() else \
        False if "flags" in fields else None
    return CpuIdentity(
        vendor=vendor, family=family, model=model, stepping=stepping, microcode=fields.get("microcode"),
        implementer=implementer, part=part,
        microarchitecture=microarchitecture(vendor, family, model, stepping, implementer, part),
        caches=caches(sysfs), threads_per_core=_threads_per_core(fields, sysfs), hypervisor=hypervisor,
    )


def slug_part(cpu: CpuIdentity) -> str:
    """What a host folder's name takes from the identity: the microarchitecture ("zen5"), or where it is
    unknown the family and model ("f25m17") or the Arm part ("0x41-0xd0c"); '' when none is known."""
    if cpu.microarchitecture != UNKNOWN:
        return re.sub(r"[^a-z0-9]+", "", cpu.microarchitecture.lower()) if cpu.microarchitecture.startswith("Zen") \
            else re.sub(r"[^a-z0-9]+", "-", cpu.microarchitecture.lower()).strip("-")
    if cpu.family is not None and cpu.model is not None:
        return f"f{cpu.family}m{cpu.model}"
    if cpu.implementer and cpu.part:
        return f"{cpu.implementer}-{cpu.part}".lower()
    return ""


def same_cpu(a: CpuIdentity | None, b: CpuIdentity | None) -> bool:
    """Whether two records name one kind of CPU: the same vendor, family, model and stepping, or
    implementer and part. Microcode, caches and the hypervisor may differ between hosts of one kind."""
    if a is None or b is None:
        return a is b
    return a.key == b.key


def describe(cpu: CpuIdentity | None) -> str:
    """The identity in one line, for a page or an error."""
    if cpu is None:
        return "CPU identity not recorded"
    if cpu.implementer:
        where = f"implementer {cpu.implementer}, part {cpu.part}"
    else:
        where = f"{cpu.vendor} family {cpu.family}, model {cpu.model}, stepping {cpu.stepping}"
    return f"{cpu.microarchitecture if cpu.microarchitecture != UNKNOWN else 'unknown microarchitecture'} ({where})"
