"""The figures as deterministic SVG: one question each, titled to read without a caption, 95% whiskers."""

from __future__ import annotations

import io
import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator  # noqa: E402

from bench.core.article import ANSWER  # noqa: E402
from bench.core.results import BenchResult, Estimate, ScalingResult, ThreadsResult  # noqa: E402
from bench.render.format import factor, power, seconds  # noqa: E402
from bench.render.host import CROSS_FIGURES as FIGURES  # noqa: E402
from bench.render.host import FASTER, PARALLEL, SERIAL, Host, faster_of, speedup_of  # noqa: E402

SPEEDUP = "× faster than its serial version"
# kind -> colour, marker, line style and label: serial, parallel and reference told apart without colour too
STYLE = {"serial": ("tab:blue", "o", "-", "serial"), "parallel": ("tab:orange", "s", "--", "parallel"),
         "reference": ("tab:gray", "^", ":", "reference (a sieve, not ranked)")}
RC = {"svg.hashsalt": "primes", "svg.fonttype": "path", "font.size": 10, "axes.grid": True, "grid.alpha": 0.3}
WHISKERS = "whiskers: 95% interval of the median"
HOLLOW = Line2D([], [], color="black", marker="o", markerfacecolor="white", linestyle="none",
                label="hollow: unbounded (too few rounds, or rounds that drifted)")


def svg_text(fig, ax: Axes, handles: list, hollow: bool, **legend) -> str:
    """The figure with its legend as SVG text with no date or random ids: the same data, the same file."""
    ax.legend(handles=handles + [HOLLOW] * hollow, fontsize=8, loc="upper left", **legend)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return buffer.getvalue()


def dots(ax: Axes, at: list[float], values: list[Estimate], colour: str, marker: str, horizontal: bool = False) -> bool:
    """Each estimate at its position with 95% whiskers, hollow without them where unbounded; whether any was."""
    for filled in (True, False):
        part = [(x, v) for x, v in zip(at, values) if (v.low is not None and v.high is not None) is filled]
        if part:
            x, y = [x for x, _ in part], [v.estimate for _, v in part]
            error = [[v.estimate - v.low for _, v in part], [v.high - v.estimate for _, v in part]] if filled else None
            ax.errorbar(y if horizontal else x, x if horizontal else y, xerr=error if horizontal else None,
                        yerr=None if horizontal else error, fmt=marker, linestyle="none", color=colour,
                        markerfacecolor=colour if filled else "white", capsize=3, markersize=6)
    return any(v.low is None or v.high is None for v in values)


def labelled_dot(ax: Axes, y: float, e: Estimate, colour: str, marker: str, text: str) -> bool:
    ax.annotate(text, (e.high or e.estimate, y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=8)
    return dots(ax, [y], [e], colour, marker, horizontal=True)


def ticks(axis, low: float, high: float, text) -> None:
    """Ticks at 1, 2 and 5 × the powers of ten in [low, high] (powers alone past eight), never "2×10⁰"."""
    shown = [v for k in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1) for m in (1, 2, 5)
             if low <= (v := m * 10.0**k) <= high]
    axis.set_major_locator(FixedLocator([v for v in shown if len(shown) <= 8 or f"{v:.0e}".startswith("1")]))
    axis.set_major_formatter(FuncFormatter(lambda v, _: text(v)))
    axis.set_minor_locator(NullLocator())


def duration(value: float) -> str:
    return f"{value * 1e3:g} ms" if value < 1 else f"{value:g} s"


def label(e) -> str:
    return f"{e.name} ({e.threads} workers)" if e.kind == "parallel" and e.threads else e.name


def time_figure(primes: BenchResult) -> str:
    """How long does each program take at the bench's LIMIT? Medians on a log axis."""
    entries = sorted(primes.implementations, key=lambda e: e.timing.estimate, reverse=True)
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(entries) + 1.6))
    hollow = any([labelled_dot(ax, y, e.timing, *STYLE[e.kind][:2], seconds(e.timing.estimate))
                  for y, e in enumerate(entries)])
    low = min(e.timing.low or e.timing.estimate for e in entries) / 2
    high = max(e.timing.high or e.timing.estimate for e in entries) * 4
    ax.set_yticks(range(len(entries)), [label(e) for e in entries])
    ax.set(xscale="log", xlim=(low, high), ylim=(-0.7, len(entries) - 0.3),
           xlabel=f"median wall time (log scale); {WHISKERS}", title=f"Time to count the primes below {primes.limit:,}")
    ticks(ax.xaxis, low, high, duration)
    handles = [Line2D([], [], color=colour, marker=marker, linestyle="none", label=text)
               for kind, (colour, marker, _, text) in STYLE.items() if any(e.kind == kind for e in entries)]
    return svg_text(fig, ax, handles, hollow, bbox_to_anchor=(1.01, 1))


