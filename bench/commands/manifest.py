"""make list and make build: the implementations available here, and building them."""

from __future__ import annotations

import argparse
import shlex
import sys

from bench.core.manifest import BuildError, ManifestError, build_available, load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="NAME<TAB>serial|parallel<TAB>COMMAND per available implementation")
    sub.add_parser("build", help="build every available implementation")
    args = parser.parse_args(argv)
    try:
        manifest = load()
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
    elif args.command == "build":
        try:
            build_available(manifest.available())
        except BuildError as error:
            print(f"build: {error}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
