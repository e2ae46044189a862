"""make scaling's measurement: every implementation over LIMIT = 10^3 ... 10^7, each parallel one over threads.

Each size is one session of interleaved rounds over every implementation that fits the budget there;
each parallel implementation's thread counts share their rounds with its serial twin."""

from __future__ import annotations

from bench.analyse.derive import derive
from bench.analyse.growth import WORK_EXPONENT
from bench.analyse.rounds import RatioSpec, startup_job
from bench.core import environment
from bench.core.manifest import Implementation, first_line
from bench.core.results import (
    Plan,
    ScalingEntry,
    ScalingResult,
    ScalingSettings,
    SizePoint,
    SizeSession,
    Skipped,
    ThreadPoint,
    ThreadsEntry,
    ThreadsResult,
    file_format,
)
from bench.measure import clock
from bench.measure.rounds import Job, Log, default_timer, run_rounds, start_log
from bench.measure.verify import STARTUP_LIMIT, threads_for, verify

SIZES = (10**3, 10**4, 10**5, 10**6, 10**7)
THREADS_LIMIT = 10**6
ASSUMED_K = WORK_EXPONENT  # trial division's growth, to predict a size's time from the one below it
MIN_ROUNDS = 3  # rounds of every size: the growth fit needs medians, not ratios to 2%
DEFAULT_BUDGET_S = 120.0  # seconds of rounds per size; an implementation whose MIN_ROUNDS runs exceed it is skipped
THREADS_BUDGET_S = 60.0  # seconds of rounds per parallel implementation and its twin
# A sweep whose rounds are long (the Python rows on a slow machine) gets the budget of this many rounds,
# up to three times THREADS_BUDGET_S: fewer rounds leave its intervals unbounded.
SWEEP_ROUNDS = 12
STARTUP_SHARE = 0.5  # start-up above this share of a run at THREADS_LIMIT: its threads are timed at 10x


def thread_counts(cpus: int) -> list[int]:
    """1, 2, 4, ... below cpus, then cpus itself."""
    counts = [1]
    while counts[-1] * 2 < cpus:
        counts.append(counts[-1] * 2)
    return counts + ([cpus] if cpus > 1 else [])


def verify_sizes(impl: Implementation, budget: float, log: Log,
                 startup: float = 0.0) -> tuple[list[tuple[int, int, float]], list[Skipped]]:
    """Verify impl at each size whose MIN_ROUNDS runs fit the budget: (LIMIT, count, seconds of the
    run) of each size verified, and the sizes skipped with why. A size's run time is predicted from
    the size below: its start-up (`startup`, one run at STARTUP_LIMIT), which does not grow, and the
    rest of its time x (LIMIT ratio)^ASSUMED_K."""
    verified: list[tuple[int, int, float]] = []
    skipped: list[Skipped] = []
    for size in SIZES:
        if verified:
            last_limit, _, last_seconds = verified[-1]
            predicted = startup + max(0.0, last_seconds - startup) * (size / last_limit) ** ASSUMED_K
            if skipped:
                skipped.append(Skipped(limit=size, reason="a smaller size was over the budget"))
                continue
            if predicted * (MIN_ROUNDS + 1) > budget:  # the warm-up round runs it once more
                skipped.append(Skipped(limit=size, reason="over the budget", predicted_s=predicted,
                                       predicted_rounds_s=predicted * (MIN_ROUNDS + 1)))
                continue
        log(f"verify LIMIT={size}")
        answer = verify(impl, size)
        verified.append((size, answer.expected, answer.seconds))
    return verified, skipped


def scaling(impls: list[Implementation], budget: float, seed: int, log: Log) -> ScalingResult:
    """Verify every implementation at every size that fits, then time each size in one session."""
    start_log(f"make scaling, seed {seed}")
    sizes: dict[str, list[tuple[int, int, float]]] = {}
    skipped: dict[str, list[Skipped]] = {}
    startups: dict[str, float] = {}
    for i, impl in enumerate(impls, 1):
        named = prefixed(log, i, len(impls), impl.name)
        startups[impl.name] = verify(impl, STARTUP_LIMIT).seconds
        sizes[impl.name], skipped[impl.name] = verify_sizes(impl, budget, named, startups[impl.name])
    by_name = {impl.name: impl for impl in impls}
    clock_jobs, clock_seconds = clock.clock_jobs(log)
    sessions = []
    for index, limit in enumerate([STARTUP_LIMIT, *SIZES]):
        if limit == STARTUP_LIMIT:
            seconds = dict(startups)
        else:
            seconds = {name: s for name, points in sizes.items() for size, _, s in points if size == limit}
        if not seconds:
            continue
        jobs = [Job.of(by_name[name], limit, threads_for(by_name[name])) for name in seconds]
        log(f"rounds at LIMIT={limit}: {', '.join(seconds)}")
        plan = Plan(seed=seed + index, budget_s=budget, min_rounds=MIN_ROUNDS,
                    round_seconds=1.0 if limit == STARTUP_LIMIT else 3.0, timer=default_timer())
        session, _ = run_rounds(jobs + clock_jobs, [], {**seconds, **clock_seconds}, plan, log)
        sessions.append(SizeSession(limit=limit, session=session))
    entries = [ScalingEntry(
        name=impl.name, language=impl.language, kind=impl.kind, twin=impl.twin, threads=threads_for(impl),
        version=first_line(impl.version), command=impl.command("LIMIT", threads_for(impl)),
        points=[SizePoint(limit=limit, expected=expected, verify_seconds=seconds)
                for limit, expected, seconds in sizes[impl.name]],
        skipped=skipped[impl.name], environment=impl.env or None,
    ) for impl in impls]
    return derive(ScalingResult(schema=file_format(ScalingResult).version, sizes=list(SIZES),
                                settings=settings_record(budget), environment=environment.capture(impls),
                                implementations=entries, sessions=sessions, clock=clock.clock_record(clock_jobs)))


