"""The report's figures, drawn with matplotlib from the results as deterministic SVG text: one question
each, every whisker a 95% interval, and tick labels in plain units."""

from __future__ import annotations

import io
import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator  # noqa: E402

from bench.core.article import ANSWER  # noqa: E402
from bench.core.results import BenchResult, ScalingResult, ThreadsResult  # noqa: E402
from bench.render.format import factor, power, seconds  # noqa: E402
from bench.render.machines import FASTER, FIGURES, PARALLEL, SERIAL, Host, faster_of, speedup_of  # noqa: E402

SPEEDUP = "× faster than its serial version"
# kind -> colour, marker, line style and legend label, so serial, parallel and reference are told apart
# without colour too
STYLE = {
    "serial": ("tab:blue", "o", "-", "serial"),
    "parallel": ("tab:orange", "s", "--", "parallel"),
    "reference": ("tab:gray", "^", ":", "reference (a sieve, not ranked)"),
}
RC = {"svg.hashsalt": "primes", "svg.fonttype": "path", "font.size": 10, "axes.grid": True,
      "grid.alpha": 0.3}
WHISKERS = "whiskers: 95% interval of the median"
HOLLOW = "hollow: unbounded (too few rounds, or rounds that drifted)"


def svg_text(fig: Figure) -> str:
    """fig as SVG text with no date or random ids, so the same data always gives the same file."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return buffer.getvalue()


def label(name: str, kind: str, threads: int | None) -> str:
    return f"{name} ({threads} workers)" if kind == "parallel" and threads else name


def labelled_dot(ax: Axes, y: float, value: float, low: float | None, high: float | None, colour: str,
                 marker: str, text: str) -> bool:
    """One dot of a horizontal plot with its whiskers and, to their right, text; whether it was hollow."""
    ax.annotate(text, (high or value, y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=8)
    return dots(ax, [y], [value], [low], [high], colour, marker, horizontal=True)


def dots(ax: Axes, positions: list[float], values: list[float], lows: list[float | None],
         highs: list[float | None], colour: str, marker: str, horizontal: bool = False) -> bool:
    """Each value at its position with its 95% interval as whiskers, hollow and without whiskers where the
    rounds bound none; whether any was hollow."""
    bounded = [low is not None and high is not None for low, high in zip(lows, highs)]
    for filled in (True, False):
        chosen = [i for i, b in enumerate(bounded) if b is filled]
        if not chosen:
            continue
        at, value = [positions[i] for i in chosen], [values[i] for i in chosen]
        error = [[values[i] - lows[i] for i in chosen], [highs[i] - values[i] for i in chosen]] if filled else None
        ax.errorbar(value if horizontal else at, at if horizontal else value, xerr=error if horizontal else None,
                    yerr=None if horizontal else error, fmt=marker, linestyle="none", color=colour,
                    markerfacecolor=colour if filled else "white", capsize=3, markersize=6)
    return not all(bounded)


def ticks(axis, low: float, high: float, text) -> None:
    """Ticks at 1, 2 and 5 times the powers of ten between low and high (only the powers where that is
    over eight), each labelled text(value): never "2×10⁰"."""
    candidates = [m * 10.0**k for k in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
                  for m in (1, 2, 5)]
    shown = [v for v in candidates if low <= v <= high]
    if len(shown) > 8:
        shown = [v for v in shown if f"{v:.0e}".startswith("1")]
    axis.set_major_locator(FixedLocator(shown))
    axis.set_major_formatter(FuncFormatter(lambda v, _: text(v)))
    axis.set_minor_locator(NullLocator())


def duration(value: float) -> str:
    """A tick's time: 2 ms, 100 ms, 10 s."""
    return f"{value * 1e3:g} ms" if value < 1 else f"{value:g} s"


