"""How many runs: hyperfine batches until the mean's relative standard error is small enough or the
time budget is spent."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from bench.analyse.stats import summarize
from bench.core.results import Batch, BenchSettings, Timing
from bench.measure.hyperfine import run_hyperfine, timing_of

# One hyperfine call of argv with `runs` runs after `warmup` warm-up runs: its result and the call.
Timer = Callable[[list[str], int, int], tuple[dict, list[str]]]


@dataclass(frozen=True)
class BenchPlan:
    """What make bench measures and how long it may try."""

    limit: int
    runs: int | None  # exact runs per implementation, or None to adapt
    warmup: int | None  # warm-up runs, or None for 3 (1 for runs over a second)
    budget: float  # seconds of timed runs per implementation when adapting
    target_rse: float = 0.02
    min_runs: int = 20
    startup_limit: int = 2
    startup_runs: int = 30

    def settings(self) -> BenchSettings:
        """The plan as primes.json records it."""
        return BenchSettings(runs=self.runs, warmup=self.warmup, budget_s=self.budget, target_rse=self.target_rse,
                             min_runs=self.min_runs, startup_limit=self.startup_limit)

    def for_startup(self) -> BenchPlan:
        """The plan of the start-up measurement: a fixed number of runs, since there is no work to vary."""
        return BenchPlan(limit=self.startup_limit, runs=self.runs or self.startup_runs, warmup=self.warmup,
                         budget=self.budget)


def hyperfine_once(argv: list[str], runs: int, warmup: int) -> tuple[dict, list[str]]:
    """One hyperfine measurement of argv."""
    results, command = run_hyperfine([argv], ["--warmup", str(warmup), "--runs", str(runs)])
    return results[0], command


def plan_runs(seconds: float, plan: BenchPlan) -> tuple[int, int]:
    """Runs and warm-up runs of a first batch, from one run's duration: min_runs, fewer (at least 3)
    when that many would not fit in the budget."""
    if plan.runs is not None:
        runs = plan.runs
    else:
        runs = max(3, min(plan.min_runs, math.floor(plan.budget / max(seconds, 1e-6))))
    warmup = plan.warmup if plan.warmup is not None else (3 if seconds < 1 else 1)
    return runs, warmup


def next_batch(times: list[float], spent: float, plan: BenchPlan) -> int:
    """Runs of the next batch, or 0 to stop: the runs that bring the RSE to the target, as the
    spread so far predicts, but at least 3 and no more than the budget left holds."""
    summary = summarize(times)
    remaining = plan.budget - spent
    if plan.runs is not None or summary.rse <= plan.target_rse or remaining < summary.mean * 3:
        return 0
    cv = summary.stddev / summary.mean
    wanted = math.ceil((cv / plan.target_rse) ** 2) - len(times)
    return max(3, min(wanted, math.floor(remaining / summary.mean)))


def time_until_precise(argv: list[str], seconds: float, plan: BenchPlan, timer: Timer = hyperfine_once) -> Timing:
    """Time argv in batches until the mean's RSE is at most the target or the budget is spent.

    Keeps every run's wall time and exit code, and each batch's mean user and system time."""
    runs, warmup = plan_runs(seconds, plan)
    times: list[float] = []
    exit_codes: list[int] = []
    batches: list[Batch] = []
    spent = 0.0
    while runs > 0:
        result, command = timer(argv, runs, warmup)
        times += result["times"]
        exit_codes += result.get("exit_codes", [])
        batches.append(Batch(runs=len(result["times"]), user=result["user"], system=result["system"],
                             command=command))
        spent += sum(result["times"])
        runs, warmup = next_batch(times, spent, plan), 0
    user = sum(b.user * b.runs for b in batches) / len(times)
    system = sum(b.system * b.runs for b in batches) / len(times)
    rse = summarize(times).rse
    return timing_of(times, exit_codes, user, system, batches=batches, met_target=rse <= plan.target_rse)
