"""make report: render results/primes.json into results/primes.md, without running anything."""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from bench.stats import ratio

RESULTS = Path(__file__).resolve().parent.parent / "results"
# The article's figures at LIMIT = 1,000,000.
ARTICLE_PYTHON_S = 4.2
ARTICLE_GO_S = 0.15
ARTICLE_GO_VS_PYTHON = 28
ARTICLE_COMPILED_RANGE = (10, 40)
CLOSE_ENOUGH = 1.25  # a measured figure within this factor of the article's "holds"


def seconds(value: float) -> str:
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 0.001:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.0f} µs"


def times(value: float, error: float | None = None) -> str:
    digits = 1 if value >= 10 else 2
    if error is None:
        return f"{value:.{digits}f}×"
    smallest = 10.0**-digits
    spread = f"{error:.{digits}f}" if error >= smallest / 2 else f"<{smallest:.{digits}f}"
    return f"{value:.{digits}f} ± {spread}×"


def mean_sigma(t: dict) -> str:
    return f"{seconds(t['mean'])} ± {seconds(t['stddev'])}"


def compute(entry: dict) -> float:
    return entry["timing"]["median"] - entry["startup"]["median"]


def cpu_time(t: dict) -> str:
    return seconds(t["user"] + t["system"])


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def by_name(data: dict) -> dict[str, dict]:
    return {e["name"]: e for e in data["implementations"]}


def setup_section(data: dict) -> str:
    env = data["environment"]
    m = env["machine"]
    src = env["source"]
    settings = data["settings"]
    commit = (src["commit"] or "unknown")[:12] + (" (with uncommitted changes)" if src["dirty"] else "")
    runs = (f"exactly {settings['runs']} timed runs each" if settings["runs"] else
            f"at least {settings['min_runs']} timed runs (at least 3 for programs slower than "
            f"{settings['budget_s'] / settings['min_runs']:.2f} s), more until the mean's relative standard "
            f"error is at most {settings['target_rse']:.0%} or {settings['budget_s']:.0f} s of runs are spent")
    reproduce = "make bench" + ("" if data["limit"] == 1_000_000 else f" LIMIT={data['limit']}")
    rows = [[f"`{e['name']}`", e["version"] or "?", f"`{e['flags']}`" if e["flags"] else "—",
             str(e["threads"] or 1), f"`{' '.join(e['command'])}`"] for e in data["implementations"]]
    return "\n".join([
        "## What was measured",
        "",
        f"- **Task:** count the primes below {data['limit']:,} by trial division (the article's "
        f"`count_primes`); every program printed {data['expected']} before any timing counted.",
        f"- **Machine:** {m['cpu']}, {m['online_cpus']} online CPUs, {m['memory_gib']} GiB memory; "
        f"{m['os']}, Linux {m['kernel']} ({m['arch']}).",
        f"- **When:** {env['date']}; source commit `{commit}`.",
        f"- **Timer:** {env['versions'].get('hyperfine', 'hyperfine')}, `--shell=none`, {runs}.",
        f"- **Reproduce:** `{reproduce}` (then `make report` re-renders this page from primes.json).",
        "",
        table(["Implementation", "Runtime / compiler", "Build flags", "Threads", "Command timed"], rows),
    ])


def serial_section(data: dict) -> str:
    entries = by_name(data)
    c, python = entries.get("c"), entries.get("python")
    rows = []
    serial = sorted((e for e in data["implementations"] if e["kind"] == "serial"),
                    key=lambda e: e["timing"]["median"])
    for e in serial:
        t = e["timing"]
        vs_c = times(*ratio(t, c["timing"])) if c else "—"
        vs_python = times(*ratio(python["timing"], t)) if python else "—"
        rows.append([
            f"`{e['name']}`", e["version"] or "?", f"**{seconds(t['median'])}**", mean_sigma(t),
            f"{seconds(t['min'])} – {seconds(t['max'])}", cpu_time(t), seconds(e["startup"]["median"]),
            seconds(compute(e)), f"{e['peak_rss_kib'] / 1024:.1f} MiB", vs_c, vs_python,
            str(t["runs"]), "yes" if e["answer"]["verified"] else "NO",
        ])
    return "\n".join([
        "## Single-threaded",
        "",
        table(["Implementation", "Runtime", "Median", "Mean ± σ", "Min – max", "User+sys CPU", "Start-up",
               "Compute", "Peak RSS", "Time vs C", "Faster than CPython", "Runs", "Answer verified"], rows),
        "",
        f"Start-up is the same program's median time at LIMIT={data['settings']['startup_limit']} (no "
        "work); compute = median − start-up. Ratios are of medians; their ± combines the two "
        "relative standard deviations.",
    ])


