"""Summaries of timing samples and the spread of a ratio of two medians."""

from __future__ import annotations

import pytest

from bench.analyse.stats import Summary, ratio, summarize


def test_summary_of_four_runs():
    s = summarize([1.0, 2.0, 3.0, 4.0])
    assert (s.runs, s.mean, s.median, s.min, s.max) == (4, 2.5, 2.5, 1.0, 4.0)
    assert s.stddev == pytest.approx(1.2909944)
    assert s.rse == pytest.approx(1.2909944 / 2 / 2.5)


def test_one_run_has_no_spread():
    s = summarize([2.0])
    assert (s.stddev, s.rse) == (0.0, 0.0)


def test_ratio_of_medians_combines_relative_spreads():
    value, error = ratio(Summary(1, 2.0, 0.2, 2.0, 2.0, 2.0, 0), Summary(1, 1.0, 0.0, 1.0, 1.0, 1.0, 0))
    assert (value, round(error, 9)) == (2.0, 0.2)
    value, error = ratio(Summary(1, 2.0, 0.2, 2.0, 2.0, 2.0, 0), Summary(1, 1.0, 0.1, 1.0, 1.0, 1.0, 0))
    assert error == pytest.approx(2.0 * (0.1**2 + 0.1**2) ** 0.5)
