"""numba_info --version | --flags | --flags-nogil | --flags-parallel: what the bench records next to the
numbers of count_primes_numba.py, count_primes_numba_threads.py and count_primes_numba_parallel.py, one
line each.

Numba compiles at every start, on the machine that runs the program, so its "flags" are the
settings in force there: the optimisation level, the CPU it compiles for (the host's own, like
-march=native) and, for prange, the threading layer that runs the threads.
"""

import platform
import sys

USAGE = "usage: numba_info --version | --flags | --flags-nogil | --flags-parallel"


def version() -> str:
    import llvmlite
    import llvmlite.binding
    import numba

    llvm = ".".join(map(str, llvmlite.binding.llvm_version_info))
    return (
        f"Numba {numba.__version__}, llvmlite {llvmlite.__version__} (LLVM {llvm}),"
        f" {platform.python_implementation()} {platform.python_version()}"
    )


def flags() -> str:
    import llvmlite.binding
    import numba

    cpu = numba.config.CPU_NAME or llvmlite.binding.get_host_cpu_name()
    return f"njit, NUMBA_OPT={int(numba.config.OPT)}, CPU {cpu}, cache=False"


def threading_layer() -> str:
    import numba

    # Numba picks its layer when the first parallel function runs, from those that load.
    @numba.njit(parallel=True, cache=False)
    def count(n):
        total = 0
        for _ in numba.prange(n):
            total += 1
        return total

    count(1)
    layer = numba.threading_layer()
    if layer == "omp":
        from numba.np.ufunc import omppool

        layer += f" ({omppool.openmp_vendor} OpenMP)"
    return f"threading layer {layer}"


def main(argv: list) -> int:
    if argv == ["--version"]:
        print(version())
    elif argv == ["--flags"]:
        print(flags())
    elif argv == ["--flags-nogil"]:
        print(f"{flags()}, nogil=True, threading.Thread")
    elif argv == ["--flags-parallel"]:
        print(f"{flags()}, parallel=True, {threading_layer()}")
    else:
        print(USAGE, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
