"""What one trial division costs, measured: the add chain that gives each round's clock, each
program's time and cycles per division from the same rounds, the divider probe, and the division
instructions read from the compiled programs."""

from __future__ import annotations

import math
import shutil
import statistics

from bench.analyse.costs import clock_hz, division_instructions, parse_probe, seconds_per_division
from bench.analyse.intervals import median_interval
from bench.analyse.rounds import round_value, startup_job, together
from bench.analyse.schedule import divisions
from bench.core.errors import HarnessError
from bench.core.helpers import compiled
from bench.core.manifest import Implementation
from bench.core.paths import ROOT
from bench.core.results import Clock, DividerProbe, DivisionCost, Estimate, Round
from bench.core.run import RunError, output, run
from bench.measure.rounds import Job, Log

CLOCK = "clock"  # the add chain's job in the rounds; its start-up job is startup_job(CLOCK)
CLOCK_ADDS = 2**27  # about 50 ms at 2.7 GHz: its start-up, taken off in each round, is about 1 ms
# Dividing up to this LIMIT is counted exactly (a sieve over LIMIT numbers: 9 s at 10^7); above it the
# costs per division are not given.
COUNTED_UP_TO = 10**7
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


def estimate(values: list[float], confidence: float = 0.95, bounded: bool = True) -> Estimate:
    """The median of per-round values with its interval; unbounded where `bounded` is false."""
    centre, low, high = median_interval(values, confidence)
    bounded = bounded and math.isfinite(low) and math.isfinite(high)
    return Estimate(value=centre, low=low if bounded else None, high=high if bounded else None, rounds=len(values))


def _hz(r: Round) -> float:
    return clock_hz(CLOCK_ADDS, round_value(r.times[CLOCK]), round_value(r.times[startup_job(CLOCK)]))


def clock_of(rounds: list[Round], jobs: list[Job]) -> Clock | None:
    """The clock the rounds ran at, from the add chain (clock_jobs) in each; None where it was not timed."""
    mine = together(rounds, (CLOCK, startup_job(CLOCK))) if jobs else []
    if not mine:
        return None
    return Clock(adds=CLOCK_ADDS, program=jobs[0].argv[0], mhz=estimate([_hz(r) / 1e6 for r in mine]))


def costs_of(rounds: list[Round], names: dict[str, int], count: int, with_clock: bool) -> list[DivisionCost]:
    """Each program's ns and cycles per division and thread (names: program -> threads), taken within the
    rounds that ran it, its start-up and (for cycles) the add chain; none for a program whose median
    compute time is not above zero (its start-up, a JIT's compile, is all of its run), and no interval
    where any round's compute time is not above zero (the timer cannot bound what it cannot tell)."""
    def per_division(r: Round, name: str, threads: int) -> float:
        return seconds_per_division(round_value(r.times[name]), round_value(r.times[startup_job(name)]),
                                    threads, count)

    out = []
    for name, threads in names.items():
        sides = (name, startup_job(name))
        mine = together(rounds, sides)
        computes = [round_value(r.times[name]) - round_value(r.times[startup_job(name)]) for r in mine]
        if not mine or statistics.median(computes) <= 0:
            continue
        clocked = together(rounds, sides + (CLOCK, startup_job(CLOCK))) if with_clock else []
        bounded = min(computes) > 0
        ns = estimate([per_division(r, name, threads) * 1e9 for r in mine], bounded=bounded)
        cycles = estimate([per_division(r, name, threads) * _hz(r) for r in clocked], bounded=bounded) \
            if clocked else None
        out.append(DivisionCost(name=name, ns=ns, cycles=cycles))
    return out


def division_count(limit: int) -> int | None:
    """The trial divisions the article's loop makes below LIMIT, counted; None above COUNTED_UP_TO."""
    return int(sum(divisions(limit))) if limit <= COUNTED_UP_TO else None


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
