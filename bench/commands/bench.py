"""make bench: verify every implementation's answer, time them all in interleaved rounds, save
primes.json, then render it."""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

from bench.commands.common import measure_then_save, select_and_build
from bench.core.hosts import this_host_folder
from bench.core.paths import MANIFEST, PREBUILT, RESULTS
from bench.core.results import Prebuilt, load
from bench.measure.bench import BenchPlan, bench
from bench.measure.rounds import RUNNERS, default_timer, drawn_seed
from bench.measure.verify import BenchError


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=1_000_000)
    parser.add_argument("--budget", type=float, default=BenchPlan.budget,
                        help="seconds of rounds at LIMIT, beyond which no round starts "
                             f"(default: {BenchPlan.budget:.0f})")
    parser.add_argument("--seed", type=int, help="seed of the rounds' shuffled order (default: drawn, and recorded)")
    parser.add_argument("--only", help="names of implementations to run, comma or space separated")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help="the results folder: this machine's files go to RESULTS/hosts/HOST (default: results)")
    parser.add_argument("--host", help="the folder name of this machine (default: from its CPU model and count)")
    parser.add_argument("--timer", choices=["auto", *RUNNERS], default="auto",
                        help="what times the runs: hyperfine, or python (os.wait4) where hyperfine is missing "
                             "(default: auto, hyperfine when installed)")
    parser.add_argument("--prebuilt", action="store_true",
                        help=f"measure programs built on another machine (a bundle from `make bundle`): build "
                             f"nothing, take versions and flags from {PREBUILT.name}")
    parser.add_argument("--manifest", type=Path, default=MANIFEST, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.limit < 0 or args.budget < 0:
        parser.error("LIMIT and the budget must be >= 0")
    args.seed = drawn_seed(args.seed)
    if args.timer == "auto":
        args.timer = default_timer()
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    def take() -> dict[Path, object]:
        prebuilt = load(PREBUILT, Prebuilt) if args.prebuilt else None
        if prebuilt and prebuilt.built_on.arch != platform.machine():
            raise BenchError(f"the programs in this bundle were built for {prebuilt.built_on.arch}; this machine is "
                             f"{platform.machine()}: make the bundle on a machine of this architecture")
        plan = BenchPlan(limit=args.limit, seed=args.seed, budget=args.budget, timer=args.timer, prebuilt=prebuilt)
        folder = this_host_folder(args.results, args.host)
        chosen = select_and_build(args.only, args.manifest, prebuilt=args.prebuilt)
        return {folder / "primes.json": bench(chosen.impls, plan, log=lambda line: print(line, flush=True),
                                              absent=chosen.absent)}

    return measure_then_save("bench", take, args.results)


if __name__ == "__main__":
    sys.exit(main())
