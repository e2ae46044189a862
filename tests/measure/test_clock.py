"""The add chain that gives each round's clock: the helper adds what it is asked, and the rounds keep it in
every round."""

from __future__ import annotations

import subprocess

from bench.core.manifest import compiled
from bench.core.results import Plan
from bench.measure.rounds import Job, Measured, run_rounds


def test_the_add_chain_stays_in_every_round(tmp_path):
    def timer(job, runs):
        return Measured([0.1 if job.name == "a" else 0.05] * runs, 0.0, 0.0)

    jobs = [Job("a", ["a"]), Job("b", ["b"]), Job("clock", ["clock"])]
    session, _ = run_rounds(jobs, [], {"a": 0.1, "b": 0.05, "clock": 0.05}, Plan(seed=1, budget_s=0, min_rounds=3),
                            log=lambda line: None, timer=timer, always=("clock",))
    assert session.rounds and all("clock" in r.order for r in session.rounds)


def test_the_clock_helper_adds_what_it_is_asked():
    program = compiled("clock")
    proc = subprocess.run([str(program), "5120"], capture_output=True, text=True, check=False)
    assert (proc.returncode, proc.stdout) == (0, "5120\n")
    bad = subprocess.run([str(program), "x"], capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and bad.stdout == "" and "invalid" in bad.stderr
