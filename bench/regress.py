"""make regress: gate the working tree against BASE on instruction counts and interleaved time.

Exit 0 when no implementation regressed (or BASE predates the suite), 1 on a regression, 2 when the
gate could not measure (BASE unknown or unbuildable, a program failing, valgrind missing).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench import manifest
from bench.gate_stats import (
    INSTRUCTION_SPREADS,
    TIME_CONFIDENCE,
    TIME_DETECT,
    TIME_POWER,
    TIME_THRESHOLD,
    InstructionChange,
    Interval,
    half_width,
    instruction_change,
    pair_log_ratios,
    precise_enough,
    time_verdict,
    wanted_half_width,
    wilcoxon_interval,
)
from bench.interleave import Command, Comparison, Plan, RunError, share
from bench.run import expected_for, write_atomically

# The CI sizes: compiled programs at the bench's size; the interpreters at a size where computing
# outweighs start-up, yet valgrind still counts CPython's instructions in seconds.
DEFAULT_LIMIT = 1_000_000
DEFAULT_PYTHON_LIMIT = 100_000
DEFAULT_THREADS = 2
# Time: 40 pairs of each program, then 20 more at a time to whichever is not yet precise enough to
# catch a 5% slowdown, for at most 6 minutes in all. Compiled programs get there in 40 pairs here;
# the interpreters and the process pool, whose run-to-run noise is several times larger, take the rest.
DEFAULT_PAIRS = 40
DEFAULT_STEP = 20
DEFAULT_MAX_PAIRS = 1000
DEFAULT_TIME_BUDGET = 360.0

ROOT = manifest.ROOT
GATED_KINDS = ("serial", "parallel")
SIGNALS = ("instructions", "time")
# The environment every measured run gets, so that instruction counts repeat: hash randomisation
# off, OpenMP threads that sleep rather than spin while waiting.
PINNED_ENV = {"PYTHONHASHSEED": "0", "OMP_WAIT_POLICY": "passive"}
# Above this spread between two identical base runs, the threshold (INSTRUCTION_SPREADS x spread)
# passes slowdowns the time signal catches: the implementation is then judged on time only.
MAX_INSTRUCTION_SPREAD = 0.002


class GateError(Exception):
    """The gate could not measure: exit 2."""


class NoSuite(Exception):
    """BASE has no manifest: it predates the suite."""


@dataclass
class Side:
    """One side of the comparison: where its tree is and the gated implementations its manifest lists."""

    label: str
    root: Path
    impls: dict[str, manifest.Implementation]


@dataclass
class Settings:
    limit: int
    python_limit: int
    threads: int
    pairs: int
    signals: tuple[str, ...]
    max_pairs: int = DEFAULT_MAX_PAIRS
    time_budget: float = DEFAULT_TIME_BUDGET

    @property
    def plan(self) -> Plan:
        return Plan(self.pairs, DEFAULT_STEP, self.max_pairs, self.time_budget)


@dataclass
class Outcome:
    """What the gate found for one implementation."""

    name: str
    kind: str
    status: str = "compared"
    base_instructions: list[int] = field(default_factory=list)
    head_instructions: int | None = None
    instructions: InstructionChange | None = None
    instruction_note: str = ""
    time_measure: str = ""
    time: Interval | None = None
    time_verdict: str = ""
    time_seconds: float = 0.0

    @property
    def imprecise(self) -> bool:
        """The interval is wider than the one that catches a TIME_DETECT slowdown TIME_POWER of the time."""
        return self.time is not None and not precise_enough(self.time)

    @property
    def regressions(self) -> list[str]:
        found = []
        if self.instructions is not None and self.instructions.regressed:
            found.append("instructions")
        if self.time_verdict == "slower":
            found.append("time")
        return found


def git(*args: str, cwd: Path = ROOT) -> str:
    """stdout of a git command; GateError with git's message when it fails."""
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise GateError(f"git {' '.join(args)}: {proc.stderr.strip()}")
    return proc.stdout.strip()


