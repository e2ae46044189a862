"""Doctored result files: a small valid fixture read as JSON, changed by a mutation, and written into a
host folder, for the tests that must see the harness refuse them."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import reduce
from operator import getitem
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

Mutation = Callable[[dict], object]  # changes the data in place; a str or bytes it returns is the file


def fixture(name: str = "primes.json") -> dict:
    return json.loads((FIXTURES / name).read_text())


def set_at(path: tuple[str | int, ...], value: object) -> Mutation:
    """The value at path (keys and indices) replaced."""
    def apply(data: dict) -> None:
        reduce(getitem, path[:-1], data)[path[-1]] = value
    return apply


def scale_at(path: tuple[str | int, ...], factor: float) -> Mutation:
    def apply(data: dict) -> None:
        reduce(getitem, path[:-1], data)[path[-1]] *= factor
    return apply


def rename_job(old: str, new: str) -> Mutation:
    """A job renamed in every round of the session: in its order, times and CPU times alike."""
    def apply(data: dict) -> None:
        for r in data["session"]["rounds"]:
            r["order"] = [new if job == old else job for job in r["order"]]
            for key in ("times", "user", "system"):
                r[key] = {new if job == old else job: value for job, value in r[key].items()}
    return apply


def dumped(data: dict) -> str:
    return json.dumps(data, indent=2) + "\n"


def write(path: Path, name: str, mutate: Mutation | None = None) -> Path:
    """The fixture `name`, mutated, written at path."""
    data = fixture(name)
    out = mutate(data) if mutate else None
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(out, bytes):
        path.write_bytes(out)
    else:
        path.write_text(out if isinstance(out, str) else dumped(data))
    return path


def host_folder(root: Path, host: str = "doctored-2cpu",
                files: dict[str, Mutation | None] | None = None) -> Path:
    """root/hosts/HOST holding each fixture of `files` (primes.json unchanged by default) under its own
    file name, mutated."""
    folder = root / "hosts" / host
    folder.mkdir(parents=True, exist_ok=True)
    for name, mutate in (files or {"primes.json": None}).items():
        write(folder / Path(name).name, name, mutate)
    return folder
