"""How much a series leans like its neighbours."""

from __future__ import annotations

import pytest

from bench.analyse.stats import lag1_autocorrelation


def test_lag1_autocorrelation_of_known_series():
    assert lag1_autocorrelation([1.0, -1.0] * 10) == pytest.approx(-0.95)
    assert lag1_autocorrelation([0.0] * 10 + [1.0] * 10) == pytest.approx(0.85)
    assert lag1_autocorrelation([3.0, 3.0, 3.0]) == 0.0 and lag1_autocorrelation([1.0, 2.0]) == 0.0
