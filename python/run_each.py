"""run_each PROGRAM.py < COMMANDS: run a program of this folder once per command line, all in this one
process, as `python PROGRAM.py ARGS...` would run each; for the conformance tests, so that numba's
programs import numba and compile once rather than once per vector.

COMMANDS is a JSON list of argument lists; the output is a JSON list with, for each of them, the
exit status and what the program wrote to stdout and to stderr. The program runs as __main__, as it
does on its own: only the suite's command-line runner (cli.run) is replaced, by one that runs the
program's count once per command line. An exception that escapes the program ends this process.
"""

import contextlib
import io
import json
import os
import runpy
import sys

import cli


def main() -> int:
    program = sys.argv[1]
    commands = json.load(sys.stdin)
    results = []
    run_once = cli.run

    def run_each(argv, count, parallel=False):
        for args in commands:
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = run_once([argv[0], *args], count, parallel)
            results.append([status, out.getvalue(), err.getvalue()])
        return 0

    cli.run = run_each
    sys.argv = [program]
    sys.path[0] = os.path.dirname(os.path.abspath(program))  # as `python PROGRAM.py` has it
    try:
        runpy.run_path(program, run_name="__main__")
    except SystemExit as exit:
        if exit.code:
            raise
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