def measure_threads(impl: Implementation, twin: Implementation, limit: int, counts: list[int], seed: int,
                    log: Log, budget: float = THREADS_BUDGET_S, base: Implementation | None = None) -> ThreadsEntry:
    """impl at limit over each thread count and its serial twin, verified, then timed in the same rounds,
    each with its start-up (the same command at the start-up LIMIT) so that every loss of efficiency
    can be told apart; with `base`, the program a placement variant runs another way, on the most
    threads in the same rounds, so that what the placement buys is a ratio within rounds."""
    seconds: dict[str, float] = {}
    jobs: list[Job] = []
    runs = [(twin, None, twin.name)] + [(impl, n, f"{impl.name}@{n}") for n in counts]
    for program, threads, name in runs:
        seconds[name] = verify(program, limit, threads).seconds
        seconds[startup_job(name)] = verify(program, STARTUP_LIMIT, threads).seconds
        jobs += [Job.of(program, limit, threads, name), Job.of(program, STARTUP_LIMIT, threads, startup_job(name))]
    specs = [RatioSpec(twin.name, f"{impl.name}@{threads}", compute=compute)
             for compute in (False, True) for threads in counts]
    if base:
        most = f"{base.name}@{counts[-1]}"
        seconds[most] = verify(base, limit, counts[-1]).seconds
        jobs.append(Job.of(base, limit, counts[-1], most))
        specs.append(RatioSpec(most, f"{impl.name}@{counts[-1]}"))
    clock_jobs, clock_seconds = clock.clock_jobs(log)
    jobs += clock_jobs
    seconds.update(clock_seconds)
    budget = sweep_budget(budget, sum(seconds.values()))
    log(f"rounds of {twin.name} and {impl.name} on {', '.join(map(str, counts))} threads, with their start-ups, "
        f"budget {budget:.0f} s")
    plan = Plan(seed=seed, budget_s=budget, min_rounds=5, timer=default_timer())
    session, _ = run_rounds(jobs, specs, seconds, plan, log, always=tuple(job.name for job in clock_jobs))
    return ThreadsEntry(name=impl.name, language=impl.language, twin=twin.name, version=first_line(impl.version),
                        points=[ThreadPoint(threads=n) for n in counts], session=session,
                        environment=impl.env or None, placement=impl.placement or None,
                        clock=clock.clock_record(clock_jobs), budget_s=budget if budget != THREADS_BUDGET_S else None,
                        variant_of=base.name if base else None, block=impl.block,
                        schedule=impl.schedule if impl.block else None)


def sweep_budget(budget: float, round_s: float) -> float:
    """A sweep's budget: `budget`, or what SWEEP_ROUNDS rounds of round_s seconds take where that is more,
    up to three times THREADS_BUDGET_S."""
    return max(budget, min(SWEEP_ROUNDS * round_s, 3 * THREADS_BUDGET_S))


def prefixed(log: Log, i: int, total: int, name: str) -> Log:
    """log with each line starting "[i/total] name"."""
    return lambda line: log(f"[{i}/{total}] {name} {line}")


def settings_record(budget: float) -> ScalingSettings:
    return ScalingSettings(budget_s=budget, assumed_k=ASSUMED_K, min_rounds=MIN_ROUNDS, startup_limit=STARTUP_LIMIT,
                           startup_apart=True)


def swept(impls: list[Implementation]) -> list[Implementation]:
    """The implementations whose threads make scaling sweeps: every parallel one with a serial twin."""
    return [i for i in impls if i.kind == "parallel" and i.twin]


def threads(impls: list[Implementation], twins: dict[str, Implementation], limit: int, seed: int,
            log: Log) -> ThreadsResult:
    """Each parallel implementation over thread counts, against its twin; a placement variant also
    against the program it varies, where that one is swept too."""
    by_name = {i.name: i for i in impls}
    cpus = environment.online_cpus()
    counts = thread_counts(cpus)
    entries = []
    for i, impl in enumerate(impls, 1):
        # Ten times the limit where the start-up (a JIT's compile) is more than half of the run there, so that
        # the speedups are about computing, not about compiling; three times the budget for runs ten times
        # longer, enough rounds for bounded intervals.
        longer = verify(impl, STARTUP_LIMIT).seconds > STARTUP_SHARE * verify(impl, limit).seconds
        own, budget = (limit * 10, THREADS_BUDGET_S * 3) if longer else (limit, THREADS_BUDGET_S)
        entry = measure_threads(impl, twins[impl.name], own, counts, seed + i, prefixed(log, i, len(impls), impl.name),
                                budget, by_name.get(impl.variant_of or ""))
        if longer:
            entry.limit = own
        entries.append(entry)
    return derive(ThreadsResult(schema=file_format(ThreadsResult).version, limit=limit, online_cpus=cpus,
                                thread_counts=counts, settings=settings_record(THREADS_BUDGET_S),
                                environment=environment.capture(impls + list(twins.values())),
                                implementations=entries))
