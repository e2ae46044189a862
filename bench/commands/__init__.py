"""python -m bench COMMAND [OPTIONS]: the primes harness, which the make targets call; `python -m bench
COMMAND --help` gives a command's options."""

# Each command is a module of this package: its docstring, the names of the shared options it takes
# (SHARED, defined once in common.py), configure(parser) for its own, and run(args) -> exit status.

from __future__ import annotations

import argparse
from types import ModuleType

from bench.commands import bench, bundle, calibrate, common, host, manifest, merge, regress, report, scaling, vectors

COMMANDS: dict[str, ModuleType] = {
    "bench": bench, "scaling": scaling, "report": report, "merge": merge, "regress": regress,
    "calibrate": calibrate, "bundle": bundle, "host": host, "build": manifest, "list": manifest,
    "vectors": vectors,
}


def summary(doc: str) -> str:
    return " ".join(doc.strip().split("\n\n")[0].split())


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m bench", description=summary(__doc__))
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in COMMANDS.items():
        doc = (module.__doc__ or "").strip()
        sub = commands.add_parser(name, help=summary(doc), description=doc,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        for option in module.SHARED:
            common.SHARED[option](sub)
        module.configure(sub)
        sub.set_defaults(run=module.run, parser=sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    common.settle_shared(args)
    return args.run(args)

