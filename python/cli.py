"""The command-line contract every program of the suite obeys: PROGRAM [--threads N] LIMIT."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Callable

MAX_LIMIT = 2**63 - 1
MAX_THREADS = 1024


class UsageError(Exception):
    """A command line that breaks the contract; the message is one line."""


@dataclass
class Args:
    limit: int = 0
    threads: int = 0  # 0 when --threads was not given
    help: bool = False


def _parse_digits(text: str, maximum: int) -> int | None:
    # int() alone would also take spaces, a sign, "_" and non-ASCII digits.
    if not text or any(c not in "0123456789" for c in text):
        return None
    value = int(text)
    return value if value <= maximum else None


def _is_option(arg: str) -> bool:
    return len(arg) > 1 and arg[0] == "-" and arg[1] not in "0123456789"


def parse_args(argv: list[str], parallel: bool = False) -> Args:
    """Parse argv (without the program name); --threads only when parallel."""
    limit_text: str | None = None
    threads_text: str | None = None
    args = iter(argv)
    for arg in args:
        if arg in ("--help", "-h"):
            return Args(help=True)
        if parallel and (arg == "--threads" or arg.startswith("--threads=")):
            if threads_text is not None:
                raise UsageError("--threads given more than once")
            if arg.startswith("--threads="):
                threads_text = arg[len("--threads="):]
            else:
                threads_text = next(args, None)
                if threads_text is None:
                    raise UsageError("--threads needs a value")
        elif _is_option(arg):
            raise UsageError(f"unknown option '{arg}'")
        elif limit_text is not None:
            raise UsageError(f"unexpected argument '{arg}'")
        else:
            limit_text = arg
    if limit_text is None:
        raise UsageError("missing LIMIT")
    limit = _parse_digits(limit_text, MAX_LIMIT)
    if limit is None:
        raise UsageError(
            f"invalid LIMIT '{limit_text}': expected plain decimal digits, 0 to {MAX_LIMIT}"
        )
    threads = 0
    if threads_text is not None:
        threads = _parse_digits(threads_text, MAX_THREADS) or 0
        if threads < 1:
            raise UsageError(
                f"invalid --threads '{threads_text}': expected an integer from 1 to {MAX_THREADS}"
            )
    return Args(limit=limit, threads=threads)


def usage(program: str, parallel: bool) -> str:
    threads = " [--threads N]" if parallel else ""
    text = (
        f"usage: {program}{threads} LIMIT\n"
        "Print how many primes are below LIMIT, counted by trial division.\n"
        f"LIMIT: plain decimal digits, 0 to {MAX_LIMIT}.\n"
    )
    if parallel:
        text += f"--threads N: worker threads, 1 to {MAX_THREADS} (default: all online CPUs).\n"
    return text


def run(argv: list[str], count: Callable[[Args], int], parallel: bool = False) -> int:
    """Run a program of the suite; returns its exit status (2: bad command line)."""
    program = os.path.basename(argv[0]) if argv and argv[0] else "count_primes"
    try:
        args = parse_args(argv[1:], parallel)
    except UsageError as error:
        print(f"{program}: {error} (see --help)", file=sys.stderr)
        return 2
    if args.help:
        sys.stdout.write(usage(program, parallel))
        return 0
    result = count(args)
    try:
        print(result, flush=True)
    except OSError as error:
        print(f"{program}: writing the result failed: {error}", file=sys.stderr)
        return 1
    return 0
