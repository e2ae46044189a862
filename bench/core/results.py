"""The result files as typed records, and the one place that reads and writes them.

Every file carries a schema version; `load` refuses a file of another version, or one whose shape
does not match its records, with a SchemaError whose message is one line naming the file.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, Union

from bench.core.errors import HarnessError
from bench.core.files import write_atomically

SCHEMA = 1


class SchemaError(HarnessError):
    """A result file of another version or of the wrong shape."""


def optional() -> Any:
    """A field that may be absent from the file, and is left out of it when None."""
    return field(default=None, metadata={"omit_if_none": True})


def stored_as(key: str) -> Any:
    """A field whose key in the file differs from its name in the code."""
    return field(metadata={"key": key})


# --- make bench: primes.json ---------------------------------------------------------------------

@dataclass
class Machine:
    cpu: str
    online_cpus: int
    usable_cpus: int
    memory_gib: float | None
    os: str
    kernel: str
    arch: str


@dataclass
class Source:
    commit: str | None
    dirty: bool


@dataclass
class Environment:
    date: str
    machine: Machine
    versions: dict[str, str]
    source: Source


@dataclass
class Batch:
    """One hyperfine call of an adaptive measurement: its runs and their mean CPU time."""

    runs: int
    user: float
    system: float
    command: list[str]


@dataclass
class Timing:
    """Timed runs of one command: their summary, mean CPU time per run, and every run."""

    runs: int
    mean: float
    stddev: float
    median: float
    min: float
    max: float
    rse: float
    user: float
    system: float
    times: list[float]
    exit_codes: list[int]
    batches: list[Batch] | None = optional()
    met_target: bool | None = optional()

    @property
    def cpu(self) -> float:
        return self.user + self.system


@dataclass
class Answer:
    expected: int
    output: str
    verified: bool
    seconds: float
    peak_rss_kib: int | None


@dataclass
class BenchSettings:
    runs: int | None
    warmup: int | None
    budget_s: float
    target_rse: float
    min_runs: int
    startup_limit: int


@dataclass
class BenchEntry:
    name: str
    language: str
    kind: str
    twin: str | None
    note: str
    threads: int | None
    thread_variable: str | None
    version: str
    flags: str | None
    command: list[str]
    answer: Answer
    peak_rss_kib: int | None
    timing: Timing
    startup: Timing

    @property
    def compute(self) -> float:
        """The median time less the median start-up."""
        return self.timing.median - self.startup.median


@dataclass
class BenchResult:
    schema: int
    limit: int
    expected: int
    settings: BenchSettings
    environment: Environment
    implementations: list[BenchEntry]

    def entry(self, name: str) -> BenchEntry | None:
        return next((e for e in self.implementations if e.name == name), None)


# --- make scaling: scaling.json and threads.json -------------------------------------------------

@dataclass
class ScalingSettings:
    budget_s: float | None
    assumed_k: float
    min_runs: int
    max_runs: int
    min_time_s: float
    warmup: int
    startup_limit: int


@dataclass
class SizePoint:
    limit: int
    expected: int
    verified: bool
    verify_seconds: float
    timing: Timing


@dataclass
class Skipped:
    limit: int
    reason: str
    predicted_s: float | None = optional()
    predicted_runs_s: float | None = optional()


@dataclass
class ScalingEntry:
    name: str
    language: str
    kind: str
    twin: str | None
    threads: int | None
    version: str
    command: list[str]
    hyperfine: list[str]
    startup: Timing
    points: list[SizePoint]
    skipped: list[Skipped]


@dataclass
class ScalingResult:
    schema: int
    sizes: list[int]
    settings: ScalingSettings
    environment: Environment
    implementations: list[ScalingEntry]


@dataclass
class ThreadPoint:
    threads: int
    timing: Timing


@dataclass
class ThreadsEntry:
    name: str
    language: str
    twin: str
    version: str
    twin_timing: Timing
    twin_source: str
    hyperfine: list[str]
    points: list[ThreadPoint]


@dataclass
class ThreadsResult:
    schema: int
    limit: int
    expected: int
    online_cpus: int
    thread_counts: list[int]
    settings: ScalingSettings
    environment: Environment
    implementations: list[ThreadsEntry]


# --- make calibrate: gate.json -------------------------------------------------------------------

@dataclass
class Spin:
    """What one round of the calibration's spin loop costs."""

    instructions: float
    seconds: float


@dataclass
class GateSettings:
    """What the gate measures: sizes, threads, and how many interleaved pairs in how much time."""

    limit: int
    python_limit: int
    threads: int
    pairs: int
    signals: tuple[str, ...]
    max_pairs: int
    time_budget: float


@dataclass
class CalibrationSize:
    """One size of a calibration: its name, the gate settings it ran with, and how many rounds."""

    name: str
    settings: GateSettings
    rounds: int


@dataclass
class InstructionRecord:
    signal: str
    impl: str
    slowdown: float
    base: list[int]
    head: int
    change: float
    spread: float
    threshold: float
    alarm: bool
    time_only: str
    limit: int
    size: str
    round: int


