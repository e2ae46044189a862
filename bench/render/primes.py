"""primes.md, a host's page: the answer on its first screen (the table, the claims, one figure), then
Staying in Python, placement, the reference sieve, cycle costs, the precision of every ratio, the
environment (with the free-threaded CPython rows, PEP 703: what they ran under, or how to measure them)
and the method."""

from __future__ import annotations

from pathlib import PurePosixPath

from bench.analyse.claims import judge
from bench.analyse.intervals import least_bounded
from bench.analyse.rounds import (
    DISTURBED,
    QUIET_ROUNDS,
    quiet_rounds,
    round_range,
    rounds_needed,
    scatter,
    spec_name,
    spec_of,
    widening,
)
from bench.core import article
from bench.core.results import BenchEntry, BenchResult, Ratio, ScalingResult, Session, ThreadsEntry, ThreadsResult
from bench.render.claims import claims_section
from bench.render.costs import (
    SHOWN_FROM,
    clock_text,
    compiler_variants,
    costs_section,
    machine_name,
    machine_text,
    measurable,
)
from bench.render.format import (
    WIDE,
    commit_text,
    factor_of,
    is_wide,
    ms,
    percent_change,
    ratio_phrase,
    seconds,
    span,
    table,
    width_text,
)
from bench.render.hosts import host_verdict
from bench.render.scaling import FIGURE_FILES, figure, links, measured_by, placement_text, scaling_page
from bench.render.staying import staying_section

__all__ = ["FIGURE_FILES", "document", "render", "scaling_page"]
CPYTHON = article.CPYTHON
# The widest ratio's drift is named where it widened the interval at least this much.
DRIFTED = 1.2


def answer_entries(data: BenchResult) -> list[BenchEntry]:
    """The first screen's rows (article.ANSWER): c, go and python, each followed by its parallel versions,
    then PyPy."""
    return [e for e in map(data.entry, article.ANSWER) if e]


def versus_cpython(data: BenchResult, e: BenchEntry) -> Ratio | None:
    return None if e.name == CPYTHON else data.ratio(CPYTHON, e.name)


def speedup(data: BenchResult, e: BenchEntry) -> Ratio | None:
    return data.ratio(e.twin, e.name) if e.kind == "parallel" and e.twin else None


def answer_table(data: BenchResult) -> str:
    rows = [[f"`{e.name}`", str(e.threads or 1), ms(e.timing.median),
             "(CPython itself)" if e.name == CPYTHON else ratio_phrase(versus_cpython(data, e)),
             ratio_phrase(speedup(data, e))] for e in answer_entries(data)]
    return table(["program", "workers", "median [ms]", "× faster than CPython (95% interval)",
                  "speedup over its serial version (95% interval)"], rows, align="lrrll")


def result_sentences(data: BenchResult) -> str:
    """Two or three sentences with the result, each number from the table below them."""
    compiled = [f"`{n}` {factor_of(r)}" for n in ("c", "go") if (r := data.ratio(CPYTHON, n))]
    pypy = data.ratio(CPYTHON, "pypy")
    parallel = [(e, r) for e in answer_entries(data) if (r := speedup(data, e))]
    # A parallel Python program's serial version is CPython: its two ratios are one, counted once.
    shown = list({id(r): r for r in [versus_cpython(data, e) for e in answer_entries(data)]
                  + [r for _, r in parallel] if r}.values())
    sentences = []
    if compiled:
        sentences.append("Compiled, the same loop runs " + " and ".join(compiled) + " than under CPython"
                         + (f"; PyPy runs the Python program itself {factor_of(pypy)}." if pypy else "."))
        compilers = [f"`{e.name}` is {ratio_phrase(r, e.name)} than `{e.variant_of}`"
                     for e, r in compiler_variants(data)]
        if compilers:
            sentences[-1] += (" The compiler counts too: " + ", ".join(compilers)
                              + " ([what one trial division costs](#what-one-trial-division-costs)).")
    if parallel:
        threads = sorted({e.threads for e, _ in parallel})
        sentences.append(f"On {'/'.join(map(str, threads))} workers, against its serial version: "
                         + ", ".join(f"`{e.name}` {factor_of(r)}" for e, r in parallel) + ".")
    if shown:
        widest = max(shown, key=lambda r: r.half_width if r.half_width is not None and r.low else float("inf"))
        narrow = sum(1 for r in shown if not is_wide(r) and r.half_width <= data.target)
        bounded = widest.half_width is not None
        widened = widening(spec_of(widest), data.session.rounds) \
            if bounded or widest.rounds >= least_bounded(widest.confidence) else 1.0
        size = f"{widened:.1f}× as wide as independent rounds would leave it" if bounded else \
            f"over {widest.rounds} rounds, enough where rounds are unrelated"
        drift = (f", {size}: its neighbouring rounds moved together (drift); from round to round "
                 f"{sides_text(data, widest)}" if widened >= DRIFTED else "")
        sentences.append(f"{narrow} of the table's {len(shown)} distinct ratios are within ±{data.target:.0%} "
                         f"(95% interval); the widest is {ratio_label(data, widest)}, "
                         f"{width_text(widest)}{drift}.")
    return " ".join([*sentences, gave_up_text(data)]).strip()


