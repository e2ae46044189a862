"""The cross-machine page: every host side by side, each row from that host's own results alone."""

from __future__ import annotations

from dataclasses import dataclass

from bench.analyse.verdicts import claim_verdict
from bench.core import article
from bench.core.results import BenchResult, Ratio
from bench.render.claims import WORDS, no_parallelism, tolerance
from bench.render.costs import cycles_text, shown_cost
from bench.render.format import ratio_text, seconds
from bench.render.markdown import table

KEY_TIMES = ("c", "go", "python")
# Whose cycles per division the cross-machine table shows: where milliseconds differ between two hosts
# of one microarchitecture (their clocks differ), these should agree.
KEY_CYCLES = ("c", "go")
# The ratios the cross-machine table and figure show, as (numerator, denominator, label).
KEY_RATIOS = (("python", "go", "Go vs CPython"), ("python", "c", "C vs CPython"),
              ("c", "c-openmp", "OpenMP speedup"), ("go", "go-goroutines", "goroutines speedup"))
FIGURE = "key-ratios.svg"


@dataclass(frozen=True)
class Host:
    """One machine's results: its folder name and its bench result."""

    name: str
    bench: BenchResult


def ratio_cell(data: BenchResult, numerator: str, denominator: str) -> str:
    return ratio_text(data.ratio(numerator, denominator), data.target)


def verdict_word(r: Ratio | None, lowest: float, highest: float) -> str:
    return "—" if r is None else WORDS[claim_verdict(r.low, r.high, lowest, highest)].strip("*")


def threads_cell(data: BenchResult, twin: str, name: str) -> str:
    """The verdict of a threads claim on one host: its speedup against real parallelism."""
    entry, r = data.entry(name), data.ratio(twin, name)
    if entry is None or r is None:
        return "not measured" if name in (data.absent or {}) else "—"
    if (entry.threads or 1) < 2:
        return "not checked (1 thread)"
    return WORDS[no_parallelism(r)].strip("*")


def claim_cells(data: BenchResult) -> list[str]:
    """Each claim's verdict on one host, in the order of the claims table."""
    cells = []
    for name, claimed in (("python", article.PYTHON_S), ("go", article.GO_S)):
        entry = data.entry(name)
        cells.append("—" if entry is None else
                     WORDS[claim_verdict(entry.timing.low, entry.timing.high, *tolerance(claimed))].strip("*"))
    cells.append(verdict_word(data.ratio("python", "go"), *tolerance(article.GO_VS_PYTHON)))
    compiled = [verdict_word(data.ratio("python", n), *article.COMPILED_RANGE) for n in ("c", "go")]
    cells.append(" / ".join(compiled))
    gaps = [verdict_word(data.ratio(*parallel, over=serial), 1.0, float("inf")) for parallel, serial in article.GAPS]
    cells.append(" / ".join(gaps))
    cells += [threads_cell(data, *article.GIL_THREADS), threads_cell(data, *article.FREE_THREADED)]
    if data.limit != article.LIMIT:
        return ["not checked (LIMIT differs)"] * len(cells)
    return cells


def machine_rows(hosts: list[Host]) -> list[list[str]]:
    rows = []
    for host in hosts:
        data = host.bench
        m = data.environment.machine
        medians = []
        for name in KEY_TIMES:
            entry = data.entry(name)
            medians.append(seconds(entry.timing.median) if entry else "—")
        core = m.identity.microarchitecture if m.identity else "not recorded"
        rows.append([f"[`{host.name}`](hosts/{host.name}/primes.md)", m.cpu, core, str(m.online_cpus), m.arch,
                     f"{data.limit:,}", *medians, *[cycles_text(shown_cost(data, n)) for n in KEY_CYCLES],
                     *[ratio_cell(data, n, d) for n, d, _ in KEY_RATIOS], data.environment.date[:10]])
    return rows


def cross_section(hosts: list[Host], with_figure: bool) -> str:
    """The opening of results/primes.md: one row per host, then each claim's verdict per host."""
    if not hosts:
        return "## Every machine measured\n\nNo host has results yet: run `make bench`."
    ratio_labels = [label for _, _, label in KEY_RATIOS]
    lines = [
        "## Every machine measured",
        "",
        f"Medians at each host's LIMIT (the article's is {article.LIMIT:,}; only a host measured there is checked "
        "against its claims) and ratios taken within each host's "
        "own interleaved rounds, with their 95% intervals. Nothing in a row comes from another machine; each "
        "host's details are on its own page.",
        "",
        table(["Host", "CPU", "Microarchitecture", "CPUs", "Arch", "LIMIT", *[f"`{n}`" for n in KEY_TIMES],
               *[f"`{n}` cycles / division" for n in KEY_CYCLES], *ratio_labels, "Date"], machine_rows(hosts)),
        "",
        table(["Host", f"CPython ~{article.PYTHON_S:g} s", f"Go ~{article.GO_S:g} s",
               f"Go ~{article.GO_VS_PYTHON}× faster", "Compiled {}–{}× (C / Go)".format(*article.COMPILED_RANGE),
               "Parallel gap larger (Go / C)", "Threads no parallelism (GIL)", "GIL structural (free-threaded)"],
              [[f"`{h.name}`", *claim_cells(h.bench)] for h in hosts]),
        "",
        "*Cycles / division*: the program's compute time × the clock measured in the same rounds / the loop's "
        "trial divisions, from the host's own rounds (see its page); — where the host's results predate it. "
        "Each verdict as on the host's page: *holds* when the interval lies inside the claim's tolerance, "
        "*does not hold* when it lies wholly outside, *undecided* when it crosses a bound.",
    ]
    if with_figure:
        names = ", ".join(h.name for h in hosts)
        lines += ["", f"![Dot plot of the key ratios, {', '.join(ratio_labels)}, for each host: {names}; "
                  f"whiskers are 95% intervals]({FIGURE})", "",
                  "*Figure. The key ratios per host, each from that host's own rounds; whiskers are 95% "
                  "intervals.*"]
    return "\n".join(lines)


def cross_page(hosts: list[Host], with_figure: bool) -> str:
    return "\n".join([
        "# Counting primes by trial division: C, Go and Python on every machine measured",
        "",
        "Generated by `make report` from `results/hosts/*/primes.json`; do not edit by hand.",
        "",
        cross_section(hosts, with_figure),
        "",
    ])


def headline(hosts: list[Host]) -> str:
    """README's headline: the cross-machine table of medians and key ratios."""
    return "\n".join([
        "Primes below 1,000,000 by trial division, each machine in its own interleaved rounds "
        "(medians; ratios with 95% intervals):" if all(h.bench.limit == article.LIMIT for h in hosts) else
        "Primes by trial division, each machine in its own interleaved rounds (medians; ratios with 95% intervals):",
        "",
        table(["Host", "CPU", "Microarchitecture", "CPUs", "Arch", "LIMIT", *[f"`{n}`" for n in KEY_TIMES],
               *[f"`{n}` cycles / division" for n in KEY_CYCLES], *[label for *_, label in KEY_RATIOS], "Date"],
              machine_rows(hosts)).replace("](hosts/", "](results/hosts/"),
    ])
