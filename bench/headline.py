"""Keeps README.md's headline table in step with results/primes.json (the block between markers)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.report import RESULTS, seconds, table, times
from bench.run import write_atomically
from bench.stats import ratio

README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN = "<!-- headline: written by `make report` from results/primes.json -->"
END = "<!-- /headline -->"


def headline(data: dict) -> str:
    """A short table of every implementation's median at the measured LIMIT, fastest first."""
    entries = {e["name"]: e for e in data["implementations"]}
    python = entries.get("python")
    rows = []
    for e in sorted(data["implementations"], key=lambda e: e["timing"]["median"]):
        t = e["timing"]
        kind = "reference (sieve)" if e["kind"] == "reference" else \
            f"{e['threads']} threads" if e["kind"] == "parallel" else "1 thread"
        vs_python = times(*ratio(python["timing"], t)) if python else "—"
        rows.append([f"`{e['name']}`", kind, seconds(t["median"]), vs_python])
    m = data["environment"]["machine"]
    return "\n".join([
        f"Primes below {data['limit']:,} by trial division, median of hyperfine runs on "
        f"{m['cpu']} ({m['online_cpus']} CPUs), {data['environment']['date'][:10]}:",
        "",
        table(["Implementation", "Threads", "Median", "Faster than CPython"], rows),
    ])


def updated(readme: str, block: str) -> str:
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    return readme[:start] + "\n" + block + "\n" + readme[end:]


def main() -> int:
    try:
        data = json.loads((RESULTS / "primes.json").read_text())
        text = README.read_text()
        new = updated(text, headline(data))
    except (OSError, ValueError, KeyError) as error:
        print(f"headline: README.md not updated: {error}", file=sys.stderr)
        return 1
    if new != text:
        write_atomically({README: new})
    return 0


if __name__ == "__main__":
    sys.exit(main())