def growth_figure(scaling: ScalingResult) -> str:
    """How does each main program's time grow with LIMIT? Medians on log-log axes."""
    fig, ax = plt.subplots(figsize=(8, 5))
    entries = [e for e in scaling.implementations if e.name in ANSWER] or scaling.implementations
    handles, hollow = [], False
    for i, e in enumerate(entries):
        colour, (_, marker, line, _) = f"C{i % 10}", STYLE[e.kind]
        limits, t = [p.limit for p in e.points], [p.timing for p in e.points]
        ax.plot(limits, [x.estimate for x in t], color=colour, linestyle=line)
        hollow |= dots(ax, limits, t, colour, marker)
        handles.append(Line2D([], [], color=colour, marker=marker, linestyle=line, label=label(e)))
    times = [p.timing.estimate for e in entries for p in e.points]
    ax.set(xscale="log", yscale="log", ylim=(min(times) / 1.5, max(times) * 1.5), xlabel="LIMIT (log scale)",
           ylabel="median wall time (log scale)", title=f"Time against LIMIT ({WHISKERS})")
    ticks(ax.xaxis, min(scaling.sizes), max(scaling.sizes), lambda v: power(round(v)))
    ticks(ax.yaxis, min(times) / 1.5, max(times) * 1.5, duration)
    return svg_text(fig, ax, handles, hollow, bbox_to_anchor=(1.02, 1), title="program")


def threads_figure(threads: ThreadsResult) -> str:
    """How much faster does each parallel program get with more workers? Each point at its own count."""
    fig, ax = plt.subplots(figsize=(7, 4.5))
    counts, hollow = threads.thread_counts, False
    ax.plot(counts, counts, color="black", linestyle=":")
    handles = [Line2D([], [], color="black", linestyle=":", label="ideal (speedup = workers)")]
    for i, e in enumerate(threads.implementations):
        colour, marker, line = f"C{i % 10}", "osD^vP*X"[i % 8], ("-", "--", "-.", ":")[i % 4]
        at, s = [p.threads for p in e.points], [p.speedup for p in e.points]
        ax.plot(at, [r.estimate for r in s], color=colour, linestyle=line)
        hollow |= dots(ax, at, s, colour, marker)
        own = f" (LIMIT {e.limit:,})" if e.limit and e.limit != threads.limit else ""  # a JIT's compile needs more
        handles.append(Line2D([], [], color=colour, marker=marker, linestyle=line, label=f"{e.name}{own}"))
    ax.set(xticks=counts, xlim=(0.5, counts[-1] + 0.5), ylim=(0, counts[-1] + 0.5), ylabel=SPEEDUP,
           xlabel=f"workers ({threads.online_cpus} online CPUs)",
           title=f"{SPEEDUP}, counting primes below {threads.limit:,}")
    ticks(ax.yaxis, 1, counts[-1], lambda v: f"{v:g}×")
    return svg_text(fig, ax, handles, hollow, bbox_to_anchor=(1.01, 1))


def per_host_figure(hosts: list[Host], names: tuple[str, ...], ratio, quantity: str, ideal: bool) -> str:
    """A dot per program and machine, each program's machines side by side, on a linear axis from 0."""
    fig, ax = plt.subplots(figsize=(7.5, 0.4 * len(names) * len(hosts) + 1.6))
    y, rows, hollow, high = 0.0, {}, False, 0.0  # rows: each program's dots' positions
    for name in names:
        for i, host in enumerate(hosts):
            if (r := ratio(host.bench, name)) is not None:
                hollow |= labelled_dot(ax, y, r, f"C{i % 10}", "os^D"[i % 4], factor(r).split(" (")[0])
                rows.setdefault(name, []).append(y)
                high, y = max(high, r.high or r.estimate), y + 1
        y += 0.6
    workers = sorted({e.threads for h in hosts for e in h.bench.implementations if e.name in names and e.threads})
    for n in workers if ideal else ():
        ax.axvline(n, color="black", linestyle=":")
    limits = " / ".join(f"{n:,}" for n in sorted({h.bench.limit for h in hosts}))
    ax.set_yticks([sum(at) / len(at) for at in rows.values()], list(rows))
    ax.set(xlim=(0, (high or 1) * 1.15), xlabel=f"{quantity}; {WHISKERS}",
           title=f"{quantity}, counting primes below {limits}, on each machine")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}×"))
    ax.invert_yaxis()
    handles = [Line2D([], [], color=f"C{i % 10}", marker="os^D"[i % 4], linestyle="none", label=h.name)
               for i, h in enumerate(hosts)]
    handles += [Line2D([], [], color="black", linestyle=":", label="ideal: its workers")] if ideal else []
    return svg_text(fig, ax, handles, hollow, bbox_to_anchor=(1.01, 1), title="machine")


def cross_figures(hosts: list[Host]) -> dict[str, str]:
    """The cross-machine page's and the README's figures, file name -> SVG text."""
    with matplotlib.rc_context(RC):
        return {FIGURES["faster"]: per_host_figure(hosts, SERIAL, faster_of, FASTER, ideal=False),
                FIGURES["speedup"]: per_host_figure(hosts, PARALLEL, speedup_of, SPEEDUP, ideal=True)} if hosts else {}


def draw(primes: BenchResult | None, scaling: ScalingResult | None, threads: ThreadsResult | None) -> dict[str, str]:
    """"time", "growth" and "threads" -> SVG text, for each figure whose data is given."""
    drawn = (("time", time_figure, primes), ("growth", growth_figure, scaling), ("threads", threads_figure, threads))
    with matplotlib.rc_context(RC):
        return {key: figure(data) for key, figure, data in drawn if data is not None}
