"""The README's headline (the block between its markers) and the cross-machine page: every host side by
side, each cell from that host's own results alone."""

from __future__ import annotations

from dataclasses import dataclass

from bench.analyse.claims import Finding, Judgement, Verdict, judge
from bench.core import article
from bench.core.results import BenchResult, Ratio
from bench.render.costs import cycles_text, shown_cost
from bench.render.format import factor, ms, percent_change, significant, span, table, times_text

BASELINE = article.CPYTHON
# The programs the headline and the growth figure show: the article's languages, their parallel
# versions and PyPy, in this order.
PARALLEL = ("c-openmp", "go-goroutines", "python-multiprocessing")
MAIN = article.ANSWER
SERIAL = tuple(name for name in MAIN if name not in (BASELINE, *PARALLEL))
# Whose cycles per division the machine table shows: where milliseconds differ between two hosts of one
# microarchitecture (their clocks differ), these should agree.
KEY_CYCLES = ("c", "go")
FIGURES = {"faster": "faster-than-cpython.svg", "speedup": "parallel-speedup.svg"}
FASTER = "× faster than CPython"
SPEEDUP = "speedup over its serial version"
BEGIN = "<!-- headline: written by `make report` from results/hosts/*/primes.json -->"
END = "<!-- /headline -->"


def main_programs(entries: list) -> list:
    """The entries of the main programs, in their order, or all of them where none of those ran."""
    return [e for e in entries if e.name in MAIN] or entries


@dataclass(frozen=True)
class Host:
    """One machine's results: its folder name and its bench result."""

    name: str
    bench: BenchResult


def factor_cell(r: Ratio | None) -> str:
    """A cell of a "× faster" column: 14.6× faster (14.5–14.8), or 1.07× slower (0.929–1.22) below 1."""
    if r is None:
        return "—"
    return times_text(r.estimate, r.low, r.high) + ("" if r.low is not None and r.high is not None else " ⚠")


def faster_of(data: BenchResult, name: str) -> Ratio | None:
    return data.ratio(BASELINE, name)


def speedup_of(data: BenchResult, name: str) -> Ratio | None:
    """A parallel program's speedup over its serial version, within the same rounds."""
    entry = data.entry(name)
    return data.ratio(entry.twin, name) if entry and entry.twin else None


def threads_cell(hosts: list[Host], name: str) -> str:
    counts = sorted({e.threads or 1 for h in hosts if (e := h.bench.entry(name))})
    return " / ".join(map(str, counts))


def side_by_side(hosts: list[Host], names: tuple[str, ...], quantity: str, value) -> str:
    """One row per program that ran on some host (CPython, the baseline, aside), one column per host, each
    cell value(data, name)."""
    names = tuple(n for n in names if n != BASELINE and any(h.bench.entry(n) for h in hosts))
    return table(["Program", "Threads", *[f"{quantity} on `{h.name}` (95% interval)" for h in hosts]],
                 [[f"`{n}`", threads_cell(hosts, n), *[factor_cell(value(h.bench, n)) for h in hosts]]
                  for n in names])


def finding_text(j: Judgement, f: Finding) -> str:
    """One measured figure of a claim: an absolute time as this machine against the article's unnamed one,
    a ratio as its size with its interval."""
    v, m = f.value, f.measure
    if v is None or f.verdict is Verdict.NOT_MEASURED:
        return "not measured"
    if m.denominator is None:
        return f"{factor(j.claim.claimed / v.median)} here ({significant(v.median)} s)"
    if f.verdict is Verdict.ONE_THREAD:
        return "not checked (1 thread)"
    if m.over:
        return f"`{m.denominator}` gap {percent_change(v.estimate, v.low, v.high)}"
    times, bounds = times_text(v.estimate, v.low, v.high).split(" (")
    return f"`{m.denominator}` {times} than `{m.numerator}` ({bounds}"


def claim_cell(j: Judgement) -> str:
    """"does not hold: `go` 14.2× faster than `python` (14.1–14.5)"; a time has no verdict."""
    parts = [(f.verdict, finding_text(j, f)) for f in j.findings]
    if j.findings[0].measure.denominator is None or all(v in (Verdict.NOT_MEASURED, Verdict.ONE_THREAD)
                                                         for v, _ in parts):
        return "; ".join(text for _, text in parts)
    if len({v for v, _ in parts}) == 1:
        return f"{parts[0][0].value}: " + "; ".join(text for _, text in parts)
    return "; ".join(f"{v.value}: {text}" for v, text in parts)


def claim_cells(data: BenchResult) -> list[str]:
    """Each claim on one host, in the article's order."""
    judged = judge(data)
    if judged is None:
        return ["not checked (LIMIT differs)"] * len(article.CLAIMS)
    return [claim_cell(j) for j in judged]


def claims_table(hosts: list[Host]) -> str:
    cells = [claim_cells(h.bench) for h in hosts]
    return table(["The article says", *[f"`{h.name}`" for h in hosts]],
                 [[c.says, *[column[i] for column in cells]] for i, c in enumerate(article.CLAIMS)])