def sides_text(data: BenchResult, r: Ratio) -> str:
    """"CPython took 2.12–2.95 s and `go` 134–141 ms": each side's least and most per-round time."""
    (a, a_times), (b, b_times) = [(named(name), span(*round_range(name, data.session.rounds), seconds))
                                  for name in (r.numerator, r.denominator)]
    return f"{a} took {a_times} and {b} {b_times}"


def summary(data: BenchResult) -> str:
    """The answer as plain text, for the terminal after `make bench`: the first table's programs against
    CPython, and the verdicts of the article's ratio claims; the page has the rest."""
    rows = [(e.name + (f" ({e.threads} workers)" if e.kind == "parallel" and e.threads else ""),
             seconds(e.timing.median),
             "(CPython itself)" if e.name == CPYTHON else
             f"{ratio_phrase(r)} than CPython" if (r := versus_cpython(data, e)) else "—")
            for e in answer_entries(data)]
    if not rows:
        return ""
    name_width, time_width = (max(len(row[i]) for row in rows) for i in (0, 1))
    lines = [f"LIMIT = {data.limit:,}, every answer verified; medians, and ratios with their 95% intervals:",
             *(f"  {name:<{name_width}}  {time:>{time_width}}  {against}" for name, time, against in rows)]
    verdicts = [f"{j.claim.heading}: {host_verdict(j)}" for j in judge(data) or []
                if j.claim.measures[0].denominator is not None]
    if verdicts:
        lines.append("Claims: " + "; ".join(verdicts).replace("`", "") + ".")
    return "\n".join(lines)


def serial_versions(data: BenchResult) -> str:
    """"`c` for `c-openmp`, `python` for `python-multiprocessing`": each parallel row's serial version."""
    by_twin: dict[str, list[str]] = {}
    for e in answer_entries(data):
        if e.kind == "parallel" and e.twin:
            by_twin.setdefault(e.twin, []).append(f"`{e.name}`")
    return ", ".join(f"`{twin}` for {' and '.join(names)}" for twin, names in by_twin.items())


