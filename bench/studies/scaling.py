"""make scaling (docs/method.md, Growth and Scaling): every implementation over LIMIT = 10^3 ... 10^7, a session
of rounds per size, each parallel one over its threads with its serial twin; the growth fit; scaling.md."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from bench.analyse.derive import DERIVE, possible, scaling_timings
from bench.analyse.rounds import RatioSpec, measurable, startup_job
from bench.core import environment, results
from bench.core.manifest import Implementation, first_line
from bench.core.results import CHECKS, ScalingResult, SchemaError, SizePoint, Skipped, ThreadsEntry, ThreadsResult
from bench.measure.rounds import Job, Log, clock_jobs, clock_record, default_timer, run_rounds, start_log
from bench.measure.verify import STARTUP_LIMIT, threads_for, verify
from bench.render.format import (
    HIDDEN,
    NONE,
    STARTUP,
    code,
    commit,
    estimate,
    factor,
    link,
    marks,
    ms,
    power,
    seconds,
    section,
    table,
)
from bench.render.host import FIGURES, machine_name

SIZES = (10**3, 10**4, 10**5, 10**6, 10**7)
THREADS_LIMIT = 10**6
ASSUMED_K = 1.5  # trial division's work, LIMIT^1.5 / ln LIMIT: a size's time predicted from the one below it
MIN_ROUNDS = 3  # rounds of every size: the growth fit needs medians, not ratios to 2%
DEFAULT_BUDGET_S = 120.0  # seconds of rounds per size; an implementation whose MIN_ROUNDS runs exceed it is skipped
THREADS_BUDGET_S = 60.0  # seconds of rounds per parallel implementation and its twin
SWEEP_ROUNDS = 12  # rounds a sweep of long rounds gets, up to 3 x THREADS_BUDGET_S: fewer leave it unbounded
NEGLIGIBLE = 0.05  # start-up at most this share of the time: the size shows the growth of the work alone
DOMINANT = 0.5  # start-up above this share dominates the time; a sweep's threads are then timed at 10x LIMIT


def measure(impls: list[Implementation], twin: Callable[[str], Implementation], budget: float, threads_limit: int,
            seed: int, log: Log) -> dict[str, ScalingResult | ThreadsResult]:
    """scaling.json's record, and threads.json's where impls hold a parallel implementation with a twin."""
    log(f"scaling: {', '.join(i.name for i in impls)} over LIMIT={','.join(map(str, SIZES))}, "
        f"budget {budget:.0f} s per size, seed {seed}")
    records: dict[str, ScalingResult | ThreadsResult] = {"scaling.json": scaling(impls, budget, seed, log)}
    if parallel := swept(impls):
        log(f"threads: {', '.join(i.name for i in parallel)} at LIMIT={threads_limit}")
        records["threads.json"] = threads(parallel, twin, threads_limit, seed, log)
    return records


def swept(impls: list[Implementation]) -> list[Implementation]:
    """The implementations whose threads make scaling sweeps: every parallel one with a serial twin."""
    return [i for i in impls if i.kind == "parallel" and i.twin]


def thread_counts(cpus: int) -> list[int]:
    """1, 2, 4, ... below cpus, then cpus itself."""
    return [n for n in (2**i for i in range(cpus.bit_length())) if n < cpus] + [cpus]


def prefixed(log: Log, i: int, total: int, name: str) -> Log:
    return lambda line: log(f"[{i}/{total}] {name} {line}")


def settings_record(budget: float) -> results.ScalingSettings:
    return results.ScalingSettings(budget_s=budget, assumed_k=ASSUMED_K, min_rounds=MIN_ROUNDS,
                                   startup_limit=STARTUP_LIMIT, startup_apart=True)


def verify_sizes(impl: Implementation, budget: float, log: Log,
                 startup: float = 0.0) -> tuple[list[SizePoint], list[Skipped]]:
    """Each size whose MIN_ROUNDS runs and warm-up, predicted from the size below as start-up plus the rest
    x (LIMIT ratio)^ASSUMED_K, fit the budget, verified; from the first that does not, every size skipped."""
    verified: list[SizePoint] = []
    for index, size in enumerate(SIZES):
        if verified:
            last = verified[-1]
            predicted = startup + max(0.0, last.verify_seconds - startup) * (size / last.limit) ** ASSUMED_K
            if predicted * (MIN_ROUNDS + 1) > budget:
                return verified, [Skipped(limit=size, reason="over the budget", predicted_s=predicted,
                                          predicted_rounds_s=predicted * (MIN_ROUNDS + 1)),
                                  *(Skipped(limit=n, reason="a smaller size was over the budget")
                                    for n in SIZES[index + 1:])]
        log(f"verify LIMIT={size}")
        answer = verify(impl, size)
        verified.append(SizePoint(limit=size, expected=answer.expected, verify_seconds=answer.seconds))
    return verified, []


def scaling(impls: list[Implementation], budget: float, seed: int, log: Log) -> ScalingResult:
    """Verify every implementation at every size that fits, then time each size in one session."""
    start_log(f"make scaling, seed {seed}")
    by_name = {impl.name: impl for impl in impls}
    startups, checked = {}, {}
    for i, impl in enumerate(impls, 1):
        startups[impl.name] = verify(impl, STARTUP_LIMIT).seconds
        checked[impl.name] = verify_sizes(impl, budget, prefixed(log, i, len(impls), impl.name), startups[impl.name])
    clocks, clock_seconds = clock_jobs(log)
    sessions = []
    for index, limit in enumerate([STARTUP_LIMIT, *SIZES]):
        times = startups if limit == STARTUP_LIMIT else {
            name: p.verify_seconds for name, (points, _) in checked.items() for p in points if p.limit == limit}
        if not times:
            continue
        log(f"rounds at LIMIT={limit}: {', '.join(times)}")
        plan = results.Plan(seed=seed + index, budget_s=budget, min_rounds=MIN_ROUNDS,
                            round_seconds=1.0 if limit == STARTUP_LIMIT else 3.0, timer=default_timer())
        jobs = [Job.of(by_name[name], limit, threads_for(by_name[name])) for name in times]
        session, _ = run_rounds(jobs + clocks, [], {**times, **clock_seconds}, plan, log)
        sessions.append(results.SizeSession(limit=limit, session=session))
    entries = [results.ScalingEntry(
        name=impl.name, language=impl.language, kind=impl.kind, twin=impl.twin, threads=threads_for(impl),
        version=first_line(impl.version), command=impl.command("LIMIT", threads_for(impl)),
        points=checked[impl.name][0], skipped=checked[impl.name][1], environment=impl.env or None) for impl in impls]
    return ScalingResult(schema=results.file_format(ScalingResult).version, sizes=list(SIZES),
                         settings=settings_record(budget), environment=environment.capture(impls),
                         implementations=entries, sessions=sessions, clock=clock_record(clocks))


def measure_threads(impl: Implementation, twin: Implementation, limit: int, counts: list[int], seed: int,
                    log: Log, budget: float = THREADS_BUDGET_S, base: Implementation | None = None) -> ThreadsEntry:
    """impl at limit on each thread count and its serial twin, each with its start-up, verified then timed in
    the same rounds; with `base` (the program a placement variant varies) on the most threads there too."""
    times: dict[str, float] = {}
    jobs = []
    for program, threads, name in [(twin, None, twin.name)] + [(impl, n, f"{impl.name}@{n}") for n in counts]:
        times[name] = verify(program, limit, threads).seconds
        times[startup_job(name)] = verify(program, STARTUP_LIMIT, threads).seconds
        jobs += [Job.of(program, limit, threads, name), Job.of(program, STARTUP_LIMIT, threads, startup_job(name))]
    specs = [RatioSpec(twin.name, f"{impl.name}@{n}", compute=compute) for compute in (False, True) for n in counts]
    if base:
        most = f"{base.name}@{counts[-1]}"
        times[most] = verify(base, limit, counts[-1]).seconds
        jobs.append(Job.of(base, limit, counts[-1], most))
        specs.append(RatioSpec(most, f"{impl.name}@{counts[-1]}"))
    clocks, clock_seconds = clock_jobs(log)
    times.update(clock_seconds)
    budget = sweep_budget(budget, sum(times.values()))
    log(f"rounds of {twin.name} and {impl.name} on {', '.join(map(str, counts))} threads, with their start-ups, "
        f"budget {budget:.0f} s")
    plan = results.Plan(seed=seed, budget_s=budget, min_rounds=5, timer=default_timer())
    session, _ = run_rounds(jobs + clocks, specs, times, plan, log, always=tuple(j.name for j in clocks))
    return ThreadsEntry(
        name=impl.name, language=impl.language, twin=twin.name, version=first_line(impl.version),
        points=[results.ThreadPoint(threads=n) for n in counts], session=session, environment=impl.env or None,
        placement=impl.placement or None, clock=clock_record(clocks),
        budget_s=budget if budget != THREADS_BUDGET_S else None, variant_of=base.name if base else None,
        block=impl.block, schedule=impl.schedule if impl.block else None)


def sweep_budget(budget: float, round_s: float) -> float:
    """`budget`, or SWEEP_ROUNDS rounds of round_s seconds where that is more, up to 3 x THREADS_BUDGET_S."""
    return max(budget, min(SWEEP_ROUNDS * round_s, 3 * THREADS_BUDGET_S))


def threads(impls: list[Implementation], twin: Callable[[str], Implementation], limit: int, seed: int,
            log: Log) -> ThreadsResult:
    """Each parallel implementation over thread counts against its twin (a placement variant also against the
    program it varies); at 10 x limit with 3 x the budget where start-up (a JIT's compile) dominates at limit."""
    by_name = {i.name: i for i in impls}
    counts = thread_counts(cpus := environment.online_cpus())
    entries = []
    for i, impl in enumerate(impls, 1):
        longer = verify(impl, STARTUP_LIMIT).seconds > DOMINANT * verify(impl, limit).seconds
        entry = measure_threads(impl, twin(impl.twin), limit * 10 if longer else limit, counts, seed + i,
                                prefixed(log, i, len(impls), impl.name), THREADS_BUDGET_S * (3 if longer else 1),
                                by_name.get(impl.variant_of or ""))
        entry.limit = limit * 10 if longer else None
        entries.append(entry)
    return ThreadsResult(schema=results.file_format(ThreadsResult).version, limit=limit, online_cpus=cpus,
                         thread_counts=counts, settings=settings_record(THREADS_BUDGET_S),
                         environment=environment.capture(impls + [twin(i.twin) for i in impls]),
                         implementations=entries)


@dataclass(frozen=True)
class Growth:
    k: float | None  # fitted exponent, None when fewer than two sizes qualify
    fit_sizes: tuple[int, ...]
    negligible: bool  # start-up at most NEGLIGIBLE of the time at every fitted size
    startup_dominates_below: float | None  # LIMIT where start-up is half the time, where interpolated
    crossing: str  # "interpolated", "below" (start-up under half at every size) or "above" (over half at all)


def fit_exponent(sizes: list[int], seconds: list[float]) -> tuple[float, float]:
    """Least-squares k and c of seconds = c * size^k on log-log axes; ValueError without two distinct sizes."""
    k, log_c = statistics.linear_regression(list(map(math.log, sizes)), list(map(math.log, seconds)))
    return k, math.exp(log_c)


def startup_crossing(sizes: list[int], seconds: list[float], startup: float) -> tuple[float | None, str]:
    """The LIMIT at which compute time (time minus start-up) equals start-up, interpolated on log-log axes."""
    points = sorted(zip(sizes, seconds))
    threshold = startup / DOMINANT
    if points[0][1] >= threshold:
        return None, "below"
    for (n0, t0), (n1, t1) in zip(points, points[1:]):
        if t0 < threshold <= t1:
            # compute time where it is positive at both ends, else the whole time, on a straight line
            y0, y1, y = (t0 - startup, t1 - startup, startup) if t0 > startup else (t0, t1, threshold)
            return math.exp(math.log(n0) + math.log(y / y0) / math.log(y1 / y0) * math.log(n1 / n0)), "interpolated"
    return None, "above"


def growth(sizes: list[int], seconds: list[float], startup: float) -> Growth:
    """The exponent of compute time over the sizes where start-up is negligible; where fewer than two are,
    over those where it is under half the time, and the result says so."""
    crossing, where = startup_crossing(sizes, seconds, startup)
    negligible = [(n, t) for n, t in zip(sizes, seconds) if startup <= NEGLIGIBLE * t]
    usable = negligible if len(negligible) >= 2 else [(n, t) for n, t in zip(sizes, seconds) if startup < DOMINANT * t]
    k = fit_exponent([n for n, _ in usable], [t - startup for _, t in usable])[0] if len(usable) >= 2 else None
    return Growth(k, tuple(n for n, _ in usable), len(negligible) >= 2, crossing, where)


def derive_scaling(data: ScalingResult) -> None:
    """derive's timings, and a SchemaError where a program's fitted growth (the page's k) lies beyond the growth rule
    (results.CHECKS): trial division's work grows as LIMIT^1.5 / log LIMIT, k about 1.4 (committed fits: 1.15 to
    1.44, over sizes ten times apart); more divisions never take less time."""
    scaling_timings(data)
    for e in data.implementations:
        first = e.skipped[0] if e.skipped else None
        for took, limit, what in [*((p.verify_seconds, p.limit, "verify_seconds") for p in e.points),
                                  *([(first.predicted_s, first.limit, "predicted_s")] if first and first.predicted_s
                                    else [])]:
            if e.kind != "reference":  # a prediction no faster than a run could be either
                possible(took, limit, e.threads, data.environment.machine.usable_cpus,
                         f"implementations.{e.name}.{limit}.{what}")
        slow = next((p for p in e.points if p.verify_seconds > 10 * p.timing.estimate + 1), None)
        if slow:  # a size's verification run predicts the next size's, which a skipped size shows
            raise SchemaError(f"implementations.{e.name}.points.{slow.limit}.verify_seconds: {slow.verify_seconds:g}, "
                              f"above 10× its median {slow.timing.estimate:g} s and a second")
        fit = growth([p.limit for p in e.points], [p.timing.estimate for p in e.points], e.startup.estimate)
        if fit.k is not None and not CHECKS["growth"][0](fit.k):
            raise SchemaError(f"implementations.{e.name}: its time grows as LIMIT^{fit.k:.2f} over "
                              f"{', '.join(f'{n:,}' for n in fit.fit_sizes)}, not as trial division's work")


DERIVE[ScalingResult] = derive_scaling


def growth_section(data: ScalingResult) -> str:
    rows = []
    for e in data.implementations:
        sizes = [p.limit for p in e.points]
        fit = growth(sizes, [p.timing.estimate for p in e.points], e.startup.estimate)
        crossing = (f"≈ {float(f'{fit.startup_dominates_below:.2g}'):,.0f}" if fit.crossing == "interpolated" else
                    f"< {power(min(sizes))}" if fit.crossing == "below" else f"> {power(max(sizes))}")
        first = e.skipped[0] if e.skipped else None
        skipped = first and f"{power(first.limit)}+ (" + (
            NONE if first.predicted_rounds_s is None else seconds(first.predicted_rounds_s)) + ")"
        rows.append([code(e.name), str(e.threads or 1), f"{power(sizes[0])}–{power(sizes[-1])}", ms(e.startup.estimate),
                     NONE if fit.k is None else f"{fit.k:.2f}" + ("" if fit.negligible else " " + STARTUP),
                     ", ".join(power(n) for n in fit.fit_sizes) or NONE, crossing, skipped or NONE])
    low, high = power(data.sizes[0]), power(data.sizes[-1])
    return section("Growth with LIMIT", f"![Median time against LIMIT, {low} to {high}, log-log]({FIGURES['growth']})",
                   table(["program", "workers", "sizes timed", "start-up [ms]", link("k", "growth", 3), "fitted over",
                          "start-up dominates below LIMIT", "skipped from (its rounds predicted to take)"], rows,
                         "lrlrrlll"))


def compute_cell(e: ThreadsEntry, p) -> str:
    """The compute speedup; none, flagged, where either side's compute time is under a tenth of its run."""
    if p.compute_speedup is None:
        return NONE
    sides = ((f"{e.name}@{p.threads}", p.timing, p.startup), (e.twin, e.twin_timing, e.twin_startup))
    quiet = all(s is not None and measurable(n, t, s, e.session.rounds) for n, t, s in sides)
    return factor(p.compute_speedup) if quiet else f"{NONE} {HIDDEN}"


def threads_section(data: ThreadsResult) -> str:
    rows = [[code(e.name), f"{e.limit or data.limit:,}", str(p.threads), ms(p.timing.estimate), factor(p.speedup),
             (f"{p.speedup.estimate / p.threads:.0%}" if p.speedup.half_width is not None else "unbounded")
             + marks(p.speedup), compute_cell(e, p),
             str(p.timing.rounds)] for e in data.implementations for p in e.points]
    parts = [[code(e.name), str(b.threads), ms(b.ideal), ms(b.measured),
              *[NONE if v is None else ms(v) for v in (b.serial_start, b.thread_start, b.per_worker, b.tail, b.rest)],
              str(b.rounds or NONE)] for e in data.implementations for p in e.points if (b := p.breakdown)]
    clocks = [[code(e.name), code(e.twin), ms(e.twin_timing.estimate),
               estimate(e.clock.mhz, "{:,.0f}".format) if e.clock else NONE,
               f"{data.settings.budget_s if e.budget_s is None else e.budget_s:.0f}"] for e in data.implementations]
    lost = table(["program", "workers", "ideal [ms]", "measured [ms]", "process start [ms]",
                  "thread or pool start [ms]", "per-worker slowdown [ms]", "tail [ms]", "the rest [ms]", "rounds"],
                 parts, "lrrrrrrrrr")
    counts = ", ".join(map(str, data.thread_counts))
    return section("Thread scaling",
                   f"![× faster than the serial version against workers {counts}, ideal line]({FIGURES['threads']})",
                   table(["program", "LIMIT", "workers", "median [ms]", "× faster than its serial version",
                          "efficiency", "compute, × faster", "rounds"], rows, "lrrrllll"),
                   table(["program", "serial version", "its median [ms]", "clock [MHz]", "budget [s]"], clocks,
                         "llrlr"),
                   lost and f"### {link('Where the efficiency goes', 'efficiency', 3)}\n\n{lost}")


def page(scaling: ScalingResult | None, threads: ThreadsResult | None, bench: results.BenchResult | None = None,
         here: str = "scaling.md") -> str:
    """scaling.md beside a bench's page, or the only page of a host measured by make scaling alone."""
    env = (scaling or threads).environment
    pages = [("primes.md", "this machine's answer")] * (bench is not None and here != "primes.md")
    line = [code(env.date[:10]), commit(env.source, cell=False),
            *(f"[{text}]({path})" for path, text in [*pages, ("../../primes.md", "every machine")]),
            link("how to read this page", "scaling", 3)]
    sections = [f"# Growth and threads on {machine_name(env.machine, cell=False)}, {env.machine.online_cpus} CPUs",
                " · ".join(line), growth_section(scaling) if scaling else f"{NONE} `scaling.json`",
                threads_section(threads) if threads else ""]
    return "\n\n".join(s for s in sections if s) + "\n"
