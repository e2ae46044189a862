"""make host: this machine's folder name under results/hosts (from its CPU identity and CPU count)."""

from __future__ import annotations

import argparse
import sys

from bench.core.errors import HarnessError
from bench.core.hosts import host_folder

SHARED = ("results", "host")


def configure(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    try:
        print(host_folder(args.results, args.host).name)
    except HarnessError as error:
        print(f"host: {error}", file=sys.stderr)
        return 2
    return 0