@contextlib.contextmanager
def worktree(revision: str) -> Iterator[Path]:
    """A temporary detached worktree of `revision`, removed afterwards."""
    try:
        commit = git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except GateError:
        raise GateError(f"BASE {revision!r} is not a commit of this repository") from None
    parent = Path(tempfile.mkdtemp(prefix="primes-base-"))
    path = parent / "base"
    git("worktree", "add", "--detach", "--quiet", str(path), commit)
    try:
        yield path
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, capture_output=True)
        shutil.rmtree(parent, ignore_errors=True)
        subprocess.run(["git", "worktree", "prune"], cwd=ROOT, capture_output=True)


def load_side(label: str, root: Path) -> Side:
    """The gated implementations (serial and parallel, available here) of the manifest under root."""
    path = root / "bench" / "implementations.toml"
    if not path.exists():
        raise NoSuite(f"{label} has no bench/implementations.toml: it predates the suite")
    try:
        loaded = manifest.load(path)
    except (OSError, ValueError, manifest.ManifestError) as error:
        raise GateError(f"{label}: manifest: {error}") from error
    return Side(label, root, {i.name: i for i in loaded.available(GATED_KINDS)})


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


def limit_for(impl: manifest.Implementation, settings: Settings) -> int:
    """The CI size: interpreted Python (CPython and PyPy) runs a smaller one."""
    return settings.python_limit if impl.language == "Python" else settings.limit


def command_for(impl: manifest.Implementation, root: Path, limit: int, threads: int,
                prefix: tuple[str, ...] = ()) -> Command:
    """How to run impl from its tree with the pinned environment; parallel ones on `threads` threads."""
    env = dict(os.environ, **PINNED_ENV, GOMAXPROCS=str(threads))
    parallel = impl.kind == "parallel"
    if parallel and impl.threads:
        env[impl.threads] = str(threads)
    argv = impl.command(limit, threads if parallel else None)
    return Command(prefix + tuple(argv), root, env)


def count_instructions(command: Command, expected: str) -> tuple[int, int]:
    """Instructions executed by the command and every process it starts (cachegrind, no cache model),
    and how many processes that was."""
    with tempfile.TemporaryDirectory(prefix="primes-cg-") as out:
        argv = ("valgrind", "--tool=cachegrind", "--cache-sim=no", "--trace-children=yes",
                f"--cachegrind-out-file={out}/cg.%p", *command.argv)
        proc = subprocess.run(argv, cwd=command.cwd, env=command.env, capture_output=True, text=True)
        if proc.returncode != 0 or proc.stdout.strip() != expected:
            last = proc.stderr.strip().splitlines()[-1:] or [""]
            raise RunError(f"valgrind {' '.join(command.argv)}: exit {proc.returncode}, "
                           f"printed {proc.stdout.strip()!r} (expected {expected!r}): {last[0]}")
        total, processes = 0, 0
        for path in Path(out).iterdir():
            processes += 1
            for line in path.read_text().splitlines():
                if line.startswith("summary:"):
                    total += int(line.split()[1])
        return total, processes


def measure_instructions(outcome: Outcome, base: Command, head: Command, expected: str) -> None:
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


def time_only(change: InstructionChange, processes: int) -> str:
    """Why the instruction signal means nothing for a program, or '' when it does.

    Work split among several processes by the scheduler (a multiprocessing pool) changes with each
    run: identical runs were measured 6% apart, though two runs may happen to agree.
    """
    if processes > 1:
        return f"time only: {processes} processes share the work as the scheduler decides"
    if change.spread > MAX_INSTRUCTION_SPREAD:
        return f"time only: instructions vary {change.spread:.1%} between identical runs"
    return ""


def time_measure(impl: manifest.Implementation) -> str:
    """Parallel programs are judged on wall time (imbalance shows there), serial ones on CPU time."""
    return "wall" if impl.kind == "parallel" else "cpu"


def interval_of(comparison: Comparison) -> Interval:
    return wilcoxon_interval(pair_log_ratios(*comparison.values()))


def precise(comparison: Comparison) -> bool:
    """Narrow enough to catch a TIME_DETECT slowdown TIME_POWER of the time."""
    return precise_enough(interval_of(comparison))


def show_progress(comparison: Comparison) -> None:
    width = half_width(interval_of(comparison))
    print(f"regress: time of {comparison.name}: {len(comparison.samples)} pairs, {comparison.seconds:.0f} s, "
          f"interval ±{math.expm1(width):.2%}", file=sys.stderr)