def first_screen(data: BenchResult, scaling: bool) -> list[str]:
    m = data.environment.machine
    cpu = machine_name(m)
    return [
        f"# Counting primes below {data.limit:,}: C, Go and Python on {cpu}, {m.online_cpus} CPUs",
        "",
        links("primes.md", scaling),
        "",
        f"**{cpu}, {m.online_cpus} online CPUs · {data.environment.date[:10]} · LIMIT = {data.limit:,} · every "
        f"answer verified** ({data.expected:,} primes, against an independent sieve, before any timing counted).",
        "",
        result_sentences(data),
        "",
        answer_table(data),
        "",
        "*× faster than CPython:* CPython's time / the program's, taken within each round: the median over the "
        "rounds, with its 95% interval. A median time is over its own program's rounds, so a ratio need not "
        "equal the quotient of two medians. An interval holds the noise of this run's rounds, not what changes "
        "between runs made at different times: another run can land outside it. *Workers:* threads, or processes "
        "for a process pool. *Serial "
        f"version:* the same loop on one worker ({serial_versions(data)}); the *speedup over its serial version* "
        "is its time / this one's in the same rounds. An interval's bounds read in the same sense as its factor: "
        "a bound below 1 lies on the other side of no difference. A parallel row ran on its workers: weigh it "
        f"against a serial row only with that in mind. ⚠: wider than ±{WIDE:.0%} or unbounded, so the row says "
        "little, or (in the claims) across a claim's bound; every width is in [the precision table](#precision).",
        "",
        claims_section(data),
        "",
        figure("time", f"Median time of every program at LIMIT {data.limit:,} on a log axis",
               f"Median wall time of every program at LIMIT = {data.limit:,}, log axis; whiskers are each median's "
               "95% interval, hollow markers where the rounds bound none. Parallel programs ran on every online CPU, "
               "and the reference is a sieve, a different algorithm."),
    ]


def placed(e: BenchEntry | ThreadsEntry) -> str:
    return f"`{e.name}` ({placement_text(e.environment, e.placement)})"


def placement_section(data: BenchResult, threads: ThreadsResult | None) -> str:
    """What pinning or binding the workers buys: from this run's variants, else from the thread sweep."""
    lines = []
    for e in data.implementations:
        base = data.entry(e.variant_of) if e.variant_of and e.kind == "parallel" else None
        r = data.ratio(e.name, base.name) if base else None
        if base and r:
            lines.append(f"{placed(e)} is {ratio_phrase(r, e.name)} than {placed(base)}")
    if lines:
        return "\n".join(["## What placement buys", "", "Each variant against the program it varies, within each "
                          "round of this run: " + "; ".join(lines) + "."])
    found = []
    sweeps = threads.implementations if threads else []
    by_name = {e.name: e for e in sweeps}
    # Since the placement study: each variant and the program it varies, on the most threads, in the same rounds.
    for e in sweeps:
        if e.variant_of and e.variant_speedup and by_name.get(e.variant_of):
            found.append(f"- {placed(e)} is {ratio_phrase(e.variant_speedup)} than {placed(by_name[e.variant_of])} "
                         f"on {max(p.threads for p in e.points)} workers, within the same rounds.")
    groups: dict[str, list] = {}
    for e in sweeps:
        groups.setdefault(e.twin, []).append(e)
    for twin, entries in groups.items() if not found else ():
        if len(entries) > 1:
            top = max(p.threads for p in entries[0].points)
            cells = [f"{placed(e)} {ratio_phrase(p.speedup)}"
                     for e in entries for p in e.points if p.threads == top]
            found.append(f"- Over `{twin}` on {top} workers: " + "; ".join(cells) + ".")
    where = f"{measured_by('threads.json', threads.environment)}." if found else "Not measured here yet."
    return "\n".join(["## What placement buys", "", "The placement variants are measured by `make scaling`, not by "
                      f"`make bench`. {where}", *([""] + found if found else [])])


def reference_section(data: BenchResult) -> str:
    refs = [x for x in data.implementations if x.kind == "reference"]
    if not refs:
        return ""
    # Its start-up alone can take longer than a whole run at a small LIMIT: two medians, neither part of the other.
    lines = [f"- `{r.name}` ({r.version or '?'}; {r.note}): {seconds(r.timing.median)}, against "
             f"{seconds(r.startup.median)} for its start-up alone (LIMIT={data.settings.startup_limit})"
             + (", more than the whole run: the two are medians of separate runs, apart by the jitter of process "
                "start" if r.startup.median > r.timing.median else "") + "; "
             f"{ratio_phrase(data.ratio('c', r.name))} "
             "than `c`"
             + (": at this LIMIT its run is nearly all process start, so the factor measures start-up, not the "
                "sieve" if not measurable(data, r) else "") + "." for r in refs]
    return "\n".join(["## The reference sieve", "", *lines, "", "Not ranked: a better algorithm, shown so that the "
                      "language differences can be weighed against what the algorithm costs."])


