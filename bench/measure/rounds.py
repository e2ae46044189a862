"""Interleaved rounds, the one engine that times sets of commands: bench, scaling, the gate and its
calibration. docs/method.md ("Rounds") says why every ratio is taken within a round, and when rounds stop.

Each command runs k times in a row in a round, k chosen per command so that each takes about the same
share of the round (a 2 ms program many times, a 2 s one once). One timer interface starts and times a
command's k runs: hyperfine where it is installed, os.wait4 elsewhere. The add chain (bench/helpers/clock.c)
runs beside the programs, so that each round says the clock they ran at.
"""

from __future__ import annotations

import json
import math
import os
import random
import shlex
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bench.analyse.costs import CLOCK
from bench.analyse.rounds import RatioSpec, estimate, is_precise, round_value, rounds_needed, spec_name, startup_job
from bench.core.errors import HarnessError
from bench.core.manifest import Implementation, compiled
from bench.core.paths import BUILD, ROOT
from bench.core.results import Clock, Plan, Ratio, Round, Session
from bench.core.run import RunError, run
from bench.measure.verify import BenchError

LOG = BUILD / "bench" / "hyperfine.log"
# Seconds the timer and process start add to a round beyond the runs themselves, per command.
OVERHEAD = 0.01
CLOCK_ADDS = 2**27  # about 50 ms at 2.7 GHz: its start-up, taken off in each round, is about 1 ms
# Rounds of every command that a plan which gives ratios up runs whatever its budget: the fewest that
# rounds_needed projects from.
LEAST_ROUNDS = 3


@dataclass(frozen=True)
class Job:
    """A command to time, by the name its rounds and ratios know it, with the variables its runs get on
    top of the harness's environment (an implementation's thread placement)."""

    name: str
    argv: list[str]
    env: tuple[tuple[str, str], ...] = ()
    cwd: Path = ROOT

    @classmethod
    def of(cls, impl: Implementation, limit: int, threads: int | None = None, name: str | None = None) -> Job:
        return cls(name or impl.name, impl.command(limit, threads), impl.environment)


def giving_up(**settings: object) -> Plan:
    """A plan that gives up a ratio the budget left cannot narrow enough, from its sixth round on."""
    return Plan(**{"first_look": 6, "ride_share": 0.1, "full_share": 0.4, "owe_given_up": True, **settings})


@dataclass(frozen=True)
class Measured:
    """A command's k runs in a row: every run's wall time, and the runs' mean user and system time (of
    each run and the children it waited for)."""

    times: list[float]
    user: float
    system: float

    def on(self, clock: str) -> float:
        """The runs' time on a clock, as clock_value takes it from a round."""
        return self.user + self.system if clock == "cpu" else round_value(self.times)


# The one timer interface: a job run `runs` times in a row. Tests give a fake.
Timer = Callable[[Job, int], Measured]
Log = Callable[[str], None]


def start_log(title: str) -> None:
    """Begin the timer's log afresh for one command (bench, scaling), named at its top."""
    LOG.parent.mkdir(parents=True, exist_ok=True)
    LOG.write_text(f"# {title}\n", encoding="utf-8")


def hyperfine_timer(job: Job, runs: int) -> Measured:
    """hyperfine with no shell and no warm-up runs, in the job's environment (so the program itself is
    timed, not a launcher); its own text goes to the log file."""
    LOG.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, LOG.open("a", encoding="utf-8") as log:
        export = Path(tmp) / "runs.json"
        command = ["hyperfine", "--shell=none", "--style", "basic", "--warmup", "0", "--runs", str(runs),
                   "--export-json", str(export), "--command-name", job.name, "--", shlex.join(job.argv)]
        log.write("$ " + shlex.join([f"{k}={v}" for k, v in job.env] + command) + "\n")
        log.flush()
        if run(command, cwd=job.cwd, env=dict(job.env), log=log).code != 0:
            raise BenchError(f"hyperfine failed timing {job.name}; see {LOG}")
        (result,) = json.loads(export.read_text())["results"]
    if any(code != 0 for code in result.get("exit_codes", [])):
        raise BenchError(f"{job.name} exited non-zero while timed; see {LOG}")
    return Measured(result["times"], result["user"], result["system"])


