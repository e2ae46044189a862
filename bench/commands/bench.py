"""make bench: verify every implementation's answer, time each with hyperfine, save primes.json, render."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.commands.common import measure_then_save
from bench.core.manifest import build, load
from bench.core.paths import MANIFEST, RESULTS
from bench.measure.adaptive import BenchPlan
from bench.measure.bench import bench
from bench.measure.verify import BenchError


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, help="exact timed runs per implementation (default: adapt)")
    parser.add_argument("--warmup", type=int, help="warm-up runs (default: 3, or 1 for runs over 1 s)")
    parser.add_argument("--budget", type=float, default=40.0,
                        help="seconds of timed runs per implementation when adapting (default: 40)")
    parser.add_argument("--only", help="names of implementations to run, comma or space separated")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder for primes.json and primes.md")
    parser.add_argument("--manifest", type=Path, default=MANIFEST, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.limit < 0 or (args.runs is not None and args.runs < 2) or (args.warmup or 0) < 0:
        parser.error("LIMIT must be >= 0, RUNS >= 2 and WARMUP >= 0")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = BenchPlan(limit=args.limit, runs=args.runs, warmup=args.warmup, budget=args.budget)

    def measure() -> dict[Path, object]:
        impls = load(args.manifest).select(args.only)
        if not impls:
            raise BenchError("no implementation to run")
        print(f"build: {', '.join(i.name for i in impls)}", flush=True)
        build(impls, quiet=True)
        return {args.results / "primes.json": bench(impls, plan, log=lambda line: print(line, flush=True))}

    return measure_then_save("bench", measure, args.results)


if __name__ == "__main__":
    sys.exit(main())
