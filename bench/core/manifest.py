"""Reads bench/implementations.toml: which implementations exist here and how to build and run them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib

from bench.core.errors import HarnessError
from bench.core.paths import MANIFEST, ROOT

KINDS = ("serial", "parallel", "reference")
FIELDS = ("language", "kind", "twin", "build", "run", "version", "flags", "requires", "thread_variable",
          "inclusive", "note")
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
    thread_variable: str | None = None  # the variable that sets its threads when --threads is absent
    inclusive: bool = False
    note: str = ""
    available: bool = True
    missing: str = ""

    def command(self, limit: int | str, threads: int | None = None) -> list[str]:
        """The argv that runs it for LIMIT, with --threads when given."""
        argv = list(self.run)
        if threads is not None:
            argv += ["--threads", str(threads)]
        return argv + [str(limit)]

    @property
    def program(self) -> str:
        """The file name its error messages start with."""
        return os.path.basename(self.run[-1])


@dataclass
class Manifest:
    implementations: list[Implementation]
    interpreters: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> Implementation:
        for impl in self.implementations:
            if impl.name == name:
                return impl
        raise KeyError(name)

    def available(self, kinds: tuple[str, ...] = KINDS) -> list[Implementation]:
        return [i for i in self.implementations if i.available and i.kind in kinds]

    def select(self, only: str | None, kinds: tuple[str, ...] = KINDS) -> list[Implementation]:
        """The available implementations, or those named in `only` (comma or space separated)."""
        chosen = self.available(kinds)
        if not only:
            return chosen
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


def resolve_interpreter(command: str) -> str | None:
    """The real executable behind `command`: version-manager shims resolved, symlinks followed."""
    found = shutil.which(command)
    if found is None:
        return None
    try:
        real = subprocess.run(
            [found, "-c", "import sys; print(sys.executable)"],
            capture_output=True, text=True, timeout=60, check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return os.path.realpath(real) if real else None


def _argv(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ManifestError(f"{where}: expected a non-empty list of strings")
    return tuple(value)


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
    names = data.get("interpreters", {})
    interpreters: dict[str, str | None] = {}
    for key, command in names.items():
        override = os.environ.get(key.upper())
        interpreters[key] = resolve_interpreter(override or command) if resolve else (override or command)
    impls = []
    for name, entry in data.get("implementations", {}).items():
        where = f"{path.name}: implementations.{name}"
        entry = {RENAMED.get(key, key): value for key, value in entry.items()}
        unknown = sorted(set(entry) - set(FIELDS))
        if unknown:
            raise ManifestError(f"{where}: unknown field(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}")
        kind = entry.get("kind")
        if kind not in KINDS:
            raise ManifestError(f"{where}: kind must be one of {', '.join(KINDS)}")
        if kind == "parallel" and not entry.get("twin"):
            raise ManifestError(f"{where}: a parallel implementation needs a twin")
        fields = {k: _argv(entry[k], f"{where}.{k}")
                  for k in ("run", "build", "version", "flags") if k in entry}
        missing = ""
        for key, argv in list(fields.items()):
            fields[key], lacking = _substitute(argv, interpreters)
            missing = missing or lacking
        requires = entry.get("requires")
        if requires and not missing:
            (resolved,), lacking = _substitute((requires,), interpreters)
            if lacking or shutil.which(resolved) is None:
                missing = requires.strip("{}")
        if "language" not in entry or "run" not in entry:
            raise ManifestError(f"{where}: language and run are required")
        impls.append(Implementation(
            name=name, language=entry["language"], kind=kind, twin=entry.get("twin"),
            thread_variable=entry.get("thread_variable"), note=entry.get("note", ""),
            inclusive=bool(entry.get("inclusive")), available=not missing, missing=missing, **fields,
        ))
    by_name = {i.name for i in impls}
    for impl in impls:
        if impl.twin and impl.twin not in by_name:
            raise ManifestError(f"{impl.name}: twin {impl.twin!r} is not in the manifest")
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
            proc = subprocess.run(impl.build, cwd=root, capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-20:])
                raise BuildError(f"{' '.join(impl.build)} failed (exit {proc.returncode})\n{tail}")


def names(only: str) -> list[str]:
    """The implementation names in an ONLY string: comma or space separated."""
    return only.replace(",", " ").split()


def first_line(argv: tuple[str, ...]) -> str:
    """The first non-empty line argv prints (stdout or stderr), or '' when it fails."""
    if not argv:
        return ""
    try:
        proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return ""
    for line in (proc.stdout + "\n" + proc.stderr).splitlines():
        if line.strip():
            return line.strip()
    return ""
