"""Where each machine's results live: results/hosts/HOST, one folder a machine, and how to find them."""

from __future__ import annotations

import re
from pathlib import Path

from bench.core import cpu
from bench.core.environment import identity, this_host
from bench.core.errors import HarnessError
from bench.core.paths import HOSTS
from bench.core.results import FILES, CpuIdentity, SchemaError, as_data, load

HOST_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
RESULT_FILES = ("primes.json", "scaling.json", "threads.json", "gate.json")  # what a host folder may hold


def host_folder(results: Path, host: str | None) -> Path:
    """results/hosts/HOST (this machine's name unless given); HarnessError for a name unfit for a folder."""
    name = host or this_host()
    if not HOST_NAME.fullmatch(name):
        raise HarnessError(f"HOST={name!r}: a host is named by lowercase letters, digits, '.', '_' and '-'")
    return results / HOSTS / name


def host_folders(results: Path) -> list[Path]:
    hosts = results / HOSTS
    return sorted(p for p in hosts.iterdir() if p.is_dir()) if hosts.is_dir() else []


def present(path: Path) -> bool:
    """Whether a folder holds an entry at path, a link that leads nowhere too (which reading it then refuses)."""
    return path.exists() or path.is_symlink()


def incoming(source: Path) -> list[Path]:
    """The host folders a source holds: a results folder's hosts, or the source itself as one host's folder."""
    if (source / HOSTS).is_dir():
        return host_folders(source)
    return [source] if any(present(source / name) for name in RESULT_FILES) else []


def run_of(path: Path) -> str:
    """Which run a result file holds, in a few words: its LIMIT where it has one, and its date."""
    record = load(path, FILES[path.name].record)
    if getattr(record, "environment", None) is None:
        return "the runs of an earlier calibration"
    limit = getattr(record, "limit", None)
    return (f"LIMIT={limit:,} of " if limit is not None else "") + record.environment.date


def _read(record: object) -> object:
    """The record, or the one in the file at a path; None where this harness cannot read that file."""
    if isinstance(record, Path):
        try:
            return load(record, FILES[record.name].record)
        except SchemaError:
            return None
    return record


def same_run(one: object, other: object) -> bool:
    """Whether two records (or the files at two paths) hold one run: the same measurements, which no two runs give,
    whatever machine they name; or the same date on the same machine (and CPU identity, where both record one).
    False where either cannot be read."""
    def run(record: object) -> tuple[object, ...] | None:
        record = _read(record)
        if record is None:
            return None
        environment = getattr(record, "environment", None)
        identity = environment and environment.machine.identity
        measured = {k: v for k, v in as_data(record).items() if k != "environment"}
        return machine(environment), identity and identity.key, environment and environment.date, measured
    a, b = run(one), run(other)
    if a is None or b is None:
        return False
    same_machine = a[0] is not None and a[0] == b[0] and (a[1] is None or b[1] is None or a[1] == b[1])
    return a[3] == b[3] or same_machine and a[2] == b[2]


def machine(record: object) -> tuple[str, int, str] | None:
    """The CPU name, online CPUs and architecture a record (or the file at a path, or an environment) was measured
    on; None where it records none, or where this harness cannot read the file."""
    record = _read(record)
    m = getattr(getattr(record, "environment", record), "machine", None)
    return (m.cpu, m.online_cpus, m.arch) if m else None


def identities(folder: Path) -> dict[str, CpuIdentity | None]:
    """The CPU identity each result file of a host folder records (None: written before identities were);
    files that record no machine (a calibration from before it did), or that this harness cannot read, are left out."""
    found = {name: getattr(_read(folder / name), "environment", None) for name in RESULT_FILES
             if present(folder / name)}
    return {name: environment.machine.identity for name, environment in found.items() if environment is not None}


def check_same_cpu(folder: Path, incoming: CpuIdentity | None, whose: str,
                   remedy: str = "choose another HOST=name, or move that folder away") -> None:
    """HarnessError, naming both, where a host folder's results were measured on another CPU than `incoming`."""
    for name, there in identities(folder).items():
        if not cpu.same_cpu(there, incoming):
            raise HarnessError(f"{folder} holds {name} from {cpu.describe(there)}, but {whose} is "
                               f"{cpu.describe(incoming)}: two CPUs never share a host folder; {remedy}")


def this_host_folder(results: Path, host: str | None) -> Path:
    """host_folder for a measurement taken here, checked with check_same_cpu."""
    folder = host_folder(results, host)
    check_same_cpu(folder, identity(), "this machine")
    return folder
