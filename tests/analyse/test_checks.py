"""A result file is refused, in one line naming the file and the field, when it holds what no
measurement gives; derive.load reads every committed file, and every value of a small valid one. A
file of the current schema holds no statistic; one of the previous schema is read only where every
statistic it stored is what its rounds give."""

from __future__ import annotations

import copy
import json
import math
import re
import tempfile
from datetime import datetime, timedelta, timezone
from functools import reduce
from operator import getitem
from pathlib import Path
from unittest import mock

import pytest

from bench.analyse.derive import load
from bench.core import results
from bench.core.paths import HOSTS, RESULTS
from bench.core.results import FILES, SchemaError
from bench.render.machines import report_files
from tests.doctor import dumped, fixture, rename_job, scale_at, set_at, write

PRIMES, SCHEMA3, SCALING, THREADS, THREADS3, GATE, GATE2 = (
    "primes.json", "schema3/primes.json", "scaling.json", "threads.json", "schema3/threads.json", "gate.json",
    "schema2/gate.json")
C, PARALLEL, PYTHON, REFERENCE = ("implementations", 0), ("implementations", 1), ("implementations", 4), \
    ("implementations", 7)
ROUND = ("session", "rounds", 0)
POINT = ("implementations", 0, "points", 0)
SIZE_ROUND = ("sessions", 1, "session", "rounds", 0)


def as_current(mutate):
    """mutate, on the fixture migrated first to the current schema: no stored figure is left to disagree with it."""
    return lambda data: [results.migrated(data, "primes.json", "fixture"), mutate(data)]


def left_then_slowed(job: str, after: int, factor: float):
    """job leaves the session's rounds after the first `after`, and every other program runs `factor` times as long
    in the rounds after: its median and theirs from rounds of different speeds, its ratios from the rounds before."""
    def mutate(data: dict) -> None:
        for r in data["session"]["rounds"][after:]:
            for name in [n for n in r["order"] if n.split("@")[0] == job]:
                r["order"].remove(name)
                del r["times"][name], r["user"][name], r["system"][name]
            r["times"] = {n: [t * factor for t in ts] if "@" not in n else ts for n, ts in r["times"].items()}
            r["seconds"] = sum(map(sum, r["times"].values())) * 1.005
        data["session"]["seconds"] = sum(r["seconds"] for r in data["session"]["rounds"])
    return mutate


def at_prime_limit(data: dict, reference: int) -> None:
    """LIMIT 999,983, a prime: 78,497 primes below it, 78,498 up to it (primesieve's count)."""
    data["limit"] = 999_983
    for entry in data["implementations"]:
        entry["answer"]["output"] = str(reference if entry["kind"] == "reference" else 78_497)
        entry["command"][-1] = "999983"


def adding(path: tuple[str | int, ...], key: str, value: object):
    def apply(data: dict) -> None:
        reduce(getitem, path, data)[key] = value
    return apply


def timed(job: str, seconds: float, session: tuple[str | int, ...] = ("session",)):
    """Every run of `job` in the session at `session` taking `seconds`."""
    def apply(data: dict) -> None:
        for r in reduce(getitem, session, data)["rounds"]:
            r["times"][job] = [seconds] * len(r["times"][job])
    return apply


def scaled(job: str, factor: float, session: tuple[str | int, ...] = ("session",)):
    """Every run of `job` in the session at `session` taking `factor` times as long."""
    def apply(data: dict) -> None:
        for r in reduce(getitem, session, data)["rounds"]:
            r["times"][job] = [t * factor for t in r["times"][job]]
    return apply


def dated(ahead: timedelta, offset: str):
    """The file's date `ahead` of now, written in the time zone at `offset` from UTC (+HH:MM)."""
    hours, minutes = map(int, offset[1:].split(":"))
    zone = timezone((1 if offset[0] == "+" else -1) * timedelta(hours=hours, minutes=minutes))
    return lambda data: set_at(("environment", "date"), (datetime.now(timezone.utc) + ahead).astimezone(zone)
                               .isoformat(timespec="seconds"))(data)


def many_rounds(data: dict) -> None:
    """240 rounds (the fixture's five times over) asked 512 ratios: 122,880 ratio-rounds."""
    session = data["session"]
    session["rounds"] = [{**r, "number": i + 1} for i, r in enumerate(session["rounds"] * 5)]
    session["settings"]["max_rounds"] = 2000
    session["ratios"] = [f"python/c{i}" for i in range(512)]


def started(job: str, share: float):
    """`job`'s start-up job `share` times as long as the job itself in every round, the rounds and the session longer
    by as much."""
    def apply(data: dict) -> None:
        for r in data["session"]["rounds"]:
            longer = [share * t for t in r["times"][job]]
            added = max(sum(longer) - sum(r["times"][f"{job}@start"]), 0)
            r["times"][f"{job}@start"], r["seconds"] = longer, r["seconds"] + added
            data["session"]["seconds"] += added
    return apply


def lasting(job: str, seconds: float, session: tuple[str | int, ...], rounds: slice = slice(None)):
    """Every run of `job` in the session at `session` (in `rounds` of it) taking `seconds`, the rounds and the
    session longer by as much."""
    def apply(data: dict) -> None:
        s = reduce(getitem, session, data)
        for r in s["rounds"][rounds]:
            added = max(seconds * len(r["times"][job]) - sum(r["times"][job]), 0)
            r["times"][job], r["seconds"], s["seconds"] = [seconds] * len(r["times"][job]), r["seconds"] + added, \
                s["seconds"] + added
    return apply


def in_rounds(job: str, kept: int, factor: float, session: tuple[str | int, ...]):
    """`job` in the first `kept` rounds of the session at `session` only, each run `factor` times as long."""
    def apply(data: dict) -> None:
        for i, r in enumerate(reduce(getitem, session, data)["rounds"]):
            if i < kept:
                r["times"][job] = [t * factor for t in r["times"][job]]
            else:
                r["order"].remove(job)
                for key in ("times", "user", "system"):
                    del r[key][job]
    return apply


def disturbed(job: str, seconds: float, kept: int):
    """`job` at `seconds` a run in the first `kept` rounds, each marked disturbed by other load (its median is over
    the quiet rounds only)."""
    def apply(data: dict) -> None:
        for r in data["session"]["rounds"][:kept]:
            r["foreign_load"], r["times"][job] = 0.5, [seconds] * len(r["times"][job])
    return apply


def with_startups(entry: int, share: float):
    """A thread sweep's start-up jobs (its twin's at a hundredth of its run, its own at `share` of its run) in
    every round, the rounds and the session longer by as much."""
    def apply(data: dict) -> None:
        e = data["implementations"][entry]
        for r in e["session"]["rounds"]:
            for job in [j for j in r["order"] if "@" in j or j == e["twin"]]:
                r["times"][f"{job}@start"] = [t * (share if "@" in job else 0.01) for t in r["times"][job]]
                r["user"][f"{job}@start"], r["system"][f"{job}@start"] = 0.0, 0.0
                r["order"].append(f"{job}@start")
                r["seconds"] += sum(r["times"][f"{job}@start"])
                e["session"]["seconds"] += sum(r["times"][f"{job}@start"])
    return apply


def renamed_sweep(entry: int, name: str):
    """A thread sweep's program renamed, and its jobs."""
    def apply(data: dict) -> None:
        e = data["implementations"][entry]
        for r in e["session"]["rounds"]:
            for job in [j for j in r["order"] if j.startswith(e["name"] + "@")]:
                rename_job(job, name + job[len(e["name"]):])({"session": {"rounds": [r]}})
        e["name"] = name
    return apply


def slowed(job: str, factor: float, session: tuple[str | int, ...]):
    """Every run of `job` in the session at `session` `factor` times as long, the rounds and the session longer by as
    much."""
    def apply(data: dict) -> None:
        s = reduce(getitem, session, data)
        for r in s["rounds"]:
            added = (factor - 1) * sum(r["times"][job])
            r["times"][job] = [t * factor for t in r["times"][job]]
            r["seconds"], s["seconds"] = r["seconds"] + added, s["seconds"] + added
    return apply