def wait4_timer(job: Job, runs: int) -> Measured:
    """Each run timed from the spawn to the reaping of the process, with no shell between."""
    done = []
    for _ in range(runs):
        try:
            done.append(run(job.argv, cwd=job.cwd, env=dict(job.env), capture=False))
        except RunError as error:
            raise BenchError(f"cannot start {job.name}: {error}") from error
        if done[-1].code != 0:
            raise BenchError(f"{job.name} exited {done[-1].code} while timed")
    return Measured([r.seconds for r in done], sum(r.user for r in done) / runs, sum(r.system for r in done) / runs)


RUNNERS: dict[str, Timer] = {"hyperfine": hyperfine_timer, "python": wait4_timer}


def default_timer() -> str:
    """hyperfine where it is installed, else the harness's own."""
    return "hyperfine" if shutil.which("hyperfine") else "python"


def clock_jobs(log: Log) -> tuple[list[Job], dict[str, float]]:
    """The add chain and its start-up as jobs, with one run's time of each; none where the helper cannot
    be built or run here (another architecture)."""
    try:
        program = str(compiled(CLOCK).relative_to(ROOT))
        jobs = [Job(CLOCK, [program, str(CLOCK_ADDS)]), Job(startup_job(CLOCK), [program, "0"])]
        ran = {job.name: run(job.argv, timeout=60) for job in jobs}
        if failed := [r.why for r in ran.values() if r.code != 0]:
            raise RunError(f"{program}: {failed[0]}")
    except HarnessError as error:
        log(f"clock: no add chain here ({str(error).splitlines()[0]}): cycles are left out")
        return [], {}
    return jobs, {name: r.seconds for name, r in ran.items()}


def clock_record(jobs: list[Job]) -> Clock | None:
    """The add chain timed in the rounds (clock_jobs), for the file; None where it was not."""
    return Clock(adds=CLOCK_ADDS, program=jobs[0].argv[0]) if jobs else None


def busy_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (every core, steal included), from
    /proc/stat; None where there is no such file."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    if not fields or fields[0] != "cpu":
        return None
    ticks = [int(x) for x in fields[1:9]]  # user, nice, system, idle, iowait, irq, softirq, steal
    return (sum(ticks[:3]) + sum(ticks[5:])) / os.sysconf("SC_CLK_TCK")


def duration(value: float) -> str:
    """'2 min 05 s' or '42 s'."""
    whole = round(max(0.0, value))
    return f"{whole // 60} min {whole % 60:02d} s" if whole >= 60 else f"{whole} s"


