"""gate.md: the regression gate's false-alarm and detection rates, from a calibration's records."""

from __future__ import annotations

import math
from itertools import product

from bench.analyse.calibration import (
    BLOCK,
    SIMULATIONS,
    SLOWDOWNS,
    Record,
    alarm_counts,
    alarms,
    correlation,
    effort,
    suite_false_alarms,
)
from bench.analyse.intervals import (
    DEFAULT_STEP,
    TIME_CONFIDENCE,
    TIME_DETECT,
    TIME_POWER,
    TIME_THRESHOLD,
    wanted_half_width,
)
from bench.core.results import CalibrationResult, CalibrationSize, InstructionRecord, ModelRow
from bench.render.format import percent_list, table

SIGNALS = ("instructions", "time")


def rate(hits: int, total: int) -> str:
    return f"{hits} of {total} ({hits / total:.0%})" if total else "-"


def summary_rows(records: list[Record], signal: str, size: str) -> list[list[str]]:
    """One row per slowdown: alarms out of comparisons, and how big the injected change came out."""
    return [[signal, size, f"{a.slowdown:.0%}", f"{'false alarms' if a.slowdown == 0 else 'detected'}: "
             f"{rate(a.alarms, a.total)}", f"{a.change[0]:+.2%}", f"{a.change[1]:+.2%} .. {a.change[2]:+.2%}"]
            for a in alarms(records, signal, size)]


def per_implementation_rows(records: list[Record], sizes: list[str]) -> list[list[str]]:
    rows = []
    for signal, size, name in product(SIGNALS, sizes, dict.fromkeys(r.impl for r in records)):
        chosen = [r for r in records if r.signal == signal and r.size == size and r.impl == name]
        notes = [r for r in chosen if isinstance(r, InstructionRecord) and r.time_only]
        if notes:
            spread = max(r.spread for r in chosen if isinstance(r, InstructionRecord))
            rows.append([signal, size, name, f"{notes[0].time_only} (base repeats differed by up to "
                         f"{spread:.2%})", *[""] * (len(SLOWDOWNS) - 1)])
        elif chosen:
            rows.append([signal, size, name, *[f"{hits}/{total}" for hits, total in alarm_counts(chosen)]])
    return rows


def effort_rows(records: list[Record], sizes: list[str]) -> list[list[str]]:
    """Per size and implementation: pairs and seconds the gate's plan gave it, and how wide it left the
    interval, over every comparison."""
    wanted = math.expm1(wanted_half_width())
    rows = []
    for size in sizes:
        for e in effort(records, size, wanted):
            (pairs, fewest, most), (width, narrowest, widest), (lag, least, highest) = e.pairs, e.width, e.lag
            rows.append([size, e.impl, f"{pairs:.0f} ({fewest} .. {most})", f"{e.seconds:.0f} s",
                         f"±{width:.2%} (±{narrowest:.2%} .. ±{widest:.2%})", f"{e.narrow} of {e.comparisons}",
                         f"{lag:+.2f} ({least:+.2f} .. {highest:+.2f})"])
    return rows


def simulation_rows(model: list[ModelRow]) -> list[list[str]]:
    """Per size and implementation: the simulated alarm rate, from the model stored with the runs."""
    return [[m.size, m.impl, str(m.pairs_measured), f"{math.expm1(m.median_abs_deviation):.2%}", str(m.pairs_drawn),
             *[f"{x:.1%}" for x in m.alarm_rates]] for m in model]


def correlation_summary(records: list[Record]) -> str:
    """What the pairs show about correlation between neighbours, over every time comparison."""
    c = correlation(records)
    if c is None:
        return "No time comparison to read correlation from."
    return (f"**Correlation between neighbouring pairs:** over all {c.comparisons} time comparisons the lag-1 "
            f"correlation of the pairs' log-ratios averages {c.mean:+.3f} (median "
            f"{c.median:+.3f}); {c.beyond} of {c.comparisons} lie beyond ±2/√pairs, where about 5% "
            "would by chance alone if the pairs were independent. Each pair's order is drawn at random, so a "
            "slow drift of the machine no longer gives neighbouring pairs the same lean; what correlation "
            "is left widens that comparison's interval (see the gate's rule in README.md).")


def describe_size(size: CalibrationSize, rounds: bool) -> str:
    settings = size.settings
    what = ", ".join(settings.signals)
    text = (f"**{size.name}**: {settings.limit:,} (Python {settings.python_limit:,}), {size.rounds} round(s) "
            f"of {what}")
    if "time" in settings.signals and rounds:
        text += (f"; per slowdown, every implementation's base and head at least {settings.pairs} interleaved "
                 f"rounds, then rounds of the imprecise ones only, within {settings.time_budget:.0f} s in all; "
                 f"each round in a shuffled order (seed {settings.seed})")
    elif "time" in settings.signals:
        text += (f"; per slowdown, every implementation {settings.pairs} pairs, then {DEFAULT_STEP} "
                 f"more at a time to the imprecise ones, within {settings.time_budget:.0f} s in all; "
                 + (f"each pair in a random order (seed {settings.seed})" if settings.seed is not None else
                    "the pairs in ABBA order"))
    return text


