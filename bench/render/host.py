"""One machine's page, primes.md: a header line, a figure and tables, flags for caveats."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from bench.analyse import rounds
from bench.analyse.claims import Verdict, judge, leads, serial_cost
from bench.analyse.rounds import drifted, spec_name
from bench.core import article
from bench.core.results import BenchEntry, BenchResult, Machine, Ratio
from bench.render.format import (
    DRIFTED,
    GIVEN_UP,
    HIDDEN,
    NONE,
    change,
    code,
    commit,
    factor,
    link,
    ms,
    seconds,
    section,
    significant,
    table,
)
from bench.studies.costs import costs_section

CPYTHON = article.CPYTHON
FIGURES = {"time": "time-per-implementation.svg", "growth": "time-vs-limit.svg", "threads": "thread-speedup.svg"}
PARALLEL = ("c-openmp", "go-goroutines", "python-multiprocessing", "python-threads")
SERIAL = tuple(n for n in article.ANSWER if n not in (CPYTHON, *PARALLEL))
CROSS_FIGURES = {"faster": "faster-than-cpython.svg", "speedup": "parallel-speedup.svg"}
FASTER = "× faster than CPython"
VERDICTS = {Verdict.HOLDS: "holds", Verdict.FAILS: "does not hold", Verdict.UNDECIDED: "undecided",
            Verdict.COMPARED: "compared", Verdict.NOT_MEASURED: "not measured", Verdict.ONE_THREAD: "one thread",
            Verdict.NOT_JUDGED: f"not judged {HIDDEN}"}


@dataclass(frozen=True)
class Host:
    """One machine's results: its folder name and its bench result."""

    name: str
    bench: BenchResult


def faster_of(data: BenchResult, name: str) -> Ratio | None:
    return data.ratio(CPYTHON, name)


def speedup_of(data: BenchResult, name: str) -> Ratio | None:
    e = data.entry(name)
    return data.ratio(e.twin, name) if e and e.twin else None


def machine_name(m: Machine, cell: bool = True) -> str:
    """The CPU as recorded, with its microarchitecture where known and not already in that name."""
    core = m.identity.microarchitecture if m.identity and m.identity.microarchitecture != "unknown" else None
    return code(m.cpu, cell) + (f" ({core})" if core and core not in m.cpu else "")


def noise(data: BenchResult, r: Ratio) -> bool:
    """Whether a compute ratio divides a program's compute time that is under a tenth of its run (HIDDEN)."""
    sides = (r.numerator, r.denominator, *(r.over or ()))
    return bool(r.compute) and not all(measurable(data, e) for e in map(data.entry, sides) if e)


def flags(data: BenchResult, r: Ratio) -> str:
    """ᵍ where the rounds gave the ratio up, ᵈ where its rounds drifted together, ᶜ where it is noise."""
    s = data.session
    return (GIVEN_UP if spec_name(r) in (s.out_of_reach or []) else "") + (DRIFTED if drifted(r, s.rounds) else "") + \
        (HIDDEN if noise(data, r) else "")


def cell(data: BenchResult, r: Ratio | None, subject: str | None = None) -> str:
    """A ratio as `subject` (its denominator by default) against the other side, flagged; none where noise."""
    if r is None or noise(data, r):
        return NONE if r is None else f"{NONE} {HIDDEN}"
    return factor(r, flags(data, r), inverted=subject not in (None, r.denominator))


def measurable(data: BenchResult, e: BenchEntry) -> bool:
    return rounds.measurable(e.name, e.timing, e.startup, data.session.rounds if data.session else None)


def answer_table(data: BenchResult) -> str:
    rows = [[code(e.name), str(e.threads or 1), ms(e.timing.estimate),
             "1" if e.name == CPYTHON else cell(data, faster_of(data, e.name)),
             cell(data, speedup_of(data, e.name) if e.kind == "parallel" else None)]
            for e in map(data.entry, article.ANSWER) if e]
    return table(["program", "workers", "median [ms]", "× faster than CPython", "× faster than its serial version"],
                 rows, "lrrll")


def measure_label(m: article.Measure) -> str:
    """What a claim's row measures."""
    if m.denominator is None:
        return f"{code(m.numerator)}, median"
    if m.over:
        return f"{code(m.denominator)}'s lead over the pool, against {code(m.over[1])}'s over CPython"
    return f"{code(m.denominator)}, × faster than {code(m.numerator)}" + (", compute" if m.compute else "")


