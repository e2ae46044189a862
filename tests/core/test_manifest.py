"""The manifest is the one list of implementations: `make list` and the loader read it as written."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bench.core import manifest as m


def test_make_list_prints_name_kind_and_command():
    out = subprocess.run(["make", "-s", "list"], cwd=m.ROOT, capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    assert lines, "make list printed nothing"
    names = []
    for line in lines:
        name, kind, command = line.split("\t")
        assert kind in ("serial", "parallel") and command
        names.append(name)
    expected = [i.name for i in m.load().available(("serial", "parallel"))]
    assert names == expected
    assert {"c", "c-openmp", "go", "go-goroutines", "python", "python-multiprocessing"} <= set(names)


def test_interpreters_resolve_to_real_executables():
    python = m.load().interpreters["python"]
    assert os.path.isabs(python) and os.path.realpath(python) == python
    with open(python, "rb") as f:
        assert f.read(4) == b"\x7fELF", "a shim script, not the interpreter"


def test_environment_overrides_an_interpreter(monkeypatch):
    real = os.path.realpath(sys.executable)
    monkeypatch.setenv("PYTHON", real)
    assert m.load().interpreters["python"] == real


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="the tests are not running in a virtual environment")
def test_a_virtual_environment_keeps_its_own_interpreter_path():
    # The link inside the environment is what enters it; the real file behind it would run without
    # the environment's packages.
    assert m.resolve_interpreter(sys.executable) == os.path.abspath(sys.executable)
    assert m.resolve_interpreter(os.path.realpath(sys.executable)) == os.path.realpath(sys.executable)


def write(tmp_path, text):
    path = tmp_path / "implementations.toml"
    path.write_text(text)
    return path


def test_missing_requirement_leaves_an_implementation_out(tmp_path):
    path = write(tmp_path, """
[implementations.x]
language = "X"
kind = "serial"
run = ["x"]
requires = "no-such-program-here"
""")
    loaded = m.load(path)
    assert loaded.available() == [] and loaded.get("x").missing == "no-such-program-here is not installed"


@pytest.mark.parametrize("entry, message", [
    ('kind = "fast"\nrun = ["x"]', "kind must be one of"),
    ('kind = "parallel"\nrun = ["x"]', "needs a twin"),
    ('kind = "parallel"\ntwin = "nobody"\nrun = ["x"]', "twin 'nobody' is not in the manifest"),
    ('kind = "serial"\nrun = []', "non-empty list"),
    ('kind = "serial"', "language and run are required"),
    ('kind = "serial"\nrun = ["x"]\nspeed = "fast"', "unknown field(s) speed"),
    ('kind = "serial"\nrun = ["x"]\nenvironment = { A = 1 }', "table of variable names and string values"),
    ('kind = "serial"\nrun = ["x"]\nenvironment = ["A=1"]', "table of variable names and string values"),
    ('kind = "parallel"\ntwin = "x"\nrun = ["x"]\nblock = 0', "block: expected a positive integer"),
    ('kind = "serial"\nrun = ["x"]\ngated = "no"', "gated: expected true or false"),
    ('kind = "parallel"\ntwin = "x"\nrun = ["x"]\nschedule = "guided"', "schedule: expected one of dynamic, cyclic"),
    ('kind = "serial"\nrun = ["x"]\nvariant_of = "nobody"', "variant_of 'nobody' is not in the manifest"),
    ('kind = "serial"\nrun = ["x"]\nstudy = "someday"', "study: expected one of bench, scaling"),
])
def test_malformed_entries_are_rejected(tmp_path, entry, message):
    path = write(tmp_path, f'[implementations.x]\nlanguage = "X"\n{entry}\n')
    with pytest.raises(m.ManifestError, match=re.escape(message)):
        m.load(path)


def test_select_by_name(tmp_path):
    loaded = m.load()
    assert [i.name for i in loaded.select("go, c")] == ["c", "go"]
    assert [i.name for i in loaded.select("go-goroutines-pinned", study="bench")] == ["go-goroutines-pinned"]


def test_the_placement_variants_are_timed_by_make_scaling_not_by_make_bench():
    loaded = m.load()
    by_bench = {i.name for i in loaded.select(None, study="bench")}
    everything = {i.name for i in loaded.select(None)}
    placement = {i.name for i in loaded.implementations if i.variant_of and i.kind == "parallel"}
    assert placement and placement <= everything - by_bench
    assert {i.study for i in loaded.implementations if i.name in placement} == {"scaling"}
    assert {"c", "go", "python", "c-openmp", "go-goroutines", "python-multiprocessing"} <= by_bench
    with pytest.raises(m.ManifestError):
        loaded.select("nope")


def test_an_older_manifest_still_loads_for_the_gate(tmp_path):
    path = write(tmp_path, """
