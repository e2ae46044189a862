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


SHOWN = 32  # bytes of an argument that an error repeats


def _parse_digits(text: str, maximum: int) -> int | None:
    # int() alone would also take spaces, a sign, "_" and non-ASCII digits, and refuses strings of
    # over 4300 digits; past 19 significant digits the value is out of range anyway.
    if not text or any(c not in "0123456789" for c in text):
        return None
    significant = text.lstrip("0")
    if len(significant) > len(str(maximum)):
        return None
    value = int(significant or "0")
    return value if value <= maximum else None


def shown(arg: str) -> str:
    """arg as errors show it: printable ASCII as is, any other byte (and the backslash) as \\xNN,
    at most SHOWN bytes then "...", so that an error stays one short line."""
    raw = os.fsencode(arg)
    text = "".join(chr(b) if 0x20 <= b < 0x7F and b != 0x5C else f"\\x{b:02x}" for b in raw[:SHOWN])
    return text + ("..." if len(raw) > SHOWN else "")


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
            raise UsageError(f"unknown option '{shown(arg)}'")
        elif limit_text is not None:
            raise UsageError(f"unexpected argument '{shown(arg)}'")
        else:
            limit_text = arg
    if limit_text is None:
        raise UsageError("missing LIMIT")
    limit = _parse_digits(limit_text, MAX_LIMIT)
    if limit is None:
        raise UsageError(
            f"invalid LIMIT '{shown(limit_text)}': expected plain decimal digits, 0 to {MAX_LIMIT}"
        )
    threads = 0
    if threads_text is not None:
        threads = _parse_digits(threads_text, MAX_THREADS) or 0
        if threads < 1:
            raise UsageError(
                f"invalid --threads '{shown(threads_text)}': expected an integer from 1 to {MAX_THREADS}"
            )
    return Args(limit=limit, threads=threads)


def usable_cpus() -> int:
    """The workers a parallel program starts without --threads: the CPUs this process may run on (an
    affinity mask or cgroup can allow fewer than are online)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def usage(program: str, parallel: bool) -> str:
    threads = " [--threads N]" if parallel else ""
    text = (
        f"usage: {program}{threads} LIMIT\n"
        "Print how many primes are below LIMIT, counted by trial division.\n"
        f"LIMIT: plain decimal digits, 0 to {MAX_LIMIT}.\n"
    )
    if parallel:
        text += f"--threads N: worker threads, 1 to {MAX_THREADS} (default: every CPU it may use).\n"
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
        print(f"{program}: writing the result failed: {error.strerror or error}", file=sys.stderr)
        # The unwritten bytes would be flushed, and fail, once more at exit: drop them.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


def on_threads(work: Callable[[int], int], workers: int, name: str) -> int:
    """The sum of work(k) for k in range(workers), each on a thread of its own. Every thread starts even
    when there is nothing to count, so that start-up (LIMIT=2) includes them; a thread that fails (its
    traceback on stderr) gives no count rather than a wrong one."""
    import threading  # here, not at the top: the serial programs import this module and should not pay for it

    counts: list[int | None] = [None] * workers

    def lane(k: int) -> None:
        counts[k] = work(k)

    threads = [threading.Thread(target=lane, args=(k,), name=f"{name}-{k}") for k in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if None in counts:
        raise RuntimeError(f"a counting {name} failed")
    return sum(c for c in counts if c is not None)
