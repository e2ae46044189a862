"""make host: this machine's folder name under results/hosts (from its CPU model and CPU count)."""

from __future__ import annotations

import argparse
import sys

from bench.core.errors import HarnessError
from bench.core.hosts import host_folder
from bench.core.paths import RESULTS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", help="a name to check instead (make host HOST=name)")
    args = parser.parse_args(argv)
    try:
        print(host_folder(RESULTS, args.host).name)
    except HarnessError as error:
        print(f"host: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
