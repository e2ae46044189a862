"""The README's headline (the block between its markers) and the cross-machine page: every host side by
side, each cell from that host's own results alone."""

from __future__ import annotations

from dataclasses import dataclass

from bench.analyse.claims import Finding, Judgement, Verdict, judge
from bench.core import article
from bench.core.results import BenchResult, Ratio
from bench.render.claims import plain as word
from bench.render.costs import cycles_text, shown_cost
from bench.render.format import (
    WIDE,
    digits_of,
    factor,
    factor_of,
    is_wide,
    ms,
    percent_change,
    seconds,
    significant,
    span,
    table,
    times_text,
)

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
    """A cell of a "× faster" column: 14.6× faster (14.5–14.8), or 1.07× slower (0.929–1.22) below 1; ⚠
    where the interval is wider than ±25% or unbounded, as on the host pages."""
    if r is None:
        return "—"
    return times_text(r.estimate, r.low, r.high) + (" ⚠" if is_wide(r) else "")


def faster_of(data: BenchResult, name: str) -> Ratio | None:
    return data.ratio(BASELINE, name)


def speedup_of(data: BenchResult, name: str) -> Ratio | None:
    """A parallel program's speedup over its serial version, within the same rounds."""
    entry = data.entry(name)
    return data.ratio(entry.twin, name) if entry and entry.twin else None


def program_heading(hosts: list[Host], name: str) -> str:
    """A program's column heading, with its workers (threads or processes) where it has more than one."""
    counts = sorted({e.threads or 1 for h in hosts if (e := h.bench.entry(name))})
    return f"`{name}`" + (f", {' / '.join(map(str, counts))} workers" if counts != [1] else "")


def per_host(hosts: list[Host], names: tuple[str, ...], value) -> str:
    """One row per host, one column per program that ran on some host, each cell value(data, name): a
    row a machine, so that the table grows down, not across, as machines are added."""
    names = tuple(n for n in names if any(h.bench.entry(n) for h in hosts))
    return table(["Host", *[program_heading(hosts, n) for n in names]],
                 [[f"`{h.name}`", *[factor_cell(value(h.bench, n)) for n in names]] for h in hosts])


def faster_table(hosts: list[Host]) -> str:
    names = tuple(n for n in MAIN if n != BASELINE)
    return f"**{FASTER}** (95% interval), each program on each machine:\n\n" + per_host(hosts, names, faster_of)


def speedup_table(hosts: list[Host]) -> str:
    return f"**The {SPEEDUP}** (95% interval), on each machine:\n\n" + per_host(hosts, PARALLEL, speedup_of)


def finding_text(j: Judgement, f: Finding) -> str:
    """One measured figure of a claim: an absolute time as this machine against the article's unnamed one,
    a ratio as its size with its interval."""
    v, m = f.value, f.measure
    if v is None or f.verdict is Verdict.NOT_MEASURED:
        return "not measured"
    if m.denominator is None:
        return f"{factor(j.claim.claimed / v.median)} here ({seconds(v.median)})"
    if f.verdict is Verdict.ONE_THREAD:
        return "not checked (1 thread)"
    if m.over:
        return f"`{m.denominator}`'s lead {percent_change(v.estimate, v.low, v.high)}"
    factor_, bounds = times_text(v.estimate, v.low, v.high).split(" (")
    return f"`{m.denominator}` {factor_} than `{m.numerator}` ({bounds}"


def claim_cell(j: Judgement) -> str:
    """"does not hold: `go` 14.2× faster than `python` (14.1–14.5)"; a time has no verdict."""
    parts = [(f.verdict, finding_text(j, f)) for f in j.findings]
    if j.findings[0].measure.denominator is None or all(v in (Verdict.NOT_MEASURED, Verdict.ONE_THREAD)
                                                         for v, _ in parts):
        return "; ".join(dict.fromkeys(text for _, text in parts))
    if len({v for v, _ in parts}) == 1:
        return f"{word(parts[0][0])}: " + "; ".join(text for _, text in parts)
    if j.claim.whole:
        return f"{word(j.verdict)}: " + "; ".join(text for v, text in parts if v is not Verdict.NOT_MEASURED)
    return "; ".join(f"{word(v)}: {text}" for v, text in parts)


def claim_cells(data: BenchResult) -> list[str]:
    """Each claim on one host, in the article's order."""
    judged = judge(data)
    if judged is None:
        return ["not checked (LIMIT differs)"] * len(article.CLAIMS)
    return [claim_cell(j) for j in judged]


def spread(values: list[str], between: str = " to ") -> str:
    """'9.14× faster to 19.2× faster' (first to last), or the one value where all are the same."""
    return values[0] if len(set(values)) == 1 else f"{values[0]}{between}{values[-1]}"


def claims_table(hosts: list[Host]) -> str:
    """Each claim on each host: a row a machine, a column a claim."""
    return table(["Host", *[c.heading for c in article.CLAIMS]],
                 [[f"`{h.name}`", *claim_cells(h.bench)] for h in hosts])


