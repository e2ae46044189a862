"""gate.md: a calibration of the regression gate in tables (docs/gate.md says how to read them)."""

from __future__ import annotations

import math
from itertools import product

from bench.analyse import calibration as cal
from bench.analyse.intervals import TIME_CONFIDENCE, TIME_DETECT, wanted_half_width
from bench.core.results import CalibrationResult, InstructionRecord
from bench.render.format import table

SIGNALS = ("instructions", "time")
DOCS = "../../../docs/gate.md"
TIME_ONLY = "⏱"  # judged on time only: its instruction counts do not repeat


def measured_rows(result: CalibrationResult, wanted: float) -> list[list[str]]:
    """Per size: the interval the rule aims for against what the runs and the model gave."""
    rows, detect = [], cal.SLOWDOWNS.index(TIME_DETECT)
    for settings, size in ((s.settings, s.name) for s in result.sizes if "time" in s.settings.signals):
        spent = cal.effort(result.records, size, wanted)
        caught = [a for a in cal.alarms(result.records, "time", size) if a.slowdown == TIME_DETECT]
        model = [m.alarm_rates[detect] for m in result.model or [] if m.size == size]
        rows.append([size, f"{settings.limit:,} ({settings.python_limit:,})", f"{settings.pairs}–{settings.max_pairs}",
                     f"{settings.time_budget:.0f}",
                     "none: the pairs in ABBA order" if settings.seed is None else str(settings.seed),
                     f"±{wanted:.2%}", f"{sum(e.narrow for e in spent)} of {sum(e.comparisons for e in spent)}",
                     f"{caught[0].alarms} of {caught[0].total}" if caught else "-",
                     f"{min(model):.1%} .. {max(model):.1%}" if model else "-"])
    return rows


def per_implementation_rows(records: list[cal.Record], sizes: list[str]) -> list[list[str]]:
    rows = []
    for signal, size, name in product(SIGNALS, sizes, dict.fromkeys(r.impl for r in records)):
        chosen = [r for r in records if r.signal == signal and r.size == size and r.impl == name]
        spread = max((r.spread for r in chosen if isinstance(r, InstructionRecord)), default=None)
        if any(isinstance(r, InstructionRecord) and r.time_only for r in chosen):
            rows.append([signal, size, f"{name} {TIME_ONLY}", f"{spread:.2%}", *[""] * len(cal.SLOWDOWNS)])
        elif chosen:
            rows.append([signal, size, name, "" if spread is None else f"{spread:.2%}",
                         *[f"{hits}/{total}" for hits, total in cal.alarm_counts(chosen)]])
    return rows


def effort_rows(records: list[cal.Record], sizes: list[str], wanted: float) -> list[list[str]]:
    rows = []
    for size in sizes:
        for e in cal.effort(records, size, wanted):
            (pairs, fewest, most), (width, narrowest, widest), (lag, least, highest) = e.pairs, e.width, e.lag
            rows.append([size, e.impl, f"{pairs:.0f} ({fewest} .. {most})", f"{e.seconds:.0f}",
                         f"±{width:.2%} (±{narrowest:.2%} .. ±{widest:.2%})", f"{e.narrow} of {e.comparisons}",
                         f"{lag:+.2f} ({least:+.2f} .. {highest:+.2f})"])
    return rows


def render_calibration(result: CalibrationResult) -> str:
    """The whole of gate.md."""
    records, sizes, wanted = result.records, [s.name for s in result.sizes], math.expm1(wanted_half_width())
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
               f"{TIME_DETECT:.0%} caught, runs", f"{TIME_DETECT:.0%} caught, model (range)"],
              measured_rows(result, wanted), align="lrrrrrrrr"), "",
        table(["signal", "size", "injected", "alarms", "median measured change", "range"],
              [[signal, size, f"{a.slowdown:.0%}", f"{a.alarms} of {a.total}", f"{a.change[0]:+.2%}",
                f"{a.change[1]:+.2%} .. {a.change[2]:+.2%}"]
               for signal, size in product(SIGNALS, sizes) for a in cal.alarms(records, signal, size)],
              align="llrrrl"), "",
        "## Alarms per implementation", "",
        table(["signal", "size", "implementation", "base repeats differ", *levels],
              per_implementation_rows(records, sizes), align="lllr" + "r" * len(levels)), "",
        f"## {unit.capitalize()} the time budget bought", "",
        table(["size", "implementation", f"{unit}, median (range)", "seconds, median", "half-width, median (range)",
               f"within ±{wanted:.2%}", "lag-1 correlation, mean (range)"],
              effort_rows(records, sizes, wanted), align="llrrrrr"), "",
        table(["time comparisons", "lag-1 correlation, mean", "median", "beyond ±2/√n", "expected by chance"],
              [[str(c[0]), f"{c[1]:+.3f}", f"{c[2]:+.3f}", str(c[3]), f"{0.05 * c[0]:.0f}"]] if c else [],
              align="rrrrr"), "",
        table([f"false alarms at most ({interval}, above 1), per program", f"suite of {n}"],
              [[f"{bound:.3%}", f"{suite:.2%}"]], align="rr"), "",
        f"## The model: {cal.SIMULATIONS:,} resamplings of the measured noise", "",
        table(["size", "implementation", f"{unit} measured", "median abs. deviation", f"{unit} drawn", *levels],
              [[m.size, m.impl, str(m.pairs_measured), f"{math.expm1(m.median_abs_deviation):.2%}",
                str(m.pairs_drawn), *[f"{x:.1%}" for x in m.alarm_rates]] for m in result.model],
              align="llrrr" + "r" * len(levels)) if result.model else "No model: run `make calibrate`."]
    return "\n".join(lines) + "\n"
