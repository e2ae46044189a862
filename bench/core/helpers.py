"""The suite's small C helpers (bench/helpers/NAME.c), compiled into build/bench/NAME when missing or
older than their source."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from bench.core.manifest import BuildError
from bench.core.paths import BUILD, HELPERS


def compiled(name: str) -> Path:
    """build/bench/NAME, built from bench/helpers/NAME.c with the suite's strict flags when stale."""
    source = HELPERS / f"{name}.c"
    program = BUILD / "bench" / name
    if program.exists() and program.stat().st_mtime >= source.stat().st_mtime:
        return program
    program.parent.mkdir(parents=True, exist_ok=True)
    command = [os.environ.get("CC", "cc"), "-std=c11", "-Wall", "-Wextra", "-pedantic", "-Werror", "-O2",
               "-o", str(program), str(source)]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise BuildError(f"cannot build the helper {name}: {shlex.join(command)} failed\n{proc.stderr.strip()}")
    return program
