"""Every file `make report` writes, from the result files under results/: each host's pages and figures,
the cross-machine page and its figures, and the README's block."""

from __future__ import annotations

import sys
from pathlib import Path

from bench.analyse.checks import load_if_present
from bench.core.hosts import host_folders
from bench.core.results import BenchResult, CalibrationResult, ScalingResult, ThreadsResult
from bench.render.calibration import render_calibration
from bench.render.host import FIGURES, render
from bench.render.machines import Host, cross_page, readme_block, updated
from bench.render.scaling import scaling_page


def figures_module():
    """bench.render.figures, or None where matplotlib is missing: the pages are the same, with no figure."""
    try:
        from bench.render import figures
        return figures
    except ImportError as error:
        print(f"report: figures skipped: matplotlib is not importable ({error})", file=sys.stderr)


def host_files(folder: Path, figures) -> tuple[Host | None, dict[Path, str]]:
    """One host's pages and figures, from the JSON in its folder."""
    data = load_if_present(folder / "primes.json", BenchResult)
    scaling = load_if_present(folder / "scaling.json", ScalingResult)
    threads = load_if_present(folder / "threads.json", ThreadsResult)
    calibration = load_if_present(folder / "gate.json", CalibrationResult)
    swept = scaling is not None or threads is not None
    beside = frozenset(n for n, there in (("scaling.md", swept), ("gate.md", calibration is not None),
                                          ("regress.md", (folder / "regress.md").exists())) if there)
    files: dict[Path, str] = {}
    if data is not None:
        files[folder / "primes.md"] = render(data, threads, beside)
    if swept:
        files[folder / ("scaling.md" if data else "primes.md")] = scaling_page(
            scaling, threads, data, "scaling.md" if data else "primes.md")
    if figures is not None:
        files.update({folder / FIGURES[key]: text for key, text in figures.draw(data, scaling, threads).items()})
    if calibration is not None:
        files[folder / "gate.md"] = render_calibration(calibration)
    return (Host(folder.name, data) if data is not None else None), files


def report_files(results: Path, readme: Path | None = None, only: Path | None = None) -> dict[Path, str]:
    """Every rendered file under results/, and the README's block when a README is given; with `only`,
    that host folder's files and the cross-machine page alone. Nothing is written: the caller writes
    them all at once."""
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
            files[readme] = updated(readme.read_text(encoding="utf-8"), readme_block(hosts))
    return files
