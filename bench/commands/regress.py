"""make regress: gate the working tree against BASE on instruction counts and interleaved time; regress.md,
and beside it the head side's numbers for github-action-benchmark and Bencher.

Exit 0 when no implementation regressed (or BASE predates the suite), 1 on a regression, 2 when the
gate could not measure (BASE unknown or unbuildable, a program failing, valgrind missing)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.commands.common import render
from bench.core.errors import HarnessError
from bench.core.files import write_atomically
from bench.core.hosts import host_folder, this_host_folder
from bench.core.results import GateSettings
from bench.studies import gate

SHARED = ("results", "host", "only", "seed", "gate")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", default="HEAD~1", help="git revision to compare against (HEAD~1)")
    parser.add_argument("--signals", default="instructions,time", help="instructions, time or both")
    parser.add_argument("--out", type=Path, default=None,
                        help="where to write the Markdown report, the CI tools' files beside it ('-' for "
                             "nowhere; default: this machine's RESULTS/hosts/HOST/regress.md)")


def run(args: argparse.Namespace) -> int:
    signals = tuple(s for s in gate.SIGNALS if s in args.signals.replace(",", " ").split())
    if not signals:
        args.parser.error("--signals: name instructions, time or both")
    settings = GateSettings(args.limit, args.python_limit, args.threads, args.pairs, signals,
                            args.max_pairs, args.time_budget, args.seed)
    try:
        host = host_folder(args.results, args.host).name
        out = None if str(args.out) == "-" else args.out or this_host_folder(args.results, args.host) / "regress.md"
        report, exports, regressed = gate.regress(args.base, args.only, settings, host)
    except gate.NoSuite as note:
        print(f"regress: {note}; nothing to compare, the gate passes")
        return 0
    except HarnessError as error:
        print(f"regress: could not measure: {error}", file=sys.stderr)
        return 2
    print(report, end="")
    if out is not None:
        write_atomically({out: report, **{out.parent / name: text for name, text in exports.items()}})
    if args.out is None:
        # The host's page links regress.md once there is one. A page that cannot be rendered is said on
        # stderr; the exit status stays the gate's.
        try:
            render("regress", args.results, only=out.parent)
        except Exception as error:  # noqa: BLE001 - the gate's verdict is written; a page bug must not hide it
            print(f"regress: the pages were not rendered again: {error}", file=sys.stderr)
    return 1 if regressed else 0
