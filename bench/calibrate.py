"""make calibrate: the regression gate's false-alarm and detection rates, from injected slowdowns.

Every comparison runs the working tree's programs against themselves; on the head side the
bench/inject_slowdown wrapper first spins a known number of loop rounds, sized to 0, 1, 3, 5 or 10%
of the program's own instructions or time. The programs' code is never touched.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import manifest, regress
from bench.gate_stats import (
    TIME_CONFIDENCE,
    TIME_DETECT,
    TIME_POWER,
    TIME_THRESHOLD,
    half_width,
    instruction_change,
    pair_log_ratios,
    time_verdict,
    wanted_half_width,
    wilcoxon_interval,
)
from bench.interleave import Command, Comparison, share, timed
from bench.regress import (
    GATED_KINDS,
    Settings,
    command_for,
    count_instructions,
    interval_of,
    limit_for,
    precise,
    time_measure,
    time_only,
)
from bench.run import expected_for, write_atomically

ROOT = manifest.ROOT
SLOWDOWNS = (0.0, 0.01, 0.03, 0.05, 0.10)
WRAPPER = ROOT / "build" / "inject_slowdown"
SIMULATIONS = 1_000
# The resampling draws runs of this many consecutive pairs, keeping the drift that neighbours share.
BLOCK = 4


@dataclass(frozen=True)
class Spin:
    """What one round of the wrapper's loop costs."""

    instructions: float
    seconds: float


def build_wrapper() -> None:
    WRAPPER.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cc", "-std=c11", "-Wall", "-Wextra", "-pedantic", "-Werror", "-O2", "-o",
                    str(WRAPPER), str(ROOT / "bench" / "inject_slowdown.c")], check=True)


def wrapped(command: Command, iterations: int) -> Command:
    return Command((str(WRAPPER), str(iterations), *command.argv), command.cwd, command.env)


def measure_spin() -> Spin:
    """Instructions (under valgrind) and CPU seconds of one loop round, net of the wrapper's start."""
    rounds = 200_000_000
    true = Command(("true",), ROOT, {"PATH": "/usr/bin:/bin"})
    instructions = (count_instructions(wrapped(true, 10_000_000), "")[0]
                    - count_instructions(wrapped(true, 0), "")[0]) / 10_000_000
    spun = statistics.median(timed(wrapped(true, rounds)).cpu for _ in range(5))
    idle = statistics.median(timed(wrapped(true, 0)).cpu for _ in range(5))
    return Spin(instructions, (spun - idle) / rounds)


def calibrate_instructions(impl: manifest.Implementation, command: Command, expected: str,
                           spin: Spin) -> list[dict]:
    """Base (wrapper, no spin) twice, then head with each slowdown once: the gate's rule on each."""
    counted = [count_instructions(wrapped(command, 0), expected) for _ in range(2)]
    base = [total for total, _ in counted]
    processes = counted[0][1] - 1
    mean = statistics.fmean(base)
    records = []
    for slowdown in SLOWDOWNS:
        iterations = round(slowdown * mean / spin.instructions)
        head, _ = count_instructions(wrapped(command, iterations), expected)
        change = instruction_change(base, head)
        records.append({"signal": "instructions", "impl": impl.name, "slowdown": slowdown,
                        "base": base, "head": head, "change": change.change, "spread": change.spread,
                        "threshold": change.threshold, "alarm": change.regressed,
                        "time_only": time_only(change, processes)})
    return records


def calibrate_time(impls: list[manifest.Implementation], settings: Settings, spin: Spin) -> list[dict]:
    """Per slowdown, what the gate does: every implementation interleaved, sharing the time budget,
    the head side spinning for that fraction of the program's own median time."""
    setups = []
    for impl in impls:
        limit = limit_for(impl, settings)
        expected = str(expected_for(limit))
        command = command_for(impl, ROOT, limit, settings.threads)
        measure = time_measure(impl)
        reference = statistics.median(getattr(timed(wrapped(command, 0), expected), measure) for _ in range(5))
        setups.append((impl, limit, expected, command, measure, reference))
    records = []
    for slowdown in SLOWDOWNS:
        print(f"calibrate: time, {slowdown:.0%} slower", file=sys.stderr)
        comparisons = [Comparison(impl.name, wrapped(command, 0),
                                  wrapped(command, round(slowdown * reference / spin.seconds)), expected, measure)
                       for impl, _, expected, command, measure, reference in setups]
        share(comparisons, settings.plan, precise)
        for (impl, limit, _, _, measure, _), comparison in zip(setups, comparisons):
            interval = interval_of(comparison)
            records.append({"signal": "time", "impl": impl.name, "limit": limit, "slowdown": slowdown,
                            "measure": measure, "ratio": interval.ratio, "low": interval.low,
                            "high": interval.high, "pairs": interval.pairs, "seconds": comparison.seconds,
                            "half_width": finite(half_width(interval)),
                            "alarm": time_verdict(interval) == "slower",
                            "log_ratios": pair_log_ratios(*comparison.values())})
    return records


