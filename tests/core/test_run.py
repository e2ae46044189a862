import sys

import pytest

from bench.core.run import RunError, output, run


def test_run_captures_both_streams_the_status_and_the_time():
    code = "import sys, time; time.sleep(0.05); print('out'); print('err', file=sys.stderr); sys.exit(3)"
    ran = run([sys.executable, "-c", code])
    assert (ran.code, ran.out, ran.err) == (3, "out\n", "err\n")
    assert ran.seconds >= 0.05 and ran.user >= 0 and ran.system >= 0
    assert ran.lines == ["out", "err"] and ran.why == "exit 3: err"


def test_run_adds_its_variables_to_the_environment_and_starts_in_cwd(tmp_path):
    ran = run([sys.executable, "-c", "import os; print(os.environ['PRIMES_X'], os.getcwd())"], cwd=tmp_path,
              env={"PRIMES_X": "7"})
    assert ran.out.split() == ["7", str(tmp_path)]


def test_run_refuses_what_cannot_start_and_what_outlives_its_timeout():
    with pytest.raises(RunError, match="cannot start"):
        run(["/nonexistent/program"])
    with pytest.raises(RunError, match="past its 0.2 s"):
        run([sys.executable, "-c", "import time; time.sleep(5)"], timeout=0.2)


def test_output_is_stdout_or_nothing():
    assert output([sys.executable, "-c", "print(' hi ')"]) == "hi"
    assert output([sys.executable, "-c", "import sys; print('x'); sys.exit(1)"]) == ""
    assert output(["/nonexistent/program"]) == ""


def test_uncaptured_output_is_discarded():
    assert run([sys.executable, "-c", "print('x')"], capture=False).out == ""
