"""Every file `make report` writes, rendered from the result files of one results folder."""

from __future__ import annotations

import sys
from pathlib import Path

from bench.core.results import BenchResult, CalibrationResult, ScalingResult, ThreadsResult, load_if_present
from bench.render.calibration import render_calibration
from bench.render.headline import headline, updated
from bench.render.primes import FIGURE_FILES, document


def figure_files(data: BenchResult | None, scaling: ScalingResult | None, threads: ThreadsResult | None,
                 results: Path) -> dict[Path, str]:
    """The SVG figures to write into results/, or none (said on stderr) when matplotlib is missing."""
    try:
        from bench.render import figures
    except ImportError as error:
        print(f"report: figures skipped ({error}); run `make report` to install matplotlib into .venv",
              file=sys.stderr)
        return {}
    drawn = figures.draw(data, scaling, threads)
    return {results / FIGURE_FILES[key]: text for key, text in drawn.items()}


def report_files(results: Path, readme: Path | None = None) -> dict[Path, str]:
    """primes.md and its figures from the JSON in results/, gate.md where gate.json is there, and the
    README's headline when a README is given. Nothing is written: the caller writes them all at once."""
    scaling = load_if_present(results / "scaling.json", ScalingResult)
    threads = load_if_present(results / "threads.json", ThreadsResult)
    files: dict[Path, str] = {}
    data = load_if_present(results / "primes.json", BenchResult)
    if data is not None:
        files[results / "primes.md"] = document(data, scaling, threads)
        if readme is not None:
            files[readme] = updated(readme.read_text(encoding="utf-8"), headline(data))
    files.update(figure_files(data, scaling, threads, results))
    calibration = load_if_present(results / "gate.json", CalibrationResult)
    if calibration is not None:
        files[results / "gate.md"] = render_calibration(calibration)
    return files
