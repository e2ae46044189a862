"""The cross-machine page: every host side by side, each row from that host's own results alone."""

from __future__ import annotations

from dataclasses import dataclass

from bench.analyse.claims import Finding, Judgement, Verdict, judge
from bench.core import article
from bench.core.results import BenchResult
from bench.render.claims import WORDS, against_article
from bench.render.costs import cycles_text, shown_cost
from bench.render.format import ratio_phrase, seconds
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
    return ratio_phrase(data.ratio(numerator, denominator))


def finding_cell(data: BenchResult, j: Judgement, f: Finding) -> str:
    if f.verdict is Verdict.NOT_MEASURED:
        return "not measured" if j.claim.threads and f.measure.denominator in (data.absent or {}) else "—"
    if f.verdict is Verdict.ONE_THREAD:
        return "not checked (1 thread)"
    if f.verdict is Verdict.COMPARED:
        return against_article(j.claim.claimed, f.value)
    return WORDS[f.verdict]


def claim_cells(data: BenchResult) -> list[str]:
    """Each claim's verdict on one host, in the order of the claims table."""
    judged = judge(data)
    if judged is None:
        return ["not checked (LIMIT differs)"] * len(article.CLAIMS)
    return [" / ".join(finding_cell(data, j, f) for f in j.findings) for j in judged]


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


def machine_table(hosts: list[Host]) -> str:
    return table(["Host", "CPU", "Microarchitecture", "CPUs", "Arch", "LIMIT", *[f"`{n}`" for n in KEY_TIMES],
                  *[f"`{n}` cycles / division" for n in KEY_CYCLES], *[label for *_, label in KEY_RATIOS], "Date"],
                 machine_rows(hosts))


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
        machine_table(hosts),
        "",
        table(["Host", *[c.heading for c in article.CLAIMS]], [[f"`{h.name}`", *claim_cells(h.bench)] for h in hosts]),
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
        machine_table(hosts).replace("](hosts/", "](results/hosts/"),
    ])
