"""What one trial division costs (docs/method.md, Costs): the divider probe, the division instructions of each
compiled loop, and the page's table of them beside the costs bench/analyse/costs.py derives from the rounds."""

from __future__ import annotations

import re
import shutil

from bench.analyse.costs import floor_for, probe_summary, published
from bench.analyse.rounds import measurable
from bench.core.errors import HarnessError
from bench.core.manifest import Implementation, compiled
from bench.core.paths import ROOT
from bench.core.results import DIVIDER_FIGURES, BenchResult, DividerProbe, Prebuilt
from bench.core.run import output, run
from bench.measure.rounds import Log
from bench.render.format import NONE, code, estimate, section, significant, table

PROBE_RUNS = 5
LOOP_FUNCTIONS = {"C": r"count_primes|is_prime", "Go": r"^(main|primes)\."}  # the loop's symbols in a binary
# GNU objdump's AT&T syntax: "  4011d2:\tidiv   %rcx" (x86) and "sdiv\tx0, x1, x2" (AArch64).
FUNCTION = re.compile(r"^[0-9a-f]+ <(?P<name>[^>]+)>:$")
X86_DIVIDE = re.compile(r"\s(?P<op>i?div)[bwlq]?\s+(?:\*?%(?P<reg>[a-z0-9]+)|(?P<mem>\S*\(.*\)))")
ARM_DIVIDE = re.compile(r"\s(?P<op>[su]div)\s+(?P<reg>[wx])\d+,")


def parse_probe(text: str) -> dict[str, float]:
    """divider.c's "name value" lines as {name: value}; ValueError when a figure is missing or malformed."""
    values = {name: float(value) for name, _, value in (line.strip().partition(" ") for line in text.splitlines())
              if name in DIVIDER_FIGURES}
    if lacking := [k for k in DIVIDER_FIGURES if k not in values]:
        raise ValueError(f"the divider probe printed no {', '.join(lacking)}")
    return values


def probe(limit: int, log: Log) -> DividerProbe | None:
    """divider.c run PROBE_RUNS times at LIMIT; None where it cannot be built or run here."""
    try:
        argv = [str(compiled("divider").relative_to(ROOT)), str(min(max(limit, 16), 2**32 - 1))]
        return DividerProbe(command=argv, runs=[parse_probe(run(argv, timeout=120).out) for _ in range(PROBE_RUNS)])
    except (HarnessError, ValueError) as error:
        log(f"divider: no probe here ({str(error).splitlines()[0]})")
        return None


def division_instructions(disassembly: str, functions: str) -> list[str]:
    """The distinct division instructions ("idiv r64", "div r32", "div m", "sdiv x") in the functions whose
    names match the pattern `functions`, in the order they first appear."""
    wanted, inside, found = re.compile(functions), False, []
    for line in disassembly.splitlines():
        if header := FUNCTION.match(line.strip()):
            inside = bool(wanted.search(header["name"]))
        elif inside and (x86 := X86_DIVIDE.search(line)):
            reg = x86["reg"] or ""
            width = "m" if not reg else "r32" if re.fullmatch(r"e.*|r\d+d", reg) else "r64" if reg[0] == "r" else "r16"
            found.append(f"{x86['op']} {width}")
        elif inside and (arm := ARM_DIVIDE.search(line)):
            found.append(f"{arm['op']} {arm['reg']}")
    return list(dict.fromkeys(found))


def divides_with(impl: Implementation) -> list[str] | None:
    """A compiled loop's division instructions, read with objdump; None for a program the suite did not build."""
    pattern, binary = LOOP_FUNCTIONS.get(impl.language), ROOT / impl.run[0]
    if pattern is None or not impl.run[0].startswith("build/") or not binary.is_file() or not shutil.which("objdump"):
        return None
    text = output(["objdump", "-d", "--no-show-raw-insn", binary], timeout=120)
    return division_instructions(text, pattern) if text else None


def measure(data: BenchResult, impls: list[Implementation], prebuilt: Prebuilt | None, log: Log) -> BenchResult:
    """make bench's result with the divider probe's runs and each loop's division instructions (a bundle's)."""
    log("divider probe: the cost of one division of the loop's shape, 64-bit and 32-bit")
    data.divider = probe(data.limit, log)
    by_name = {i.name: i for i in impls}
    for e in data.implementations:
        e.divides_with = (prebuilt.divides_with or {}).get(e.name) if prebuilt else divides_with(by_name[e.name])
    return data


def beyond(cycles, floor: float | None) -> str:
    """Cycles per division less the divider's, a difference that one decimal writes as zero shown as 0.0."""
    if cycles is None or floor is None:
        return NONE
    return estimate(cycles, lambda x: f"{x - floor:+.1f}".replace("-", "−") if abs(x - floor) >= 0.05 else "0.0",
                    " to ")


def costs_section(data: BenchResult) -> str:
    """The host page's "What one trial division costs": the clock, the divider and each program's costs."""
    if not data.costs or data.divisions is None:
        return ""
    floors = probe_summary(data.divider)
    m = data.environment.machine
    core, r64, r32 = published(m.identity)
    facts = [["trial divisions at LIMIT", f"{data.divisions:,}"],
             ["clock in the rounds [MHz]", estimate(data.clock.mhz, "{:,.0f}".format) if data.clock else NONE],
             ["clock the OS reports [MHz]", f"{m.reported_mhz:,.0f}" if m.reported_mhz else NONE]]
    facts += [[f"divider, {b}-bit, independent / chained [cycles]",
               f"{floors[f'div{b}_independent']:.1f} / {floors[f'div{b}_dependent']:.1f}"] for b in (64, 32) if floors]
    facts += [["published DIV r64 / r32 throughput [cycles]", f"{r64:g} / {r32:g} ({code(core)})"]] if core else []
    rows = [[code(e.name), str(e.threads or 1), ", ".join(code(d) for d in e.divides_with or ()) or NONE,
             significant(c.ns.estimate), estimate(c.cycles), beyond(c.cycles, floor_for(e.divides_with, floors))]
            for e in sorted(data.implementations, key=lambda e: (e.kind != "serial", e.timing.estimate))
            if (c := data.cost(e.name)) and measurable(e.name, e.timing, e.startup, data.session.rounds)]
    return section("What one trial division costs", table(["", "value"], facts), table(
        ["program", "workers", "divides with", "per division [ns]", "cycles per division", "cycles beyond the divider"],
        rows, "lrlrll"))