def run_rounds(jobs: list[Job], specs: list[RatioSpec], seconds: dict[str, float], plan: Plan,
               log: Log = print, timer: Timer | None = None,
               always: tuple[str, ...] = ()) -> tuple[Session, list[Ratio]]:
    """Time jobs in rounds until every ratio in specs that steers is precise or the plan's budget is spent;
    returns the session and each ratio of specs, in order.

    seconds holds one run's time of each job (from its verification run), to choose each job's k for
    the whole session and to predict what a round costs. No round that would overrun the budget starts
    once the rounds of every command are done. With plan.give_up, a ratio whose projected rounds the
    budget left cannot afford is given up (looked at anew each round), and the ratios given up and
    those that do not steer still get their min_rounds and ride along as the comments below say. The
    jobs named in `always` (the add chain that gives each round's clock) are in every round."""
    rng = random.Random(plan.seed)
    by_name = {job.name: job for job in jobs}
    every = [job.name for job in jobs]
    run = timer or RUNNERS[plan.timer]
    # Each command's k: as many runs as fill its equal share of plan.round_seconds, 1 to plan.max_runs.
    share = plan.round_seconds / max(len(by_name), 1)
    runs = {n: max(1, min(plan.max_runs, math.floor(share / max(seconds[n], 1e-6)))) for n in by_name}
    seconds = dict(seconds)
    steering = [s for s in specs if s.steers]
    reported = [s for s in specs if not s.steers]

    def take(names: list[str], number: int) -> Round:
        order = sorted(names)
        rng.shuffle(order)
        busy_before, started = busy_seconds(), time.monotonic()
        measured = {n: run(by_name[n], runs[n]) for n in order}
        elapsed, busy_after = time.monotonic() - started, busy_seconds()
        ours = sum((m.user + m.system) * runs[n] for n, m in measured.items())
        foreign = None if busy_before is None or busy_after is None else \
            max(0.0, busy_after - busy_before - ours) / max(elapsed, 1e-9)
        return Round(number=number, order=order, times={n: m.times for n, m in measured.items()},
                     user={n: m.user for n, m in measured.items()}, system={n: m.system for n, m in measured.items()},
                     seconds=elapsed, foreign_load=foreign)

    def cost(names: Iterable[str]) -> float:
        return sum(runs[n] * seconds[n] + OVERHEAD for n in names)

    def names_of(open_specs: list[RatioSpec]) -> list[str]:
        """The commands of a round after the rounds of every command: the open ratios' and those always run."""
        return sorted({n for s in open_specs for n in s.names} | set(always))

    def riding(chosen: list[str]) -> list[str]:
        """chosen, with the ratios given up or (with give_up) reported only riding along, those given up
        first, then the cheapest, while they add at most ride_share to the round."""
        names = set(chosen)
        room = min((plan.ride_share or 0.0) * cost(names), plan.budget_s - spent - cost(names))
        others = given_up + (reported if plan.give_up else [])
        for spec in sorted(others, key=lambda s: (s not in given_up, cost(set(s.names) - names))):
            extra = set(spec.names) - names
            if cost(extra) <= room:
                room -= cost(extra)
                names.update(extra)
        return sorted(names)

    def owed(names: list[str], pool: list[RatioSpec], limit: float) -> list[str]:
        """names with the commands of the ratios in pool which have had fewer than min_rounds rounds, the
        cheapest first, while the round costs at most limit."""
        chosen = set(names)
        behind = [s for s in pool if sum(all(n in r.times for n in s.names) for r in rounds) < plan.min_rounds]
        for spec in sorted(behind, key=lambda s: cost(set(s.names) - chosen)):
            if cost(chosen | set(spec.names)) <= limit:
                chosen |= set(spec.names)
        return sorted(chosen)

    for _ in range(plan.warmup_rounds):
        take(every, 0)  # warm-up: caches, page tables and clocks settle; not counted
    rounds: list[Round] = []
    spent, shared, stopped = 0.0, 0.0, "max rounds"  # shared: the rounds' that ran more than the open ratios'
    full = True  # a round of every command
    given_up: list[RatioSpec] = []
    started = time.monotonic()
    ratios: list[Ratio] = []  # each spec's estimate from the rounds so far, once a round is in
    while len(rounds) < plan.max_rounds:
        open_specs = [s for s, r in zip(specs, ratios) if s.steers and not is_precise(r, plan.target_half_width)] \
            if rounds else steering
        if plan.give_up and len(rounds) >= plan.first_look:
            # Looked at anew every round: the ratios cheapest to settle (the rounds each needs x what its
            # commands cost a round) are kept first, each only where the budget affords its rounds beside
            # those already kept, so an expensive ratio out of reach does not take a cheap one down with
            # it, and one given up comes back once the others are settled and the budget affords it.
            need = {s: rounds_needed(s, rounds, plan.target_half_width, plan.confidence) - r.rounds
                    for s, r in zip(specs, ratios) if s in open_specs}
            kept: list[RatioSpec] = []
            for spec in sorted(open_specs, key=lambda s: need[s] * cost(s.names)):
                # The rounds of the open ratios' commands alone that the budget left affords.
                if need[spec] <= (plan.budget_s - spent) / max(cost(names_of(kept + [spec])), 1e-9):
                    kept.append(spec)
            given_up = [s for s in open_specs if s not in kept]
            open_specs = kept
        # Every command runs in the first min_rounds rounds; with give_up, in the first LEAST_ROUNDS whatever
        # the budget, and more up to first_look while they stay within full_share of it. Once over, they do
        # not come back.
        if plan.give_up:
            full = full and len(rounds) < plan.first_look and (
                len(rounds) < LEAST_ROUNDS or shared + cost(every) <= plan.full_share * plan.budget_s)
        else:
            full = len(rounds) < plan.min_rounds
        base = riding(names_of(open_specs))
        names = with_given_up = every if full else base
        if plan.give_up and not full:
            # A ratio given up is one of the page's first table or claims: it joins the rounds of the open
            # ones until it has had min_rounds, while the budget lasts, before they narrow further. The
            # ratios reported only join them while the rounds they are in stay within full_share of the
            # budget, and once none is open, while the budget lasts. The ratios given up ride along in
            # those rounds too, where they add little to them.
            with_given_up = owed(base, given_up, plan.budget_s - spent)
            room = min(plan.full_share * plan.budget_s - shared, plan.budget_s - spent) if open_specs else \
                plan.budget_s - spent
            names = owed(with_given_up, reported, room)
            names = base if names == base else riding(names)
        if not full and not open_specs and names == base:
            stopped = "out of reach" if given_up else "precise" if steering else "min rounds"
            break
        if not full and spent + cost(names) > plan.budget_s:
            stopped = "budget"
            break
        # Commands beyond the open ratios', their riders' and the given-up ratios' owed: full_share's.
        beyond = full or len(names) > len(with_given_up)
        rounds.append(take(names, len(rounds) + 1))
        spent += rounds[-1].seconds
        shared += rounds[-1].seconds if beyond else 0.0
        seconds.update({n: round_value(t) for n, t in rounds[-1].times.items()})
        ratios = [estimate(s, rounds, plan.confidence) for s in specs]
        owed_rounds = max(0, (LEAST_ROUNDS if plan.give_up else plan.min_rounds) - len(rounds)) if full else 0
        log(progress(rounds, specs, plan, spent, time.monotonic() - started, given_up, ratios, owed_rounds))
    final = ratios if rounds else [estimate(s, rounds, plan.confidence) for s in specs]
    # A ratio given up that rode along to the target after all is not out of reach.
    missed = [s for s in given_up if not is_precise(final[specs.index(s)], plan.target_half_width)]
    if stopped == "out of reach" and not missed:
        stopped = "precise"
    session = Session(settings=plan, rounds=rounds, seconds=spent, stopped=stopped,
                      out_of_reach=[spec_name(s) for s in missed] or None, ratios=[spec_name(s) for s in specs] or None,
                      reported_only=[spec_name(s) for s in reported] or None)
    return session, final