def measure_time(timings: dict[str, Comparison], outcomes: list[Outcome], plan: Plan) -> None:
    """Interleave base and head of every compared implementation, sharing the time budget."""
    share(list(timings.values()), plan, precise, show_progress)
    for outcome in outcomes:
        if outcome.name in timings:
            comparison = timings[outcome.name]
            outcome.time = interval_of(comparison)
            outcome.time_verdict = time_verdict(outcome.time)
            outcome.time_seconds = comparison.seconds


def compare(name: str, base: Side, head: Side, settings: Settings,
            timings: dict[str, Comparison]) -> Outcome:
    """Count one implementation's instructions on both sides and set up its timing in `timings`
    (or note that it exists on one side only)."""
    if name not in base.impls:
        return Outcome(name, head.impls[name].kind, status="added")
    if name not in head.impls:
        return Outcome(name, base.impls[name].kind, status="removed")
    impl = head.impls[name]
    outcome = Outcome(name, impl.kind, time_measure=time_measure(impl))
    limit = limit_for(impl, settings)
    expected = str(expected_for(limit))
    base_cmd = command_for(base.impls[name], base.root, limit, settings.threads)
    head_cmd = command_for(impl, head.root, limit, settings.threads)
    if "instructions" in settings.signals:
        print(f"regress: instructions of {name} at {limit:,}", file=sys.stderr)
        measure_instructions(outcome, base_cmd, head_cmd, expected)
    if "time" in settings.signals:
        timings[name] = Comparison(name, base_cmd, head_cmd, expected, outcome.time_measure)
    return outcome


def verdict(outcome: Outcome) -> str:
    if outcome.status != "compared":
        return outcome.status
    if outcome.regressions:
        return f"**REGRESSION** ({', '.join(outcome.regressions)})"
    if outcome.time_verdict == "faster":
        return "ok (faster)"
    if outcome.imprecise:
        return "ok (imprecise)"
    return "ok"


def instruction_cells(outcome: Outcome) -> list[str]:
    if outcome.instructions is not None:
        change = outcome.instructions
        mean = sum(outcome.base_instructions) / len(outcome.base_instructions)
        return [f"{mean:,.0f}", f"{outcome.head_instructions:,}",
                f"{change.change:+.3%} (limit {change.threshold:.2%})"]
    if outcome.instruction_note:
        return ["", "", outcome.instruction_note]
    return ["", "", ""]


def time_cells(outcome: Outcome) -> list[str]:
    if outcome.time is None:
        return ["", "", ""]
    t = outcome.time
    return [outcome.time_measure, f"{t.ratio:.4f} [{t.low:.4f}, {t.high:.4f}]",
            f"{t.pairs} ({outcome.time_seconds:.0f} s)"]


def render(outcomes: list[Outcome], header: list[str], status: int) -> str:
    """The Markdown report: what was compared, the table, and the verdict."""
    word = {0: "no regression", 1: "REGRESSION"}[status]
    lines = ["# Regression gate", "", *header, "", f"**Verdict: {word}**", "",
             "| implementation | kind | base instructions | head instructions | change (limit) "
             "| time | head/base [99.75% interval] | pairs | verdict |",
             "|---|---|--:|--:|--:|---|--:|--:|---|"]
    for o in outcomes:
        cells = [o.name, o.kind, *instruction_cells(o), *time_cells(o), verdict(o)]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f"Instructions: regression when head/base - 1 > max(0.5%, {INSTRUCTION_SPREADS:g} x the "
              "spread of two base runs). Time: median of per-pair head/base ratios of interleaved ABBA "
              f"runs with the Wilcoxon signed-rank {TIME_CONFIDENCE:.2%} interval (Walsh averages); "
              f"regression when its lower bound exceeds 1 + {TIME_THRESHOLD:.0%}. Serial programs are "
              "timed on user+sys CPU, parallel ones on wall time. Pairs are added until the interval is "
              f"within ±{math.expm1(wanted_half_width()):.2%}, narrow enough to catch a {TIME_DETECT:.0%} "
              f"slowdown {TIME_POWER:.0%} of the time, or the time budget is spent."]
    imprecise = [o for o in outcomes if o.imprecise]
    if imprecise:
        lines += ["", f"Imprecise (the time budget or the pair cap ran out first; a {TIME_DETECT:.0%} slowdown "
                  "may pass unseen): "
                  + ", ".join(f"{o.name} ±{math.expm1(half_width(o.time)):.2%}" for o in imprecise if o.time)
                  + "."]
    return "\n".join(lines) + "\n"


