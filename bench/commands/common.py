"""What the commands share: choosing and building the implementations, rendering every page, and
saving a measurement before rendering it; a failure is one line on stderr and an exit status."""

from __future__ import annotations

import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from bench.analyse import derive
from bench.core.errors import HarnessError, one_line
from bench.core.files import write_atomically
from bench.core.manifest import BuildError, Implementation, build_available, load
from bench.core.paths import MANIFEST, README, RESULTS
from bench.core.results import FILES, SchemaError, dumps
from bench.measure.verify import BenchError
from bench.render.machines import report_files


def fail(command: str, message: object, status: int = 1) -> int:
    """The failure as one line on stderr, whatever a file or a folder's name holds (a failed build's own
    last lines follow its line), and the exit status."""
    text = f"{command}: {message}"
    print(text if isinstance(message, BuildError) else one_line(text, longest=None), file=sys.stderr)
    return status


def select_and_build(only: str | None, manifest: Path = MANIFEST,
                     also: Callable[[list[Implementation]], list[Implementation]] = lambda impls: [],
                     prebuilt: bool = False, study: str | None = None) -> tuple[list[Implementation], dict[str, str]]:
    """The implementations ONLY names (all available when None), built with those `also` adds for them (a
    parallel one's serial twin) unless prebuilt, and the manifest's that cannot run here, with why. An
    optional one whose build fails is left out as absent (build_available); BenchError when none is left."""
    loaded = load(manifest)
    impls = loaded.select(only, study=study)
    absent = {i.name: i.missing for i in loaded.implementations if not i.available}
    if impls and not prebuilt:
        extra = [i for i in also(impls) if i not in impls]
        print(f"build: {', '.join(i.name for i in impls + extra)}", flush=True)
        absent.update(build_available(impls + extra, quiet=True))
        impls = [i for i in impls if i.name not in absent]
    if not impls:
        raise BenchError("no implementation to run")
    return impls, absent


def staged_report(results: Path, readme: Path | None, incoming: dict[Path, str]) -> dict[Path, str]:
    """Every rendered file of results/ once the incoming result files are in it, rendered from a copy."""
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp) / "results"
        if results.is_dir():
            shutil.copytree(results, stage, ignore=lambda folder, names: [
                n for n in names if (Path(folder) / n).is_file() and not n.endswith(".json") and n != "regress.md"])
        write_atomically({stage / path.relative_to(results): text for path, text in incoming.items()})
        try:
            files = report_files(stage, readme)
        except SchemaError as error:
            raise SchemaError(str(error).replace(str(stage), str(results))) from error
        return {results / path.relative_to(stage) if path.is_relative_to(stage) else path: text
                for path, text in files.items()}


def render(command: str, results: Path, only: Path | None = None, incoming: dict[Path, str] | None = None) -> int:
    """Write every rendered file of results/ (with `only`, that host folder's and the cross-machine page),
    with the `incoming` result files if any, all at once or none. Exit status 2 for a result file that
    cannot be read or holds what no measurement gives, 1 for anything else that stops it."""
    # The README's tables follow only the repository's own results/ (a bundle of prebuilt programs has none).
    readme = README if results.resolve() == RESULTS.resolve() and README.exists() else None
    try:
        files = staged_report(results, readme, incoming) if incoming else report_files(results, readme, only)
        if not files:
            return fail(command, f"nothing to render in {results}: run `make bench`")
        write_atomically({**(incoming or {}), **files})
    except SchemaError as error:
        return fail(command, error, 2)
    except (OSError, ValueError, HarnessError) as error:
        return fail(command, f"cannot render {results}: {error}; results left untouched")
    print(f"{command}: wrote " + ", ".join(map(str, files)))
    return 0


def measure_then_save(command: str, take: Callable[[], dict[Path, object]], results: Path) -> int:
    """Take the measurement, read each record back as every render reads it, save them all at once, then
    render every page under results. A failure or an interrupt before the save leaves results/ as it was;
    a record the reading refuses is kept under build/refused beside results/ instead, and one failure while
    rendering keeps the new JSON and says to run `make report`."""
    try:
        records = {path: dumps(record) for path, record in take().items()}
        for path, text in records.items():
            try:
                derive.loads(text, FILES[path.name].record, str(path))
            except Exception as error:  # noqa: BLE001 - a refusal, or a bug in a check: either way keep the run
                kept = results.parent / "build" / "refused"
                write_atomically({kept / (path.relative_to(results) if path.is_relative_to(results) else path.name):
                                  text for path, text in records.items()})
                return fail(command, f"{error}; the measurement is kept in {kept}, results left untouched", 2)
        write_atomically(records)
    except HarnessError as error:
        return fail(command, f"{error}; results left untouched")
    except OSError as error:
        return fail(command, f"cannot save the results: {error}; results left untouched")
    except KeyboardInterrupt:
        print(file=sys.stderr)  # after the ^C the terminal echoed
        return fail(command, "interrupted; results left untouched", 130)
    print(f"{command}: saved " + " and ".join(map(str, records)), flush=True)
    folders = {path.parent for path in records}
    try:
        status = render(command, results, folders.pop() if len(folders) == 1 else None)
    except Exception:  # a rendering bug must not cost the measurement
        traceback.print_exc()
        status = 1
    if status:
        fail(command, "rendering failed, but the measurement is saved: fix the cause, then run `make report`")
    return status