def progress(rounds: list[Round], specs: list[RatioSpec], plan: Plan, spent: float, elapsed: float,
             given_up: list[RatioSpec], estimates: list[Ratio], owed: int) -> str:
    """One line per round: its number, the time so far and left, and the widest interval still open among
    the ratios that steer and are not given up. owed: the rounds of every command still to come."""
    last = rounds[-1]
    line = f"round {len(rounds)} ({len(last.order)} commands): {duration(elapsed)} elapsed"
    steering = [(s, r) for s, r in zip(specs, estimates) if s.steers and s not in given_up]
    apart = f"; {len(given_up)} given up" if given_up else ""
    open_ratios = [(s, r) for s, r in steering if not is_precise(r, plan.target_half_width)]
    if not open_ratios:
        done = f"; every interval{' not given up' if given_up else ''} within ±{plan.target_half_width:.1%}" \
            if steering else ""
        if plan.give_up:  # the ratios given up and those reported only go on while the budget lasts
            return line + f", at most {duration(max(plan.budget_s - spent, 0.0))} left{done}{apart}"
        return line + f", about {duration(owed * last.seconds)} left{done}{apart}"
    spec, widest = max(open_ratios, key=lambda sr: math.inf if sr[1].half_width is None else sr[1].half_width)
    width = "unbounded" if widest.half_width is None else f"±{widest.half_width:.1%}"
    needed = rounds_needed(spec, rounds, plan.target_half_width, plan.confidence) - widest.rounds
    left = min(max(owed, needed) * last.seconds,
               max(plan.budget_s - spent, 0.0 if plan.give_up else owed * last.seconds, 0.0))
    return (line + f", about {duration(left)} left; {len(open_ratios)} open, widest {spec_name(widest)} "
            f"{width}{apart}")
