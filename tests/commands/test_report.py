"""make report renders every page from the JSON, and refuses a result file of another version in one line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bench.commands import report
from bench.core.results import SCHEMA

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.mark.parametrize("name", ["primes.json", "scaling.json"])
@pytest.mark.parametrize("version", [0, SCHEMA + 1])
def test_a_file_of_another_schema_is_refused_in_one_line_with_exit_2(tmp_path, capsys, name, version):
    for fixture in ("primes.json", "scaling.json"):
        shutil.copy(FIXTURES / fixture, tmp_path / fixture)
    data = json.loads((tmp_path / name).read_text())
    data["schema"] = version
    (tmp_path / name).write_text(json.dumps(data))
    assert report.main(["--results", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert str(tmp_path / name) in err[0] and f"schema {version}" in err[0] and f"reads schema {SCHEMA}" in err[0]
    assert not (tmp_path / "primes.md").exists()


def test_a_file_of_the_wrong_shape_is_refused_in_one_line(tmp_path, capsys):
    data = json.loads((FIXTURES / "primes.json").read_text())
    del data["implementations"][0]["timing"]["median"]
    (tmp_path / "primes.json").write_text(json.dumps(data))
    assert report.main(["--results", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"report: {tmp_path / 'primes.json'}.implementations[0].timing: missing 'median'"]


def test_an_empty_results_folder_is_an_error(tmp_path, capsys):
    assert report.main(["--results", str(tmp_path)]) == 1
    assert "nothing to render" in capsys.readouterr().err
