"""How the pages write numbers: three significant digits, one unit per column, one direction per ratio."""

from __future__ import annotations

import pytest

from bench.core.results import Ratio
from bench.render.format import (
    factor_of,
    ms,
    percent_change,
    percent_list,
    power,
    ratio_phrase,
    seconds,
    significant,
    span,
    times_text,
)


@pytest.mark.parametrize("value, text", [(14.37, "14.4"), (1.954, "1.95"), (0.9341, "0.934"), (3458.0, "3,460"),
                                         (917.9, "918"), (18551.97, "18,600"), (2.0, "2.00")])
def test_three_significant_digits(value, text):
    assert significant(value) == text


@pytest.mark.parametrize("value, text", [(2.72, "2.72 s"), (0.2438, "244 ms"), (0.0006, "600 µs")])
def test_seconds_pick_their_unit_in_prose(value, text):
    assert seconds(value) == text


def test_a_column_in_ms_holds_every_time_in_ms():
    assert [ms(v) for v in (3.458, 0.2398, 0.00363)] == ["3,460", "240", "3.63"]


def ratio(estimate: float, low: float | None, high: float | None) -> Ratio:
    half = (high - low) / 2 / estimate if low and high else None
    return Ratio("python", "c", None, estimate, low, high, half, 0.95, 10)


def test_a_ratio_reads_faster_or_slower_never_below_one():
    assert ratio_phrase(ratio(14.4, 13.1, 15.6)) == "14.4× faster (13.1–15.6)"
    assert ratio_phrase(ratio(0.934, 0.823, 1.076)) == "1.07× slower (0.929–1.22)"
    assert ratio_phrase(ratio(0.631, 0.607, 0.661), "python") == "1.58× faster (1.51–1.65)", "python takes 0.631 of c"
    assert ratio_phrase(ratio(1.02, None, None)) == "1.02× faster (unbounded) ⚠"
    assert ratio_phrase(ratio(1.7, 1.2, 2.2)) == "1.70× faster (1.20–2.20) ⚠", "wider than ±25%: says little"
    assert ratio_phrase(None) == "—"


def test_a_ratio_of_gaps_reads_as_the_change_it_makes():
    assert percent_change(1.06, 1.04, 1.14) == "+6% (+4% to +14%)"
    assert percent_change(0.9, 0.88, 1.37) == "−10% (−12% to +37%)"
    # A bound just beside no change keeps its side: +0.5%, not +0%.
    assert percent_change(1.08, 1.0048, 1.17) == "+8% (+0.5% to +17%)"
    assert percent_change(1.0, 0.9996, 1.0) == "+0% (−0.04% to +0%)"
    # An estimate that would read like a bound gets a decimal, with its bounds: +8% (+5% to +8%) read as one.
    assert percent_change(1.0754, 1.0532, 1.0818) == "+7.5% (+5.3% to +8.2%)"


def test_powers_of_ten_are_written_as_powers():
    assert power(10**6) == "10⁶" and power(12_345) == "12,345" and power(1) == "1"


def test_levels_are_listed_as_prose():
    assert percent_list((0.0, 0.01, 0.03, 0.05, 0.10)) == "0, 1, 3, 5 or 10%"
    assert percent_list((0.05,)) == "5%"


def test_bounds_that_three_digits_would_write_alike_get_a_fourth():
    assert span(1.1372, 1.1441) == "1.137–1.144"
    assert span(1.12, 1.16) == "1.12–1.16"
    assert times_text(1.14, 1.1372, 1.1441) == "1.140× faster (1.137–1.144)"


def test_an_estimate_is_written_inside_its_interval_and_with_a_direction():
    # Its bounds need a fourth digit, so it has one: 1.02 would lie outside 1.015–1.019.
    assert times_text(1.0162, 1.0151, 1.0189) == "1.016× faster (1.015–1.019)"
    # 1.00× names no direction: a fourth digit does, for the factor and its bounds alike.
    assert times_text(0.9979, 0.9685, 1.022) == "1.002× slower (0.9785–1.033)"
    ratio = Ratio("a", "b", None, 0.9979, 0.9685, 1.022, 0.027, 0.95, 18)
    assert factor_of(ratio) == "1.002× slower" and ratio_phrase(ratio).startswith(factor_of(ratio))
    # An estimate that would read like one of its bounds gets a fourth digit, with them.
    assert times_text(1.026, 1.0214, 1.0302) == "1.026× faster (1.021–1.030)"


def test_a_bound_near_zero_is_written_as_below_a_thousandth():
    assert span(7.54e-6, 2.08) == "below 0.001–2.08"
    assert times_text(0.926, 0.481, 1.3e5) == "1.08× slower (below 0.001–2.08)"
    assert span(0.0012, 2.08) == "0.00120–2.08"
