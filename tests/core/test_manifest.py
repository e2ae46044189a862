"""The manifest is the one list of implementations: `make list` and the loader read it as written."""

from __future__ import annotations

import os
import re
import subprocess
import sys

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
])
def test_malformed_entries_are_rejected(tmp_path, entry, message):
    path = write(tmp_path, f'[implementations.x]\nlanguage = "X"\n{entry}\n')
    with pytest.raises(m.ManifestError, match=re.escape(message)):
        m.load(path)


def test_select_by_name(tmp_path):
    loaded = m.load()
    assert [i.name for i in loaded.select("go, c")] == ["c", "go"]
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
