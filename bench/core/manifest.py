"""Reads bench/implementations.toml: which implementations exist here and how to build and run them; builds them,
and the suite's small C helpers."""

from __future__ import annotations

import functools
import os
import re
import shlex
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib

from bench.core.errors import HarnessError
from bench.core.paths import BUILD, HELPERS, MANIFEST, ROOT
from bench.core.run import RunError, output, run

KINDS = ("serial", "parallel", "reference")
NAME = re.compile(r"[a-z][a-z0-9.-]*")  # lower-case letters, digits, dots and hyphens, a letter first
ARGVS = ("run", "build", "version", "flags")
# The fields an Implementation takes as written (once checked), then the rest the manifest may hold.
AS_WRITTEN = ("language", "kind", "twin", "variant_of", "thread_variable", "block", "schedule", "gated", "study",
              "requires", "requires_module", "note")
FIELDS = (*AS_WRITTEN, *ARGVS, "environment", "placement", "inclusive")
CHOICES = {"study": ("bench", "scaling"), "schedule": ("dynamic", "cyclic")}  # the default first
RENAMED = {"threads": "thread_variable"}  # still read, so that the gate can load an older BASE's manifest
TOKEN = re.compile(r"\{([^{}]+)\}")  # {python} in an argv: that interpreter's path
# Where an interpreter named by a relative path is looked for: the repository root, which holds the
# project's virtual environment (.venv) and the CPython builds of make free-threaded (.cpython).
LOCAL = ROOT


class ManifestError(HarnessError):
    """The manifest is malformed."""


class BuildError(HarnessError):
    """A build command failed; the message ends with the last lines it printed."""


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
    placement: str = ""  # how it places its workers itself, where it does
    thread_variable: str | None = None  # the variable that sets its threads when --threads is absent
    inclusive: bool = False
    block: int | None = None  # numbers per block a parallel one hands out
    schedule: str = "dynamic"  # to the first worker free ("dynamic"), or dealt in turn ("cyclic")
    gated: bool = True  # make regress times it
    study: str = "bench"  # the target that times it (make scaling's placement study for a placement variant)
    requires: str = ""
    requires_module: str = ""
    note: str = ""
    available: bool = True
    missing: str = ""  # why it is not available here: "pypy3 is not installed"

    def command(self, limit: int | str, threads: int | None = None) -> list[str]:
        return [*self.run, *(["--threads", str(threads)] if threads is not None else []), str(limit)]

    @property
    def optional(self) -> bool:
        """Whether the suite runs without it where it cannot be had (it requires a program or module)."""
        return bool(self.requires or self.requires_module)

    @property
    def env(self) -> dict[str, str]:
        return dict(self.environment)


@dataclass
class Manifest:
    implementations: list[Implementation]
    interpreters: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> Implementation:
        return {i.name: i for i in self.implementations}[name]

    def available(self, kinds: tuple[str, ...] = KINDS) -> list[Implementation]:
        return [i for i in self.implementations if i.available and i.kind in kinds]

    def select(self, only: str | None, kinds: tuple[str, ...] = KINDS,
               study: str | None = None) -> list[Implementation]:
        """The available ones (of `study`, when given), or those named in `only`, whichever study times them."""
        chosen = self.available(kinds)
        if not only:
            return [i for i in chosen if study in (None, i.study)]
        wanted, known = names(only), {i.name for i in self.implementations}
        if unknown := [n for n in wanted if n not in known]:
            raise ManifestError(f"unknown implementation(s) in ONLY: {', '.join(unknown)}; "
                                f"known: {', '.join(sorted(known))}")
        if missing := [n for n in wanted if n not in {i.name for i in chosen}]:
            raise ManifestError(f"not available on this machine: {', '.join(missing)}")
        return [i for i in chosen if i.name in wanted]


def resolve_interpreter(command: str) -> str | None:
    """The real executable behind `command`, but a virtual environment's named by its path keeps that path."""
    as_path = "/" in command
    found = shutil.which(str(LOCAL / command) if as_path else command)
    if found is None:
        return None
    script = "import sys; print(sys.executable, sys.prefix, sys.base_prefix, sep=chr(10))"
    lines = output([found, "-c", script], timeout=60).splitlines()
    if len(lines) < 3 or not lines[0]:
        return None
    real, prefix, base = lines[:3]
    return os.path.abspath(real) if as_path and prefix != base else os.path.realpath(real)


