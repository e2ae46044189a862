"""make bench's measurement: verify every implementation's answer, then time them all together in
interleaved rounds, each at LIMIT and at the start-up LIMIT in the same rounds."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor

from bench.analyse.rounds import RatioSpec, startup_job
from bench.core import article, environment
from bench.core.manifest import Implementation, first_line
from bench.core.results import BenchEntry, BenchResult, Prebuilt, file_format
from bench.core.vectors import expected_for
from bench.measure.rounds import Job, Log, clock_jobs, clock_record, giving_up, run_rounds, start_log
from bench.measure.verify import STARTUP_LIMIT, BenchError, threads_for, verify

# Seconds a round of every command lasts where its programs are short (a small LIMIT): each command's
# runs fill its equal share. At LIMIT 1,000,000 every program takes longer than its share and runs once.
ROUND_SECONDS = 1.5

COMPUTE_LIMIT = article.COMPUTE_LIMIT
# Seconds of rounds below COMPUTE_LIMIT, where process start is most of every run: a quick look, whose
# page says which ratios that budget could not narrow.
SMALL_LIMIT_BUDGET = 30.0
DEFAULT_BUDGET = 150.0  # seconds of rounds at LIMIT


# The most the GIL study's rows grow the default budget by: at LIMIT=1,000,000 they take about as long
# as every other program together, and make bench stays within about five minutes of rounds.
MAX_GROWTH = 2.0


def grown_budget(budget: float, seconds: dict[str, float]) -> float:
    """The default budget grown by the share of a round that the GIL study's rows (article.GIL_STUDY) take,
    given each program's seconds at LIMIT, at most MAX_GROWTH times: the other programs keep the rounds they
    would have had without them, and the study's ratios, which steer too, get rounds of their own."""
    study = sum(t for name, t in seconds.items() if name in article.GIL_STUDY)
    rest = sum(t for name, t in seconds.items() if name not in article.GIL_STUDY)
    if not study:
        return budget
    return min(budget * (rest + study) / rest, MAX_GROWTH * budget) if rest > 0 else MAX_GROWTH * budget


def ratio_specs(impls: list[Implementation], limit: int = COMPUTE_LIMIT) -> list[RatioSpec]:
    """Every ratio the report shows, the compute ratios (start-up taken off within each round) only from
    COMPUTE_LIMIT up. Those of the first table, of the claims and of the GIL's A/B steer the rounds
    (article.steering); the others are reported at the precision those rounds give them."""
    names = {i.name for i in impls}
    steering = article.steering({i.name: i.twin for i in impls})
    specs: list[RatioSpec] = []

    def add(numerator: str, denominator: str, over: tuple[str, str] | None = None, compute: bool = False) -> None:
        spec = RatioSpec(numerator, denominator, over, compute,
                         steers=(numerator, denominator, over, compute) in steering)
        if numerator != denominator and {numerator, denominator, *(over or ())} <= names and spec not in specs:
            specs.append(spec)

    for impl in impls:
        add("python", impl.name)
        if impl.kind == "serial":
            add(impl.name, "c")
        if impl.kind == "reference":
            add("c", impl.name)
        if impl.kind == "parallel" and impl.twin:
            add(impl.twin, impl.name)
        if impl.variant_of:
            add(impl.name, impl.variant_of)
    for parallel, serial in article.GAPS:
        add(*parallel, over=serial)
    for numerator, denominator in article.SERIAL_COST:
        add(numerator, denominator)
    for impl in impls if limit >= COMPUTE_LIMIT else []:
        if impl.language == "Python" and impl.kind == "serial":
            add(impl.name, "c", compute=True)
            add(impl.name, "go", compute=True)
        if impl.language == "Python" and impl.kind == "parallel" and impl.twin:
            add(impl.twin, impl.name, compute=True)
    return specs


