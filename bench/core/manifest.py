"""Reads bench/implementations.toml: which implementations exist here and how to build and run them."""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib

from bench.core.errors import HarnessError
from bench.core.paths import MANIFEST, ROOT
from bench.core.run import RunError, output, run

KINDS = ("serial", "parallel", "reference")
# An implementation's name: lower-case letters, digits, dots and hyphens, a letter first (python-3.13).
NAME = re.compile(r"[a-z][a-z0-9.-]*")
FIELDS = ("language", "kind", "twin", "variant_of", "build", "run", "version", "flags", "requires",
          "requires_module", "thread_variable", "block", "schedule", "environment", "placement", "gated",
          "inclusive", "note", "study")
# The fields of a closed set of values, their default first. study: the target that times an
# implementation (make bench, or the study that answers its question); schedule: how blocks are handed out.
CHOICES = {"study": ("bench", "scaling"), "schedule": ("dynamic", "cyclic")}
# The fields an Implementation takes as the manifest writes them (once checked).
AS_WRITTEN = ("language", "kind", "twin", "variant_of", "thread_variable", "block", "schedule", "gated", "study",
              "requires", "requires_module", "note")
# Older names of fields, still read so that the gate can load the manifest of an older BASE.
RENAMED = {"threads": "thread_variable"}


class ManifestError(HarnessError):
    """The manifest is malformed."""


@dataclass(frozen=True)
class Implementation:
    name: str
    language: str
    kind: str
    run: tuple[str, ...]
    build: tuple[str, ...] = ()
    version: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    twin: str | None = None
    variant_of: str | None = None  # the implementation it runs differently (its ratio to it is shown)
    environment: tuple[tuple[str, str], ...] = ()  # variables set for every run of it (thread placement)
    placement: str = ""  # how it places its workers itself, where it does (shown next to its numbers)
    thread_variable: str | None = None  # the variable that sets its threads when --threads is absent
    inclusive: bool = False
    block: int | None = None  # numbers per block a parallel one hands out
    schedule: str = "dynamic"  # how: to the first worker free ("dynamic"), or dealt in turn ("cyclic")
    gated: bool = True  # make regress times it
    study: str = "bench"  # the target that times it (make scaling's placement study for a placement variant)
    requires: str = ""
    requires_module: str = ""
    note: str = ""
    available: bool = True
    missing: str = ""  # why it is not available here: "pypy3 is not installed"

    def command(self, limit: int | str, threads: int | None = None) -> list[str]:
        """The argv that runs it for LIMIT, with --threads when given."""
        argv = list(self.run)
        if threads is not None:
            argv += ["--threads", str(threads)]
        return argv + [str(limit)]

    @property
    def optional(self) -> bool:
        """Whether the suite runs without it where it cannot be had (it requires a program or module)."""
        return bool(self.requires or self.requires_module)

    @property
    def env(self) -> dict[str, str]:
        """The variables its runs get on top of the harness's own environment."""
        return dict(self.environment)

    @property
    def program(self) -> str:
        """The file name its error messages start with."""
        return os.path.basename(self.run[-1])


@dataclass
class Manifest:
    implementations: list[Implementation]
    interpreters: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> Implementation:
        return {i.name: i for i in self.implementations}[name]

    def without(self, absent: dict[str, str]) -> Manifest:
        """The same manifest with the implementations named in absent unavailable, for the reason given."""
        return Manifest([dataclasses.replace(i, available=False, missing=absent[i.name]) if i.name in absent else i
                         for i in self.implementations], self.interpreters)

    def available(self, kinds: tuple[str, ...] = KINDS) -> list[Implementation]:
        return [i for i in self.implementations if i.available and i.kind in kinds]

    def select(self, only: str | None, kinds: tuple[str, ...] = KINDS,
               study: str | None = None) -> list[Implementation]:
        """The available implementations (of `study`, when given), or those named in `only` (comma or space
        separated), whichever study times them."""
        chosen = self.available(kinds)
        if not only:
            return [i for i in chosen if study is None or i.study == study]
        wanted = names(only)
        known = {i.name for i in self.implementations}
        unknown = [n for n in wanted if n not in known]
        if unknown:
            raise ManifestError(f"unknown implementation(s) in ONLY: {', '.join(unknown)}; "
                                f"known: {', '.join(sorted(known))}")
        missing = [n for n in wanted if n not in {i.name for i in chosen}]
        if missing:
            raise ManifestError(f"not available on this machine: {', '.join(missing)}")
        return [i for i in chosen if i.name in wanted]


# Where an interpreter named by a relative path is looked for: the repository root, which holds the
# project's virtual environment (.venv) and the CPython builds of make free-threaded (.cpython).
LOCAL = ROOT


