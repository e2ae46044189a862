"""The article's claims judged once: an interval inside the claim's tolerance holds, one wholly outside
does not, one across a bound is undecided; a claim about threads needs two threads."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest

from bench.analyse.claims import Verdict, judge, within
from bench.core import article
from bench.core.results import BenchResult, load

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.mark.parametrize("low, high, verdict", [
    (9.0, 11.0, Verdict.HOLDS), (8.0, 12.0, Verdict.HOLDS), (13.0, 14.0, Verdict.FAILS), (5.0, 7.0, Verdict.FAILS),
    (11.0, 13.0, Verdict.UNDECIDED), (7.0, 9.0, Verdict.UNDECIDED), (None, None, Verdict.UNDECIDED),
])
def test_an_interval_holds_inside_the_tolerance_fails_outside_and_is_undecided_across(low, high, verdict):
    assert within(low, high, 8.0, 12.0) is verdict


def test_every_claim_is_judged_in_the_articles_order_with_each_of_its_figures():
    data = load(FIXTURES / "primes.json", BenchResult)
    judged = judge(data)
    assert [j.claim for j in judged] == list(article.CLAIMS)
    by_key = {j.claim.key: j for j in judged}
    [python] = by_key["python"].findings
    assert python.value == data.entry("python").timing
    assert python.verdict is Verdict.COMPARED, "the article's machine is unnamed: its times are compared, not judged"
    [go_vs_python] = by_key["go-vs-python"].findings
    assert go_vs_python.verdict is within(go_vs_python.value.low, go_vs_python.value.high, 28 / 1.25, 28 * 1.25)
    assert [f.measure.denominator for f in by_key["compiled"].findings] == ["c", "go"]
    assert all(f.value is not None for f in by_key["parallel-gap"].findings)
    assert article.close_to(28) == (28 / 1.25, 28 * 1.25) and by_key["parallel-gap"].claim.high == math.inf


def test_a_missing_program_is_not_measured_and_one_thread_is_not_checked():
    data = load(FIXTURES / "primes.json", BenchResult)
    data.implementations = [e for e in data.implementations if e.name != "go"]
    data.ratios = [r for r in data.ratios if "go" not in (r.numerator, r.denominator)]
    by_key = {j.claim.key: j for j in judge(data)}
    assert by_key["go"].findings[0].verdict is Verdict.NOT_MEASURED
    assert [f.verdict for f in by_key["compiled"].findings][1] is Verdict.NOT_MEASURED
    pool = data.entry("python-multiprocessing")
    data.implementations.append(dataclasses.replace(pool, name="python-threads", threads=1))
    data.ratios.append(dataclasses.replace(data.ratios[0], numerator="python", denominator="python-threads", over=None))
    [gil] = {j.claim.key: j for j in judge(data)}["gil"].findings
    assert gil.verdict is Verdict.ONE_THREAD and gil.value is not None


def test_a_run_at_another_limit_is_not_judged():
    data = load(FIXTURES / "primes.json", BenchResult)
    assert judge(dataclasses.replace(data, limit=article.LIMIT // 10)) is None
