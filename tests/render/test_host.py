"""A host's page is its results as tables: the first table, the claims with their verdicts, the leads
side by side, staying in Python, costs, precision and the environment, each cell read from the records.
Recorded strings cannot break a page, and the page says no more than its intervals show."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from bench.analyse.claims import judge, leads
from bench.analyse.derive import load, load_if_present
from bench.core import article
from bench.core.paths import HOSTS, RESULTS
from bench.core.results import BenchResult, ScalingResult, ThreadsResult
from bench.render.format import HIDDEN, NONE, change, factor, ms
from bench.render.host import VERDICTS, flags, measurable, render, summary
from bench.render.machines import host_files
from tests.doctor import FIXTURES, dumped, small_primes
from tests.render.pages import headings, outside_code, prose, table_with, tables

FOLDERS = sorted(p for p in (RESULTS / HOSTS).iterdir() if (p / "primes.json").exists())


def recorded() -> BenchResult:
    return load(FIXTURES / "primes.json", BenchResult)


def committed(folder: Path) -> BenchResult:
    return load(folder / "primes.json", BenchResult)


def name(cell: str) -> str:
    return cell.strip("`")


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_each_committed_page_is_the_rendering_of_its_results(folder):
    _, files = host_files(folder, None)
    for path, text in files.items():
        assert path.read_text() == text, f"run `make report` to refresh {path}"


def test_rendering_is_a_pure_function_of_the_records():
    data = recorded()
    before = copy.deepcopy(data)
    assert render(data) == render(data) and data == before


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_the_first_table_is_every_program_of_the_answer_read_from_its_ratios(folder):
    data = committed(folder)
    rows = table_with(render(data), "× faster than CPython")
    assert [name(r["program"]) for r in rows] == [n for n in article.ANSWER if data.entry(n)]
    for row in rows:
        e = data.entry(name(row["program"]))
        assert row["median [ms]"] == ms(e.timing.estimate) and row["workers"] == str(e.threads or 1)
        if e.name != article.CPYTHON:
            r = data.ratio(article.CPYTHON, e.name)
            assert row["× faster than CPython"] == factor(r, flags(data, r))


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_the_claims_table_holds_every_finding_with_its_verdict(folder):
    data = committed(folder)
    rows = table_with(render(data), "the article says")
    judged = judge(data)
    assert len(rows) == sum(len(j.findings) for j in judged)
    verdict = [k for k in rows[0] if "verdict" in k][0]
    firsts = [r for r in rows if r["the article says"]]
    assert [r["the article says"] for r in firsts] == [c.says for c in article.CLAIMS]
    assert [r[verdict] for r in firsts] == [VERDICTS[j.verdict] for j in judged]
    assert all(not r[verdict] for r in rows if not r["the article says"])


def test_the_parallelism_claim_shows_both_gaps_side_by_side():
    data = committed(RESULTS / HOSTS / "amd-epyc-zen2-2cpu")
    rows = table_with(render(data), "lead change")
    found = leads(data)
    assert [name(r["parallel program"]) for r in rows] == [x.parallel for x in found] == ["c-openmp", "go-goroutines"]
    for row, x in zip(rows, found):
        assert row["lead change"] == change(x.change, flags(data, x.change))
        assert row["× faster than `python-multiprocessing`"].startswith(f"{x.pool.estimate:.3g}"[:3])
        assert x.pool.numerator == "python-multiprocessing" and x.pool.denominator == x.parallel


def test_a_compute_time_under_a_tenth_of_the_run_is_not_shown():
    data = committed(RESULTS / HOSTS / "amd-epyc-zen4-2cpu")
    rows = {name(r["program"]): r for r in table_with(render(data), "compute [ms]")}
    parallel = data.entry("python-numba-parallel")
    assert not measurable(data, parallel)
    assert rows["python-numba-parallel"]["compute [ms]"] == f"{NONE} {HIDDEN}"


DIRECTED = re.compile(r"(?:^|\s)([0-9][0-9,.]*)(× slower)? \(([0-9][0-9,.]*)–([0-9][0-9,.]*)\)")


def directed_cells(page: str):
    """Every ratio cell that names a direction, with its interval as written."""
    for table in tables(page):
        for row in table:
            for header, cell in row.items():
                if "×" not in header or cell.startswith("="):
                    continue
                for m in DIRECTED.finditer(cell):
                    yield cell, float(m.group(3).replace(",", "")), float(m.group(4).replace(",", ""))


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_no_interval_that_holds_one_names_a_direction(folder):
    page = render(committed(folder))
    checked = list(directed_cells(page))
    assert len(checked) > 10
    for cell, low, high in checked:
        assert not low <= 1 <= high, cell


def hostile(data: BenchResult, text: str) -> BenchResult:
    data = copy.deepcopy(data)
    data.environment.machine.cpu = text
    data.environment.date = text
    for e in data.implementations:
        e.version, e.flags, e.note = text, text, text
    data.absent = {"python-ft": text}
    return data


@pytest.mark.parametrize("text", ["AMD | EPYC\n# Injected heading", "<img src=x onerror=alert(1)>",
                                  "[click](javascript:alert(1))", "`x` | `y`"])
def test_recorded_strings_cannot_break_a_table_start_a_line_or_make_a_link(text):
    page = render(hostile(recorded(), text))
    tables(page)  # every row keeps its header's cells
    assert not any(h.startswith("Injected") for h in headings(page))
    left = outside_code(page)
    assert "<img" not in left and "javascript" not in left


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_a_page_is_tables_and_figures(folder, tmp_path):
    page = tmp_path / "primes.md"
    page.write_text(render(committed(folder), load_if_present(folder / "threads.json", ThreadsResult)))
    counted = prose(page)
    if counted is None:
        pytest.skip("the shared prose counter is not beside this checkout")
    words, longest = counted
    assert words <= 350 and longest <= 30


def test_the_header_names_the_date_the_rounds_and_the_check_of_every_answer():
    data = recorded()
    head = render(data).split("\n\n")[1]
    assert data.environment.date[:10] in head and f"{len(data.session.rounds)} rounds" in head
    assert f"every answer checked ({data.expected:,} primes)" in head


def test_the_terminal_summary_is_the_first_table_and_the_verdicts():
    data = committed(RESULTS / HOSTS / "amd-epyc-zen2-2cpu")
    text = summary(data)
    assert [r["program"] for r in tables(text)[0]] == [n for n in article.ANSWER if data.entry(n)]
    assert text.splitlines()[-len(article.CLAIMS):] == [f"{j.claim.says}: {VERDICTS[j.verdict]}" for j in judge(data)]
    assert "`" not in text


def test_the_scaling_page_is_rendered_beside_the_bench_page():
    folder = RESULTS / HOSTS / "amd-epyc-zen4-2cpu"
    _, files = host_files(folder, None)
    assert {p.name for p in files} >= {"primes.md", "scaling.md"}
    scaling = load(folder / "scaling.json", ScalingResult)
    rows = table_with(files[folder / "scaling.md"], "fitted over")
    assert [name(r["program"]) for r in rows] == [e.name for e in scaling.implementations]


def test_a_compute_ratio_against_a_program_whose_compute_is_noise_shows_no_number(tmp_path):
    """c's start-up 95% of its run in every round: python's compute against c would divide by noise."""
    data = small_primes({"python": 1.0, "pypy": 0.2, "c": 0.01}, ("python/c", "compute python/c", "compute pypy/c"))
    for r in data["session"]["rounds"]:
        for times in (r["times"], r["user"]):
            times["c@start"] = [t * 0.95 for t in times["c"]] if isinstance(times["c"], list) else times["c"] * 0.95
    (tmp_path / "primes.json").write_text(dumped(data))
    page = render(load(tmp_path / "primes.json", BenchResult))
    staying = table_with(page, "compute, × faster than `c`")
    assert [row["compute, × faster than `c`"] for row in staying] == [f"{NONE} {HIDDEN}"] * 2
    precision = [row for row in table_with(page, "flags") if "compute" in row["ratio of times"]]
    assert precision and all(HIDDEN in row["flags"] for row in precision)
    assert {(row["median (95% interval)"], row["±"]) for row in precision} == {(NONE, NONE)}
    plain = next(row for row in table_with(page, "flags") if row["ratio of times"] == "`python` / `c`")
    assert plain["median (95% interval)"].startswith("100 (")  # python's 1 s over c's 10 ms


def test_a_pipe_in_the_cpu_name_or_a_version_is_escaped_in_table_cells_only():
    data = recorded()
    data.environment.machine.cpu = "AMD | X"
    data.entry("c").version = "cc | 12"
    page = render(data)
    assert page.splitlines()[0].startswith("# `AMD | X`") and "`cc | 12`" in page.splitlines()[3]
    assert "`AMD \\| X`" in page and "`AMD | X`" not in page.split("\n", 1)[1]
    assert "`cc \\| 12`" in page and "`cc | 12`" not in page.split("\n", 4)[4]
