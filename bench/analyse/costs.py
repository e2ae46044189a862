"""What one trial division costs: the clock an add chain shows, each program's time per division, the
divider probe's figures, and the division instructions a disassembly holds. Pure functions of numbers
and text: nothing here runs or times anything."""

from __future__ import annotations

import re
import statistics

from bench.analyse.intervals import median_estimate
from bench.analyse.rounds import RESOLUTION, round_value, startup_job, together
from bench.analyse.schedule import divisions
from bench.core.errors import HarnessError
from bench.core.results import DIVIDER_FIGURES, DivisionCost, Estimate, Round

CLOCK = "clock"  # the add chain's job in the rounds; its start-up job is CLOCK@start
# Dividing up to this LIMIT is counted exactly (a sieve over LIMIT numbers: 9 s at 10^7); above it the
# costs per division are not given.
COUNTED_UP_TO = 10**7


def clock_hz(adds: int, run_s: float, start_s: float) -> float:
    """The clock an add chain ran at: one addition a cycle, its start-up taken off."""
    return adds / max(run_s - start_s, RESOLUTION)


def seconds_per_division(run_s: float, start_s: float, threads: int, divisions: int) -> float:
    """A program's time per trial division and thread: its compute time (start-up taken off) times the
    threads that shared the work, over the divisions."""
    return max(run_s - start_s, RESOLUTION) * max(threads, 1) / max(divisions, 1)


# divider.c prints "name value" lines.
PROBE_KEYS = DIVIDER_FIGURES


def parse_probe(text: str) -> dict[str, float]:
    """divider.c's output as {name: value}; ValueError when a line or a name is missing or malformed."""
    values: dict[str, float] = {}
    for line in text.splitlines():
        name, _, value = line.strip().partition(" ")
        if name in PROBE_KEYS:
            values[name] = float(value)
    lacking = [k for k in PROBE_KEYS if k not in values]
    if lacking:
        raise ValueError(f"the divider probe printed no {', '.join(lacking)}")
    return values


def probe_summary(runs: list[dict[str, float]]) -> dict[str, float]:
    """The median of each figure over the probe's runs."""
    return {key: statistics.median(run[key] for run in runs) for key in PROBE_KEYS if all(key in r for r in runs)}


# GNU objdump's AT&T syntax: "  4011d2:\tidiv   %rcx" (x86) and "sdiv\tx0, x1, x2" (AArch64).
FUNCTION = re.compile(r"^[0-9a-f]+ <(?P<name>[^>]+)>:$")
X86_DIVIDE = re.compile(r"\s(?P<op>i?div)[bwlq]?\s+(?:\*?%(?P<reg>[a-z0-9]+)|(?P<mem>\S*\(.*\)))")
ARM_DIVIDE = re.compile(r"\s(?P<op>[su]div)\s+(?P<reg>[wx])\d+,")


def _x86_width(register: str) -> int:
    if re.fullmatch(r"r\d+d", register):
        return 32
    if re.fullmatch(r"r\d+", register):
        return 64
    return {"r": 64, "e": 32}.get(register[0], 16)


def division_instructions(disassembly: str, functions: str) -> list[str]:
    """The distinct division instructions ("idiv r64", "div r32", "sdiv x") in the functions whose
    names match the pattern `functions`, in the order they first appear."""
    wanted = re.compile(functions)
    inside, found = False, []
    for line in disassembly.splitlines():
        header = FUNCTION.match(line.strip())
        if header:
            inside = bool(wanted.search(header["name"]))
            continue
        if not inside:
            continue
        x86 = X86_DIVIDE.search(line)
        arm = ARM_DIVIDE.search(line)
        if x86:
            what = f"{x86['op']} r{_x86_width(x86['reg'])}" if x86["reg"] else f"{x86['op']} m"
        elif arm:
            what = f"{arm['op']} {arm['reg']}"
        else:
            continue
        if what not in found:
            found.append(what)
    return found


def floor_for(divides_with: list[str] | None, floors: dict[str, float]) -> float | None:
    """The probe's cycles per independent division for the divide a loop runs: the 32-bit one where a
    compiler narrowed it, else the 64-bit one."""
    if not divides_with or not floors:
        return None
    narrow = any(d.endswith("r32") or d.endswith(" w") for d in divides_with)
    return floors.get("div32_independent" if narrow else "div64_independent")


def _hz(r: Round, adds: int) -> float:
    return clock_hz(adds, round_value(r.times[CLOCK]), round_value(r.times[startup_job(CLOCK)]))


def clock_mhz(rounds: list[Round], adds: int) -> Estimate:
    """The clock the rounds ran at, from the add chain of `adds` additions in each."""
    mine = together(rounds, (CLOCK, startup_job(CLOCK)))
    if not mine:
        raise HarnessError("no round ran the add chain")
    return median_estimate([_hz(r, adds) / 1e6 for r in mine])


def _unless(bounded: bool, e: Estimate) -> Estimate:
    return e if bounded else Estimate(e.estimate, None, None, e.rounds)


def costs_of(rounds: list[Round], names: dict[str, int], count: int, adds: int | None) -> list[DivisionCost]:
    """Each program's ns and cycles per division and thread (names: program -> threads), taken within the
    rounds that ran it, its start-up and (for cycles, where one was timed) the add chain of `adds`
    additions; none for a program whose median compute time is not above zero (its start-up, a JIT's
    compile, is all of its run), and no interval where any round's compute time is not above zero."""
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
        clocked = together(rounds, sides + (CLOCK, startup_job(CLOCK))) if adds else []
        bounded = min(computes) > 0
        ns = _unless(bounded, median_estimate([per_division(r, name, threads) * 1e9 for r in mine]))
        cycles = _unless(bounded, median_estimate([per_division(r, name, threads) * _hz(r, adds) for r in clocked])) \
            if clocked else None
        out.append(DivisionCost(name=name, ns=ns, cycles=cycles))
    return out


def division_count(limit: int) -> int | None:
    """The trial divisions the article's loop makes below LIMIT, counted; None above COUNTED_UP_TO."""
    return int(sum(divisions(limit))) if limit <= COUNTED_UP_TO else None