def parallel_section(data: dict) -> str:
    entries = by_name(data)
    rows = []
    for e in data["implementations"]:
        if e["kind"] != "parallel":
            continue
        t = e["timing"]
        twin = entries.get(e["twin"])
        if twin:
            speedup, error = ratio(twin["timing"], t)
            speedup_text = f"{times(speedup, error)} over `{twin['name']}`"
            efficiency = f"{speedup / e['threads']:.0%}"
        else:
            speedup_text, efficiency = "— (twin not measured)", "—"
        rows.append([f"`{e['name']}`", str(e["threads"]), f"**{seconds(t['median'])}**", mean_sigma(t),
                     cpu_time(t), speedup_text, efficiency, str(t["runs"])])
    if not rows:
        return "## Multi-threaded\n\nNo parallel implementation was measured in this run."
    return "\n".join([
        "## Multi-threaded",
        "",
        table(["Implementation", "Threads", "Median", "Mean ± σ", "User+sys CPU", "Speedup", "Efficiency",
               "Runs"], rows),
        "",
        "Speedup = the serial twin's median / this median, on the same machine in the same run; "
        "efficiency = speedup / threads. Never compare these rows with the single-threaded table "
        "without the thread count.",
    ])


def within(measured: float, claimed: float) -> bool:
    return claimed / CLOSE_ENOUGH <= measured <= claimed * CLOSE_ENOUGH


def figure_verdict(measured: float, claimed: float, what: str) -> str:
    if within(measured, claimed):
        return f"**Holds**: within {CLOSE_ENOUGH - 1:.0%} of the article's {what}."
    factor = measured / claimed
    direction = "slower" if factor > 1 else "faster"
    size = factor if factor > 1 else 1 / factor
    return f"**Does not hold** here: {times(size)} {direction} than the article's {what}."


def ratio_verdict(measured: float, claimed: float) -> str:
    if within(measured, claimed):
        return f"**Holds**: within {CLOSE_ENOUGH - 1:.0%} of the article's {claimed:g}×."
    size = "smaller" if measured < claimed else "larger"
    factor = claimed / measured if measured < claimed else measured / claimed
    return (f"**Does not hold** here: the gap is {times(measured)}, {times(factor)} {size} "
            f"than the article's {claimed:g}×.")


def startup_share(slow: dict, fast: dict) -> str:
    compute_ratio = compute(slow) / compute(fast) if compute(fast) > 0 else math.inf
    return (f"{times(compute_ratio)} on compute alone; start-up is "
            f"{seconds(slow['startup']['median'])} of `{slow['name']}`'s {seconds(slow['timing']['median'])} "
            f"and {seconds(fast['startup']['median'])} of `{fast['name']}`'s {seconds(fast['timing']['median'])}")


def claims_section(data: dict) -> str:
    e = by_name(data)
    rows = []
    missing = "not measured in this run"
    if data["limit"] != 1_000_000:
        return ("## The article's claims, checked\n\nThe article's figures are for LIMIT = 1,000,000; "
                f"this run used {data['limit']:,}, so they are not checked here.")
    python, go, c = e.get("python"), e.get("go"), e.get("c")
    rows.append(["CPython takes ~4.2 s", "4.2 s",
                 seconds(python["timing"]["median"]) if python else missing,
                 figure_verdict(python["timing"]["median"], ARTICLE_PYTHON_S, "4.2 s") if python else missing])
    rows.append(["Go takes ~0.15 s", "0.15 s", seconds(go["timing"]["median"]) if go else missing,
                 figure_verdict(go["timing"]["median"], ARTICLE_GO_S, "0.15 s") if go else missing])
    if python and go:
        value, error = ratio(python["timing"], go["timing"])
        rows.append(["Go is ~28× faster than Python", "28×",
                     f"{times(value, error)}; {startup_share(python, go)}",
                     ratio_verdict(value, ARTICLE_GO_VS_PYTHON)])
    else:
        rows.append(["Go is ~28× faster than Python", "28×", missing, missing])
    compiled = [x for x in (c, go) if x]
    if python and compiled:
        low, high = ARTICLE_COMPILED_RANGE
        parts, held = [], []
        for x in compiled:
            value, error = ratio(python["timing"], x["timing"])
            parts.append(f"`{x['name']}` {times(value, error)}")
            held.append(low <= value <= high)
        verdict = ("**Holds**: every compiled program is inside 10–40×." if all(held) else
                   "**Does not hold** for " + ", ".join(f"`{x['name']}`" for x, ok in zip(compiled, held)
                                                         if not ok) + ": outside 10–40×.")
        rows.append(["Compiled code is 10–40× faster than pure Python", "10–40×", "; ".join(parts), verdict])
    gap = parallel_gap(e) or (missing, missing)
    rows.append(["With parallelism the difference would be even larger", "larger gap", *gap])
    return "\n".join([
        "## The article's claims, checked",
        "",
        table(["Claim", "Article", "Measured here", "Verdict"], rows),
        "",
        f"A figure \"holds\" within a factor of {CLOSE_ENOUGH} of the article's: machines differ, "
        "the article names none.",
    ])


