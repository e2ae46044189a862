"""Instruction counts under valgrind: repeatable whatever else the machine is doing."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from bench.gate.worktree import GateError
from bench.measure.rounds import Job


def count_instructions(job: Job, expected: str) -> tuple[int, int]:
    """Instructions executed by the job's command and every process it starts (cachegrind, no cache
    model), and how many processes that was; GateError unless it printed `expected`."""
    with tempfile.TemporaryDirectory(prefix="primes-cg-") as out:
        argv = ("valgrind", "--tool=cachegrind", "--cache-sim=no", "--trace-children=yes",
                f"--cachegrind-out-file={out}/cg.%p", *job.argv)
        proc = subprocess.run(argv, cwd=job.cwd, env={**os.environ, **dict(job.env)}, capture_output=True, text=True)
        if proc.returncode != 0 or proc.stdout.strip() != expected:
            last = proc.stderr.strip().splitlines()[-1:] or [""]
            raise GateError(f"valgrind {' '.join(job.argv)}: exit {proc.returncode}, "
                            f"printed {proc.stdout.strip()!r} (expected {expected!r}): {last[0]}")
        total, processes = 0, 0
        for path in Path(out).iterdir():
            processes += 1
            for line in path.read_text().splitlines():
                if line.startswith("summary:"):
                    total += int(line.split()[1])
        return total, processes
