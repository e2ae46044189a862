"""What a result was measured on: machine, operating system, toolchains, source revision."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import datetime, timezone

from bench.manifest import ROOT, first_line


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return ""


def cpu_model() -> str:
    for line in _read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def memory_gib() -> float | None:
    for line in _read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 2**20, 1)
    return None


def os_name() -> str:
    for line in _read("/etc/os-release").splitlines():
        if line.startswith("PRETTY_NAME="):
            return line.split("=", 1)[1].strip().strip('"')
    return platform.system()


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def source() -> dict:
    """The commit measured, and whether code differed from it (results/ is not code)."""
    status = _git("status", "--porcelain", "--", ".", ":!results")
    return {"commit": _git("rev-parse", "HEAD") or None, "dirty": bool(status)}


def online_cpus() -> int:
    return os.cpu_count() or 1


def usable_cpus() -> int:
    """The CPUs this process may run on: fewer than online under an affinity mask or a cgroup."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else online_cpus()


def machine() -> dict:
    return {
        "cpu": cpu_model(),
        "online_cpus": online_cpus(),
        "usable_cpus": usable_cpus(),
        "memory_gib": memory_gib(),
        "os": os_name(),
        "kernel": platform.release(),
        "arch": platform.machine(),
    }


def capture(tools: dict[str, tuple[str, ...]]) -> dict:
    """The whole environment record; tools maps a name to the argv that prints its version."""
    return {
        "date": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "machine": machine(),
        "versions": {name: first_line(argv) for name, argv in sorted(tools.items())},
        "source": source(),
    }
