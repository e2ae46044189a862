"""Every implementation in the manifest, held to the same vectors and the same command-line contract."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from bench.core import manifest as manifest_module
from bench.core.vectors import read

CONTRACT_KINDS = ("serial", "parallel")
IMPLS = [i for i in manifest_module.load(resolve=False).implementations if i.kind in CONTRACT_KINDS]
VECTORS = sorted(read().items())

BAD_INPUTS = [
    [],                          # no argument
    ["10", "20"],                # an extra argument
    [""],                        # empty string
    ["abc"], ["10a"],            # letters
    ["+10"], ["-10"], ["-0"],    # signs
    [" 10"], ["10 "], ["1 0"],   # spaces
    ["1_000"],                   # underscores
    ["1e6"],                     # exponent
    ["0x10"], ["0o10"],          # other bases
    ["10.0"], ["1/2"],           # fractions
    ["٣"],                       # a non-ASCII digit
    ["9223372036854775808"], ["99999999999999999999999999"],  # past 2^63-1
    ["9" * 5000],                                              # far past, longer than int() takes
    ["--verbose", "10"], ["-x", "10"],                         # unknown options
    ["1\n0"], ["\x1b[31m1"], ["x" * 100],                     # shown escaped and cut short
]
BAD_THREADS = [
    ["--threads", "0", "10"], ["--threads=0", "10"], ["--threads", "two", "10"],
    ["--threads", "-1", "10"], ["--threads", "", "10"], ["--threads", "1025", "10"],
    ["10", "--threads"], ["--threads", "2", "--threads", "2", "10"],
]


def run(impl: manifest_module.Implementation, args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """impl run with args, with the variables its runs get (python-ft-threads-gil's PYTHON_GIL=1)."""
    options = {"capture_output": True, "env": {**os.environ, **impl.env}, **kwargs}
    return subprocess.run(list(impl.run) + args, cwd=manifest_module.ROOT, text=True, timeout=300,
                          **options)


def program(impl: manifest_module.Implementation) -> str:
    """The file name its error messages start with."""
    return os.path.basename(impl.run[-1])


def is_python_program(impl: manifest_module.Implementation) -> bool:
    return impl.language == "Python" and len(impl.run) == 2 and impl.run[1].endswith(".py")


def run_all(impl: manifest_module.Implementation, commands: list[list[str]]) -> list[tuple[int, str, str]]:
    """The exit status, stdout and stderr of impl for each command line: one process for each, or one
    process for them all where impl is a program of python/ (python/run_each.py), so that numba's
    programs do not import numba and compile once per command line."""
    if not is_python_program(impl):
        return [(p.returncode, p.stdout, p.stderr) for p in (run(impl, args) for args in commands)]
    proc = subprocess.run([impl.run[0], "python/run_each.py", impl.run[1]], input=json.dumps(commands),
                          cwd=manifest_module.ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **impl.env})
    # What the program writes to sys.stderr is in its answers; anything else on stderr (written by
    # code below Python, or by a worker process) would have been in one of them.
    assert (proc.returncode, proc.stderr) == (0, ""), f"{impl.name}: python/run_each.py: {proc.stderr}"
    return [tuple(result) for result in json.loads(proc.stdout)]


def available(manifest, name: str) -> manifest_module.Implementation:
    found = manifest.get(name)
    if not found.available:
        pytest.skip(f"{found.name}: {found.missing}")
    return found


@pytest.fixture(params=[i.name for i in IMPLS])
def impl(request, manifest):
    return available(manifest, request.param)


@pytest.fixture(params=[i.name for i in IMPLS if i.kind == "parallel"])
def parallel_impl(request, manifest):
    return available(manifest, request.param)


@pytest.fixture(params=[i.name for i in IMPLS if i.kind == "serial"])
def serial_impl(request, manifest):
    return available(manifest, request.param)


def assert_rejected(impl, args, proc):
    assert proc.returncode == 2, f"{impl.name} {args!r}: exit {proc.returncode}, want 2"
    assert proc.stdout == "", f"{impl.name} {args!r} wrote to stdout: {proc.stdout!r}"
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, f"{impl.name} {args!r}: stderr is not one line: {proc.stderr!r}"
    assert lines[0].startswith(program(impl) + ": "), f"{impl.name}: error does not name the program"


def test_every_vector(impl):
    # The largest in a process of its own, as the bench runs it; the others through run_all.
    *others, (largest, expected) = VECTORS
    proc = run(impl, [str(largest)])
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"{expected}\n", ""), f"{impl.name} {largest}"
    answers = run_all(impl, [[str(limit)] for limit, _ in others])
    assert dict(zip([limit for limit, _ in others], answers)) == {
        limit: (0, f"{expected}\n", "") for limit, expected in others}, impl.name


def test_one_process_for_many_command_lines_answers_as_one_process_for_each(manifest):
    """run_all's python/run_each.py against a process per command line, good and bad ones alike."""
    commands = [["10"], ["--threads", "3", "1000"], ["--threads=2", "0"], ["x"], ["10", "20"], ["--threads", "0", "10"],
                ["--help"], ["-h"], [], ["0" * 5000 + "10"]]
    for impl in [available(manifest, "python"), available(manifest, "python-threads")]:
        assert is_python_program(impl)
        one_each = [(p.returncode, p.stdout, p.stderr) for p in (run(impl, args) for args in commands)]
        assert run_all(impl, commands) == one_each, impl.name