def resolve_interpreter(command: str) -> str | None:
    """The real executable behind `command`: version-manager shims resolved, symlinks followed. A
    virtual environment's interpreter named by its path (relative ones from LOCAL) is kept as that
    path, the link to the real one that the environment is entered by."""
    given_as_path = "/" in command
    if given_as_path and not os.path.isabs(command):
        command = str(LOCAL / command)
    found = shutil.which(command)
    if found is None:
        return None
    try:
        real, prefix, base = output(
            [found, "-c", "import sys; print(sys.executable, sys.prefix, sys.base_prefix, sep=chr(10))"],
            timeout=60).splitlines()[:3]
    except ValueError:
        return None
    if not real:
        return None
    return os.path.abspath(real) if given_as_path and prefix != base else os.path.realpath(real)


@dataclass(frozen=True)
class Interpreter:
    """An entry of the manifest's [interpreters] table: the commands tried in turn (the environment
    variable named after it, in capitals, overrides them), and a check the one found must pass."""

    name: str
    commands: tuple[str, ...]
    check: tuple[str, ...] = ()  # arguments it runs, from the repository root, that must exit 0
    what: str = ""  # what it is, for the reason its implementations are left out

    @property
    def variable(self) -> str:
        return self.name.upper()


def _interpreter(name: str, value: object, where: str) -> Interpreter:
    if isinstance(value, str) and value:
        return Interpreter(name, (value,))
    if not isinstance(value, dict):
        raise ManifestError(f"{where}: expected a command, or a table with find (and check, what)")
    unknown = sorted(set(value) - {"find", "check", "what"})
    if unknown or "find" not in value:
        raise ManifestError(f"{where}: expected a table with find (and check, what)"
                            + (f"; unknown field(s) {', '.join(unknown)}" if unknown else ""))
    check = _argv(value["check"], f"{where}.check") if "check" in value else ()
    return Interpreter(name, _argv(value["find"], f"{where}.find"), check, str(value.get("what", "")))


def find_interpreter(spec: Interpreter) -> tuple[str | None, str]:
    """(the real executable of an interpreter, '') or (None, why there is none): the one its environment
    variable names, else the first of its commands found; kept only if its check exits 0 (else the last
    line the check printed is why)."""
    override = os.environ.get(spec.variable)
    if override:
        path = resolve_interpreter(override)
        if path is None:
            return None, f"{spec.variable}={override} cannot be run"
    else:
        path = next((found for found in map(resolve_interpreter, spec.commands) if found), None)
        if path is None:
            if not spec.what:
                return None, f"{spec.name} is not installed"
            tried = f"{spec.commands[0]} is not" if len(spec.commands) == 1 else \
                f"none of {', '.join(spec.commands)} is"
            return None, f"no {spec.what} found: {spec.variable} is unset and {tried} on PATH"
    if not spec.check:
        return path, ""
    argv = [path, *spec.check]
    try:
        ran = run(argv, timeout=120)
    except RunError as error:
        return None, f"{' '.join(argv)} could not be run: {error}"
    if ran.code == 0:
        return path, ""
    return None, ran.lines[-1] if ran.lines else f"{' '.join(argv)} failed (exit {ran.code})"


