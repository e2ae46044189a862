"""make scaling: every implementation over LIMIT = 10^3 ... 10^7 and each parallel one over its threads,
in interleaved rounds; saved into scaling.json and threads.json, then rendered."""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.commands.common import measure_then_save, select_and_build
from bench.core.hosts import this_host_folder
from bench.core.manifest import Implementation, load
from bench.measure.scaling import (
    ASSUMED_K,
    DEFAULT_BUDGET_S,
    MIN_ROUNDS,
    SIZES,
    THREADS_LIMIT,
    scaling,
    swept,
    threads,
)

SHARED = ("results", "host", "only", "seed", "manifest")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET_S,
                        help=f"seconds of rounds per size; an implementation whose {MIN_ROUNDS} runs are predicted "
                             f"(time ~ LIMIT^{ASSUMED_K} from the size below) to exceed it is skipped there "
                             f"(default: {DEFAULT_BUDGET_S:.0f})")
    parser.add_argument("--threads-limit", type=int, default=THREADS_LIMIT,
                        help=f"LIMIT of the thread-scaling runs (default: {THREADS_LIMIT})")


def run(args: argparse.Namespace) -> int:
    if args.budget <= 0 or args.threads_limit < 2:
        args.parser.error("the budget must be positive and the thread-scaling LIMIT at least 2")

    def log(line: str) -> None:
        print(line, flush=True)

    def take() -> dict[Path, object]:
        folder = this_host_folder(args.results, args.host)
        manifest = load(args.manifest)

        def twins_of(impls: list[Implementation]) -> list[Implementation]:
            return [manifest.get(i.twin) for i in swept(impls) if i.twin]

        impls = select_and_build(args.only, args.manifest, also=twins_of).impls
        parallel = swept(impls)
        twins = {i.name: manifest.get(i.twin) for i in parallel if i.twin}
        log(f"scaling: {', '.join(i.name for i in impls)} over LIMIT={','.join(map(str, SIZES))}, "
            f"budget {args.budget:.0f} s per size, seed {args.seed}")
        records: dict[Path, object] = {folder / "scaling.json": scaling(impls, args.budget, args.seed, log)}
        if parallel:
            log(f"threads: {', '.join(i.name for i in parallel)} at LIMIT={args.threads_limit}")
            records[folder / "threads.json"] = threads(parallel, twins, args.threads_limit, args.seed, log)
        return records

    return measure_then_save("scaling", take, args.results)
