"""make build and make list: build every implementation available here, or list them
(NAME<TAB>serial|parallel<TAB>COMMAND)."""

from __future__ import annotations

import argparse
import shlex
import sys

from bench.core.manifest import BuildError, ManifestError, build_available, load

SHARED = ("manifest",)


def configure(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    try:
        manifest = load(args.manifest)
    except (OSError, ManifestError) as error:
        print(f"manifest: {error}", file=sys.stderr)
        return 2
    if args.command == "list":
        for impl in manifest.available(("serial", "parallel")):
            placement = "".join(f"{name}={shlex.quote(value)} " for name, value in impl.environment)
            print(f"{impl.name}\t{impl.kind}\t{placement}{shlex.join(impl.run)}")
        for impl in manifest.implementations:
            if not impl.available:
                print(f"manifest: {impl.name} not listed: {impl.missing}", file=sys.stderr)
        return 0
    try:
        build_available(manifest.available())
    except BuildError as error:
        print(f"build: {error}", file=sys.stderr)
        return 1
    return 0
