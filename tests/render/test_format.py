"""A number is written one way everywhere: a ratio in its column's sense, "N× slower" in its cell, "="
where its interval holds 1, with its flag; a recorded string as a code span nothing breaks out of."""

from __future__ import annotations

import pytest

from bench.core.results import Ratio
from bench.render.format import change, code, factor, power, seconds, significant, wide
from tests.render.pages import outside_code, tables


def ratio(estimate: float, low: float | None, high: float | None) -> Ratio:
    return Ratio(estimate, low, high, 12, numerator="python", denominator="c", over=None, confidence=0.95)


@pytest.mark.parametrize("value, text", [(14.44, "14.4"), (1.954, "1.95"), (0.9341, "0.934"), (3456.0, "3,460"),
                                          (0.0, "0")])
def test_three_significant_digits(value, text):
    assert significant(value) == text


@pytest.mark.parametrize("value, text", [(3.456, "3.46 s"), (0.2481, "248 ms"), (0.0006, "600 µs")])
def test_a_time_carries_its_unit(value, text):
    assert seconds(value) == text


def test_a_power_of_ten_is_written_as_one():
    assert (power(1_000_000), power(20_000)) == ("10⁶", "20,000")


@pytest.mark.parametrize("r, text", [
    (ratio(18.73, 17.1, 20.6), "18.7 (17.1–20.6)"),
    (ratio(0.889, 0.794, 0.981), "1.12× slower (1.02–1.26)"),
    (ratio(1.03, 0.864, 1.14), "= (0.864–1.14)"),
    (ratio(1.64, None, None), "unbounded ⚠"),
    (ratio(36.9, 22.0, 60.1), "36.9 (22.0–60.1) ⚠"),
])
def test_a_ratio_reads_in_its_columns_sense_or_slower_or_equal(r, text):
    assert factor(r) == text


def test_an_interval_that_holds_one_names_no_direction():
    for low, high in ((0.98, 1.001), (0.999, 1.5), (0.5, 1.0)):
        text = factor(ratio(1.0, low, high))
        assert text.startswith("= ") and "slower" not in text


def test_an_estimate_lies_inside_its_interval_as_written():
    text = factor(ratio(1 / 1.0162, 1 / 1.019, 1 / 1.015))
    assert text == "1.016× slower (1.015–1.019)"
    assert factor(ratio(1.002, 1.001, 1.003)) == "1.002 (1.001–1.003)"


def test_flags_follow_the_number():
    assert factor(ratio(18.7, 17.1, 20.6), "ᵍ") == "18.7 (17.1–20.6) ᵍ"
    assert factor(ratio(1.6, None, None), "ᵈ") == "unbounded ⚠ ᵈ"


def test_wide_means_wider_than_a_quarter_either_side_or_unbounded():
    assert not wide(ratio(10, 8.5, 11.7)) and wide(ratio(10, 7, 14.5)) and wide(ratio(10, None, None))


@pytest.mark.parametrize("r, text", [
    (ratio(1.19, 1.05, 1.34), "+19% (+5% to +34%)"),
    (ratio(1.02, 0.97, 1.08), "= (−3% to +8%)"),
    (ratio(0.9, 0.85, 0.95), "−10% (−15% to −5%)"),
    (ratio(1.2, None, None), "unbounded ⚠"),
])
def test_a_change_reads_as_a_signed_percentage(r, text):
    assert change(r) == text


HOSTILE = ["AMD | EPYC", "two\nlines", "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))",
           "# Injected heading", "`tick` and ``two``", "https://example.com", "*bold* _it_", "\u2028sep", "`", "",
           "right\u202eleft", "\u2066isolate\u2069", "next\x85line", "\ufeffmark", "3.12\u3164", "3.12\u2800\u034f"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_recorded_string_stays_inside_its_code_span(text):
    row = f"| {code(text)} | 1 |"
    page = f"# Title\n\n| a | b |\n|---|---|\n{row}\n"
    assert [list(r.values())[1] for r in tables(page)[0]] == ["1"], "the table keeps its two cells"
    assert not any(c in code(text) for c in "\n\x85\u2028\u202e\u2066\u2069\ufeff")  # none reorders or breaks
    assert not any(c in code(text) for c in "\u3164\u2800\u034f")  # nor shows as nothing: two alike, unequal
    left = outside_code(row)
    for bad in ("<img", "](", "# Injected", "https://", "*bold*"):
        assert bad not in left
