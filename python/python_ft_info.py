"""python_ft_info --version | --flags: what the bench records next to the numbers of the free-threaded
rows (python-ft, python-ft-threads), one line each, from the interpreter that runs it.

--flags is also the manifest's check that the interpreter is what those rows need: a free-threaded
build (PEP 703: sysconfig's Py_GIL_DISABLED is 1) whose GIL is off at run time (sys._is_gil_enabled()
is false; PYTHON_GIL=1 or -X gil=1 turn it back on). Where either fails, it prints the reason on one
line of stderr and exits 1, and the rows are left out with that reason.
"""

import os
import platform
import sys
import sysconfig

USAGE = "usage: python_ft_info --version | --flags"


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


def main(argv: list) -> int:
    if argv == ["--version"]:
        print(version())
    elif argv == ["--flags"]:
        reason = why_not()
        if reason:
            print(reason, file=sys.stderr)
            return 1
        print("free-threaded build (Py_GIL_DISABLED=1), GIL disabled at run time")
    else:
        print(USAGE, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
