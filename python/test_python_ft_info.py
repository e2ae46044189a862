"""python_ft_info: the free-threaded rows' version and flags lines, and its refusal of an interpreter
that is not a free-threaded build or keeps its GIL."""

from __future__ import annotations

import sys
import sysconfig

import pytest
import python_ft_info


def build(monkeypatch, gil_disabled: int | None, gil_enabled: bool | None) -> None:
    """Make this interpreter answer as a build with that Py_GIL_DISABLED and that GIL state."""
    real = sysconfig.get_config_var
    monkeypatch.setattr(sysconfig, "get_config_var",
                        lambda name: gil_disabled if name == "Py_GIL_DISABLED" else real(name))
    if gil_enabled is None:
        monkeypatch.delattr(sys, "_is_gil_enabled", raising=False)
    else:
        monkeypatch.setattr(sys, "_is_gil_enabled", lambda: gil_enabled, raising=False)
    monkeypatch.delenv("PYTHON_GIL", raising=False)


def test_a_free_threaded_build_without_its_gil_prints_its_flags(monkeypatch, capsys):
    build(monkeypatch, 1, False)
    assert python_ft_info.main(["--flags"]) == 0
    assert capsys.readouterr() == ("free-threaded build (Py_GIL_DISABLED=1), GIL disabled at run time\n", "")
    assert python_ft_info.main(["--version"]) == 0
    assert capsys.readouterr().out.endswith(", free-threaded build\n")


@pytest.mark.parametrize("gil_disabled, gil_enabled, reason", [
    (None, None, "is not a free-threaded build (Py_GIL_DISABLED is unset)"),
    (0, None, "is not a free-threaded build (Py_GIL_DISABLED is 0)"),
    (1, True, "runs with the GIL enabled at run time"),
    (1, None, "cannot say whether its GIL is enabled (no sys._is_gil_enabled)"),
])
def test_anything_else_is_refused_in_one_line_with_why(monkeypatch, capsys, gil_disabled, gil_enabled, reason):
    build(monkeypatch, gil_disabled, gil_enabled)
    assert python_ft_info.main(["--flags"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.rstrip("\n").endswith(reason)


@pytest.mark.parametrize("argv", [[], ["--check"], ["--flags", "--version"]])
def test_other_arguments_get_the_usage_on_stderr_and_exit_2(capsys, argv):
    assert python_ft_info.main(argv) == 2
    assert capsys.readouterr() == ("", python_ft_info.USAGE + "\n")


def test_the_same_build_with_its_gil_turned_back_on_prints_its_flags_and_refuses_it_off(monkeypatch, capsys):
    build(monkeypatch, 1, True)
    assert python_ft_info.main(["--flags-with-gil"]) == 0
    assert capsys.readouterr().out == \
        "free-threaded build (Py_GIL_DISABLED=1), GIL enabled at run time (PYTHON_GIL=1)\n"
    build(monkeypatch, 1, False)
    assert python_ft_info.main(["--flags-with-gil"]) == 1
    assert capsys.readouterr().err.rstrip("\n").endswith("runs without its GIL: set PYTHON_GIL=1")


def test_a_default_build_of_the_version_asked_for_is_kept_and_any_other_refused(monkeypatch, capsys):
    this = f"{sys.version_info[0]}.{sys.version_info[1]}"
    build(monkeypatch, None, None)
    assert python_ft_info.main(["--default", this]) == 0
    assert capsys.readouterr().out == "default build (GIL enabled)\n"
    assert python_ft_info.main(["--default", "2.7"]) == 1
    assert capsys.readouterr().err.rstrip("\n").endswith("is not CPython 2.7")
    build(monkeypatch, 1, False)
    assert python_ft_info.main(["--default", this]) == 1
    assert capsys.readouterr().err.rstrip("\n").endswith("is a free-threaded build, not the default one")


def test_the_interpreters_module_is_named_or_its_absence_said_in_one_line(capsys):
    code = python_ft_info.main(["--interpreters"])
    out, err = capsys.readouterr()
    if code == 0:
        assert "(PEP 734)" in out or "PEP 734, standard library" in out
    else:
        assert (code, out, err.count("\n")) == (1, "", 1) and "backports.interpreters" in err
