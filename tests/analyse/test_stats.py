"""Summaries of timing samples and the spread of a ratio of two medians."""

from __future__ import annotations

import pytest

from bench.analyse.stats import lag1_autocorrelation, summarize


def test_summary_of_four_runs():
    s = summarize([1.0, 2.0, 3.0, 4.0])
    assert (s.runs, s.mean, s.median, s.min, s.max) == (4, 2.5, 2.5, 1.0, 4.0)
    assert s.stddev == pytest.approx(1.2909944)
    assert s.rse == pytest.approx(0.2581989)


def test_one_run_has_no_spread():
    s = summarize([2.0])
    assert (s.stddev, s.rse) == (0.0, 0.0)


def test_lag1_autocorrelation_of_known_series():
    assert lag1_autocorrelation([1.0, -1.0] * 10) == pytest.approx(-0.95)
    assert lag1_autocorrelation([0.0] * 10 + [1.0] * 10) == pytest.approx(0.85)
    assert lag1_autocorrelation([3.0, 3.0, 3.0]) == 0.0 and lag1_autocorrelation([1.0, 2.0]) == 0.0
