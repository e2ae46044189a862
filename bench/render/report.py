"""Every file `make report` writes, rendered from the result files under results/: in each host's folder
its page (primes.md), its scaling page (scaling.md, where `make scaling` has run beside `make bench`),
its figures and its gate page; the cross-machine page, and the README's headline."""

from __future__ import annotations

import sys
from pathlib import Path

from bench.core.hosts import host_folders
from bench.core.results import BenchResult, CalibrationResult, ScalingResult, ThreadsResult, load_if_present
from bench.render.calibration import render_calibration
from bench.render.hosts import Host, cross_page, headline, updated
from bench.render.primes import FIGURE_FILES, document, scaling_page


def figures_module():
    """bench.render.figures, or None (said on stderr) when matplotlib is missing."""
    try:
        from bench.render import figures
    except ImportError as error:
        print(f"report: figures skipped: matplotlib is not importable ({error}); in a checkout of the suite "
              "`make report` installs it into .venv", file=sys.stderr)
        return None
    return figures


def contributor_pages(folder: Path) -> frozenset[str]:
    """The gate's pages already in a host's folder (regress.md is written by `make regress`)."""
    return frozenset(name for name in ("gate.md", "regress.md") if (folder / name).exists())


def host_files(folder: Path, figures) -> tuple[Host | None, dict[Path, str]]:
    """One host's pages and figures, from the JSON in its folder."""
    data = load_if_present(folder / "primes.json", BenchResult)
    scaling = load_if_present(folder / "scaling.json", ScalingResult)
    threads = load_if_present(folder / "threads.json", ThreadsResult)
    calibration = load_if_present(folder / "gate.json", CalibrationResult)
    files: dict[Path, str] = {}
    if data is not None:
        beside = frozenset({"gate.md"} if calibration else set()) | contributor_pages(folder)
        files[folder / "primes.md"] = document(data, scaling, threads, beside)
        if scaling is not None or threads is not None:
            files[folder / "scaling.md"] = scaling_page(scaling, threads, data)
    elif scaling is not None or threads is not None:
        files[folder / "primes.md"] = scaling_page(scaling, threads, here="primes.md")
    if figures is not None:
        files.update({folder / FIGURE_FILES[key]: text for key, text in figures.draw(data, scaling, threads).items()})
    if calibration is not None:
        files[folder / "gate.md"] = render_calibration(calibration)
    return (Host(folder.name, data) if data is not None else None), files


def report_files(results: Path, readme: Path | None = None, only: Path | None = None) -> dict[Path, str]:
    """Every rendered file under results/, and the README's headline when a README is given; with
    `only`, that host folder's files and the cross-machine page alone (a measurement writes its own
    host's folder and nobody else's). Nothing is written: the caller writes them all at once."""
    figures = figures_module()
    hosts: list[Host] = []
    files: dict[Path, str] = {}
    for folder in host_folders(results):
        host, rendered = host_files(folder, figures if only in (None, folder) else None)
        if only in (None, folder):
            files.update(rendered)
        if host is not None:
            hosts.append(host)
    if hosts:
        drawn = figures.cross_figures(hosts) if figures is not None else {}
        files[results / "primes.md"] = cross_page(hosts, with_figures=bool(drawn))
        files.update({results / name: text for name, text in drawn.items()})
        if readme is not None:
            files[readme] = updated(readme.read_text(encoding="utf-8"), headline(hosts))
    return files
