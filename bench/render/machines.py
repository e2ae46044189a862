"""Every machine side by side (results/primes.md, the README's block) and every file `make report` writes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import quote

from bench.analyse.claims import Verdict, judge
from bench.analyse.derive import load_if_present, summary
from bench.core import article
from bench.core.hosts import host_folders
from bench.core.results import BenchResult, CalibrationResult, ScalingResult, ThreadsResult
from bench.render import host
from bench.render.format import NOISY, NONE, code, estimate, link, ms, section, table, wide
from bench.studies import scaling as scaling_study
from bench.studies.gate import render_calibration

CPYTHON = article.CPYTHON
BEGIN = "<!-- results: written by `make report` from results/hosts/*/primes.json -->"
END = "<!-- /results -->"
ORDER = (Verdict.HOLDS, Verdict.FAILS, Verdict.UNDECIDED, Verdict.COMPARED, Verdict.ONE_THREAD, Verdict.NOT_MEASURED)


def noisy(data: BenchResult) -> bool:
    """Whether the run could not bound its first table's ratios: flagged wherever its numbers appear."""
    return any(wide(r) for n in article.ANSWER for r in (host.faster_of(data, n), host.speedup_of(data, n))
               if r is not None and n != CPYTHON)


def host_cell(h: host.Host, up: int = 0) -> str:
    """A machine's name, linked to its page, ⚠ where its run was too noisy to bound its first table."""
    path = ("results/" if up == 0 else "") + f"hosts/{quote(h.name)}/primes.md"
    return f"[{code(h.name)}]({path})" + (f" {NOISY}" if noisy(h.bench) else "")


def per_host(hosts: list[host.Host], names: tuple[str, ...], value, up: int) -> tuple[list[str], list[list[str]]]:
    """One row per machine, one column per program that ran on any (its workers in the header)."""
    names = tuple(n for n in names if any(h.bench.entry(n) for h in hosts))
    header = [code(n) + (f" ({'/'.join(map(str, counts))} workers)" if (counts := sorted(
        {e.threads or 1 for h in hosts if (e := h.bench.entry(n))})) != [1] else "") for n in names]
    rows = [[host_cell(h, up), *[host.cell(h.bench, value(h.bench, n)) for n in names]] for h in hosts]
    return header, rows


def faster_table(hosts: list[host.Host], up: int) -> str:
    """× faster than CPython on each machine, at its LIMIT, beside the CPython it is against."""
    header, rows = per_host(hosts, tuple(n for n in article.ANSWER if n != CPYTHON), host.faster_of, up)
    python = [(f"{h.bench.limit:,}", code(e.version) if (e := h.bench.entry(CPYTHON)) else NONE) for h in hosts]
    return table([host.FASTER, "LIMIT", "CPython", *header],
                 [[row[0], *left, *row[1:]] for row, left in zip(rows, python)], "lr")


def ends(cells: list[tuple[float, str, bool]]) -> str:
    """The least and the most over the machines, as their cells show them, ⚠ where wide or on a noisy run."""
    cells = sorted(cells)
    shown = cells[:1] + cells[-1:] if len(cells) > 1 else cells
    return " to ".join(text + (f" {NOISY}" if loud and NOISY not in text else "") for _, text, loud in shown)


def claim_range(judged: list, i: int) -> str:
    """What a claim's figures measured, from the least to the most over the machines, each as its host page shows it."""
    claim, parts = article.CLAIMS[i], []
    for k, m in enumerate(claim.measures):
        found = [(f.value.estimate, host.finding_cell(h.bench, f), noisy(h.bench)) for h, js in judged
                 if (f := js[i].findings[k]).value is not None
                 and f.verdict not in (Verdict.NOT_MEASURED, Verdict.ONE_THREAD, Verdict.NOT_JUDGED)]
        if not found:
            continue
        text = ends(found)
        parts.append(f"{code(m.denominator or m.numerator)} {text}" if len(claim.measures) > 1 else text)
    return "; ".join(parts) or NONE


def claims_table(hosts: list[host.Host]) -> str:
    judged = [(h, j) for h in hosts if (j := judge(h.bench)) is not None]
    if not judged:
        return NONE
    return table(["the article says", "verdict, machines", "measured, least to most"],
                 [[c.says, ", ".join(f"{host.VERDICTS[v]} on {n}" for v in ORDER
                                     if (n := sum(js[i].verdict is v for _, js in judged))) + f" of {len(judged)}",
                   claim_range(judged, i)] for i, c in enumerate(article.CLAIMS)])


def readme_block(hosts: list[host.Host]) -> str:
    """The README's results: the figure, × faster than CPython per machine, the claims over the machines."""
    return "\n".join([
        f"![× faster than CPython, each machine, 95% intervals](results/{host.CROSS_FIGURES['faster']})", "",
        faster_table(hosts, 0), "",
        f"= no difference · {NOISY} wider than ±25% or unbounded · {host.GIVEN_UP} given up · {host.DRIFTED} drifted · "
        f"{link('every flag', 'flags')}", "",
        "## The article's claims", "", claims_table(hosts), "",
        f"{link('How a verdict is reached', 'verdicts')} · [each machine's verdicts](results/primes.md#claims)"])


