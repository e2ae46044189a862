"""primes.md: the bench's sections, the figures' captions and the scaling sections, from result records."""

from __future__ import annotations

from bench.analyse.growth import DOMINANT, NEGLIGIBLE, WORK_EXPONENT, Growth, growth, trial_division_exponent
from bench.analyse.rounds import DISTURBED, QUIET_ROUNDS, is_precise, quiet_rounds
from bench.core.results import BenchResult, Ratio, ScalingEntry, ScalingResult, Session, Skipped, ThreadsResult
from bench.render.claims import claims_section
from bench.render.costs import (
    CLOCKS_APART,
    clock_text,
    clocks_differ,
    costs_section,
    cycles_text,
    machine_text,
    shown_cost,
)
from bench.render.efficiency import efficiency_section
from bench.render.format import commit_text, efficiency_text, median_text, power, ratio_text, seconds
from bench.render.gil import gil_section
from bench.render.hosts import main_programs
from bench.render.markdown import table
from bench.render.staying import staying_section

FIGURE_FILES = {"time": "time-per-implementation.svg", "growth": "time-vs-limit.svg",
                "threads": "thread-speedup.svg"}



def session_text(session: Session) -> str:
    """How a session went: its rounds, its commands per round, and why it stopped."""
    settings = session.settings
    runs = sorted({len(times) for r in session.rounds for times in r.times.values()})
    k = str(runs[0]) if len(runs) == 1 else f"{runs[0]}–{runs[-1]}"
    why = {"precise": f"every ratio was within ±{settings.target_half_width:.0%}",
           "budget": f"the budget of {settings.budget_s:.0f} s was spent",
           "min rounds": f"its {settings.min_rounds} rounds were done",
           "max rounds": f"the cap of {settings.max_rounds} rounds was reached"}[session.stopped]
    _, disturbed = quiet_rounds(session.rounds)
    load = (f"; {disturbed} round(s) that other load disturbed (over {DISTURBED:.2f} of a core busy outside the "
            "timed programs) are left out of every median and ratio" if disturbed else "")
    return (f"{len(session.rounds)} rounds after {settings.warmup_rounds} untimed warm-up round, {k} run(s) of "
            f"each command per round, {session.seconds:.0f} s in all (seed {settings.seed}); it stopped when {why}"
            f"{load}")


def setup_section(data: BenchResult) -> str:
    env = data.environment
    m = env.machine
    engine = data.session.settings
    default = data.limit == 1_000_000
    reproduce = ("python3 -m bench.commands.bench --prebuilt" + ("" if default else f" --limit {data.limit}")
                 if data.settings.built_on else "make bench" + ("" if default else f" LIMIT={data.limit}"))
    rows = [[f"`{e.name}`", e.version or "?", f"`{e.flags}`" if e.flags else "—",
             str(e.threads or 1), f"`{command_text(e.command, e.environment)}`"] for e in data.implementations]
    return "\n".join([
        "## What was measured",
        "",
        f"- **Task:** count the primes below {data.limit:,} by trial division (the article's "
        f"`count_primes`); every program printed {data.expected} before any timing counted.",
        f"- **Machine:** {m.cpu}, {m.online_cpus} online CPUs, {m.memory_gib} GiB memory; "
        f"{m.os}, Linux {m.kernel} ({m.arch}).",
        f"- **CPU:** {machine_text(m)}; clock during the rounds {clock_text(data.clock)}.",
        f"- **When:** {env.date}; source commit `{commit_text(env.source.commit, env.source.dirty)}`.",
        f"- **Timer:** {timer_text(data)}, every program in each "
        f"round, in an order shuffled anew for each round: {session_text(data.session)}. Rounds are added "
        f"until every ratio below is within ±{engine.target_half_width:.0%} of its estimate "
        f"({engine.confidence:.0%} interval), or the budget is spent; after {engine.min_rounds} rounds of "
        "everything, a round holds only the programs of the ratios still open.",
        f"- **Start-up** (LIMIT={data.settings.startup_limit}): "
        + (session_text(data.startup_session) if data.startup_session else "every program in the same rounds") + ".",
        *([f"- **Built elsewhere:** the compiled programs were built on {data.settings.built_on} and measured "
           "here as they were (`make bundle`)."] if data.settings.built_on else []),
        f"- **Reproduce:** `{reproduce}` (then `make report` re-renders this page from primes.json).",
        "",
        table(["Implementation", "Runtime / compiler", "Build flags", "Threads", "Command timed"], rows),
    ])


