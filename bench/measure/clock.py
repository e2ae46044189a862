"""The add chain (bench/helpers/clock.c) that each round times beside the programs: the clock it ran at."""

from __future__ import annotations

from bench.analyse.costs import CLOCK
from bench.analyse.rounds import startup_job
from bench.core.errors import HarnessError
from bench.core.helpers import compiled
from bench.core.paths import ROOT
from bench.core.results import Clock
from bench.core.run import RunError, run
from bench.measure.rounds import Job, Log

CLOCK_ADDS = 2**27  # about 50 ms at 2.7 GHz: its start-up, taken off in each round, is about 1 ms


def clock_jobs(log: Log) -> tuple[list[Job], dict[str, float]]:
    """The add chain and its start-up as jobs, with one run's time of each; none where the helper cannot
    be built or run here (another architecture)."""
    try:
        program = str(compiled(CLOCK).relative_to(ROOT))
        jobs = [Job(CLOCK, [program, str(CLOCK_ADDS)]), Job(startup_job(CLOCK), [program, "0"])]
        ran = {job.name: run(job.argv, timeout=60) for job in jobs}
        if failed := [r.why for r in ran.values() if r.code != 0]:
            raise RunError(f"{program}: {failed[0]}")
    except HarnessError as error:
        log(f"clock: no add chain here ({str(error).splitlines()[0]}): cycles are left out")
        return [], {}
    return jobs, {name: r.seconds for name, r in ran.items()}


def clock_record(jobs: list[Job]) -> Clock | None:
    """The add chain timed in the rounds (clock_jobs), for the file; None where it was not."""
    return Clock(adds=CLOCK_ADDS, program=jobs[0].argv[0]) if jobs else None
