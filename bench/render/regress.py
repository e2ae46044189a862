"""regress.md in pyperf compare_to's shape: the verdict, one row per significant change, the rest counted."""

from __future__ import annotations

import math

from bench.analyse.intervals import half_width, wanted_half_width
from bench.analyse.verdicts import GateVerdict, Outcome
from bench.core.results import GateSettings
from bench.render.format import DIGITS, DIRTY, direction, seconds, table, times

DOCS = "../../../docs/gate.md"
# The flags of a cell, each defined in docs/gate.md.
REGRESSED, IMPRECISE, TIME_ONLY = "✗", "⚠", "⏱"


def change_text(ratio: float, low: float, high: float) -> str:
    """head against base as pyperf writes it, '1.05× slower (1.04–1.06)', or '=' where the interval holds 1."""
    bounded = low > 0 and math.isfinite(high)
    return times(1 / ratio, 1 / high if bounded else None, 1 / low if bounded else None, "× faster")


def changed_rows(o: Outcome) -> list[list[str]]:
    """The signals on which one program changed significantly: an instruction count beyond its limit either
    way, a time interval wholly beyond the threshold either way; a program on one side only."""
    if o.verdict in (GateVerdict.ADDED, GateVerdict.REMOVED):
        return [[o.name, "", "", "", o.verdict.value]]
    rows = []
    i = o.instructions
    if i is not None and o.head_instructions is not None and abs(i.change) > i.threshold:
        base = sum(o.base_instructions) / len(o.base_instructions)
        rows.append([o.name, "instructions", f"{base:,.0f}", f"{o.head_instructions:,}",
                     direction(1 / (1 + i.change), DIGITS + 1) + (f" {REGRESSED}" if i.regressed else "")])
    t = o.time
    if t is not None and o.time_verdict in ("slower", "faster") and o.base_time and o.head_time:
        rows.append([o.name, f"time ({o.clock})", seconds(o.base_time.ratio), seconds(o.head_time.ratio),
                     change_text(t.ratio, t.low, t.high) + (f" {REGRESSED}" if o.time_verdict == "slower" else "")])
    return rows


def quiet_name(o: Outcome) -> str:
    """A program that did not change, with its flags: time only, and an interval too wide for the target."""
    flags = f" {TIME_ONLY}" if o.instruction_note else ""
    if o.imprecise and o.time is not None:
        flags += f" {IMPRECISE}±{math.expm1(half_width(o.time)):.2%}"
    return o.name + flags


def header_line(host: str, date: str, base: str, head: str, dirty: bool, settings: GateSettings) -> str:
    """Machine, date, base and head (abbreviated commits) and the gate's settings, on one line (the page's last
    line links the explanations)."""
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