def legend(ax: Axes, handles: list[Line2D], hollow: bool, **where) -> None:
    if hollow:
        handles = [*handles, Line2D([], [], color="black", marker="o", markerfacecolor="white", linestyle="none",
                                    label=HOLLOW)]
    ax.legend(handles=handles, fontsize=8, **where)


def time_figure(primes: BenchResult) -> str:
    """How long does each program take at the bench's LIMIT? Medians on a log axis."""
    entries = sorted(primes.implementations, key=lambda e: e.timing.median, reverse=True)
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(entries) + 1.6))
    hollow = False
    for y, e in enumerate(entries):
        t = e.timing
        hollow |= labelled_dot(ax, y, t.median, t.low, t.high, *STYLE[e.kind][:2], seconds(t.median))
    ax.set_yticks(range(len(entries)), [label(e.name, e.kind, e.threads) for e in entries])
    low = min(e.timing.low or e.timing.median for e in entries) / 2
    high = max(e.timing.high or e.timing.median for e in entries) * 4
    ax.set(xscale="log", xlim=(low, high))
    ticks(ax.xaxis, low, high, duration)
    ax.set(ylim=(-0.7, len(entries) - 0.3), xlabel=f"median wall time (log scale); {WHISKERS}",
           title=f"Time to count the primes below {primes.limit:,}")
    handles = [Line2D([], [], color=colour, marker=marker, linestyle="none", label=text)
               for kind, (colour, marker, _, text) in STYLE.items() if any(e.kind == kind for e in entries)]
    legend(ax, handles, hollow, loc="upper left", bbox_to_anchor=(1.01, 1))
    return svg_text(fig)


def growth_figure(scaling: ScalingResult) -> str:
    """How does each main program's time grow with LIMIT? Medians on log-log axes."""
    fig, ax = plt.subplots(figsize=(8, 5))
    entries = [e for e in scaling.implementations if e.name in ANSWER] or scaling.implementations
    handles, hollow = [], False
    for i, e in enumerate(entries):
        colour, (_, marker, line, _) = f"C{i % 10}", STYLE[e.kind]
        limits = [p.limit for p in e.points]
        medians = [p.timing.median for p in e.points]
        ax.plot(limits, medians, color=colour, linestyle=line)
        hollow |= dots(ax, limits, medians, [p.timing.low for p in e.points], [p.timing.high for p in e.points],
                       colour, marker)
        handles.append(Line2D([], [], color=colour, marker=marker, linestyle=line,
                              label=label(e.name, e.kind, e.threads)))
    ax.set(xscale="log", yscale="log")
    ax.xaxis.set_major_locator(FixedLocator(scaling.sizes))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: power(round(v))))
    ax.xaxis.set_minor_locator(NullLocator())
    times = [p.timing.median for e in entries for p in e.points]
    ticks(ax.yaxis, min(times) / 1.5, max(times) * 1.5, duration)
    ax.set(ylim=(min(times) / 1.5, max(times) * 1.5), xlabel="LIMIT (log scale)",
           ylabel="median wall time (log scale)", title=f"Time against LIMIT ({WHISKERS})")
    legend(ax, handles, hollow, loc="upper left", bbox_to_anchor=(1.02, 1), title="program")
    return svg_text(fig)