def render_calibration(result: CalibrationResult) -> str:
    """The whole of gate.md."""
    records, spin = result.records, result.spin
    size_names = [s.name for s in result.sizes]
    levels = [f"{s:.0%}" for s in SLOWDOWNS]
    wanted = math.expm1(wanted_half_width())
    # Calibrations since the rounds engine time base and head in rounds; older ones in pairs.
    unit, interval = ("rounds", f"the sign test's {TIME_CONFIDENCE:.2%} interval of the median") if result.engine \
        else ("pairs", f"the Wilcoxon {TIME_CONFIDENCE:.2%} interval")
    lines = [
        "# Regression gate: false alarms and detection",
        "",
        "For contributors. Pages: [this machine's answer](primes.md) · [every machine](../../primes.md).",
        "",
        "Written by `make calibrate` (bench/gate/calibration.py) and `make report` from the runs in "
        "`gate.json` beside this page. Each "
        "comparison is the gate's own rule applied to the working tree's programs against themselves, "
        "the head side spinning a known loop first (bench/helpers/inject_slowdown.c) to add "
        f"{percent_list(SLOWDOWNS)} "
        "of the program's instructions (instruction signal) or of its median time (time signal). The "
        "time signal is measured as `make regress` measures it: all implementations in one go, sharing "
        f"its time budget, {unit} added until an interval is within "
        f"±{wanted:.2%} (narrow enough to catch a {TIME_DETECT:.0%} slowdown {TIME_POWER:.0%} of the time).",
        "",
        *[f"- {describe_size(size, bool(result.engine))}" for size in result.sizes],
        f"- parallel programs on {result.sizes[0].settings.threads} threads, judged on wall time; serial ones on "
        "user+sys CPU time",
        f"- the spin loop: {spin.instructions:.2f} instructions and {spin.seconds * 1e9:.2f} ns per round",
        f"- calibration took {result.seconds / 60:.1f} minutes",
        "",
        "## Summary, over all gated implementations",
        "",
        table(["signal", "size", "injected", "alarms", "median measured change", "range"],
              [row for signal, size in product(SIGNALS, size_names) for row in summary_rows(records, signal, size)],
              align="llrlrl"),
        "",
        "## Alarms per implementation (of the rounds run)",
        "",
        table(["signal", "size", "implementation", *levels], per_implementation_rows(records, size_names),
              align="lll" + "r" * len(SLOWDOWNS)),
        "",
        f"## {unit.capitalize()} the time budget bought",
        "",
        f"Over all comparisons of a size: {unit} taken, seconds spent, the interval's half-width, "
        f"how many comparisons reached ±{wanted:.2%}, and the lag-1 correlation of consecutive {unit}' "
        f"log-ratios (mean over the comparisons, and range): how much one leans like the one before it. "
        f"Each interval is widened for that correlation, measured on its own {unit}.",
        "",
        table(["size", "implementation", f"{unit}, median (range)", "seconds, median", "half-width, median (range)",
               "within target", "lag-1 correlation"], effort_rows(records, size_names), align="llrrrrr"),
    ]
    lines += ["", correlation_summary(records)]
    n_gated = len({r.impl for r in records})
    bound, suite = suite_false_alarms(TIME_CONFIDENCE, n_gated)
    lines += ["", "## What the number of runs supports", "",
              f"Zero false alarms in N comparisons bounds the rate only loosely (95% upper bound about "
              f"3/N). The time rule's rate is bounded analytically instead: with independent {unit} whose "
              f"log-ratios are symmetric about 0, {interval} lies wholly "
              f"above 1 with probability at most {bound:.3%}, and above 1 + {TIME_THRESHOLD:.0%} far less "
              f"often; over {n_gated} implementations the suite's rate is then at most "
              f"{suite:.2%}. Below, the time rule applied to {SIMULATIONS:,} sets of "
              "pairs resampled from each implementation's measured noise: the pairs of all its comparisons "
              "at that size, each comparison centred on its own median, drawn in runs of "
              f"{BLOCK} consecutive pairs (keeping the drift neighbours share), as many as the gate "
              "took for it (the median above, fixed rather than adaptive), and shifted by the injected "
              "slowdown. It is a model: the pairs come from one stretch of this machine's noise.",
              "",
              table(["size", "implementation", "pairs measured", "median abs. deviation", "pairs drawn",
                     *levels], simulation_rows(result.model),
                    align="llrrr" + "r" * len(SLOWDOWNS)) if result.model else
              "The model was not computed for these runs: run `make calibrate`."]
    return "\n".join(lines) + "\n"
