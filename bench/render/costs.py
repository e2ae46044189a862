"""The page's account of what one trial division costs: the CPU exactly, the clock the rounds ran at,
each program's cycles per division, and the divider's floor measured here and as published."""

from __future__ import annotations

from collections.abc import Callable

from bench.analyse.costs import probe_summary
from bench.analyse.rounds import compute_time
from bench.core import cpu, divider
from bench.core.results import BenchEntry, BenchResult, Clock, DivisionCost, Estimate, Machine, Ratio
from bench.render.format import ratio_phrase, significant, span, table, too_wide

# Clocks of two runs in one folder further apart than this are said to differ, beside the later one.
CLOCKS_APART = 0.05


def estimate_text(e: Estimate | None, number: Callable[[float], str] = significant, unit: str = "") -> str:
    """12.3 (11.9–12.6): a value with its 95% interval, three significant digits unless told otherwise."""
    return "—" if e is None else f"{number(e.value)}{unit} ({span(e.low, e.high, number)})"


# A cost is shown only where computing is at least this share of a program's median run: below it the
# compute time is the difference of two near-equal times (numba's parallel compile), and says nothing.
SHOWN_FROM = 0.10


def compute_of(data: BenchResult, e: BenchEntry) -> float:
    """The compute time the compute ratios are taken from (compute_time); for a file whose start-up came
    from a session of its own, the median less the start-up's median."""
    within_rounds = compute_time(e.name, data.session.rounds) if data.session else None
    return e.compute if within_rounds is None else within_rounds


def measurable(data: BenchResult, e: BenchEntry) -> bool:
    """Whether computing is a fair share of the program's run (SHOWN_FROM), so that its compute time, the
    difference of its run and its start-up, says something."""
    return compute_of(data, e) >= SHOWN_FROM * e.timing.median


def shown_cost(data: BenchResult, name: str) -> DivisionCost | None:
    """The program's cost per division, where its compute time (as the same rounds measured it) is a fair
    share of its run."""
    cost, entry = data.cost(name), data.entry(name)
    return cost if cost is not None and entry is not None and measurable(data, entry) else None


def cycles_text(cost: DivisionCost | None) -> str:
    """Cycles per division with its interval, and ⚠ where the interval says nothing."""
    if not cost or not cost.cycles:
        return "—"
    return estimate_text(cost.cycles) + (" ⚠" if too_wide(cost.cycles.low, cost.cycles.high) else "")


def clock_text(clock: Clock | None) -> str:
    """"2,725 MHz (2,536–2,819)" or a word on why there is none."""
    return estimate_text(clock.mhz, "{:,.0f}".format, " MHz") if clock else "not measured"


def machine_name(m: Machine) -> str:
    """"AMD EPYC (Zen 4)": the CPU as the operating system names it, with its microarchitecture where known
    and not already in that name, for a page's title."""
    core = m.identity.microarchitecture if m.identity and m.identity.microarchitecture != "unknown" else None
    return f"{m.cpu} ({core})" if core and core not in m.cpu else m.cpu


def machine_text(m: Machine) -> str:
    """The CPU's identity in one sentence, for the page's setup."""
    i = m.identity
    if i is None:
        return "identity not recorded (measured before identities were recorded)"
    caches = ", ".join(f"{k} {v}" for k, v in i.caches.items()) or "caches not reported"
    smt = f"{i.threads_per_core} thread(s) per core" if i.threads_per_core else "SMT not reported"
    hypervisor = {True: "under a hypervisor", False: "no hypervisor", None: "whether a hypervisor runs it is "
                  "not reported"}[i.hypervisor]
    return f"{cpu.describe(i)}, microcode {i.microcode or '?'}; {caches}; {smt}; {hypervisor}"


def clocks_differ(a: Clock | None, b: Clock | None) -> float | None:
    """How far apart two runs' clocks are (b / a - 1), where both were measured and they are more than
    CLOCKS_APART apart; None otherwise."""
    if a is None or b is None:
        return None
    change = b.mhz.value / a.mhz.value - 1
    return change if abs(change) > CLOCKS_APART else None


def floor_for(divides_with: list[str] | None, floors: dict[str, float]) -> float | None:
    """The probe's cycles per independent division for the instruction a loop divides with: the 32-bit
    one where a compiler narrows (the values of the loop fit in 32 bits), else the 64-bit one."""
    if not divides_with or not floors:
        return None
    narrow = any(d.endswith("r32") or d.endswith(" w") for d in divides_with)
    return floors.get("div32_independent" if narrow else "div64_independent")


def beyond_text(cost: DivisionCost, floor: float | None) -> str:
    """Cycles per division less the divider's figure, with the interval of the cycles moved by it."""
    c = cost.cycles
    if floor is None or c is None:
        return "—"

    def moved(x: float) -> str:
        text = f"{x - floor:+.1f}"
        return "0.0" if text in ("+0.0", "-0.0") else text.replace("-", "−")
    return f"{moved(c.value)} ({span(c.low, c.high, moved, ' to ')})" + (" ⚠" if too_wide(c.low, c.high) else "")


def compiler_variants(data: BenchResult) -> list[tuple[BenchEntry, Ratio]]:
    """Each compiled program built another way (c-clang: the c program by clang), with its time against
    the program it varies, taken within the same rounds."""
    return [(e, r) for e in data.implementations
            if e.kind == "serial" and e.variant_of and e.language in ("C", "Go")
            and (r := data.ratio(e.name, e.variant_of)) is not None]


