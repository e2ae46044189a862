"""python -m bench COMMAND [OPTIONS]: the primes harness, which the make targets call; `python -m bench
COMMAND --help` gives a command's options."""

# COMMANDS is every subcommand: its function (whose docstring is its help), the shared options it takes and
# its own.

from __future__ import annotations

import argparse
import dataclasses
import filecmp
import functools
import inspect
import platform
import random
import shlex
import shutil
import sys
import tarfile
import tempfile
from pathlib import Path

from bench.analyse import derive
from bench.commands.common import fail, measure_then_save, render, select_and_build
from bench.core import environment, hosts, paths, results
from bench.core.errors import HarnessError, one_line
from bench.core.files import write_atomically
from bench.core.manifest import BuildError, ManifestError, build_available, compiled, first_line, load
from bench.core.vectors import vectors_text
from bench.measure import bench as measured
from bench.measure.rounds import RUNNERS, default_timer
from bench.measure.verify import BenchError
from bench.render.host import summary
from bench.studies import costs as costs_study
from bench.studies import gate as gate_study
from bench.studies import scaling as sweep

log = functools.partial(print, flush=True)


def bench(args: argparse.Namespace) -> int:
    """make bench: verify every implementation's answer, time them all in interleaved rounds, save
    primes.json, then render it."""
    if args.limit < 0 or (args.budget or 0) < 0:  # no budget: the default, grown by the GIL study's rows
        args.parser.error("LIMIT and the budget must be >= 0")
    timer = default_timer() if args.timer == "auto" else args.timer
    saved: list[Path] = []

    def take() -> dict[Path, object]:
        prebuilt = results.load(paths.PREBUILT, results.Prebuilt) if args.prebuilt else None
        if prebuilt and prebuilt.built_on.arch != platform.machine():
            raise BenchError(f"the programs in this bundle were built for {prebuilt.built_on.arch}; this machine is "
                             f"{platform.machine()}: make the bundle on a machine of this architecture")
        saved.append(hosts.this_host_folder(args.results, args.host))
        impls, absent = select_and_build(args.only, args.manifest, prebuilt=args.prebuilt, study="bench")
        data = measured.bench(impls, args.limit, args.seed, args.budget, timer, log, absent, prebuilt)
        return {saved[0] / "primes.json": costs_study.measure(data, impls, prebuilt, log)}

    status = measure_then_save("bench", take, args.results)
    if status == 0:
        answer = summary(derive.load(saved[0] / "primes.json", results.BenchResult))
        print("\n".join(filter(None, [answer, f"The page: {saved[0] / 'primes.md'}"])))
    return status


def scaling(args: argparse.Namespace) -> int:
    """make scaling: every implementation over LIMIT = 10^3 ... 10^7 and each parallel one over its threads,
    in interleaved rounds; saved into scaling.json and threads.json, then rendered."""
    if args.budget <= 0 or args.threads_limit < 2:
        args.parser.error("the budget must be positive and the thread-scaling LIMIT at least 2")

    def take() -> dict[Path, object]:
        folder = hosts.this_host_folder(args.results, args.host)
        twin = load(args.manifest).get
        impls, _ = select_and_build(args.only, args.manifest,
                                    also=lambda chosen: [twin(i.twin) for i in sweep.swept(chosen)])
        return {folder / name: record for name, record in
                sweep.measure(impls, twin, args.budget, args.threads_limit, args.seed, log).items()}

    return measure_then_save("scaling", take, args.results)


def report(args: argparse.Namespace) -> int:
    """make report: render every page, its figures, gate.md and the README's tables from the JSON in
    results/, timing nothing."""
    return render("report", args.results)