[implementations.x]
language = "X"
kind = "parallel"
twin = "x"
run = ["x"]
threads = "OMP_NUM_THREADS"
""")
    assert m.load(path, resolve=False).get("x").thread_variable == "OMP_NUM_THREADS"


def test_placement_block_variant_and_gate_are_read(tmp_path):
    path = write(tmp_path, """
[implementations.s]
language = "X"
kind = "serial"
run = ["s"]

[implementations.p]
language = "X"
kind = "parallel"
twin = "s"
run = ["p"]
block = 512
environment = { OMP_PROC_BIND = "spread", OMP_PLACES = "cores" }

[implementations.p-unbound]
language = "X"
kind = "parallel"
twin = "s"
variant_of = "p"
run = ["p"]
environment = { OMP_PROC_BIND = "false" }
gated = false
""")
    loaded = m.load(path, resolve=False)
    p, unbound = loaded.get("p"), loaded.get("p-unbound")
    assert p.env == {"OMP_PROC_BIND": "spread", "OMP_PLACES": "cores"} and p.block == 512 and p.gated
    assert unbound.variant_of == "p" and unbound.env == {"OMP_PROC_BIND": "false"} and not unbound.gated
    assert loaded.get("s").env == {} and loaded.get("s").block is None


def test_a_missing_python_module_leaves_an_implementation_out_and_says_why(tmp_path):
    path = write(tmp_path, f"""
[interpreters]
venv_python = "{sys.executable}"

[implementations.x]
language = "Python"
kind = "serial"
run = ["{{venv_python}}", "x.py"]
requires_module = "no_such_module_here"

