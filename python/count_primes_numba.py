"""count_primes_numba LIMIT: the article's count, compiled to machine code by Numba at every start."""

import functools
import os
import sys

import count_primes
from cli import run

# Every integer in the loop is int64, as in the C and Go programs: Numba types the locals from the
# arguments, and the count's literal 0 is an int64 too.
SIGNATURE = "int64(int64, int64)"


def import_numba():
    """Numba; when it is not installed, a one-line error on stderr and exit status 1."""
    # Imported only once the command line is known to be good, so that --help and errors never
    # pay for importing Numba nor show its warnings.
    try:
        import numba
    except ImportError as error:
        print(f"{os.path.basename(sys.argv[0])}: cannot import numba ({error}): run"
              f" '{sys.executable} -m pip install -r python/requirements.txt'", file=sys.stderr)
        sys.exit(1)
    return numba


@functools.cache
def compile_count_primes_between():
    """count_primes.count_primes_between, the very same Python function, compiled by Numba."""
    numba = import_numba()

    # The signature makes Numba compile now rather than at the first call: every run, LIMIT=2
    # included, pays for the compilation. cache=False: no compiled code is kept on disk between runs.
    return numba.njit(SIGNATURE, cache=False)(count_primes.count_primes_between)


def main(args) -> int:
    return compile_count_primes_between()(2, args.limit)


if __name__ == "__main__":
    sys.exit(run(sys.argv, main))