def merge(args: argparse.Namespace) -> int:
    """make merge FROM='DIR ...': bring in the results of other machines, then render.

    Each DIR is a results folder (its hosts/*/ are taken) or one host's folder (taken under its own name),
    such as a CI artifact or a bundle's results/hosts/HOST. Only the JSON is copied, and every page rendered
    again. A host already here is replaced, file by file, only by one of the same CPU identity. A file
    that cannot be read, or that holds what no measurement gives (bench.analyse.derive.load), refuses the
    whole merge: the files and the pages rendered with them are written together, all of them or none."""
    missing = [str(source) for source in args.sources if not source.is_dir()]
    if missing:
        return fail("merge", f"no such folder: {', '.join(missing)}")
    folders = [folder for source in args.sources for folder in hosts.incoming(source)]
    if not folders:
        return fail("merge", f"no host results in {', '.join(map(str, args.sources))}")
    remedy = "rename the incoming folder to bring it in beside this one"
    texts: dict[Path, str] = {}
    said = []
    earlier: dict[str, list[Path]] = {}  # the incoming folders of each host name so far
    own: set[Path] = set()  # the files that results/ itself brought, which an incoming one may replace
    for folder in folders:  # every folder is checked before any is copied
        if not hosts.HOST_NAME.fullmatch(folder.name):
            return fail("merge", f"{folder}: {folder.name!r} is not a host name")
        files = [folder / name for name in hosts.RESULT_FILES if hosts.present(folder / name)]
        target = args.results / paths.HOSTS / folder.name
        try:
            said_by = {path.name: derive.load(path, results.FILES[path.name].record) for path in files}
            machines = {f"its {name}": hosts.machine(record) for name, record in said_by.items()}
            blind = next((path for path in files if machines[f"its {path.name}"] is None and not (
                (target / path.name).is_file() and filecmp.cmp(path, target / path.name, shallow=False))), None)
            if blind:  # nothing would tell which machine's folder it belongs in
                raise HarnessError(f"{blind}: records no machine (a calibration from before it did): run "
                                   "`make calibrate` on that machine again to bring one in")
            for other in (target, *earlier.get(folder.name, [])):  # the folders whose files it will sit beside
                machines |= {str(other / name): hosts.machine(other / name) for name in hosts.RESULT_FILES
                             if (other / name).exists() and not (other == target and name in said_by)}
            machines = {name: machine for name, machine in machines.items() if machine}
            if len(set(machines.values())) > 1:
                (first, one), (second, other) = [next(i for i in machines.items() if i[1] == v)
                                                 for v in dict.fromkeys(machines.values())][:2]
                raise HarnessError(f"{folder}: {first} was measured on {one}, {second} on {other}: "
                                   "one host folder holds one machine's results")
            others = [o for o in hosts.host_folders(args.results) if o.name != folder.name] + \
                [o for name, seen in earlier.items() if name != folder.name for o in seen]
            for name, record in said_by.items():  # one run in two host folders would count one machine twice
                twin = next((o / name for o in others if (o / name).exists() and hosts.same_run(o / name, record)),
                            None)
                if twin:
                    raise HarnessError(f"{folder / name}: the run of {twin} (on its machine, its date or "
                                       "its measurements): one machine's results go in one host folder")
            for name, identity in hosts.identities(folder).items():
                for other in [folder, target, *earlier.get(folder.name, [])]:
                    whose = f"its {name}'s" if other == folder else f"the incoming {folder / name}'s"
                    hosts.check_same_cpu(other, identity, whose, remedy)
            twice = next((path for path in files if target / path.name in texts and target / path.name not in own),
                         None)
            if twice:  # results/ itself may come first: its own files give way, once
                raise HarnessError(f"{twice}: a second {twice.name} for host {folder.name} in one merge: bring in one")
            own.difference_update(target / path.name for path in files)
            if folder.resolve() == target.resolve():
                own.update(target / path.name for path in files)
            replaced = [f"{path.name} ({hosts.run_of(target / path.name)} by {hosts.run_of(path)})"
                        for path in files if (target / path.name).exists()]
            texts.update({target / path.name: path.read_text(encoding="utf-8") for path in files})
        except results.SchemaError as error:
            return fail("merge", error, 2)
        except OSError as error:
            return fail("merge", f"{error.filename or folder}: cannot be read ({error.strerror or error})", 2)
        except HarnessError as error:
            return fail("merge", error)
        earlier.setdefault(folder.name, []).append(folder)
        said.append(one_line(f"merge: {folder.name}: {', '.join(p.name for p in files)}"  # a date may hold anything
                             + (f"; replacing {'; '.join(replaced)}" if replaced else ""), longest=None))
    try:
        status = render("merge", args.results, incoming=texts)
    except Exception as error:  # noqa: BLE001 - whatever an incoming file makes of the pages, one line
        return fail("merge", f"cannot render with the incoming files ({type(error).__name__}: {error}); "
                             "results left untouched")
    if status:  # render said why, in one line; it wrote nothing
        return status
    print("\n".join(said))
    return 0