def subject_of(data: BenchResult, r: Ratio) -> tuple[str, str]:
    """The program a ratio is shown about and the one it is against, as every table of the page shows it."""
    num, den, entry = r.numerator, r.denominator, data.entry(r.numerator)
    if (entry and entry.variant_of == den) or (den in ("c", "go") and (num != CPYTHON or r.compute)):
        return num, den
    return den, num


def other_label(data: BenchResult, subject: str, other: str) -> str:
    entry = data.entry(subject)
    if entry and entry.twin == other:
        return "its serial version"
    if entry and entry.variant_of == other:
        return "the program it varies"
    return named(other)


def named(name: str) -> str:
    """A program as the pages name it: CPython for the python program, else its name as code."""
    return "CPython" if name == CPYTHON else f"`{name}`"


COLUMNS = ("CPython", "`c`", "`go`", "its serial version", "the program it varies")


def precision_section(data: BenchResult) -> str:
    """Every ratio of the run with its interval, its width and its rounds, by program and what it is against."""
    cells: dict[str, dict[str, Ratio]] = {}
    for r in data.ratios:
        if not r.over:
            subject, other = subject_of(data, r)
            label = ("compute against " if r.compute else "against ") + other_label(data, subject, other)
            cells.setdefault(subject, {})[label] = r
    order = [f"{kind}against {c}" for kind in ("", "compute ") for c in COLUMNS]
    columns = [c for c in order if any(c in row for row in cells.values())]
    rows = []
    for subject, row in cells.items():
        rounds = sorted({r.rounds for r in row.values()})
        entry = data.entry(subject)
        hidden = entry is not None and not measurable(data, entry)
        rows.append([f"`{subject}`", *[f"— (computing under {SHOWN_FROM:.0%} of its run)" if c in row and row[c].compute
                                       and hidden else
                                       f"{ratio_phrase(row[c], subject, warn=False)}, {width_text(row[c])}"
                                       if c in row else "" for c in columns],
                     "–".join(map(str, rounds[::max(1, len(rounds) - 1)]))])
    gaps = [f"`{r.numerator}`/`{r.denominator}` over `{r.over[0]}`/`{r.over[1]}` "
            f"{percent_change(r.estimate, r.low, r.high)}, {width_text(r)}, {r.rounds} rounds" for r in data.ratios
            if r.over]
    return "\n".join([
        "## Precision",
        "",
        "Every ratio of this run, as the program in the row against the one in the column"
        + (" (CPython's own row holds its compute ratios; its others are in the rows of the programs it is "
           "against)" if CPYTHON in cells else "")
        + ", with its 95% interval, its width (± half the interval on a log scale, (ln high − ln low) / 2: ±2% is "
        f"an interval about 4% wide) and its rounds; the run aimed at ±{data.target:.0%}: "
        + session_text(data.session, data) + ".",
        "",
        table(["program", *columns, "rounds"], rows),
        *(["", "Each parallel program's lead over CPython's process pool against the serial program's lead over "
               "CPython: " + "; ".join(gaps) + "."] if gaps else []),
    ])


def out_of_reach(data: BenchResult) -> list[tuple[Ratio, float, float]]:
    """Each ratio the rounds gave up, the scatter of its rounds, and the rounds it would have needed in
    all for the interval the run aimed at."""
    session, found = data.session, []
    for ratio in data.ratios:
        spec = spec_of(ratio)
        if session and spec_name(spec) in (session.out_of_reach or []):
            found.append((ratio, scatter(spec, session.rounds) or 0.0,
                          rounds_needed(spec, session.rounds, data.target, ratio.confidence)))
    return found


def ratio_label(data: BenchResult, ratio: Ratio) -> str:
    """A ratio as the page's tables name it: "`go` against CPython", "`go-goroutines`'s lead"."""
    subject, other = subject_of(data, ratio)
    return (f"`{ratio.denominator}`'s lead" if ratio.over else
            f"`{subject}` against {other_label(data, subject, other)}") + (" (compute)" if ratio.compute else "")