def describe(revision: str, cwd: Path = ROOT) -> str:
    return git("log", "-1", "--format=%h %s", revision, cwd=cwd)


def header_lines(base_rev: str, settings: Settings) -> list[str]:
    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no", "--", ".",
                                                  ":!results") else ""
    return [f"- base: `{base_rev}` = {describe(base_rev)}",
            f"- head: the working tree, {describe('HEAD')}{dirty}",
            f"- sizes: {settings.limit:,} (Python: {settings.python_limit:,}); parallel programs on "
            f"{settings.threads} threads; {settings.pairs} to {settings.max_pairs} interleaved pairs within "
            f"{settings.time_budget:.0f} s; signals: {', '.join(settings.signals)}"]


def gate(base_rev: str, only: str | None, settings: Settings, out: Path | None) -> int:
    """Build both sides, measure, print and write the report; the exit status."""
    if "instructions" in settings.signals and shutil.which("valgrind") is None:
        raise GateError("valgrind is not installed (the instruction signal needs it)")
    with worktree(base_rev) as base_root:
        try:
            base = load_side(f"BASE {base_rev}", base_root)
        except NoSuite as note:
            print(f"regress: {note}; nothing to compare, the gate passes")
            return 0
        head = load_side("the working tree", ROOT)
        names = select(base, head, only)
        build_side(base, names)
        build_side(head, names)
        timings: dict[str, Comparison] = {}
        try:
            outcomes = [compare(name, base, head, settings, timings) for name in names]
            measure_time(timings, outcomes, settings.plan)
        except RunError as error:
            raise GateError(str(error)) from error
    status = 1 if any(o.regressions for o in outcomes) else 0
    report = render(outcomes, header_lines(base_rev, settings), status)
    print(report, end="")
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomically({out: report})
    return status


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="HEAD~1", help="git revision to compare against (HEAD~1)")
    add_measure_arguments(parser)
    parser.add_argument("--signals", default="instructions,time", help="instructions, time or both")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "regress.md",
                        help="where to write the Markdown report ('-' for nowhere)")
    args = parser.parse_args(argv)
    args.signals = tuple(s for s in SIGNALS if s in args.signals.replace(",", " ").split())
    if not args.signals:
        parser.error("--signals: name instructions, time or both")
    check_pairs(parser, args)
    return args


def add_measure_arguments(parser: argparse.ArgumentParser) -> None:
    """What to gate, at which sizes, and how many pairs in how much time (the gate and its calibration)."""
    parser.add_argument("--only", default=None, help="implementations, comma or space separated (all)")
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help="size for compiled programs")
    parser.add_argument("--python-limit", type=int, default=DEFAULT_PYTHON_LIMIT, help="size for CPython and PyPy")
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS, help="threads of the parallel programs")
    parser.add_argument("--pairs", type=int, default=DEFAULT_PAIRS,
                        help="interleaved base/head pairs of each implementation, at least (>= 10)")
    parser.add_argument("--max-pairs", type=int, default=DEFAULT_MAX_PAIRS,
                        help="pairs of each implementation, at most")
    parser.add_argument("--time-budget", type=float, default=DEFAULT_TIME_BUDGET,
                        help="seconds of timing, all implementations together, beyond which no pairs are added")


def check_pairs(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """--pairs and --max-pairs: even (whole ABBA blocks), at least 10, the maximum not below the minimum."""
    if args.pairs < 10 or args.pairs % 2:
        parser.error("--pairs: an even number, at least 10 (fewer leave the 99.75% interval unbounded)")
    if args.max_pairs < args.pairs or args.max_pairs % 2:
        parser.error("--max-pairs: an even number, at least --pairs")
    if args.time_budget < 0:
        parser.error("--time-budget: seconds, 0 or more")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    settings = Settings(args.limit, args.python_limit, args.threads, args.pairs, args.signals,
                        args.max_pairs, args.time_budget)
    out = None if str(args.out) == "-" else args.out
    try:
        return gate(args.base, args.only, settings, out)
    except GateError as error:
        print(f"regress: could not measure: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