def costs_section(data: BenchResult) -> str:
    if not data.costs or data.divisions is None:
        return ""
    floors = probe_summary(data.divider.runs) if data.divider else {}
    m = data.environment.machine
    rows, hidden = [], []
    for e in sorted(data.implementations, key=lambda e: (e.kind != "serial", e.timing.median)):
        c = shown_cost(data, e.name)
        if c is None:
            if data.cost(e.name):
                hidden.append(f"`{e.name}`")
            continue
        unread = "not read (no objdump here, or built on another machine)" if e.language in ("C", "Go") else "—"
        divides = ", ".join(f"`{d}`" for d in e.divides_with or ()) or unread
        rows.append([f"`{e.name}`", str(e.threads or 1), divides, significant(c.ns.value), cycles_text(c),
                     beyond_text(c, floor_for(e.divides_with, floors))])
    if data.clock is None:
        clock = "not measured (no add chain for this architecture), so costs are given in ns only"
    else:
        mhz, reported = data.clock.mhz, m.reported_mhz
        bounds = (f"95% interval {mhz.low:,.0f}–{mhz.high:,.0f}" if mhz.low is not None and mhz.high is not None
                  else "unbounded")
        apart = (f"reports {reported:,.0f} MHz, and the measured clock is {mhz.value / reported:.2f}× that"
                 if reported else "reports no clock")
        clock = (f"{mhz.value:,.0f} MHz, the median over the rounds ({bounds}), from an add chain timed in every "
                 "round (`bench/helpers/clock.c`: dependent register additions, one per cycle); the operating "
                 "system " + apart)
    lines = [
        "## What one trial division costs",
        "",
        f"The article's loop makes exactly **{data.divisions:,} trial divisions** below {data.limit:,} (each a `%` "
        "and a compare; counted with a sieve, not estimated). Each program's compute time in a round (its run "
        "less its start-up timed in the same round, as the compute ratios take it) over that count is its time "
        "per division; at the clock measured in the same round it is cycles per division, which machines of one "
        "microarchitecture should share whatever their clocks. For a parallel program the workers' times are "
        "added up (compute × workers): the cycles one division costs a worker, which ideal scaling leaves equal "
        "to the serial program's. They are counted at the add chain's clock, taken on one core while the others "
        "idle: where all cores busy run slower, or two threads share one core's SMT siblings, a thread's figure "
        "comes out higher.",
        "",
        f"**Clock:** {clock}.",
    ]
    if floors:
        published = divider.published(m.identity.microarchitecture) if m.identity else None
        lines[-1] += "".join([
            f" **The divider, measured here** (`bench/helpers/divider.c`, run {len(data.divider.runs)} times after "
            f"the rounds, the median of each figure, at its own add chain's clock of {floors['clock_mhz']:,.0f} "
            f"MHz): the 64-bit signed divide of the loop's shape costs {floors['div64_independent']:.1f} cycles "
            "when the divisions are independent (as in the loop, whose next divisor is known ahead) and "
            f"{floors['div64_dependent']:.1f} chained; the 32-bit unsigned divide "
            f"{floors['div32_independent']:.1f} and {floors['div32_dependent']:.1f}. A chained figure includes "
            "the few instructions that carry each remainder into the next dividend.",
            " **Published:** " + (
                f"{published.core}, the unsigned DIV: 64-bit {published.div64_throughput:g} cycles per division "
                f"(throughput), latency {published.div64_latency}; 32-bit {published.div32_throughput:g}, latency "
                f"{published.div32_latency} ({published.source}); the signed 64-bit divide, which gcc and Go "
                "emit, is the one the probe times." if published else
                f"no measured table is listed here for "
                f"{m.identity.microarchitecture if m.identity else 'this CPU'}: the probe's figures stand alone."),
        ])
    lines += [
        "",
        table(["program", "workers", "divides with", "time per division [ns]", "cycles per division (95% interval)",
               "cycles beyond the divider"], rows),
        "",
        "*Divides with* is each compiled loop's division instructions, read from its binary with `objdump`; a "
        "loop that holds a 64-bit and a 32-bit divide tests whether both values fit in 32 bits and takes the "
        "narrow one when they do" + (", as they do at this LIMIT" if data.limit <= 2**32 else "") + ". *Cycles "
        "beyond the divider* is cycles per division less the probe's independent figure for the divide the "
        "loop runs (from the probe's separate runs, so only the cycles' interval is shown): what the rest of "
        "the loop (the compare, the branch, `i * i`) adds beyond what the divider itself needs; at or below 0, the "
        "rest of the loop hides behind the divides, and a figure below 0 is the two measurements' noise. A Python "
        "row's divide is not read: it is interpreted, compiled at run time, or a Python extension.",
    ]
    if hidden:
        lines[-1] += (f" Not given for {', '.join(hidden)}: computing, as its rounds measured it, is under "
                      f"{SHOWN_FROM:.0%} of its run (start-up, a JIT's compile, is the rest), so its compute time "
                      "is the difference of two nearly equal times and tells nothing at this LIMIT.")
    for e, r in compiler_variants(data):
        lines += ["", f"**Another compiler:** `{e.name}`, {e.note}, is {ratio_phrase(r, e.name)} than "
                  f"`{e.variant_of}`, in the same rounds."]
    return "\n".join(lines)
