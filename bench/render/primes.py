"""primes.md: the bench's sections, the figures' captions and the scaling sections, from result records."""

from __future__ import annotations

from bench.analyse.growth import NEGLIGIBLE, Growth, growth, trial_division_exponent
from bench.analyse.stats import ratio
from bench.core.results import BenchResult, ScalingEntry, ScalingResult, Skipped, ThreadsResult, Timing
from bench.render.claims import claims_section
from bench.render.format import mean_sigma, power, seconds, times
from bench.render.markdown import table

FIGURE_FILES = {"time": "time-per-implementation.svg", "growth": "time-vs-limit.svg",
                "threads": "thread-speedup.svg"}


def runs(t: Timing, data: BenchResult) -> str:
    """The run count and the relative standard error of the mean, flagged where over the target."""
    target = data.settings.target_rse
    flag = "" if t.rse <= target or data.settings.runs else " ⚠"
    return f"{t.runs} ({t.rse:.1%}{flag})"


def commit_text(commit: str | None, dirty: bool) -> str:
    return (commit or "unknown")[:12] + (" (with uncommitted changes)" if dirty else "")


def setup_section(data: BenchResult) -> str:
    env = data.environment
    m = env.machine
    settings = data.settings
    commit = commit_text(env.source.commit, env.source.dirty)
    runs = (f"exactly {settings.runs} timed runs each" if settings.runs else
            f"at least {settings.min_runs} timed runs (at least 3 for programs slower than "
            f"{settings.budget_s / settings.min_runs:.2f} s), more until the mean's relative standard "
            f"error is at most {settings.target_rse:.0%} or {settings.budget_s:.0f} s of runs are spent")
    reproduce = "make bench" + ("" if data.limit == 1_000_000 else f" LIMIT={data.limit}")
    rows = [[f"`{e.name}`", e.version or "?", f"`{e.flags}`" if e.flags else "—",
             str(e.threads or 1), f"`{' '.join(e.command)}`"] for e in data.implementations]
    return "\n".join([
        "## What was measured",
        "",
        f"- **Task:** count the primes below {data.limit:,} by trial division (the article's "
        f"`count_primes`); every program printed {data.expected} before any timing counted.",
        f"- **Machine:** {m.cpu}, {m.online_cpus} online CPUs, {m.memory_gib} GiB memory; "
        f"{m.os}, Linux {m.kernel} ({m.arch}).",
        f"- **When:** {env.date}; source commit `{commit}`.",
        f"- **Timer:** {env.versions.get('hyperfine', 'hyperfine')}, `--shell=none`, {runs}.",
        f"- **Reproduce:** `{reproduce}` (then `make report` re-renders this page from primes.json).",
        "",
        table(["Implementation", "Runtime / compiler", "Build flags", "Threads", "Command timed"], rows),
    ])


def serial_section(data: BenchResult) -> str:
    c, python = data.entry("c"), data.entry("python")
    rows = []
    serial = sorted((e for e in data.implementations if e.kind == "serial"), key=lambda e: e.timing.median)
    for e in serial:
        t = e.timing
        vs_c = "1×" if e is c else times(*ratio(t, c.timing)) if c else "—"
        vs_python = "1×" if e is python else times(*ratio(python.timing, t)) if python else "—"
        rss = f"{e.peak_rss_kib / 1024:.1f} MiB" if e.peak_rss_kib is not None else "?"
        rows.append([
            f"`{e.name}`", e.version or "?", f"**{seconds(t.median)}**", mean_sigma(t),
            f"{seconds(t.min)} – {seconds(t.max)}", seconds(t.cpu), seconds(e.startup.median),
            seconds(e.compute), rss, vs_c, vs_python, runs(t, data), "yes" if e.answer.verified else "NO",
        ])
    return "\n".join([
        "## Single-threaded",
        "",
        table(["Implementation", "Runtime", "Median", "Mean ± σ", "Min – max", "User+sys CPU", "Start-up",
               "Compute", "Peak RSS", "Time vs C", "Faster than CPython", "Runs (RSE)", "Answer verified"], rows),
        "",
        f"Start-up is the same program's median time at LIMIT={data.settings.startup_limit} (no "
        "work); compute = median − start-up. Ratios are of medians; their ± combines the two "
        "relative standard deviations.",
    ])


