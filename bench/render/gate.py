"""The gate's pages: regress.md in pyperf compare_to's shape, and gate.md, a calibration's rates, in tables."""

from __future__ import annotations

import math
from itertools import product

from bench.analyse import calibration as cal
from bench.analyse.intervals import TIME_CONFIDENCE, TIME_DETECT, half_width, wanted_half_width
from bench.analyse.verdicts import GateVerdict, Outcome
from bench.core.results import CalibrationResult, GateSettings, InstructionRecord
from bench.render.format import DIGITS, DIRTY, seconds, significant, table, times

SIGNALS = ("instructions", "time")
DOCS = "../../../docs/gate.md"
# The flags of a cell, each defined in docs/gate.md; time only: its instruction counts do not repeat.
REGRESSED, IMPRECISE, TIME_ONLY = "✗", "⚠", "⏱"


def change_text(ratio: float, low: float, high: float) -> str:
    """head against base as pyperf writes it, '1.05× slower (1.04–1.06)', or '=' where the interval holds 1."""
    bounded = low > 0 and math.isfinite(high)
    return times(1 / ratio, 1 / high if bounded else None, 1 / low if bounded else None, "× faster")


def changed_rows(o: Outcome) -> list[list[str]]:
    """A row per signal that changed significantly (or the program on one side only)."""
    if o.verdict in (GateVerdict.ADDED, GateVerdict.REMOVED):
        return [[o.name, "", "", "", o.verdict.value]]
    rows = []
    i = o.instructions
    if i is not None and o.head_instructions is not None and abs(i.change) > i.threshold:
        base = sum(o.base_instructions) / len(o.base_instructions)
        rows.append([o.name, "instructions", f"{base:,.0f}", f"{o.head_instructions:,}",
                     f"{significant(max(x := 1 + i.change, 1 / x), DIGITS + 1)}× {'slower' if x > 1 else 'faster'}"
                     + (f" {REGRESSED}" if i.regressed else "")])
    t = o.time
    if t is not None and o.time_verdict in ("slower", "faster") and o.base_time and o.head_time:
        rows.append([o.name, f"time ({o.clock})", seconds(o.base_time.ratio), seconds(o.head_time.ratio),
                     change_text(t.ratio, t.low, t.high) + (f" {REGRESSED}" if o.time_verdict == "slower" else "")])
    return rows


def quiet_name(o: Outcome) -> str:
    """A program that did not change, with its flags: time only, and an interval too wide for the target."""
    wide = f" {IMPRECISE}±{math.expm1(half_width(o.time)):.2%}" if o.imprecise and o.time is not None else ""
    return o.name + (f" {TIME_ONLY}" if o.instruction_note else "") + wide


def header_line(host: str, date: str, base: str, head: str, dirty: bool, settings: GateSettings) -> str:
    """Machine, date, base → head and the gate's settings, on one line."""
    return (f"{host} · {date} · base `{base}` → head `{head}`{DIRTY if dirty else ''} · "
            f"{settings.limit:,} (Python {settings.python_limit:,}) · {settings.threads} workers · "
            f"{settings.pairs}–{settings.max_pairs} rounds in {settings.time_budget:.0f} s · seed "
            f"{settings.seed}{'' if len(settings.signals) > 1 else ' · ' + settings.signals[0] + ' only'}")


def render_regress(outcomes: list[Outcome], header: str) -> str:
    """The Markdown report: the verdict, the header line, the changes, and the rest in one line."""
    regressed = [f"{o.name}: {', '.join(o.regressions)}" for o in outcomes if o.regressions]
    verdict = f"REGRESSION ({'; '.join(regressed)})" if regressed else "no regression"
    rows = [row for o in outcomes for row in changed_rows(o)]
    rest = [quiet_name(o) for o in outcomes if not changed_rows(o)]
    lines = [f"# Regression gate · Verdict: {verdict}", "", header, ""]
    if rows:
        lines += [table(["program", "signal", "base", "head", "head against base"], rows, align="llrrl"), ""]
    lines.append(f"Not significant ({len(rest)}): {', '.join(rest)}" if rest else "Not significant (0)")
    wanted = f"±{math.expm1(wanted_half_width()):.2%}"
    return "\n".join(lines) + f"\n\n{REGRESSED} regression · {IMPRECISE} time interval wider than {wanted} · " \
        f"{TIME_ONLY} time only · [how to read]({DOCS}#regressmd)\n"


def measured_rows(result: CalibrationResult) -> list[list[str]]:
    """Per size: the interval the rule aims for against what the runs and the model gave."""
    wanted, rows = math.expm1(wanted_half_width()), []
    detect = cal.SLOWDOWNS.index(TIME_DETECT)
    for settings, size in ((s.settings, s.name) for s in result.sizes if "time" in s.settings.signals):
        spent = cal.effort(result.records, size, wanted)
        caught = [a for a in cal.alarms(result.records, "time", size) if a.slowdown == TIME_DETECT]
        model = [m.alarm_rates[detect] for m in result.model or [] if m.size == size]
        narrow, comparisons = sum(e.narrow for e in spent), sum(e.comparisons for e in spent)
        rows.append([size, f"{settings.limit:,} ({settings.python_limit:,})", f"{settings.pairs}–{settings.max_pairs}",
                     f"{settings.time_budget:.0f}",
                     "none: the pairs in ABBA order" if settings.seed is None else str(settings.seed),
                     f"±{wanted:.2%}", f"{narrow} of {comparisons}",
                     f"{caught[0].alarms} of {caught[0].total}" if caught else "-",
                     f"{min(model):.1%} .. {max(model):.1%}" if model else "-"])
    return rows


