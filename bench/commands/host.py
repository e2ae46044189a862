"""make host: this machine's folder name under results/hosts (from its CPU model and CPU count)."""

from __future__ import annotations

import sys

from bench.core.environment import this_host


def main(argv: list[str] | None = None) -> int:
    print(this_host())
    return 0


if __name__ == "__main__":
    sys.exit(main())
