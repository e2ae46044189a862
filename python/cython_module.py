"""Where python/build_cython.py puts the modules it compiles, and loading one of them."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BUILD_DIR = os.path.join(ROOT, "build", "python-cython")
BUILD_COMMAND = "python python/build_cython.py"


def source_path(name: str) -> str:
    return os.path.join(HERE, f"{name}.py")


def extension_path(name: str) -> str:
    # The first suffix is the one tagged with this interpreter's version and platform.
    return os.path.join(BUILD_DIR, name + importlib.machinery.EXTENSION_SUFFIXES[0])


def problem(name: str) -> str | None:
    """Why the module that Cython made of python/NAME.py cannot be loaded, or None."""
    path = extension_path(name)
    if not os.path.exists(path):
        return f"{os.path.relpath(path, ROOT)} is not built: run '{BUILD_COMMAND}'"
    if os.path.getmtime(path) < os.path.getmtime(source_path(name)):
        return f"{os.path.relpath(path, ROOT)} is older than python/{name}.py: run '{BUILD_COMMAND}'"
    return None


def load(name: str):
    """The extension module that Cython made of python/NAME.py; when it is missing or out of date, a
    one-line error on stderr and exit status 1."""
    reason = problem(name)
    if reason:
        print(f"{os.path.basename(sys.argv[0])}: {reason}", file=sys.stderr)
        sys.exit(1)
    # Loaded from its file, not imported by name: python/ comes first on sys.path, where NAME.py
    # would be found instead, and a process may already hold NAME.py under that name (the tests do).
    spec = importlib.util.spec_from_file_location(name, extension_path(name))
    assert isinstance(spec.loader, importlib.machinery.ExtensionFileLoader), spec
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
