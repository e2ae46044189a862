"""The one base of every error the harness expects: a command reports it in one line, never a traceback."""


class HarnessError(Exception):
    """Something the user can act on: a bad manifest, a failed build, a wrong answer, a stale file."""
