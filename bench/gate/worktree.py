"""The gate's git: a temporary worktree of BASE, and one-line descriptions of revisions."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bench.core.errors import HarnessError
from bench.core.paths import ROOT
from bench.core.run import run


class GateError(HarnessError):
    """The gate could not measure: exit 2."""


def git(*args: str, cwd: Path = ROOT) -> str:
    """stdout of a git command; GateError with git's message when it fails."""
    ran = run(["git", *args], cwd=cwd)
    if ran.code != 0:
        raise GateError(f"git {' '.join(args)}: {ran.err.strip()}")
    return ran.out.strip()


def describe(revision: str, cwd: Path = ROOT) -> str:
    """'abbrev subject' of a revision."""
    return git("log", "-1", "--format=%h %s", revision, cwd=cwd)


@contextlib.contextmanager
def worktree(revision: str) -> Iterator[Path]:
    """A temporary detached worktree of `revision`, removed afterwards."""
    try:
        commit = git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except GateError:
        raise GateError(f"BASE {revision!r} is not a commit of this repository") from None
    parent = Path(tempfile.mkdtemp(prefix="primes-base-"))
    path = parent / "base"
    git("worktree", "add", "--detach", "--quiet", str(path), commit)
    try:
        yield path
    finally:
        run(["git", "worktree", "remove", "--force", path])
        shutil.rmtree(parent, ignore_errors=True)
        run(["git", "worktree", "prune"])
