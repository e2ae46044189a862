"""make bench's plan: every ratio the page shows, and the article's claims judge, is measured within the rounds."""

from __future__ import annotations

from bench.analyse.rounds import RatioSpec
from bench.core import article, manifest
from bench.measure.bench import COMPUTE_LIMIT, ratio_specs


def test_the_gil_claims_speedups_are_measured_within_the_rounds():
    specs = ratio_specs(manifest.load(resolve=False).implementations, article.LIMIT)
    for twin, threads in (article.GIL_THREADS, article.FREE_THREADED):
        assert RatioSpec(twin, threads) in specs, f"{threads} over {twin}"
        assert RatioSpec(twin, threads, compute=True) in specs
    assert RatioSpec("python", article.FREE_THREADED[1]) in specs  # the free-threaded threads over the GIL's one
    assert RatioSpec(article.FREE_THREADED[0], "python") in specs  # what the free-threaded build costs one thread


def test_a_ratio_is_measured_only_where_both_of_its_programs_run():
    impls = [i for i in manifest.load(resolve=False).implementations if not i.name.startswith("python-ft")]
    specs = ratio_specs(impls, COMPUTE_LIMIT)
    assert RatioSpec(*article.GIL_THREADS) in specs
    assert not [s for s in specs if any(name.startswith("python-ft") for name in s.names)]
