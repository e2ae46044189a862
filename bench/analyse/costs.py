"""What one trial division costs (docs/method.md, Costs): the rounds' clock, and ns and cycles per division."""

from __future__ import annotations

import functools
import statistics

from bench.analyse.intervals import median_estimate
from bench.analyse.rounds import RESOLUTION, round_value, startup_job, together
from bench.analyse.schedule import divisions
from bench.core import cpu
from bench.core.errors import HarnessError
from bench.core.results import DIVIDER_FIGURES, MAX_MHZ, CpuIdentity, DividerProbe, DivisionCost, Estimate, Round

CLOCK = "clock"  # the add chain's job in the rounds; its start-up job is CLOCK@start
COUNTED_UP_TO = 10**7  # the LIMIT up to which divisions are counted (8 bytes a number: 80 MB at 10^7) and costs given
# DIV r64 / r32 reciprocal throughput [cycles] per core as measured (uops.info/html-instr/DIV_R64.html), not
# compilers' models; Raptor Lake's and Emerald Rapids' Raptor Cove has Golden Cove's units.
GOLDEN_COVE = ("Golden Cove", 10, 6)
PUBLISHED = {**dict.fromkeys(("Alder Lake", "Raptor Lake", "Sapphire Rapids", "Emerald Rapids"), GOLDEN_COVE),
             "Rocket Lake": ("Cypress Cove", 10, 6)}


def published(c: CpuIdentity | None) -> tuple[str | None, float, float]:
    """The core, and its DIV r64 and r32 throughput, of a CPU known by its vendor, family and model (or Arm part),
    whatever microarchitecture its file records; (None, 0, 0) where PUBLISHED does not say."""
    known = c and cpu.microarchitecture(c.vendor, c.family, c.model, c.stepping, c.implementer, c.part)
    return PUBLISHED.get(known or "", (None, 0, 0))


def too_fast(seconds: float, workers: int, divisions: int, mhz: float = MAX_MHZ) -> bool:
    """Whether `workers` made `divisions` trial divisions in `seconds` faster than one a cycle each at mhz."""
    return seconds * mhz * 1e6 * max(workers, 1) <= divisions


def clock_hz(adds: int, run_s: float, start_s: float) -> float:
    """The clock an add chain ran at: one addition a cycle, its start-up taken off."""
    return adds / max(run_s - start_s, RESOLUTION)


def seconds_per_division(run_s: float, start_s: float, threads: int, divisions: int) -> float:
    """A program's compute time (start-up taken off) times the threads that shared it, over the divisions."""
    return max(run_s - start_s, RESOLUTION) * max(threads, 1) / max(divisions, 1)


def round_hz(r: Round, adds: int) -> float:
    """The clock a round ran at, from its add chain of `adds` additions and the chain's start-up."""
    return clock_hz(adds, round_value(r.times[CLOCK]), round_value(r.times[startup_job(CLOCK)]))


def clock_mhz(rounds: list[Round], adds: int) -> Estimate:
    """The clock the rounds ran at, from the add chain of `adds` additions in each."""
    mine = together(rounds, (CLOCK, startup_job(CLOCK)))
    if not mine:
        raise HarnessError("no round ran the add chain")
    short = next((r.number for r in mine if round_value(r.times[CLOCK]) <= round_value(r.times[startup_job(CLOCK)])),
                 None)
    if short is not None:
        raise HarnessError(f"round {short}: the add chain took no longer than its start-up")
    return median_estimate([round_hz(r, adds) / 1e6 for r in mine])


def _per_division(r: Round, name: str, threads: int, count: int) -> float:
    return seconds_per_division(round_value(r.times[name]), round_value(r.times[startup_job(name)]), threads, count)


def costs_of(rounds: list[Round], names: dict[str, int], count: int, adds: int | None) -> list[DivisionCost]:
    """Each program's ns and cycles (where an add chain of `adds` was timed) per division and thread (names:
    program -> threads) within the rounds that ran it; none for a program whose median compute time is not
    above zero, and no interval where any round's is not."""
    out = []
    for name, threads in names.items():
        sides = (name, startup_job(name))
        mine = together(rounds, sides)
        computes = [round_value(r.times[name]) - round_value(r.times[sides[1]]) for r in mine]
        # A compute time faster than possible is the noise of a start-up: no cost.
        if not mine or too_fast(statistics.median(computes), threads, count):
            continue
        clocked = together(rounds, sides + (CLOCK, startup_job(CLOCK))) if adds else []
        ns = median_estimate([_per_division(r, name, threads, count) * 1e9 for r in mine])
        cycles = median_estimate([_per_division(r, name, threads, count) * round_hz(r, adds) for r in clocked]) \
            if clocked else None
        if min(computes) <= 0:
            ns, cycles = [e and Estimate(e.estimate, None, None, e.rounds) for e in (ns, cycles)]
        out.append(DivisionCost(name=name, ns=ns, cycles=cycles))
    return out


@functools.cache
def division_count(limit: int) -> int | None:
    """The trial divisions the article's loop makes below LIMIT, counted; None above COUNTED_UP_TO."""
    return int(sum(divisions(limit))) if limit <= COUNTED_UP_TO else None


def probe_summary(probe: DividerProbe | None, centre=statistics.median) -> dict[str, float]:
    """The median (or `centre`) of each figure over the probe's runs; none where no probe ran."""
    return {key: centre(r[key] for r in probe.runs) for key in DIVIDER_FIGURES} if probe else {}


def floor_for(divides: list[str] | None, floors: dict[str, float]) -> float | None:
    """The probe's cycles per independent divide at the width a loop divides at (32-bit where narrowed)."""
    if not divides or not floors:
        return None
    return floors.get("div32_independent" if any(d.endswith(("r32", " w")) for d in divides) else "div64_independent")