def finite(value: float) -> float | None:
    """JSON has no infinity: an unbounded half-width is stored as null."""
    return value if math.isfinite(value) else None


def resample(no_change: list[float], pairs: int, rng: random.Random) -> list[float]:
    """`pairs` log-ratios drawn as runs of BLOCK consecutive measured pairs, with replacement."""
    if not no_change:
        raise ValueError("no measured pairs to resample")
    drawn: list[float] = []
    while len(drawn) < pairs:
        start = rng.randrange(max(1, len(no_change) - BLOCK + 1))
        drawn += no_change[start:start + BLOCK]
    return drawn[:pairs]


def simulate(no_change: list[float], pairs: int, rng: random.Random) -> list[float]:
    """Alarm rate per slowdown of the time rule on `pairs` pairs resampled from measured no-change
    log-ratios and shifted by the slowdown (a shift moves the interval and nothing else)."""
    alarms = [0] * len(SLOWDOWNS)
    for _ in range(SIMULATIONS):
        interval = wilcoxon_interval(resample(no_change, pairs, rng))
        for i, slowdown in enumerate(SLOWDOWNS):
            shifted = interval.low * (1 + slowdown)
            alarms[i] += shifted > 1 + TIME_THRESHOLD
    return [a / SIMULATIONS for a in alarms]


def run(impls: list[manifest.Implementation], sizes: list[tuple[str, Settings, int]], spin: Spin) -> list[dict]:
    """Every round of every size: instruction comparisons where asked, then time comparisons."""
    records = []
    for size, settings, rounds in sizes:
        for round_number in range(rounds):
            found = []
            if "instructions" in settings.signals:
                for impl in impls:
                    limit = limit_for(impl, settings)
                    print(f"calibrate: {size} round {round_number + 1}/{rounds}: instructions of {impl.name} "
                          f"at {limit:,}", file=sys.stderr)
                    command = command_for(impl, ROOT, limit, settings.threads)
                    for record in calibrate_instructions(impl, command, str(expected_for(limit)), spin):
                        found.append(dict(record, limit=limit))
            if "time" in settings.signals:
                print(f"calibrate: {size} round {round_number + 1}/{rounds}: time", file=sys.stderr)
                found += calibrate_time(impls, settings, spin)
            for record in found:
                record.update(size=size, round=round_number)
            records += found
    return records


def rate(alarms: int, total: int) -> str:
    return f"{alarms} of {total} ({alarms / total:.0%})" if total else "-"


def summary_rows(records: list[dict], signal: str, size: str) -> list[str]:
    """One row per slowdown: alarms out of comparisons, and how big the injected change came out."""
    rows = []
    for slowdown in SLOWDOWNS:
        chosen = [r for r in records if r["signal"] == signal and r["size"] == size
                  and r["slowdown"] == slowdown and not r.get("time_only")]
        if not chosen:
            continue
        alarms = sum(r["alarm"] for r in chosen)
        key = "change" if signal == "instructions" else "ratio"
        seen = [r[key] - (0 if signal == "instructions" else 1) for r in chosen]
        what = "false alarms" if slowdown == 0 else "detected"
        rows.append(f"| {signal} | {size} | {slowdown:.0%} | {what}: {rate(alarms, len(chosen))} "
                    f"| {statistics.median(seen):+.2%} | {min(seen):+.2%} .. {max(seen):+.2%} |")
    return rows


def per_implementation_rows(records: list[dict], sizes: list[str]) -> list[str]:
    rows = []
    names = list(dict.fromkeys(r["impl"] for r in records))
    for signal in ("instructions", "time"):
        for size in sizes:
            for name in names:
                chosen = [r for r in records if r["signal"] == signal and r["size"] == size and r["impl"] == name]
                if not chosen:
                    continue
                notes = [r["time_only"] for r in chosen if r.get("time_only")]
                if notes:
                    spread = max(r["spread"] for r in chosen)
                    rows.append(f"| {signal} | {size} | {name} | {notes[0]} (base repeats differed by "
                                f"up to {spread:.2%}) |" + " |" * (len(SLOWDOWNS) - 1))
                    continue
                cells = []
                for slowdown in SLOWDOWNS:
                    hits = [r["alarm"] for r in chosen if r["slowdown"] == slowdown]
                    cells.append(f"{sum(hits)}/{len(hits)}")
                rows.append(f"| {signal} | {size} | {name} | " + " | ".join(cells) + " |")
    return rows