def gave_up_text(data: BenchResult) -> str:
    """Why the rounds stopped short of the precision they aimed at, for the first screen; '' otherwise."""
    given = out_of_reach(data)
    session = data.session
    if not given or session is None:
        return ""
    ratio, spread, needed = max(given, key=lambda g: g[2])
    drifted = " and drifted together" if widening(spec_of(ratio), session.rounds) >= DRIFTED else ""
    label = ratio_label(data, ratio)
    text = (f"The rounds stopped after {len(session.rounds)} ({session.seconds:.0f} s of a "
            f"{session.settings.budget_s:.0f} s budget): {len(given)} ratio(s) of the table and the claims "
            f"would have needed more rounds than the budget had left, up to about {needed:,.0f} ({label}, whose "
            f"rounds lay {spread:.1%} apart{drifted}), so no more were run; [the precision table](#precision) "
            "names each.")
    c, python = data.entry("c"), data.entry(CPYTHON)
    if c and python and c.startup.median > c.timing.median / 2:
        text += (f" At this LIMIT start-up is {c.startup.median / c.timing.median:.0%} of `c`'s run and "
                 f"{python.startup.median / python.timing.median:.0%} of CPython's: what is timed is mostly "
                 "process start, whose jitter is most of each round's scatter.")
    return text


def session_text(session: Session, data: BenchResult | None = None) -> str:
    """How a session went: its rounds, its commands per round, and why it stopped."""
    settings = session.settings
    given = "; ".join(f"{ratio_label(data, ratio)}: rounds {spread:.1%} apart, about {needed:,.0f} rounds needed"
                      for ratio, spread, needed in out_of_reach(data)) if data else ""
    runs = sorted({len(times) for r in session.rounds for times in r.times.values()})
    k = str(runs[0]) if len(runs) == 1 else f"{runs[0]}–{runs[-1]}"
    why = {"precise": f"every ratio it went on for was within ±{settings.target_half_width:.0%}",
           "budget": f"the budget of {settings.budget_s:.0f} s was spent",
           "out of reach": "each ratio still open would have needed more rounds than the budget had left, "
                           "projected from how far apart its rounds lay (1.4826 × their median absolute deviation) "
                           f"({given or ', '.join(session.out_of_reach or [])}): more rounds would not have "
                           "narrowed it enough",
           "min rounds": f"its {settings.min_rounds} rounds were done",
           "max rounds": f"the cap of {settings.max_rounds} rounds was reached"}[session.stopped]
    _, disturbed = quiet_rounds(session.rounds)
    load = (f"; {disturbed} round(s) that other load disturbed are left out of every median and ratio"
            if disturbed else "")
    warm = (f"{settings.warmup_rounds} untimed warm-up round" if settings.warmup_rounds else
            "the verification runs, which ran every command just before, as the warm-up")
    return (f"{len(session.rounds)} rounds after {warm}, {k} run(s) of "
            f"each command per round, {session.seconds:.0f} s in all (seed {settings.seed}); it stopped when {why}"
            f"{load}")


def local(arg: str) -> str:
    """An argument as any clone would have it: a virtual environment's path from .venv, else a name."""
    path = PurePosixPath(arg)
    if not path.is_absolute():
        return arg
    parts = path.parts
    return str(PurePosixPath(*parts[parts.index(".venv"):])) if ".venv" in parts else path.name


def command_text(argv: list[str], environment: dict[str, str] | None) -> str:
    """The command as a shell would take it, with the variables set for it first and no local path."""
    return " ".join([*(f"{k}={v}" for k, v in sorted((environment or {}).items())), *map(local, argv)])


HOW_TO_GET = ("`uv python install 3.14t`, `pyenv install 3.14t`, the free-threaded option of python.org's "
              "macOS and Windows installers, `dnf install python3.14-freethreading` on Fedora, or "
              "`python3.14-nogil` from the deadsnakes PPA on Ubuntu")
