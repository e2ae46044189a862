"""make scaling's measurement: every implementation over LIMIT = 10^3 ... 10^7, each parallel one over threads."""

from __future__ import annotations

import math
import shlex
from collections.abc import Callable

from bench.core import environment
from bench.core.manifest import Implementation, first_line
from bench.core.results import (
    SCHEMA,
    ScalingEntry,
    ScalingResult,
    ScalingSettings,
    SizePoint,
    Skipped,
    ThreadPoint,
    ThreadsEntry,
    ThreadsResult,
)
from bench.core.vectors import expected_for
from bench.measure.hyperfine import run_hyperfine, timing_from
from bench.measure.verify import threads_for, verify

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


def verify_sizes(impl: Implementation, budget: float,
                 log: Log) -> tuple[list[tuple[int, int, float]], list[Skipped]]:
    """Verify impl at each size that fits the budget: (LIMIT, count, seconds of the run) of each size
    verified, and the sizes skipped with why."""
    verified: list[tuple[int, int, float]] = []
    skipped: list[Skipped] = []
    for size in SIZES:
        if verified:
            last_limit, _, last_seconds = verified[-1]
            predicted = last_seconds * (size / last_limit) ** ASSUMED_K
            cost = runs_seconds(predicted)
            if skipped:
                skipped.append(Skipped(limit=size, reason="a smaller size was over the budget"))
                continue
            if cost > budget:
                skipped.append(Skipped(limit=size, reason="over the budget", predicted_s=predicted,
                                       predicted_runs_s=cost))
                continue
        log(f"verify LIMIT={size}")
        answer = verify(impl, size)
        verified.append((size, answer.expected, answer.seconds))
    verify(impl, STARTUP_LIMIT)
    return verified, skipped


def measure_sizes(impl: Implementation, budget: float, log: Log) -> ScalingEntry:
    """Verify, then time in one hyperfine call over a parameter list, impl at start-up and every size."""
    verified, skipped = verify_sizes(impl, budget, log)
    limits = [STARTUP_LIMIT] + [limit for limit, _, _ in verified]
    argv = impl.command("{limit}", threads_for(impl))
    log(f"time LIMIT={','.join(map(str, limits))}: {shlex.join(argv)}")
    results, command = run_hyperfine([argv], run_options(["--parameter-list", "limit",
                                                          ",".join(map(str, limits))]))
    by_limit = {int(r["parameters"]["limit"]): timing_from(r) for r in results}
    return ScalingEntry(
        name=impl.name, language=impl.language, kind=impl.kind, twin=impl.twin, threads=threads_for(impl),
        version=first_line(impl.version), command=argv, hyperfine=command, startup=by_limit[STARTUP_LIMIT],
        points=[SizePoint(limit=limit, expected=expected, verified=True, verify_seconds=seconds,
                          timing=by_limit[limit]) for limit, expected, seconds in verified],
        skipped=skipped,
    )


def measure_threads(impl: Implementation, twin: Implementation, limit: int, counts: list[int],
                    log: Log) -> ThreadsEntry:
    """impl at limit over each thread count and its serial twin, verified, then timed in one hyperfine call,
    so that the speedups compare runs made minutes, not a whole scaling run, apart."""
    verify(twin, limit)
    for threads in counts:
        verify(impl, limit, threads)
    argvs = [twin.command(limit)] + [impl.command(limit, threads) for threads in counts]
    log(f"threads={','.join(map(str, counts))} and {twin.name}: {'; '.join(shlex.join(a) for a in argvs)}")
    results, command = run_hyperfine(argvs, run_options([]))
    timings = [timing_from(result) for result in results]
    return ThreadsEntry(name=impl.name, language=impl.language, twin=twin.name, version=first_line(impl.version),
                        twin_timing=timings[0], twin_source="same hyperfine call", hyperfine=command,
                        points=[ThreadPoint(threads=t, timing=timing) for t, timing in zip(counts, timings[1:])])


def prefixed(log: Log, i: int, total: int, name: str) -> Log:
    """log with each line starting "[i/total] name"."""
    return lambda line: log(f"[{i}/{total}] {name} {line}")


def settings_record(budget: float | None) -> ScalingSettings:
    return ScalingSettings(budget_s=budget, assumed_k=ASSUMED_K, min_runs=MIN_RUNS, max_runs=MAX_RUNS,
                           min_time_s=MIN_TIME_S, warmup=0, startup_limit=STARTUP_LIMIT)


def scaling(impls: list[Implementation], budget: float, log: Log) -> ScalingResult:
    """Every implementation over SIZES."""
    entries = [measure_sizes(impl, budget, prefixed(log, i, len(impls), impl.name))
               for i, impl in enumerate(impls, 1)]
    return ScalingResult(schema=SCHEMA, sizes=list(SIZES), settings=settings_record(budget),
                         environment=environment.capture(impls), implementations=entries)


def threads(impls: list[Implementation], twins: dict[str, Implementation], limit: int, log: Log) -> ThreadsResult:
    """Each parallel implementation over thread counts."""
    cpus = environment.online_cpus()
    counts = thread_counts(cpus)
    entries = [measure_threads(impl, twins[impl.name], limit, counts, prefixed(log, i, len(impls), impl.name))
               for i, impl in enumerate(impls, 1)]
    return ThreadsResult(schema=SCHEMA, limit=limit, expected=expected_for(limit), online_cpus=cpus,
                         thread_counts=counts, settings=settings_record(None),
                         environment=environment.capture(impls + list(twins.values())), implementations=entries)
