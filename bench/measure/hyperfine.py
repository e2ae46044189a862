"""hyperfine, with no shell between it and the programs, and its results as timing records."""

from __future__ import annotations

import json
import shlex
import subprocess
import tempfile
from pathlib import Path

from bench.analyse.stats import summarize
from bench.core.paths import ROOT
from bench.core.results import Batch, Timing
from bench.measure.verify import BenchError


def run_hyperfine(argvs: list[list[str]], options: list[str]) -> tuple[list[dict], list[str]]:
    """Every result of one hyperfine call (one per command and parameter value), and the call itself
    with its export file shown as FILE."""
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "hyperfine.json"
        commands = [shlex.join(argv) for argv in argvs]
        command = ["hyperfine", "--shell=none", *options, "--export-json", str(export), "--", *commands]
        proc = subprocess.run(command, cwd=ROOT, check=False)
        if proc.returncode != 0:
            raise BenchError(f"hyperfine failed (exit {proc.returncode}) timing {'; '.join(commands)}")
        results = json.loads(export.read_text())["results"]
    command[command.index("--export-json") + 1] = "FILE"
    return results, command


def timing_of(times: list[float], exit_codes: list[int], user: float, system: float,
              batches: list[Batch] | None = None, met_target: bool | None = None) -> Timing:
    """A timing record: the runs' summary, mean CPU time per run, and every run."""
    s = summarize(times)
    return Timing(runs=s.runs, mean=s.mean, stddev=s.stddev, median=s.median, min=s.min, max=s.max,
                  rse=s.rse, user=user, system=system, times=times, exit_codes=exit_codes,
                  batches=batches, met_target=met_target)


def timing_from(result: dict) -> Timing:
    """One hyperfine result as a timing record; BenchError when a timed run exited non-zero."""
    exit_codes = result.get("exit_codes", [])
    if any(code != 0 for code in exit_codes):
        raise BenchError(f"{result['command']} exited non-zero while timed")
    return timing_of(result["times"], exit_codes, result["user"], result["system"])
