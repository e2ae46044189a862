"""make merge FROM='DIR ...': bring in the results of other machines, then render.

Each DIR is a results folder (its hosts/*/ are taken) or one host's folder (taken under its own
name), such as a CI artifact or a bundle's results/hosts/HOST. Only the JSON is copied; every page is
rendered again from it. A host already here is replaced by the incoming one, file by file, and only
when both record one CPU identity: a merge never puts two kinds of CPU in one folder. A file that
cannot be read, or that holds what no measurement gives (bench.analyse.derive.load), refuses its
whole merge; the pages are rendered with the incoming files in place before anything is written, and
the files and the pages are then written together: a merge changes all of results/ or none of it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.analyse.derive import load
from bench.commands.common import render
from bench.core.errors import HarnessError
from bench.core.hosts import HOST_NAME, RESULT_FILES, check_same_cpu, identities, incoming, run_of
from bench.core.paths import HOSTS
from bench.core.results import FILES, SchemaError

SHARED = ("results",)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="+", type=Path, help="results folders or host folders")


def run(args: argparse.Namespace) -> int:
    missing = [str(source) for source in args.sources if not source.is_dir()]
    if missing:
        print(f"merge: no such folder: {', '.join(missing)}", file=sys.stderr)
        return 1
    folders = [folder for source in args.sources for folder in incoming(source)]
    if not folders:
        print(f"merge: no host results in {', '.join(map(str, args.sources))}", file=sys.stderr)
        return 1
    # Every folder is checked before any is copied: a refusal leaves the results as they were.
    for folder in folders:
        if not HOST_NAME.fullmatch(folder.name):
            print(f"merge: {folder}: {folder.name!r} is not a host name", file=sys.stderr)
            return 1
        try:
            for path in [folder / name for name in RESULT_FILES if (folder / name).exists()]:
                load(path, FILES[path.name].record)  # refuse a file it cannot read before copying any
        except SchemaError as error:
            print(f"merge: {error}", file=sys.stderr)
            return 2
        remedy = "rename the incoming folder to bring it in beside this one"
        try:
            for name, identity in identities(folder).items():
                check_same_cpu(folder, identity, f"its {name}'s", remedy)
                check_same_cpu(args.results / HOSTS / folder.name, identity, f"the incoming {folder / name}'s",
                               remedy)
        except HarnessError as error:
            print(f"merge: {error}", file=sys.stderr)
            return 1
    texts: dict[Path, str] = {}
    said = []
    for folder in folders:
        files = [folder / name for name in RESULT_FILES if (folder / name).exists()]
        target = args.results / HOSTS / folder.name
        replaced = [f"{path.name} ({run_of(target / path.name)} by {run_of(path)})"
                    for path in files if (target / path.name).exists()]
        texts.update({target / path.name: path.read_text(encoding="utf-8") for path in files})
        said.append(f"merge: {folder.name}: {', '.join(p.name for p in files)}"
                    + (f"; replacing {'; '.join(replaced)}" if replaced else ""))
    status = render("merge", args.results, incoming=texts)
    print("\n".join(said) if status == 0 else "merge: results left untouched",
          file=sys.stdout if status == 0 else sys.stderr)
    return status