def time_records(records: list[dict], size: str) -> dict[str, list[dict]]:
    """The time comparisons of one size, per implementation."""
    found: dict[str, list[dict]] = {}
    for r in records:
        if r["signal"] == "time" and r["size"] == size:
            found.setdefault(r["impl"], []).append(r)
    return found


def effort_rows(records: list[dict], sizes: list[str]) -> list[str]:
    """Per size and implementation: pairs and seconds the gate's plan gave it, and how wide it left the
    interval, over every comparison."""
    wanted = math.expm1(wanted_half_width())
    rows = []
    for size in sizes:
        for name, chosen in time_records(records, size).items():
            pairs = [r["pairs"] for r in chosen]
            widths = [math.inf if r["half_width"] is None else math.expm1(r["half_width"]) for r in chosen]
            narrow = sum(w <= wanted for w in widths)
            rows.append(f"| {size} | {name} | {statistics.median(pairs):.0f} ({min(pairs)} .. {max(pairs)}) "
                        f"| {statistics.median(r['seconds'] for r in chosen):.0f} s "
                        f"| ±{statistics.median(widths):.2%} (±{min(widths):.2%} .. ±{max(widths):.2%}) "
                        f"| {narrow} of {len(chosen)} |")
    return rows


def centred_noise(comparisons: list[dict]) -> list[float]:
    """The pairs of every comparison, each comparison's log-ratios less their own median: the noise,
    whatever slowdown was injected, with no change at its centre (one comparison's own offset would
    otherwise shift every simulated one)."""
    noise = []
    for r in comparisons:
        centre = statistics.median(r["log_ratios"])
        noise += [x - centre for x in r["log_ratios"]]
    return noise


def simulation_rows(records: list[dict], sizes: list[str]) -> list[str]:
    """Per size: the simulated alarm rate per implementation, resampling its no-change pairs."""
    rng = random.Random(0)
    rows = []
    for size in sizes:
        for name, chosen in time_records(records, size).items():
            pool = centred_noise(chosen)
            pairs = round(statistics.median(r["pairs"] for r in chosen))
            rates = simulate(pool, pairs, rng)
            spread = statistics.median(abs(x - statistics.median(pool)) for x in pool)
            rows.append(f"| {size} | {name} | {len(pool)} | {math.expm1(spread):.2%} | {pairs} | "
                        + " | ".join(f"{x:.1%}" for x in rates) + " |")
    return rows


def describe_size(name: str, settings: Settings, rounds: int) -> str:
    what = ", ".join(settings.signals)
    text = f"**{name}**: {settings.limit:,} (Python {settings.python_limit:,}), {rounds} round(s) of {what}"
    if "time" in settings.signals:
        text += (f"; per slowdown, every implementation {settings.pairs} pairs, then {regress.DEFAULT_STEP} "
                 f"more at a time to the imprecise ones, within {settings.time_budget:.0f} s in all")
    return text


def render(records: list[dict], sizes: list[tuple[str, Settings, int]], spin: Spin, seconds: float) -> str:
    size_names = [s for s, _, _ in sizes]
    head = "| " + " | ".join(f"{s:.0%}" for s in SLOWDOWNS) + " |"
    wanted = math.expm1(wanted_half_width())
    lines = [
        "# Regression gate: false alarms and detection",
        "",
        "Written by `make calibrate` (bench/calibrate.py) from the runs in results/gate.json. Each "
        "comparison is the gate's own rule applied to the working tree's programs against themselves, "
        "the head side spinning a known loop first (bench/inject_slowdown.c) to add 0, 1, 3, 5 or 10% "
        "of the program's instructions (instruction signal) or of its median time (time signal). The "
        "time signal is measured as `make regress` measures it: all implementations in one go, sharing "
        "its time budget, pairs added until an interval is within "
        f"±{wanted:.2%} (narrow enough to catch a {TIME_DETECT:.0%} slowdown {TIME_POWER:.0%} of the time).",
        "",
        *[f"- {describe_size(*size)}" for size in sizes],
        f"- parallel programs on {sizes[0][1].threads} threads, judged on wall time; serial ones on user+sys "
        "CPU time",
        f"- the spin loop: {spin.instructions:.2f} instructions and {spin.seconds * 1e9:.2f} ns per round",
        f"- calibration took {seconds / 60:.1f} minutes",
        "",
        "## Summary, over all gated implementations",
        "",
        "| signal | size | injected | alarms | median measured change | range |",
        "|---|---|--:|---|--:|---|",
    ]
    for signal in ("instructions", "time"):
        for size in size_names:
            lines += summary_rows(records, signal, size)
    lines += ["", "## Alarms per implementation (of the rounds run)", "",
              "| signal | size | implementation " + head.replace("| ", "| +", 1).replace("| +0%", "| 0%"),
              "|---|---|---|" + "--:|" * len(SLOWDOWNS)]
    lines += per_implementation_rows(records, size_names)
    lines += ["", "## Pairs the time budget bought", "",
              f"Over all comparisons of a size: pairs taken, seconds spent, the interval's half-width, and "
              f"how many comparisons reached ±{wanted:.2%}.", "",
              "| size | implementation | pairs, median (range) | seconds, median | half-width, median (range) "
              "| within target |",
              "|---|---|--:|--:|--:|--:|"]
    lines += effort_rows(records, size_names)
    n_gated = len({r["impl"] for r in records})
    bound = (1 - TIME_CONFIDENCE) / 2
    lines += ["", "## What the number of runs supports", "",
              f"Zero false alarms in N comparisons bounds the rate only loosely (95% upper bound about "
              f"3/N). The time rule's rate is bounded analytically instead: with independent pairs whose "
              f"log-ratios are symmetric about 0, the Wilcoxon {TIME_CONFIDENCE:.2%} interval lies wholly "
              f"above 1 with probability at most {bound:.3%}, and above 1 + {TIME_THRESHOLD:.0%} far less "
              f"often; over {n_gated} implementations the suite's rate is then at most "
              f"{1 - (1 - bound) ** n_gated:.2%}. Below, the time rule applied to {SIMULATIONS:,} sets of "
              "pairs resampled from each implementation's measured noise: the pairs of all its comparisons "
              "at that size, each comparison centred on its own median, drawn in runs of "
              f"{BLOCK} consecutive pairs (keeping the drift neighbours share), as many as the gate "
              "took for it (the median above, fixed rather than adaptive), and shifted by the injected "
              "slowdown. It is a model: the pairs come from one stretch of this machine's noise.",
              "",
              "| size | implementation | pairs measured | median abs. deviation | pairs drawn " + head,
              "|---|---|--:|--:|--:|" + "--:|" * len(SLOWDOWNS)]
    lines += simulation_rows(records, size_names)
    return "\n".join(lines) + "\n"