def _argv(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ManifestError(f"{where}: expected a non-empty list of strings")
    return tuple(value)


def _environment(value: object, where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and k and isinstance(v, str)
                                              for k, v in value.items()):
        raise ManifestError(f"{where}: expected a table of variable names and string values")
    return tuple(sorted(value.items()))


@functools.cache
def has_module(interpreter: str, module: str) -> bool:
    """Whether interpreter can import module (imported, so that one installed but broken, say against
    another numpy, does not count)."""
    try:
        return run([interpreter, "-c", "import importlib, sys; importlib.import_module(sys.argv[1])", module],
                   timeout=120).code == 0
    except RunError:
        return False


def _substitute(argv: tuple[str, ...], interpreters: dict[str, str | None]) -> tuple[tuple[str, ...], str]:
    """argv with {name} replaced by the interpreter's path, and the first interpreter missing."""
    out = []
    for arg in argv:
        for name, path in interpreters.items():
            token = "{" + name + "}"
            if token in arg:
                if path is None:
                    return argv, name
                arg = arg.replace(token, path)
        out.append(arg)
    return tuple(out), ""


def load(path: Path = MANIFEST, resolve: bool = True) -> Manifest:
    """Parse the manifest; interpreters are resolved on this machine unless resolve is False."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(f"{path.name}: {error}") from error
    interpreters: dict[str, str | None] = {}
    reasons: dict[str, str] = {}  # why an interpreter is missing
    for key, value in data.get("interpreters", {}).items():
        spec = _interpreter(key, value, f"{path.name}: interpreters.{key}")
        if resolve:
            interpreters[key], reasons[key] = find_interpreter(spec)
        else:
            interpreters[key] = os.environ.get(spec.variable) or spec.commands[0]
    impls = []
    for name, entry in data.get("implementations", {}).items():
        where = f"{path.name}: implementations.{name}"
        if not NAME.fullmatch(name):
            raise ManifestError(f"{where}: a name is lower-case letters, digits, dots and hyphens, a letter first")
        entry = {RENAMED.get(key, key): value for key, value in entry.items()}
        unknown = sorted(set(entry) - set(FIELDS))
        if unknown:
            raise ManifestError(f"{where}: unknown field(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}")
        if not isinstance(entry.get("gated", True), bool):
            raise ManifestError(f"{where}.gated: expected true or false")
        for key, allowed in CHOICES.items():
            if entry.get(key, allowed[0]) not in allowed:
                raise ManifestError(f"{where}.{key}: expected one of {', '.join(allowed)}")
        block = entry.get("block")
        if block is not None and (not isinstance(block, int) or isinstance(block, bool) or block < 1):
            raise ManifestError(f"{where}.block: expected a positive integer")
        kind = entry.get("kind")
        if kind not in KINDS:
            raise ManifestError(f"{where}: kind must be one of {', '.join(KINDS)}")
        if kind == "parallel" and not entry.get("twin"):
            raise ManifestError(f"{where}: a parallel implementation needs a twin")
        if "language" not in entry or "run" not in entry:
            raise ManifestError(f"{where}: language and run are required")
        fields = {k: _argv(entry[k], f"{where}.{k}")
                  for k in ("run", "build", "version", "flags") if k in entry}
        lacking = ""
        for key, argv in list(fields.items()):
            fields[key], absent = _substitute(argv, interpreters)
            lacking = lacking or absent
        requires = entry.get("requires")
        if requires and not lacking:
            (resolved,), absent = _substitute((requires,), interpreters)
            if absent or shutil.which(resolved) is None:
                lacking = requires.strip("{}")
        missing = (reasons.get(lacking) or f"{lacking} is not installed") if lacking else ""
        module = entry.get("requires_module")
        if module and not missing and resolve and not has_module(fields["run"][0], module):
            missing = f"the Python module {module} is not installed for {fields['run'][0]}"
        impls.append(Implementation(
            name=name, **{k: entry[k] for k in AS_WRITTEN if k in entry}, **fields,
            environment=_environment(entry.get("environment", {}), f"{where}.environment"),
            placement=str(entry.get("placement", "")), inclusive=bool(entry.get("inclusive")),
            available=not missing, missing=missing,
        ))
    by_name = {i.name for i in impls}
    for impl in impls:
        for role, other in (("twin", impl.twin), ("variant_of", impl.variant_of)):
            if other and other not in by_name:
                raise ManifestError(f"{impl.name}: {role} {other!r} is not in the manifest")
    return Manifest(impls, {k: v for k, v in interpreters.items() if v})


class BuildError(HarnessError):
    """A build command failed; the message ends with the last lines it printed."""


def build(impls: list[Implementation], quiet: bool = False, root: Path = ROOT) -> None:
    """Run each distinct build command once, from root (the repository, or a worktree of it)."""
    done: set[tuple[str, ...]] = set()
    for impl in impls:
        if impl.build and impl.build not in done:
            done.add(impl.build)
            if not quiet:
                print(f"build: {' '.join(impl.build)}", file=sys.stderr)
            try:
                ran = run(impl.build, cwd=root)
            except RunError as error:
                raise BuildError(str(error)) from error
            if ran.code != 0:
                tail = "\n".join((ran.out + ran.err).strip().splitlines()[-20:])
                raise BuildError(f"{' '.join(impl.build)} failed (exit {ran.code})\n{tail}")


def build_available(impls: list[Implementation], quiet: bool = False) -> dict[str, str]:
    """Build impls; an optional one (see Implementation.optional) whose build fails is left out: the
    names of those, each with the last line its build printed. A required one's failure raises
    BuildError."""
    absent: dict[str, str] = {}
    for impl in [i for i in impls if i.optional and i.build]:
        try:
            build([impl], quiet=True)
        except BuildError as error:
            why = str(error).splitlines()[-1]
            print(f"build: {impl.name} left out: {why}", file=sys.stderr, flush=True)
            absent[impl.name] = f"its build failed: {why}"
    build([i for i in impls if i.name not in absent], quiet=quiet)
    return absent


def names(only: str) -> list[str]:
    """The implementation names in an ONLY string: comma or space separated."""
    return only.replace(",", " ").split()


@functools.cache
def first_line(argv: tuple[str, ...]) -> str:
    """The first non-empty line argv prints (stdout or stderr), or '' when it fails; asked once per
    process (a version or a set of flags does not change during a run)."""
    if not argv:
        return ""
    try:
        return next(iter(run(argv, timeout=120).lines), "")
    except RunError:
        return ""
