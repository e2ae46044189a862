"""Running a program once: its answer checked against the reference count, its wall time and peak RSS."""

from __future__ import annotations

import shlex
import tempfile
from pathlib import Path

from bench.core.environment import usable_cpus
from bench.core.errors import HarnessError
from bench.core.manifest import Implementation, compiled
from bench.core.results import Answer
from bench.core.run import RunError, run
from bench.core.vectors import expected_for

STARTUP_LIMIT = 2  # no work: the time of start-up alone


class BenchError(HarnessError):
    """A program failed or answered wrongly: the run cannot go on."""


def threads_for(impl: Implementation) -> int | None:
    """The thread count a parallel implementation is timed on: every CPU this process may use."""
    return usable_cpus() if impl.kind == "parallel" else None


def verify(impl: Implementation, limit: int, threads: int | None = None) -> Answer:
    """Run impl once at limit through the peak-RSS launcher, with its variables added to the harness's
    environment; BenchError unless it gives the reference count."""
    expected = expected_for(limit + 1 if impl.inclusive else limit)
    argv = impl.command(limit, threads or threads_for(impl))
    with tempfile.TemporaryDirectory() as tmp:
        rss_file = Path(tmp) / "peak_rss"
        try:
            ran = run([compiled("peak_rss"), rss_file, *argv], env=impl.env)
        except RunError as error:
            raise BenchError(f"cannot start {shlex.join(argv)}: {error}") from error
        try:
            peak_rss_kib = int(rss_file.read_text())
        except (OSError, ValueError):
            peak_rss_kib = None
    if ran.code != 0 or ran.out != f"{expected}\n":
        detail = ran.err.strip().splitlines()
        raise BenchError(f"{impl.name} gave a wrong answer for LIMIT={limit}: expected {expected}, got "
                         f"{ran.out.strip()!r} (exit {ran.code})" + (f"; stderr: {detail[-1]}" if detail else ""))
    return Answer(expected=expected, output=ran.out.strip(), seconds=ran.seconds, peak_rss_kib=peak_rss_kib)