# fixture, mutation, what the one line names
DOCTORED = {
    "a NaN run": (PRIMES, set_at((*ROUND, "times", "c", 0), math.nan), "session.rounds[0].times.c[0]"),
    "an infinite run": (PRIMES, set_at((*ROUND, "times", "go", 0), math.inf), "session.rounds[0].times.go[0]"),
    "a negative run in a round": (PRIMES, set_at((*ROUND, "times", "c", 0), -0.01), "session.rounds[0].times.c[0]"),
    "a zero run in a round": (PRIMES, set_at((*ROUND, "times", "go", 0), 0), "session.rounds[0].times.go[0]"),
    "a round without runs": (PRIMES, set_at((*ROUND, "times", "go"), []), "session.rounds[0].times.go"),
    "NaN round CPU time": (PRIMES, set_at((*ROUND, "system", "c"), math.nan), "session.rounds[0].system.c"),
    "negative round CPU time": (PRIMES, set_at((*ROUND, "user", "c"), -1e-3), "session.rounds[0].user.c"),
    "zero verification time": (PRIMES, set_at((*C, "answer", "seconds"), 0), "implementations[0].answer.seconds"),
    "LIMIT -7": (PRIMES, set_at(("limit",), -7), ".limit"),
    "LIMIT 1": (PRIMES, set_at(("limit",), 1), ".limit"),
    "LIMIT a float": (PRIMES, set_at(("limit",), 1e6), ".limit"),
    "LIMIT a bool": (PRIMES, set_at(("limit",), True), ".limit"),
    "LIMIT a string": (PRIMES, set_at(("limit",), "1000000"), ".limit"),
    "LIMIT beyond the sieve": (PRIMES, set_at(("limit",), 10**12), ".limit: 1000000000000 is not a LIMIT from 2"),
    "LIMIT without its answers": (PRIMES, set_at(("limit",), 999_983), "implementations[0].answer.output"),
    "zero threads": (PRIMES, set_at((*PARALLEL, "threads"), 0), "implementations[1].threads"),
    "a wrong output": (PRIMES, set_at((*PYTHON, "answer", "output"), "12345"), "implementations[4].answer.output"),
    "an output that is no number": (PRIMES, set_at((*PYTHON, "answer", "output"), "many"),
                                    "implementations[4].answer.output"),
    "the inclusive reference counting below LIMIT": (PRIMES, lambda data: at_prime_limit(data, 78497),
                                                     "implementations[7].answer.output"),
    "a round of a program not in the file": (PRIMES, rename_job("pypy", "ghost"), "session.rounds[0]"),
    "a ratio of a program not in the file": (PRIMES, set_at(("session", "ratios", 0), "ghost/c"), "ghost"),
    "a ratio that is no ratio's name": (PRIMES, set_at(("session", "ratios", 0), "c|x"), "c|x"),
    "a stored ratio": (PRIMES, adding((), "ratios", []), "unexpected 'ratios'"),
    "a stored timing": (PRIMES, adding(C, "timing", {"median": 1.0}), "implementations[0]: unexpected 'timing'"),
    "a stored expected count": (PRIMES, adding((*PYTHON, "answer"), "expected", 78498), "unexpected 'expected'"),
    "a stored clock": (PRIMES, adding((), "clock", {"adds": 1, "program": "clock", "mhz": {}}),
                       "clock: unexpected 'mhz'"),
    "schema 3: a ratio off its rounds": (SCHEMA3, scale_at(("ratios", 0, "estimate"), 1.005), "ratios[0].estimate"),
    "schema 3: a ratio of -5": (SCHEMA3, set_at(("ratios", 0, "estimate"), -5.0), "ratios[0].estimate"),
    "schema 3: a NaN bound": (SCHEMA3, set_at(("ratios", 0, "high"), math.nan), "ratios[0].high"),
    "schema 3: an interval off its rounds": (SCHEMA3, scale_at(("ratios", 1, "low"), 0.99), "ratios[1].low"),
    "schema 3: rounds miscounted": (SCHEMA3, scale_at(("ratios", 2, "rounds"), 2), "ratios[2].rounds"),
    "schema 3: a half-width off": (SCHEMA3, scale_at(("ratios", 0, "half_width"), 2), "ratios[0].half_width"),
    "schema 3: a median off its rounds": (SCHEMA3, scale_at((*C, "timing", "median"), 1.01),
                                          "implementations[0].timing.median"),
    "schema 3: a zero start-up": (SCHEMA3, set_at((*PYTHON, "startup", "median"), 0),
                                  "implementations[4].startup.median"),
    "schema 3: a cost off its rounds": (SCHEMA3, scale_at(("costs", 0, "ns", "value"), 0.9), "costs[0].ns.value"),
    "schema 3: a wrong expected": (SCHEMA3, set_at(("expected",), 78497), "expected"),
    "schema 2": (PRIMES, set_at(("schema",), 2), "schema 2"),
    "a version of 501 characters": (PRIMES, set_at((*C, "version"), "v" * 501), "implementations[0].version"),
    "a note of 10,000 characters": (PRIMES, set_at((*C, "note"), "<b>" * 3334), "implementations[0].note"),
    "a name with Markdown": (PRIMES, set_at((*C, "name"), "c|**x**"), "implementations[0].name"),
    "a name of 201 characters": (PRIMES, set_at((*C, "name"), "c" * 201), "implementations[0].name"),
    "a key of 501 characters": (PRIMES, set_at(("environment", "versions", "k" * 501), "1"), "environment.versions"),
    "scaling: a negative time": (SCALING, set_at((*SIZE_ROUND, "times", "c", 0), -1.0),
                                 "sessions[1].session.rounds[0].times.c[0]"),
    "scaling: a wrong answer": (SCALING, set_at((*POINT, "expected"), 169), "points[0].expected"),
    "scaling: LIMIT 1": (SCALING, set_at(("sizes", 0), 1), "sizes[0]"),
    "scaling: zero verify time": (SCALING, set_at((*POINT, "verify_seconds"), 0), "points[0].verify_seconds"),
    "scaling: a stored timing": (SCALING, adding(POINT, "timing", {}), "points[0]: unexpected 'timing'"),
    "threads: LIMIT 0": (THREADS, set_at(("limit",), 0), ".limit"),
    "threads: zero threads": (THREADS, set_at(("thread_counts", 0), 0), "thread_counts[0]"),
    "threads: a stored speedup": (THREADS, adding(POINT, "speedup", {}), "points[0]: unexpected 'speedup'"),
    "threads, schema 3: a speedup off its rounds": (THREADS3, scale_at((*POINT, "speedup", "estimate"), 1.001),
                                                    "points[0].speedup.estimate"),
    "threads, schema 3: an infinite twin time": (THREADS3, set_at(("implementations", 0, "twin_timing", "mean"),
                                                                  math.inf), "twin_timing.mean"),
    "threads, schema 3: a tail off its blocks": (THREADS3, scale_at(("implementations", 0, "points", 1, "breakdown",
                                                                     "tail"), 1.5), "points[1].breakdown.tail"),
    "gate: a zero spin": (GATE, set_at(("spin", "seconds"), 0), "spin.seconds"),
    "gate: LIMIT 1": (GATE, set_at(("records", 0, "limit"), 1), "records[0].limit"),
    "gate: a negative time": (GATE, set_at(("records", -1, "seconds"), -2.0), "seconds"),
    "gate: a stored ratio": (GATE, adding(("records", -1), "ratio", 1.0), "records[19]: unexpected 'ratio'"),
    "gate: no round": (GATE, set_at(("records", -1, "log_ratios"), []), "records[19].log_ratios: 0, under half"),
    "gate: no process": (GATE, set_at(("records", 0, "processes"), 0), "records[0].processes"),
    "gate, schema 2: a ratio off its rounds": (GATE2, scale_at(("records", -1, "ratio"), 1.01), "records[19].ratio"),
    "gate, schema 2: an alarm not the rule's": (GATE2, set_at(("records", 0, "alarm"), True), "records[0].alarm"),
    "gate, schema 2: a model off its rounds": (GATE2, scale_at(("model", 0, "median_abs_deviation"), 2),
                                               "model[0].median_abs_deviation"),
    "gate: no size": (GATE, set_at(("sizes",), []), "sizes: none"),
    "gate: a record of no size": (GATE, set_at(("records", 0, "size"), "huge"), "records[0].size: 'huge'"),
    "gate: a time record named otherwise": (GATE, set_at(("records", -1, "signal"), "weird"), "records[19].signal"),
    "gate: a clock of neither kind": (GATE, set_at(("records", -1, "clock"), "sundial"), "records[19].clock"),
    "a program listed twice": (PRIMES, lambda data: data["implementations"].append(data["implementations"][0]),
                               "implementations: 'c' twice"),
    "a kind no manifest has": (PRIMES, set_at((*C, "kind"), "weird"), "implementations[0].kind: 'weird'"),
    "start-up above LIMIT": (PRIMES, set_at(("startup_limit",), 10**7), "startup_limit: 10,000,000"),
    "rounds numbered out of turn": (PRIMES, set_at(("session", "rounds", 1, "number"), 1), "session.rounds: numbered"),
    "a job twice in one round": (PRIMES, lambda data: data["session"]["rounds"][0]["order"].append("c"),
                                 "rounds[0].order: 'c' twice"),
    "scaling: a size twice": (SCALING, lambda data: data["sizes"].append(data["sizes"][0]), ".sizes: "),
    "threads: a thread count twice": (THREADS, lambda data: data["implementations"][0]["points"].append(
        data["implementations"][0]["points"][0]), "implementations[0].points: "),
    "an answer in other digits": (PRIMES, set_at((*C, "answer", "output"), "٧٨٤٩٨"), "answer.output: '٧٨٤٩٨'"),
    "an answer with a leading zero": (PRIMES, set_at((*C, "answer", "output"), "078498"), "answer.output"),
    "a run too long for its number": (PRIMES, set_at((*ROUND, "times", "python", 0), 2.5e305), "times.python[0]"),
    "a run of a femtosecond": (PRIMES, set_at((*ROUND, "times", "c", 0), 1e-15), "times.c[0]"),
    "an add chain of 10^300": (SCHEMA3, set_at(("clock", "adds"), 10**300), "clock.adds: 1000"),
    "a spin of 10^300 s": (GATE, set_at(("spin", "seconds"), 1e300), "spin.seconds"),
    "a log-ratio of 709": (GATE, set_at(("records", -1, "log_ratios", 0), 709.0), "log_ratios[0]"),
    "an instruction count of 10^308": (GATE, set_at(("records", 0, "head"), 10**308), "records[0].head"),
    "10^200 threads": (PRIMES, set_at((*PARALLEL, "threads"), 10**200), "implementations[1].threads"),
    "more usable CPUs than online": (PRIMES, set_at(("environment", "machine", "usable_cpus"), 4096),
                                     "usable_cpus: 4096, above its 2 online"),
    "a microarchitecture that links": (SCHEMA3, set_at(("environment", "machine", "identity", "microarchitecture"),
                                                       "www.evil.com"), "microarchitecture"),
    "a microarchitecture in bold": (SCHEMA3, set_at(("environment", "machine", "identity", "microarchitecture"),
                                                    "Zen __PWN__ 4"), "microarchitecture"),
    "a ratio asked twice": (PRIMES, lambda data: data["session"]["ratios"].append(data["session"]["ratios"][0]),
                            "session.ratios: 'python/c' twice"),
    "a ratio of a program to itself": (PRIMES, set_at(("session", "ratios", 0), "c/c"), "'c/c' is no ratio"),
    "a ratio of a start-up job": (PRIMES, set_at(("session", "ratios", 0), "c@start/c"), "is no ratio"),
    "a session shorter than its rounds": (PRIMES, set_at(("session", "seconds"), 0.0), "session.seconds: 0"),
    "an add chain no longer than its start-up": (SCHEMA3, lambda data: [r["times"].update({
        "clock@start": [t * 1.5 for t in r["times"]["clock"]]}) for r in data["session"]["rounds"]],
        "the add chain took no longer than its start-up"),
    "a key twice in one object": (PRIMES, lambda data: dumped(data).replace('"limit": 1000000,',
                                                                           '"limit": 1000000, "limit": 10,'),
                                  "the key 'limit' twice"),
    "JSON nested too deep": (PRIMES, lambda data: "[" * 100_000 + "]" * 100_000, "nested too deep"),
    "scaling: no size": (SCALING, set_at(("sizes",), []), "sizes: none"),
    "a date no clock gives": (PRIMES, set_at(("environment", "date"), "9999-99-99"), "environment.date"),
    "a date with a new line": (PRIMES, set_at(("environment", "date"), "2026-12-07\nmerge: REFUSED"), "date"),
    "gate: more log-ratios than the size allows": (GATE, lambda data: data["records"][-1].update(
        log_ratios=[0.001] * 1001), "log_ratios: more rounds"),
    "scaling: a program of no point": (SCALING, set_at(("implementations", 0, "points"), []), "points: none"),
    "scaling: a kind no manifest has": (SCALING, set_at(("implementations", 0, "kind"), "bogus"), "kind: 'bogus'"),
    "scaling: a size's rounds twice": (SCALING, lambda data: data["sessions"].append(data["sessions"][-1]),
                                       "sessions: "),
    "threads: no thread count": (THREADS, set_at(("thread_counts",), []), "thread_counts: []"),
    "threads: thread counts falling": (THREADS, set_at(("thread_counts",), [2, 1]), "thread_counts: [2, 1]"),
    "threads: a point of no thread count": (THREADS, set_at(("implementations", 0, "points", 0, "threads"), 4096),
                                            "not among thread_counts"),
    "threads: a twin of itself": (THREADS, lambda data: data["implementations"][0].update(
        twin=data["implementations"][0]["name"]), "implementations[0].twin"),
    "threads: no sweep": (THREADS, set_at(("implementations",), []), "implementations: none"),
    "a confidence the pages do not state": (PRIMES, set_at(("session", "settings", "confidence"), 1e-6),
                                            "settings.confidence"),
    "threads: a variant of itself": (THREADS, lambda data: data["implementations"][0].update(
        variant_of=data["implementations"][0]["name"]), "variant_of"),
    "threads: a schedule of neither kind": (THREADS3, set_at(("implementations", 0, "schedule"), "bogus"),
                                            "schedule: 'bogus'"),
    "not UTF-8": (PRIMES, lambda data: b"\xff\xfe{}", "not UTF-8"),
    "a divider run lacking a figure": (SCHEMA3, lambda data: data["divider"]["runs"][0].pop("div32_dependent"),
                                       "divider: runs[0] lacks div32_dependent"),
    "a divider without runs": (PRIMES, adding((), "divider", {"command": ["divider"], "runs": []}), "divider: no run"),
    "a schema version of a list": (PRIMES, set_at(("schema",), [2]), "schema [2]"),
    "negative memory": (PRIMES, set_at(("environment", "machine", "memory_gib"), -3.0), "machine.memory_gib"),
    "a peak RSS of 0": (PRIMES, set_at((*C, "answer", "peak_rss_kib"), 0), "answer.peak_rss_kib"),
    "negative session seconds": (PRIMES, set_at(("session", "seconds"), -1.0), "session.seconds"),
    "a budget below zero": (PRIMES, set_at(("session", "settings", "budget_s"), -5.0), "settings.budget_s"),
    "a round numbered 0": (PRIMES, set_at((*ROUND, "number"), 0), "rounds[0].number"),
    "negative foreign load": (PRIMES, set_at((*ROUND, "foreign_load"), -0.5), "rounds[0].foreign_load"),
    "an add chain of no adds": (SCHEMA3, set_at(("clock", "adds"), 0), "clock.adds"),
    "an add chain of 10^14 adds: a clock of millions of MHz": (SCHEMA3, set_at(("clock", "adds"), 10**14),
                                                              "clock.adds: 100,000,000,000,000 adds"),
    "c at 100 µs a run": (PRIMES, timed("c", 1e-4), "implementations.c: 0.0001 s for 67,740,403 trial divisions"),
    "scaling: go at 1 ms at 10^7": (SCALING, timed("go", 1e-3, ("sessions", -1, "session")),
                                    "implementations.go.points.10000000: 0.001 s"),
    "schema 3: a figure its rounds do not give": (SCHEMA3, adding((*C, "timing"), "verdict", "<b>fastest</b>"),
                                                  "implementations[0].timing.verdict: stored, but no figure"),
    "schema 3: a budget written twice, differently": (SCHEMA3, set_at(("settings", "budget_s"), 999.0),
                                                      "settings.budget_s: 999.0, but its rounds give 150"),
    "threads, schema 3: a note in a point": (THREADS3, adding(("implementations", 0, "points", 0), "note", "x"),
                                             "points[0].note: stored"),
    "c relabelled a reference": (PRIMES, set_at((*C, "kind"), "reference"), "implementations[0].kind: 'c' is serial"),
    "a program of no manifest claiming a reference's kind": (PRIMES, lambda data: data["implementations"][7].update(
        name="sieve"), "implementations[7].kind: 'sieve' is no reference"),
    "a parallel program with its twin taken away, 5× faster": (PRIMES, lambda data: [
        data["implementations"][1].update(twin=None), scaled("c-openmp", 1 / 5)(data)],
        "implementations[1].twin: 'c-openmp' is parallel, twin c"),
    "4096 threads on 2 CPUs": (PRIMES, set_at((*PARALLEL, "threads"), 4096), "implementations[1].threads: 4096"),
    "a parallel program at 100 µs on its 2 CPUs": (PRIMES, timed("c-openmp", 1e-4), "on 2 CPU(s)"),
    "threads: online CPUs not its machine's": (THREADS, set_at(("online_cpus",), 4096), "online_cpus: 4096"),
    "an OS clock of 99,999 MHz": (PRIMES, set_at(("environment", "machine", "reported_mhz"), 99999.0),
                                  "machine.reported_mhz"),
    "a divider at 10^6 MHz": (SCHEMA3, set_at(("divider", "runs", 0, "clock_mhz"), 1e6), "runs[0].clock_mhz"),
    "a divider dividing in 10^-4 cycles": (SCHEMA3, set_at(("divider", "runs", 1, "div64_independent"), 1e-4),
                                           "runs[1].div64_independent"),
    "an add chain giving 3 MHz": (SCHEMA3, lambda data: data["clock"].update(adds=data["clock"]["adds"] // 1000),
                                  "not a clock from 100 to 10,000 MHz"),
    "threads: 65 thread counts": (THREADS, set_at(("thread_counts",), list(range(1, 66))), "thread_counts: [1, 2"),
    "threads: 320 points in all": (THREADS, lambda data: [data.update(thread_counts=list(range(1, 65))), data.update(
        implementations=[{**data["implementations"][0], "name": f"x{i}",
                          "points": [{"threads": n} for n in range(1, 65)]} for i in range(5)])],
        "implementations: 320, above 256"),
    "gate: 2,001 rounds at most": (GATE, set_at(("sizes", 0, 1, "max_pairs"), 2001), "settings.max_pairs: 2001"),
    "scaling: sizes that add up past 10^8": (SCALING, lambda data: data["sizes"].append(10**8 - 1),
                                             "sizes: 111,110,999, above 100,000,000"),
    "scaling: a point at no size": (SCALING, set_at((*POINT, "limit"), 5000), "points: 5,000 is none of its sizes"),
    "a lone surrogate in a version": (PRIMES, lambda data: dumped(data).replace('"version": "', '"version": "\\ud800',
                                                                                 1), "implementations[0].version: "),
    "a lone surrogate in a key": (PRIMES, lambda data: dumped(data).replace('"hyperfine":', '"hyper\\udfff":', 1),
                                  "versions: a key"),
    "schema 3: a ratio over one program": (SCHEMA3, set_at(("ratios", 0, "over"), ["python"]), "not a schema-3"),
    "gate schema 2: a count of 5,000 digits": (GATE2, set_at(("records", 0, "time_only"),
                                                             f"time only: {'9' * 5000} processes"), "not a schema-2"),
    "threads: a twin at 100 µs": (THREADS, timed("c", 1e-4, ("implementations", 0, "session")),
                                  "implementations.c-openmp.twin: 0.0001 s"),
    "LIMIT 2 x 10^7, c at 10 ms": (PRIMES, lambda data: [data.update(limit=2 * 10**7), timed("c", 0.01)(data), [
        e.update(command=[*e["command"][:-1], str(2 * 10**7)]) or e["answer"].update(output="1270607")
        for e in data["implementations"]]], "implementations.c: 0.01 s"),
    "a session of 10^15 s": (PRIMES, set_at(("session", "seconds"), 1e15), "session.seconds"),
    "a round shorter than its runs": (PRIMES, set_at((*ROUND, "seconds"), 1e-3), "rounds[0].seconds: fewer"),
    "more rounds than its plan allows": (PRIMES, set_at(("session", "settings", "max_rounds"), 5), "session.rounds: "),
    "an OS clock of 1 MHz": (PRIMES, set_at(("environment", "machine", "reported_mhz"), 1.0), "reported_mhz"),
    "a divider of 10^15 cycles": (SCHEMA3, set_at(("divider", "runs", 0, "div64_dependent"), 1e15), "div64_dependent"),
    "scaling: a session at no size": (SCALING, set_at(("sessions", 1, "limit"), 5000), "sessions: 5,000 is none"),
    "gate: six sizes": (GATE, lambda data: data["sizes"].extend([[f"s{i}", *data["sizes"][0][1:]] for i in range(4)]),
                        "sizes: 6, above 4"),
    "gate: 19 programs": (GATE, lambda data: data["records"].extend([{**data["records"][-1], "impl": f"z{i}"}
                                                                     for i in range(17)]), "records: 19, above 16"),
    "a serial program on 2 threads": (PRIMES, set_at((*C, "threads"), 2), "threads: a serial program"),
    "a date in the year 2999": (PRIMES, set_at(("environment", "date"), "2999-01-01T00:00:00+00:00"), "date"),
    "10^15 GiB of memory": (PRIMES, set_at(("environment", "machine", "memory_gib"), 1e15), "memory_gib"),
    "threads: on 2 threads at 100 µs": (THREADS, timed("c-openmp@2", 1e-4, ("implementations", 0, "session")),
                                        "implementations.c-openmp@2: 0.0001 s"),
    "a parallel program 35× faster than its serial version": (PRIMES, scaled("python-multiprocessing", 1 / 20),
                                                              "python-multiprocessing: 35"),
    "a parallel program on 2 threads of 1 usable CPU": (PRIMES, set_at(("environment", "machine", "usable_cpus"), 1),
                                                        "implementations[1].threads: 2, but"),
    "a parallel program relabelled serial, 12× its twin": (PRIMES, lambda data: [
        data["implementations"][1].update(kind="serial", threads=None), scaled("c-openmp", 1 / 6)(data)],
        "implementations[1].kind: 'c-openmp' is parallel"),
    "c-openmp at 10 µs in 19 of its 48 rounds": (PRIMES, lambda data: [
        r["times"].update({"c-openmp": [1e-5] * len(r["times"]["c-openmp"])}) for r in data["session"]["rounds"][29:]],
        "implementations.c-openmp: 1e-05 s"),
    "a compute speedup of 16 on 2 workers": (SCHEMA3, started("python-multiprocessing", 0.89),
                                             "ratios.compute python/python-multiprocessing: 1"),
    "scaling: a size skipped below one it timed": (SCALING, set_at(("implementations", 0, "skipped"), [
        {"limit": 500, "reason": "over the budget"}]), "skipped: 500, not above"),
    "gate: a comparison 10^4× slower with nothing injected": (GATE, lambda data: data["records"][-1].update(
        log_ratios=[10.0] * len(data["records"][-1]["log_ratios"])), "records[19].log_ratios: head"),
    "gate: head half its base with nothing injected": (GATE, lambda data: data["records"][0].update(
        head=data["records"][0]["base"][0] // 2), "records[0].head: "),
    "gate: a spin of 10^-12 instructions": (GATE, set_at(("spin", "instructions"), 1e-12), "spin.instructions"),
    "a start-up timed apart 17× python's whole run": (PRIMES, lasting("python", 30.0, ("startup_session",)),
                                                      "implementations.python: its start-up 1"),
    "scaling: a start-up timed apart at 50 s": (SCALING, lasting("c", 50.0, ("sessions", 0, "session")),
                                                "implementations.c: its start-up"),
    "cycles a division 6× too few, the interval unbounded by one round": (SCHEMA3, lambda data: [
        data["clock"].update(adds=data["clock"]["adds"] // 6),
        lasting("c@start", 2 * max(data["session"]["rounds"][0]["times"]["c"]), ("session",), slice(0, 1))(data)],
        "costs.c: 1.16"),
    "gate: a head of 10^15 instructions": (GATE, set_at(("records", 0, "head"), 10**15), "records[0].head: 1,000,"),
    "threads: a speedup of 20 on 2 threads": (THREADS, scaled("c-openmp@2", 1 / 10, ("implementations", 0, "session")),
                                              "implementations.c-openmp@2: 18.9× faster"),
    "a start-up 10× its whole run": (SCHEMA3, started("c", 10), "implementations.c: its start-up"),
    "a start-up 10× its whole run in three rounds": (SCHEMA3, lambda data: [started("c", 10)(data), in_rounds(
        "c@start", 3, 1.0, ("session",))(data)], "implementations.c: its start-up"),
    "threads: a speedup of 10 in three rounds": (THREADS, in_rounds("c-openmp@2", 3, 0.1, ("implementations", 0,
                                                                                       "session")), "c-openmp@2: "),
    "an add chain 30× too slow: 0.24 cycles a division": (SCHEMA3, lambda data: data["clock"].update(
        adds=data["clock"]["adds"] // 30), "more than one a cycle at 143 MHz"),
    "a divider of 1,000 cycles": (SCHEMA3, lambda data: [run.update(div64_independent=1000.0, div64_dependent=2000.0,
                                                                    div32_independent=1000.0, div32_dependent=2000.0)
                                                         for run in data["divider"]["runs"]], "divider's 1e+03"),
    "gate: fewer instructions with 1% injected": (GATE, lambda data: data["records"][1].update(
        head=data["records"][1]["base"][0] - 1000), "records[1].head: "),
    "gate: more pairs at least than at most": (GATE, set_at(("sizes", 0, 1, "pairs"), 2000), "pairs: 2,000, above"),
    "gate: a record at neither LIMIT of its size": (GATE, set_at(("records", 0, "limit"), 500_000),
                                                    "records[0].limit: 500,000"),
    "a date two days ahead, written 23:59 east": (PRIMES, dated(timedelta(days=2), "+23:59"), "environment.date"),
    "a date 25 hours ahead": (PRIMES, dated(timedelta(hours=25), "+00:00"), "environment.date"),
    "a chained division faster than independent ones": (SCHEMA3, lambda data: data["divider"]["runs"][0].update(
        div64_independent=20.0, div64_dependent=2.0), "runs[0].div64_dependent: fewer cycles"),
    "a budget of -0": (PRIMES, set_at(("session", "settings", "budget_s"), -0.0), "settings.budget_s: -0.0"),
    "a program measured and absent": (PRIMES, adding((), "absent", {"c": "no compiler here"}), "absent: 'c'"),
    "scaling: a size timed and skipped": (SCALING, set_at(("implementations", 0, "skipped"), [
        {"limit": 1000, "reason": "over the budget"}]), "implementations[0].skipped: 1,000"),
    "a ratio given up that was never asked": (PRIMES, adding(("session",), "out_of_reach", ["c/ghost"]),
                                              "out_of_reach: 'c/ghost' is none"),
    "a ratio reported only that was never asked": (PRIMES, adding(("session",), "reported_only", ["go/ghost"]),
                                                   "reported_only: 'go/ghost'"),
    "512 ratios of 240 rounds": (PRIMES, many_rounds, "ratios × rounds: 122,880, above 100,000"),
    "a file of 17 MiB": (PRIMES, lambda data: dumped(data) + " " * 17 * 2**20, "bytes, above 16,777,216"),
    "gate: a spin of 10^21 instructions a second": (GATE, set_at(("spin",), {"instructions": 1e9, "seconds": 1e-12}),
                                                    "spin: 1e+09 instructions"),
    "gate: shorter than its comparisons": (GATE, set_at(("seconds",), 1.0), ".seconds: 1, fewer"),
    "gate: 40 rounds at 10^5 in 10 µs": (GATE, set_at(("records", -2, "seconds"), 1e-5), "records[18].seconds"),
    "gate: no base count": (GATE, set_at(("records", 0, "base"), []), "its rounds give no statistics"),
    "gate: a program of one instruction": (GATE, lambda data: data["records"][0].update(base=[1, 1], head=1),
                                           "records[0]: 1 instructions, fewer than its 67,740,403"),
    "python at 10 µs in 20 rounds marked disturbed": (PRIMES, disturbed("python", 1e-5, 20),
                                                       "implementations.python: 1e-05 s"),
    "c's compute a tenth of its 20 ms run": (SCHEMA3, lambda data: [timed("c", 0.020)(data), timed("c@start", 0.018)(
        data)], "implementations.c: its compute time"),
    "c-openmp on 64 threads, its command on 2": (PRIMES, lambda data: [data["environment"]["machine"].update(
        online_cpus=64, usable_cpus=64), [e.update(threads=64) for e in data["implementations"] if e["threads"]]],
        "implementations[1].command"),
    "a command at another LIMIT": (PRIMES, set_at((*C, "command", -1), "10"), "implementations[0].command"),
    "a start-up of its own session 8× the run": (PRIMES, lasting("c", 1.0, ("startup_session",)),
                                                 "implementations.c: its start-up"),
    "a claim's ratio left out": (PRIMES, lambda data: data["session"]["ratios"].remove("python/c"), "no 'python/c'"),
    "a microarchitecture its family and model are not": (SCALING, lambda data: data["environment"]["machine"].update(
        identity={"vendor": "AuthenticAMD", "family": 25, "model": 17, "stepping": 1, "microcode": "0x1",
                  "implementer": None, "part": None, "microarchitecture": "Zen 5", "caches": {},
                  "threads_per_core": 1, "hypervisor": True}), "microarchitecture: 'Zen 5', but its CPU is Zen 4"),
    "a CPU named right to left": (PRIMES, set_at(("environment", "machine", "cpu"), "AMD EPYC \u05d3\u05d2\u05dd"),
                                  "machine.cpu"),
    "scaling: a size beside another": (SCALING, lambda data: data.update(sizes=[1000, 10000, 100000, 1000000, 1000001]),
                                       "sizes: 1,000,001, not at least twice"),
    "scaling: points in reverse": (SCALING, lambda data: data["implementations"][0]["points"].reverse(),
                                   "points: not in the order"),
    "scaling: a command at a LIMIT of its own": (SCALING, set_at(("implementations", 0, "command", -1), "10"),
                                                 "implementations[0].command"),
    "threads: a compute speedup of 6.6 on one thread": (THREADS, with_startups(0, 0.85),
                                                        "c-openmp@1: its compute: 6.56×"),
    "threads: a serial program swept": (THREADS, renamed_sweep(0, "go"), "'go' is serial"),
    "threads: a count above its CPUs": (THREADS, set_at(("thread_counts",), [1, 2, 4096]),
                                        "thread_counts: [1, 2, 4096]"),
    "a session stopped for a reason no engine gives": (PRIMES, set_at(("session", "stopped"), "every ratio precise"),
                                                        "session.stopped"),
    "precise, with ratios out of reach": (PRIMES, lambda data: data["session"].update(
        stopped="precise", out_of_reach=["python/c"]), "session.stopped: 'precise', but 1 ratios"),
    "a negative seed": (PRIMES, set_at(("session", "settings", "seed"), -999), "settings.seed"),
    "more rounds at least than at most": (PRIMES, set_at(("session", "settings", "min_rounds"), 1000),
                                          "settings.min_rounds: 1000, above max_rounds"),
    "threads: one block for two workers": (THREADS, set_at(("implementations", 0, "block"), 1_000_000),
                                           "c-openmp@2: 1.89× faster than its serial version on 1 CPU"),
    "threads: a count no sweep ran": (THREADS, lambda data: [e.update(points=[p for p in e["points"] if p["threads"]
                                                                               == 1]) for e in data["implementations"]],
                                      "thread_counts: [1, 2], not the counts swept"),
    "out of reach with no ratio out of reach": (PRIMES, set_at(("session", "stopped"), "out of reach"),
                                                "'out of reach', but 0 ratios out of reach"),
    "stopped at its least rounds with ratios steering": (PRIMES, set_at(("session", "stopped"), "min rounds"),
                                                         "'min rounds', but 48 rounds of 200 and 14 ratios steering"),
    "scaling: a size skipped predicted over the budget in its rounds, not once": (SCALING, set_at(
        ("implementations", 4, "skipped", 0, "predicted_s"), 1e5), "the first predicted over the budget"),
    "threads: a variant of a program the manifest does not vary": (THREADS, set_at(("implementations", 1, "variant_of"),
                                                                                  "c-openmp"), "'go-goroutines' is"),
    "c at 1.6 cycles a division, its division instructions left out": (SCHEMA3, as_current(lambda data: [
        scaled("c", 0.2)(data), data["implementations"][0].pop("divides_with")]), "costs.c: 1."),
    "precise after 12 rounds": (PRIMES, lambda data: data["session"].update(
        rounds=data["session"]["rounds"][:12], stopped="precise", out_of_reach=None,
        seconds=sum(r["seconds"] for r in data["session"]["rounds"][:12])), "'precise', but "),
    "a session far longer than its rounds": (PRIMES, set_at(("session", "seconds"), 999_999.0), "session.seconds"),
    "stopped for its budget with most of it left": (PRIMES, lambda data: data["session"].update(
        stopped="budget", out_of_reach=None, settings={**data["session"]["settings"], "budget_s": 100_000.0}),
        "session.stopped: 'budget', but"),
    "c's median from fast rounds only, the others' from rounds 5× slower": (PRIMES, left_then_slowed("c", 24, 5.0),
                                                                             "of the two medians"),
    "threads: blocks of LIMIT - 1, the first all the work": (THREADS, set_at(("implementations", 0, "block"), 999_999),
                                                             "faster than its serial version on 1 CPU(s)"),
    "threads: two blocks, the first 73% of the work, 1.89× faster": (THREADS, set_at(
        ("implementations", 0, "block"), 800_000), "faster than its serial version on 1.37"),
    "gate: 90% more instructions with nothing injected": (GATE, lambda data: data["records"][0].update(
        head=int(data["records"][0]["base"][0] * 1.9)), "+90.00% on its base with 0% injected"),
    "gate: 10% injected adding no instruction": (GATE, lambda data: data["records"][4].update(
        head=max(data["records"][4]["base"])), "records[4].head: "),
    "gate: 3 rounds of a size that runs 40 at least": (GATE, lambda data: data["records"][10].update(
        log_ratios=data["records"][10]["log_ratios"][:3], seconds=data["records"][10]["seconds"] * 3 / 40),
        "records[10].log_ratios: 3, under half"),
    "gate: serial c counted over 3 processes": (GATE, set_at(("records", 0, "processes"), 3),
                                                "records[0].processes: 3, but c is a serial program"),
    "scaling: a size skipped predicted at 10^6 s, from 2 s a size below": (SCALING, lambda data: data[
        "implementations"][4]["skipped"][0].update(predicted_s=999_999.0, predicted_rounds_s=999_999.0),
        "skipped[0]: 999999 s predicted"),
    "scaling: an assumed growth of LIMIT^1000": (SCALING, set_at(("settings", "assumed_k"), 1000.0),
                                                "settings.assumed_k"),
    "scaling: a skipped size's rounds predicted, not its run": (SCALING, lambda data: data["implementations"][4][
        "skipped"][0].update(predicted_s=None, predicted_rounds_s=990_000.0), "skipped[0]: a prediction of its rounds"),
    "scaling: a verification run 500× its size's median": (SCALING, lambda data: [data["implementations"][4][
        "points"][-1].update(verify_seconds=1000.0), data["implementations"][4]["skipped"][0].update(
        predicted_s=31_000.0, predicted_rounds_s=124_000.0)], "verify_seconds: 1000, above 10×"),
    "gate: the rounds engine without a seed": (GATE, set_at(("sizes", 1, 1, "seed"), None), "sizes: a size of the"),
    "gate, pair timer: 3 rounds of a size that runs 40 at least": (GATE2, lambda data: [
        data.pop("engine", None), data["records"][-1].update(log_ratios=data["records"][-1]["log_ratios"][:3],
                                                             seconds=data["records"][-1]["seconds"] * 3 / 40)],
        "log_ratios: 3, under half"),
    "scaling: a verification run of 10 µs at 10^6, a skipped size predicted at 0.6 ms": (SCALING, lambda data: [
        data["settings"].update(budget_s=0), data["implementations"][4]["points"][-1].update(verify_seconds=1e-5),
        data["implementations"][4]["skipped"][0].update(predicted_s=6e-4, predicted_rounds_s=2.4e-3)],
        "verify_seconds: 1e-05 s for"),
    "python at 1.4 cycles a division": (SCHEMA3, as_current(lambda data: [round.update(times={
        **round["times"], "python": [s + (t - s) / 75 for t in round["times"]["python"]]})
        for round in data["session"]["rounds"] for s in [min(round["times"]["python@start"])]
        if "python" in round["times"]]), "costs.python: 1."),
    "an Intel CPU with an Arm part, called Zen 4": (SCALING, lambda data: data["environment"]["machine"].update(
        identity={"vendor": "GenuineIntel", "family": 6, "model": 167, "stepping": 1, "microcode": "0x1",
                  "implementer": "0x99", "part": "0x1", "microarchitecture": "Zen 4", "caches": {},
                  "threads_per_core": 1, "hypervisor": True}), "'Zen 4', but its CPU is unknown"),
    "scaling: c 30× slower at 10^6, so time falls with LIMIT": (SCALING, slowed("c", 30, ("sessions", 4, "session")),
                                                                 "implementations.c: its time grows as LIMIT^-"),
    "LIMIT the start-up LIMIT, its runs 200× its start-up's": (SCHEMA3, lambda data: [data.update(limit=2), [
        e.update(command=[*e["command"][:-1], "2"])
        or e["answer"].update(output="1" if e["kind"] == "reference" else "0") for e in data["implementations"]]],
        "one command"),
    "a ratio out of reach that its rounds brought within the target": (PRIMES, lambda data: data["session"].update(
        stopped="out of reach", out_of_reach=["python/c"]), "out_of_reach: 'python/c', which its rounds brought"),
    "a ratio out of reach that steered nothing": (PRIMES, lambda data: data["session"].update(
        stopped="out of reach", out_of_reach=["python/c"], reported_only=["python/c"]), "which steered nothing"),
    "stopped at its most rounds, short of them": (PRIMES, set_at(("session", "stopped"), "max rounds"),
                                                  "'max rounds', but 48 rounds of 200"),
    "a round beside a billion CPUs of other load": (PRIMES, set_at((*ROUND, "foreign_load"), 1e9),
                                                    "foreign load 1e+09 CPUs"),
    "rounds numbered with a gap": (PRIMES, set_at(("session", "rounds", -1, "number"), 100), "numbered"),
    "scaling: a size skipped as over the budget, predicted at 10 µs": (SCALING, set_at(
        ("implementations", 4, "skipped", 0, "predicted_rounds_s"), 1e-5), "the first predicted over the budget"),
    "scaling: a size skipped that is none of its sizes": (SCALING, set_at(("implementations", 0, "skipped"), [
        {"limit": 99_999_999, "reason": "over the budget"}]), "skipped: [99999999]"),
    "threads: a sweep at a LIMIT of its own": (THREADS, set_at(("implementations", 0, "limit"), 2),
                                               "limit: 2, neither LIMIT"),
    "gate: a comparison of a round its size did not run": (GATE, set_at(("records", 10, "round"), 3), "round 4"),
    "gate: instructions counted at a size that times only": (GATE, lambda data: data["records"][0].update(
        size="small", limit=100_000), "instructions in round 1"),
    "gate: a parallel program at 30 µs a run on 4,096 threads of a 2-CPU machine": (GATE, lambda data: [set_at(
        ("sizes", 0, 1, "threads"), 4096)(data), data["records"][10].update(
            impl="python-multiprocessing", limit=100_000, seconds=2 * len(data["records"][10]["log_ratios"]) * 3e-5)],
        "records[10].seconds, a run"),
    "gate: serial c at 4 ms a run": (GATE, set_at(("records", 10, "seconds"), 2 * 40 * 0.004), "records[10].seconds"),
    "gate: a comparison listed twice": (GATE, lambda data: data["records"].append(data["records"][0]), "twice"),
    "gate: a slowdown it never injects": (GATE, set_at(("records", 0, "slowdown"), 0.001), "records[0].slowdown"),
}


@pytest.mark.parametrize("fixture, mutate, field", DOCTORED.values(), ids=DOCTORED.keys())
def test_a_doctored_file_is_refused_in_one_line_naming_the_file_and_the_field(tmp_path, fixture, mutate, field):
    path = write(tmp_path / fixture.split("/")[-1], fixture, mutate)
    with pytest.raises(SchemaError) as refused:
        load(path, FILES[path.name].record)
    message = str(refused.value)
    assert message.startswith(str(path)) and field in message
    assert "\n" not in message and len(message) <= 300


@pytest.mark.parametrize("cap, fixture, field", [("MOST_RUNS", PRIMES, "session.runs: "),
                                                  ("MOST_RECORDS", GATE, "records: ")])
def test_a_file_beyond_its_reading_caps_is_refused(tmp_path, monkeypatch, cap, fixture, field):
    monkeypatch.setattr(results, cap, 10)  # each cap as a file ten times the size of the fixture would meet it
    path = write(tmp_path / fixture, fixture)
    with pytest.raises(SchemaError, match=f"{re.escape(field)}[0-9,]+, above 10"):
        load(path, FILES[fixture].record)


def test_a_date_a_clock_ahead_gives_loads_but_not_one_written_after_tomorrow(monkeypatch):
    class Noon(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 12, 7, 12, tzinfo=timezone.utc)
    monkeypatch.setattr(results, "datetime", Noon)
    fits = results.CHECKS["date"][0]
    assert fits("2026-12-08T11:00:00+00:00") and fits("2026-12-08T09:00:00-02:00")  # 23 h ahead: a clock set wrong
    assert not fits("2026-12-08T13:00:00+00:00")  # 25 h ahead
    assert not fits("2026-12-09T11:00:00+23:59")  # 23 h ahead, but a page would show the day after tomorrow


def test_a_pair_timer_calibration_without_the_intervals_it_no_longer_shows_loads(tmp_path):
    path = write(tmp_path / "gate.json", "schema2/pairs/gate.json", lambda data: data["records"][-1].pop("low"))
    assert load(path, FILES["gate.json"].record).records[-1].low is not None


@pytest.mark.parametrize("fixture", [PRIMES, SCHEMA3, SCALING, THREADS, THREADS3, GATE, GATE2])
def test_the_fixtures_themselves_load(tmp_path, fixture):
    path = write(tmp_path / fixture.split("/")[-1], fixture)
    assert load(path, FILES[path.name].record) is not None


@pytest.mark.parametrize("fixture", ["loaded/three-hogs.json", "loaded/tiny-run.json"])
def test_a_run_of_a_loaded_machine_loads(tmp_path, fixture):
    """make bench at LIMIT 10^4 in three rounds (--budget 0), three CPU hogs beside it: its divider probe ran 2× slow,
    and c's compute, a tenth of its run, came to 1.5 to 10 cycles a division."""
    path = write(tmp_path / "primes.json", fixture)
    assert load(path, FILES["primes.json"].record).cost("c") is not None


def test_a_cpu_beyond_the_tables_keeps_a_newer_tables_name_but_not_another_vendors(tmp_path):
    def named(microarchitecture: str):
        return lambda data: data["environment"]["machine"].update(identity={
            "vendor": "GenuineIntel", "family": 6, "model": 0xEE, "stepping": 1, "microcode": "0x1",
            "implementer": None, "part": None, "microarchitecture": microarchitecture, "caches": {},
            "threads_per_core": 1, "hypervisor": True})
    for newer in ("Some Lake", "Skylake"):  # a new name, or a new model of a name the tables know
        path = write(tmp_path / "primes.json", PRIMES, named(newer))
        assert load(path, FILES["primes.json"].record).environment.machine.identity.microarchitecture == newer
    with pytest.raises(SchemaError, match="'Zen 5', but its CPU is unknown"):
        load(write(tmp_path / "primes.json", PRIMES, named("Zen 5")), FILES["primes.json"].record)


def test_a_probe_dividing_faster_than_its_core_is_published_to_is_refused(tmp_path):
    """loaded/three-hogs.json ran on a Rocket Lake, whose DIV r64 takes 10 cycles and r32 6."""
    def dividing(cycles: float):
        return lambda data: [run.update({f"div{bits}_{how}": cycles for bits in (64, 32)
                                         for how in ("independent", "dependent")}) for run in data["divider"]["runs"]]
    def unnamed(data: dict) -> None:  # the core is known by its family and model, whatever name is recorded
        data["environment"]["machine"]["identity"]["microarchitecture"] = "unknown"
    for mutate in (dividing(1.0), lambda data: [dividing(1.0)(data), unnamed(data)]):
        with pytest.raises(SchemaError, match="divider.runs: 1 cycles a div64_independent, under half its core's"):
            load(write(tmp_path / "primes.json", "loaded/three-hogs.json", mutate), FILES["primes.json"].record)
    assert load(write(tmp_path / "primes.json", "loaded/three-hogs.json", dividing(5.0)), FILES["primes.json"].record)


ROCKET_LAKE = {"vendor": "GenuineIntel", "family": 6, "model": 167, "stepping": 1, "microcode": "0x1",
               "implementer": None, "part": None, "microarchitecture": "unknown", "caches": {}, "threads_per_core": 1,
               "hypervisor": True}


@pytest.mark.parametrize("factor, refused", [(1.0, False), (0.5, True)])
def test_where_no_probe_ran_a_loop_is_held_to_its_cores_published_division(tmp_path, factor, refused):
    """Zen 5's c at 7 cycles a division, said to be a Rocket Lake's with no divider probe: its idiv r64 takes 10."""
    path = write(tmp_path / "primes.json", SCHEMA3, as_current(lambda data: [
        data.pop("divider"), data["environment"]["machine"].update(identity=ROCKET_LAKE), scaled("c", factor)(data)]))
    if refused:
        with pytest.raises(SchemaError, match="costs.c: .* under half its divider's 10"):
            load(path, FILES["primes.json"].record)
    else:
        assert load(path, FILES["primes.json"].record).cost("c") is not None


def test_a_sweep_faster_than_a_division_a_cycle_at_its_own_clock_is_refused(tmp_path):
    """c-openmp's sweep on Rocket Lake with every run of the twin and the program 22× shorter: 8.9 divisions a
    nanosecond, under 10 GHz's one a cycle, but 2.2 a cycle at the 3,969 MHz its add chain ran at in the same rounds."""
    data = json.loads((RESULTS / HOSTS / "intel-xeon-rocket-lake-2cpu" / "threads.json").read_text())
    entry = next(e for e in data["implementations"] if e["name"] == "c-openmp")
    for r in entry["session"]["rounds"]:
        r["times"].update({n: [t * 0.045 for t in ts] for n, ts in r["times"].items()
                           if n.split("@")[0] in ("c", "c-openmp") and not n.endswith("@start")})
    (tmp_path / "threads.json").write_text(json.dumps(data))
    with pytest.raises(SchemaError, match=r"implementations.c-openmp.twin: .* more than one a cycle at 4,9\d\d MHz"):
        load(tmp_path / "threads.json", FILES["threads.json"].record)


def rocket_lake(tmp_path: Path, mutate) -> Path:
    """The committed Rocket Lake primes.json (79 rounds, an add chain in each), mutated, at tmp_path."""
    data = json.loads((RESULTS / HOSTS / "intel-xeon-rocket-lake-2cpu" / "primes.json").read_text())
    mutate(data)
    data["session"]["seconds"] = sum(r["seconds"] for r in data["session"]["rounds"])
    (tmp_path / "primes.json").write_text(json.dumps(data))
    return tmp_path / "primes.json"


def slowing(factor: float, clock: bool, load: float | None = None):
    """Every run from round 32 on `factor` times as long (the add chain's too, with clock), with `load` recorded."""
    def mutate(data: dict) -> None:
        for r in data["session"]["rounds"][31:]:
            r["times"] = {n: [t * factor for t in ts] if clock or not n.startswith("clock") else ts
                          for n, ts in r["times"].items()}
            r["seconds"] = sum(map(sum, r["times"].values())) * 1.01
            r["foreign_load"] = r["foreign_load"] if load is None else load
    return mutate


@pytest.mark.parametrize("clock, load, refused", [(True, None, False), (False, 1.9, False), (False, None, True)])
def test_a_machine_slowing_after_a_program_left_loads_where_its_clock_or_its_load_says_so(tmp_path, clock, load,
                                                                                          refused):
    """go left the rounds after round 28; everything 2.1× slower from round 32: a clock slowing with it, or load
    recorded beside it, is a machine's; neither is a ratio of 10.6 that its medians make 22.6."""
    path = rocket_lake(tmp_path, slowing(2.1, clock, load))
    if refused:
        with pytest.raises(SchemaError, match="ratios.python/go: .* of the two medians"):
            load_file(path)
    else:
        assert load_file(path).ratio("python", "go") is not None


def test_one_round_marked_loaded_leaves_the_ratios_held_to_their_medians(tmp_path):
    """c and c-openmp 4× slower from round 21, and one round's load unrecorded, or above the quiet mark: that round is
    left out of every median, and the others still hold every ratio to them."""
    def mutate(foreign: float | None):
        def apply(data: dict) -> None:
            for r in data["session"]["rounds"][20:]:
                r["times"].update({n: [4 * t for t in r["times"][n]] for n in ("c", "c-openmp") if n in r["times"]})
                r["seconds"] = sum(map(sum, r["times"].values())) * 1.01
            data["session"]["rounds"][49]["foreign_load"] = foreign
        return apply
    for foreign in (None, 0.3):
        with pytest.raises(SchemaError, match="of the two medians"):
            load_file(rocket_lake(tmp_path, mutate(foreign)))


def test_a_start_up_session_far_from_the_start_ups_its_rounds_timed_is_refused(tmp_path):
    """A session of its own giving each program's whole run as its start-up, beside rounds that timed its start-up at
    40 ms: a page's start-up and compute from two sources that contradict each other."""
    def mutate(data: dict) -> None:
        session = copy.deepcopy(data["session"])
        for r in session["rounds"]:
            for job in [j for j in r["order"] if "@" in j or j.startswith("clock")]:
                r["order"].remove(job)
                del r["times"][job], r["user"][job], r["system"][job]
        data["startup_session"] = {**session, "stopped": "min rounds", "ratios": None, "out_of_reach": None,
                                   "reported_only": None}
    with pytest.raises(SchemaError, match="startup_session: .*'s start-up .* in the session's own rounds"):
        load_file(rocket_lake(tmp_path, mutate))


def test_a_sweep_of_one_block_computes_no_faster_on_two_workers(tmp_path):
    """python-numba-parallel's sweep at 10^7 in one block of 2 × 10^7 numbers, its runs on 2 threads longer and their
    start-ups longer still: its whole speedup 1.2, its compute speedup 3.5, where one block allows one worker."""
    data = json.loads((RESULTS / HOSTS / "intel-xeon-rocket-lake-2cpu" / "threads.json").read_text())
    entry = next(e for e in data["implementations"] if e["name"] == "python-numba-parallel")
    entry["block"] = 20_000_000
    for r in entry["session"]["rounds"]:
        for job, extra in (("python-numba-parallel@2", 0.43), ("python-numba-parallel@2@start", 1.01)):
            if job in r["times"]:
                r["times"][job] = [t + extra for t in r["times"][job]]
        r["seconds"] = sum(map(sum, r["times"].values())) * 1.01
    entry["session"]["seconds"] = sum(r["seconds"] for r in entry["session"]["rounds"])
    (tmp_path / "threads.json").write_text(json.dumps(data))
    with pytest.raises(SchemaError, match="python-numba-parallel@2: its compute: .* on 1 CPU"):
        load_file(tmp_path / "threads.json")


def load_file(path: Path):
    return load(path, FILES[path.name].record)


def test_a_compute_ratio_far_from_the_compute_medians_beside_it_is_refused(tmp_path):
    """c's start-up left out after round 10, python's start-up 0.9× its run before: a compute ratio of 1.1 within the
    rounds, where python's compute and c's, each over its own rounds, give 11."""
    def mutate(data: dict) -> None:
        for r in data["session"]["rounds"]:
            if r["number"] > 10 and "c@start" in r["times"]:
                r["order"].remove("c@start")
                del r["times"]["c@start"], r["user"]["c@start"], r["system"]["c@start"]
            elif r["number"] <= 10:
                r["times"]["python@start"] = [0.9 * min(r["times"]["python"])] * len(r["times"]["python@start"])
                r["seconds"] = sum(map(sum, r["times"].values())) * 1.01
    with pytest.raises(SchemaError, match="ratios.compute python/c: .* of the two medians"):
        load_file(rocket_lake(tmp_path, mutate))


def test_the_inclusive_reference_counts_up_to_limit(tmp_path):
    path = write(tmp_path / "primes.json", PRIMES, lambda data: at_prime_limit(data, 78_498))
    assert load(path, FILES["primes.json"].record).entry("primesieve").answer.expected == 78_498


def test_a_hostile_key_stays_on_one_line(tmp_path):
    path = write(tmp_path / "primes.json", PRIMES, rename_job("pypy", "ghost\n# <script>"))
    with pytest.raises(SchemaError) as refused:
        load(path, FILES[path.name].record)
    assert "\n" not in str(refused.value) and "ghost" in str(refused.value)


# --- fuzz: files derived from small valid ones, a few values changed at a time ---------------------

hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies

HOSTILE = ["", " ", "|", "a | b", "<script>alert(1)</script>", "`", "``x``", "[x](http://e.invalid)", "# h",
           "line\nbreak", "\u2028", "\x00", "é×∞", "x" * 501, "c", "ghost", "python@start", "NaN", "-1"]
VALUES = st.one_of(
    st.sampled_from([math.nan, math.inf, -math.inf, 0, 0.0, -1, -1e-9, 1e-300, 1e308, 10**30, 2**63, 1, 2,
                     True, False, None, [], {}, [1.0], {"x": 1}]),
    st.sampled_from(HOSTILE),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10**6, max_value=10**9),
)
PAGE_NUMBERS = re.compile(r"\b(nan|inf|infinity)\b", re.IGNORECASE)
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def leaves(value: object, path: tuple = ()) -> list[tuple]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in leaves(v, (*path, k))]
    if isinstance(value, list) and value:
        return [p for i, v in enumerate(value) for p in leaves(v, (*path, i))]
    return [path]


FUZZED = {name: (fixture(name), leaves(fixture(name))) for name in (PRIMES, SCHEMA3, SCALING, THREADS, GATE)}
CODE_SPAN = re.compile(r"(`+).+?\1", re.S)


def markup_free(page: str) -> bool:
    """No recorded string outside a code span made a tag, a link or a heading of the page."""
    flat = CODE_SPAN.sub("", page)
    return not any(mark in flat for mark in ("<script>", "<img", "](http://e.invalid)", "](javascript:")) \
        and not re.search(r"^# (h|Injected)", flat, re.M)


def read_or_refused(name: str, data: dict | str) -> dict[Path, str] | None:
    """The pages a doctored file renders into, or None where it is refused in one line naming it."""
    with tempfile.TemporaryDirectory() as tmp:
        results = Path(tmp) / "results"
        path = results / "hosts" / "fuzzed-2cpu" / Path(name).name
        path.parent.mkdir(parents=True)
        path.write_text(dumped(data))
        try:
            load(path, FILES[path.name].record)
        except SchemaError as error:
            assert "\n" not in str(error) and str(error).startswith(str(path))
            return None
        with mock.patch("bench.render.machines.figures_module", return_value=None):
            return report_files(results)


@st.composite
def doctored_files(draw) -> tuple[str, dict]:
    name = draw(st.sampled_from(sorted(FUZZED)))
    data = copy.deepcopy(FUZZED[name][0])
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(FUZZED[name][1]))
        try:
            old = reduce(getitem, path, data)
        except (KeyError, IndexError, TypeError):  # an earlier change took it away
            continue
        how = draw(st.sampled_from(["replace", "scale", "rename"]))
        if how == "scale" and isinstance(old, (int, float)) and not isinstance(old, bool):
            set_at(path, old * draw(st.sampled_from([-1, 0, 1 + 1e-9, 1.01, 0.5, 2, 1e6])))(data)
        elif how == "rename" and isinstance(path[-1], str) and len(path) > 1:
            parent = reduce(getitem, path[:-1], data)
            parent[draw(st.sampled_from(HOSTILE))] = parent.pop(path[-1])
        else:
            set_at(path, draw(VALUES))(data)
    return name, data


def tables_intact(page: str) -> bool:
    """Every row of every pipe table has its header's cells."""
    cells = None
    for line in page.splitlines():
        if not line.startswith("|"):
            cells = None
        elif cells is None:
            cells = len(UNESCAPED_PIPE.findall(line))
        elif len(UNESCAPED_PIPE.findall(line)) != cells:
            return False
    return True


@hypothesis.settings(max_examples=400, deadline=None, derandomize=True, database=None, print_blob=False,
                     suppress_health_check=list(hypothesis.HealthCheck))
@hypothesis.given(doctored_files())
def test_fuzzed_files_load_or_are_refused_in_one_line_and_no_page_shows_an_impossible_number(case):
    name, data = case
    pages = read_or_refused(name, data)
    hypothesis.event(f"{name}: {'refused' if pages is None else 'rendered'}")  # --hypothesis-show-statistics
    for where, page in (pages or {}).items():
        assert not PAGE_NUMBERS.search(page) and tables_intact(page)
        assert markup_free(page) or where.suffix == ".json"  # summary.json is data, for tools


HOSTILE_MARKUP = "x | <img src=x>\n# Injected [l](javascript:a)"


def strings_and_keys(value: object, path: tuple = ()) -> list[tuple[str, tuple]]:
    """("value", path) of every string and ("key", path) of every mapping's key."""
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in [("key", (*path, k)), *strings_and_keys(v, (*path, k))]]
    if isinstance(value, list):
        return [found for i, v in enumerate(value) for found in strings_and_keys(v, (*path, i))]
    return [("value", path)] if isinstance(value, str) else []


@pytest.mark.parametrize("name", [PRIMES, SCALING, THREADS, GATE])
def test_every_string_and_key_of_a_file_made_markup_stays_in_its_cell_or_is_refused(name):
    """Each string of the file, and each key, replaced in turn: one of each field, however many a list holds;
    primes.json with a CPU identity (schema 3's sample's), which its fixture lacks."""
    data, tried, shown = fixture(name), set(), 0
    if name == PRIMES:
        data["environment"]["machine"]["identity"] = fixture(SCHEMA3)["environment"]["machine"]["identity"]
    for kind, path in strings_and_keys(data):
        shape = (kind, tuple(p if isinstance(p, str) else 0 for p in path))
        if shape in tried:
            continue
        tried.add(shape)
        doctored = copy.deepcopy(data)
        parent = reduce(getitem, path[:-1], doctored)
        if kind == "key":
            parent[HOSTILE_MARKUP] = parent.pop(path[-1])
        else:
            parent[path[-1]] = HOSTILE_MARKUP
        pages = read_or_refused(name, doctored)
        shown += pages is not None
        for page in (page for where, page in (pages or {}).items() if where.suffix == ".md"):
            assert tables_intact(page) and markup_free(page), f"{kind} {path}"
    assert shown, "no doctored string reached a page: the test tried nothing"
