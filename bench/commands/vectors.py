"""Print, or with --write rewrite, bench/vectors.txt from the independent sieve."""

from __future__ import annotations

import argparse
import sys

from bench.core.paths import VECTORS
from bench.core.vectors import vectors_text

SHARED = ()


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--write", action="store_true", help="rewrite bench/vectors.txt from the sieve")


def run(args: argparse.Namespace) -> int:
    if args.write:
        VECTORS.write_text(vectors_text())
    else:
        sys.stdout.write(vectors_text())
    return 0
