"""The figures are drawn as SVG from recorded results, the same files for the same data, and the page
embeds them; without matplotlib the page's text is the same and no figure is written."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

import bench.render
from bench.commands import main as harness
from bench.core.paths import HOSTS, RESULTS
from bench.core.results import BenchResult, ScalingResult, ThreadsResult, load, load_if_present
from bench.render.hosts import FIGURE
from bench.render.primes import FIGURE_FILES

FIXTURES = Path(__file__).parent.parent / "fixtures"
RECORDED = {"primes.json": BenchResult, "scaling.json": ScalingResult, "threads.json": ThreadsResult}


def recorded(name: str):
    return load(FIXTURES / name, RECORDED[name])


HOST = "recorded-2cpu"


@pytest.fixture
def results(tmp_path: Path) -> Path:
    folder = tmp_path / HOSTS / HOST
    folder.mkdir(parents=True)
    for name in RECORDED:
        shutil.copy(FIXTURES / name, folder / name)
    return tmp_path


@pytest.fixture
def figures():
    pytest.importorskip("matplotlib", reason="matplotlib is not importable: `make test` installs it into .venv")
    from bench.render import figures

    return figures


def draw_all(figures) -> dict[str, str]:
    return figures.draw(recorded("primes.json"), recorded("scaling.json"), recorded("threads.json"))


def test_each_figure_is_an_svg_with_its_labels(figures):
    drawn = draw_all(figures)
    assert set(drawn) == {"time", "growth", "threads"}
    for text in drawn.values():
        assert text.startswith("<?xml") and "<svg" in text and "</svg>" in text
    assert "wall time (s, log scale)" in drawn["time"] and "c-openmp (2 threads)" in drawn["time"]
    assert "LIMIT (log scale)" in drawn["growth"] and "primesieve" in drawn["growth"]
    assert "ideal (speedup = threads)" in drawn["threads"] and "c-openmp over c" in drawn["threads"]


def test_the_same_data_draws_byte_identical_files(figures):
    assert draw_all(figures) == draw_all(figures)
    assert "<dc:date>" not in draw_all(figures)["time"]


def test_different_data_draws_a_different_figure(figures):
    data = recorded("primes.json")
    before = figures.draw(data, None, None)["time"]
    timing = data.implementations[0].timing
    timing.min, timing.median, timing.max = timing.min * 3, timing.median * 3, timing.max * 3
    assert figures.draw(data, None, None)["time"] != before


def test_the_committed_figures_are_the_drawing_of_the_committed_results(figures):
    folders = sorted(p for p in (RESULTS / HOSTS).iterdir() if p.is_dir())
    assert folders
    for folder in folders:
        drawn = figures.draw(load_if_present(folder / "primes.json", BenchResult),
                             load_if_present(folder / "scaling.json", ScalingResult),
                             load_if_present(folder / "threads.json", ThreadsResult))
        for key, text in drawn.items():
            name = FIGURE_FILES[key]
            assert (folder / name).read_text() == text, f"run `make report` to refresh {folder.name}/{name}"


def test_make_report_writes_the_figures_and_embeds_them_with_alt_text(figures, results):
    assert harness(["report", "--results", str(results)]) == 0
    folder = results / HOSTS / HOST
    text = (folder / "primes.md").read_text() + (folder / "scaling.md").read_text()
    for name in FIGURE_FILES.values():
        assert (folder / name).read_text().startswith("<?xml")
        alt = re.search(r"!\[([^\]]+)\]\(" + re.escape(name) + r"\)", text)
        assert alt and len(alt.group(1)) > 40
    assert "## Growth with LIMIT" in text and "## Thread scaling" in text
    cross = (results / "primes.md").read_text()
    assert (results / FIGURE).read_text().startswith("<?xml") and f"]({FIGURE})" in cross


def test_without_matplotlib_the_page_is_the_same_and_no_figure_is_written(figures, results, tmp_path,
                                                                          monkeypatch, capsys):
    assert harness(["report", "--results", str(results)]) == 0
    with_figures = (results / HOSTS / HOST / "primes.md").read_text()
    bare = tmp_path / "bare"
    (bare / HOSTS / HOST).mkdir(parents=True)
    for name in RECORDED:
        shutil.copy(results / HOSTS / HOST / name, bare / HOSTS / HOST / name)
    monkeypatch.delitem(sys.modules, "bench.render.figures")
    monkeypatch.delattr(bench.render, "figures")
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    capsys.readouterr()
    assert harness(["report", "--results", str(bare)]) == 0
    assert (bare / HOSTS / HOST / "primes.md").read_text() == with_figures
    assert "figures skipped" in capsys.readouterr().err
    assert sorted(p.name for p in (bare / HOSTS / HOST).iterdir()) == sorted([*RECORDED, "primes.md", "scaling.md"])
    assert not (bare / FIGURE).exists() and f"]({FIGURE})" not in (bare / "primes.md").read_text()