def test_parallel_thread_counts(parallel_impl):
    impl = parallel_impl
    small = [(limit, expected) for limit, expected in VECTORS if limit <= 200000]
    # One run_all per thread count: numba sizes its thread pool once per process, from the first --threads.
    for threads in ("1", "3"):
        answers = run_all(impl, [["--threads", threads, str(limit)] for limit, _ in small])
        assert dict(zip([limit for limit, _ in small], [stdout for _, stdout, _ in answers])) == {
            limit: f"{expected}\n" for limit, expected in small}, f"{impl.name} --threads {threads}"
    proc = run(impl, ["100000", f"--threads={5}"])
    assert proc.stdout == "9592\n"


@pytest.mark.parametrize("name", [i.name for i in IMPLS if i.thread_variable])
def test_parallel_answers_hold_under_the_thread_variable(manifest, name):
    impl = available(manifest, name)
    for value in ("1", "3"):
        proc = run(impl, ["100000"], env={**os.environ, **impl.env, impl.thread_variable: value})
        assert (proc.returncode, proc.stdout) == (0, "9592\n")


def test_threads_option_is_unknown_to_serial_programs(serial_impl):
    impl = serial_impl
    assert_rejected(impl, ["--threads", "2", "10"], run(impl, ["--threads", "2", "10"]))


def test_leading_zeros_are_plain_digits(impl):
    answers = run_all(impl, [["0000000000000000000000000010"], ["0" * 5000 + "10"]])
    assert [(status, stdout) for status, stdout, _ in answers] == [(0, "4\n")] * 2


@pytest.mark.parametrize("args", BAD_INPUTS + BAD_THREADS, ids=repr)
def test_bad_input_is_rejected_and_worded_the_same_by_every_program(manifest, args):
    """Every program rejects it (a serial one takes --threads for an unknown option); and one rule, one
    message: after the program's name, every program it is a bad input of says the same thing."""
    messages = {}
    for impl in manifest.available(CONTRACT_KINDS):
        proc = run(impl, args)
        assert_rejected(impl, args, proc)
        if impl.kind == "parallel" or args in BAD_INPUTS:
            messages[impl.name] = proc.stderr[len(program(impl)) + 2:]
    assert len(set(messages.values())) == 1, messages


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help(impl, flag):
    proc = run(impl, [flag])
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.startswith(f"usage: {program(impl)} ")
    assert ("--threads" in proc.stdout) == (impl.kind == "parallel")


def test_failed_write_is_an_error(impl):
    with open("/dev/full", "w") as full:
        proc = run(impl, ["10"], capture_output=False, stdout=full, stderr=subprocess.PIPE)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{program(impl)}: writing the result failed")


SANITIZER_SMALL = 100_000


@pytest.fixture(scope="module")
def sanitized_c(manifest):
    """The manifest's C programs rebuilt under ASan and UBSan (build/c/sanitized/NAME)."""
    subprocess.run(["make", "-s", "-C", "c", "sanitized"], cwd=manifest_module.ROOT, check=True)
    impls = [i for i in manifest.available(CONTRACT_KINDS) if i.language == "C"]
    assert impls, "no C implementation in the manifest"
    sanitized = []
    for impl in impls:
        program = os.path.join(os.path.dirname(impl.run[0]), "sanitized", os.path.basename(impl.run[0]))
        sanitized.append(manifest_module.Implementation(
            name=impl.name + "-sanitized", language="C", kind=impl.kind, run=(program, *impl.run[1:])))
    return sanitized


SANITIZER_ENV = {**os.environ, "ASAN_OPTIONS": "detect_leaks=1:abort_on_error=0",
                 "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1"}


def test_c_programs_under_sanitizers(sanitized_c):
    for impl in sanitized_c:
        threads = ["--threads", "3"] if impl.kind == "parallel" else []
        for limit, expected in VECTORS:
            if limit > SANITIZER_SMALL:
                continue
            proc = run(impl, threads + [str(limit)], env=SANITIZER_ENV)
            assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"{expected}\n", ""), \
                f"{impl.name} {limit}: {proc.stderr}"
        for args in BAD_INPUTS + (BAD_THREADS if impl.kind == "parallel" else []):
            proc = run(impl, args, env=SANITIZER_ENV)
            assert_rejected(impl, args, proc)


def test_the_gil_row_runs_the_free_threaded_build_with_its_gil_turned_back_on(manifest):
    """python-ft-threads-gil: the same binary and program as python-ft-threads, its GIL on (PYTHON_GIL=1)."""
    impl, without = available(manifest, "python-ft-threads-gil"), available(manifest, "python-ft-threads")
    assert impl.run == without.run
    gil = [impl.run[0], "-c", "import sys; print(sys._is_gil_enabled())"]
    assert subprocess.run(gil, capture_output=True, text=True, env={**os.environ, **impl.env},
                          timeout=60).stdout == "True\n"
    assert subprocess.run(gil, capture_output=True, text=True, env={**os.environ, **without.env},
                          timeout=60).stdout == "False\n"