def command_text(argv: list[str], environment: dict[str, str] | None) -> str:
    """The command as a shell would take it, with the variables set for it first."""
    return " ".join([*(f"{k}={v}" for k, v in sorted((environment or {}).items())), *argv])


def placement_text(environment: dict[str, str] | None, placement: str | None = None) -> str:
    """The thread placement a parallel program ran with: its variables, its own, or the runtime's default."""
    if environment:
        return ", ".join(f"`{k}={v}`" for k, v in sorted(environment.items()))
    return placement or "the runtime's default"


def absent_text(data: BenchResult) -> str:
    if not data.absent:
        return ""
    return ("**Not measured here:** " + "; ".join(f"`{name}`, {why}" for name, why in sorted(data.absent.items()))
            + ". Their rows are absent from every table below.")


def timer_text(data: BenchResult) -> str:
    if data.session.settings.timer == "python":
        return "the harness's own timer (spawn to reap, os.wait4; hyperfine is not installed here), no shell"
    return f"{data.environment.versions.get('hyperfine') or 'hyperfine'}, `--shell=none`"


def runs_text(rounds: int, runs: int) -> str:
    return f"{runs} in {rounds} rounds"


def serial_section(data: BenchResult) -> str:
    rows = []
    serial = sorted((e for e in data.implementations if e.kind == "serial"), key=lambda e: e.timing.median)
    for e in serial:
        t = e.timing
        vs_c = "1×" if e.name == "c" else ratio_text(data.ratio(e.name, "c"), data.target)
        vs_python = "1×" if e.name == "python" else ratio_text(data.ratio("python", e.name), data.target)
        rss = f"{e.answer.peak_rss_kib / 1024:.1f} MiB" if e.answer.peak_rss_kib is not None else "?"
        rows.append([
            f"`{e.name}`", e.version or "?", median_text(t), f"{seconds(t.min)} – {seconds(t.max)}",
            seconds(t.cpu), seconds(e.startup.median), seconds(e.compute), cycles_text(shown_cost(data, e.name)), rss,
            vs_c, vs_python, runs_text(t.rounds, t.runs), "yes",
        ])
    return "\n".join([
        "## Single-threaded",
        "",
        table(["Implementation", "Runtime", "Median (95% interval)", "Min – max", "User+sys CPU", "Start-up",
               "Compute", "Cycles / division", "Peak RSS", "Time vs C", "Faster than CPython", "Runs",
               "Answer verified"], rows),
        "",
        f"A program's median is the median over the rounds of its median run in each round. Start-up is the "
        f"same program's median at LIMIT={data.settings.startup_limit} (no work); compute = median − start-up. "
        + ("Cycles / division: compute time × clock / the loop's divisions, taken within each round (see *What "
           "one trial division costs* below). " if data.costs else "")
        +
        "Every ratio is taken within each round and is the median over the rounds, with its 95% interval; "
        f"⚠ marks one whose interval is wider than ±{data.target:.0%} when the budget ran out.",
    ])


def parallel_section(data: BenchResult) -> str:
    rows, variants = [], []
    for e in data.implementations:
        if e.kind != "parallel":
            continue
        speedup = data.ratio(e.twin, e.name) if e.twin else None
        if speedup and e.threads:
            speedup_text = f"{ratio_text(speedup, data.target)} over `{e.twin}`"
            efficiency = efficiency_text(speedup, e.threads)
        else:
            speedup_text, efficiency = "— (twin not measured)", "—"
        compute = data.ratio(e.twin, e.name, compute=True) if e.twin else None
        rows.append([f"`{e.name}`", str(e.threads), placement_text(e.environment, e.placement), median_text(e.timing),
                     seconds(e.timing.cpu), cycles_text(shown_cost(data, e.name)), speedup_text, efficiency,
                     ratio_text(compute, data.target) if compute else "—", runs_text(e.timing.rounds, e.timing.runs)])
        base = data.entry(e.variant_of) if e.variant_of else None
        variant = data.ratio(e.name, base.name) if base else None
        if base and variant:
            variants.append(f"`{e.name}` ({placement_text(e.environment, e.placement)}) takes "
                            f"{ratio_text(variant, data.target)} the time of `{base.name}` "
                            f"({placement_text(base.environment, base.placement)}), within each round")
    if not rows:
        return "## Multi-threaded\n\nNo parallel implementation was measured in this run."
    return "\n".join([
        "## Multi-threaded",
        "",
        table(["Implementation", "Threads", "Placement", "Median (95% interval)", "User+sys CPU",
               "Cycles / division / thread", "Speedup", "Efficiency", "Compute speedup", "Runs"], rows),
        "",
        "Speedup = the serial twin's time / this time, within each round (the median over the rounds, with "
        "its 95% interval); efficiency = speedup / threads. Compute speedup takes each program's start-up "
        "(its run at the start-up LIMIT in the same round) off both times first, so that a JIT's compile at "
        "start (numba's) does not count; it is shown for the Python rows. Never compare these rows with the "
        "single-threaded table without the thread count.",
        *(["", "**What placement buys:** " + "; ".join(variants) + "."] if variants else []),
    ])


