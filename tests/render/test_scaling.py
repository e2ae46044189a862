"""Where a parallel program's efficiency goes, as the thread page shows it."""

from __future__ import annotations

from pathlib import Path

from bench.core.results import Breakdown, ThreadsResult, load
from bench.render.scaling import efficiency_section, part

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_each_part_is_shown_in_time_and_in_points_that_add_up_to_the_loss():
    data = load(FIXTURES / "threads.json", ThreadsResult)
    assert efficiency_section(data) == "", "a file without breakdowns shows none"
    point = data.implementations[0].points[-1]
    point.breakdown = Breakdown(threads=2, block=1024, ideal=0.050, measured=0.055, serial_start=0.0005,
                                thread_start=0.001, per_worker=0.002, tail=0.0001, tail_share=0.002, rest=0.0014)
    text = efficiency_section(data)
    row = next(line for line in text.splitlines() if line.startswith(f"| `{data.implementations[0].name}` |"))
    assert row == (f"| `{data.implementations[0].name}` | 2 | 50.0 | 55.0 | 90.9% | 5.00 (+9.1) | 0.500 (+0.9) | "
                   "1.00 (+1.8) | 2.00 (+3.6) | 0.100 (+0.2) at 1,024 per block | 1.40 (+2.5) | — |")
    assert "| lost [ms] (points) |" in text, "one unit per column, in its header"
    assert "The rest:" in text and "computed rather than timed" in text


def test_a_negative_part_keeps_its_sign():
    assert part(-0.002, 0.1) == "−2.00 (−2.0)"
    assert part(None, 0.1) == "—"
