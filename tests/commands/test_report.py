"""make report renders every page from the JSON, and refuses a result file of another version in one line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bench.commands import main as harness
from bench.core.results import FILES
from tests.doctor import FIXTURES


def host(tmp_path: Path) -> Path:
    folder = tmp_path / "hosts" / "test-2cpu"
    folder.mkdir(parents=True)
    return folder


@pytest.mark.parametrize("name", ["primes.json", "scaling.json"])
@pytest.mark.parametrize("version", [2, 5])
def test_a_file_of_another_schema_is_refused_in_one_line_with_exit_2(tmp_path, capsys, name, version):
    folder = host(tmp_path)
    for fixture in ("primes.json", "scaling.json"):
        shutil.copy(FIXTURES / fixture, folder / fixture)
    data = json.loads((folder / name).read_text())
    data["schema"] = version
    (folder / name).write_text(json.dumps(data))
    assert harness(["report", "--results", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    wanted = FILES[name].version
    assert str(folder / name) in err[0] and f"schema {version}" in err[0] and f"reads schema {wanted}" in err[0]
    assert not (folder / "primes.md").exists() and not (tmp_path / "primes.md").exists()


def test_a_file_of_the_wrong_shape_is_refused_in_one_line(tmp_path, capsys):
    folder = host(tmp_path)
    data = json.loads((FIXTURES / "primes.json").read_text())
    del data["implementations"][0]["answer"]["output"]
    (folder / "primes.json").write_text(json.dumps(data))
    assert harness(["report", "--results", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"report: {folder / 'primes.json'}.implementations[0].answer: missing 'output'"]


def test_an_empty_results_folder_is_an_error(tmp_path, capsys):
    assert harness(["report", "--results", str(tmp_path)]) == 1
    assert "nothing to render" in capsys.readouterr().err


def test_files_of_older_versions_render_as_they_are(tmp_path):
    folder = host(tmp_path)
    sources = {name: FIXTURES / "schema3" / name for name in ("primes.json", "scaling.json", "threads.json")}
    sources["gate.json"] = FIXTURES / "schema2" / "gate.json"
    for name, source in sources.items():
        assert json.loads(source.read_text()).get("schema", 1) < FILES[name].version
        shutil.copy(source, folder / name)
    assert harness(["report", "--results", str(tmp_path)]) == 0
    assert (folder / "primes.md").read_text().startswith("#") and (folder / "gate.md").read_text().startswith("#")
    # Rendering migrates in memory only: the files stay as they were measured.
    assert all((folder / name).read_bytes() == source.read_bytes() for name, source in sources.items())
