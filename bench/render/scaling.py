"""scaling.md: growth with LIMIT, the thread sweep and where the efficiency goes, from `make scaling`."""

from __future__ import annotations

from bench.analyse.growth import DOMINANT, NEGLIGIBLE, WORK_EXPONENT, Growth, growth, trial_division_exponent
from bench.core.results import BenchResult, Breakdown, ScalingEntry, ScalingResult, Skipped, ThreadsResult
from bench.render.costs import CLOCKS_APART, clock_text, clocks_differ, machine_name
from bench.render.format import commit_text, efficiency_text, ms, power, ratio_phrase, seconds, span, table
from bench.render.hosts import main_programs

FIGURE_FILES = {"time": "time-per-implementation.svg", "growth": "time-vs-limit.svg",
                "threads": "thread-speedup.svg"}


def figure(key: str, alt: str, caption: str) -> str:
    return f"![{alt}]({FIGURE_FILES[key]})\n\n*Figure. {caption}*"


def placement_text(environment: dict[str, str] | None, placement: str | None = None) -> str:
    """The thread placement a parallel program ran with: its variables, its own, or the runtime's default."""
    if environment:
        return ", ".join(f"`{k}={v}`" for k, v in sorted(environment.items()))
    return placement or "the runtime's default"


def links(here: str, scaling: bool = True) -> str:
    """The line at the top of every host page that links to the others."""
    pages = [("primes.md", "this machine's answer"), *([("scaling.md", "growth and threads")] if scaling else []),
             ("../../primes.md", "every machine")]
    return "Pages: " + " · ".join(name if path == here else f"[{name}]({path})" for path, name in pages) + "."


def measured_by(what: str, env) -> str:
    return (f"Measured by `make scaling` on {env.date[:10]} (source commit "
            f"`{commit_text(env.source.commit, env.source.dirty)}`) into `{what}` beside this page")


def crossing_text(result: Growth, sizes: list[int]) -> str:
    if result.crossing == "interpolated" and result.startup_dominates_below is not None:
        return f"≈ {float(f'{result.startup_dominates_below:.2g}'):,.0f}"
    share = f"{DOMINANT:.0%} of the time"
    if result.crossing == "below":
        return f"< {power(min(sizes))} (under {share} at every size)"
    return f"> {power(max(sizes))} (over {share} at every size)"


def skipped_text(skipped: list[Skipped], min_rounds: int) -> str:
    """"10⁷ and larger: ..." from the first size skipped, whose predicted rounds were over the budget."""
    if not skipped:
        return "none"
    first = skipped[0]
    larger = " and larger" if len(skipped) > 1 else ""
    return (f"{power(first.limit)}{larger}: {min_rounds} runs predicted to take "
            f"{seconds(first.predicted_rounds_s or 0)} (one run {seconds(first.predicted_s or 0)})")


def growth_row(entry: ScalingEntry, min_rounds: int) -> tuple[list[str], bool]:
    """A row of the growth table, and whether its fit fell back to sizes where start-up is not negligible."""
    sizes = [p.limit for p in entry.points]
    result = growth(sizes, [p.timing.median for p in entry.points], entry.startup.median)
    fallback = result.k is not None and not result.negligible
    k = "—" if result.k is None else f"{result.k:.2f}" + ("*" if fallback else "")
    fitted = ", ".join(power(n) for n in result.fit_sizes) if result.k is not None else "fewer than two sizes"
    return [f"`{entry.name}`", str(entry.threads or 1), ", ".join(power(n) for n in sizes), ms(entry.startup.median),
            k, fitted, crossing_text(result, sizes), skipped_text(entry.skipped, min_rounds)], fallback


