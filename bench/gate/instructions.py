"""Instruction counts under valgrind: repeatable whatever else the machine is doing."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from bench.gate.interleave import Command, RunError


def count_instructions(command: Command, expected: str) -> tuple[int, int]:
    """Instructions executed by the command and every process it starts (cachegrind, no cache model),
    and how many processes that was."""
    with tempfile.TemporaryDirectory(prefix="primes-cg-") as out:
        argv = ("valgrind", "--tool=cachegrind", "--cache-sim=no", "--trace-children=yes",
                f"--cachegrind-out-file={out}/cg.%p", *command.argv)
        proc = subprocess.run(argv, cwd=command.cwd, env=command.env, capture_output=True, text=True)
        if proc.returncode != 0 or proc.stdout.strip() != expected:
            last = proc.stderr.strip().splitlines()[-1:] or [""]
            raise RunError(f"valgrind {' '.join(command.argv)}: exit {proc.returncode}, "
                           f"printed {proc.stdout.strip()!r} (expected {expected!r}): {last[0]}")
        total, processes = 0, 0
        for path in Path(out).iterdir():
            processes += 1
            for line in path.read_text().splitlines():
                if line.startswith("summary:"):
                    total += int(line.split()[1])
        return total, processes
