"""The figures step draws SVG files from recorded results, the same files for the same data, and the report
embeds them; without matplotlib the report's text is unchanged."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

import bench
from bench import report

FIXTURES = Path(__file__).parent / "fixtures"
RECORDED = ("primes.json", "scaling.json", "threads.json")


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


@pytest.fixture
def results(tmp_path: Path) -> Path:
    for name in RECORDED:
        shutil.copy(FIXTURES / name, tmp_path / name)
    return tmp_path


@pytest.fixture
def figures():
    pytest.importorskip("matplotlib", reason="matplotlib is not importable: `make test` installs it into .venv")
    from bench import figures

    return figures


def test_each_figure_is_an_svg_with_its_labels(figures):
    drawn = figures.draw(load("primes.json"), load("scaling.json"), load("threads.json"))
    assert set(drawn) == {"time", "growth", "threads"}
    for text in drawn.values():
        assert text.startswith("<?xml") and "<svg" in text and "</svg>" in text
    assert "wall time (s, log scale)" in drawn["time"] and "c-openmp (2 threads)" in drawn["time"]
    assert "LIMIT (log scale)" in drawn["growth"] and "primesieve" in drawn["growth"]
    assert "ideal (speedup = threads)" in drawn["threads"] and "c-openmp over c" in drawn["threads"]


def test_the_same_data_draws_byte_identical_files(figures):
    first = figures.draw(load("primes.json"), load("scaling.json"), load("threads.json"))
    second = figures.draw(load("primes.json"), load("scaling.json"), load("threads.json"))
    assert first == second
    assert "<dc:date>" not in first["time"]


def test_different_data_draws_a_different_figure(figures):
    data = load("primes.json")
    before = figures.draw(data, None, None)["time"]
    timing = data["implementations"][0]["timing"]
    for key in ("min", "median", "max"):
        timing[key] *= 3
    assert figures.draw(data, None, None)["time"] != before


def test_make_report_writes_the_figures_and_embeds_them_with_alt_text(figures, results):
    assert report.main(["--results", str(results)]) == 0
    text = (results / "primes.md").read_text()
    for name in report.FIGURE_FILES.values():
        assert (results / name).read_text().startswith("<?xml")
        alt = re.search(r"!\[([^\]]+)\]\(" + re.escape(name) + r"\)", text)
        assert alt and len(alt.group(1)) > 40
    assert "## Growth with LIMIT" in text and "## Thread scaling" in text


def test_without_matplotlib_the_text_is_the_same_and_stderr_says_figures_were_skipped(
        figures, results, monkeypatch, capsys):
    with_figures = report.document(load("primes.json"), results)
    monkeypatch.delitem(sys.modules, "bench.figures")
    monkeypatch.delattr(bench, "figures")
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    files = report.report_files(load("primes.json"), results)
    assert files == {results / "primes.md": with_figures}
    assert "figures skipped" in capsys.readouterr().err
    assert not any((results / name).exists() for name in report.FIGURE_FILES.values())
