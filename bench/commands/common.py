"""What every measuring command does: measure, save the raw JSON, then render from it."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from bench.core.errors import HarnessError
from bench.core.files import write_atomically
from bench.core.paths import README, RESULTS
from bench.core.results import SchemaError, save
from bench.render.report import report_files


def readme_for(results: Path) -> Path | None:
    """The README whose headline follows these results: only the repository's own results/."""
    return README if results.resolve() == RESULTS.resolve() else None


def render(command: str, results: Path) -> int:
    """Write every rendered file of the results folder at once; the exit status (2: a result file of
    another version)."""
    try:
        files = report_files(results, readme_for(results))
    except SchemaError as error:
        print(f"{command}: {error}", file=sys.stderr)
        return 2
    except (OSError, ValueError, HarnessError) as error:
        print(f"{command}: cannot render {results}: {error}", file=sys.stderr)
        return 1
    if not files:
        print(f"{command}: nothing to render in {results}: run `make bench`", file=sys.stderr)
        return 1
    if not (results / "primes.json").exists():
        print(f"{command}: no {results / 'primes.json'} (run `make bench`): primes.md not rendered", file=sys.stderr)
    write_atomically(files)
    print(f"{command}: wrote " + ", ".join(str(p) for p in files))
    return 0


def measure_then_save(command: str, measure: Callable[[], dict[Path, object]], results: Path) -> int:
    """Run measure(); save the records it returns, all at once; then render the results folder.

    A failure or an interrupt while measuring saves nothing and leaves results/ as it was; a failure
    while rendering keeps the new JSON and says to run `make report`. Returns the exit status."""
    try:
        records = measure()
        save(records)
    except HarnessError as error:
        print(f"{command}: {error}\n{command}: results left untouched", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\n{command}: interrupted; results left untouched", file=sys.stderr)
        return 130
    print(f"{command}: saved " + " and ".join(str(path) for path in records), flush=True)
    try:
        return render(command, results)
    except Exception:  # a rendering bug must not cost the measurement
        traceback.print_exc()
        print(f"{command}: rendering failed; the measurement is saved: fix the cause, then run `make report`",
              file=sys.stderr)
        return 1
