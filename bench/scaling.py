"""make scaling: time every implementation over LIMIT = 10^3 ... 10^7, and each parallel one over its threads."""

from __future__ import annotations

import argparse
import json
import math
import shlex
import sys
from collections.abc import Callable
from pathlib import Path

from bench import environment, report
from bench.manifest import Implementation, build, first_line, load
from bench.run import (
    RESULTS,
    BenchError,
    expected_for,
    hyperfine_results,
    measure_then_write,
    threads_for,
    verify,
    write_atomically,
)
from bench.stats import summarize

SIZES = (10**3, 10**4, 10**5, 10**6, 10**7)
STARTUP_LIMIT = 2  # no work: the time of start-up alone
THREADS_LIMIT = 10**6
ASSUMED_K = 1.5  # trial division's growth, to predict a size's time from the one below it
MIN_RUNS = 3
MAX_RUNS = 30
MIN_TIME_S = 3.0  # hyperfine's default: runs are added until about this much time is spent
DEFAULT_BUDGET_S = 120.0

Log = Callable[[str], None]


def thread_counts(cpus: int) -> list[int]:
    """1, 2, 4, ... below cpus, then cpus itself."""
    counts = [1]
    while counts[-1] * 2 < cpus:
        counts.append(counts[-1] * 2)
    return counts + ([cpus] if cpus > 1 else [])


def runs_seconds(seconds: float) -> float:
    """How long hyperfine's timed runs of a program taking `seconds` last under the run-count rule."""
    runs = min(MAX_RUNS, max(MIN_RUNS, math.ceil(MIN_TIME_S / max(seconds, 1e-6))))
    return runs * seconds


def run_options(extra: list[str]) -> list[str]:
    # No warm-up runs: each program ran once per size for verification just before it is timed.
    return ["--warmup", "0", "--min-runs", str(MIN_RUNS), "--max-runs", str(MAX_RUNS), *extra]


def timing(result: dict) -> dict:
    """A hyperfine result as the runner records one: summary, CPU time and every run."""
    if any(code != 0 for code in result.get("exit_codes", [])):
        raise BenchError(f"{result['command']} exited non-zero while timed")
    return {**summarize(result["times"]), "user": result["user"], "system": result["system"],
            "times": result["times"], "exit_codes": result.get("exit_codes", [])}


def verify_sizes(impl: Implementation, budget: float, log: Log) -> tuple[list[dict], list[dict]]:
    """Verify impl at each size that fits the budget; the sizes verified, and those skipped with why."""
    verified: list[dict] = []
    skipped: list[dict] = []
    for size in SIZES:
        if verified:
            last = verified[-1]
            predicted = last["verify_seconds"] * (size / last["limit"]) ** ASSUMED_K
            cost = runs_seconds(predicted)
            if skipped:
                skipped.append({"limit": size, "reason": "a smaller size was over the budget"})
                continue
            if cost > budget:
                skipped.append({"limit": size, "reason": "over the budget", "predicted_s": predicted,
                                "predicted_runs_s": cost})
                continue
        log(f"verify LIMIT={size}")
        answer = verify(impl, size)
        expected = answer["expected"]
        verified.append({"limit": size, "expected": expected, "verified": True,
                         "verify_seconds": answer["seconds"]})
    verify(impl, STARTUP_LIMIT)
    return verified, skipped


def measure_sizes(impl: Implementation, budget: float, log: Log) -> dict:
    """Verify, then time in one hyperfine call over a parameter list, impl at start-up and every size."""
    points, skipped = verify_sizes(impl, budget, log)
    limits = [STARTUP_LIMIT] + [p["limit"] for p in points]
    argv = impl.command("{limit}", threads_for(impl))
    log(f"time LIMIT={','.join(map(str, limits))}: {shlex.join(argv)}")
    results, command = hyperfine_results([argv], run_options(["--parameter-list", "limit",
                                                            ",".join(map(str, limits))]))
    by_limit = {int(r["parameters"]["limit"]): timing(r) for r in results}
    return {
        "name": impl.name, "language": impl.language, "kind": impl.kind, "twin": impl.twin,
        "threads": threads_for(impl), "version": first_line(impl.version), "command": argv,
        "hyperfine": command, "startup": by_limit[STARTUP_LIMIT],
        "points": [{**p, "timing": by_limit[p["limit"]]} for p in points],
        "skipped": skipped,
    }


