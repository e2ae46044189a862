"""regress.md: what the gate compared, one row per implementation, and the verdict."""

from __future__ import annotations

import math

from bench.analyse.intervals import (
    INSTRUCTION_FLOOR,
    INSTRUCTION_SPREADS,
    TIME_CONFIDENCE,
    TIME_DETECT,
    TIME_POWER,
    TIME_THRESHOLD,
    half_width,
    wanted_half_width,
)
from bench.analyse.verdicts import GateVerdict, Outcome
from bench.core.results import GateSettings
from bench.render.format import DIRTY, table


def instruction_cells(outcome: Outcome) -> list[str]:
    if outcome.instructions is not None and outcome.head_instructions is not None:
        change = outcome.instructions
        mean = sum(outcome.base_instructions) / len(outcome.base_instructions)
        return [f"{mean:,.0f}", f"{outcome.head_instructions:,}",
                f"{change.change:+.3%} (limit {change.threshold:.2%})"]
    return ["", "", outcome.instruction_note or ""]


def time_cells(outcome: Outcome) -> list[str]:
    if outcome.time is None:
        return ["", "", ""]
    t = outcome.time
    return [outcome.clock, f"{t.ratio:.4f} [{t.low:.4f}, {t.high:.4f}]", f"{t.pairs} ({outcome.time_seconds:.0f} s)"]


VERDICTS = {GateVerdict.ADDED: "added", GateVerdict.REMOVED: "removed", GateVerdict.FASTER: "ok (faster)",
            GateVerdict.IMPRECISE: "ok (imprecise)", GateVerdict.OK: "ok"}


def verdict_text(outcome: Outcome) -> str:
    if outcome.verdict is GateVerdict.REGRESSION:
        return f"**REGRESSION** ({', '.join(outcome.regressions)})"
    return VERDICTS[outcome.verdict]


def header_lines(base_rev: str, base: str, head: str, dirty: bool, settings: GateSettings) -> list[str]:
    """What was compared: base and head ('abbrev subject' each) and the gate's settings."""
    return [f"- base: `{base_rev}` = {base}",
            f"- head: the working tree, {head}" + (DIRTY if dirty else ""),
            f"- sizes: {settings.limit:,} (Python: {settings.python_limit:,}); parallel programs on "
            f"{settings.threads} workers; {settings.pairs} to {settings.max_pairs} interleaved rounds of base and head "
            f"within {settings.time_budget:.0f} s, each round in a shuffled order (seed {settings.seed}); "
            f"signals: {', '.join(settings.signals)}"]


def render_regress(outcomes: list[Outcome], header: list[str]) -> str:
    """The Markdown report: what was compared, the table, and the verdict."""
    word = "REGRESSION" if any(o.regressions for o in outcomes) else "no regression"
    rows = [[o.name, o.kind, *instruction_cells(o), *time_cells(o), verdict_text(o)] for o in outcomes]
    lines = ["# Regression gate", "", "For contributors. Pages: [this machine's answer](primes.md), where `make bench` "
             "has run here · [every machine](../../primes.md).", "", *header, "", f"**Verdict: {word}**", "",
             table(["implementation", "kind", "base instructions", "head instructions", "change (limit)", "time",
                    f"head/base [{TIME_CONFIDENCE:.2%} interval]", "rounds", "verdict"], rows, align="llrrrlrrl")]
    lines += ["", f"Instructions: regression when head/base - 1 > max({INSTRUCTION_FLOOR:.1%}, "
              f"{INSTRUCTION_SPREADS:g} x the spread of two base runs). Time: base and head are two jobs of the "
              "same interleaved rounds, in an order shuffled for each round; the change is the median over the "
              f"rounds of head/base within each round, with its {TIME_CONFIDENCE:.2%} interval (the sign test's "
              "order statistics, widened for correlation between neighbouring rounds); regression when its lower "
              f"bound exceeds 1 + {TIME_THRESHOLD:.0%}. Serial programs are "
              "timed on user+sys CPU, parallel ones on wall time. Rounds are added until the interval is "
              f"within ±{math.expm1(wanted_half_width()):.2%}, narrow enough to catch a {TIME_DETECT:.0%} "
              f"slowdown {TIME_POWER:.0%} of the time, or the time budget is spent."]
    imprecise = [o for o in outcomes if o.imprecise and o.time is not None]
    if imprecise:
        lines += ["", f"Imprecise (the time budget or the round cap ran out first; a {TIME_DETECT:.0%} slowdown "
                  "may pass unseen): "
                  + ", ".join(f"{o.name} ±{math.expm1(half_width(o.time)):.2%}" for o in imprecise if o.time)
                  + "."]
    return "\n".join(lines) + "\n"