def parallel_section(data: BenchResult) -> str:
    rows = []
    for e in data.implementations:
        if e.kind != "parallel":
            continue
        t = e.timing
        twin = data.entry(e.twin) if e.twin else None
        if twin and e.threads:
            speedup, error = ratio(twin.timing, t)
            speedup_text = f"{times(speedup, error)} over `{twin.name}`"
            efficiency = f"{speedup / e.threads:.0%}"
        else:
            speedup_text, efficiency = "— (twin not measured)", "—"
        rows.append([f"`{e.name}`", str(e.threads), f"**{seconds(t.median)}**", mean_sigma(t),
                     seconds(t.cpu), speedup_text, efficiency, runs(t, data)])
    if not rows:
        return "## Multi-threaded\n\nNo parallel implementation was measured in this run."
    return "\n".join([
        "## Multi-threaded",
        "",
        table(["Implementation", "Threads", "Median", "Mean ± σ", "User+sys CPU", "Speedup", "Efficiency",
               "Runs (RSE)"], rows),
        "",
        "Speedup = the serial twin's median / this median, on the same machine in the same run; "
        "efficiency = speedup / threads. Never compare these rows with the single-threaded table "
        "without the thread count.",
    ])


def reference_section(data: BenchResult) -> str:
    refs = [x for x in data.implementations if x.kind == "reference"]
    if not refs:
        return ""
    c = data.entry("c")
    rows = []
    for r in refs:
        t = r.timing
        vs_c = times(*ratio(c.timing, t)) + " faster than `c`" if c else "—"
        rows.append([f"`{r.name}`", r.version or "?", r.note, f"**{seconds(t.median)}**",
                     mean_sigma(t), seconds(r.startup.median), vs_c])
    return "\n".join([
        "## Reference: the same count by a better algorithm",
        "",
        "Not part of the language ranking: a different algorithm, shown so that the language "
        "differences above can be weighed against what the algorithm costs.",
        "",
        table(["Program", "Version", "What", "Median", "Mean ± σ", "Start-up", "Vs trial division in C"], rows),
    ])


def methodology_section(data: BenchResult) -> str:
    target = f"{data.settings.target_rse:.0%}"
    return f"""\
## Methodology

- **Whole processes.** hyperfine times each program from exec to exit, with no shell in between
  (`--shell=none`); interpreters are resolved to their real executable, so a version manager's shim
  is not timed. Start-up is measured separately (LIMIT={data.settings.startup_limit}) so it can be told \
apart from computing.
- **Noise.** Medians lead; mean ± σ, min – max and the run count stand beside each. Runs continue
  until the mean's relative standard error (RSE) is at most {target} or the time budget is spent; ⚠ marks
  an RSE the budget left above {target}. Parallel and
  serial programs are never ranked together. User+sys CPU is hyperfine's mean per run.
- **Peak RSS** is the largest resident set of the process (or of its largest child, for the
  process pool), from one verified run.
- **Faithful.** Every program runs the article's loop: each n in [2, LIMIT) is tested by every i from
  2 while i·i ≤ n (Python: `range(2, int(n**0.5) + 1)`), with 64-bit integers in C as Go's `int`; no
  skipping of even numbers, no sieve. Parallel variants split that same outer loop into blocks handed
  out dynamically, because testing n costs up to √n divisions and equal static shares would leave the
  last worker alone with the hardest numbers.
- **Verified.** Every answer is compared with a count from an independent sieve before timing."""


def render(data: BenchResult, extra: list[str] | tuple[str, ...] = ()) -> str:
    """The Markdown report for a bench result, with `extra` sections before the methodology;
    the same result always renders the same text."""
    sections = [
        f"# Counting primes below {data.limit:,}: C, Go and Python",
        "",
        "Generated by `make bench` from `results/primes.json`; do not edit by hand.",
        "",
        setup_section(data),
        serial_section(data),
        parallel_section(data),
        claims_section(data),
        reference_section(data),
        *(section.strip("\n") for section in extra),
        methodology_section(data),
    ]
    return "\n\n".join(s for s in sections if s).replace("\n\n\n\n", "\n\n") + "\n"


