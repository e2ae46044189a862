"""make calibrate: the regression gate's false-alarm and detection rates, from injected slowdowns.

Every comparison runs the working tree's programs against themselves; on the head side the
bench/inject_slowdown wrapper first spins a known number of loop rounds, sized to 0, 1, 3, 5 or 10%
of the program's own instructions or time. The programs' code is never touched.
"""

from __future__ import annotations

import argparse
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
    TIME_THRESHOLD,
    instruction_change,
    pair_log_ratios,
    time_verdict,
    wilcoxon_interval,
)
from bench.interleave import Command, columns, interleave, timed
from bench.regress import (
    GATED_KINDS,
    Settings,
    command_for,
    count_instructions,
    limit_for,
    time_measure,
    time_only,
)
from bench.run import expected_for, write_atomically

ROOT = manifest.ROOT
SLOWDOWNS = (0.0, 0.01, 0.03, 0.05, 0.10)
WRAPPER = ROOT / "build" / "inject_slowdown"
SIMULATIONS = 4_000


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


def calibrate_time(impl: manifest.Implementation, command: Command, expected: str, spin: Spin,
                   pairs: int) -> list[dict]:
    """One interleaved comparison per slowdown, the spin sized to the program's own median time."""
    measure = time_measure(impl)
    base = wrapped(command, 0)
    reference = statistics.median(getattr(timed(base, expected), measure) for _ in range(5))
    records = []
    for slowdown in SLOWDOWNS:
        head = wrapped(command, round(slowdown * reference / spin.seconds))
        before, after = columns(interleave(base, head, pairs, expected), measure)
        ratios = pair_log_ratios(before, after)
        interval = wilcoxon_interval(ratios)
        records.append({"signal": "time", "impl": impl.name, "slowdown": slowdown, "measure": measure,
                        "ratio": interval.ratio, "low": interval.low, "high": interval.high,
                        "alarm": time_verdict(interval) == "slower", "log_ratios": ratios})
    return records


def simulate(no_change: list[float], slowdown: float, pairs: int, rng: random.Random) -> float:
    """Alarm rate of the time rule on pairs resampled from measured no-change log-ratios, shifted."""
    shift = math.log1p(slowdown)
    alarms = 0
    for _ in range(SIMULATIONS):
        sample = [rng.choice(no_change) + shift for _ in range(pairs)]
        alarms += time_verdict(wilcoxon_interval(sample)) == "slower"
    return alarms / SIMULATIONS


def run(impls: list[manifest.Implementation], sizes: list[tuple[str, Settings, int]], spin: Spin) -> list[dict]:
    """Every round of every size: instruction comparisons where asked, then time comparisons."""
    records = []
    for size, settings, rounds in sizes:
        for round_number in range(rounds):
            for impl in impls:
                limit = limit_for(impl, settings)
                expected = str(expected_for(limit))
                command = command_for(impl, ROOT, limit, settings.threads)
                print(f"calibrate: {size} round {round_number + 1}/{rounds}: {impl.name} at {limit:,}",
                      file=sys.stderr)
                found = []
                if "instructions" in settings.signals:
                    found += calibrate_instructions(impl, command, expected, spin)
                if "time" in settings.signals:
                    found += calibrate_time(impl, command, expected, spin, settings.pairs)
                for record in found:
                    record.update(size=size, limit=limit, round=round_number)
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


def simulation_rows(records: list[dict], sizes: list[str], pairs: int) -> list[str]:
    """Per size: the simulated alarm rate per implementation, resampling its no-change pairs."""
    rng = random.Random(0)
    rows = []
    for size in sizes:
        pools: dict[str, list[float]] = {}
        for r in records:
            if r["signal"] == "time" and r["size"] == size and r["slowdown"] == 0:
                pools.setdefault(r["impl"], []).extend(r["log_ratios"])
        for name, pool in pools.items():
            rates = [simulate(pool, s, pairs, rng) for s in SLOWDOWNS]
            spread = statistics.median(abs(x - statistics.median(pool)) for x in pool)
            rows.append(f"| {size} | {name} | {len(pool)} | {math.expm1(spread):.2%} | "
                        + " | ".join(f"{x:.2%}" for x in rates) + " |")
    return rows


