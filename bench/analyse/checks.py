"""Whether a result file's stored ratios are what its own rounds give: each is taken again from the
rounds it was taken over (rounds.estimate) and must match its estimate, bounds and rounds within
TOLERANCE. bench/core/results.py checks every value as it reads a file; this check needs the
statistics, so it lives here, and load and load_if_present, the loading path of `make report` and
`make merge`, run both."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TypeVar

from bench.analyse.rounds import RatioSpec, estimate, ratio_name, spec_of
from bench.core import results
from bench.core.errors import HarnessError
from bench.core.results import TOLERANCE, BenchResult, Ratio, Round, SchemaError, ThreadsResult

R = TypeVar("R")


def stored_ratios(record: object) -> list[tuple[str, Ratio, RatioSpec, list[Round]]]:
    """Every ratio a file stores, where it stands, how it was taken, and over which rounds."""
    if isinstance(record, BenchResult):
        return [(f"ratios[{i}]", r, spec_of(r), record.session.rounds) for i, r in enumerate(record.ratios)]
    found = []
    for i, e in enumerate(record.implementations if isinstance(record, ThreadsResult) else []):
        for j, p in enumerate(e.points):
            for name, compute in (("speedup", False), ("compute_speedup", True)):
                ratio = getattr(p, name)
                if ratio is not None:
                    found.append((f"implementations[{i}].points[{j}].{name}", ratio,
                                  RatioSpec(e.twin, f"{e.name}@{p.threads}", compute=compute), e.session.rounds))
        if e.variant_speedup is not None and e.variant_of and e.points:
            most = max(p.threads for p in e.points)
            found.append((f"implementations[{i}].variant_speedup", e.variant_speedup,
                          RatioSpec(f"{e.variant_of}@{most}", f"{e.name}@{most}"), e.session.rounds))
    return found


def _differs(stored: float | None, again: float | None) -> bool:
    if stored is None or again is None:
        return (stored is None) != (again is None)
    return not math.isclose(stored, again, rel_tol=TOLERANCE)


def check_ratios(record: object, name: str) -> None:
    """SchemaError, naming the file and the ratio, where a stored ratio is not what its rounds give."""
    for where, ratio, spec, rounds in stored_ratios(record):
        label = f"{name}: {where} ({ratio_name(ratio)})"
        if (ratio.numerator, ratio.denominator, tuple(ratio.over or ())) != \
                (spec.numerator, spec.denominator, tuple(spec.over or ())):
            raise SchemaError(f"{label}: not the ratio of {ratio_name(spec)} its place holds")
        try:
            again = estimate(spec, rounds, ratio.confidence)
        except (HarnessError, ValueError, ArithmeticError) as error:
            raise SchemaError(f"{label}: its rounds give no ratio ({error})") from error
        for field in ("estimate", "low", "high", "rounds"):
            if _differs(getattr(ratio, field), getattr(again, field)):
                raise SchemaError(f"{label}.{field}: {getattr(ratio, field)}, but its rounds give "
                                  f"{getattr(again, field)}")


def load(path: Path, cls: type[R]) -> R:
    """The record in the file at path, every value checked (results.load) and every ratio against its
    rounds; SchemaError names the file."""
    record = results.load(path, cls)
    check_ratios(record, str(path))
    return record


def load_if_present(path: Path, cls: type[R]) -> R | None:
    return load(path, cls) if path.exists() else None
