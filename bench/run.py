"""make bench: verify every implementation's answer, then time each with hyperfine into results/."""

from __future__ import annotations

import argparse
import json
import math
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import environment, report
from bench.manifest import MANIFEST, ROOT, BuildError, Implementation, ManifestError, build, first_line, load
from bench.stats import summarize
from bench.vectors import expected_count

RESULTS = ROOT / "results"
MAX_REFERENCE_LIMIT = 2 * 10**9  # the reference sieve needs a byte per number


class BenchError(Exception):
    """The run cannot go on; the message names what failed."""


@dataclass
class Settings:
    limit: int
    runs: int | None  # exact runs per implementation, or None to adapt
    warmup: int | None
    budget: float  # seconds of timed runs per implementation when adapting
    target_rse: float = 0.02
    min_runs: int = 20
    startup_limit: int = 2
    startup_runs: int = 30


def threads_for(impl: Implementation) -> int | None:
    return environment.usable_cpus() if impl.kind == "parallel" else None


def peak_rss_tool() -> Path:
    """build/bench/peak_rss, compiled from bench/peak_rss.c when missing or older than its source."""
    source = ROOT / "bench" / "peak_rss.c"
    tool = ROOT / "build" / "bench" / "peak_rss"
    if not tool.exists() or tool.stat().st_mtime < source.stat().st_mtime:
        tool.parent.mkdir(parents=True, exist_ok=True)
        cc = os.environ.get("CC", "cc")
        compile_command = [cc, "-std=c11", "-Wall", "-Wextra", "-pedantic", "-Werror", "-O2", "-o", str(tool),
                           str(source)]
        if subprocess.run(compile_command, check=False).returncode != 0:
            raise BenchError(f"cannot build the peak-RSS launcher: {shlex.join(compile_command)} failed")
    return tool


def run_once(argv: list[str]) -> dict:
    """Run argv once from the repository root: its output, exit code, wall time and peak RSS (KiB)."""
    with tempfile.TemporaryDirectory() as tmp:
        rss_file = Path(tmp) / "peak_rss"
        start = time.perf_counter()
        try:
            proc = subprocess.run([str(peak_rss_tool()), str(rss_file), *argv], cwd=ROOT, capture_output=True,
                                  stdin=subprocess.DEVNULL, check=False)
        except OSError as error:
            raise BenchError(f"cannot start {shlex.join(argv)}: {error}") from error
        seconds = time.perf_counter() - start
        try:
            peak_rss_kib = int(rss_file.read_text())
        except (OSError, ValueError):
            peak_rss_kib = None
    return {
        "stdout": proc.stdout.decode(errors="replace"),
        "stderr": proc.stderr.decode(errors="replace"),
        "exit_code": proc.returncode,
        "seconds": seconds,
        "peak_rss_kib": peak_rss_kib,
    }


def verify(impl: Implementation, limit: int, threads: int | None = None) -> dict:
    """Run impl once at limit and check its answer against the reference count; raises BenchError
    on anything else."""
    expected = expected_for(limit + 1 if impl.inclusive else limit)
    argv = impl.command(limit, threads or threads_for(impl))
    result = run_once(argv)
    if result["exit_code"] != 0 or result["stdout"] != f"{expected}\n":
        detail = result["stderr"].strip().splitlines()
        raise BenchError(
            f"{impl.name} gave a wrong answer for LIMIT={limit}: expected {expected}, got "
            f"{result['stdout'].strip()!r} (exit {result['exit_code']})"
            + (f"; stderr: {detail[-1]}" if detail else "")
        )
    return {"expected": expected, "output": result["stdout"].strip(), "verified": True,
            "seconds": result["seconds"], "peak_rss_kib": result["peak_rss_kib"]}


def hyperfine_results(argvs: list[list[str]], options: list[str]) -> tuple[list[dict], list[str]]:
    """Every result of one hyperfine call (one per command and parameter value), with no shell."""
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


def hyperfine(argv: list[str], runs: int, warmup: int) -> tuple[dict, list[str]]:
    """One hyperfine measurement of argv, with no shell between it and the program."""
    results, command = hyperfine_results([argv], ["--warmup", str(warmup), "--runs", str(runs)])
    return results[0], command


def plan_runs(seconds: float, settings: Settings) -> tuple[int, int]:
    """Runs and warm-up runs of a first batch, from one run's duration."""
    if settings.runs is not None:
        runs = settings.runs
    else:
        runs = max(3, min(settings.min_runs, math.floor(settings.budget / max(seconds, 1e-6))))
    warmup = settings.warmup if settings.warmup is not None else (3 if seconds < 1 else 1)
    return runs, warmup


def measure(argv: list[str], seconds: float, settings: Settings) -> dict:
    """Time argv in hyperfine batches until the mean's RSE is at most the target or the budget is spent.

    Keeps every run's wall time and exit code, and each batch's mean user and system time."""
    runs, warmup = plan_runs(seconds, settings)
    times: list[float] = []
    exit_codes: list[int] = []
    batches = []
    spent = 0.0
    while True:
        result, command = hyperfine(argv, runs, warmup)
        times += result["times"]
        exit_codes += result.get("exit_codes", [])
        batches.append({"runs": len(result["times"]), "user": result["user"], "system": result["system"],
                        "command": command})
        spent += sum(result["times"])
        summary = summarize(times)
        remaining = settings.budget - spent
        if settings.runs is not None or summary["rse"] <= settings.target_rse or remaining <= 0:
            break
        cv = summary["stddev"] / summary["mean"]
        wanted = math.ceil((cv / settings.target_rse) ** 2) - len(times)
        runs = max(3, min(wanted, math.floor(remaining / summary["mean"])))
        if remaining < summary["mean"] * 3:
            break
        warmup = 0
    n = len(times)
    user = sum(b["user"] * b["runs"] for b in batches) / n
    system = sum(b["system"] * b["runs"] for b in batches) / n
    return {**summary, "user": user, "system": system, "times": times, "exit_codes": exit_codes,
            "batches": batches, "met_target": summary["rse"] <= settings.target_rse}


