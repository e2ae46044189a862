"""What every measuring command does: choose and build the implementations, take the measurement,
save its JSON, then render from it."""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.core.errors import HarnessError
from bench.core.files import write_atomically
from bench.core.manifest import Implementation, build_available, load
from bench.core.paths import MANIFEST, README, RESULTS
from bench.core.results import SchemaError, save
from bench.gate import compare
from bench.measure.verify import BenchError
from bench.render.machines import report_files


def add_gate_arguments(parser: argparse.ArgumentParser) -> None:
    """At which sizes to gate, and how many rounds in how much time (the gate and its calibration)."""
    parser.add_argument("--limit", type=int, default=compare.DEFAULT_LIMIT, help="size for compiled programs")
    parser.add_argument("--python-limit", type=int, default=compare.DEFAULT_PYTHON_LIMIT,
                        help="size for CPython and PyPy")
    parser.add_argument("--threads", type=int, default=compare.DEFAULT_THREADS, help="threads of the parallel programs")
    parser.add_argument("--pairs", type=int, default=compare.DEFAULT_PAIRS,
                        help="interleaved rounds of each implementation's base and head, at least (>= 12)")
    parser.add_argument("--max-pairs", type=int, default=compare.DEFAULT_MAX_PAIRS,
                        help="rounds of each implementation, at most")
    parser.add_argument("--time-budget", type=float, default=compare.DEFAULT_TIME_BUDGET,
                        help="seconds of timing, all implementations together, beyond which no round starts")


# The options that several commands take, each defined once: a command names those it takes.
SHARED: dict[str, Callable[[argparse.ArgumentParser], object]] = {
    "results": lambda p: p.add_argument(
        "--results", type=Path, default=RESULTS,
        help="the results folder: this machine's files go to RESULTS/hosts/HOST (default: results)"),
    "host": lambda p: p.add_argument(
        "--host", help="the folder name of this machine (default: from its CPU identity and count)"),
    "only": lambda p: p.add_argument(
        "--only", help="names of implementations, comma or space separated (default: every one available)"),
    "seed": lambda p: p.add_argument(
        "--seed", type=int, help="seed of the rounds' shuffled order (default: drawn, and recorded)"),
    "manifest": lambda p: p.add_argument(
        "--manifest", type=Path, default=MANIFEST,
        help="the implementations' manifest (default: bench/implementations.toml)"),
    "gate": add_gate_arguments,
}


def settle_shared(args: argparse.Namespace) -> None:
    """A seed is drawn, and so recorded, where a command takes one and none was given."""
    if "seed" in vars(args) and args.seed is None:
        args.seed = random.SystemRandom().randrange(2**31)
    if "pairs" in vars(args):
        if args.pairs < 12:
            args.parser.error("--pairs: at least 12 (fewer leave the gate's 99.75% interval unbounded)")
        if args.max_pairs < args.pairs:
            args.parser.error("--max-pairs: at least --pairs")
        if args.time_budget < 0:
            args.parser.error("--time-budget: seconds, 0 or more")


@dataclass
class Selection:
    """The implementations to measure, built, and those of the manifest that cannot run here, with why."""

    impls: list[Implementation]
    absent: dict[str, str]


def select_and_build(only: str | None, manifest: Path = MANIFEST,
                     also: Callable[[list[Implementation]], list[Implementation]] = lambda impls: [],
                     prebuilt: bool = False, study: str | None = None) -> Selection:
    """The implementations ONLY names (all available when None), built with those `also` adds for them
    (a parallel one's serial twin) unless they were built elsewhere; BenchError when there is none.

    An optional implementation (one that `requires` a program or module) whose build fails is left out
    and counted absent, with the build's last line, rather than stopping the run (build_available)."""
    loaded = load(manifest)
    impls = loaded.select(only, study=study)
    absent = {i.name: i.missing for i in loaded.implementations if not i.available}
    if impls and not prebuilt:
        extra = [i for i in also(impls) if i not in impls]
        print(f"build: {', '.join(i.name for i in impls + extra)}", flush=True)
        absent.update(build_available(impls + extra, quiet=True))
        impls = [i for i in impls if i.name not in absent]
    if not impls:
        raise BenchError("no implementation to run")
    return Selection(impls, absent)


def staged_report(results: Path, readme: Path | None, incoming: dict[Path, str]) -> dict[Path, str]:
    """Every rendered file of the results folder as it will be once the incoming result files (their
    texts, by their paths under results/) are in it: rendered from a copy of its result files with the
    incoming ones in place, nothing under results/ touched."""
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp) / "results"
        if results.is_dir():
            shutil.copytree(results, stage, ignore=lambda folder, names: [
                n for n in names if (Path(folder) / n).is_file() and not n.endswith(".json") and n != "regress.md"])
        for path, text in incoming.items():
            (stage / path.relative_to(results)).parent.mkdir(parents=True, exist_ok=True)
            (stage / path.relative_to(results)).write_text(text, encoding="utf-8")
        try:
            files = report_files(stage, readme)
        except SchemaError as error:
            raise SchemaError(str(error).replace(str(stage), str(results))) from error
        return {results / path.relative_to(stage) if path.is_relative_to(stage) else path: text
                for path, text in files.items()}


def render(command: str, results: Path, only: Path | None = None, incoming: dict[Path, str] | None = None) -> int:
    """Write every rendered file of the results folder at once (with `only`, that host folder's and the
    cross-machine page); with `incoming` (result files' texts by their paths under results/), those
    files and the pages rendered with them in place (staged_report), together: all or nothing. The exit
    status (2: a result file of another version or shape, or holding what no measurement gives; 1:
    anything else that stops it)."""
    # The README's tables follow only the repository's own results/ (a bundle of prebuilt programs has none).
    readme = README if results.resolve() == RESULTS.resolve() and README.exists() else None
    try:
        files = staged_report(results, readme, incoming) if incoming else report_files(results, readme, only)
        if not files:
            print(f"{command}: nothing to render in {results}: run `make bench`", file=sys.stderr)
            return 1
        write_atomically({**(incoming or {}), **files})
    except SchemaError as error:
        print(f"{command}: {error}", file=sys.stderr)
        return 2
    except (OSError, ValueError, HarnessError) as error:
        print(f"{command}: cannot render {results}: {error}", file=sys.stderr)
        return 1
    print(f"{command}: wrote " + ", ".join(str(p) for p in files))
    return 0


def measure_then_save(command: str, take: Callable[[], dict[Path, object]], results: Path) -> int:
    """Take the measurement; save the records it returns, all at once; then render everything under
    the results folder (every host's pages and the cross-machine page).

    A failure or an interrupt while measuring or saving leaves results/ as it was; a failure while
    rendering keeps the new JSON and says to run `make report`. Returns the exit status."""
    try:
        records = take()
        save(records)
    except HarnessError as error:
        print(f"{command}: {error}\n{command}: results left untouched", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{command}: cannot save the results: {error}\n{command}: results left untouched", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\n{command}: interrupted; results left untouched", file=sys.stderr)
        return 130
    print(f"{command}: saved " + " and ".join(str(path) for path in records), flush=True)
    folders = {path.parent for path in records}
    try:
        status = render(command, results, folders.pop() if len(folders) == 1 else None)
    except Exception:  # a rendering bug must not cost the measurement
        traceback.print_exc()
        status = 1
    if status:
        print(f"{command}: rendering failed, but the measurement is saved: fix the cause, then run `make report`",
              file=sys.stderr)
    return status
