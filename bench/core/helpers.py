"""The suite's small C helpers (bench/helpers/NAME.c), compiled into build/bench/NAME when missing or
older than their source."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from bench.core.manifest import BuildError
from bench.core.paths import BUILD, HELPERS
from bench.core.run import run


def compiled(name: str) -> Path:
    """build/bench/NAME, built from bench/helpers/NAME.c with the suite's strict flags when stale."""
    source = HELPERS / f"{name}.c"
    program = BUILD / "bench" / name
    if program.exists() and program.stat().st_mtime >= source.stat().st_mtime:
        return program
    program.parent.mkdir(parents=True, exist_ok=True)
    command = [os.environ.get("CC", "cc"), "-std=c11", "-Wall", "-Wextra", "-pedantic", "-Werror", "-O2",
               "-o", str(program), str(source)]
    ran = run(command)
    if ran.code != 0:
        raise BuildError(f"cannot build the helper {name}: {shlex.join(command)} failed\n{ran.err.strip()}")
    return program
