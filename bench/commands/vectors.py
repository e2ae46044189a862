"""Print, or with --write rewrite, bench/vectors.txt from the independent sieve."""

from __future__ import annotations

import argparse
import sys

from bench.core.paths import VECTORS
from bench.core.vectors import vectors_text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="rewrite bench/vectors.txt from the sieve")
    args = parser.parse_args(argv)
    if args.write:
        VECTORS.write_text(vectors_text())
    else:
        sys.stdout.write(vectors_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
