"""make report: render primes.md, its figures, gate.md and the README's headline from the JSON in
results/, timing nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.commands.common import render
from bench.core.paths import RESULTS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder holding the result files")
    args = parser.parse_args(argv)
    return render("report", args.results)


if __name__ == "__main__":
    sys.exit(main())
