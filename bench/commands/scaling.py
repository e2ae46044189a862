"""make scaling: every implementation over LIMIT = 10^3 ... 10^7 and each parallel one over its threads,
in interleaved rounds; saved into scaling.json and threads.json, then rendered."""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.commands.common import measure_then_save, select_and_build
from bench.core.hosts import this_host_folder
from bench.core.manifest import load
from bench.measure import scaling

SHARED = ("results", "host", "only", "seed", "manifest")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--budget", type=float, default=scaling.DEFAULT_BUDGET_S,
                        help=f"seconds of rounds per size; an implementation whose {scaling.MIN_ROUNDS} runs are "
                             f"predicted (time ~ LIMIT^{scaling.ASSUMED_K} from the size below) to exceed it is "
                             f"skipped there (default: {scaling.DEFAULT_BUDGET_S:.0f})")
    parser.add_argument("--threads-limit", type=int, default=scaling.THREADS_LIMIT,
                        help=f"LIMIT of the thread-scaling runs (default: {scaling.THREADS_LIMIT})")


def run(args: argparse.Namespace) -> int:
    if args.budget <= 0 or args.threads_limit < 2:
        args.parser.error("the budget must be positive and the thread-scaling LIMIT at least 2")

    def log(line: str) -> None:
        print(line, flush=True)

    def take() -> dict[Path, object]:
        folder = this_host_folder(args.results, args.host)
        manifest = load(args.manifest)
        impls = select_and_build(args.only, args.manifest,
                                 also=lambda chosen: [manifest.get(i.twin) for i in scaling.swept(chosen)]).impls
        parallel = scaling.swept(impls)
        twins = {i.name: manifest.get(i.twin) for i in parallel}
        log(f"scaling: {', '.join(i.name for i in impls)} over LIMIT={','.join(map(str, scaling.SIZES))}, "
            f"budget {args.budget:.0f} s per size, seed {args.seed}")
        records: dict[Path, object] = {folder / "scaling.json": scaling.scaling(impls, args.budget, args.seed, log)}
        if parallel:
            log(f"threads: {', '.join(i.name for i in parallel)} at LIMIT={args.threads_limit}")
            records[folder / "threads.json"] = scaling.threads(parallel, twins, args.threads_limit, args.seed, log)
        return records

    return measure_then_save("scaling", take, args.results)