def render(records: list[dict], sizes: list[tuple[str, Settings, int]], spin: Spin, seconds: float) -> str:
    size_names = [s for s, _, _ in sizes]
    pairs = sizes[0][1].pairs
    head = "| " + " | ".join(f"{s:.0%}" for s in SLOWDOWNS) + " |"
    lines = [
        "# Regression gate: false alarms and detection",
        "",
        "Written by `make calibrate` (bench/calibrate.py) from the runs in results/gate.json. Each "
        "comparison is the gate's own rule applied to the working tree's programs against themselves, "
        "the head side spinning a known loop first (bench/inject_slowdown.c) to add 0, 1, 3, 5 or 10% "
        "of the program's instructions (instruction signal) or of its median time (time signal).",
        "",
        "Sizes: " + "; ".join(f"{name}: {st.limit:,} (Python {st.python_limit:,}), {rounds} rounds of "
                               f"{', '.join(st.signals)}" for name, st, rounds in sizes)
        + f". {pairs} interleaved pairs per time comparison; parallel programs on "
        f"{sizes[0][1].threads} threads, judged on wall time; serial ones on user+sys CPU time.",
        f"The spin loop: {spin.instructions:.2f} instructions and {spin.seconds * 1e9:.2f} ns per round. "
        f"Calibration took {seconds / 60:.1f} minutes.",
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
    n_gated = len({r["impl"] for r in records})
    bound = (1 - TIME_CONFIDENCE) / 2
    lines += ["", "## What the number of runs supports", "",
              f"Zero false alarms in N comparisons bounds the rate only loosely (95% upper bound about "
              f"3/N). The time rule's rate is bounded analytically instead: with independent pairs whose "
              f"log-ratios are symmetric about 0, the Wilcoxon {TIME_CONFIDENCE:.2%} interval lies wholly "
              f"above 1 with probability at most {bound:.3%}, and above 1 + {TIME_THRESHOLD:.0%} far less often; over "
              f"{n_gated} implementations the suite's rate is then at most "
              f"{1 - (1 - bound) ** n_gated:.2%}. Below, the time rule applied to {SIMULATIONS:,} sets of "
              f"{pairs} pairs drawn with replacement from each implementation's measured no-change "
              "pairs, shifted by the injected slowdown (a model: it takes pairs as independent).",
              "",
              "| size | implementation | no-change pairs | median abs. deviation " + head,
              "|---|---|--:|--:|" + "--:|" * len(SLOWDOWNS)]
    lines += simulation_rows(records, size_names, pairs)
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
    parser.add_argument("--only", default=None, help="implementations, comma or space separated (all)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds at the CI size, both signals")
    parser.add_argument("--small-rounds", type=int, default=2, help="rounds of the time signal, small size")
    parser.add_argument("--limit", type=int, default=regress.DEFAULT_LIMIT)
    parser.add_argument("--python-limit", type=int, default=regress.DEFAULT_PYTHON_LIMIT)
    parser.add_argument("--small-limit", type=int, default=100_000)
    parser.add_argument("--small-python-limit", type=int, default=10_000)
    parser.add_argument("--pairs", type=int, default=regress.DEFAULT_PAIRS)
    parser.add_argument("--threads", type=int, default=regress.DEFAULT_THREADS)
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "gate.md")
    parser.add_argument("--json", type=Path, default=ROOT / "results" / "gate.json")
    parser.add_argument("--render", action="store_true",
                        help="re-render --out from the runs already in --json (runs nothing)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [("ci", Settings(args.limit, args.python_limit, args.threads, args.pairs,
                             ("instructions", "time")), args.rounds),
             ("small", Settings(args.small_limit, args.small_python_limit, args.threads, args.pairs,
                                ("time",)), args.small_rounds)]
    sizes = [s for s in sizes if s[2] > 0]
    if args.render:
        data = json.loads(args.json.read_text())
        spin, seconds, records = Spin(**data["spin"]), data["seconds"], data["records"]
    else:
        spin, seconds, records = measure(args.only, sizes)
        raw = json.dumps({"spin": spin.__dict__, "seconds": seconds, "records": records}, indent=1)
        write_atomically({args.json: raw})
    report = render(records, sizes, spin, seconds)
    write_atomically({args.out: report})
    print(report, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
