"""The regression gate: build BASE in a worktree and the working tree, then compare them on instruction
counts and on interleaved time."""

from __future__ import annotations

import math
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.analyse.intervals import DEFAULT_STEP, half_width, instruction_change, time_verdict
from bench.analyse.verdicts import Outcome, clock_for, time_only
from bench.core import manifest
from bench.core.paths import ROOT
from bench.core.results import GateSettings
from bench.core.vectors import expected_for
from bench.gate.instructions import count_instructions
from bench.gate.interleave import Command, Comparison, PairPlan, RunError, share
from bench.gate.worktree import GateError, worktree

# The CI sizes: compiled programs at the bench's size; the interpreters at a size where computing
# outweighs start-up, yet valgrind still counts CPython's instructions in seconds.
DEFAULT_LIMIT = 1_000_000
DEFAULT_PYTHON_LIMIT = 100_000
DEFAULT_THREADS = 2
# Time: 40 pairs of each program, then 20 more at a time to whichever is not yet precise enough to
# catch a 5% slowdown, for at most 6 minutes in all. Compiled programs get there in 40 pairs here;
# the interpreters and the process pool, whose run-to-run noise is several times larger, take the rest.
DEFAULT_PAIRS = 40
DEFAULT_MAX_PAIRS = 1000
DEFAULT_TIME_BUDGET = 360.0

GATED_KINDS = ("serial", "parallel")
SIGNALS = ("instructions", "time")
# The environment every measured run gets, so that instruction counts repeat: hash randomisation
# off, OpenMP threads that sleep rather than spin while waiting.
PINNED_ENV = {"PYTHONHASHSEED": "0", "OMP_WAIT_POLICY": "passive"}


class NoSuite(Exception):
    """BASE has no manifest: it predates the suite."""


@dataclass
class Side:
    """One side of the comparison: where its tree is and the gated implementations its manifest lists."""

    label: str
    root: Path
    impls: dict[str, manifest.Implementation]


def pair_plan(settings: GateSettings) -> PairPlan:
    return PairPlan(settings.pairs, DEFAULT_STEP, settings.max_pairs, settings.time_budget)


def load_side(label: str, root: Path) -> Side:
    """The gated implementations (serial and parallel, available here) of the manifest under root."""
    path = root / "bench" / "implementations.toml"
    if not path.exists():
        raise NoSuite(f"{label} has no bench/implementations.toml: it predates the suite")
    try:
        loaded = manifest.load(path)
    except (OSError, ValueError, manifest.ManifestError) as error:
        raise GateError(f"{label}: manifest: {error}") from error
    return Side(label, root, {i.name: i for i in loaded.available(GATED_KINDS) if i.gated})


def select(base: Side, head: Side, only: str | None) -> list[str]:
    """Names on either side, in head's manifest order then base's, limited to `only` when given."""
    either = list(head.impls) + [n for n in base.impls if n not in head.impls]
    if not only:
        return either
    wanted = manifest.names(only)
    unknown = [n for n in wanted if n not in either]
    if unknown:
        raise GateError(f"unknown (or unavailable) implementation(s) in ONLY: {', '.join(unknown)}")
    return [n for n in either if n in wanted]


def build_side(side: Side, names: list[str]) -> None:
    """Build the named implementations in the side's tree, by its own build files."""
    print(f"regress: building {side.label}", file=sys.stderr)
    try:
        manifest.build([side.impls[n] for n in names if n in side.impls], quiet=True, root=side.root)
    except manifest.BuildError as error:
        raise GateError(f"{side.label} could not be built: {error}") from error


def limit_for(impl: manifest.Implementation, settings: GateSettings) -> int:
    """The CI size: interpreted Python (CPython and PyPy) runs a smaller one."""
    return settings.python_limit if impl.language == "Python" else settings.limit


def command_for(impl: manifest.Implementation, root: Path, limit: int, threads: int) -> Command:
    """How to run impl from its tree with the pinned environment; parallel ones on `threads` threads."""
    env = {**os.environ, **PINNED_ENV, "GOMAXPROCS": str(threads), **impl.env}
    parallel = impl.kind == "parallel"
    if parallel and impl.thread_variable:
        env[impl.thread_variable] = str(threads)
    return Command(tuple(impl.command(limit, threads if parallel else None)), root, env)


def count_both_sides(outcome: Outcome, base: Command, head: Command, expected: str) -> None:
    """Base twice (its own no-change spread), head once; time only when the counts cannot repeat."""
    (first, processes), (second, _) = count_instructions(base, expected), count_instructions(base, expected)
    outcome.base_instructions = [first, second]
    outcome.head_instructions, _ = count_instructions(head, expected)
    change = instruction_change(outcome.base_instructions, outcome.head_instructions)
    note = time_only(change, processes)
    if note:
        outcome.instruction_note = note
    else:
        outcome.instructions = change


def show_progress(comparison: Comparison) -> None:
    width = half_width(comparison.interval())
    print(f"regress: time of {comparison.name}: {len(comparison.samples)} pairs, {comparison.seconds:.0f} s, "
          f"interval ±{math.expm1(width):.2%}", file=sys.stderr)


def compare(name: str, base: Side, head: Side, settings: GateSettings) -> tuple[Outcome, Comparison | None]:
    """One implementation's instruction counts on both sides, and the timing still to be done (None when
    time is not a signal, or the implementation is on one side only)."""
    if name not in base.impls:
        return Outcome(name, head.impls[name].kind, status="added"), None
    if name not in head.impls:
        return Outcome(name, base.impls[name].kind, status="removed"), None
    impl = head.impls[name]
    outcome = Outcome(name, impl.kind, clock=clock_for(impl.kind))
    limit = limit_for(impl, settings)
    expected = str(expected_for(limit))
    base_cmd = command_for(base.impls[name], base.root, limit, settings.threads)
    head_cmd = command_for(impl, head.root, limit, settings.threads)
    if "instructions" in settings.signals:
        print(f"regress: instructions of {name} at {limit:,}", file=sys.stderr)
        count_both_sides(outcome, base_cmd, head_cmd, expected)
    timing = (Comparison(name, base_cmd, head_cmd, expected, outcome.clock, seed=settings.seed)
              if "time" in settings.signals else None)
    return outcome, timing


def time_all(pending: list[tuple[Outcome, Comparison]], plan: PairPlan) -> None:
    """Interleave base and head of every compared implementation, sharing the time budget, and record
    each interval in its outcome."""
    share([comparison for _, comparison in pending], plan, Comparison.precise, show_progress)
    for outcome, comparison in pending:
        outcome.time = comparison.interval()
        outcome.time_verdict = time_verdict(outcome.time)
        outcome.time_seconds = comparison.seconds


def run_gate(base_rev: str, only: str | None, settings: GateSettings) -> list[Outcome]:
    """Build both sides and measure every implementation: one outcome each. NoSuite when BASE predates
    the suite; GateError when the gate cannot measure."""
    if "instructions" in settings.signals and shutil.which("valgrind") is None:
        raise GateError("valgrind is not installed (the instruction signal needs it)")
    with worktree(base_rev) as base_root:
        base = load_side(f"BASE {base_rev}", base_root)
        head = load_side("the working tree", ROOT)
        names = select(base, head, only)
        build_side(base, names)
        build_side(head, names)
        try:
            compared = [compare(name, base, head, settings) for name in names]
            time_all([(o, c) for o, c in compared if c is not None], pair_plan(settings))
        except RunError as error:
            raise GateError(str(error)) from error
    return [outcome for outcome, _ in compared]