def finding_cell(data: BenchResult, f) -> str:
    v = f.value
    if v is None or f.verdict is Verdict.NOT_JUDGED:
        return NONE + (f" {HIDDEN}" if v else "")
    if f.measure.denominator is None:
        return f"{seconds(v.estimate)} ({seconds(v.low)}–{seconds(v.high)})" if v.low else seconds(v.estimate)
    return change(v, flags(data, v)) if f.measure.over else cell(data, v)


def claims_section(data: BenchResult, up: int) -> str:
    judged = judge(data) or []
    claims = table(["the article says", link("verdict", "verdicts", up), "measured", "here"],
                   [[j.claim.says if i == 0 else "", VERDICTS[j.verdict] if i == 0 else "", measure_label(f.measure),
                     finding_cell(data, f)] for j in judged for i, f in enumerate(j.findings)])
    leads_table = table(["parallel program", "× faster than `python-multiprocessing`", "serial program",
                         "× faster than CPython", "lead change"],
                        [[code(x.parallel), cell(data, x.pool), code(x.serial), cell(data, x.serial_lead),
                          change(x.change, flags(data, x.change))] for x in leads(data)])
    pairs = [*(p for p in (article.FREE_THREADED, article.GIL_AB) if data.entry(p[1])),
             *((r.numerator, r.denominator) for r in [serial_cost(data)] if r)]
    gil = table(["program", "against", "× faster"], [[code(subject), code(against), cell(data, r, subject)]
                                                       for against, subject in pairs
                                                       if (r := data.ratio(against, subject))])
    return section("The article's claims", claims or f"{NONE} (LIMIT ≠ {article.LIMIT:,})", leads_table,
                   gil and "### One interpreter, the GIL off and on\n\n" + gil)


def staying_row(data: BenchResult, e: BenchEntry) -> list[str]:
    shown, hidden = measurable(data, e), f"{NONE} {HIDDEN}"
    compute = ms(rounds.compute_of(e.name, e.timing, e.startup, data.session.rounds)) if shown else hidden
    against = [cell(data, data.ratio(e.name, o, compute=True), e.name) if shown else hidden for o in ("c", "go")]
    return [code(e.name), str(e.threads or 1), ms(e.startup.estimate), compute,
            ms(e.timing.estimate), "1" if e.name == CPYTHON else cell(data, faster_of(data, e.name)),
            *([NONE, NONE] if e.kind == "parallel" else against)]


def staying_section(data: BenchResult) -> str:
    """CPython, PyPy, numba and Cython against C and Go, start-up apart (the GIL's rows are in the claims)."""
    python = sorted((e for e in data.implementations if e.language == "Python" and not e.variant_of
                     and e.twin != CPYTHON and e.name not in article.GIL_STUDY),
                    key=lambda e: (e.kind == "parallel", -e.timing.estimate))
    return section("Staying in Python", table(
        ["program", "workers", "start-up [ms]", "compute [ms]", "median [ms]", "× faster than CPython",
         "compute, × faster than `c`", "compute, × faster than `go`"], [staying_row(data, e) for e in python],
        "lrrrrlll") if len(python) > 1 else "")


def differs(e) -> str:
    """How a program runs: its placement variables, its own placement, else its compiler or runtime."""
    variables = ", ".join(f"{k}={v}" for k, v in sorted((e.environment or {}).items()))
    return code(variables or e.placement or e.version or NONE)


def variants_section(data: BenchResult, threads) -> str:
    """Variants (compiler, placement) and the reference, each against its program in the same rounds."""
    pairs = [(e, e.variant_of) for e in data.implementations if e.variant_of] + [
        (e, "c") for e in data.implementations if e.kind == "reference"]
    rows = [[code(e.name), code(other), differs(e), differs(data.entry(other)),
             cell(data, r, e.name) + ("" if measurable(data, e) else " " + HIDDEN), "this run"]
            for e, other in pairs
            if data.entry(other) and (r := data.ratio(e.name, other) or data.ratio(other, e.name))]
    sweeps = {e.name: e for e in threads.implementations} if threads else {}
    rows += [[code(e.name), code(e.variant_of), differs(e), differs(sweeps[e.variant_of]), factor(e.variant_speedup),
              f"[the thread sweep](scaling.md), {code(threads.environment.date[:10])}"]
             for e in sweeps.values() if e.variant_of in sweeps and e.variant_speedup]
    return section("Variants and the reference", table(["program", "against", "run with", "against, run with",
                                                        "× faster than the program against", "rounds"], rows))


def ratio_label(r: Ratio) -> str:
    text = f"{code(r.numerator)} / {code(r.denominator)}"
    return (f"({text}) / ({code(r.over[0])} / {code(r.over[1])})" if r.over else text) + (
        ", compute" if r.compute else "")


