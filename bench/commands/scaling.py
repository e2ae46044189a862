"""make scaling: every implementation over LIMIT = 10^3 ... 10^7 and each parallel one over its threads,
in interleaved rounds; saved into scaling.json and threads.json, then rendered."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.commands.common import measure_then_save, select_and_build
from bench.core.hosts import this_host_folder
from bench.core.manifest import Implementation, load
from bench.core.paths import RESULTS
from bench.measure.rounds import drawn_seed
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


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET_S,
                        help=f"seconds of rounds per size; an implementation whose {MIN_ROUNDS} runs are predicted "
                             f"(time ~ LIMIT^{ASSUMED_K} from the size below) to exceed it is skipped there "
                             f"(default: {DEFAULT_BUDGET_S:.0f})")
    parser.add_argument("--only", help="names of implementations to run, comma or space separated")
    parser.add_argument("--threads-limit", type=int, default=THREADS_LIMIT,
                        help=f"LIMIT of the thread-scaling runs (default: {THREADS_LIMIT})")
    parser.add_argument("--seed", type=int, help="seed of the rounds' shuffled order (default: drawn, and recorded)")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help="the results folder: this machine's files go to RESULTS/hosts/HOST (default: results)")
    parser.add_argument("--host", help="the folder name of this machine (default: from its CPU model and count)")
    args = parser.parse_args(argv)
    if args.budget <= 0 or args.threads_limit < 2:
        parser.error("the budget must be positive and the thread-scaling LIMIT at least 2")
    args.seed = drawn_seed(args.seed)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    def log(line: str) -> None:
        print(line, flush=True)

    def take() -> dict[Path, object]:
        folder = this_host_folder(args.results, args.host)
        manifest = load()

        def twins_of(impls: list[Implementation]) -> list[Implementation]:
            return [manifest.get(i.twin) for i in swept(impls) if i.twin]

        impls = select_and_build(args.only, also=twins_of).impls
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


if __name__ == "__main__":
    sys.exit(main())
