"""What a result was measured on: machine, operating system, toolchains, source revision."""

from __future__ import annotations

import os
import platform
import re
from datetime import datetime, timezone

from bench.core import cpu
from bench.core.manifest import Implementation, first_line
from bench.core.results import CpuIdentity, Environment, Machine, Source
from bench.core.run import output


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return ""


def _value(text: str, prefix: str, sep: str = ":") -> str | None:
    """What follows sep on the first line of text that starts with prefix, stripped; None where none does."""
    for line in text.splitlines():
        if line.startswith(prefix):
            return line.split(sep, 1)[1].strip()
    return None


def cpu_model() -> str:
    """The CPU's model name: /proc/cpuinfo on x86, lscpu where cpuinfo has none (arm64), else the
    architecture."""
    model = _value(_read("/proc/cpuinfo"), "model name")
    if model is None:
        model = _value(output(["lscpu"], timeout=30), "Model name:")
    if model is not None:
        return model
    return platform.processor() or platform.machine()


def memory_gib() -> float | None:
    total = _value(_read("/proc/meminfo"), "MemTotal:")  # "16318908 kB"
    return None if total is None else round(int(total.split()[0]) / 2**20, 1)


def os_name() -> str:
    name = _value(_read("/etc/os-release"), "PRETTY_NAME=", "=")
    return platform.system() if name is None else name.strip('"')


def git(*args: str) -> str:
    """stdout of a git command in the repository, or '' when git fails."""
    return output(["git", *args], timeout=30)


def source() -> Source:
    """The commit measured, and whether code differed from it: a tracked file changed or an
    untracked one not ignored, anywhere but results/ and README.md, which the measurements themselves
    rewrite (the README's tables) and which are not code."""
    status = git("status", "--porcelain", "--", ".", ":!results", ":!README.md")
    return Source(commit=git("rev-parse", "HEAD") or None, dirty=bool(status))


def online_cpus() -> int:
    return os.cpu_count() or 1


def usable_cpus() -> int:
    """The CPUs this process may run on: fewer than online under an affinity mask or a cgroup."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else online_cpus()


# Words of a CPU model that say nothing about which CPU it is.
NOISE = re.compile(r"\((?:R|TM|tm|r)\)|\b(?:CPU|Processor|processor|\d+-Core|with Radeon Graphics)\b|@.*$")


def host_slug(model: str, cpus: int, identity: CpuIdentity | None = None) -> str:
    """A readable folder name for a machine, from its CPU model, its microarchitecture (or family and
    model where that is unknown) and its CPU count: "AMD EPYC 9R14 96-Core Processor" of family 25, model
    17 on 2 CPUs is "amd-epyc-9r14-zen4-2cpu". Two CPUs of one model name and microarchitecture but
    another model or stepping can share a name: the measuring commands and make merge refuse to mix
    them in one folder (bench/core/hosts.py)."""
    words = re.sub(r"[^a-z0-9]+", "-", NOISE.sub(" ", model).lower()).strip("-") or "unknown-cpu"
    core = cpu.slug_part(identity) if identity else ""
    if core and f"-{core}-" not in f"-{words}-":
        words = f"{words}-{core}"
    return f"{words}-{cpus}cpu"


def identity() -> CpuIdentity:
    return cpu.identify(_read("/proc/cpuinfo"))


def this_host() -> str:
    return host_slug(cpu_model(), online_cpus(), identity())


def reported_mhz() -> float | None:
    """The clock the operating system reports for cpu0: cpufreq's current frequency, or /proc/cpuinfo's
    "cpu MHz" (under a hypervisor often the nominal clock, not the one the core runs at)."""
    khz = _read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq").strip()
    if khz.isdigit():
        return int(khz) / 1000
    mhz = _value(_read("/proc/cpuinfo"), "cpu MHz")
    try:
        return None if mhz is None else float(mhz)
    except ValueError:
        return None


def machine() -> Machine:
    return Machine(cpu=cpu_model(), online_cpus=online_cpus(), usable_cpus=usable_cpus(),
                   memory_gib=memory_gib(), os=os_name(), kernel=platform.release(), arch=platform.machine(),
                   identity=identity(), reported_mhz=reported_mhz())


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def capture(impls: list[Implementation], known: dict[str, str] | None = None,
            built_from: Source | None = None) -> Environment:
    """The whole environment record of a run of these implementations; `known` gives versions that this
    host cannot ask for (programs built elsewhere), by implementation, and `built_from` the commit they
    were built from, where this copy has no git history."""
    tools = {**{i.name: i.version for i in impls if i.version}, "hyperfine": ("hyperfine", "--version")}
    versions = {name: first_line(argv) for name, argv in tools.items()} | (known or {})
    here = source()
    return Environment(date=now(), machine=machine(), versions=dict(sorted(versions.items())),
                       source=here if here.commit or built_from is None else built_from)
