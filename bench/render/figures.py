"""The report's figures, drawn with matplotlib from the results' JSON as deterministic SVG text."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from bench.core.results import BenchResult, ScalingResult, ThreadsEntry, ThreadsResult  # noqa: E402
from bench.render.format import seconds  # noqa: E402
from bench.render.hosts import KEY_RATIOS, Host  # noqa: E402

STYLE = {  # kind -> colour and marker, so serial, parallel and reference are told apart without colour too
    "serial": ("tab:blue", "o"),
    "parallel": ("tab:orange", "s"),
    "reference": ("tab:gray", "^"),
}
LINE_STYLES = {"serial": "-", "parallel": "--", "reference": ":"}
RC = {"svg.hashsalt": "primes", "svg.fonttype": "path", "font.size": 10, "axes.grid": True,
      "grid.alpha": 0.3}


def svg_text(fig: Figure) -> str:
    """fig as SVG text with no date or random ids, so the same data always gives the same file."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return buffer.getvalue()


def label(name: str, kind: str, threads: int | None) -> str:
    return f"{name} ({threads} threads)" if kind == "parallel" and threads else name


def time_figure(primes: BenchResult) -> str:
    """(a) Median time per implementation at the bench's LIMIT, log axis, whiskers from min to max."""
    entries = sorted(primes.implementations, key=lambda e: e.timing.median, reverse=True)
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(entries) + 1.6))
    for y, e in enumerate(entries):
        t = e.timing
        colour, marker = STYLE[e.kind]
        ax.errorbar(t.median, y, xerr=[[t.median - t.min], [t.max - t.median]], fmt=marker,
                    color=colour, ecolor=colour, capsize=3, markersize=7)
        ax.annotate(seconds(t.median), (t.max, y), xytext=(6, 0), textcoords="offset points",
                    va="center", fontsize=8)
    ax.set_yticks(range(len(entries)), [label(e.name, e.kind, e.threads) for e in entries])
    ax.set_xscale("log")
    low = min(e.timing.min for e in entries)
    high = max(e.timing.max for e in entries)
    ax.set_xlim(low / 2, high * 4)
    ax.set_ylim(-0.7, len(entries) - 0.3)
    ax.set_xlabel("wall time (s, log scale): median, whiskers from fastest to slowest run")
    ax.set_title(f"Time to count the primes below {primes.limit:,}")
    kinds = [k for k in STYLE if any(e.kind == k for e in entries)]
    ax.legend(handles=[kind_handle(k) for k in kinds], loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    return svg_text(fig)


def kind_handle(kind: str) -> Line2D:
    colour, marker = STYLE[kind]
    text = {"serial": "serial", "parallel": "parallel", "reference": "reference (a sieve, not ranked)"}[kind]
    return Line2D([], [], color=colour, marker=marker, linestyle="none", label=text)


def growth_figure(scaling: ScalingResult) -> str:
    """(b) Median time against LIMIT on log-log axes, one line per implementation."""
    fig, ax = plt.subplots(figsize=(8, 5))
    for e in scaling.implementations:
        _, marker = STYLE[e.kind]
        limits = [p.limit for p in e.points]
        medians = [p.timing.median for p in e.points]
        below = [p.timing.median - p.timing.min for p in e.points]
        above = [p.timing.max - p.timing.median for p in e.points]
        ax.errorbar(limits, medians, yerr=[below, above], marker=marker, linestyle=LINE_STYLES[e.kind],
                    capsize=2, label=label(e.name, e.kind, e.threads), markersize=5)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(scaling.sizes, [f"$10^{{{len(str(n)) - 1}}}$" for n in scaling.sizes])
    ax.set_xlabel("LIMIT (log scale)")
    ax.set_ylabel("median wall time (s, log scale)")
    ax.set_title("Time against LIMIT (whiskers: fastest to slowest run)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=8, title="implementation")
    return svg_text(fig)


def speedups(entry: ThreadsEntry) -> tuple[list[int], list[float], list[list[float]]]:
    """Thread counts, speedups over the serial twin (within each round) and how far their intervals
    reach below and above (0 where unbounded)."""
    counts, values, below, above = [], [], [], []
    for point in entry.points:
        r = point.speedup
        counts.append(point.threads)
        values.append(r.estimate)
        below.append(r.estimate - r.low if r.low is not None else 0.0)
        above.append(r.high - r.estimate if r.high is not None else 0.0)
    return counts, values, [below, above]


def threads_figure(threads: ThreadsResult) -> str:
    """(c) Speedup over the serial twin against threads, with the ideal speedup."""
    fig, ax = plt.subplots(figsize=(7, 4.5))
    counts = threads.thread_counts
    ax.plot(counts, counts, color="black", linestyle=":", label="ideal (speedup = threads)")
    entries = threads.implementations
    for i, e in enumerate(entries):
        x, y, error = speedups(e)
        dodge = (i - (len(entries) - 1) / 2) * 0.04  # side by side, so equal speedups do not hide each other
        ax.errorbar([n + dodge for n in x], y, yerr=error, marker="s", capsize=3,
                    label=f"{e.name} over {e.twin}")
    ax.set_xticks(counts)
    ax.set_xlim(0.5, counts[-1] + 0.5)
    ax.set_ylim(0, counts[-1] + 0.5)
    ax.set_xlabel(f"threads ({threads.online_cpus} online CPUs)")
    ax.set_ylabel("speedup over the serial twin (×)")
    ax.set_title(f"Thread scaling at LIMIT = {threads.limit:,}")
    ax.legend(loc="upper left", fontsize=8)
    return svg_text(fig)


def key_ratios_figure(hosts: list[Host]) -> str:
    """The cross-machine figure: each key ratio per host, with its interval, hosts side by side."""
    with matplotlib.rc_context(RC):
        fig, ax = plt.subplots(figsize=(8, 0.45 * len(KEY_RATIOS) * len(hosts) + 1.8))
        y = 0.0
        ticks, labels, named = [], [], set()
        for numerator, denominator, label in KEY_RATIOS:
            for i, host in enumerate(hosts):
                r = host.bench.ratio(numerator, denominator)
                if r is None:
                    continue
                below = r.estimate - r.low if r.low is not None else 0.0
                above = r.high - r.estimate if r.high is not None else 0.0
                ax.errorbar(r.estimate, y, xerr=[[below], [above]], fmt="os^D"[i % 4], color=f"C{i % 10}",
                            capsize=3, label=None if host.name in named else host.name)
                named.add(host.name)
                bounded = r.low is not None and r.high is not None
                ax.annotate(f"{r.estimate:.3g}×" + ("" if bounded else " (interval unbounded)"),
                            (r.estimate + above, y), xytext=(6, 0), textcoords="offset points", va="center",
                            fontsize=8)
                ticks.append(y)
                labels.append(f"{label} ({numerator}/{denominator})")
                y += 1
            y += 0.5
        ax.set_yticks(ticks, labels)
        ax.set_xscale("log")
        ax.set_xlabel("ratio (log scale), taken within each host's rounds; whiskers: 95% interval")
        ax.set_title("Key ratios per host")
        ax.invert_yaxis()
        if named:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, title="host")
        return svg_text(fig)


def draw(primes: BenchResult | None, scaling: ScalingResult | None, threads: ThreadsResult | None) -> dict[str, str]:
    """"time", "growth" and "threads" -> SVG text, for each figure whose data is given."""
    with matplotlib.rc_context(RC):
        figures = {}
        if primes is not None:
            figures["time"] = time_figure(primes)
        if scaling is not None:
            figures["growth"] = growth_figure(scaling)
        if threads is not None:
            figures["threads"] = threads_figure(threads)
    return figures