def bench(impls: list[Implementation], limit: int, seed: int, budget: float | None, timer: str, log: Log = print,
          absent: dict[str, str] | None = None, prebuilt: Prebuilt | None = None) -> BenchResult:
    """Verify every implementation at LIMIT and at the start-up LIMIT, then time both in the same rounds, with no
    warm-up (the verification runs were one) and the ratios out of the budget's reach given up. `budget` None: the
    default (DEFAULT_BUDGET, SMALL_LIMIT_BUDGET below COMPUTE_LIMIT), grown by the GIL study's rows (grown_budget).
    `absent` names the manifest's implementations that cannot run here, with why, for the report."""
    default = DEFAULT_BUDGET if limit >= COMPUTE_LIMIT else SMALL_LIMIT_BUDGET
    plan = giving_up(seed=seed, budget_s=default if budget is None else budget, timer=timer,
                     round_seconds=ROUND_SECONDS, warmup_rounds=0)
    expected = expected_for(limit)
    start_log(f"make bench, LIMIT={limit}, seed {plan.seed}")
    answers, startups = {}, {}
    absent = dict(absent or {})
    for i, impl in enumerate(impls, 1):
        log(f"[{i}/{len(impls)}] verify {impl.name}: LIMIT={limit}, expecting {expected}")
        try:
            answers[impl.name] = verify(impl, limit)
            startups[impl.name] = verify(impl, STARTUP_LIMIT).seconds
        except BenchError as error:
            if not impl.optional:
                raise
            # An optional row that cannot run here is left out, and the page says why.
            log(f"[{i}/{len(impls)}] {impl.name} left out: {error}")
            absent[impl.name] = f"its verification run failed: {error}"
    impls = [impl for impl in impls if impl.name not in absent]
    jobs = [Job.of(impl, limit, threads_for(impl)) for impl in impls]
    at_limit = {impl.name: answers[impl.name].seconds for impl in impls}
    seconds = dict(at_limit)
    # Every program's start-up runs in the same rounds: its Start-up and Compute columns, the compute
    # ratios and the costs per division all come from those runs.
    for impl in impls:
        jobs.append(Job.of(impl, STARTUP_LIMIT, threads_for(impl), startup_job(impl.name)))
        seconds[startup_job(impl.name)] = startups[impl.name]
    clocks, clock_seconds = clock_jobs(log)
    jobs += clocks
    seconds.update(clock_seconds)
    if budget is None:
        grown = grown_budget(plan.budget_s, at_limit)
        if grown > plan.budget_s:
            study = ", ".join(i.name for i in impls if i.name in article.GIL_STUDY)
            log(f"budget {plan.budget_s:.0f} s grown to {grown:.0f} s by the GIL study's rows ({study}), "
                "so that the others keep their rounds")
            plan = dataclasses.replace(plan, budget_s=grown)
    log(f"rounds at LIMIT={limit}: {len(jobs)} commands, order shuffled each round (seed {plan.seed}), "
        f"budget {plan.budget_s:.0f} s")
    session, _ = run_rounds(jobs, ratio_specs(impls, limit), seconds, plan, log, always=tuple(j.name for j in clocks))
    # Versions and flags, asked once each (first_line keeps them), several at a time now that nothing is timed.
    with ThreadPoolExecutor() as pool:
        list(pool.map(first_line, {argv for i in impls for argv in (i.version, i.flags) if argv}))
    versions, flags = (prebuilt.versions, prebuilt.flags) if prebuilt else ({}, {})
    entries = [BenchEntry(
        name=impl.name, language=impl.language, kind=impl.kind, twin=impl.twin, note=impl.note,
        threads=threads_for(impl), thread_variable=impl.thread_variable,
        version=versions[impl.name] if impl.name in versions else first_line(impl.version),
        flags=(flags[impl.name] if impl.name in flags else first_line(impl.flags)) or None,
        command=impl.command(limit, threads_for(impl)), answer=answers[impl.name], variant_of=impl.variant_of,
        environment=impl.env or None, placement=impl.placement or None) for impl in impls]
    built_on = f"{prebuilt.built_on.cpu} ({prebuilt.built_on.arch}), {prebuilt.date}" if prebuilt else None
    return BenchResult(schema=file_format(BenchResult).version, limit=limit, startup_limit=STARTUP_LIMIT,
                       environment=environment.capture(impls, prebuilt.versions if prebuilt else None,
                                                       prebuilt.source if prebuilt else None),
                       implementations=entries, session=session, absent=absent or None,
                       clock=clock_record(clocks), built_on=built_on)
