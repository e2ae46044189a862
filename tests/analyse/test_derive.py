"""Every statistic of a file is computed from its runs when it is read: a small file whose times are chosen
gives back those times, their ratios within each round, and each program's start-up, and nothing stored."""

from __future__ import annotations

import pytest

from bench.analyse.derive import summary
from bench.core.results import SchemaError
from tests.doctor import small, small_primes

TIMES = {"c": 0.01, "python": 1.0, "c-openmp": 0.005, "primesieve": 0.002}


def test_timings_ratios_and_start_ups_are_what_the_runs_give(tmp_path):
    data = small(tmp_path, TIMES, ("python/c", "c/c-openmp", "compute python/c"))
    assert data.entry("python").timing.estimate == pytest.approx(1.0, rel=0.001)
    assert data.entry("python").startup.estimate == pytest.approx(0.01, rel=0.001)
    python_c, c_openmp, compute = data.ratios[:3]  # then those of the first table and the claims
    assert (python_c.numerator, python_c.denominator, python_c.rounds) == ("python", "c", 20)
    assert python_c.low < 100 < python_c.high and python_c.estimate == pytest.approx(100, rel=0.002)
    assert c_openmp.estimate == pytest.approx(2, rel=0.002) and compute.compute
    assert data.expected == 78_498 and data.entry("primesieve").answer.expected == 78_498


def test_the_file_holds_runs_only_and_summary_json_every_ratio_computed(tmp_path):
    def keys(value: object) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        return {k for v in value for k in keys(v)} if isinstance(value, list) else set()
    written = small_primes(TIMES, ("python/c",))
    assert not keys(written) & {"timing", "startup", "estimate", "low", "high", "expected", "costs", "divisions"}
    assert "ratios" not in written and written["session"]["ratios"] == ["python/c", "c/c-openmp", "python/c-openmp"]
    out = summary(small(tmp_path, TIMES, ("python/c",)))  # asked for by name, and those the first table shows
    ratio = out["ratios"][0]
    assert ratio["name"] == "python/c" and ratio["low"] < ratio["estimate"] < ratio["high"]
    assert [s["name"] for s in out["seconds"]] == list(TIMES)


def test_a_placement_variant_faster_than_its_workers_allow_is_refused_and_a_compiler_variant_is_not(tmp_path):
    with pytest.raises(SchemaError, match="5× faster than c-openmp, the same program placed otherwise, on 2 CPU"):
        small(tmp_path / "placed", {"c": 0.2, "c-openmp": 0.5, "c-openmp-unbound": 0.1})
    with pytest.raises(SchemaError, match="6× slower than c-openmp, the same program placed otherwise"):
        small(tmp_path / "slow", {"c": 0.2, "c-openmp": 0.1, "c-openmp-unbound": 0.6})
    assert small(tmp_path / "near", {"c": 0.2, "c-openmp": 0.1, "c-openmp-unbound": 0.13}).entry("c-openmp-unbound")
    assert small(tmp_path / "compiled", {"c": 0.2, "c-clang": 0.1}).entry("c-clang").variant_of == "c"
