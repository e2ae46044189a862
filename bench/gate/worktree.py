"""The gate's git: a temporary worktree of BASE, and one-line descriptions of revisions."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bench.core.errors import HarnessError
from bench.core.paths import ROOT


class GateError(HarnessError):
    """The gate could not measure: exit 2."""


def git(*args: str, cwd: Path = ROOT) -> str:
    """stdout of a git command; GateError with git's message when it fails."""
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise GateError(f"git {' '.join(args)}: {proc.stderr.strip()}")
    return proc.stdout.strip()


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
        subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, capture_output=True)
        shutil.rmtree(parent, ignore_errors=True)
        subprocess.run(["git", "worktree", "prune"], cwd=ROOT, capture_output=True)
