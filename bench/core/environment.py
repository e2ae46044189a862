"""What a result was measured on: machine, operating system, toolchains, source revision."""

from __future__ import annotations

import os
import platform
import re
from datetime import datetime, timezone

from bench.core import cpu
from bench.core.manifest import Implementation, first_line
from bench.core.results import CHECKS, CpuIdentity, Environment, Machine, Source
from bench.core.run import output

# Words of a CPU model that say nothing about which CPU it is.
NOISE = re.compile(r"\((?:R|TM|tm|r)\)|\b(?:CPU|Processor|processor|\d+-Core|with Radeon Graphics)\b|@.*$")


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return ""


def _value(text: str, prefix: str, sep: str = ":") -> str | None:
    """What follows sep on the first line of text that starts with prefix, stripped; None where none does."""
    return next((line.split(sep, 1)[1].strip() for line in text.splitlines() if line.startswith(prefix)), None)


def cpu_model() -> str:
    """The CPU's model name: /proc/cpuinfo on x86, lscpu where it has none (arm64), else the architecture."""
    model = _value(_read("/proc/cpuinfo"), "model name")
    model = model if model is not None else _value(output(["lscpu"], timeout=30), "Model name:")
    return model if model is not None else platform.processor() or platform.machine()


def source() -> Source:
    """The commit measured, and whether any file but results/ and README.md (which measuring rewrites) differs."""
    status = output(["git", "status", "--porcelain", "--", ".", ":!results", ":!README.md"], timeout=30)
    return Source(commit=output(["git", "rev-parse", "HEAD"], timeout=30) or None, dirty=bool(status))


def online_cpus() -> int:
    return os.cpu_count() or 1


def usable_cpus() -> int:
    """The CPUs this process may run on: fewer than online under an affinity mask or a cgroup."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else online_cpus()


def host_slug(model: str, cpus: int, identity: CpuIdentity | None = None) -> str:
    """A folder name from a machine's CPU model, microarchitecture (cpu.slug_part) and CPU count: "AMD EPYC 9R14
    96-Core Processor", a Zen 4, on 2 CPUs is "amd-epyc-9r14-zen4-2cpu"."""
    words = re.sub(r"[^a-z0-9]+", "-", NOISE.sub(" ", model).lower()).strip("-") or "unknown-cpu"
    core = cpu.slug_part(identity) if identity else ""
    return f"{words}-{core}-{cpus}cpu" if core and f"-{core}-" not in f"-{words}-" else f"{words}-{cpus}cpu"


def identity() -> CpuIdentity:
    return cpu.identify(_read("/proc/cpuinfo"))


def this_host() -> str:
    return host_slug(cpu_model(), online_cpus(), identity())


def machine() -> Machine:
    memory = _value(_read("/proc/meminfo"), "MemTotal:")  # "16318908 kB"
    os_name = _value(_read("/etc/os-release"), "PRETTY_NAME=", "=")
    # The clock the operating system reports for cpu0: cpufreq's, or /proc/cpuinfo's "cpu MHz" (under a
    # hypervisor often the nominal clock, not the one the core runs at).
    khz = _read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq").strip()
    try:
        mhz = int(khz) / 1000 if khz.isdigit() else float(_value(_read("/proc/cpuinfo"), "cpu MHz") or "")
    except ValueError:
        mhz = None
    return Machine(cpu=plain(cpu_model()), online_cpus=online_cpus(), usable_cpus=usable_cpus(),
                   memory_gib=None if memory is None else round(int(memory.split()[0]) / 2**20, 1),
                   os=plain(platform.system() if os_name is None else os_name.strip('"')),
                   kernel=plain(platform.release()), arch=plain(platform.machine()), identity=identity(),
                   reported_mhz=mhz)


def plain(text: str) -> str:
    """What a machine says of itself as printable ASCII, which is all a result file holds of it (results.CHECKS):
    any other character a "?"."""
    fits = CHECKS["ascii"][0]
    return "".join(c if fits(c) else "?" for c in text)


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def capture(impls: list[Implementation], known: dict[str, str] | None = None,
            built_from: Source | None = None) -> Environment:
    """The environment record of a run of impls; `known` gives versions this host cannot ask for (programs
    built elsewhere), by implementation, and `built_from` their commit, where this copy has no git history."""
    tools = {**{i.name: i.version for i in impls if i.version}, "hyperfine": ("hyperfine", "--version")}
    versions = {name: first_line(argv) for name, argv in tools.items()} | (known or {})
    here = source()
    return Environment(date=now(), machine=machine(), versions=dict(sorted(versions.items())),
                       source=here if here.commit or built_from is None else built_from)
