"""Writing files so that a reader never sees half of one, and a failure leaves every one as it was."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _temp_beside(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.fchmod(fd, 0o644)  # as open() would under the usual umask, not mkstemp's owner-only mode
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return temp


def write_atomically(files: dict[Path, str]) -> None:
    """Write every file to a temporary name first and rename them once all are written; where a rename
    fails, those already renamed get their old contents back (or go, where they were new)."""
    temps: dict[Path, str] = {}
    before: dict[Path, bytes | None] = {}
    replaced: list[Path] = []
    try:
        for path, text in files.items():
            temps[path] = _temp_beside(path, text.encode("utf-8"))
        before = {path: path.read_bytes() if path.is_file() else None for path in temps}
        for path, temp in temps.items():
            os.replace(temp, path)
            replaced.append(path)
    except BaseException:
        for path in reversed(replaced):
            if before[path] is None:
                path.unlink(missing_ok=True)
            else:
                os.replace(_temp_beside(path, before[path]), path)
        raise
    finally:
        for temp in temps.values():
            Path(temp).unlink(missing_ok=True)