def host_verdict(j: Judgement) -> str:
    """A claim's verdict on one host: its findings' where they agree, else each program's ("holds for
    `go-goroutines` and undecided at this precision for `c-openmp`")."""
    if len({f.verdict for f in j.findings}) == 1:
        return word(j.findings[0].verdict)
    if j.claim.whole:
        return word(j.verdict)
    return " and ".join(f"{word(f.verdict)} for `{f.measure.denominator}`" for f in j.findings)


VERDICT_ORDER = (Verdict.HOLDS, Verdict.FAILS, Verdict.UNDECIDED, Verdict.ONE_THREAD, Verdict.NOT_MEASURED)


def claim_summary(hosts: list[Host], judged: list[list[Judgement]], i: int) -> str:
    """One claim over every host: on how many machines each verdict, naming them where they are one or
    two, and from what to what the figures run (an absolute time: this machine against the article's);
    with one host, that host's cell."""
    claim = article.CLAIMS[i]
    if len(hosts) == 1:
        return f"- **{claim.says}:** {claim_cell(judged[0][i])}"
    mine = [js[i] for js in judged]
    if claim.measures[0].denominator is None:
        medians = sorted(f.value.median for j in mine for f in j.findings if f.value is not None)
        if not medians:
            return f"- **{claim.says}:** not measured."
        figures = [factor(claim.claimed / v) for v in medians]  # in the order of the times they go with
        return (f"- **{claim.says}:** here {spread([seconds(medians[0]), seconds(medians[-1])], '–')}, "
                f"{spread(figures)} than the article's {claim.figure} on a machine it does not name: compared, "
                "not judged.")
    hosts_by: dict[str, list[str]] = {}
    for host, j in zip(hosts, mine):
        hosts_by.setdefault(host_verdict(j), []).append(host.name)
    order = [word(v) for v in VERDICT_ORDER]
    parts = []
    for verdict in sorted(hosts_by, key=lambda v: order.index(v) if v in order else len(order)):
        named = len(hosts_by) > 1 and len(hosts_by[verdict]) <= 3
        parts.append(f"{verdict} on {len(hosts_by[verdict])} of {len(hosts)} machines"
                     + (" (" + ", ".join(f"`{n}`" for n in hosts_by[verdict]) + ")" if named else ""))
    figures, varied = [], False
    for k, m in enumerate(claim.measures):
        shown = [j.findings[k] for j in mine]
        values = sorted((f.value for f in shown
                         if f.value is not None and f.verdict not in (Verdict.NOT_MEASURED, Verdict.ONE_THREAD)),
                        key=lambda r: r.estimate)
        texts = [percent_change(r.estimate, bounded=False) if m.over else factor_of(r) for r in values]
        varied = varied or len(set(texts)) > 1
        if values:
            figures.append(f"`{m.denominator}`'s lead {spread(texts)}" if m.over else
                           f"`{m.denominator}` {spread(texts)} than `{m.numerator}`")
    # A spread between machines, which no one machine's interval holds, is said to be one.
    lead = "; from machine to machine, " if varied else ": "
    return f"- **{claim.says}:** " + ", ".join(parts) + (lead + "; ".join(figures) if figures else "") + "."


def answer(hosts: list[Host]) -> str:
    """The headline's sentence: how much faster C and Go are than CPython, on the one host with its
    intervals, or from the least to the most over every host (each host's interval is in the table)."""
    found = []  # (host, {language: its ratio against CPython}) for each host that timed C or Go beside it
    for host in hosts:
        ratios = {language: r for language, name in (("C", "c"), ("Go", "go")) if (r := faster_of(host.bench, name))}
        if ratios:
            found.append((host, ratios))
    if not found:
        return "No machine has timed C or Go beside CPython yet: run `make bench`."
    limits = " and ".join(sorted({f"{h.bench.limit:,}" for h in hosts}))
    start = f"Counting the primes below {limits} by trial division,"
    rounds = ("its own interleaved rounds (every program run in turn, in an order shuffled anew for each round, "
              "round after round)")

    def shown(r: Ratio) -> str:
        return significant(r.estimate, digits_of(r.estimate, r.low, r.high)) + "×"
    if len(found) == 1:
        (host, ratios), = found
        bounds = " and ".join(span(r.low, r.high, digits=digits_of(r.estimate, r.low, r.high)) for r in ratios.values())
        return (f"{start} {' and '.join(ratios)} {'are' if len(ratios) > 1 else 'is'} "
                f"**{' and '.join(map(shown, ratios.values()))} faster than CPython** "
                f"on `{host.name}` (95% intervals {bounds}), each ratio taken within {rounds}.")
    ranges = []
    for language in ("C", "Go"):
        values = sorted((rs[language] for _, rs in found if language in rs), key=lambda r: r.estimate)
        if values:
            verb = "is " if not ranges else ""
            ranges.append(f"{language} {verb}**{spread([shown(values[0]), shown(values[-1])])} faster**")
    return (f"{start} {' and '.join(ranges)} than CPython over the {len(found)} machines measured. That spread "
            f"lies between machines, not within one: each machine's ratio, taken within {rounds}, is in the "
            "table with its 95% interval.")