def _interpreter(value: object, where: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """An [interpreters] entry: (the commands tried in turn, what the one found must exit 0 on, what it is)."""
    if isinstance(value, str) and value:
        return (value,), (), ""
    if not isinstance(value, dict):
        raise ManifestError(f"{where}: expected a command, or a table with find (and check, what)")
    unknown = sorted(set(value) - {"find", "check", "what"})
    if unknown or "find" not in value:
        raise ManifestError(f"{where}: expected a table with find (and check, what)"
                            + (f"; unknown field(s) {', '.join(unknown)}" if unknown else ""))
    check = _argv(value["check"], f"{where}.check") if "check" in value else ()
    return _argv(value["find"], f"{where}.find"), check, str(value.get("what", ""))


def find_interpreter(name: str, commands: tuple[str, ...], check: tuple[str, ...] = (),
                     what: str = "") -> tuple[str | None, str]:
    """(the real executable, '') or (None, why there is none): the one NAME in capitals names, else the
    first of commands found; kept only if `check` exits 0 (else the last line it printed is why)."""
    variable = name.upper()
    if override := os.environ.get(variable):
        if (path := resolve_interpreter(override)) is None:
            return None, f"{variable}={override} cannot be run"
    elif (path := next(filter(None, map(resolve_interpreter, commands)), None)) is None:
        if not what:
            return None, f"{name} is not installed"
        tried = f"{commands[0]} is not" if len(commands) == 1 else f"none of {', '.join(commands)} is"
        return None, f"no {what} found: {variable} is unset and {tried} on PATH"
    if not check:
        return path, ""
    argv = [path, *check]
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
    """Whether interpreter can import module (one installed but broken does not count)."""
    try:
        return run([interpreter, "-c", "import importlib, sys; importlib.import_module(sys.argv[1])", module],
                   timeout=120).code == 0
    except RunError:
        return False


def _substitute(argv: tuple[str, ...], interpreters: dict[str, str | None]) -> tuple[tuple[str, ...], str]:
    """argv with {name} replaced by the interpreter's path, and the first interpreter missing."""
    absent = next((n for arg in argv for n in TOKEN.findall(arg) if n in interpreters and interpreters[n] is None), "")
    return argv if absent else tuple(TOKEN.sub(lambda m: interpreters.get(m[1]) or m[0], a) for a in argv), absent


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
        commands, check, what = _interpreter(value, f"{path.name}: interpreters.{key}")
        if resolve:
            interpreters[key], reasons[key] = find_interpreter(key, commands, check, what)
        else:
            interpreters[key] = os.environ.get(key.upper()) or commands[0]
    impls, known = [], set(data.get("implementations", {}))
    for name, entry in data.get("implementations", {}).items():
        where = f"{path.name}: implementations.{name}"
        if not NAME.fullmatch(name):
            raise ManifestError(f"{where}: a name is lower-case letters, digits, dots and hyphens, a letter first")
        entry = {RENAMED.get(key, key): value for key, value in entry.items()}
        if unknown := sorted(set(entry) - set(FIELDS)):
            raise ManifestError(f"{where}: unknown field(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}")
        block, kind = entry.get("block"), entry.get("kind")
        for bad, message in (
                (not isinstance(entry.get("gated", True), bool), ".gated: expected true or false"),
                *((entry.get(k, v[0]) not in v, f".{k}: expected one of {', '.join(v)}") for k, v in CHOICES.items()),
                (block is not None and (type(block) is not int or block < 1), ".block: expected a positive integer"),
                (kind not in KINDS, f": kind must be one of {', '.join(KINDS)}"),
                (kind == "parallel" and not entry.get("twin"), ": a parallel implementation needs a twin"),
                ("language" not in entry or "run" not in entry, ": language and run are required"),
                *((entry.get(r) and entry[r] not in known, f": {r} {entry.get(r)!r} is not in the manifest")
                  for r in ("twin", "variant_of"))):
            if bad:
                raise ManifestError(where + message)
        fields, lacking = {}, ""
        for key in (key for key in ARGVS if key in entry):
            fields[key], absent = _substitute(_argv(entry[key], f"{where}.{key}"), interpreters)
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
            available=not missing, missing=missing))
    return Manifest(impls, {k: v for k, v in interpreters.items() if v})


def build(impls: list[Implementation], quiet: bool = False, root: Path = ROOT) -> None:
    """Run each distinct build command once, from root (the repository, or a worktree of it)."""
    for argv in dict.fromkeys(i.build for i in impls if i.build):
        if not quiet:
            print(f"build: {' '.join(argv)}", file=sys.stderr)
        try:
            ran = run(argv, cwd=root)
        except RunError as error:
            raise BuildError(str(error)) from error
        if ran.code != 0:
            tail = "\n".join((ran.out + ran.err).strip().splitlines()[-20:])
            raise BuildError(f"{' '.join(argv)} failed (exit {ran.code})\n{tail}")


def build_available(impls: list[Implementation], quiet: bool = False) -> dict[str, str]:
    """Build impls; each optional one whose build fails is left out and returned, with why."""
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


def compiled(name: str) -> Path:
    """bench/helpers/NAME.c, compiled into build/bench/NAME with the suite's strict flags when missing or older
    than its source."""
    source, program = HELPERS / f"{name}.c", BUILD / "bench" / name
    if not program.exists() or program.stat().st_mtime < source.stat().st_mtime:
        program.parent.mkdir(parents=True, exist_ok=True)
        command = [os.environ.get("CC", "cc"), "-std=c11", "-Wall", "-Wextra", "-pedantic", "-Werror", "-O2",
                   "-o", str(program), str(source)]
        if (ran := run(command)).code != 0:
            raise BuildError(f"cannot build the helper {name}: {shlex.join(command)} failed\n{ran.err.strip()}")
    return program


def names(only: str) -> list[str]:
    """The implementation names in an ONLY string: comma or space separated."""
    return only.replace(",", " ").split()


@functools.cache
def first_line(argv: tuple[str, ...]) -> str:
    """The first non-empty line argv prints, or '' when it fails; asked once per process."""
    try:
        return next(iter(run(argv, timeout=120).lines), "") if argv else ""
    except RunError:
        return ""
