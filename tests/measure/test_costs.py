"""Cycles per division come from the rounds that ran the program, its start-up and the add chain: a
machine whose clock drifts round to round gives the same cycles, and the helpers measure what they say."""

from __future__ import annotations

import platform
import subprocess

import pytest

from bench.analyse import costs as analysis
from bench.analyse.costs import PROBE_KEYS, probe_summary
from bench.analyse.rounds import startup_job
from bench.core.helpers import compiled
from bench.core.paths import ROOT
from bench.core.results import Plan, Round
from bench.measure import costs
from bench.measure.rounds import Job, Measured, run_rounds


def drifting_rounds(n: int = 12) -> list[Round]:
    """Rounds of a program of 1e9 cycles (1e8 divisions of 10 cycles) and the add chain, at a clock that
    moves from 2 to 4 GHz between rounds; each start-up 1 ms."""
    rounds = []
    for i in range(n):
        hz = 2e9 + 2e9 * i / (n - 1)
        times = {"c": [1e9 / hz + 0.001], startup_job("c"): [0.001],
                 analysis.CLOCK: [costs.CLOCK_ADDS / hz + 0.001], startup_job(analysis.CLOCK): [0.001]}
        rounds.append(Round(number=i + 1, order=sorted(times), runs=1, times=times,
                            user={k: 0.0 for k in times}, system={k: 0.0 for k in times}, seconds=1.0))
    return rounds


def test_cycles_per_division_do_not_follow_the_clock():
    rounds = drifting_rounds()
    [cost] = analysis.costs_of(rounds, {"c": 1}, 10**8, adds=costs.CLOCK_ADDS)
    assert cost.cycles.estimate == pytest.approx(10.0)
    assert cost.cycles.low is None or cost.cycles.low == pytest.approx(10.0)
    fast = analysis.costs_of(rounds[-1:], {"c": 1}, 10**8, costs.CLOCK_ADDS)
    slow = analysis.costs_of(rounds[:1], {"c": 1}, 10**8, costs.CLOCK_ADDS)
    assert fast[0].ns.estimate == pytest.approx(slow[0].ns.estimate / 2, rel=0.01), "ns follow the clock"
    assert fast[0].cycles.estimate == pytest.approx(slow[0].cycles.estimate)
    assert analysis.clock_mhz(rounds, costs.CLOCK_ADDS).estimate == pytest.approx(3000, rel=0.1)


def test_a_parallel_programs_cost_is_per_thread():
    rounds = drifting_rounds()
    [one] = analysis.costs_of(rounds, {"c": 1}, 10**8, adds=costs.CLOCK_ADDS)
    [two] = analysis.costs_of(rounds, {"c": 2}, 10**8, adds=costs.CLOCK_ADDS)
    assert two.cycles.estimate == pytest.approx(2 * one.cycles.estimate)


def test_without_the_add_chain_there_are_no_cycles():
    rounds = drifting_rounds()
    [cost] = analysis.costs_of(rounds, {"c": 1}, 10**8, adds=None)
    assert cost.cycles is None and cost.ns.estimate > 0


def test_the_add_chain_stays_in_every_round(tmp_path):
    def timer(job, runs):
        return Measured([0.1 if job.name == "a" else 0.05] * runs, 0.0, 0.0)

    jobs = [Job("a", ["a"]), Job("b", ["b"]), Job("clock", ["clock"])]
    session, _ = run_rounds(jobs, [], {"a": 0.1, "b": 0.05, "clock": 0.05}, Plan(seed=1, budget_s=0, min_rounds=3),
                            log=lambda line: None, timer=timer, always=("clock",))
    assert session.rounds and all("clock" in r.order for r in session.rounds)


def test_the_division_count_is_exact():
    # n = 2..9: 2 and 3 need none; 4: 1; 5: 1; 6: 1; 7: 1; 8: 1; 9: 2
    assert analysis.division_count(10) == 7
    assert analysis.division_count(analysis.COUNTED_UP_TO + 1) is None


def test_the_clock_helper_adds_what_it_is_asked():
    program = compiled("clock")
    proc = subprocess.run([str(program), "5120"], capture_output=True, text=True, check=False)
    assert (proc.returncode, proc.stdout) == (0, "5120\n")
    bad = subprocess.run([str(program), "x"], capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and bad.stdout == "" and "invalid" in bad.stderr


@pytest.mark.alone
def test_the_divider_probe_prints_every_figure():
    probe = costs.probe(10_000, log=lambda line: None)
    assert probe is not None and len(probe.runs) == costs.PROBE_RUNS
    assert all(set(PROBE_KEYS) <= set(run) for run in probe.runs)
    # The median of each figure over the runs, as the page shows it: one run that another process on the
    # same core slowed (a test beside it) does not decide.
    run = probe_summary(probe.runs)
    assert run["clock_mhz"] > 100
    for width in ("div64", "div32"):
        # A chain waits for each divide, so it never outruns independent divides: it is slower where the
        # divider overlaps divides, and as fast where it does not (Zen 2 takes about 17.5 cycles either way).
        assert 1 <= run[f"{width}_independent"] and run[f"{width}_dependent"] >= 0.98 * run[f"{width}_independent"]


def test_the_compiled_loops_name_their_divide(manifest):
    c = manifest.get("c")
    subprocess.run(list(c.build), cwd=ROOT, check=True, capture_output=True)
    expected = {"x86_64": ["idiv r64"], "aarch64": ["sdiv x"]}.get(platform.machine())
    found = costs.divides_with(c)
    assert found and (expected is None or found == expected)
    python = manifest.get("python")
    assert costs.divides_with(python) is None


def test_a_round_whose_compute_time_is_not_above_zero_leaves_the_cost_unbounded():
    rounds = drifting_rounds()
    rounds[3].times["c"] = [0.0005]  # faster than its own start-up: the timer cannot tell its compute
    [cost] = analysis.costs_of(rounds, {"c": 1}, 10**8, adds=costs.CLOCK_ADDS)
    assert cost.cycles.low is None and cost.ns.low is None and cost.cycles.estimate == pytest.approx(10.0)
