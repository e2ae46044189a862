"""A host's page is rendered from its result records alone: the same records, the same page. Its first
screen answers the question (the table, the claims); every ratio reads "faster" or "slower" with a factor
of at least 1, and a number shown twice is the same text."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from bench.core.paths import HOSTS, RESULTS
from bench.core.results import BenchResult, ScalingResult, ThreadsResult, load, load_if_present
from bench.render.format import ratio_phrase, seconds
from bench.render.primes import CPYTHON, document, render, result_sentences, scaling_page, summary
from bench.render.report import contributor_pages

FIXTURES = Path(__file__).parent.parent / "fixtures"
FIRST_SCREEN, MOST_LINES = 45, 150
ANSWER_HEADER = ("| program | workers | median [ms] | × faster than CPython (95% interval) | "
                 "speedup over its serial version (95% interval) |")
CLAIMS = ("~4.2 s", "~0.15 s", "~28×", "10–40×", "even larger")
# Regenerate the golden file after an intended change of the page's text with:
#   .venv/bin/python -c 'from pathlib import Path; from bench.core.results import *; \
#     from bench.render.primes import render; \
#     print(render(load(Path("tests/fixtures/primes.json"), BenchResult)), end="")' > tests/fixtures/primes.golden.md


def recorded() -> BenchResult:
    return load(FIXTURES / "primes.json", BenchResult)


def host_folders() -> list[Path]:
    hosts = RESULTS / HOSTS
    return sorted(p for p in hosts.iterdir() if (p / "primes.json").exists()) if hosts.is_dir() else []


def host_page(folder: Path) -> str:
    return document(load(folder / "primes.json", BenchResult), load_if_present(folder / "scaling.json", ScalingResult),
                    load_if_present(folder / "threads.json", ThreadsResult), contributor_pages(folder))


def pages() -> list[str]:
    return [render(recorded()), *map(host_page, host_folders())]


def test_there_are_committed_host_results():
    assert host_folders(), "no results/hosts/*/primes.json: run `make bench`"


def test_recorded_results_render_to_the_golden_page():
    assert render(recorded()) == (FIXTURES / "primes.golden.md").read_text()


@pytest.mark.parametrize("folder", host_folders(), ids=lambda p: p.name)
def test_each_committed_page_is_the_rendering_of_its_hosts_results(folder):
    assert (folder / "primes.md").read_text() == host_page(folder), "run `make report` to refresh the host's page"


def test_rendering_leaves_the_records_alone():
    data = recorded()
    before = copy.deepcopy(data)
    render(data)
    assert data == before


@pytest.mark.parametrize("page", pages())
def test_the_first_screen_holds_the_answer_table_and_every_claims_verdict(page):
    lines = page.splitlines()
    first = "\n".join(lines[:FIRST_SCREEN])
    assert ANSWER_HEADER in first and "every answer verified" in first
    for claim in CLAIMS:
        line = next(line for line in lines if line.startswith("- **") and claim in line)
        assert lines.index(line) < FIRST_SCREEN, f"the claim {claim} is below the first screen"
    assert len(lines) <= MOST_LINES


@pytest.mark.parametrize("page", pages())
def test_every_ratio_reads_faster_or_slower_with_a_factor_of_at_least_one(page):
    phrases = re.findall(r"([\d.,]+)× (faster|slower)", page)
    assert phrases
    assert all(float(value.replace(",", "")) >= 1 for value, _ in phrases)
    assert not re.search(r"(?<![\d.])0\.\d+×", page), "a ratio below one is written the other way round"


def table_rows(page: str, header_start: str) -> list[list[str]]:
    lines = page.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


@pytest.mark.parametrize("page", pages())
def test_a_ratio_on_the_first_screen_is_the_same_text_in_the_precision_table(page):
    precision = page.split("## Precision")[1]
    rows = table_rows(page, ANSWER_HEADER)
    assert rows
    for row in rows:
        for cell in row[3:]:
            phrase = cell.removesuffix(" ⚠")
            if "×" in phrase:
                assert f"| {phrase}, ±" in precision or f"| {phrase}, unbounded" in precision, phrase
            if phrase != cell:
                assert "⚠" in cell


def test_no_committed_page_holds_a_local_path():
    for page in RESULTS.glob("**/*.md"):
        text = page.read_text()
        for root in ("/root", "/work", "/home", "/tmp"):
            assert root not in text, f"{page.relative_to(RESULTS)} holds a local path ({root})"


def test_interpreters_are_shown_by_name_not_by_their_path():
    data = recorded()
    data.entry("python").command[0] = "/root/.pyenv/versions/3.11.7/bin/python3.11"
    data.entry("pypy").command[0] = "/work/clone/.venv/bin/python"
    text = render(data)
    assert "`python3.11 python/count_primes.py" in text and "`.venv/bin/python python/count_primes.py" in text
    assert "/root" not in text and "/work" not in text


def claim_line(text: str, claim: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"- **{claim}"))


def test_an_absolute_time_is_this_machine_against_the_articles_never_judged():
    data = recorded()
    t = data.entry("python").timing
    t.median, t.low, t.high = 1.68, 1.66, 1.71
    line = claim_line(render(data), "CPython takes ~4.2 s")
    assert "1.68 s (1.66 s–1.71 s): 2.50× faster here than the article's 4.2 s" in line
    assert "compared, not judged" in line and "holds" not in line
    t.median, t.low, t.high = 5.25, 5.2, 5.3
    assert "1.25× slower here" in claim_line(render(data), "CPython takes ~4.2 s")


def test_a_ratio_claim_follows_its_interval_not_its_estimate_and_gives_its_size():
    data = recorded()
    ratio = data.ratio("python", "go")
    assert ratio is not None
    ratio.estimate, ratio.low, ratio.high, ratio.half_width = 30.0, 29.0, 31.0, 1 / 30
    assert claim_line(render(data), "Go is ~28×").endswith(
        "**holds**: `go` is 30.0× faster (29.0–31.0) than `python`, a gap 1.07× larger than the article's 28×.")
    ratio.estimate, ratio.low, ratio.high = 34.0, 30.0, 38.0  # crosses 28 x 1.25 = 35
    assert "**⚠ undecided at this precision**: `go` is 34.0× faster" in claim_line(render(data), "Go is ~28×")
    ratio.estimate, ratio.low, ratio.high = 12.0, 11.5, 12.5
    assert "**does not hold**: `go` is 12.0× faster (11.5–12.5) than `python`, a gap 2.33× smaller" in \
        claim_line(render(data), "Go is ~28×")


def test_the_parallel_gap_is_judged_against_no_change_and_sized_in_percent():
    data = recorded()
    gaps = [r for r in data.ratios if r.over]
    assert gaps, "the fixture measured the article's gaps"
    for r in gaps:
        r.estimate, r.low, r.high = 1.06, 1.04, 1.14
    line = claim_line(render(data), "With parallelism the difference would be even larger")
    assert ("**holds** at 2 workers, against CPython's process pool (`python-multiprocessing`): `c-openmp`'s lead "
            "over it differs from `c`'s lead over CPython by +6% (+4% to +14%); `go-goroutines`'s, from `go`'s, by "
            "+6% (+4% to +14%), each lead a ratio of times within each round.") in line
    for r in gaps:
        r.estimate, r.low, r.high = 0.9, 0.8, 0.95
    assert "**does not hold**" in claim_line(render(data), "With parallelism the difference would be even larger")
    gaps[0].estimate, gaps[0].low, gaps[0].high = 1.06, 0.9, 1.2
    line = claim_line(render(data), "With parallelism the difference would be even larger")
    assert "mixed" not in line and "undecided at this precision** for `" in line and "**does not hold** for `" in line
    for r in gaps:
        r.estimate, r.low, r.high = 1.0, 0.9, 1.1
    assert "**⚠ undecided" in claim_line(render(data), "With parallelism the difference would be even larger")


def test_other_limits_do_not_check_the_article():
    data = recorded()
    data.limit = 10_000
    assert "not checked here" in render(data)


def test_missing_implementations_are_reported_not_invented():
    data = recorded()
    data.implementations = [e for e in data.implementations if e.name != "go"]
    data.ratios = [r for r in data.ratios if "go" not in (r.numerator, r.denominator)]
    text = render(data)
    assert "- **Go takes ~0.15 s:** not measured in this run." in text
    assert "| `go` |" not in text


def test_only_an_interval_that_says_nothing_is_flagged_and_every_width_is_in_the_precision_table():
    data = recorded()
    ratio = data.ratio("python", "c")
    assert ratio is not None
    ratio.low, ratio.high, ratio.half_width = ratio.estimate * 0.9, ratio.estimate * 1.1, 0.1
    row = next(r for r in table_rows(render(data), ANSWER_HEADER) if r[0] == "`c`")
    assert "⚠" not in row[3] and "±10.0%" in render(data).split("## Precision")[1]
    ratio.low, ratio.high, ratio.half_width = ratio.estimate * 0.6, ratio.estimate * 1.4, 0.4
    row = next(r for r in table_rows(render(data), ANSWER_HEADER) if r[0] == "`c`")
    assert row[3].endswith(" ⚠")


def test_the_pages_link_to_each_other():
    page = render(recorded(), scaling=True, beside=frozenset({"gate.md"}))
    assert "[growth and threads](scaling.md)" in page and "[every machine](../../primes.md)" in page
    assert "[`gate.md`](gate.md)" in page and "writes `regress.md` (not run on this machine yet) beside" in page


def test_the_scaling_page_links_back_and_keeps_one_unit_per_column():
    scaling = load(FIXTURES / "scaling.json", ScalingResult)
    threads = load(FIXTURES / "threads.json", ThreadsResult)
    page = scaling_page(scaling, threads, recorded())
    assert "[this machine's answer](primes.md)" in page and "[every machine](../../primes.md)" in page
    assert "## Growth with LIMIT" in page and "## Thread scaling" in page and "Measured by `make scaling`" in page
    assert "so the two can differ by more than their intervals" in page, "the sweep's and the bench's figures"
    for row in table_rows(page, "| program | placement | LIMIT | workers | median [ms] |"):
        assert re.fullmatch(r"[\d,.]+", row[4]), f"a median [ms] cell holds a number alone: {row[4]}"
    assert not re.search(r"(?<![\d.])0\.\d+×", page)


def test_a_sieve_whose_run_is_nearly_all_start_up_is_said_to_be():
    data = recorded()
    sieve = next(e for e in data.implementations if e.kind == "reference")
    assert "nearly all process start" not in render(data)
    sieve.startup.median = sieve.timing.median * 0.95
    assert "its run is nearly all process start, so the factor measures start-up, not the sieve." in render(data)
    assert "more than the whole run" not in render(data)
    sieve.startup.median = sieve.timing.median * 1.3
    assert "more than the whole run: the two are medians of separate runs, apart by the jitter of process start" \
        in render(data)


def test_a_ratio_given_up_is_named_on_the_first_screen_with_the_rounds_it_would_have_needed():
    data = recorded()
    assert data.session is not None
    data.session.stopped, data.session.out_of_reach = "out of reach", ["python/c"]
    page = render(data)
    first = "\n".join(page.splitlines()[:12])
    rounds, spent, budget = len(data.session.rounds), data.session.seconds, data.session.settings.budget_s
    assert f"The rounds stopped after {rounds} ({spent:.0f} s of a {budget:.0f} s budget): 1 ratio(s)" in first
    assert re.search(r"`c` against CPython: rounds [0-9.]+% apart, about [0-9,]+ rounds needed",
                     page.split("## Precision")[1])
    assert re.search(r"up to about [0-9,]+ \(`c` against CPython, whose rounds lay [0-9.]+% apart", first)
    assert "exceed what the budget has left" in page.split("## Methodology")[1]


def test_the_scaling_page_says_how_a_size_was_predicted_as_its_file_records():
    scaling = load(FIXTURES / "scaling.json", ScalingResult)
    threads = load(FIXTURES / "threads.json", ThreadsResult)
    assert "predicted (time × (LIMIT ratio)^" in scaling_page(scaling, threads, recorded())
    scaling.settings.startup_apart = True
    assert "predicted (start-up + (time − start-up) × (LIMIT ratio)^" in scaling_page(scaling, threads, recorded())


def test_the_methodology_says_when_ratios_are_given_up_and_which_ride_along():
    import dataclasses
    data = recorded()
    assert data.session is not None
    data.session.settings = dataclasses.replace(data.session.settings, first_look=6, ride_share=0.1)
    method = render(data).split("## Methodology")[1]
    assert "From round 6 on, a ratio still open is given up once the rounds it would need" in method
    assert "A ratio given up also stays in any later round where its programs add at most 10% to it." in method
    assert "join them until it has had" not in method, "no rounds owed in a file that does not record them"
    data.session.settings = dataclasses.replace(data.session.settings, full_share=0.4, owe_given_up=True)
    method = render(data).split("## Methodology")[1]
    assert "those of a ratio given up join them until it has had 10 rounds, while the budget lasts." in method
    assert "A ratio given up, or one the rounds do not go on for, also stays in any later round" in method


def test_the_widest_ratio_is_said_to_have_drifted_where_its_rounds_moved_together():
    data = recorded()
    assert "drift" not in result_sentences(data)
    half = len(data.session.rounds) // 2
    for r in data.session.rounds[:half]:  # CPython slower in the first half of the rounds than in the second
        if CPYTHON in r.times:
            r.times[CPYTHON] = [t * 1.3 for t in r.times[CPYTHON]]
    text = result_sentences(data)
    assert "as wide as independent rounds would leave it: its neighbouring rounds moved together (drift)" in text
    low, high = min(r.times[CPYTHON][0] for r in data.session.rounds if CPYTHON in r.times), \
        max(r.times[CPYTHON][0] for r in data.session.rounds if CPYTHON in r.times)
    assert f"from round to round CPython took {seconds(low)}–{seconds(high)} and `" in text, "each side's range"
    widest = data.ratio(CPYTHON, "c-openmp")  # unbounded over enough rounds: the drift is named too
    widest.low = widest.high = widest.half_width = None
    assert f"unbounded, over {widest.rounds} rounds, enough where rounds are unrelated: its neighbouring rounds " \
        "moved together (drift)" in result_sentences(data)


def test_the_terminal_summary_gives_the_first_tables_programs_and_the_claims():
    data = recorded()
    text = summary(data)
    lines = text.splitlines()
    assert lines[0] == "LIMIT = 1,000,000, every answer verified; medians, and ratios with their 95% intervals:"
    c = data.ratio(CPYTHON, "c")
    assert any(line.split()[0] == "c" and f"{ratio_phrase(c)} than CPython" in line for line in lines)
    assert any(line.startswith("  c-openmp (2 workers) ") for line in lines)
    assert lines[-1].startswith("Claims: Go ~28× faster: ") and "`" not in lines[-1]
