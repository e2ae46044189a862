"""How the reports write durations, ratios and lists of levels."""

from __future__ import annotations

import pytest

from bench.render.format import percent_list, power, seconds, times


@pytest.mark.parametrize("value, text", [(2.72, "2.72 s"), (0.244, "244.0 ms"), (0.0006, "600 µs")])
def test_seconds_pick_their_unit(value, text):
    assert seconds(value) == text


def test_times_shows_small_spreads_honestly():
    assert times(13.3, 0.001) == "13.3 ± <0.1×"
    assert times(1.98, 0.013) == "1.98 ± 0.01×"
    assert times(10.9) == "10.9×"


def test_powers_of_ten_are_written_as_powers():
    assert power(10**6) == "10⁶" and power(12_345) == "12,345" and power(1) == "1"


def test_levels_are_listed_as_prose():
    assert percent_list((0.0, 0.01, 0.03, 0.05, 0.10)) == "0, 1, 3, 5 or 10%"
    assert percent_list((0.05,)) == "5%"
