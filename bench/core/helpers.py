"""The suite's small C helpers: bench/helpers/NAME.c, compiled into build/bench/NAME when missing or older
than their source, with the suite's strict flags."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from bench.core.manifest import BuildError
from bench.core.paths import BUILD, HELPERS
from bench.core.run import run


def compiled(name: str) -> Path:
    source, program = HELPERS / f"{name}.c", BUILD / "bench" / name
    if not program.exists() or program.stat().st_mtime < source.stat().st_mtime:
        program.parent.mkdir(parents=True, exist_ok=True)
        command = [os.environ.get("CC", "cc"), "-std=c11", "-Wall", "-Wextra", "-pedantic", "-Werror", "-O2",
                   "-o", str(program), str(source)]
        if (ran := run(command)).code != 0:
            raise BuildError(f"cannot build the helper {name}: {shlex.join(command)} failed\n{ran.err.strip()}")
    return program
