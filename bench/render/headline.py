"""README.md's headline table, kept in step with results/primes.json (the block between markers)."""

from __future__ import annotations

from bench.analyse.stats import ratio
from bench.core.results import BenchResult
from bench.render.format import seconds, times
from bench.render.markdown import table

BEGIN = "<!-- headline: written by `make report` from results/primes.json -->"
END = "<!-- /headline -->"


def headline(data: BenchResult) -> str:
    """A short table of every implementation's median at the measured LIMIT, fastest first."""
    python = data.entry("python")
    rows = []
    for e in sorted(data.implementations, key=lambda e: e.timing.median):
        kind = "reference (sieve)" if e.kind == "reference" else \
            f"{e.threads} threads" if e.kind == "parallel" else "1 thread"
        vs_python = times(*ratio(python.timing, e.timing)) if python else "—"
        rows.append([f"`{e.name}`", kind, seconds(e.timing.median), vs_python])
    m = data.environment.machine
    return "\n".join([
        f"Primes below {data.limit:,} by trial division, median of hyperfine runs on "
        f"{m.cpu} ({m.online_cpus} CPUs), {data.environment.date[:10]}:",
        "",
        table(["Implementation", "Threads", "Median", "Faster than CPython"], rows),
    ])


def updated(readme: str, block: str) -> str:
    """readme with the text between the markers replaced by block; ValueError without the markers."""
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    return readme[:start] + "\n" + block + "\n" + readme[end:]