def measure(only: str | None, sizes: list[tuple[str, Settings, int]]) -> tuple[Spin, float, list[dict]]:
    """Build, size the spin loop and run every comparison: the spin, the seconds taken, the records."""
    started = time.monotonic()
    impls = manifest.load().select(only, GATED_KINDS)
    manifest.build(impls)
    build_wrapper()
    spin = measure_spin()
    records = run(impls, sizes, spin)
    return spin, time.monotonic() - started, records


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    regress.add_measure_arguments(parser)
    parser.add_argument("--rounds", type=int, default=1, help="rounds at the CI size, both signals")
    parser.add_argument("--small-rounds", type=int, default=1, help="rounds of the time signal, small size")
    parser.add_argument("--small-limit", type=int, default=100_000)
    parser.add_argument("--small-python-limit", type=int, default=10_000)
    parser.add_argument("--small-time-budget", type=float, default=regress.DEFAULT_TIME_BUDGET / 3,
                        help="seconds per slowdown at the small size (--time-budget: at the CI size)")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "gate.md")
    parser.add_argument("--json", type=Path, default=ROOT / "results" / "gate.json")
    parser.add_argument("--render", action="store_true",
                        help="re-render --out from the runs and settings already in --json (runs nothing)")
    args = parser.parse_args(argv)
    regress.check_pairs(parser, args)
    if args.small_time_budget < 0:
        parser.error("--small-time-budget: seconds, 0 or more")
    return args


def sizes_from(args: argparse.Namespace) -> list[tuple[str, Settings, int]]:
    sizes = [("ci", Settings(args.limit, args.python_limit, args.threads, args.pairs, ("instructions", "time"),
                             args.max_pairs, args.time_budget), args.rounds),
             ("small", Settings(args.small_limit, args.small_python_limit, args.threads, args.pairs, ("time",),
                                args.max_pairs, args.small_time_budget), args.small_rounds)]
    return [s for s in sizes if s[2] > 0]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.render:
        data = json.loads(args.json.read_text())
        if "sizes" not in data:
            print(f"calibrate: {args.json} was written by an older calibrate; run make calibrate", file=sys.stderr)
            return 2
        spin, seconds, records = Spin(**data["spin"]), data["seconds"], data["records"]
        sizes = [(name, Settings(**dict(settings, signals=tuple(settings["signals"]))), rounds)
                 for name, settings, rounds in data["sizes"]]
    else:
        sizes = sizes_from(args)
        spin, seconds, records = measure(args.only, sizes)
        raw = json.dumps({"spin": spin.__dict__, "seconds": seconds,
                          "sizes": [(name, dataclasses.asdict(st), rounds) for name, st, rounds in sizes],
                          "records": records}, indent=1)
        write_atomically({args.json: raw})
    report = render(records, sizes, spin, seconds)
    write_atomically({args.out: report})
    print(report, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