def figure(key: str, number: int, alt: str, caption: str) -> str:
    return f"![{alt}]({FIGURE_FILES[key]})\n\n*Figure {number}. {caption}*"


def time_figure_section(data: BenchResult) -> str:
    ranked = sorted(data.implementations, key=lambda e: e.timing.median)
    fastest, slowest = ranked[0], ranked[-1]
    alt = (f"Dot plot of the median time of each implementation at LIMIT {data.limit:,} on a log axis, "
           f"serial, parallel and reference programs in different colours and markers; fastest "
           f"{fastest.name} at {seconds(fastest.timing.median)}, slowest {slowest.name} at "
           f"{seconds(slowest.timing.median)}")
    return "\n".join([
        "## Figure: time per implementation",
        "",
        figure("time", 1, alt, f"Median wall time at LIMIT = {data.limit:,} from `results/primes.json`, log "
               "axis; whiskers span the fastest to the slowest run. Parallel programs (squares) ran on every "
               "online CPU and are not ranked against serial ones (circles); the reference (triangle) is a "
               "sieve, a different algorithm."),
    ])


def crossing_text(result: Growth, sizes: list[int]) -> str:
    if result.crossing == "interpolated" and result.startup_dominates_below is not None:
        return f"≈ {float(f'{result.startup_dominates_below:.2g}'):,.0f}"
    if result.crossing == "below":
        return f"< {power(min(sizes))} (under half of the time at every size)"
    return f"> {power(max(sizes))} (over half of the time at every size)"


def growth_of(entry: ScalingEntry) -> Growth:
    return growth([p.limit for p in entry.points], [p.timing.median for p in entry.points], entry.startup.median)


def skipped_text(skipped: list[Skipped]) -> str:
    """"10⁷ and larger: ..." from the first size skipped, whose predicted runs were over the budget."""
    if not skipped:
        return "none"
    first = skipped[0]
    larger = " and larger" if len(skipped) > 1 else ""
    return (f"{power(first.limit)}{larger}: runs predicted to take {seconds(first.predicted_runs_s or 0)} "
            f"(one run {seconds(first.predicted_s or 0)})")


def growth_row(entry: ScalingEntry) -> tuple[list[str], bool]:
    """A row of the growth table, and whether its fit fell back to sizes where start-up is not negligible."""
    sizes = [p.limit for p in entry.points]
    result = growth_of(entry)
    fallback = result.k is not None and not result.negligible
    k = "—" if result.k is None else f"{result.k:.2f}" + ("*" if fallback else "")
    fitted = ", ".join(power(n) for n in result.fit_sizes) if result.k is not None else "fewer than two sizes"
    threads = str(entry.threads) if entry.threads else "1"
    return [f"`{entry.name}`", threads, ", ".join(power(n) for n in sizes), seconds(entry.startup.median), k,
            fitted, crossing_text(result, sizes), skipped_text(entry.skipped)], fallback


def growth_alt(scaling: ScalingResult) -> str:
    parts = []
    for e in scaling.implementations:
        k = growth_of(e).k
        parts.append(f"{e.name} up to {power(e.points[-1].limit)}" + ("" if k is None else f", slope {k:.2f}"))
    sizes = scaling.sizes
    return (f"Log-log plot of median time against LIMIT from {power(sizes[0])} to {power(sizes[-1])}, one line "
            "per implementation: " + "; ".join(parts))