def per_implementation_rows(records: list[cal.Record], sizes: list[str]) -> list[list[str]]:
    rows = []
    for signal, size, name in product(SIGNALS, sizes, dict.fromkeys(r.impl for r in records)):
        chosen = [r for r in records if r.signal == signal and r.size == size and r.impl == name]
        if any(isinstance(r, InstructionRecord) and r.time_only for r in chosen):
            spread = max(r.spread for r in chosen if isinstance(r, InstructionRecord))
            rows.append([signal, size, f"{name} {TIME_ONLY}", f"{spread:.2%}", *[""] * len(cal.SLOWDOWNS)])
        elif chosen:
            spread = max((r.spread for r in chosen if isinstance(r, InstructionRecord)), default=None)
            rows.append([signal, size, name, "" if spread is None else f"{spread:.2%}",
                         *[f"{hits}/{total}" for hits, total in cal.alarm_counts(chosen)]])
    return rows


def effort_rows(records: list[cal.Record], sizes: list[str]) -> list[list[str]]:
    """Per size and program: rounds, seconds, half-width and how often it reached the target, lag-1 correlation."""
    wanted, rows = math.expm1(wanted_half_width()), []
    for size in sizes:
        for e in cal.effort(records, size, wanted):
            (pairs, fewest, most), (width, narrowest, widest), (lag, least, highest) = e.pairs, e.width, e.lag
            rows.append([size, e.impl, f"{pairs:.0f} ({fewest} .. {most})", f"{e.seconds:.0f}",
                         f"±{width:.2%} (±{narrowest:.2%} .. ±{widest:.2%})", f"{e.narrow} of {e.comparisons}",
                         f"{lag:+.2f} ({least:+.2f} .. {highest:+.2f})"])
    return rows


def render_calibration(result: CalibrationResult) -> str:
    """The whole of gate.md."""
    records, sizes = result.records, [s.name for s in result.sizes]
    levels = [f"{s:.0%}" for s in cal.SLOWDOWNS]
    # Calibrations since the rounds engine time base and head in rounds; older ones in pairs, Wilcoxon.
    unit, interval = ("rounds", "sign test") if result.engine else ("pairs", "Wilcoxon")
    c = cal.correlation(records)
    n = len({r.impl for r in records})
    bound, suite = cal.suite_false_alarms(TIME_CONFIDENCE, n)
    lines = [
        "# Regression gate: false alarms and detection", "",
        f"[this machine](primes.md) · {result.sizes[0].settings.threads} workers · spin "
        f"{result.spin.instructions:.2f} instructions, {result.spin.seconds * 1e9:.2f} ns · "
        f"{result.seconds / 60:.1f} min · [how to read]({DOCS}#gatemd)", "",
        "## What was measured", "",
        table(["size", "LIMIT (Python)", unit, "budget [s]", "seed", "target half-width", "intervals within it",
               f"{TIME_DETECT:.0%} caught, runs", f"{TIME_DETECT:.0%} caught, model (range)"], measured_rows(result),
              align="lrrrrrrrr"), "",
        table(["signal", "size", "injected", "alarms", "median measured change", "range"],
              [[signal, size, f"{a.slowdown:.0%}", f"{a.alarms} of {a.total}", f"{a.change[0]:+.2%}",
                f"{a.change[1]:+.2%} .. {a.change[2]:+.2%}"]
               for signal, size in product(SIGNALS, sizes) for a in cal.alarms(records, signal, size)],
              align="llrrrl"), "",
        "## Alarms per implementation", "",
        table(["signal", "size", "implementation", "base repeats differ", *levels],
              per_implementation_rows(records, sizes), align="lllr" + "r" * len(cal.SLOWDOWNS)), "",
        f"## {unit.capitalize()} the time budget bought", "",
        table(["size", "implementation", f"{unit}, median (range)", "seconds, median", "half-width, median (range)",
               f"within ±{math.expm1(wanted_half_width()):.2%}", "lag-1 correlation, mean (range)"],
              effort_rows(records, sizes), align="llrrrrr"), "",
        table(["time comparisons", "lag-1 correlation, mean", "median", "beyond ±2/√n", "expected by chance"],
              [[str(c.comparisons), f"{c.mean:+.3f}", f"{c.median:+.3f}", str(c.beyond), f"{0.05 * c.comparisons:.0f}"]]
              if c else [], align="rrrrr"), "",
        table([f"false alarms at most ({interval}, above 1), per program", f"suite of {n}"],
              [[f"{bound:.3%}", f"{suite:.2%}"]], align="rr"), "",
        f"## The model: {cal.SIMULATIONS:,} resamplings of the measured noise", "",
        table(["size", "implementation", f"{unit} measured", "median abs. deviation", f"{unit} drawn", *levels],
              [[m.size, m.impl, str(m.pairs_measured), f"{math.expm1(m.median_abs_deviation):.2%}",
                str(m.pairs_drawn), *[f"{x:.1%}" for x in m.alarm_rates]] for m in result.model],
              align="llrrr" + "r" * len(cal.SLOWDOWNS)) if result.model else "No model: run `make calibrate`."]
    return "\n".join(lines) + "\n"
