"""The one way the harness starts a process: run() starts argv with no shell, waits for it, and gives
back what it printed, its exit status, its wall time from spawn to reap and its CPU time (os.wait4).
Verification, both timers, the instruction counter, the probes, builds, version calls and git use it."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from bench.core.errors import HarnessError
from bench.core.paths import ROOT


class RunError(HarnessError):
    """A process could not be started, or ran past its timeout."""


@dataclass(frozen=True)
class Ran:
    argv: tuple[str, ...]
    code: int  # exit status; -N where signal N ended it
    out: str
    err: str
    seconds: float  # wall time, spawn to reap
    user: float
    system: float

    @property
    def lines(self) -> list[str]:
        """The non-empty lines it printed, stdout's then stderr's, stripped."""
        return [line.strip() for line in (self.out + "\n" + self.err).splitlines() if line.strip()]

    @property
    def why(self) -> str:
        """Its exit status with the last line of its stderr."""
        last = self.err.strip().splitlines()[-1:]
        return f"exit {self.code}" + (f": {last[0]}" if last else "")


def run(argv: Sequence[str], *, cwd: Path | str = ROOT, env: Mapping[str, str] | None = None,
        timeout: float | None = None, capture: bool = True, log: IO[str] | None = None) -> Ran:
    """Run argv from cwd with env added to this process's environment and stdin closed. Its output is
    captured (capture), appended to log, or discarded; RunError where it cannot start or outlives timeout."""
    argv = tuple(str(a) for a in argv)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sink: IO | int = (log if log is not None else out) if capture or log is not None else subprocess.DEVNULL
        started = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=sink,
                                    stderr=subprocess.STDOUT if log is not None else err if capture else sink,
                                    env={**os.environ, **env} if env else None)
        except OSError as error:
            raise RunError(f"cannot start {argv[0]}: {error.strerror or error}") from error
        killer = threading.Timer(timeout, proc.kill) if timeout else None
        if killer:
            killer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if killer:
            killer.cancel()
            if code == -9 and seconds >= timeout:
                raise RunError(f"{argv[0]} ran past its {timeout:g} s")
        out.seek(0)
        err.seek(0)
        return Ran(argv, code, out.read().decode(errors="replace"), err.read().decode(errors="replace"),
                   seconds, usage.ru_utime, usage.ru_stime)


def output(argv: Sequence[str], **kwargs: object) -> str:
    """argv's stdout, stripped, or '' where it fails or cannot start."""
    try:
        ran = run(argv, **kwargs)  # type: ignore[arg-type]
    except RunError:
        return ""
    return ran.out.strip() if ran.code == 0 else ""
