"""make bench: verify every implementation's answer, time them all in interleaved rounds, save
primes.json, then render it."""

from __future__ import annotations

import argparse
import platform
from pathlib import Path

from bench.commands.common import measure_then_save, select_and_build
from bench.core.hosts import this_host_folder
from bench.core.paths import PREBUILT
from bench.core.results import BenchResult, Prebuilt, load
from bench.measure.bench import COMPUTE_LIMIT, SMALL_LIMIT_BUDGET, BenchPlan, bench, default_budget
from bench.measure.rounds import RUNNERS, default_timer
from bench.measure.verify import BenchError
from bench.render.host import summary

SHARED = ("results", "host", "only", "seed", "manifest")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--limit", type=int, default=1_000_000)
    parser.add_argument("--budget", type=float, default=None,
                        help="seconds of rounds at LIMIT, beyond which no round starts (default: "
                             f"{BenchPlan.budget:.0f}, or {SMALL_LIMIT_BUDGET:.0f} below LIMIT={COMPUTE_LIMIT:,}; "
                             "grown by the share of a round the GIL study's rows take)")
    parser.add_argument("--timer", choices=["auto", *RUNNERS], default="auto",
                        help="what times the runs: hyperfine, or python (os.wait4) where hyperfine is missing "
                             "(default: auto, hyperfine when installed)")
    parser.add_argument("--prebuilt", action="store_true",
                        help=f"measure programs built on another machine (a bundle from `make bundle`): build "
                             f"nothing, take versions and flags from {PREBUILT.name}")


def run(args: argparse.Namespace) -> int:
    grows = args.budget is None  # the default budget, grown by the GIL study's rows (measure.bench.grown_budget)
    if grows:
        args.budget = default_budget(args.limit)
    if args.limit < 0 or args.budget < 0:
        args.parser.error("LIMIT and the budget must be >= 0")
    timer = default_timer() if args.timer == "auto" else args.timer

    def take() -> dict[Path, object]:
        prebuilt = load(PREBUILT, Prebuilt) if args.prebuilt else None
        if prebuilt and prebuilt.built_on.arch != platform.machine():
            raise BenchError(f"the programs in this bundle were built for {prebuilt.built_on.arch}; this machine is "
                             f"{platform.machine()}: make the bundle on a machine of this architecture")
        plan = BenchPlan(limit=args.limit, seed=args.seed, budget=args.budget, timer=timer, prebuilt=prebuilt,
                         grows=grows)
        folder = this_host_folder(args.results, args.host)
        chosen = select_and_build(args.only, args.manifest, prebuilt=args.prebuilt, study="bench")
        saved.append(folder)
        return {folder / "primes.json": bench(chosen.impls, plan, log=lambda line: print(line, flush=True),
                                              absent=chosen.absent)}

    saved: list[Path] = []
    status = measure_then_save("bench", take, args.results)
    if status == 0:
        answer = summary(load(saved[0] / "primes.json", BenchResult))
        print("\n".join(filter(None, [answer, f"The page: {saved[0] / 'primes.md'}"])))
    return status