def gate_settings(args: argparse.Namespace, signals: tuple[str, ...]) -> results.GateSettings:
    """The gate's settings at the CI size, from the options SHARED["gate"] gives, checked."""
    if args.pairs < 12:
        args.parser.error("--pairs: at least 12 (fewer leave the gate's 99.75% interval unbounded)")
    if args.max_pairs < args.pairs:
        args.parser.error("--max-pairs: at least --pairs")
    if args.time_budget < 0:
        args.parser.error("--time-budget: seconds, 0 or more")
    return results.GateSettings(args.limit, args.python_limit, args.threads, args.pairs, signals,
                                args.max_pairs, args.time_budget, args.seed)


def regress(args: argparse.Namespace) -> int:
    """make regress: gate the working tree against BASE on instruction counts and interleaved time; regress.md,
    and beside it the head side's numbers for github-action-benchmark and Bencher.

    Exit 0 when no implementation regressed (or BASE predates the suite), 1 on a regression, 2 when the
    gate could not measure (BASE unknown or unbuildable, a program failing, valgrind missing)."""
    signals = tuple(s for s in gate_study.SIGNALS if s in args.signals.replace(",", " ").split())
    settings = gate_settings(args, signals)
    if not signals:
        args.parser.error("--signals: name instructions, time or both")
    try:
        host = hosts.host_folder(args.results, args.host).name
        out = args.out or hosts.this_host_folder(args.results, args.host) / "regress.md"
        report, exports, regressed = gate_study.regress(args.base, args.only, settings, host)
    except gate_study.NoSuite as note:
        print(f"regress: {note}; nothing to compare, the gate passes")
        return 0
    except HarnessError as error:
        return fail("regress", f"could not measure: {error}", 2)
    print(report, end="")
    if str(out) != "-":
        write_atomically({out: report, **{out.parent / name: text for name, text in exports.items()}})
    if args.out is None:
        # The host's page links regress.md once there is one; the exit status stays the gate's.
        try:
            render("regress", args.results, only=out.parent)
        except Exception as error:  # noqa: BLE001 - the gate's verdict is written; a page bug must not hide it
            fail("regress", f"the pages were not rendered again: {error}")
    return 1 if regressed else 0


def calibrate(args: argparse.Namespace) -> int:
    """make calibrate: the regression gate's false-alarm and detection rates, from injected slowdowns;
    saved into gate.json, then rendered into gate.md."""
    ci = gate_settings(args, gate_study.SIGNALS)
    if args.small_time_budget < 0:
        args.parser.error("--small-time-budget: seconds, 0 or more")
    small = dataclasses.replace(ci, limit=args.small_limit, python_limit=args.small_python_limit, signals=("time",),
                                time_budget=args.small_time_budget, seed=args.seed + 1)
    sizes = [results.CalibrationSize("ci", ci, args.rounds), results.CalibrationSize("small", small, args.small_rounds)]

    def take() -> dict[Path, object]:
        path = hosts.this_host_folder(args.results, args.host) / "gate.json"
        return {path: gate_study.calibrate(args.only, [s for s in sizes if s.rounds > 0])}

    return measure_then_save("calibrate", take, args.results)