def reference_section(data: BenchResult) -> str:
    refs = [x for x in data.implementations if x.kind == "reference"]
    if not refs:
        return ""
    rows = []
    for r in refs:
        vs_c = data.ratio("c", r.name)
        rows.append([f"`{r.name}`", r.version or "?", r.note, median_text(r.timing), seconds(r.startup.median),
                     ratio_text(vs_c, data.target) + " faster than `c`" if vs_c else "—"])
    return "\n".join([
        "## Reference: the same count by a better algorithm",
        "",
        "Not part of the language ranking: a different algorithm, shown so that the language "
        "differences above can be weighed against what the algorithm costs.",
        "",
        table(["Program", "Version", "What", "Median (95% interval)", "Start-up", "Vs trial division in C"], rows),
    ])


def imprecise_section(data: BenchResult) -> str:
    loose = [r for r in data.ratios if not is_precise(r, data.target)]
    if not loose:
        return ""
    return (f"**⚠ Imprecise when the budget ran out** (interval wider than ±{data.target:.0%}): "
            + "; ".join(f"{ratio_label(r)} {ratio_text(r, data.target)} over {r.rounds} rounds" for r in loose)
            + ". Their verdicts below say *undecided* where the interval crosses a bound.")


def ratio_label(r: Ratio) -> str:
    text = f"`{r.numerator}`/`{r.denominator}`"
    return f"({text}) / (`{r.over[0]}`/`{r.over[1]}`)" if r.over else text


def methodology_section(data: BenchResult) -> str:
    engine = data.session.settings
    timer = ("hyperfine times each program from exec to exit, with no shell in between (`--shell=none`); its own "
             "output goes to `build/bench/hyperfine.log`" if engine.timer == "hyperfine" else
             "the harness's own timer (hyperfine was not installed) times each program from spawn to reaping, "
             "with no shell in between, CPU time from os.wait4")
    return f"""\
## Methodology

- **Whole processes.** {timer}; interpreters are resolved to their real executable, so a version
  manager's shim is not timed. Start-up is measured separately (LIMIT={data.settings.startup_limit}) so
  it can be told apart from computing.
- **Interleaved rounds.** A round is one timer call over every program, in an order shuffled anew
  for each round from a recorded seed, so that a neighbour's load or a change of clock speed weighs on
  every program of a round alike. Every ratio is taken within each round, never between two blocks of
  runs. One untimed warm-up round comes first.
- **Other load.** A neighbour that takes a core slows a parallel program more than a serial one, which
  no interleaving cancels. Each round therefore records how much CPU time the whole machine spent
  outside the timed programs (from /proc/stat, steal included); a round with more than
  {DISTURBED:.2f} of a core of it is left out of medians and ratios, as long as {QUIET_ROUNDS} quiet
  rounds remain, and the rounds go on within the budget.
- **Intervals.** Each estimate is a median over the rounds with the median's own {engine.confidence:.0%}
  interval: the sign test's order statistics, widened for the correlation between neighbouring rounds
  (lag-1, as an AR(1) series: the standard error grows by √((1 + r)/(1 − r))). Rounds are added until
  every interval is within ±{engine.target_half_width:.0%} or the budget is spent; ⚠ marks what the
  budget left wider. An interval is *unbounded* when its rounds cannot bound it: too few of them, or
  neighbours so alike (r near 1, a trend) that they count as very few. A program's median and a ratio
  involving it are separate series, so one can be bounded and the other not.
- **Peak RSS** is the largest resident set of the process (or of its largest child, for the
  process pool), from one verified run.
- **Faithful.** Every program runs the article's loop: each n in [2, LIMIT) is tested by every i from
  2 while i·i ≤ n (Python: `range(2, int(n**0.5) + 1)`), with 64-bit integers in C as Go's `int`; no
  skipping of even numbers, no sieve. Parallel variants split that same outer loop into blocks handed
  out dynamically, because testing n costs up to √n divisions and equal static shares would leave the
  last worker alone with the hardest numbers.
- **Verified.** Every answer is compared with a count from an independent sieve before timing."""