def headline(hosts: list[Host]) -> str:
    """README's headline: the answer, the programs against CPython per host, and each claim of the article
    over every host (each host's own verdicts are on the cross-machine page)."""
    low, high = article.close_to(1)
    judged = [(h, j) for h in hosts if (j := judge(h.bench)) is not None]
    claims = [f"- The article's figures are for LIMIT={article.LIMIT:,}, at which no machine ran."]
    if judged:
        at_limit, judgements = [h for h, _ in judged], [j for _, j in judged]
        claims = [claim_summary(at_limit, judgements, i) for i in range(len(article.CLAIMS))]
    where = " Each machine's own verdicts: [every machine](results/primes.md#claims)." if len(hosts) > 1 else ""
    return "\n".join([
        answer(hosts), "", faster_table(hosts), "",
        "An interval's bounds read in the same sense as its factor: in 1.05× slower (0.974–1.14), the bound 0.974 "
        f"is 1.03× faster, on the other side of no difference. ⚠: wider than ±{WIDE:.0%} or unbounded.", "",
        "**The article's claims.** A ratio claim *holds* when its whole 95% interval lies inside the claim's "
        f"bounds: ×{low:.2f} to ×{high:.2f} of the article's {article.GO_VS_PYTHON}×, exactly {article.COMPILED} for "
        f"the range, above no change for the leads, below {article.NO_PARALLELISM:g}× faster for threads. It "
        "*does not hold* when the interval lies wholly outside, and is *⚠ undecided* when it crosses a bound. "
        "A parallel program's *lead* over CPython's process pool (`python-multiprocessing`, the Python program "
        "on a pool of worker processes) is the pool's time over the program's; it is weighed against the serial "
        "program's lead over CPython, within each round, as the change from one to the other. The "
        "article names no machine, so its times are only compared with each machine's." + where, "", *claims,
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
    values = "; ".join(f"{n} " + ", ".join(f"{factor_of(r)} on {h.name}" for h in hosts
                                           if (r := ratio(h.bench, n))) for n in names)
    return (f"![Dot plot, {quantity} per machine, each with its 95% interval: {values}]({file})\n\n"
            f"*Figure {number}. {quantity[0].upper() + quantity[1:]}, per machine; whiskers are 95% intervals{extra}.*")


def cross_page(hosts: list[Host], with_figures: bool) -> str:
    """results/primes.md: the machines side by side; with two hosts or more, each parallel program's speedup
    and the figures too. The README shows each host's ratios against CPython and the claims."""
    lines = [
        "# Counting primes by trial division: every machine measured",
        "",
        "Generated by `make report` from `results/hosts/*/primes.json`; do not edit by hand. The "
        "[README](../README.md) counts each claim of the article over every machine. Every cell comes from one "
        "machine's own interleaved rounds; each machine's details are on its own page.",
        "",
    ]
    if not hosts:
        return "\n".join(lines + ["No host has results yet: run `make bench`.", ""])
    lines += [
        machine_table(hosts),
        "",
        "Medians of wall time at each host's LIMIT. *Cycles / division*: the program's compute time (its time "
        "less its start-up) × the clock measured in the same rounds / the loop's trial divisions; — where the "
        "host's results predate it. Every ratio on this page reads *N× faster* or *N× slower*, with its 95% "
        "interval in brackets; *unbounded* where its rounds were too few, or drifted too much, to bound one; "
        f"⚠ where the interval is wider than ±{WIDE:.0%} or unbounded, or (in the claims) across a claim's bound.",
    ]
    if len(hosts) > 1:
        lines += ["", "## × faster than CPython", "", faster_table(hosts)]
        lines += ["", "## Claims", "",
                  "Each claim of the article on each machine, judged on that machine's own rounds (the README "
                  "counts the machines of each verdict). *Parallel lead larger:* a parallel program's *lead* over "
                  "CPython's process pool (the pool's time / the program's) against its serial program's lead over "
                  "CPython, both within each round, as the change from one to the other; it holds where the whole "
                  "interval lies above no change.", "", claims_table(hosts),
                  "", "## Parallel programs", "",
                  f"The {SPEEDUP}: the serial program's time / the parallel one's, within each round (ideal: its "
                  "workers).", "", speedup_table(hosts)]
    if with_figures:
        ideal = "; dotted: ideal, the worker count"
        lines += ["", figure(hosts, SERIAL, faster_of, FASTER, FIGURES["faster"], 1, ""), "",
                  figure(hosts, PARALLEL, speedup_of, SPEEDUP, FIGURES["speedup"], 2, ideal)]
    return "\n".join(lines + [""])