def growth_section(scaling: ScalingResult) -> str:
    env, settings = scaling.environment, scaling.settings
    rows, fallbacks = zip(*(growth_row(e, settings.min_rounds) for e in scaling.implementations))
    sizes = scaling.sizes
    expected = trial_division_exponent(sizes[-2], sizes[-1]) if len(sizes) > 1 else WORK_EXPONENT
    drawn = main_programs(scaling.implementations)
    parts = [f"{e.name} up to {power(e.points[-1].limit)}" for e in drawn]
    shown = ", ".join(f"`{e.name}`" for e in drawn)
    lines = [
        "## Growth with LIMIT",
        "",
        f"{measured_by('scaling.json', env)}; clock {clock_text(scaling.clock)}. "
        f"Every size was verified before it was timed; each size, and start-up (LIMIT={settings.startup_limit}), is "
        f"one session of interleaved rounds, at least {settings.min_rounds} rounds after a warm-up round. A program "
        f"is skipped at a size, and every larger one, when {settings.min_rounds} runs are predicted ("
        + ("start-up + (time − start-up)" if settings.startup_apart else "time")
        + f" × (LIMIT ratio)^{settings.assumed_k} from the size below) to exceed the {settings.budget_s:.0f} s "
        "budget.",
        "",
        figure("growth", f"Log-log plot of median time against LIMIT from {power(sizes[0])} to {power(sizes[-1])}: "
               + "; ".join(parts), f"Median wall time against LIMIT of {shown}, log-log (every program is in the "
               "table below); solid lines are serial programs, dashed parallel ones (on every online CPU). Whiskers "
               "are 95% intervals, hollow markers where the rounds bound none. A line's slope is its growth "
               "exponent, its flat start is start-up."),
        "",
        table(["program", "workers", "sizes timed", "start-up [ms]", "k", "fitted over",
               "start-up dominates below LIMIT", "skipped (over the budget)"], list(rows)),
        "",
        f"k is the least-squares slope of log(time − start-up) against log(LIMIT) over the sizes where start-up "
        f"is at most {NEGLIGIBLE:.0%} of the time. Trial division's work grows as LIMIT^{WORK_EXPONENT} / ln LIMIT, "
        f"a slope of {expected:.2f} between {power(sizes[-2])} and {power(sizes[-1])}. Start-up dominates below "
        f"the LIMIT at which it is {DOMINANT:.0%} of the time (interpolated on log-log axes).",
    ]
    if any(fallbacks):
        lines += ["", "\\* Start-up was negligible at fewer than two sizes: k is fitted over the sizes where it "
                  f"is under {DOMINANT:.0%} of the time, with start-up subtracted, and is rough."]
    return "\n".join(lines)


def clock_note(threads: ThreadsResult, bench: BenchResult | None) -> str:
    """The clock of each sweep's rounds, and a warning where it is over 5% from the bench's."""
    clocked = [e for e in threads.implementations if e.clock]
    if not clocked:
        return "Clock during the sweep: not measured (a sweep from before the add chain was timed in its rounds)."
    parts = [f"`{e.name}` {clock_text(e.clock)}" for e in clocked]
    text = "Clock during each sweep's rounds (the add chain; medians with 95% intervals): " + "; ".join(parts) + "."
    apart = [(e, clocks_differ(bench.clock, e.clock)) for e in clocked] if bench and bench.clock else []
    apart = [(e, change) for e, change in apart if change is not None]
    if apart:
        text += (f" ⚠ **Not the bench's clock** (more than {CLOCKS_APART:.0%} from its "
                 + clock_text(bench.clock) + "): " +
                 "; ".join(f"`{e.name}` ran {change:+.0%} from it" for e, change in apart) +
                 ". Compare this sweep's times with the bench's only through ratios taken within one run.")
    return text


def budget_text(threads: ThreadsResult) -> str:
    """Each sweep's budget of rounds, where it is not the file's."""
    own = [f"`{e.name}` {e.budget_s:.0f} s" for e in threads.implementations if e.budget_s]
    text = f"Each sweep has {threads.settings.budget_s:.0f} s of rounds"
    return text + (f"; more where its rounds are long or its LIMIT larger: {', '.join(own)}." if own else ".")


def part(value: float | None, measured: float) -> str:
    """1.20 (+1.6): a part of the loss in ms and the points of efficiency it costs."""
    if value is None:
        return "—"
    points = f"{value / measured * 100:+.1f}".replace("-", "−")
    return f"{ms(abs(value)) if value >= 0 else '−' + ms(-value)} ({points})"


def breakdown_row(name: str, b: Breakdown) -> list[str]:
    lost = b.measured - b.ideal
    tail = part(b.tail, b.measured) + (f" at {b.block:,} per block" if b.block and b.tail is not None else "")
    return [f"`{name}`", str(b.threads), ms(b.ideal), ms(b.measured), f"{b.ideal / b.measured:.1%}",
            *[part(v, b.measured) for v in (lost, b.serial_start, b.thread_start, b.per_worker)], tail,
            part(b.rest, b.measured), str(b.rounds) if b.rounds is not None else "—"]