HOW_TO_USE = ("`PYTHON_FT=/path/to/python3.14t make bench` (or `make bench` with `python3.14t` or `python3.13t` "
              "on PATH); the rows are measured only where the build is free-threaded (`Py_GIL_DISABLED=1`) and "
              "its GIL is off at run time (`sys._is_gil_enabled()` false, so `PYTHON_GIL` must not turn it back on)")


def free_threaded_note(data: BenchResult) -> str:
    """What the free-threaded rows ran under and what that build costs one thread, or how to measure them."""
    python = article.GIL_THREADS[0]
    if data.entry(python) is None:
        return ""
    serial, threads = article.FREE_THREADED
    e = next((e for e in map(data.entry, article.FREE_THREADED) if e), None)
    how = (f"to measure `{serial}` and `{threads}` (the same programs without the GIL, PEP 703), install one "
           f"({HOW_TO_GET}) and run {HOW_TO_USE}.")
    if e is None:
        return how[0].upper() + how[1:]
    cost = data.ratio(serial, python)
    return (f"the free-threaded rows ran under {e.version or 'a free-threaded CPython'}"
            + (f", checked before the run by `python/python_ft_info.py --flags`: {e.flags}" if e.flags else "")
            + (f"; on one thread `{serial}` is {ratio_phrase(cost, serial)} than `{python}`, within each round: "
               "what the free-threaded build costs a single thread" if cost else "") + f". On another machine, {how}")


def environment_section(data: BenchResult) -> str:
    env, m = data.environment, data.environment.machine
    default = data.limit == 1_000_000
    reproduce = ("python3 -m bench bench --prebuilt" + ("" if default else f" --limit {data.limit}")
                 if data.settings.built_on else "make bench" + ("" if default else f" LIMIT={data.limit}"))
    timer = ("the harness's own timer (os.wait4; hyperfine is not installed here)"
             if data.session.settings.timer == "python" else
             f"{env.versions.get('hyperfine') or 'hyperfine'}, `--shell=none`")
    built: dict[tuple[str, str | None], list[BenchEntry]] = {}
    for e in data.implementations:  # one row per runtime and build: its programs and the command of each
        built.setdefault((e.version or "?", e.flags), []).append(e)
    rows = [[", ".join(f"`{e.name}`" for e in group), version, f"`{flags}`" if flags else "—",
             "; ".join(f"`{command_text(e.command, e.environment)}`" for e in group)]
            for (version, flags), group in built.items()]
    absent = "; ".join(f"`{name}`, {why}" for name, why in sorted((data.absent or {}).items()))
    free_threaded = free_threaded_note(data)
    return "\n".join([
        "## Environment and build",
        "",
        f"- **Machine:** {m.cpu}, {m.online_cpus} online CPUs, {m.memory_gib} GiB memory; {m.os}, Linux "
        f"{m.kernel} ({m.arch}); {machine_text(m)}; clock during the rounds {clock_text(data.clock)}.",
        f"- **When:** {env.date}; source commit `{commit_text(env.source.commit, env.source.dirty)}`; timer: {timer}; "
        f"start-up (LIMIT={data.settings.startup_limit}): "
        + (session_text(data.startup_session) if data.startup_session else "each program in the same rounds") + ".",
        *([f"- **Built elsewhere:** on {data.settings.built_on}, measured here as built (`make bundle`)."]
          if data.settings.built_on else []),
        *([f"- **Not measured here:** {absent}."] if absent else []),
        *([f"- **Free-threaded CPython:** {free_threaded}"] if free_threaded else []),
        f"- **Reproduce:** `{reproduce}`, then `make report` renders this page again from `primes.json`.",
        "",
        table(["programs", "runtime / compiler", "build flags", "commands timed"], rows),
    ])