def updated(readme: str, block: str) -> str:
    """readme with the text between the markers replaced by block; ValueError without the markers. The last
    end marker is the block's: a recorded string the block shows may hold the marker's text."""
    start, end = readme.index(BEGIN) + len(BEGIN), readme.rindex(END)
    return readme[:start] + "\n" + block + "\n" + readme[end:]


def machine_rows(hosts: list[host.Host]) -> list[list[str]]:
    rows = []
    for h in hosts:
        data, m = h.bench, h.bench.environment.machine
        medians = [ms(e.timing.estimate) if (e := data.entry(n)) else NONE for n in ("c", "go", CPYTHON)]
        cycles = [estimate(c.cycles) if (c := data.cost(n)) and (e := data.entry(n)) and host.measurable(data, e)
                  else NONE for n in ("c", "go")]
        rows.append([host_cell(h, 1), host.machine_name(m), str(m.online_cpus), code(m.arch), f"{data.limit:,}",
                     code(data.environment.date[:10]), *medians, *cycles])
    return rows


def cross_page(hosts: list[host.Host], with_figures: bool) -> str:
    """results/primes.md: the machines, × faster than CPython, the claims and the parallel speedups."""
    judged = [(h, j) for h in hosts if (j := judge(h.bench)) is not None]
    header, rows = per_host(hosts, host.PARALLEL, host.speedup_of, 1)

    def figure(key: str, alt: str) -> str:
        return f"![{alt}, each machine]({host.CROSS_FIGURES[key]})" if with_figures else ""
    return "\n\n".join(filter(None, [
        "# Primes by trial division: every machine",
        f"{len(hosts)} machines · [README](../README.md) · {link('how to read this page', 'pages', 1)}",
        figure("faster", host.FASTER), table(["machine", "CPU", "CPUs", "arch", "LIMIT", "date",
                                         *(f"`{n}` median [ms]" for n in ("c", "go", CPYTHON)),
                                         *(f"`{n}` cycles / division" for n in ("c", "go"))],
                                        machine_rows(hosts), "lllllrrrrll"),
        section(host.FASTER, faster_table(hosts, 1)),
        section("Claims", table(["machine", *[c.heading for c in article.CLAIMS]],
                                [[host_cell(h, 1), *[host.VERDICTS[j.verdict] for j in js]] for h, js in judged])),
        section("× faster than its serial version", table(["machine", *header], rows),
                figure("speedup", "× faster than its serial version"))])) + "\n"


def figures_module():
    """bench.render.figures, or None where matplotlib is missing: the pages are the same, with no figure."""
    try:
        from bench.render import figures
        return figures
    except ImportError as error:
        print(f"report: figures skipped: matplotlib is not importable ({error})", file=sys.stderr)


def host_files(folder: Path, figures) -> tuple[host.Host | None, dict[Path, str]]:
    """One host's pages and figures, from the JSON in its folder."""
    data = load_if_present(folder / "primes.json", BenchResult)
    scaling = load_if_present(folder / "scaling.json", ScalingResult)
    threads = load_if_present(folder / "threads.json", ThreadsResult)
    calibration = load_if_present(folder / "gate.json", CalibrationResult)
    swept = scaling is not None or threads is not None
    beside = frozenset(n for n, there in (("scaling.md", swept), ("gate.md", calibration is not None),
                                          ("regress.md", (folder / "regress.md").exists())) if there)
    files: dict[Path, str] = {}
    if data is not None:
        files[folder / "primes.md"] = host.render(data, threads, beside)
        files[folder / "summary.json"] = json.dumps(summary(data, threads), indent=2) + "\n"
    if swept:
        files[folder / ("scaling.md" if data else "primes.md")] = scaling_study.page(
            scaling, threads, data, "scaling.md" if data else "primes.md")
    if figures is not None:
        files.update({folder / host.FIGURES[key]: text for key, text in figures.draw(data, scaling, threads).items()})
    if calibration is not None:
        files[folder / "gate.md"] = render_calibration(calibration)
    return (host.Host(folder.name, data) if data is not None else None), files


def report_files(results: Path, readme: Path | None = None, only: Path | None = None) -> dict[Path, str]:
    """Every rendered file (with `only`, that host's and the cross page); nothing is written here."""
    figures = figures_module()
    hosts: list[host.Host] = []
    files: dict[Path, str] = {}
    for folder in host_folders(results):
        found, rendered = host_files(folder, figures if only in (None, folder) else None)
        if only in (None, folder):
            files.update(rendered)
        if found is not None:
            hosts.append(found)
    if hosts:
        drawn = figures.cross_figures(hosts) if figures is not None else {}
        files[results / "primes.md"] = cross_page(hosts, with_figures=bool(drawn))
        files.update({results / name: text for name, text in drawn.items()})
        if readme is not None:
            files[readme] = updated(readme.read_text(encoding="utf-8"), readme_block(hosts))
    return files