def render(data: BenchResult, extra: list[str] | tuple[str, ...] = (), threads: ThreadsResult | None = None) -> str:
    """The Markdown report for a bench result, with `extra` sections before the methodology (and the
    thread sweep's compute speedups where there is one); the same result always renders the same text."""
    sections = [
        f"# Counting primes below {data.limit:,}: C, Go and Python on {data.environment.machine.cpu} "
        f"({data.environment.machine.online_cpus} CPUs)",
        "",
        "Rendered from `primes.json` beside this page (written by `make bench`), from this machine's runs alone; "
        "`make report` renders it again. Every machine side by side: [the cross-machine page](../../primes.md).",
        "",
        setup_section(data),
        absent_text(data),
        serial_section(data),
        parallel_section(data),
        staying_section(data, threads),
        imprecise_section(data),
        claims_section(data),
        gil_section(data),
        costs_section(data),
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
        figure("time", 1, alt, f"Median wall time at LIMIT = {data.limit:,} from `primes.json`, log "
               "axis; whiskers are each median's 95% interval, hollow markers where the rounds bound none. Parallel "
               "programs (squares) ran on every online CPU and are not ranked against serial ones (circles); the "
               "reference (triangle) is a sieve, a different algorithm."),
    ])


def crossing_text(result: Growth, sizes: list[int]) -> str:
    if result.crossing == "interpolated" and result.startup_dominates_below is not None:
        return f"≈ {float(f'{result.startup_dominates_below:.2g}'):,.0f}"
    share = f"{DOMINANT:.0%} of the time"
    if result.crossing == "below":
        return f"< {power(min(sizes))} (under {share} at every size)"
    return f"> {power(max(sizes))} (over {share} at every size)"


def growth_of(entry: ScalingEntry) -> Growth:
    return growth([p.limit for p in entry.points], [p.timing.median for p in entry.points], entry.startup.median)


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
    result = growth_of(entry)
    fallback = result.k is not None and not result.negligible
    k = "—" if result.k is None else f"{result.k:.2f}" + ("*" if fallback else "")
    fitted = ", ".join(power(n) for n in result.fit_sizes) if result.k is not None else "fewer than two sizes"
    threads = str(entry.threads) if entry.threads else "1"
    return [f"`{entry.name}`", threads, ", ".join(power(n) for n in sizes), seconds(entry.startup.median), k,
            fitted, crossing_text(result, sizes), skipped_text(entry.skipped, min_rounds)], fallback


def growth_alt(scaling: ScalingResult) -> str:
    parts = []
    for e in main_programs(scaling.implementations):
        k = growth_of(e).k
        parts.append(f"{e.name} up to {power(e.points[-1].limit)}" + ("" if k is None else f", slope {k:.2f}"))
    sizes = scaling.sizes
    return (f"Log-log plot of median time against LIMIT from {power(sizes[0])} to {power(sizes[-1])}, one line "
            "per main program: " + "; ".join(parts))


