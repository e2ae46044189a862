"""The one base of every error the harness expects: a command reports it in one line, never a traceback."""

from __future__ import annotations

LONGEST_MESSAGE = 300


class HarnessError(Exception):
    """Something the user can act on: a bad manifest, a failed build, a wrong answer, a stale file."""


def one_line(message: object, longest: int | None = LONGEST_MESSAGE) -> str:
    """message as one printable line: characters that are not printable escaped, cut at `longest`."""
    line = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in str(message))
    return line if longest is None or len(line) <= longest else line[:longest - 1] + "…"
