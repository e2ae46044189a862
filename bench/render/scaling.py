"""scaling.md: growth with LIMIT, the thread sweep and where a parallel program's efficiency goes, from
`make scaling`, as tables and figures."""

from __future__ import annotations

from bench.analyse.growth import growth
from bench.core.results import BenchResult, ScalingResult, ThreadsResult
from bench.render.format import NONE, STARTUP, code, estimate, factor, link, ms, power, seconds, table
from bench.render.host import FIGURES, machine_name


def crossing(result, sizes: list[int]) -> str:
    if result.crossing == "interpolated" and result.startup_dominates_below is not None:
        return f"≈ {float(f'{result.startup_dominates_below:.2g}'):,.0f}"
    return f"< {power(min(sizes))}" if result.crossing == "below" else f"> {power(max(sizes))}"


def growth_section(scaling: ScalingResult) -> str:
    rows = []
    for e in scaling.implementations:
        sizes = [p.limit for p in e.points]
        fit = growth(sizes, [p.timing.median for p in e.points], e.startup.median)
        k = NONE if fit.k is None else f"{fit.k:.2f}" + ("" if fit.negligible else " " + STARTUP)
        skipped = (f"{power(e.skipped[0].limit)}+ ({seconds(e.skipped[0].predicted_rounds_s or 0)})"
                   if e.skipped else NONE)
        rows.append([code(e.name), str(e.threads or 1), f"{power(sizes[0])}–{power(sizes[-1])}",
                     ms(e.startup.median), k, ", ".join(power(n) for n in fit.fit_sizes) or NONE,
                     crossing(fit, sizes), skipped])
    sizes = scaling.sizes
    return "\n".join([
        "## Growth with LIMIT", "",
        f"![Median time against LIMIT, {power(sizes[0])} to {power(sizes[-1])}, log-log]({FIGURES['growth']})", "",
        table(["program", "workers", "sizes timed", "start-up [ms]", link("k", "growth", 3), "fitted over",
               "start-up dominates below LIMIT", "skipped from (its rounds predicted to take)"], rows, "lrlrrlll")])


def threads_section(threads: ThreadsResult) -> str:
    rows = [[code(e.name), f"{e.limit or threads.limit:,}", str(p.threads), ms(p.timing.median),
             factor(p.speedup), f"{p.speedup.estimate / p.threads:.0%}",
             factor(p.compute_speedup) if p.compute_speedup else NONE, str(p.timing.rounds)]
            for e in threads.implementations for p in e.points]
    parts = [[code(e.name), str(b.threads), ms(b.ideal), ms(b.measured),
              *[ms(v) if v is not None else NONE for v in (b.serial_start, b.thread_start, b.per_worker, b.tail,
                                                            b.rest)], str(b.rounds or NONE)]
             for e in threads.implementations for p in e.points if (b := p.breakdown)]
    clocks = [[code(e.name), code(e.twin), ms(e.twin_timing.median),
               estimate(e.clock.mhz, "{:,.0f}".format) if e.clock else NONE,
               f"{e.budget_s or threads.settings.budget_s:.0f}"] for e in threads.implementations]
    counts = ", ".join(map(str, threads.thread_counts))
    return "\n".join([
        "## Thread scaling", "",
        f"![Speedup over the serial version against workers {counts}, with the ideal line]({FIGURES['threads']})", "",
        table(["program", "LIMIT", "workers", "median [ms]", "× faster than its serial version", "efficiency",
               "compute, × faster", "rounds"], rows, "lrrrllll"), "",
        table(["program", "serial version", "its median [ms]", "clock [MHz]", "budget [s]"], clocks, "llrlr"),
        *(["", "### " + link("Where the efficiency goes", "efficiency", 3), "",
           table(["program", "workers", "ideal [ms]", "measured [ms]", "process start [ms]",
                  "thread or pool start [ms]", "per-worker slowdown [ms]", "tail [ms]", "the rest [ms]", "rounds"],
                 parts, "lrrrrrrrrr")]
          if parts else [])])


def scaling_page(scaling: ScalingResult | None, threads: ThreadsResult | None, bench: BenchResult | None = None,
                 here: str = "scaling.md") -> str:
    """scaling.md beside a bench's page, or the only page of a host measured by make scaling alone."""
    record = scaling or threads
    machine = record.environment.machine if record else None
    title = f" on {machine_name(machine)}, {machine.online_cpus} CPUs" if machine else ""
    env = record.environment if record else None
    line = [code(env.date[:10]), code((env.source.commit or "?")[:12]) + (" + changes" if env.source.dirty else "")] \
        if env else []
    line += [f"[{text}]({path})" for path, text in (("primes.md", "this machine's answer"),
                                                     ("../../primes.md", "every machine")) if path != here and
             (bench is not None or path != "primes.md")]
    sections = [f"# Growth and threads{title}", " · ".join([*line, link("how to read this page", "scaling", 3)]),
                growth_section(scaling) if scaling else f"{NONE} `scaling.json`",
                threads_section(threads) if threads else ""]
    return "\n\n".join(s for s in sections if s) + "\n"
