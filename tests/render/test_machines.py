"""The cross-machine page and the README's tables: one row per machine, each cell from its own rounds;
each claim's verdicts counted over the machines, with the least and the most measured."""

from __future__ import annotations

import copy

import pytest

from bench.analyse.claims import judge
from bench.analyse.derive import load
from bench.core import article
from bench.core.paths import HOSTS, README, RESULTS
from bench.core.results import BenchResult
from bench.render.format import DRIFTED, GIVEN_UP, NOISY, factor
from bench.render.host import VERDICTS, Host, answer_table, cell
from bench.render.machines import BEGIN, END, cross_page, noisy, readme_block, updated
from tests.render.pages import prose, table_with


def committed() -> list[Host]:
    return [Host(p.name, load(p / "primes.json", BenchResult)) for p in sorted((RESULTS / HOSTS).iterdir())
            if (p / "primes.json").exists()]


def test_the_readme_holds_the_rendering_of_the_committed_results():
    text = README.read_text()
    assert BEGIN in text and END in text
    assert text == updated(text, readme_block(committed())), "run `make report` to refresh the README"


def test_the_readme_is_short_and_answers_first():
    lines = README.read_text().splitlines()
    assert len(lines) <= 130
    assert any(line.startswith("![") for line in lines[:30]), "a figure in the first 30 lines"
    claims = next(i for i, line in enumerate(lines) if line.startswith("| the article says"))
    assert claims < 60
    counted = prose(README)
    if counted is not None:
        assert counted[0] <= 450 and counted[1] <= 30


def test_one_row_per_machine_each_cell_its_own_ratio_as_its_page_shows_it():
    hosts = committed()
    rows = table_with(readme_block(hosts), "× faster than CPython")
    assert len(rows) == len(hosts)
    flagged = 0
    for row, h in zip(rows, hosts):
        assert f"`{h.name}`" in row["× faster than CPython"] and row["LIMIT"] == f"{h.bench.limit:,}"
        assert row["`c`"].startswith(factor(h.bench.ratio("python", "c")))
        page = {r["program"]: r["× faster than CPython"] for r in table_with(answer_table(h.bench), "program")}
        for program, text in page.items():
            column = next((k for k in row if k.split(" (")[0] == program), None)
            if program != f"`{article.CPYTHON}`":
                assert row[column] == text, (h.name, program)
                flagged += GIVEN_UP in text or DRIFTED in text
    assert flagged, "the committed runs have flagged cells, which the README shows as their pages do"


def test_each_claim_counts_its_verdicts_over_the_machines():
    hosts = committed()
    rows = table_with(readme_block(hosts), "the article says")
    assert [r["the article says"] for r in rows] == [c.says for c in article.CLAIMS]
    judged = [judge(h.bench) for h in hosts]
    for i, row in enumerate(rows):
        for verdict, text in VERDICTS.items():
            n = sum(js[i].verdict is verdict for js in judged)
            assert (f"{text} on {n}" in row["verdict, machines"]) == (n > 0)


def test_the_range_runs_from_the_least_to_the_most_measured():
    hosts = committed()
    row = table_with(readme_block(hosts), "the article says")[2]
    ratios = sorted(((h.bench.ratio("python", "go"), h) for h in hosts), key=lambda pair: pair[0].estimate)
    low, high = (cell(h.bench, r) for r, h in (ratios[0], ratios[-1]))  # as their host pages show them, flagged
    assert row["measured, least to most"].startswith(f"{low} to {high}") and GIVEN_UP in high


def test_a_run_too_noisy_for_its_first_table_is_flagged_where_its_numbers_appear():
    hosts = committed()
    loud = copy.deepcopy(hosts[1])
    pypy = loud.bench.ratio("python", "pypy")
    pypy.low = pypy.high = pypy.half_width = None
    assert noisy(loud.bench) and not noisy(hosts[1].bench)
    for others, flagged in (([hosts[0], hosts[1]], False), ([hosts[0], loud], True)):
        block = readme_block(others)
        assert table_with(block, "× faster than CPython")[1]["× faster than CPython"].endswith(NOISY) == flagged
        go = table_with(block, "the article says")[2]["measured, least to most"]
        assert (NOISY in go) == flagged, "the go ratio is bounded: the flag is the run's"


@pytest.mark.parametrize("count", [1, 2])
def test_the_cross_machine_page_links_every_machine_and_its_claims(count):
    hosts = committed()[:count]
    page = cross_page(hosts, with_figures=False)
    rows = table_with(page, "CPU")
    assert [r["machine"] for r in rows] == [f"[`{h.name}`](hosts/{h.name}/primes.md)" for h in hosts]
    claims = table_with(page, article.CLAIMS[2].heading)
    assert [r[article.CLAIMS[2].heading] for r in claims] == [VERDICTS[judge(h.bench)[2].verdict] for h in hosts]


def test_a_recorded_string_holding_the_end_marker_leaves_the_readme_as_it_was_on_the_next_report():
    readme = f"intro\n{BEGIN}\nold\n{END}\ntail\n"
    block = f"| `Python 3.11 {END} x` |"
    once = updated(readme, block)
    assert updated(once, block) == once and once.endswith(f"{END}\ntail\n") and "old" not in once