def threads_figure(threads: ThreadsResult) -> str:
    """How much faster does each parallel program get with more threads?"""
    fig, ax = plt.subplots(figsize=(7, 4.5))
    counts = threads.thread_counts
    handles = [Line2D([], [], color="black", linestyle=":", label="ideal (speedup = workers)")]
    ax.plot(counts, counts, color="black", linestyle=":")
    entries, hollow = threads.implementations, False
    for i, e in enumerate(entries):
        # Each point at its own worker count: series are told apart by colour, marker and line, not position.
        colour, marker, line = f"C{i % 10}", "osD^vP*X"[i % 8], ("-", "--", "-.", ":")[i % 4]
        at = [p.threads for p in e.points]
        values = [p.speedup.estimate for p in e.points]
        ax.plot(at, values, color=colour, linestyle=line)
        hollow |= dots(ax, at, values, [p.speedup.low for p in e.points], [p.speedup.high for p in e.points],
                       colour, marker)
        own = f" (LIMIT {e.limit:,})" if e.limit and e.limit != threads.limit else ""  # a JIT's compile needs more
        handles.append(Line2D([], [], color=colour, marker=marker, linestyle=line, label=f"{e.name}{own}"))
    ax.set(xticks=counts, xlim=(0.5, counts[-1] + 0.5), ylim=(0, counts[-1] + 0.5))
    ticks(ax.yaxis, 1, counts[-1], lambda v: f"{v:g}×")
    ax.set(xlabel=f"workers ({threads.online_cpus} online CPUs)", ylabel=SPEEDUP,
           title=f"{SPEEDUP}, counting primes below {threads.limit:,}")
    legend(ax, handles, hollow, loc="upper left", bbox_to_anchor=(1.01, 1))
    return svg_text(fig)


def per_host_figure(hosts: list[Host], names: tuple[str, ...], ratio, quantity: str, ideal: bool) -> str:
    """A dot per program and host, each program's hosts side by side, on a linear axis from 0, titled
    so that it reads without a caption."""
    fig, ax = plt.subplots(figsize=(7.5, 0.4 * len(names) * len(hosts) + 1.6))
    y, rows, hollow, high = 0.0, {}, False, 0.0  # rows: each program's dots' positions
    for name in names:
        for i, host in enumerate(hosts):
            r = ratio(host.bench, name)
            if r is None:
                continue
            hollow |= labelled_dot(ax, y, r.estimate, r.low, r.high, f"C{i % 10}", "os^D"[i % 4],
                                   factor(r).split(" (")[0])
            rows.setdefault(name, []).append(y)
            high = max(high, r.high or r.estimate)
            y += 1
        y += 0.6
    if ideal:
        for n in sorted({e.threads for h in hosts for e in h.bench.implementations if e.name in names and e.threads}):
            ax.axvline(n, color="black", linestyle=":")
    ax.set_yticks([sum(at) / len(at) for at in rows.values()], list(rows))
    ax.set_xlim(0, (high or 1) * 1.15)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}×"))
    ax.set_xlabel(f"{quantity}; {WHISKERS}")
    limits = sorted({h.bench.limit for h in hosts})
    ax.set_title(f"{quantity}, counting primes below {' / '.join(f'{n:,}' for n in limits)}, on each machine")
    ax.invert_yaxis()
    handles = [Line2D([], [], color=f"C{i % 10}", marker="os^D"[i % 4], linestyle="none", label=h.name)
               for i, h in enumerate(hosts)]
    if ideal:
        handles.append(Line2D([], [], color="black", linestyle=":", label="ideal: its workers"))
    legend(ax, handles, hollow, loc="upper left", bbox_to_anchor=(1.01, 1), title="machine")
    return svg_text(fig)


def cross_figures(hosts: list[Host]) -> dict[str, str]:
    """The cross-machine page's and the README's figures, file name -> SVG text."""
    if not hosts:
        return {}
    with matplotlib.rc_context(RC):
        return {FIGURES["faster"]: per_host_figure(hosts, SERIAL, faster_of, FASTER, ideal=False),
                FIGURES["speedup"]: per_host_figure(hosts, PARALLEL, speedup_of, SPEEDUP, ideal=True)}


def draw(primes: BenchResult | None, scaling: ScalingResult | None, threads: ThreadsResult | None) -> dict[str, str]:
    """"time", "growth" and "threads" -> SVG text, for each figure whose data is given."""
    drawn = (("time", time_figure, primes), ("growth", growth_figure, scaling), ("threads", threads_figure, threads))
    with matplotlib.rc_context(RC):
        return {key: figure(data) for key, figure, data in drawn if data is not None}