@dataclass
class TimeRecord:
    signal: str
    impl: str
    limit: int
    slowdown: float
    clock: str = stored_as("measure")
    ratio: float
    low: float
    high: float
    pairs: int
    seconds: float
    half_width: float | None
    alarm: bool
    log_ratios: list[float]
    size: str
    round: int


@dataclass
class CalibrationResult:
    spin: Spin
    seconds: float
    sizes: list[CalibrationSize]
    records: list[InstructionRecord | TimeRecord]
    schema: int = SCHEMA


# --- reading and writing -------------------------------------------------------------------------

R = TypeVar("R")


def _key(f: dataclasses.Field) -> str:
    return f.metadata.get("key", f.name)


def _scalar(kind: type, value: object, where: str) -> object:
    if kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind in (str, bool) and isinstance(value, kind):
        return value
    raise SchemaError(f"{where}: expected {kind.__name__}, found {type(value).__name__}")


def _value(kind: Any, value: object, where: str) -> object:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        choices = [a for a in args if a is not type(None)]
        if len(choices) == 1:
            return _value(choices[0], value, where)
        if isinstance(value, dict) and value.get("signal") == "instructions":
            return _record(InstructionRecord, value, where)
        return _record(TimeRecord, value, where)
    if origin in (list, tuple):
        if not isinstance(value, list):
            raise SchemaError(f"{where}: expected a list")
        items = [_value(args[0], v, f"{where}[{i}]") for i, v in enumerate(value)]
        return items if origin is list else tuple(items)
    if origin is dict:
        if not isinstance(value, dict):
            raise SchemaError(f"{where}: expected an object")
        return {k: _value(args[1], v, f"{where}.{k}") for k, v in value.items()}
    if dataclasses.is_dataclass(kind):
        return _record(kind, value, where)
    return _scalar(kind, value, where)


def _record(cls: type[R], data: object, where: str) -> R:
    if cls is CalibrationSize and isinstance(data, list) and len(data) == 3:
        data = dict(zip(("name", "settings", "rounds"), data))
    if not isinstance(data, dict):
        raise SchemaError(f"{where}: expected an object")
    hints = typing.get_type_hints(cls)
    values = {}
    for f in dataclasses.fields(cls):
        key = _key(f)
        if key not in data:
            if f.metadata.get("omit_if_none") or f.name == "schema":
                continue
            raise SchemaError(f"{where}: missing {key!r}")
        values[f.name] = _value(hints[f.name], data[key], f"{where}.{key}")
    known = {_key(f) for f in dataclasses.fields(cls)}
    extra = sorted(set(data) - known)
    if extra:
        raise SchemaError(f"{where}: unexpected {', '.join(map(repr, extra))}")
    return cls(**values)


def as_data(record: object) -> object:
    """A record as plain JSON data, keys in field order, absent optional fields left out."""
    if isinstance(record, CalibrationSize):
        return [record.name, as_data(record.settings), record.rounds]
    if dataclasses.is_dataclass(record):
        out = {}
        for f in dataclasses.fields(record):
            value = getattr(record, f.name)
            if value is None and f.metadata.get("omit_if_none"):
                continue
            out[_key(f)] = as_data(value)
        return out
    if isinstance(record, (list, tuple)):
        return [as_data(v) for v in record]
    if isinstance(record, dict):
        return {k: as_data(v) for k, v in record.items()}
    return record


# The files' names, the record each holds and how it is indented.
FILES: dict[str, tuple[type, int]] = {
    "primes.json": (BenchResult, 2),
    "scaling.json": (ScalingResult, 2),
    "threads.json": (ThreadsResult, 2),
    "gate.json": (CalibrationResult, 1),
}


def dumps(record: object) -> str:
    """The text of a result file holding record."""
    indent = next(i for cls, i in FILES.values() if isinstance(record, cls))
    data = as_data(record)
    if isinstance(record, CalibrationResult):  # the version first, as in every other file
        data = {"schema": data.pop("schema"), **data}
    return json.dumps(data, indent=indent) + "\n"


def loads(text: str, cls: type[R], name: str) -> R:
    """The record in a result file's text; SchemaError names `name` and both versions."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise SchemaError(f"{name}: not JSON ({error})") from error
    if not isinstance(data, dict):
        raise SchemaError(f"{name}: not a result file")
    # gate.json files written before the version field have "sizes": those are version 1.
    version = data.get("schema", 1 if cls is CalibrationResult and "sizes" in data else None)
    if version != SCHEMA:
        found = "no schema version" if version is None else f"schema {version}"
        raise SchemaError(f"{name}: {found}, but this harness reads schema {SCHEMA}: "
                          "run the make target that writes it again")
    return _record(cls, data, name)


def load(path: Path, cls: type[R]) -> R:
    """The record in the file at path (see loads); OSError when it cannot be read."""
    return loads(path.read_text(encoding="utf-8"), cls, str(path))


def load_if_present(path: Path, cls: type[R]) -> R | None:
    return load(path, cls) if path.exists() else None


def save(records: dict[Path, object]) -> None:
    """Write every record to its path at once (write_atomically)."""
    write_atomically({path: dumps(record) for path, record in records.items()})
