"""make regress: gate the working tree against BASE on instruction counts and interleaved time.

Exit 0 when no implementation regressed (or BASE predates the suite), 1 on a regression, 2 when the
gate could not measure (BASE unknown or unbuildable, a program failing, valgrind missing).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.analyse.intervals import TIME_CONFIDENCE
from bench.core.environment import source
from bench.core.errors import HarnessError
from bench.core.files import write_atomically
from bench.core.hosts import this_host_folder
from bench.core.paths import RESULTS
from bench.core.results import GateSettings
from bench.gate.compare import (
    DEFAULT_LIMIT,
    DEFAULT_MAX_PAIRS,
    DEFAULT_PAIRS,
    DEFAULT_PYTHON_LIMIT,
    DEFAULT_THREADS,
    DEFAULT_TIME_BUDGET,
    SIGNALS,
    NoSuite,
    run_gate,
)
from bench.gate.worktree import describe
from bench.measure.rounds import drawn_seed
from bench.render.regress import header_lines, render_regress


def add_gate_arguments(parser: argparse.ArgumentParser) -> None:
    """What to gate, at which sizes, and how many rounds in how much time (the gate and its calibration)."""
    parser.add_argument("--only", default=None, help="implementations, comma or space separated (all)")
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help="size for compiled programs")
    parser.add_argument("--python-limit", type=int, default=DEFAULT_PYTHON_LIMIT, help="size for CPython and PyPy")
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS, help="threads of the parallel programs")
    parser.add_argument("--pairs", type=int, default=DEFAULT_PAIRS,
                        help="interleaved rounds of each implementation's base and head, at least (>= 12)")
    parser.add_argument("--max-pairs", type=int, default=DEFAULT_MAX_PAIRS,
                        help="rounds of each implementation, at most")
    parser.add_argument("--time-budget", type=float, default=DEFAULT_TIME_BUDGET,
                        help="seconds of timing, all implementations together, beyond which no round starts")
    parser.add_argument("--seed", type=int, default=None,
                        help="seed of the rounds' shuffled orders (default: drawn afresh, and reported)")


def check_pairs(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """--pairs at least 12, --max-pairs not below it, a budget of 0 seconds or more; a seed drawn when none given."""
    if args.pairs < 12:
        parser.error(f"--pairs: at least 10 (fewer leave the {TIME_CONFIDENCE:.2%} interval unbounded)")
    if args.max_pairs < args.pairs:
        parser.error("--max-pairs: at least --pairs")
    if args.time_budget < 0:
        parser.error("--time-budget: seconds, 0 or more")
    args.seed = drawn_seed(args.seed)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="HEAD~1", help="git revision to compare against (HEAD~1)")
    add_gate_arguments(parser)
    parser.add_argument("--signals", default="instructions,time", help="instructions, time or both")
    parser.add_argument("--out", type=Path, default=None,
                        help="where to write the Markdown report ('-' for nowhere; default: this machine's "
                             "results/hosts/HOST/regress.md)")
    parser.add_argument("--host", help="the folder name of this machine (default: from its CPU model and count)")
    args = parser.parse_args(argv)
    args.signals = tuple(s for s in SIGNALS if s in args.signals.replace(",", " ").split())
    if not args.signals:
        parser.error("--signals: name instructions, time or both")
    check_pairs(parser, args)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    settings = GateSettings(args.limit, args.python_limit, args.threads, args.pairs, args.signals,
                            args.max_pairs, args.time_budget, args.seed)
    try:
        out = None if str(args.out) == "-" else args.out or this_host_folder(RESULTS, args.host) / "regress.md"
        outcomes = run_gate(args.base, args.only, settings)
        header = header_lines(args.base, describe(args.base), describe("HEAD"), source().dirty, settings)
    except NoSuite as note:
        print(f"regress: {note}; nothing to compare, the gate passes")
        return 0
    except HarnessError as error:
        print(f"regress: could not measure: {error}", file=sys.stderr)
        return 2
    report = render_regress(outcomes, header)
    print(report, end="")
    if out is not None:
        write_atomically({out: report})
    return 1 if any(o.regressions for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