def efficiency_section(threads: ThreadsResult) -> str:
    rows = [breakdown_row(e.name, p.breakdown) for e in threads.implementations for p in e.points if p.breakdown]
    if not rows:
        return ""
    return "\n".join([
        "### Where the efficiency goes",
        "",
        table(["program", "workers", "ideal [ms] (serial version / workers)", "measured [ms]",
               "efficiency of the medians", "lost [ms] (points)", "process start [ms] (points)",
               "thread or pool start [ms] (points)", "per-worker slowdown [ms] (points)", "tail [ms] (points)",
               "the rest [ms] (points)", "rounds"], rows),
        "",
        "Each part is in ms and in points of efficiency (part / measured), and the parts add up to the loss "
        "(measured − ideal). Each is a median over the rounds above that ran the serial version and the program "
        "on 1 and on N threads, each also at the start-up LIMIT (the last column); the efficiency here is that of "
        "those medians, and can differ from the within-round efficiency of the table above by their noise. "
        "On 1 thread the row compares one worker with the serial loop on the same numbers.",
        "",
        "- **Process start:** the serial version's start-up less its 1/N share: loading the program, which no "
        "thread shares. For numba it includes importing numba and compiling the serial function.",
        "- **Thread or pool start:** the program's start-up on N threads less the serial version's: creating "
        "threads or goroutines, starting and stopping a process pool; for numba, compiling the parallel version too.",
        "- **Per-worker slowdown:** (the program's compute on 1 thread − the serial version's) / N, where compute "
        "is the time less the start-up: each worker running slower than the serial loop on the same numbers.",
        "- **Tail:** the wait after the last block is handed out, computed rather than timed: the trial "
        "divisions of every block are counted, the blocks are handed out as the program does (to the first "
        "worker free, or dealt in turn for numba), and the finish beyond work / N is converted to time at the "
        "1-thread speed. It is what the block size costs. `c-openmp`'s block size was chosen by timing four "
        "schedules and sizes (the numbers are in c/count_primes_openmp.c); Go's and numba's follow it, and the "
        "pool's is larger because each block is a message between processes. This column shows what each "
        "size leaves idle at this thread count.",
        "- **The rest:** what the parts above leave, not timed on its own: synchronisation (claiming blocks, "
        "the final reduction or join), contention between the workers, and the kernel's placement of them. "
        "Negative when a part above is overestimated by noise.",
    ])


def threads_section(threads: ThreadsResult, bench: BenchResult | None = None) -> str:
    rows, twins = [], []
    for e in threads.implementations:
        twins.append(f"`{e.twin}` {seconds(e.twin_timing.median)} (with `{e.name}`)")
        for p in e.points:
            rows.append([f"`{e.name}`", placement_text(e.environment, e.placement), f"{e.limit or threads.limit:,}",
                         str(p.threads), ms(p.timing.median), span(p.timing.low, p.timing.high, ms),
                         ratio_phrase(p.speedup), efficiency_text(p.speedup, p.threads),
                         ratio_phrase(p.compute_speedup), str(p.timing.rounds)])
    counts = ", ".join(map(str, threads.thread_counts))
    efficiency = efficiency_section(threads)
    return "\n".join([
        "## Thread scaling",
        "",
        f"{measured_by('threads.json', threads.environment)}: each parallel program at LIMIT = {threads.limit:,} (ten "
        f"times that where start-up, a JIT's compile, is over half of a run there) on {counts} threads "
        f"({threads.online_cpus} online CPUs), every thread count and its serial version (the same loop on one "
        "thread) in the same interleaved rounds, each verified before it was timed. These are this sweep's rounds, "
        "not the bench's: where both measured a speedup, the host page shows the bench's. An interval holds the "
        "noise of its own session's rounds, not what changed between two sessions run at different times, so the "
        "two can differ by more than their intervals; and each program's rows here are against its own serial "
        "version's runs, so two placements compare only in the host page's placement lines, taken in one set "
        "of rounds.",
        "",
        figure("threads", f"Line plot of speedup over the serial version against threads {counts} for each "
               "parallel program, with the ideal line speedup = threads",
               "Speedup over the serial version (its time / this time within each round, the median over the "
               "rounds); whiskers are its 95% interval, hollow markers where the rounds bound none. The dotted line is "
               "ideal scaling."),
        "",
        table(["program", "placement", "LIMIT", "workers", "median [ms]", "95% interval [ms]",
               "speedup over its serial version (95% interval)", "efficiency", "compute speedup (95% interval)",
               "rounds"], rows),
        "",
        "Efficiency = speedup / threads; the compute speedup takes each program's start-up (its run at the start-up "
        "LIMIT in the same round) off both times first, so it carries the noise of two start-ups and can come out "
        "above the worker count, as an efficiency can above 100%: noise, where its interval reaches down to the "
        "worker count. ⚠: an interval wider than ±25% or unbounded. Serial "
        "versions' medians: " + "; ".join(twins) + ". " + budget_text(threads),
        "",
        clock_note(threads, bench),
        *(["", efficiency] if efficiency else []),
    ])


def scaling_page(scaling: ScalingResult | None, threads: ThreadsResult | None, bench: BenchResult | None = None,
                 here: str = "scaling.md") -> str:
    """scaling.md beside a bench's page, or the only page of a host measured by make scaling alone."""
    record = scaling or threads
    machine = record.environment.machine if record else None
    title = f" on {machine_name(machine)}, {machine.online_cpus} CPUs" if machine else ""
    sections = [f"# Growth and threads{title}", "", links(here, scaling=bench is not None), "",
                "Rendered by `make report` from the JSON beside this page, written by `make scaling` on this machine."
                + ("" if bench else " `make bench` has not run here."),
                "", growth_section(scaling) if scaling else "No `scaling.json` for this machine: run `make scaling`."]
    if threads:
        sections += ["", threads_section(threads, bench)]
    return "\n".join(sections) + "\n"
