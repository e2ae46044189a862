"""Where each machine's results live: results/hosts/HOST, one folder a machine, and how to find them."""

from __future__ import annotations

import re
from pathlib import Path

from bench.core.environment import this_host
from bench.core.errors import HarnessError
from bench.core.paths import HOSTS
from bench.core.results import FILES, load

HOST_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
# The result files a host folder may hold.
RESULT_FILES = ("primes.json", "scaling.json", "threads.json", "gate.json")


def host_folder(results: Path, host: str | None) -> Path:
    """results/hosts/HOST, HOST from this machine's CPU model and count unless given; HarnessError for a
    name that is not a plain folder name."""
    name = host or this_host()
    if not HOST_NAME.fullmatch(name):
        raise HarnessError(f"HOST={name!r}: a host is named by lowercase letters, digits, '.', '_' and '-'")
    return results / HOSTS / name


def host_folders(results: Path) -> list[Path]:
    """Every host folder under a results folder, by name."""
    hosts = results / HOSTS
    return sorted(p for p in hosts.iterdir() if p.is_dir()) if hosts.is_dir() else []


def incoming(source: Path) -> list[Path]:
    """The host folders a source holds: a results folder's hosts, or the source itself when it is one
    host's folder."""
    if (source / HOSTS).is_dir():
        return host_folders(source)
    return [source] if any((source / name).exists() for name in RESULT_FILES) else []


def run_of(path: Path) -> str:
    """Which run a result file holds, in a few words: its LIMIT where it has one, and its date."""
    record = load(path, FILES[path.name].record)
    environment = getattr(record, "environment", None)
    limit = getattr(record, "limit", None)
    if environment is None:
        return "the runs of an earlier calibration"
    return (f"LIMIT={limit:,} of " if limit is not None else "") + environment.date
