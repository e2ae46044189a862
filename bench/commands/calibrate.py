"""make calibrate: the regression gate's false-alarm and detection rates, from injected slowdowns;
saved into gate.json, then rendered into gate.md."""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.commands.common import measure_then_save
from bench.core.hosts import this_host_folder
from bench.core.results import CalibrationResult, CalibrationSize, GateSettings, load
from bench.studies import gate

SHARED = ("results", "host", "only", "seed", "gate")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rounds", type=int, default=1, help="rounds at the CI size, both signals")
    parser.add_argument("--small-rounds", type=int, default=1, help="rounds of the time signal, small size")
    parser.add_argument("--small-limit", type=int, default=100_000)
    parser.add_argument("--small-python-limit", type=int, default=10_000)
    parser.add_argument("--small-time-budget", type=float, default=gate.DEFAULT_TIME_BUDGET / 3,
                        help="seconds per slowdown at the small size (--time-budget: at the CI size)")
    parser.add_argument("--model-only", action="store_true",
                        help="measure nothing: compute the model of the runs already in this host's gate.json, "
                             "save it there and render")


def run(args: argparse.Namespace) -> int:
    if args.small_time_budget < 0:
        args.parser.error("--small-time-budget: seconds, 0 or more")
    sizes = [CalibrationSize("ci", GateSettings(args.limit, args.python_limit, args.threads, args.pairs, gate.SIGNALS,
                                                args.max_pairs, args.time_budget, args.seed), args.rounds),
             CalibrationSize("small", GateSettings(args.small_limit, args.small_python_limit, args.threads,
                                                   args.pairs, ("time",), args.max_pairs, args.small_time_budget,
                                                   args.seed + 1), args.small_rounds)]

    def take() -> dict[Path, object]:
        path = this_host_folder(args.results, args.host) / "gate.json"
        if args.model_only:
            return {path: gate.with_model(load(path, CalibrationResult))}
        return {path: gate.calibrate(args.only, [s for s in sizes if s.rounds > 0])}

    return measure_then_save("calibrate", take, args.results)
