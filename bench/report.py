"""make report: render results/primes.json into results/primes.md, without running anything."""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from bench.growth import NEGLIGIBLE, Growth, growth, trial_division_exponent
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


def runs(t: dict, data: dict) -> str:
    """The run count and the relative standard error of the mean, flagged where over the target."""
    target = data["settings"]["target_rse"]
    flag = "" if t["rse"] <= target or data["settings"]["runs"] else " ⚠"
    return f"{t['runs']} ({t['rse']:.1%}{flag})"


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
        vs_c = "1×" if e is c else times(*ratio(t, c["timing"])) if c else "—"
        vs_python = "1×" if e is python else times(*ratio(python["timing"], t)) if python else "—"
        rows.append([
            f"`{e['name']}`", e["version"] or "?", f"**{seconds(t['median'])}**", mean_sigma(t),
            f"{seconds(t['min'])} – {seconds(t['max'])}", cpu_time(t), seconds(e["startup"]["median"]),
            seconds(compute(e)), f"{e['peak_rss_kib'] / 1024:.1f} MiB", vs_c, vs_python,
            runs(t, data), "yes" if e["answer"]["verified"] else "NO",
        ])
    return "\n".join([
        "## Single-threaded",
        "",
        table(["Implementation", "Runtime", "Median", "Mean ± σ", "Min – max", "User+sys CPU", "Start-up",
               "Compute", "Peak RSS", "Time vs C", "Faster than CPython", "Runs (RSE)", "Answer verified"], rows),
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
                     cpu_time(t), speedup_text, efficiency, runs(t, data)])
    if not rows:
        return "## Multi-threaded\n\nNo parallel implementation was measured in this run."
    return "\n".join([
        "## Multi-threaded",
        "",
        table(["Implementation", "Threads", "Median", "Mean ± σ", "User+sys CPU", "Speedup", "Efficiency",
               "Runs (RSE)"], rows),
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
  until the mean's relative standard error (RSE) is at most 2% or the time budget is spent; ⚠ marks
  an RSE the budget left above 2%. Parallel and
  serial programs are never ranked together. User+sys CPU is hyperfine's mean per run.
- **Peak RSS** is the largest resident set of the process (or of its largest child, for the
  process pool), from one verified run.
- **Faithful.** Every program runs the article's loop: each n in [2, LIMIT) is tested by every i from
  2 while i·i ≤ n (Python: `range(2, int(n**0.5) + 1)`), with 64-bit integers in C as Go's `int`; no
  skipping of even numbers, no sieve. Parallel variants split that same outer loop into blocks handed
  out dynamically, because testing n costs up to √n divisions and equal static shares would leave the
  last worker alone with the hardest numbers.
- **Verified.** Every answer is compared with a count from an independent sieve before timing."""


def render(data: dict, extra: list[str] | tuple[str, ...] = ()) -> str:
    """The Markdown report for a results document, with `extra` sections before the methodology;
    the same document always renders the same text."""
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
        *(section.strip("\n") for section in extra),
        METHODOLOGY,
    ]
    return "\n\n".join(s for s in sections if s).replace("\n\n\n\n", "\n\n") + "\n"


FIGURE_FILES = {"time": "time-per-implementation.svg", "growth": "time-vs-limit.svg",
                "threads": "thread-speedup.svg"}


def power(n: int) -> str:
    """10⁶ for a power of ten, else n with thousands separators."""
    digits = str(n)
    if digits == "1" + "0" * (len(digits) - 1) and n >= 10:
        return "10" + str(len(digits) - 1).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{n:,}"


def figure(key: str, number: int, alt: str, caption: str) -> str:
    return f"![{alt}]({FIGURE_FILES[key]})\n\n*Figure {number}. {caption}*"


def time_figure_section(data: dict) -> str:
    ranked = sorted(data["implementations"], key=lambda e: e["timing"]["median"])
    fastest, slowest = ranked[0], ranked[-1]
    alt = (f"Dot plot of the median time of each implementation at LIMIT {data['limit']:,} on a log axis, "
           f"serial, parallel and reference programs in different colours and markers; fastest "
           f"{fastest['name']} at {seconds(fastest['timing']['median'])}, slowest {slowest['name']} at "
           f"{seconds(slowest['timing']['median'])}")
    return "\n".join([
        "## Figure: time per implementation",
        "",
        figure("time", 1, alt, f"Median wall time at LIMIT = {data['limit']:,} from `results/primes.json`, log "
               "axis; whiskers span the fastest to the slowest run. Parallel programs (squares) ran on every "
               "online CPU and are not ranked against serial ones (circles); the reference (triangle) is a "
               "sieve, a different algorithm."),
    ])


def crossing_text(result: Growth, sizes: list[int]) -> str:
    if result.crossing == "interpolated":
        return f"≈ {float(f'{result.startup_dominates_below:.2g}'):,.0f}"
    if result.crossing == "below":
        return f"< {power(min(sizes))} (under half of the time at every size)"
    return f"> {power(max(sizes))} (over half of the time at every size)"


def growth_of(entry: dict) -> Growth:
    return growth([p["limit"] for p in entry["points"]], [p["timing"]["median"] for p in entry["points"]],
                  entry["startup"]["median"])


def skipped_text(skipped: list[dict]) -> str:
    """"10⁷ and larger: ..." from the first size skipped, whose predicted runs were over the budget."""
    if not skipped:
        return "none"
    first = skipped[0]
    larger = " and larger" if len(skipped) > 1 else ""
    return (f"{power(first['limit'])}{larger}: runs predicted to take {seconds(first['predicted_runs_s'])} "
            f"(one run {seconds(first['predicted_s'])})")


def growth_row(entry: dict) -> tuple[list[str], bool]:
    """A row of the growth table, and whether its fit fell back to sizes where start-up is not negligible."""
    sizes = [p["limit"] for p in entry["points"]]
    startup = entry["startup"]["median"]
    result = growth_of(entry)
    fallback = result.k is not None and not result.negligible
    k = "—" if result.k is None else f"{result.k:.2f}" + ("*" if fallback else "")
    fitted = ", ".join(power(n) for n in result.fit_sizes) if result.k is not None else "fewer than two sizes"
    skipped = skipped_text(entry["skipped"])
    threads = str(entry["threads"]) if entry.get("threads") else "1"
    return [f"`{entry['name']}`", threads, ", ".join(power(n) for n in sizes), seconds(startup), k, fitted,
            crossing_text(result, sizes), skipped], fallback


def growth_alt(scaling: dict) -> str:
    parts = []
    for e in scaling["implementations"]:
        k = growth_of(e).k
        parts.append(f"{e['name']} up to {power(e['points'][-1]['limit'])}"
                     + ("" if k is None else f", slope {k:.2f}"))
    sizes = scaling["sizes"]
    return (f"Log-log plot of median time against LIMIT from {power(sizes[0])} to {power(sizes[-1])}, one line "
            "per implementation: " + "; ".join(parts))


def growth_section(scaling: dict) -> str:
    env, settings = scaling["environment"], scaling["settings"]
    rows, fallbacks = zip(*(growth_row(e) for e in scaling["implementations"]))
    sizes = scaling["sizes"]
    expected = trial_division_exponent(sizes[-2], sizes[-1]) if len(sizes) > 1 else 1.5
    commit = (env["source"]["commit"] or "unknown")[:12] + (" (with uncommitted changes)"
                                                            if env["source"]["dirty"] else "")
    lines = [
        "## Growth with LIMIT",
        "",
        f"Measured by `make scaling` on {env['date']} ({env['machine']['cpu']}, {env['machine']['online_cpus']} "
        f"online CPUs; source commit `{commit}`) into `results/scaling.json`. Every size was verified "
        "before it was timed; each implementation's sizes and its start-up (LIMIT="
        f"{settings['startup_limit']}) were timed by one hyperfine call over a parameter list, with no shell, "
        f"{settings['min_runs']} to {settings['max_runs']} runs per size (more runs until about "
        f"{settings['min_time_s']:.0f} s are spent) and no warm-up run beyond the verification run just before.",
        "",
        f"**Time budget:** {settings['budget_s']:.0f} s of timed runs per implementation and size. A size is "
        f"skipped, with every larger one, when its runs are predicted to exceed the budget: a run's time is "
        f"predicted from the size below as time × (LIMIT ratio)^{settings['assumed_k']}.",
        "",
        figure("growth", 2, growth_alt(scaling),
               "Median wall time against LIMIT, log-log; solid lines are serial programs, dashed parallel "
               "ones (on every online CPU), dotted the reference sieve. A line's slope is its growth exponent; "
               "its flat start is start-up."),
        "",
        table(["Implementation", "Threads", "Sizes timed", "Start-up", "k", "Fitted over",
               "Start-up dominates below LIMIT", "Skipped (over the budget)"], list(rows)),
        "",
        f"k is the least-squares slope of log(time − start-up) against log(LIMIT) over the sizes where start-up "
        f"is at most {NEGLIGIBLE:.0%} of the time. Trial division's work grows as LIMIT^1.5 / ln LIMIT, a "
        f"slope of {expected:.2f} between {power(sizes[-2])} and {power(sizes[-1])}. Start-up dominates below "
        "the LIMIT at which the time is twice the start-up (interpolated on log-log axes).",
    ]
    if any(fallbacks):
        lines += ["", "\\* Start-up was negligible at fewer than two sizes: k is fitted over the sizes where it "
                  "is under half of the time, with start-up subtracted, and is rough."]
    return "\n".join(lines)


def threads_section(threads: dict) -> str:
    rows, twins = [], []
    for e in threads["implementations"]:
        twin = e["twin_timing"]
        source = "this run's scaling data" if e["twin_source"] == "scaling" else "timed in the same hyperfine call"
        twins.append(f"`{e['twin']}` {seconds(twin['median'])} ({source})")
        for p in e["points"]:
            speedup, error = ratio(twin, p["timing"])
            rows.append([f"`{e['name']}`", str(p["threads"]), f"**{seconds(p['timing']['median'])}**",
                         mean_sigma(p["timing"]), f"{times(speedup, error)} over `{e['twin']}`",
                         f"{speedup / p['threads']:.0%}", str(p["timing"]["runs"])])
    counts = ", ".join(map(str, threads["thread_counts"]))
    return "\n".join([
        "## Thread scaling",
        "",
        f"Each parallel implementation at LIMIT = {threads['limit']:,} on {counts} threads "
        f"({threads['online_cpus']} online CPUs), from `results/threads.json`; every thread count was verified "
        "before it was timed.",
        "",
        figure("threads", 3, f"Line plot of speedup over the serial twin against threads {counts} for each "
               "parallel implementation, with the ideal line speedup = threads",
               "Speedup over the serial twin (twin's median / this median) against threads; whiskers combine "
               "both relative standard deviations. The dotted line is ideal scaling."),
        "",
        table(["Implementation", "Threads", "Median", "Mean ± σ", "Speedup", "Efficiency", "Runs"], rows),
        "",
        "Efficiency = speedup / threads. Serial twins' medians: " + "; ".join(twins) + ".",
    ])


def load_beside(results: Path, name: str) -> dict | None:
    path = results / name
    return json.loads(path.read_text()) if path.exists() else None


def figure_files(data: dict | None, scaling: dict | None, threads: dict | None, results: Path) -> dict[Path, str]:
    """The SVG figures to write into results/, or none (said on stderr) when matplotlib is missing."""
    try:
        from bench import figures
    except ImportError as error:
        print(f"report: figures skipped ({error}); run `make report` to install matplotlib into .venv",
              file=sys.stderr)
        return {}
    drawn = figures.draw(data, scaling, threads)
    return {results / FIGURE_FILES[key]: text for key, text in drawn.items()}


def document(data: dict, results: Path) -> str:
    """primes.md: render(data), then the figures and the scaling sections from the JSON files in results/."""
    scaling = load_beside(results, "scaling.json")
    threads = load_beside(results, "threads.json")
    sections = [time_figure_section(data)]
    sections.append(growth_section(scaling) if scaling else
                    "## Growth with LIMIT\n\nNo `results/scaling.json`: run `make scaling`.")
    if threads:
        sections.append(threads_section(threads))
    return render(data, sections)


def report_files(data: dict, results: Path) -> dict[Path, str]:
    """Every file the report writes into results/ (primes.md and the figures), by path."""
    scaling = load_beside(results, "scaling.json")
    threads = load_beside(results, "threads.json")
    return {results / "primes.md": document(data, results), **figure_files(data, scaling, threads, results)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder holding primes.json")
    args = parser.parse_args(argv)
    source = args.results / "primes.json"
    try:
        data = json.loads(source.read_text())
        files = report_files(data, args.results)
    except (OSError, ValueError, KeyError) as error:
        print(f"report: cannot render {source}: {error}", file=sys.stderr)
        return 1
    from bench.run import write_atomically

    write_atomically(files)
    print(f"wrote {args.results / 'primes.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
