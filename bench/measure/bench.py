"""make bench's measurement: verify every implementation's answer, then time each with hyperfine."""

from __future__ import annotations

import shlex
from collections.abc import Callable

from bench.core import environment
from bench.core.manifest import Implementation, first_line
from bench.core.results import SCHEMA, BenchEntry, BenchResult
from bench.core.vectors import expected_for
from bench.measure.adaptive import BenchPlan, time_until_precise
from bench.measure.verify import threads_for, verify

Log = Callable[[str], None]


def bench(impls: list[Implementation], plan: BenchPlan, log: Log = print) -> BenchResult:
    """Verify every implementation at LIMIT and at the start-up LIMIT, then time each at both."""
    expected = expected_for(plan.limit)
    total = len(impls)
    answers = {}
    for i, impl in enumerate(impls, 1):
        log(f"[{i}/{total}] verify {impl.name}: LIMIT={plan.limit}, expecting {expected}")
        answers[impl.name] = verify(impl, plan.limit)
        verify(impl, plan.startup_limit)
    entries = []
    for i, impl in enumerate(impls, 1):
        threads = threads_for(impl)
        argv = impl.command(plan.limit, threads)
        log(f"[{i}/{total}] {impl.name}: {shlex.join(argv)}")
        timing = time_until_precise(argv, answers[impl.name].seconds, plan)
        startup_argv = impl.command(plan.startup_limit, threads)
        log(f"[{i}/{total}] {impl.name} start-up: {shlex.join(startup_argv)}")
        startup = time_until_precise(startup_argv, 0.0, plan.for_startup())
        answer = answers[impl.name]
        entries.append(BenchEntry(
            name=impl.name, language=impl.language, kind=impl.kind, twin=impl.twin, note=impl.note,
            threads=threads, thread_variable=impl.thread_variable, version=first_line(impl.version),
            flags=first_line(impl.flags) or None, command=argv, answer=answer,
            peak_rss_kib=answer.peak_rss_kib, timing=timing, startup=startup,
        ))
    return BenchResult(schema=SCHEMA, limit=plan.limit, expected=expected, settings=plan.settings(),
                       environment=environment.capture(impls), implementations=entries)
