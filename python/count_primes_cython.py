"""count_primes_cython LIMIT: python/count_primes.py, unchanged, compiled by Cython (build it with
python/build_cython.py)."""

import sys

import cython_module
from cli import run


def main(args) -> int:
    # Loaded once the command line is known to be good, so that --help and errors work unbuilt.
    return cython_module.load("count_primes").count_primes(args.limit)


if __name__ == "__main__":
    sys.exit(run(sys.argv, main))