def expected_for(limit: int) -> int:
    if limit > MAX_REFERENCE_LIMIT:
        raise BenchError(f"LIMIT={limit}: no reference count above {MAX_REFERENCE_LIMIT}")
    return expected_count(limit)


def bench(impls: list[Implementation], settings: Settings, log=print) -> dict:
    """Verify, then time, every implementation; returns the results document."""
    expected = expected_for(settings.limit)
    total = len(impls)
    answers = {}
    for i, impl in enumerate(impls, 1):
        log(f"[{i}/{total}] verify {impl.name}: LIMIT={settings.limit}, expecting {expected}")
        answers[impl.name] = verify(impl, settings.limit)
        verify(impl, settings.startup_limit)
    entries = []
    for i, impl in enumerate(impls, 1):
        threads = threads_for(impl)
        argv = impl.command(settings.limit, threads)
        log(f"[{i}/{total}] {impl.name}: {shlex.join(argv)}")
        timing = measure(argv, answers[impl.name]["seconds"], settings)
        startup_argv = impl.command(settings.startup_limit, threads)
        log(f"[{i}/{total}] {impl.name} start-up: {shlex.join(startup_argv)}")
        startup_settings = Settings(limit=settings.startup_limit, runs=settings.runs or settings.startup_runs,
                                    warmup=settings.warmup, budget=settings.budget)
        startup = measure(startup_argv, 0.0, startup_settings)
        entries.append({
            "name": impl.name, "language": impl.language, "kind": impl.kind, "twin": impl.twin,
            "note": impl.note, "threads": threads, "thread_variable": impl.threads,
            "version": first_line(impl.version), "flags": first_line(impl.flags) or None,
            "command": argv, "answer": answers[impl.name],
            "peak_rss_kib": answers[impl.name]["peak_rss_kib"],
            "timing": timing, "startup": startup,
        })
    return {
        "schema": 1,
        "limit": settings.limit,
        "expected": expected,
        "settings": {"runs": settings.runs, "warmup": settings.warmup, "budget_s": settings.budget,
                     "target_rse": settings.target_rse, "min_runs": settings.min_runs,
                     "startup_limit": settings.startup_limit},
        "environment": environment.capture({
            **{i.name: i.version for i in impls if i.version},
            "hyperfine": ("hyperfine", "--version"),
        }),
        "implementations": entries,
    }


def write_atomically(files: dict[Path, str]) -> None:
    """Write every file to a temporary name first and rename them only once all are written."""
    temps = {}
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            temps[path] = temp
        for path, temp in temps.items():
            os.replace(temp, path)
    finally:
        for temp in temps.values():
            if os.path.exists(temp):
                os.unlink(temp)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, help="exact timed runs per implementation (default: adapt)")
    parser.add_argument("--warmup", type=int, help="warm-up runs (default: 3, or 1 for runs over 1 s)")
    parser.add_argument("--budget", type=float, default=40.0,
                        help="seconds of timed runs per implementation when adapting (default: 40)")
    parser.add_argument("--only", help="names of implementations to run, comma or space separated")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder for primes.json and primes.md")
    parser.add_argument("--manifest", type=Path, default=MANIFEST, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.limit < 0 or (args.runs is not None and args.runs < 2) or (args.warmup or 0) < 0:
        parser.error("LIMIT must be >= 0, RUNS >= 2 and WARMUP >= 0")
    return args


def measure_then_write(command: str, measure: Callable[[], dict[Path, str]]) -> int:
    """Run measure(), then write the files it returns, all at once; on any failure or an interrupt,
    say so and write nothing. Returns the exit status."""
    try:
        files = measure()
        write_atomically(files)
    except (BenchError, ManifestError) as error:
        print(f"{command}: {error}; results left untouched", file=sys.stderr)
        return 1
    except BuildError as error:
        print(f"{command}: build failed: {error}\n{command}: results left untouched", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\n{command}: interrupted; results left untouched", file=sys.stderr)
        return 130
    print("wrote " + " and ".join(str(path) for path in files))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    settings = Settings(limit=args.limit, runs=args.runs, warmup=args.warmup, budget=args.budget)

    def measure() -> dict[Path, str]:
        impls = load(args.manifest).select(args.only)
        if not impls:
            raise BenchError("no implementation to run")
        print(f"build: {', '.join(i.name for i in impls)}", flush=True)
        build(impls, quiet=True)
        data = bench(impls, settings, log=lambda line: print(line, flush=True))
        return {args.results / "primes.json": json.dumps(data, indent=2) + "\n",
                **report.report_files(data, args.results)}

    return measure_then_write("bench", measure)


if __name__ == "__main__":
    sys.exit(main())
