"""The figures are drawn as SVG from recorded results, the same files for the same data, and the page
embeds them; without matplotlib the page's text is the same and no figure is written."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

import bench.render
from bench.analyse.derive import load, load_if_present
from bench.commands import main as harness
from bench.core.paths import HOSTS, RESULTS
from bench.core.results import BenchResult, ScalingResult, ThreadsResult
from bench.render.host import CROSS_FIGURES as FIGURES
from bench.render.host import FIGURES as FIGURE_FILES
from bench.render.host import Host
from tests.doctor import FIXTURES

MAIN = ("c", "c-openmp", "go", "go-goroutines", "python", "python-multiprocessing", "python-threads", "pypy")

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


def two_hosts() -> list[Host]:
    other = recorded("primes.json")
    for r in other.ratios:
        r.estimate, r.low, r.high = r.estimate * 1.1, r.low and r.low * 1.1, r.high and r.high * 1.1
    return [Host(HOST, recorded("primes.json")), Host("other-2cpu", other)]


def test_each_figure_is_an_svg_with_its_labels(figures):
    drawn = draw_all(figures)
    assert set(drawn) == {"time", "growth", "threads"}
    for text in drawn.values():
        assert text.startswith("<?xml") and "<svg" in text and "</svg>" in text
    assert "median wall time (log scale)" in drawn["time"] and "c-openmp (2 workers)" in drawn["time"]
    assert "LIMIT (log scale)" in drawn["growth"] and "c-openmp (2 workers)" in drawn["growth"]
    assert "ideal (speedup = workers)" in drawn["threads"] and "c-openmp" in drawn["threads"]
    assert "× faster than its serial version" in drawn["threads"]


def test_time_against_limit_draws_the_main_programs_only(figures):
    drawn = draw_all(figures)["growth"]
    names = {e.name for e in recorded("scaling.json").implementations}
    assert "primesieve" in names and "<!-- primesieve -->" not in drawn
    assert all(f"<!-- {n}" in drawn for n in names & set(MAIN))


def test_the_cross_machine_figures_answer_one_question_each(figures):
    assert set(figures.cross_figures(two_hosts()[:1])) == set(FIGURES.values()), "the README's figure, from one host"
    drawn = figures.cross_figures(two_hosts())
    assert set(drawn) == set(FIGURES.values())
    faster, speedup = drawn[FIGURES["faster"]], drawn[FIGURES["speedup"]]
    assert "× faster than CPython" in faster and "<!-- c-openmp -->" not in faster and "<!-- pypy -->" in faster
    assert "× faster than its serial version" in speedup and "<!-- c-openmp -->" in speedup
    assert "<!-- pypy -->" not in speedup and "other-2cpu" in faster and "other-2cpu" in speedup


# A tick label such as 2×10⁰ or 10⁻¹ s: mathtext's powers of ten, or a × before a power of ten.
SCIENTIFIC = re.compile(r"\\times\s*\\?\{?10\^|\\mathdefault\{10\^|×\s*10[⁰¹²³⁴⁵⁶⁷⁸⁹^]")


def test_no_tick_label_is_written_as_a_multiple_of_a_power_of_ten(figures):
    drawn = [*draw_all(figures).values(), *figures.cross_figures(two_hosts()).values()]
    committed = [p.read_text() for p in RESULTS.rglob("*.svg")]
    assert committed
    for text in drawn + committed:
        assert not SCIENTIFIC.search(text)
    assert SCIENTIFIC.search("<!-- $\\mathdefault{2\\times10^{0}}$ -->") and SCIENTIFIC.search("<!-- 2×10⁰ -->")


def test_every_whisker_is_a_95_percent_interval_from_the_data(figures, monkeypatch):
    """Each whisker passed to matplotlib reaches from a recorded low to its high; a value without both
    gets no whisker."""
    primes, scaling, threads = (recorded(n) for n in RECORDED)
    hosts = two_hosts()
    intervals = {(t.estimate, t.low, t.high) for t in [e.timing for e in primes.implementations]
                 + [p.timing for e in scaling.implementations for p in e.points]}
    intervals |= {(r.estimate, r.low, r.high) for r in [p.speedup for e in threads.implementations for p in e.points]
                  + [r for h in hosts for r in h.bench.ratios]}
    drawn = []
    original = figures.Axes.errorbar

    def errorbar(self, x, y, xerr=None, yerr=None, **kwargs):
        drawn.append((x, y, xerr, yerr))
        return original(self, x, y, xerr=xerr, yerr=yerr, **kwargs)

    monkeypatch.setattr(figures.Axes, "errorbar", errorbar)
    figures.draw(primes, scaling, threads)
    figures.cross_figures(hosts)
    whiskers = 0
    for x, y, xerr, yerr in drawn:
        values, error = (x, xerr) if xerr is not None else (y, yerr)
        if error is None:
            unbounded = {m for m, lo, hi in intervals if lo is None or hi is None}
            assert set(values) <= unbounded, "a point without whiskers is one without an interval"
            continue
        for value, below, above in zip(values, *error):
            whiskers += 1
            assert any(value == m and lo is not None and hi is not None and abs(value - below - lo) < 1e-12
                       and abs(value + above - hi) < 1e-12 for m, lo, hi in intervals)
    assert whiskers > 20


def test_the_same_data_draws_byte_identical_files(figures):
    assert draw_all(figures) == draw_all(figures)
    assert "<dc:date>" not in draw_all(figures)["time"]


def test_different_data_draws_a_different_figure(figures):
    data = recorded("primes.json")
    before = figures.draw(data, None, None)["time"]
    timing = data.implementations[0].timing
    timing.low, timing.estimate, timing.high = timing.low * 3, timing.estimate * 3, timing.high * 3
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
    hosts = [Host(f.name, load(f / "primes.json", BenchResult)) for f in folders if (f / "primes.json").exists()]
    for name, text in figures.cross_figures(hosts).items():
        assert (RESULTS / name).read_text() == text, f"run `make report` to refresh {name}"


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
    assert all((results / name).exists() and f"]({name})" in cross for name in FIGURES.values())


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
    assert sorted(p.name for p in (bare / HOSTS / HOST).iterdir()) == sorted([*RECORDED, "primes.md", "scaling.md",
                                                                          "summary.json"])
    assert ".svg)" not in (bare / "primes.md").read_text()


def test_each_point_of_the_thread_figure_sits_at_its_own_worker_count(figures, monkeypatch):
    threads = recorded("threads.json")
    drawn = []
    original = figures.Axes.errorbar

    def errorbar(self, x, y, **kwargs):
        drawn.append(list(x))
        return original(self, x, y, **kwargs)

    monkeypatch.setattr(figures.Axes, "errorbar", errorbar)
    figures.draw(None, None, threads)
    assert drawn and all(x in threads.thread_counts for xs in drawn for x in xs)
