"""build_cython [--flags | --version]: compile count_primes.py, as it is, and count_primes_typed.py
with Cython into extension modules in build/python-cython/, for count_primes_cython.py and
count_primes_cython_typed.py.

Quiet when it succeeds; a failure ends with one line on stderr and exit status 1. Like make, it
rebuilds only what is older than its source or was built by another command. CC and CFLAGS are read
from the environment as c/Makefile reads them. --flags prints the commands it builds with, --version
the versions of Cython, the C compiler and Python.
"""

from __future__ import annotations

import os
import platform
import shlex
import subprocess
import sys
import sysconfig

from cython_module import BUILD_DIR, ROOT, extension_path, source_path

MODULES = ("count_primes", "count_primes_typed")
PROGRAM = "build_cython"
REQUIREMENTS = "python/requirements.txt"

# -3: Python 3 semantics, as the .py files have under CPython. cpow=True: by default Cython 3 works
# out ** of C numbers in complex arithmetic (a negative base could give a complex result), and the
# C library's cpow() makes 25**0.5 4.999..., so int(n**0.5) misses the root of every square and the
# typed module counts the squares of primes as primes (78566 below 10^6 instead of 78498). With
# cpow=True, n**0.5 is pow((double)n, 0.5), the very call that Python's float ** makes; the module
# without C types has no C numbers to raise, and its C code is the same either way.
# Warnings are errors, Cython's as the C compiler's.
CYTHON_OPTIONS = ["-3", "-X", "cpow=True", "--warning-errors"]
CC = shlex.split(os.environ.get("CC") or "cc")
# -O2 as for the C programs; -fPIC -shared make a module that CPython can load.
CFLAGS = shlex.split(os.environ.get("CFLAGS") or "-O2") + ["-Wall", "-Wextra", "-Werror", "-fPIC", "-shared"]


class BuildError(Exception):
    """A build that cannot go on; the message is one line."""


def includes() -> list[str]:
    paths = sysconfig.get_paths()
    folders = dict.fromkeys([paths["include"], paths["platinclude"]])  # in order, without repeats
    if not os.path.isfile(os.path.join(paths["include"], "Python.h")):
        raise BuildError(
            f"Python.h is missing from {paths['include']}: install the development headers of"
            f" Python {platform.python_version()} (Debian: python3-dev)"
        )
    return [f"-I{folder}" for folder in folders]


def cython_version() -> str:
    try:
        import Cython
    except ImportError:
        raise BuildError(
            f"Cython is not installed for {sys.executable}: run"
            f" '{sys.executable} -m pip install -r {REQUIREMENTS}'"
        ) from None
    return Cython.__version__


def flags() -> str:
    return shlex.join(["cython", *CYTHON_OPTIONS]) + "; " + shlex.join([*CC, *CFLAGS])


def version() -> str:
    line = f"Cython {cython_version()}"
    try:
        compiler = subprocess.run([*CC, "--version"], capture_output=True, text=True, check=True).stdout
        line += f", {compiler.splitlines()[0]}"
    except (OSError, subprocess.CalledProcessError, IndexError):
        pass
    return line + f", {platform.python_implementation()} {platform.python_version()}"


def run(command: list[str], what: str) -> None:
    try:
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    except OSError as error:
        hint = " (set CC to a C compiler)" if command[0] == CC[0] else ""
        raise BuildError(f"cannot run {command[0]}: {error.strerror}{hint}") from None
    if result.returncode != 0:
        # The tool's own diagnostics first: they say where; the last line says what failed.
        sys.stderr.write(result.stdout + result.stderr)
        raise BuildError(f"{what} failed (exit status {result.returncode}): {shlex.join(command)}")


def build(name: str) -> None:
    source = os.path.relpath(source_path(name), ROOT)
    c_file = os.path.join(BUILD_DIR, f"{name}.c")
    extension = extension_path(name)
    # Written under temporary names and renamed when whole, so that an interrupted or failed build
    # never leaves an output that looks up to date, and two builds at once do not mix their files.
    partial = f".{os.getpid()}.tmp"
    try:
        run([sys.executable, "-m", "cython", *CYTHON_OPTIONS, "-o", c_file + partial, source],
            f"cython {source}")
        os.replace(c_file + partial, c_file)
        run([*CC, *CFLAGS, *includes(), "-o", extension + partial, c_file], f"compiling {name}.c")
        os.replace(extension + partial, extension)
    finally:
        for path in (c_file + partial, extension + partial):
            if os.path.exists(path):
                os.remove(path)


def up_to_date(name: str, stamp: str, built_with: str | None) -> bool:
    extension = extension_path(name)
    return (
        built_with == stamp
        and os.path.exists(extension)
        and os.path.getmtime(extension) >= os.path.getmtime(source_path(name))
    )


def main(argv: list[str]) -> int:
    try:
        if argv == ["--flags"]:
            print(flags())
            return 0
        if argv == ["--version"]:
            print(version())
            return 0
        if argv:
            print(f"{PROGRAM}: unexpected argument '{argv[0]}': expected --flags, --version or nothing",
                  file=sys.stderr)
            return 2
        # Everything that shapes the modules: a change of any of it rebuilds them both.
        stamp = f"{version()}\n{flags()} {shlex.join(includes())}\n"
        stamp_path = os.path.join(BUILD_DIR, "flags.txt")
        try:
            with open(stamp_path) as file:
                built_with = file.read()
        except FileNotFoundError:
            built_with = None
        stale = [name for name in MODULES if not up_to_date(name, stamp, built_with)]
        if not stale:
            return 0
        os.makedirs(BUILD_DIR, exist_ok=True)
        if built_with != stamp and os.path.exists(stamp_path):
            os.remove(stamp_path)  # until every module is rebuilt, none counts as up to date
        for name in stale:
            build(name)
        with open(stamp_path, "w") as file:
            file.write(stamp)
    except BuildError as error:
        print(f"{PROGRAM}: {error}", file=sys.stderr)
        return 1
    print(f"{PROGRAM}: built {', '.join(stale)} into {os.path.relpath(BUILD_DIR)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