def measure_threads(impl: Implementation, twin: Implementation, limit: int, counts: list[int], log: Log) -> dict:
    """impl at limit over each thread count and its serial twin, verified, then timed in one hyperfine call,
    so that the speedups compare runs made minutes, not a whole scaling run, apart."""
    verify(twin, limit)
    for threads in counts:
        verify(impl, limit, threads)
    argvs = [twin.command(limit)] + [impl.command(limit, threads) for threads in counts]
    log(f"threads={','.join(map(str, counts))} and {twin.name}: {'; '.join(shlex.join(a) for a in argvs)}")
    results, command = hyperfine_results(argvs, run_options([]))
    timings = [timing(result) for result in results]
    return {"name": impl.name, "language": impl.language, "twin": twin.name, "version": first_line(impl.version),
            "twin_timing": timings[0], "twin_source": "same hyperfine call", "hyperfine": command,
            "points": [{"threads": t, "timing": result} for t, result in zip(counts, timings[1:])]}


def prefixed(log: Log, i: int, total: int, name: str) -> Log:
    """log with each line starting "[i/total] name"."""
    return lambda line: log(f"[{i}/{total}] {name} {line}")


def versions(impls: list[Implementation]) -> dict[str, tuple[str, ...]]:
    return {**{i.name: i.version for i in impls if i.version}, "hyperfine": ("hyperfine", "--version")}


def settings_record(budget: float | None) -> dict:
    return {"budget_s": budget, "assumed_k": ASSUMED_K, "min_runs": MIN_RUNS, "max_runs": MAX_RUNS,
            "min_time_s": MIN_TIME_S, "warmup": 0, "startup_limit": STARTUP_LIMIT}


def scaling(impls: list[Implementation], budget: float, log: Log) -> dict:
    """Every implementation over SIZES: the scaling.json document."""
    entries = [measure_sizes(impl, budget, prefixed(log, i, len(impls), impl.name))
               for i, impl in enumerate(impls, 1)]
    return {"schema": 1, "sizes": list(SIZES), "settings": settings_record(budget),
            "environment": environment.capture(versions(impls)), "implementations": entries}


def threads(impls: list[Implementation], twins: dict[str, Implementation], limit: int, log: Log) -> dict:
    """Each parallel implementation over thread counts: the threads.json document."""
    cpus = environment.online_cpus()
    counts = thread_counts(cpus)
    entries = [measure_threads(impl, twins[impl.name], limit, counts, prefixed(log, i, len(impls), impl.name))
               for i, impl in enumerate(impls, 1)]
    return {"schema": 1, "limit": limit, "expected": expected_for(limit), "online_cpus": cpus,
            "thread_counts": counts, "settings": settings_record(None),
            "environment": environment.capture(versions(impls + list(twins.values()))),
            "implementations": entries}


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


def run(args: argparse.Namespace, log: Log) -> dict[Path, str]:
    """Build, verify and time; the files to write."""
    manifest = load()
    impls = manifest.select(args.only)
    if not impls:
        raise BenchError("no implementation to run")
    parallel = [i for i in impls if i.kind == "parallel"]
    twins = {i.name: manifest.get(i.twin) for i in parallel}
    build(impls + list(twins.values()), quiet=True)
    log(f"scaling: {', '.join(i.name for i in impls)} over LIMIT={','.join(map(str, SIZES))}, "
        f"budget {args.budget:.0f} s per size")
    scaled = scaling(impls, args.budget, log)
    files = {args.results / "scaling.json": json.dumps(scaled, indent=2) + "\n"}
    if parallel:
        log(f"threads: {', '.join(i.name for i in parallel)} at LIMIT={args.threads_limit}")
        data = threads(parallel, twins, args.threads_limit, log)
        files[args.results / "threads.json"] = json.dumps(data, indent=2) + "\n"
    return files


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    status = measure_then_write("scaling", lambda: run(args, lambda line: print(line, flush=True)))
    return status or rerender(args.results)


def rerender(results: Path) -> int:
    """primes.md and every figure from the new data; only the scaling figures when there is no primes.json."""
    if (results / "primes.json").exists():
        return report.main(["--results", str(results)])
    write_atomically(report.figure_files(None, report.load_beside(results, "scaling.json"),
                                         report.load_beside(results, "threads.json"), results))
    print(f"scaling: no {results / 'primes.json'} (run `make bench`): primes.md not rendered", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
