"""What one trial division costs, measured: the add chain that gives each round's clock, each
program's time and cycles per division from the same rounds, the divider probe, and the division
instructions read from the compiled programs."""

from __future__ import annotations

import shutil

from bench.analyse.costs import CLOCK, division_instructions, parse_probe
from bench.analyse.rounds import startup_job
from bench.core.errors import HarnessError
from bench.core.helpers import compiled
from bench.core.manifest import Implementation
from bench.core.paths import ROOT
from bench.core.results import Clock, DividerProbe
from bench.core.run import RunError, output, run
from bench.measure.rounds import Job, Log

CLOCK_ADDS = 2**27  # about 50 ms at 2.7 GHz: its start-up, taken off in each round, is about 1 ms
PROBE_RUNS = 5
# The functions that hold each language's loop in its binary (the symbols gcc, clang and Go give them).
LOOP_FUNCTIONS = {"C": r"count_primes|is_prime", "Go": r"^(main|primes)\."}


def clock_jobs(log: Log) -> tuple[list[Job], dict[str, float]]:
    """The add chain and its start-up as jobs, with one run's time of each; none where the helper cannot
    be built or run here (another architecture)."""
    try:
        program = str(compiled(CLOCK).relative_to(ROOT))
        seconds = {}
        for name, adds in ((CLOCK, CLOCK_ADDS), (startup_job(CLOCK), 0)):
            ran = run([program, str(adds)], timeout=60)
            if ran.code != 0:
                raise RunError(f"{program}: {ran.why}")
            seconds[name] = ran.seconds
    except HarnessError as error:
        log(f"clock: no add chain here ({str(error).splitlines()[0]}): cycles are left out")
        return [], {}
    return [Job(CLOCK, [program, str(CLOCK_ADDS)]), Job(startup_job(CLOCK), [program, "0"])], seconds


def clock_record(jobs: list[Job]) -> Clock | None:
    """The add chain timed in the rounds (clock_jobs), for the file; None where it was not."""
    return Clock(adds=CLOCK_ADDS, program=jobs[0].argv[0]) if jobs else None


def probe(limit: int, log: Log) -> DividerProbe | None:
    """divider.c run PROBE_RUNS times at LIMIT; None where it cannot be built or run here."""
    try:
        argv = [str(compiled("divider").relative_to(ROOT)), str(min(max(limit, 16), 2**32 - 1))]
        runs = [parse_probe(run(argv, timeout=120).out) for _ in range(PROBE_RUNS)]
    except (HarnessError, ValueError) as error:
        log(f"divider: no probe here ({str(error).splitlines()[0]})")
        return None
    return DividerProbe(command=argv, runs=runs)


def divides_with(impl: Implementation) -> list[str] | None:
    """The division instructions of a compiled program's loop, read with objdump; None for a program
    that is not a binary of the suite, or where objdump is missing."""
    pattern = LOOP_FUNCTIONS.get(impl.language)
    binary = ROOT / impl.run[0]
    if pattern is None or not impl.run[0].startswith("build/") or not binary.is_file() or not shutil.which("objdump"):
        return None
    text = output(["objdump", "-d", "--no-show-raw-insn", binary], timeout=120)
    return division_instructions(text, pattern) if text else None
