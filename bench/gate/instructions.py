"""A gated program run with its answer checked: timed once, or its instructions counted under valgrind."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

from bench.gate.worktree import GateError
from bench.measure.rounds import Job


def run_checked(job: Job, expected: str, tool: tuple[str, ...] = ()) -> None:
    """Run the job's command, under `tool` when given; GateError unless it exits 0 having printed `expected`."""
    proc = subprocess.run([*tool, *job.argv], cwd=job.cwd, env={**os.environ, **dict(job.env)},
                          capture_output=True, text=True)
    if proc.returncode != 0 or proc.stdout.strip() != expected:
        last = proc.stderr.strip().splitlines()[-1:] or [""]
        raise GateError(f"{' '.join([*tool[:1], *job.argv])}: exit {proc.returncode}, printed "
                        f"{proc.stdout.strip()!r} (expected {expected!r}): {last[0]}")


def checked_seconds(job: Job, expected: str) -> float:
    """One run's wall time; GateError unless it exits 0 having printed `expected`."""
    started = time.perf_counter()
    run_checked(job, expected)
    return time.perf_counter() - started


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
