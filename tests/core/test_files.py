"""write_atomically writes every file or none: a failure on the second leaves the first as it was."""

from __future__ import annotations

import os

import pytest

from bench.core import files
from bench.core.files import write_atomically


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_every_file_is_written(tmp_path):
    write_atomically({tmp_path / "a": "one", tmp_path / "sub" / "b": "two"})
    assert (tmp_path / "a").read_text() == "one" and (tmp_path / "sub" / "b").read_text() == "two"
    assert leftovers(tmp_path) == []
    # Readable by everyone, as a file written with open() under the usual umask: a page served from results/.
    assert {(tmp_path / name).stat().st_mode & 0o777 for name in ("a", "sub/b")} == {0o644}


def test_a_second_file_that_cannot_be_written_leaves_the_first_as_it_was(tmp_path):
    (tmp_path / "a").write_text("old")
    (tmp_path / "blocked").write_text("a file where a folder should be")
    with pytest.raises(OSError):
        write_atomically({tmp_path / "a": "new", tmp_path / "blocked" / "b": "two"})
    assert (tmp_path / "a").read_text() == "old"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("first_existed", [True, False])
def test_a_second_rename_that_fails_puts_the_first_file_back(tmp_path, monkeypatch, first_existed):
    first, second = tmp_path / "a", tmp_path / "b"
    if first_existed:
        first.write_text("old")
    second.write_text("old b")
    renames = []
    real = os.replace

    def failing_second(source, target):
        renames.append(target)
        if len(renames) == 2:
            raise OSError("no space left on device")
        real(source, target)

    monkeypatch.setattr(files.os, "replace", failing_second)
    with pytest.raises(OSError, match="no space"):
        write_atomically({first: "new", second: "new b"})
    monkeypatch.undo()
    assert (first.read_text() if first_existed else first.exists()) == ("old" if first_existed else False)
    assert second.read_text() == "old b"
    assert leftovers(tmp_path) == []