[implementations.y]
language = "Python"
kind = "serial"
run = ["{{venv_python}}", "y.py"]
requires_module = "json"
""")
    loaded = m.load(path)
    x = loaded.get("x")
    assert not x.available and x.optional and "no_such_module_here is not installed" in x.missing
    assert loaded.get("y").available


def fake_python(folder: Path, name: str, free_threaded: bool, gil_enabled: str) -> Path:
    """An executable folder/bin/NAME that runs this machine's CPython as a build whose sysconfig says
    Py_GIL_DISABLED=1 (free_threaded) or 0, and whose sys._is_gil_enabled() returns the value of the
    expression gil_enabled; sys.executable names the fake, as a real interpreter names itself."""
    fake = folder / "bin" / name
    site = folder / f"site-{name}"
    fake.parent.mkdir(parents=True, exist_ok=True)
    site.mkdir()
    (site / "sitecustomize.py").write_text(textwrap.dedent(f"""\
        import os, sys, sysconfig
        sys.executable = {str(fake)!r}
        _config_var = sysconfig.get_config_var
        sysconfig.get_config_var = lambda name: {int(free_threaded)} if name == "Py_GIL_DISABLED" else _config_var(name)
        sys._is_gil_enabled = lambda: {gil_enabled}
        """))
    real = os.path.realpath(sys.executable)
    fake.write_text(f'#!/bin/sh\nPYTHONPATH={shlex.quote(str(site))} exec {shlex.quote(real)} "$@"\n')
    fake.chmod(0o755)
    return fake


@pytest.fixture
def bare_path(tmp_path, monkeypatch) -> Path:
    """PATH holding python3 alone (this machine's CPython), no PYTHON_FT, PYTHON_313, PYTHON_314, PYTHON_GIL
    or PYTHON, and interpreters named by a relative path (make free-threaded's builds) looked for in an
    empty folder."""
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "python3").symlink_to(os.path.realpath(sys.executable))
    monkeypatch.setenv("PATH", str(folder))
    for name in ("PYTHON_FT", "PYTHON_313", "PYTHON_314", "PYTHON_GIL", "PYTHON"):
        monkeypatch.delenv(name, raising=False)
    local = tmp_path / "repository"
    local.mkdir()
    monkeypatch.setattr(m, "LOCAL", local)
    return folder


FREE_THREADED_ROWS = ("python-ft", "python-ft-threads", "python-ft-threads-gil")


def test_without_a_free_threaded_python_its_rows_are_absent_and_say_why(bare_path):
    loaded = m.load()
    for name in FREE_THREADED_ROWS:
        impl = loaded.get(name)
        assert not impl.available and impl.optional
        assert impl.missing == ("no free-threaded CPython found: PYTHON_FT is unset and none of "
                                ".cpython/python3.14t/bin/python3.14t, .cpython/python3.13t/bin/python3.13t, "
                                "python3.14t, python3.13t is on PATH")
    assert "python_ft" not in loaded.interpreters and loaded.get("python-threads").available


def test_a_free_threaded_python_with_its_gil_off_is_found_checked_and_recorded(bare_path, tmp_path, monkeypatch):
    fake = fake_python(tmp_path, "python3.14t", free_threaded=True, gil_enabled="False")
    monkeypatch.setenv("PYTHON_FT", str(fake))
    loaded = m.load()
    assert loaded.interpreters["python_ft"] == str(fake)
    serial, threads, with_gil = (loaded.get(name) for name in FREE_THREADED_ROWS)
    assert serial.available and threads.available and with_gil.available
    assert serial.run == (str(fake), "python/count_primes.py") and threads.twin == with_gil.twin == "python-ft"
    assert m.first_line(threads.flags) == "free-threaded build (Py_GIL_DISABLED=1), GIL disabled at run time"
    assert m.first_line(threads.version).endswith(", free-threaded build")
    assert with_gil.run == threads.run and with_gil.env == {"PYTHON_GIL": "1"}
    proc = subprocess.run(threads.command(1000, 2), cwd=m.ROOT, capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stdout) == (0, "168\n")


def fake_default_python(folder: Path, version: str, interpreters: bool) -> Path:
    """An executable folder/bin/pythonX.Y that runs this machine's CPython as a default build of CPython
    X.Y, with backports.interpreters importable where `interpreters` (a stand-in module)."""
    fake = fake_python(folder, f"python{version}", free_threaded=False, gil_enabled="True")
    site = folder / f"site-python{version}"
    major, minor = version.split(".")
    with open(site / "sitecustomize.py", "a") as f:
        f.write("import collections\n"
                "sys.version_info = collections.namedtuple('version_info', 'major minor micro releaselevel serial')"
                f"({major}, {minor}, 0, 'final', 0)\n")
    if interpreters:
        (site / "backports" / "interpreters").mkdir(parents=True)
        (site / "backports" / "interpreters" / "__init__.py").write_text("")
    return fake


DEFAULT_ROWS = ("python-3.13", "python-subinterpreters")


def test_without_a_default_python_313_its_rows_are_absent_and_say_why(bare_path):
    loaded = m.load()
    for name in DEFAULT_ROWS:
        impl = loaded.get(name)
        assert not impl.available and impl.optional
        assert impl.missing == ("no default CPython 3.13 (make free-threaded builds one) found: PYTHON_313 is unset "
                                "and none of .cpython/python3.13/bin/python3.13, python3.13 is on PATH")


def test_make_free_threadeds_builds_are_found_in_the_repository_with_no_variable_set(bare_path, tmp_path):
    ft = fake_python(m.LOCAL / ".cpython" / "python3.13t", "python3.13t", free_threaded=True, gil_enabled="False")
    default = fake_default_python(m.LOCAL / ".cpython" / "python3.13", "3.13", interpreters=True)
    loaded = m.load()
    assert loaded.interpreters["python_ft"] == str(ft) and loaded.interpreters["python_313"] == str(default)
    subinterpreters = loaded.get("python-subinterpreters")
    assert subinterpreters.available and subinterpreters.twin == "python-3.13"
    assert subinterpreters.run == (str(default), "python/count_primes_subinterpreters.py")
    assert m.first_line(loaded.get("python-3.13").flags) == "default build (GIL enabled)"


@pytest.mark.parametrize("version, free_threaded, interpreters, row, reason", [
    ("3.12", False, True, "python-3.13", "is not CPython 3.13"),
    ("3.13", True, True, "python-3.13", "is a free-threaded build, not the default one"),
    ("3.13", False, False, "python-subinterpreters", "the Python module backports.interpreters is not installed"),
])
def test_a_default_python_of_another_version_or_build_or_without_the_backport_is_left_out_with_why(
        bare_path, tmp_path, monkeypatch, version, free_threaded, interpreters, row, reason):
    fake = fake_default_python(tmp_path, version, interpreters)
    if free_threaded:
        fake = fake_python(tmp_path / "ft", "python3.13", free_threaded=True, gil_enabled="False")
        (tmp_path / "ft" / "site-python3.13" / "sitecustomize.py").write_text(
            (tmp_path / "site-python3.13" / "sitecustomize.py").read_text()
            .replace("lambda name: 0", "lambda name: 1").replace(str(tmp_path / "bin"), str(tmp_path / "ft" / "bin")))
    monkeypatch.setenv("PYTHON_313", str(fake))
    impl = m.load().get(row)
    assert not impl.available and reason in impl.missing


def test_a_free_threaded_python_on_path_is_found_without_python_ft(bare_path, tmp_path):
    fake = fake_python(tmp_path, "python3.13t", free_threaded=True, gil_enabled="False")
    assert fake.parent == bare_path
    loaded = m.load()
    assert loaded.interpreters["python_ft"] == str(fake) and loaded.get("python-ft").available


@pytest.mark.parametrize("free_threaded, gil_enabled, gil, reason", [
    (True, "True", None, "runs with the GIL enabled at run time"),
    (True, "os.environ.get('PYTHON_GIL') == '1'", "1", "runs with the GIL enabled at run time (PYTHON_GIL=1)"),
    (False, "False", None, "is not a free-threaded build (Py_GIL_DISABLED is 0)"),
])
def test_a_python_that_is_not_free_threaded_or_keeps_its_gil_is_left_out_with_why(
        bare_path, tmp_path, monkeypatch, free_threaded, gil_enabled, gil, reason):
    fake = fake_python(tmp_path, "python3.14t", free_threaded=free_threaded, gil_enabled=gil_enabled)
    if gil:
        monkeypatch.setenv("PYTHON_GIL", gil)
    loaded = m.load()
    assert "python_ft" not in loaded.interpreters
    for name in FREE_THREADED_ROWS:
        impl = loaded.get(name)
        assert not impl.available and impl.missing.startswith(f"{fake} (CPython ") and impl.missing.endswith(reason)


def test_python_ft_naming_this_ordinary_cpython_is_refused(bare_path, monkeypatch):
    monkeypatch.setenv("PYTHON_FT", os.path.realpath(sys.executable))
    impl = m.load().get("python-ft")
    assert not impl.available and impl.missing.endswith("is not a free-threaded build (Py_GIL_DISABLED is unset)")


def test_python_ft_naming_nothing_runnable_says_so(bare_path, tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHON_FT", str(tmp_path / "no-such-python"))
    assert m.load().get("python-ft").missing == f"PYTHON_FT={tmp_path / 'no-such-python'} cannot be run"


@pytest.mark.parametrize("check, missing", [
    ("pass", ""),
    ("import sys; sys.exit('this one will not do')", "this one will not do"),
])
def test_an_interpreter_is_the_first_command_found_kept_if_it_passes_its_check(tmp_path, monkeypatch, check, missing):
    monkeypatch.delenv("X", raising=False)
    path = write(tmp_path, f"""
[interpreters]
x = {{ find = ["no-such-python-here", "{sys.executable}"], check = ["-c", "{check}"], what = "test Python" }}

[implementations.a]
language = "Python"
kind = "serial"
run = ["{{x}}", "a.py"]
""")
    loaded = m.load(path)
    assert loaded.get("a").missing == missing
    assert loaded.interpreters.get("x") == (None if missing else m.resolve_interpreter(sys.executable))


def test_an_interpreter_of_one_command_not_found_says_so(tmp_path, monkeypatch):
    monkeypatch.delenv("Y", raising=False)
    path = write(tmp_path, """
[interpreters]
y = { find = ["no-such-python-here"], what = "test Python" }

[implementations.b]
language = "Python"
kind = "serial"
run = ["{y}", "b.py"]
""")
    assert m.load(path).get("b").missing == "no test Python found: Y is unset and no-such-python-here is not on PATH"


@pytest.mark.parametrize("value, message", [
    ('{ check = ["x"] }', "expected a table with find"),
    ('{ find = ["x"], probe = ["y"] }', "unknown field(s) probe"),
    ('{ find = [] }', "find: expected a non-empty list of strings"),
    ('3', "expected a command, or a table"),
])
def test_malformed_interpreters_are_rejected(tmp_path, value, message):
    path = write(tmp_path, f'[interpreters]\nx = {value}\n')
    with pytest.raises(m.ManifestError, match=re.escape(message)):
        m.load(path)