def precision_section(data: BenchResult, up: int) -> str:
    """Every ratio's interval and rounds; a compute ratio of noise (HIDDEN) has neither figure shown."""
    rows = [[ratio_label(r), *((NONE, NONE) if noise(data, r) else (
             f"{significant(r.estimate)} ({significant(r.low)}–{significant(r.high)})"
             if r.low else f"{significant(r.estimate)} (unbounded)",
             f"±{significant(r.half_width * 100)}%" if r.half_width is not None else "unbounded")), str(r.rounds),
             "reported" if r.reported_only else "steered", flags(data, r) or NONE] for r in data.ratios]
    return section("Precision", table(["ratio of times", "median (95% interval)", "±", "rounds",
                                       link("steered or reported", "rounds", up), "flags"], rows, "llrrll"))


def facts(fields: dict, prefix: str = "") -> list[list[str]]:
    """Every recorded field (asdict of a record), nested ones flattened: a row each, its value as recorded."""
    def label(key: str) -> str:  # a field's name as it is; a recorded key (a cache's) as a code span
        return key.replace("_", " ") if re.fullmatch(r"[A-Za-z0-9_]+", key) else code(key)
    return [row for key, value in fields.items() for row in (
        facts(value, f"{prefix}{label(key)}, ") if isinstance(value, dict) else
        [[f"{prefix}{label(key)}", code(value)]] if value is not None else [])]


def environment_section(data: BenchResult) -> str:
    env, s = data.environment, data.session.settings
    run = [["date", code(env.date)], ["commit", commit(env.source)],
           ["timer", code(s.timer)], ["rounds", f"{len(data.session.rounds)} in {data.session.seconds:.0f} s of "
                                     f"{s.budget_s:.0f} s, seed {s.seed}, stopped: {code(data.session.stopped)}"],
           ["built on", code(data.built_on or "this machine")]]
    built: dict[tuple[str, str | None], list[BenchEntry]] = {}
    for e in data.implementations:
        built.setdefault((e.version or "?", e.flags), []).append(e)
    rows = [[", ".join(code(e.name) for e in group), code(version), code(flags) if flags else NONE,
             "<br>".join(code(command(e)) for e in group)] for (version, flags), group in built.items()]
    absent = [[code(name), code(why)] for name, why in sorted((data.absent or {}).items())]
    return section("Environment", table(["", "value"], run + facts(asdict(env.machine))),
                   table(["programs", "runtime / compiler", "build flags", "command timed"], rows),
                   table(["not measured here", "why"], absent))


def command(e: BenchEntry) -> str:
    """The command as a shell would take it, its variables first, no local path."""
    def local(arg: str) -> str:
        if not arg.startswith("/"):
            return arg
        return arg[arg.index(".venv"):] if ".venv/" in arg else arg.rsplit("/", 1)[-1]
    return " ".join([*(f"{k}={v}" for k, v in sorted((e.environment or {}).items())), *map(local, e.command)])


def render(data: BenchResult, threads=None, beside: frozenset[str] = frozenset()) -> str:
    """The host page for a bench result; `beside` names the other pages in its folder."""
    m, s = data.environment.machine, data.session
    links = [("every machine", "../../primes.md")] + [
        (text, name) for name, text in (("scaling.md", "growth and threads"), ("regress.md", "regression gate"),
                                        ("gate.md", "the gate's calibration")) if name in beside]
    versions = dict.fromkeys(e.version for n in ("c", "go", CPYTHON, "pypy") if (e := data.entry(n)) and e.version)
    header = [[code(data.environment.date[:10], cell=False), f"LIMIT {data.limit:,}",
               f"{len(s.rounds)} rounds in {s.seconds:.0f} s", f"every answer checked ({data.expected:,} primes)"],
              [code(version, cell=False) for version in versions],
              [*(f"[{text}]({path})" for text, path in links), link("how to read this page", "pages", 3)]]
    sections = [f"# {machine_name(m, cell=False)}, {m.online_cpus} CPUs: primes below {data.limit:,}",
                "\\\n".join(" · ".join(line) for line in header),
                f"![Median time of every program at LIMIT {data.limit:,}, log scale]({FIGURES['time']})",
                answer_table(data), claims_section(data, 3), staying_section(data), variants_section(data, threads),
                costs_section(data), precision_section(data, 3), environment_section(data)]
    return "\n\n".join(part for part in sections if part) + "\n"


def summary(data: BenchResult) -> str:
    """The first table and the claims' verdicts, for the terminal after `make bench`."""
    verdicts = [f"{j.claim.says}: {VERDICTS[j.verdict]}" for j in judge(data) or []]
    return "\n".join([answer_table(data), "", *verdicts]).replace("`", "").strip()

