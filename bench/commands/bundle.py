"""make bundle: the programs built here, with the harness and what built them, in one archive, for a
host that has Python but no compilers, no hyperfine and no network.

On that host: unpack, `cd primes`, `python3 -m bench bench --prebuilt`; then copy its
results/hosts/HOST folder into this repository's results/hosts/ and run `make report`."""

from __future__ import annotations

import argparse
import shutil
import sys
import tarfile
import tempfile
from pathlib import Path

from bench.commands.common import select_and_build
from bench.core.environment import machine, now, source
from bench.core.errors import HarnessError
from bench.core.helpers import compiled
from bench.core.manifest import first_line
from bench.core.paths import BENCH, BUILD, ROOT
from bench.core.results import Prebuilt, file_format, save
from bench.measure.costs import divides_with

# What a bundle holds besides the programs: the harness and the Python programs.
SOURCES = ("bench", "python")
# The helpers make bench runs: the peak-RSS launcher, the add chain of each round's clock, the divider
# probe.
HELPERS = ("peak_rss", "clock", "divider")
SHARED = ("only", "manifest")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=BUILD / "primes-bundle.tar.gz", help="the archive to write")


def run(args: argparse.Namespace) -> int:
    try:
        impls = select_and_build(args.only, args.manifest).impls
        helpers = [compiled(name) for name in HELPERS]
    except HarnessError as error:
        print(f"bundle: {error}", file=sys.stderr)
        return 1
    # Staged in a folder of its own, so that two bundles made at once do not share their files.
    BUILD.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=BUILD, prefix="bundle-"))
    folder = staging / "primes"
    for name in SOURCES:
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__", "test_*.py"))
    for impl in impls:
        program = ROOT / impl.run[0]
        if program.is_file() and program.is_relative_to(BUILD):
            (folder / program.relative_to(ROOT)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(program, folder / program.relative_to(ROOT))
    # The helpers the bench runs, each with its source, newer than it so that nothing is rebuilt.
    (folder / "build" / "bench").mkdir(parents=True, exist_ok=True)
    for helper in helpers:
        shutil.copy2(BENCH / "helpers" / f"{helper.name}.c", folder / "bench" / "helpers" / f"{helper.name}.c")
        shutil.copy2(helper, folder / "build" / "bench" / helper.name)
    prebuilt = Prebuilt(schema=file_format(Prebuilt).version, date=now(), built_on=machine(), source=source(),
                        versions={i.name: first_line(i.version) for i in impls if i.build},
                        flags={i.name: first_line(i.flags) for i in impls if i.build and i.flags},
                        divides_with={i.name: d for i in impls if (d := divides_with(i))} or None)
    save({folder / "prebuilt.json": prebuilt})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with tarfile.open(args.out, "w:gz") as archive:
            archive.add(folder, arcname="primes")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"bundle: wrote {args.out} ({args.out.stat().st_size / 2**20:.1f} MiB): built here "
          f"{', '.join(prebuilt.versions) or 'nothing'} on {prebuilt.built_on.cpu} ({prebuilt.built_on.arch}); "
          "the Python programs run under the interpreters of the host that measures them")
    return 0