def stopping_text(data: BenchResult) -> str:
    """When the rounds of this file's session stopped going on, as its settings record it."""
    engine = data.session.settings
    which = " of the first screen and the claims" if any(r.reported_only for r in data.ratios) else ""
    text = f"Rounds are added until every ratio{which} is within ±{engine.target_half_width:.0%} or the budget is spent"
    if not (engine.first_look or data.session.out_of_reach):
        return text + "."
    look = f"From round {engine.first_look} on, a" if engine.first_look else "A"
    text += (f". {look} ratio still open is given up once the rounds it would need, projected from how far apart its "
             "rounds lie, exceed what the budget has left")
    if engine.full_share and engine.first_look:
        text += (". Every program runs in the first 3 rounds whatever the budget, and in more, up to "
                 f"{engine.first_look}, while the rounds of every program stay within {engine.full_share:.0%} of it. "
                 "Later rounds hold the programs of the ratios still open"
                 + (f"; those of a ratio given up join them until it has had {engine.min_rounds} rounds, while the "
                    "budget lasts" if engine.owe_given_up else "")
                 + f". The other ratios' programs join them until each has had {engine.min_rounds} rounds, while the "
                 f"rounds with more than the open ratios' programs stay within that {engine.full_share:.0%} (the first "
                 "rounds count), and, once no ratio is open, while the budget lasts")
    if engine.ride_share:
        which = "a ratio given up, or one the rounds do not go on for," if engine.full_share else "a ratio given up"
        text += (f". {which[0].upper() + which[1:]} also stays in any later round where its programs add at most "
                 f"{engine.ride_share:.0%} to it")
    return text + "."


def methodology_section(data: BenchResult) -> str:
    engine = data.session.settings
    return "\n".join([
        "## Methodology",
        "",
        "- **Whole processes**, exec to exit with no shell between; interpreters resolved to their real executable. "
        f"*Start-up* is the program's run at LIMIT={data.settings.startup_limit} (no work); *compute time* is the "
        "time minus start-up.",
        "- **Interleaved rounds:** the programs of each round in an order shuffled anew from a recorded seed, so "
        "that load or a clock change weighs on a round's programs alike; every ratio is taken within each round. "
        f"A round with over {DISTURBED:.2f} of a core busy outside the timed programs is left out while "
        f"{QUIET_ROUNDS} quiet rounds remain.",
        f"- **Intervals:** the median over the rounds with its {engine.confidence:.0%} interval (the sign test's order "
        "statistics, widened for the correlation of neighbouring rounds); *unbounded* where the rounds cannot "
        "bound it. " + stopping_text(data),
        "- **Faithful:** every program runs the article's loop (each n in [2, LIMIT) tested by every i from 2 while "
        "i·i ≤ n, no skipping, no sieve); parallel versions hand out blocks of that loop dynamically. Every "
        "answer is compared with an independent sieve's count before timing.",
    ])


def contributors_section(beside: frozenset[str]) -> str:
    """The gate's pages, linked where they are beside this page."""
    def page(name: str) -> str:
        return f"[`{name}`]({name})" if name in beside else f"`{name}` (not run on this machine yet)"
    return "\n".join([
        "## For contributors",
        "",
        f"`make regress` gates a change against a base commit and writes {page('regress.md')} beside this page; "
        f"`make calibrate` measures the gate's false-alarm and detection rates into {page('gate.md')}.",
    ])


def render(data: BenchResult, threads: ThreadsResult | None = None, scaling: bool = False,
           beside: frozenset[str] = frozenset()) -> str:
    """The host page for a bench result; the same result always renders the same text."""
    sections = [
        "\n".join(first_screen(data, scaling)),
        staying_section(data, threads),
        placement_section(data, threads),
        reference_section(data),
        costs_section(data),
        precision_section(data),
        environment_section(data),
        methodology_section(data),
        contributors_section(beside),
    ]
    return "\n\n".join(s for s in sections if s) + "\n"


def document(data: BenchResult, scaling: ScalingResult | None, threads: ThreadsResult | None,
             beside: frozenset[str] = frozenset()) -> str:
    """The whole of primes.md for a host with a bench result (its scaling page is scaling_page); `beside`
    names the contributors' pages in its folder."""
    return render(data, threads, scaling=scaling is not None or threads is not None, beside=beside)
