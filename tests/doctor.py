"""Result files for tests: a valid fixture read as JSON, changed by a mutation and written into a host folder
(for the tests that must see the harness refuse it), or a small primes.json of a few rows built to order."""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Callable
from functools import reduce
from operator import getitem
from pathlib import Path

from bench.analyse.derive import load
from bench.analyse.rounds import RatioSpec, spec_name
from bench.core import article, manifest
from bench.core.results import FILES, BenchResult
from bench.core.vectors import expected_for

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


def small_primes(times: dict[str, float], ratios: tuple[str, ...] = (), rounds: int = 20,
                 limit: int = 1_000_000, claims: bool = True) -> dict:
    """A valid primes.json of the programs in `times` (the manifest's), each run once a round for `times[name]`
    seconds, a hundredth of it at the start-up LIMIT, each run within ±0.1% of it; the ratios named
    ("python/c", "compute go/c") asked of the rounds, and with claims those of the first table and the claims. Its
    answers are the reference counts."""
    known = {i.name: i for i in manifest.load(resolve=False).implementations}
    count = str(expected_for(limit))
    entries = [{"name": name, "language": known[name].language, "kind": known[name].kind,
                "twin": known[name].twin, "variant_of": known[name].variant_of, "note": "", "version": "1.0",
                "threads": 2 if known[name].kind == "parallel" else None,
                "thread_variable": known[name].thread_variable, "flags": None,
                "command": known[name].command(limit, 2 if known[name].kind == "parallel" else None),
                "answer": {"output": str(expected_for(limit + 1)) if known[name].inclusive else count,
                           "seconds": seconds, "peak_rss_kib": 1000}} for name, seconds in times.items()]
    required = article.required({name: known[name].twin for name in times}, limit) if claims else set()
    ratios = (*ratios, *sorted({spec_name(RatioSpec(*key)) for key in required} - set(ratios)))  # as bench asks
    jobs = {**times, **{f"{name}@start": seconds / 100 for name, seconds in times.items()}}
    rng = random.Random(0)
    noise = [[1 + rng.uniform(-0.001, 0.001) for _ in jobs] for _ in range(rounds)]  # each job's, each round

    def spread(r: int, i: int) -> float:
        return noise[r][i]
    session = {
        "settings": fixture()["session"]["settings"], "stopped": "precise", "seconds": sum(jobs.values()) * rounds * 2,
        "ratios": list(ratios),
        "rounds": [{"number": r + 1, "order": list(jobs), "runs": 1,
                    "times": {job: [t * spread(r, i)] for i, (job, t) in enumerate(jobs.items())},
                    "user": {job: t * spread(r, i) for i, (job, t) in enumerate(jobs.items())},
                    "system": dict.fromkeys(jobs, 0.0), "seconds": sum(jobs.values()) * 2} for r in range(rounds)]}
    environment = fixture()["environment"]
    return {"schema": FILES["primes.json"].version, "limit": limit, "startup_limit": 2, "environment": environment,
            "implementations": entries, "session": session}


def small(tmp: Path, times: dict[str, float], ratios: tuple[str, ...] = (), **how) -> BenchResult:
    """small_primes, written under tmp and read back as the harness reads it."""
    path = tmp / "small" / "primes.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumped(small_primes(times, ratios, **how)))
    return load(path, BenchResult)


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
                files: dict[str, Mutation | None] | None = None, run: str | None = None) -> Path:
    """root/hosts/HOST holding each fixture of `files` (primes.json unchanged by default) under its own
    file name, mutated: the run of host `run` (by default its own)."""
    folder = root / "hosts" / host
    folder.mkdir(parents=True, exist_ok=True)
    for name, mutate in (files or {"primes.json": None}).items():
        write(folder / Path(name).name, name, lambda data, mutate=mutate: [seeded(data, run or host),
                                                                          mutate and mutate(data)][1])
    return folder


def seeded(data: object, host: str) -> None:
    """Every seed of a file's plans made the host's own: two host folders never hold one run (a merge refuses the
    same measurements twice)."""
    if isinstance(data, dict):
        if isinstance(data.get("seed"), int):
            data["seed"] += zlib.crc32(host.encode())
        for value in data.values():
            seeded(value, host)
    elif isinstance(data, list):
        for value in data:
            seeded(value, host)