def growth_section(scaling: ScalingResult) -> str:
    env, settings = scaling.environment, scaling.settings
    rows, fallbacks = zip(*(growth_row(e) for e in scaling.implementations))
    sizes = scaling.sizes
    expected = trial_division_exponent(sizes[-2], sizes[-1]) if len(sizes) > 1 else 1.5
    commit = commit_text(env.source.commit, env.source.dirty)
    budget = f"{settings.budget_s:.0f} s" if settings.budget_s is not None else "no limit"
    lines = [
        "## Growth with LIMIT",
        "",
        f"Measured by `make scaling` on {env.date} ({env.machine.cpu}, {env.machine.online_cpus} "
        f"online CPUs; source commit `{commit}`) into `results/scaling.json`. Every size was verified "
        "before it was timed; each implementation's sizes and its start-up (LIMIT="
        f"{settings.startup_limit}) were timed by one hyperfine call over a parameter list, with no shell, "
        f"{settings.min_runs} to {settings.max_runs} runs per size (more runs until about "
        f"{settings.min_time_s:.0f} s are spent) and no warm-up run beyond the verification run just before.",
        "",
        f"**Time budget:** {budget} of timed runs per implementation and size. A size is "
        f"skipped, with every larger one, when its runs are predicted to exceed the budget: a run's time is "
        f"predicted from the size below as time × (LIMIT ratio)^{settings.assumed_k}.",
        "",
        figure("growth", 2, growth_alt(scaling),
               "Median wall time against LIMIT, log-log; solid lines are serial programs, dashed parallel "
               "ones (on every online CPU), dotted the reference sieve. A line's slope is its growth exponent; "
               "its flat start is start-up."),
        "",
        table(["Implementation", "Threads", "Sizes timed", "Start-up", "k", "Fitted over",
               "Start-up dominates below LIMIT", "Skipped (over the budget)"], list(rows)),
        "",
        f"k is the least-squares slope of log(time − start-up) against log(LIMIT) over the sizes where start-up "
        f"is at most {NEGLIGIBLE:.0%} of the time. Trial division's work grows as LIMIT^1.5 / ln LIMIT, a "
        f"slope of {expected:.2f} between {power(sizes[-2])} and {power(sizes[-1])}. Start-up dominates below "
        "the LIMIT at which the time is twice the start-up (interpolated on log-log axes).",
    ]
    if any(fallbacks):
        lines += ["", "\\* Start-up was negligible at fewer than two sizes: k is fitted over the sizes where it "
                  "is under half of the time, with start-up subtracted, and is rough."]
    return "\n".join(lines)


def threads_section(threads: ThreadsResult) -> str:
    rows, twins = [], []
    for e in threads.implementations:
        twin = e.twin_timing
        source = "this run's scaling data" if e.twin_source == "scaling" else "timed in the same hyperfine call"
        twins.append(f"`{e.twin}` {seconds(twin.median)} ({source})")
        for p in e.points:
            speedup, error = ratio(twin, p.timing)
            rows.append([f"`{e.name}`", str(p.threads), f"**{seconds(p.timing.median)}**",
                         mean_sigma(p.timing), f"{times(speedup, error)} over `{e.twin}`",
                         f"{speedup / p.threads:.0%}", str(p.timing.runs)])
    counts = ", ".join(map(str, threads.thread_counts))
    return "\n".join([
        "## Thread scaling",
        "",
        f"Each parallel implementation at LIMIT = {threads.limit:,} on {counts} threads "
        f"({threads.online_cpus} online CPUs), from `results/threads.json`; every thread count was verified "
        "before it was timed.",
        "",
        figure("threads", 3, f"Line plot of speedup over the serial twin against threads {counts} for each "
               "parallel implementation, with the ideal line speedup = threads",
               "Speedup over the serial twin (twin's median / this median) against threads; whiskers combine "
               "both relative standard deviations. The dotted line is ideal scaling."),
        "",
        table(["Implementation", "Threads", "Median", "Mean ± σ", "Speedup", "Efficiency", "Runs"], rows),
        "",
        "Efficiency = speedup / threads. Serial twins' medians: " + "; ".join(twins) + ".",
    ])


def document(data: BenchResult, scaling: ScalingResult | None, threads: ThreadsResult | None) -> str:
    """The whole of primes.md: render(data) with the figure and the scaling sections."""
    sections = [time_figure_section(data)]
    sections.append(growth_section(scaling) if scaling else
                    "## Growth with LIMIT\n\nNo `results/scaling.json`: run `make scaling`.")
    if threads:
        sections.append(threads_section(threads))
    return render(data, sections)