def bundle(args: argparse.Namespace) -> int:
    """make bundle: the programs built here, with the harness and what built them, in one archive, for a
    host that has Python but no compilers, no hyperfine and no network.

    On that host: unpack, `cd primes`, `python3 -m bench bench --prebuilt`; then copy its
    results/hosts/HOST folder into this repository's results/hosts/ and run `make report`."""
    try:
        impls, _ = select_and_build(args.only, args.manifest)
        # The helpers make bench runs: the peak-RSS launcher, the add chain of each round's clock, the divider probe.
        helpers = [compiled(name) for name in ("peak_rss", "clock", "divider")]
    except HarnessError as error:
        return fail("bundle", error)
    built_on = environment.machine()
    prebuilt = results.Prebuilt(schema=results.file_format(results.Prebuilt).version, date=environment.now(),
                                built_on=built_on, source=environment.source(),
                                versions={i.name: first_line(i.version) for i in impls if i.build},
                                flags={i.name: first_line(i.flags) for i in impls if i.build and i.flags},
                                divides_with={i.name: d for i in impls if (d := costs_study.divides_with(i))} or None)
    paths.BUILD.mkdir(exist_ok=True)
    # Staged in a folder of its own, so that two bundles made at once do not share their files.
    with tempfile.TemporaryDirectory(dir=paths.BUILD, prefix="bundle-") as staging:
        folder = Path(staging) / "primes"
        for name in ("bench", "python"):  # the harness, the helpers' sources with it, and the Python programs
            shutil.copytree(paths.ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__", "test_*.py"))
        # The programs built here, and the helpers, each newer than its source so that nothing is rebuilt.
        for program in [p for p in (paths.ROOT / i.run[0] for i in impls) if p.is_relative_to(paths.BUILD)] + helpers:
            if program.is_file():
                (folder / program.relative_to(paths.ROOT)).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(program, folder / program.relative_to(paths.ROOT))
        results.save({folder / "prebuilt.json": prebuilt})
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(args.out, "w:gz") as archive:
            archive.add(folder, arcname="primes")
    print(f"bundle: wrote {args.out} ({args.out.stat().st_size / 2**20:.1f} MiB): built here "
          f"{', '.join(prebuilt.versions) or 'nothing'} on {built_on.cpu} ({built_on.arch}); "
          "the Python programs run under the interpreters of the host that measures them")
    return 0


def host(args: argparse.Namespace) -> int:
    """make host: this machine's folder name under results/hosts (from its CPU identity and CPU count)."""
    try:
        print(hosts.host_folder(args.results, args.host).name)
    except HarnessError as error:
        return fail("host", error, 2)
    return 0


def build_or_list(args: argparse.Namespace) -> int:
    """make build and make list: build every implementation available here, or list them
    (NAME<TAB>serial|parallel<TAB>COMMAND)."""
    try:
        manifest = load(args.manifest)
        if args.command == "build":
            build_available(manifest.available())
    except (OSError, ManifestError) as error:
        return fail("manifest", error, 2)
    except BuildError as error:
        return fail("build", error)
    if args.command == "list":
        for impl in manifest.available(("serial", "parallel")):
            placement = "".join(f"{name}={shlex.quote(value)} " for name, value in impl.environment)
            print(f"{impl.name}\t{impl.kind}\t{placement}{shlex.join(impl.run)}")
        for impl in manifest.implementations:
            if not impl.available:
                print(f"manifest: {impl.name} not listed: {impl.missing}", file=sys.stderr)
    return 0


def vectors(args: argparse.Namespace) -> int:
    """Print, or with --write rewrite, bench/vectors.txt from the independent sieve."""
    (paths.VECTORS.write_text if args.write else sys.stdout.write)(vectors_text())
    return 0


def seed(text: str) -> int:
    """A seed as a result file records it: an integer, 0 or more."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r}: a seed is an integer, 0 or more")
    return int(text)


def opt(*flags: str, **settings: object) -> tuple[tuple[str, ...], dict[str, object]]:
    return flags, settings


# The options several commands take, each defined once: a command names those it takes.
SHARED = {
    "results": [opt("--results", type=Path, default=paths.RESULTS,
                    help="the results folder: this machine's files go to RESULTS/hosts/HOST (default: results)")],
    "host": [opt("--host", help="the folder name of this machine (default: from its CPU identity and count)")],
    "only": [opt("--only", help="names of implementations, comma or space separated (default: every one available)")],
    "seed": [opt("--seed", type=seed, help="seed of the rounds' shuffled order (default: drawn, and recorded)")],
    "manifest": [opt("--manifest", type=Path, default=paths.MANIFEST,
                     help="the implementations' manifest (default: bench/implementations.toml)")],
    # At which sizes the gate and its calibration run, and how many rounds in how much time.
    "gate": [
        opt("--limit", type=int, default=gate_study.DEFAULT_LIMIT, help="size for compiled programs"),
        opt("--python-limit", type=int, default=gate_study.DEFAULT_PYTHON_LIMIT, help="size for CPython and PyPy"),
        opt("--threads", type=int, default=gate_study.DEFAULT_THREADS, help="threads of the parallel programs"),
        opt("--pairs", type=int, default=gate_study.DEFAULT_PAIRS,
            help="interleaved rounds of each implementation's base and head, at least (>= 12)"),
        opt("--max-pairs", type=int, default=gate_study.DEFAULT_MAX_PAIRS,
            help="rounds of each implementation, at most"),
        opt("--time-budget", type=float, default=gate_study.DEFAULT_TIME_BUDGET,
            help="seconds of timing, all implementations together, beyond which no round starts"),
    ],
}
MEASURING = ("results", "host", "only", "seed", "manifest")
GATE = ("results", "host", "only", "seed", "gate")
COMMANDS = {
    "bench": (bench, MEASURING, [
        opt("--limit", type=int, default=1_000_000),
        opt("--budget", type=float, default=None,
            help=f"seconds of rounds at LIMIT, beyond which no round starts (default: {measured.DEFAULT_BUDGET:.0f}, "
                 f"or {measured.SMALL_LIMIT_BUDGET:.0f} below LIMIT={measured.COMPUTE_LIMIT:,}; grown by the share "
                 "of a round the GIL study's rows take)"),
        opt("--timer", choices=["auto", *RUNNERS], default="auto",
            help="what times the runs: hyperfine, or python (os.wait4) where hyperfine is missing "
                 "(default: auto, hyperfine when installed)"),
        opt("--prebuilt", action="store_true",
            help="measure programs built on another machine (a bundle from `make bundle`): build nothing, take "
                 f"versions and flags from {paths.PREBUILT.name}")]),
    "scaling": (scaling, MEASURING, [
        opt("--budget", type=float, default=sweep.DEFAULT_BUDGET_S,
            help=f"seconds of rounds per size; an implementation whose {sweep.MIN_ROUNDS} runs are predicted "
                 f"(time ~ LIMIT^{sweep.ASSUMED_K} from the size below) to exceed it is skipped there "
                 f"(default: {sweep.DEFAULT_BUDGET_S:.0f})"),
        opt("--threads-limit", type=int, default=sweep.THREADS_LIMIT,
            help=f"LIMIT of the thread-scaling runs (default: {sweep.THREADS_LIMIT})")]),
    "report": (report, ("results",), []),
    "merge": (merge, ("results",), [opt("sources", nargs="+", type=Path, help="results folders or host folders")]),
    "regress": (regress, GATE, [
        opt("--base", default="HEAD~1", help="git revision to compare against (HEAD~1)"),
        opt("--signals", default="instructions,time", help="instructions, time or both"),
        opt("--out", type=Path, default=None,
            help="where to write the Markdown report, the CI tools' files beside it ('-' for nowhere; default: "
                 "this machine's RESULTS/hosts/HOST/regress.md)")]),
    "calibrate": (calibrate, GATE, [
        opt("--rounds", type=int, default=1, help="rounds at the CI size, both signals"),
        opt("--small-rounds", type=int, default=1, help="rounds of the time signal, small size"),
        opt("--small-limit", type=int, default=100_000),
        opt("--small-python-limit", type=int, default=10_000),
        opt("--small-time-budget", type=float, default=gate_study.DEFAULT_TIME_BUDGET / 3,
            help="seconds per slowdown at the small size (--time-budget: at the CI size)")]),
    "bundle": (bundle, ("only", "manifest"), [
        opt("--out", type=Path, default=paths.BUILD / "primes-bundle.tar.gz", help="the archive to write")]),
    "host": (host, ("results", "host"), []),
    "build": (build_or_list, ("manifest",), []),
    "list": (build_or_list, ("manifest",), []),
    "vectors": (vectors, (), [opt("--write", action="store_true", help="rewrite bench/vectors.txt from the sieve")]),
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m bench", description=" ".join(__doc__.split()))
    subcommands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (run, shared, options) in COMMANDS.items():
        doc = inspect.getdoc(run) or ""
        sub = subcommands.add_parser(name, help=" ".join(doc.split("\n\n")[0].split()), description=doc,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
        for flags, settings in [option for s in shared for option in SHARED[s]] + options:
            sub.add_argument(*flags, **settings)
        sub.set_defaults(run=run, parser=sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if "seed" in vars(args) and args.seed is None:  # drawn, and so recorded, where none was given
        args.seed = random.SystemRandom().randrange(2**31)
    return args.run(args)
