"""make scaling: every implementation over LIMIT = 10^3 ... 10^7 and each parallel one over its threads,
saved into scaling.json and threads.json, then rendered."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.commands.common import measure_then_save
from bench.core.manifest import build, load
from bench.core.paths import RESULTS
from bench.measure.scaling import ASSUMED_K, DEFAULT_BUDGET_S, SIZES, THREADS_LIMIT, scaling, threads
from bench.measure.verify import BenchError


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET_S,
                        help="seconds of timed runs allowed per implementation and size, as predicted from the "
                             f"size below with time ~ LIMIT^{ASSUMED_K} (default: {DEFAULT_BUDGET_S:.0f})")
    parser.add_argument("--only", help="names of implementations to run, comma or space separated")
    parser.add_argument("--threads-limit", type=int, default=THREADS_LIMIT,
                        help=f"LIMIT of the thread-scaling runs (default: {THREADS_LIMIT})")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder for scaling.json and threads.json")
    args = parser.parse_args(argv)
    if args.budget <= 0 or args.threads_limit < 2:
        parser.error("the budget must be positive and the thread-scaling LIMIT at least 2")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    def log(line: str) -> None:
        print(line, flush=True)

    def measure() -> dict[Path, object]:
        manifest = load()
        impls = manifest.select(args.only)
        if not impls:
            raise BenchError("no implementation to run")
        parallel = [i for i in impls if i.kind == "parallel"]
        twins = {i.name: manifest.get(i.twin) for i in parallel if i.twin}
        build(impls + list(twins.values()), quiet=True)
        log(f"scaling: {', '.join(i.name for i in impls)} over LIMIT={','.join(map(str, SIZES))}, "
            f"budget {args.budget:.0f} s per size")
        records: dict[Path, object] = {args.results / "scaling.json": scaling(impls, args.budget, log)}
        if parallel:
            log(f"threads: {', '.join(i.name for i in parallel)} at LIMIT={args.threads_limit}")
            records[args.results / "threads.json"] = threads(parallel, twins, args.threads_limit, log)
        return records

    return measure_then_save("scaling", measure, args.results)


if __name__ == "__main__":
    sys.exit(main())
