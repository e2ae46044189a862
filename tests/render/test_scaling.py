"""scaling.md: growth, the thread sweep and where the efficiency goes, each a table read from the records."""

from __future__ import annotations

from bench.analyse.derive import load
from bench.core.results import Breakdown, ScalingResult, ThreadsResult
from bench.render.format import NONE, factor, ms
from bench.render.host import scaling_page
from tests.doctor import FIXTURES
from tests.render.pages import table_with


def threads() -> ThreadsResult:
    return load(FIXTURES / "threads.json", ThreadsResult)


def test_every_point_of_the_sweep_is_a_row_with_its_speedup():
    data = threads()
    rows = table_with(scaling_page(None, data), "efficiency")
    points = [(e, p) for e in data.implementations for p in e.points]
    assert len(rows) == len(points)
    for row, (e, p) in zip(rows, points):
        assert row["program"] == f"`{e.name}`" and row["workers"] == str(p.threads)
        assert row["× faster than its serial version"] == factor(p.speedup)
        assert row["median [ms]"] == ms(p.timing.estimate)


def test_each_part_of_the_lost_efficiency_is_a_column():
    data = threads()
    assert "efficiency goes" not in scaling_page(None, data), "a file without breakdowns shows none"
    point = data.implementations[0].points[-1]
    point.breakdown = Breakdown(threads=2, block=1024, ideal=0.050, measured=0.055, serial_start=0.0005,
                                thread_start=0.001, per_worker=0.002, tail=None, tail_share=None, rest=0.0014)
    row, = table_with(scaling_page(None, data), "per-worker slowdown [ms]")
    assert [row[k] for k in ("ideal [ms]", "measured [ms]", "process start [ms]", "thread or pool start [ms]",
                             "per-worker slowdown [ms]", "tail [ms]", "the rest [ms]")] == \
        ["50.0", "55.0", "0.500", "1.00", "2.00", NONE, "1.40"]


def test_the_growth_table_has_a_row_per_program():
    data = load(FIXTURES / "scaling.json", ScalingResult)
    rows = table_with(scaling_page(data, None), "fitted over")
    assert [r["program"] for r in rows] == [f"`{e.name}`" for e in data.implementations]
    assert all(r["start-up [ms]"] == ms(e.startup.estimate) for r, e in zip(rows, data.implementations))