def growth_section(scaling: ScalingResult) -> str:
    env, settings = scaling.environment, scaling.settings
    rows, fallbacks = zip(*(growth_row(e, settings.min_rounds) for e in scaling.implementations))
    shown = ", ".join(f"`{e.name}`" for e in main_programs(scaling.implementations))
    sizes = scaling.sizes
    expected = trial_division_exponent(sizes[-2], sizes[-1]) if len(sizes) > 1 else WORK_EXPONENT
    lines = [
        "## Growth with LIMIT",
        "",
        f"Measured by `make scaling` on {env.date} ({env.machine.cpu}, {env.machine.online_cpus} "
        f"online CPUs; clock {clock_text(scaling.clock) if scaling.clock else 'not measured'}; source commit "
        f"`{commit_text(env.source.commit, env.source.dirty)}`) into "
        "`scaling.json` beside this page. Every size was verified before it was timed; each size, and start-up (LIMIT="
        f"{settings.startup_limit}), is one session of interleaved rounds over every implementation that fits "
        f"there, at least {settings.min_rounds} rounds after a warm-up round.",
        "",
        f"**Time budget:** {settings.budget_s:.0f} s of rounds per size. An implementation is skipped at a size, "
        f"and at every larger one, when {settings.min_rounds} of its runs are predicted to exceed the budget: a "
        f"run's time is predicted from the size below as time × (LIMIT ratio)^{settings.assumed_k}.",
        "",
        figure("growth", 2, growth_alt(scaling),
               f"Median wall time against LIMIT of {shown}, log-log "
               "(every program is in the table below); solid lines are serial programs, dashed parallel ones (on "
               "every online CPU). Whiskers are 95% intervals, hollow markers where the rounds bound none. A line's "
               "slope is its growth exponent; its flat start is start-up."),
        "",
        table(["Implementation", "Threads", "Sizes timed", "Start-up", "k", "Fitted over",
               "Start-up dominates below LIMIT", "Skipped (over the budget)"], list(rows)),
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


def threads_section(threads: ThreadsResult, bench: BenchResult | None = None) -> str:
    rows, twins = [], []
    wanted = threads.implementations[0].session.settings.target_half_width if threads.implementations else 0.02
    for e in threads.implementations:
        twins.append(f"`{e.twin}` {seconds(e.twin_timing.median)} (in the same rounds as `{e.name}`)")
        for p in e.points:
            rows.append([f"`{e.name}`", placement_text(e.environment, e.placement), f"{e.limit or threads.limit:,}",
                         str(p.threads), median_text(p.timing),
                         f"{ratio_text(p.speedup, wanted)} over `{e.twin}`",
                         efficiency_text(p.speedup, p.threads),
                         ratio_text(p.compute_speedup, wanted) if p.compute_speedup else "—",
                         runs_text(p.timing.rounds, p.timing.runs)])
    counts = ", ".join(map(str, threads.thread_counts))
    env = threads.environment
    return "\n".join([
        "## Thread scaling",
        "",
        f"Measured by `make scaling` on {env.date} (source commit "
        f"`{commit_text(env.source.commit, env.source.dirty)}`). "
        f"Each parallel implementation at LIMIT = {threads.limit:,} (ten times that where start-up, a JIT's "
        f"compile, is over half of a run there) on {counts} threads "
        f"({threads.online_cpus} online CPUs), from `threads.json` beside this page: every thread count and the serial "
        "twin in the same interleaved rounds, each verified before it was timed.",
        "",
        figure("threads", 3, f"Line plot of speedup over the serial twin against threads {counts} for each "
               "parallel implementation, with the ideal line speedup = threads",
               "Speedup over the serial twin (the twin's time / this time within each round, the median over the "
               "rounds); whiskers are its 95% interval, hollow markers where the rounds bound none. The dotted line "
               "is ideal scaling."),
        "",
        table(["Implementation", "Placement", "LIMIT", "Threads", "Median (95% interval)", "Speedup", "Efficiency",
               "Compute speedup", "Runs"], rows),
        "",
        "Efficiency = speedup / threads; compute speedup takes each start-up off first. Serial twins' medians: "
        + "; ".join(twins) + ". " + budget_text(threads),
        "",
        clock_note(threads, bench),
        *(["", efficiency_section(threads)] if efficiency_section(threads) else []),
    ])


def scaling_page(scaling: ScalingResult | None, threads: ThreadsResult | None) -> str:
    """The page of a host measured by make scaling alone, without make bench."""
    machine = (scaling or threads).environment.machine if (scaling or threads) else None
    title = f" on {machine.cpu} ({machine.online_cpus} CPUs)" if machine else ""
    sections = [f"# Growth and threads{title}", "",
                "Rendered from the JSON beside this page (written by `make scaling`), from this machine's runs alone; "
                "`make bench` has not run here. Every machine side by side: [the cross-machine page](../../primes.md).",
                "", growth_section(scaling) if scaling else "No `scaling.json` for this machine."]
    if threads:
        sections += ["", threads_section(threads)]
    return "\n".join(sections) + "\n"


def document(data: BenchResult, scaling: ScalingResult | None, threads: ThreadsResult | None) -> str:
    """The whole of primes.md: render(data) with the figure and the scaling sections."""
    sections = [time_figure_section(data)]
    sections.append(growth_section(scaling) if scaling else
                    "## Growth with LIMIT\n\nNo `scaling.json` for this machine: run `make scaling` on it.")
    if threads:
        sections.append(threads_section(threads, data))
    return render(data, sections, threads)
