"""python_ft_info --version | --flags | --flags-with-gil | --default X.Y | --interpreters: what the bench
records next to the numbers of the rows of the GIL claims (python-ft, python-ft-threads and the rows of
a default build of the same CPython), one line each, from the interpreter that runs it.

--flags is also the manifest's check that the interpreter is what those rows need: a free-threaded
build (PEP 703: sysconfig's Py_GIL_DISABLED is 1) whose GIL is off at run time (sys._is_gil_enabled()
is false; PYTHON_GIL=1 or -X gil=1 turn it back on). Where either fails, it prints the reason on one
line of stderr and exits 1, and the rows are left out with that reason. --flags-with-gil is the same
build with its GIL turned back on (PYTHON_GIL=1 or -X gil=1: python-ft-threads-gil); --default X.Y checks
a default build of CPython X.Y (the GIL in place: python-3.13, python-3.14), and --interpreters says which
concurrent.interpreters module it runs several interpreters with (python-subinterpreters).
"""

import os
import platform
import sys
import sysconfig

USAGE = "usage: python_ft_info --version | --flags | --flags-with-gil | --default X.Y | --interpreters"


def free_threaded_build() -> bool:
    return sysconfig.get_config_var("Py_GIL_DISABLED") == 1


def version() -> str:
    build = ", free-threaded build" if free_threaded_build() else ""
    return f"{platform.python_implementation()} {platform.python_version()}{build}"


def why_not() -> str:
    """Why this interpreter cannot run the free-threaded rows, or '' when it can."""
    if not free_threaded_build():
        value = sysconfig.get_config_var("Py_GIL_DISABLED")
        return (f"{sys.executable} ({version()}) is not a free-threaded build "
                f"(Py_GIL_DISABLED is {'unset' if value is None else value})")
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
    if is_gil_enabled is None:
        return f"{sys.executable} ({version()}) cannot say whether its GIL is enabled (no sys._is_gil_enabled)"
    if is_gil_enabled():
        if "gil" in sys._xoptions:
            cause = f" (-X gil={sys._xoptions['gil']})"
        elif "PYTHON_GIL" in os.environ:
            cause = f" (PYTHON_GIL={os.environ['PYTHON_GIL']})"
        else:
            cause = ""  # an extension module that does not declare itself safe without it
        return f"{sys.executable} ({version()}) runs with the GIL enabled at run time{cause}"
    return ""


def why_not_default(wanted: str) -> str:
    """Why this interpreter is not a default (GIL) build of CPython `wanted` (X.Y), or '' when it is."""
    have = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if platform.python_implementation() != "CPython" or have != wanted:
        return f"{sys.executable} ({version()}) is not CPython {wanted}"
    if free_threaded_build():
        return f"{sys.executable} ({version()}) is a free-threaded build, not the default one"
    return ""


def interpreters() -> str:
    """The module that runs several interpreters, each with its own GIL (PEP 734): the standard library's
    from 3.14, its backport before."""
    try:
        import concurrent.interpreters  # noqa: F401
        return "concurrent.interpreters (PEP 734, standard library), one GIL per interpreter"
    except ImportError:
        pass
    from importlib.metadata import version as installed

    import backports.interpreters  # noqa: F401
    return f"backports.interpreters {installed('backports.interpreters')} (PEP 734), one GIL per interpreter"


def refuse(reason: str) -> int:
    print(reason, file=sys.stderr)
    return 1


def main(argv: list) -> int:
    if argv == ["--version"]:
        print(version())
    elif argv == ["--flags"]:
        reason = why_not()
        if reason:
            return refuse(reason)
        print("free-threaded build (Py_GIL_DISABLED=1), GIL disabled at run time")
    elif argv == ["--flags-with-gil"]:
        if not free_threaded_build():
            return refuse(why_not())
        if not getattr(sys, "_is_gil_enabled", lambda: False)():
            return refuse(f"{sys.executable} ({version()}) runs without its GIL: set PYTHON_GIL=1")
        print("free-threaded build (Py_GIL_DISABLED=1), GIL enabled at run time (PYTHON_GIL=1)")
    elif len(argv) == 2 and argv[0] == "--default":
        reason = why_not_default(argv[1])
        if reason:
            return refuse(reason)
        print("default build (GIL enabled)")
    elif argv == ["--interpreters"]:
        try:
            print(interpreters())
        except ImportError as error:
            return refuse(f"{sys.executable} ({version()}) has neither concurrent.interpreters nor its backport "
                          f"backports.interpreters ({error})")
    else:
        print(USAGE, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
