"""README.md's headline is rendered from the committed results, never typed."""

from __future__ import annotations

from bench.core.article import CLAIMS
from bench.core.hosts import host_folders
from bench.core.paths import README, RESULTS
from bench.render.hosts import BEGIN, END, headline, updated
from bench.render.report import host_files


def test_readme_headline_matches_the_committed_results():
    hosts = [host for host, _ in (host_files(folder, None) for folder in host_folders(RESULTS)) if host]
    assert hosts, "no committed host results"
    readme = README.read_text()
    assert updated(readme, headline(hosts)) == readme, "run `make report` to refresh README.md"


def test_the_readmes_first_screen_gives_the_headline_and_both_commands():
    hosts = [host for host, _ in (host_files(folder, None) for folder in host_folders(RESULTS)) if host]
    first = README.read_text().splitlines()[:40]
    assert BEGIN in first and END in first, "the headline lies within the first 40 lines"
    block = first[first.index(BEGIN) + 1:first.index(END)]
    assert block == headline(hosts).splitlines()
    assert block[0].startswith("Counting the primes below") and "faster than CPython" in block[0]
    assert any(line.startswith("| Host | `c` |") for line in block), "× faster than CPython, a row per host"
    assert sum(line.startswith("- **") for line in block) == len(CLAIMS), "each claim of the article"
    assert {"make bench", "make test"} <= {line.split("#")[0].strip() for line in first}


def test_update_replaces_only_the_block():
    readme = f"intro\n{BEGIN}\nold\n{END}\noutro\n"
    assert updated(readme, "new") == f"intro\n{BEGIN}\nnew\n{END}\noutro\n"
