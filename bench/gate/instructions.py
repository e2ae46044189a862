"""A gated program run with its answer checked: timed once, or its instructions counted under valgrind."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.core.run import RunError, run
from bench.gate.worktree import GateError
from bench.measure.rounds import Job


def run_checked(job: Job, expected: str, tool: tuple[str, ...] = ()) -> float:
    """Run the job's command, under `tool` when given; GateError unless it exits 0 having printed `expected`."""
    try:
        ran = run([*tool, *job.argv], cwd=job.cwd, env=dict(job.env))
    except RunError as error:
        raise GateError(str(error)) from error
    if ran.code != 0 or ran.out.strip() != expected:
        raise GateError(f"{' '.join([*tool[:1], *job.argv])}: printed {ran.out.strip()!r} (expected {expected!r}), "
                        f"{ran.why}")
    return ran.seconds


def checked_seconds(job: Job, expected: str) -> float:
    """One run's wall time; GateError unless it exits 0 having printed `expected`."""
    return run_checked(job, expected)


def count_instructions(job: Job, expected: str) -> tuple[int, int]:
    """Instructions executed by the job's command and every process it starts (cachegrind, no cache
    model), and how many processes that was; GateError unless it printed `expected`."""
    with tempfile.TemporaryDirectory(prefix="primes-cg-") as out:
        run_checked(job, expected, ("valgrind", "--tool=cachegrind", "--cache-sim=no", "--trace-children=yes",
                                    f"--cachegrind-out-file={out}/cg.%p"))
        total, processes = 0, 0
        for path in Path(out).iterdir():
            processes += 1
            for line in path.read_text().splitlines():
                if line.startswith("summary:"):
                    total += int(line.split()[1])
        return total, processes
