"""The report renders a recorded primes.json into the expected Markdown, and only from the JSON."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from bench import report
from bench.stats import ratio, summarize

FIXTURES = Path(__file__).parent / "fixtures"
# Regenerate the golden file after an intended change of the report's text with:
#   python3 -c 'import json; from bench.report import render; \
#     print(render(json.load(open("tests/fixtures/primes.json"))), end="")' > tests/fixtures/primes.golden.md


def recorded() -> dict:
    return json.loads((FIXTURES / "primes.json").read_text())


def test_recorded_results_render_to_the_golden_report():
    assert report.render(recorded()) == (FIXTURES / "primes.golden.md").read_text()


def test_rendering_is_deterministic_and_leaves_the_data_alone():
    data = recorded()
    before = copy.deepcopy(data)
    assert report.render(data) == report.render(data)
    assert data == before


def test_report_answers_the_article():
    text = report.render(recorded())
    for heading in ("## What was measured", "## Single-threaded", "## Multi-threaded",
                    "## The article's claims, checked", "## Reference", "## Methodology"):
        assert heading in text
    for claim in ("~4.2 s", "~0.15 s", "~28×", "10–40×", "even larger"):
        assert claim in text


def test_serial_and_parallel_are_never_in_one_table():
    text = report.render(recorded())
    single = text.split("## Single-threaded")[1].split("## Multi-threaded")[0]
    multi = text.split("## Multi-threaded")[1].split("## The article")[0]
    assert "`c-openmp`" not in single and "`go-goroutines`" not in single
    assert "`c` |" not in multi.replace("over `c`", "")


def test_claims_follow_the_numbers():
    data = recorded()
    for entry in data["implementations"]:
        if entry["name"] == "python":
            entry["timing"]["median"] = 4.3
    assert "CPython takes ~4.2 s | 4.2 s | 4.30 s | **Holds**" in report.render(data)


def test_other_limits_do_not_check_the_article():
    data = recorded()
    data["limit"] = 10_000
    assert "not checked here" in report.render(data)


def test_missing_implementations_are_reported_not_invented():
    data = recorded()
    data["implementations"] = [e for e in data["implementations"] if e["name"] != "go"]
    text = report.render(data)
    assert "Go takes ~0.15 s | 0.15 s | not measured in this run" in text


def test_summary_and_ratio():
    s = summarize([1.0, 2.0, 3.0, 4.0])
    assert (s["runs"], s["mean"], s["median"], s["min"], s["max"]) == (4, 2.5, 2.5, 1.0, 4.0)
    assert abs(s["stddev"] - 1.2909944) < 1e-6
    assert abs(s["rse"] - 1.2909944 / 2 / 2.5) < 1e-6
    value, error = ratio({"median": 2.0, "mean": 2.0, "stddev": 0.2}, {"median": 1.0, "mean": 1.0, "stddev": 0.0})
    assert (value, round(error, 9)) == (2.0, 0.2)


def test_times_shows_small_spreads_honestly():
    assert report.times(13.3, 0.001) == "13.3 ± <0.1×"
    assert report.times(1.98, 0.013) == "1.98 ± 0.01×"