def answer(hosts: list[Host]) -> str:
    """The headline's sentence: how much faster C and Go are than CPython on each host."""
    parts = []
    for host in hosts:
        ratios = [r for n in ("c", "go") if (r := faster_of(host.bench, n))]
        bounds = " and ".join(span(r.low, r.high) for r in ratios)
        if ratios:
            parts.append((" and ".join(significant(r.estimate) + "×" for r in ratios), host.name, bounds))
    if not parts:
        return "No machine has timed C or Go beside CPython yet: run `make bench`."
    (factors, name, bounds), *others = parts
    return (f"Counting the primes below {' and '.join(sorted({f'{h.bench.limit:,}' for h in hosts}))} by trial "
            f"division, C and Go are **{factors} faster than CPython** on `{name}` (95% intervals {bounds})"
            + "".join(f", and **{f}** on `{n}` ({b})" for f, n, b in others)
            + ", each ratio taken within one machine's interleaved rounds.")


def headline(hosts: list[Host]) -> str:
    """README's headline: the answer, the programs against CPython and the article's claims, per host."""
    low, high = article.close_to(1)
    return "\n".join([
        answer(hosts), "", side_by_side(hosts, MAIN, FASTER, faster_of), "", claims_table(hosts), "",
        f"A ratio claim *holds* when its whole 95% interval lies inside the claim's bounds (×{low:.2f} to "
        f"×{high:.2f} of the article's figure, its {article.COMPILED} range, a gap that grows, or threads below "
        f"{article.NO_PARALLELISM:g}×), *does not hold* when it lies wholly outside, and is *undecided* when "
        "it crosses a bound. A parallel program's *gap* is its ratio to CPython's process pool over the same ratio "
        "of the serial programs. The article names no machine, so its times are only compared with this one's.",
    ])


def updated(readme: str, block: str) -> str:
    """readme with the text between the markers replaced by block; ValueError without the markers."""
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    return readme[:start] + "\n" + block + "\n" + readme[end:]


def machine_table(hosts: list[Host]) -> str:
    rows = []
    for host in hosts:
        data, m = host.bench, host.bench.environment.machine
        medians = [ms(e.timing.median) if (e := data.entry(n)) else "—" for n in ("c", "go", BASELINE)]
        core = m.identity.microarchitecture if m.identity else "not recorded"
        rows.append([f"[`{host.name}`](hosts/{host.name}/primes.md)", m.cpu, core, str(m.online_cpus), m.arch,
                     f"{data.limit:,}", data.environment.date[:10], *medians,
                     *[cycles_text(shown_cost(data, n)) for n in KEY_CYCLES]])
    return table(["Host", "CPU", "Microarchitecture", "CPUs", "Arch", "LIMIT", "Date", "`c` median [ms]",
                  "`go` median [ms]", "`python` median [ms]", *[f"`{n}` cycles / division" for n in KEY_CYCLES]],
                 rows)


def figure(hosts: list[Host], names: tuple[str, ...], ratio, quantity: str, file: str, number: int, extra: str) -> str:
    """A cross-machine figure with its alt text, each program's value on each host, and its caption."""
    values = "; ".join(f"{n} " + ", ".join(f"{factor(r.estimate)} on {h.name}" for h in hosts
                                           if (r := ratio(h.bench, n))) for n in names)
    return (f"![Dot plot, {quantity} per machine, each with its 95% interval: {values}]({file})\n\n"
            f"*Figure {number}. {quantity[0].upper() + quantity[1:]}, per machine; whiskers are 95% intervals{extra}.*")


def cross_page(hosts: list[Host], with_figures: bool) -> str:
    """results/primes.md: the machines side by side; with two hosts or more, each parallel program's speedup
    and the figures too. The README shows each host's ratios against CPython and the claims."""
    lines = [
        "# Counting primes by trial division: every machine measured",
        "",
        "Generated by `make report` from `results/hosts/*/primes.json`; do not edit by hand. How many times "
        "faster than CPython each program is, and each claim of the article, per machine: the "
        "[README](../README.md). Every cell comes from one machine's own interleaved rounds; each machine's "
        "details are on its own page.",
        "",
    ]
    if not hosts:
        return "\n".join(lines + ["No host has results yet: run `make bench`.", ""])
    lines += [
        machine_table(hosts),
        "",
        "Medians of wall time at each host's LIMIT. *Cycles / division*: the program's compute time (its time "
        "less its start-up) × the clock measured in the same rounds / the loop's trial divisions; — where the "
        "host's results predate it.",
    ]
    if len(hosts) > 1:
        lines += ["", "## Parallel programs", "",
                  f"The {SPEEDUP}: the serial program's time / the parallel one's, within each round (ideal: its "
                  "threads).", "", side_by_side(hosts, PARALLEL, SPEEDUP, speedup_of)]
    if with_figures:
        ideal = "; dotted: ideal, the thread count"
        lines += ["", figure(hosts, SERIAL, faster_of, FASTER, FIGURES["faster"], 1, ""), "",
                  figure(hosts, PARALLEL, speedup_of, SPEEDUP, FIGURES["speedup"], 2, ideal)]
    return "\n".join(lines + [""])