def parallel_gap(e: dict) -> tuple[str, str] | None:
    """CPython's gap to each compiled language, serial and parallel, and whether it grew."""
    pairs = [("python", "go", "python-multiprocessing", "go-goroutines"),
             ("python", "c", "python-multiprocessing", "c-openmp")]
    parts, grew = [], []
    for slow_s, fast_s, slow_p, fast_p in pairs:
        if not all(n in e for n in (slow_s, fast_s, slow_p, fast_p)):
            continue
        serial, serial_error = ratio(e[slow_s]["timing"], e[fast_s]["timing"])
        parallel, parallel_error = ratio(e[slow_p]["timing"], e[fast_p]["timing"])
        parts.append(f"`{slow_p}` vs `{fast_p}`: {times(parallel, parallel_error)} "
                     f"(serial: {times(serial, serial_error)})")
        grew.append(parallel - parallel_error > serial + serial_error)
    if not parts:
        return None
    threads = max(x["threads"] or 1 for x in e.values())
    if all(grew):
        verdict = f"**Holds** at {threads} threads: the gap is larger beyond the noise."
    elif any(grew):
        verdict = f"**Partly** at {threads} threads: larger beyond the noise for one language only."
    else:
        verdict = (f"**Does not hold** at {threads} threads: the gap did not grow beyond the noise; "
                   "each side's speedup is capped by the same cores.")
    return "; ".join(parts), verdict


def reference_section(data: dict) -> str:
    refs = [x for x in data["implementations"] if x["kind"] == "reference"]
    if not refs:
        return ""
    c = by_name(data).get("c")
    rows = []
    for r in refs:
        t = r["timing"]
        vs_c = times(*ratio(c["timing"], t)) + " faster than `c`" if c else "—"
        rows.append([f"`{r['name']}`", r["version"] or "?", r["note"], f"**{seconds(t['median'])}**",
                     mean_sigma(t), seconds(r["startup"]["median"]), vs_c])
    return "\n".join([
        "## Reference: the same count by a better algorithm",
        "",
        "Not part of the language ranking: a different algorithm, shown so that the language "
        "differences above can be weighed against what the algorithm costs.",
        "",
        table(["Program", "Version", "What", "Median", "Mean ± σ", "Start-up", "Vs trial division in C"], rows),
    ])


METHODOLOGY = """\
## Methodology

- **Whole processes.** hyperfine times each program from exec to exit, with no shell in between
  (`--shell=none`); interpreters are resolved to their real executable, so a version manager's shim
  is not timed. Start-up is measured separately (LIMIT=2) so it can be told apart from computing.
- **Noise.** Medians lead; mean ± σ, min – max and the run count stand beside each. Runs continue
  until the mean's relative standard error is at most 2% or the time budget is spent. Parallel and
  serial programs are never ranked together. User+sys CPU is hyperfine's mean per run.
- **Peak RSS** is the largest resident set of the process (or of its largest child, for the
  process pool), from one verified run.
- **Faithful.** Every program runs the article's loop: each n in [2, LIMIT) is tested by every i from
  2 while i·i ≤ n (Python: `range(2, int(n**0.5) + 1)`), with 64-bit integers in C as Go's `int`; no
  skipping of even numbers, no sieve. Parallel variants split that same outer loop into blocks handed
  out dynamically, because testing n costs up to √n divisions and equal static shares would leave the
  last worker alone with the hardest numbers.
- **Verified.** Every answer is compared with a count from an independent sieve before timing."""


def render(data: dict) -> str:
    """The Markdown report for a results document; the same document always renders the same text."""
    sections = [
        f"# Counting primes below {data['limit']:,}: C, Go and Python",
        "",
        "Generated by `make bench` from `results/primes.json`; do not edit by hand.",
        "",
        setup_section(data),
        serial_section(data),
        parallel_section(data),
        claims_section(data),
        reference_section(data),
        METHODOLOGY,
    ]
    return "\n\n".join(s for s in sections if s).replace("\n\n\n\n", "\n\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder holding primes.json")
    args = parser.parse_args(argv)
    source = args.results / "primes.json"
    try:
        data = json.loads(source.read_text())
        text = render(data)
    except (OSError, ValueError, KeyError) as error:
        print(f"report: cannot render {source}: {error}", file=sys.stderr)
        return 1
    from bench.run import write_atomically

    write_atomically({args.results / "primes.md": text})
    print(f"wrote {args.results / 'primes.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
