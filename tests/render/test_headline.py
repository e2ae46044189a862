"""README.md's headline is rendered from the committed results, never typed."""

from __future__ import annotations

from bench.core.hosts import host_folders
from bench.core.paths import README, RESULTS
from bench.render.headline import BEGIN, END, updated
from bench.render.hosts import headline
from bench.render.report import host_files


def test_readme_headline_matches_the_committed_results():
    hosts = [host for host, _ in (host_files(folder, None) for folder in host_folders(RESULTS)) if host]
    assert hosts, "no committed host results"
    readme = README.read_text()
    assert updated(readme, headline(hosts)) == readme, "run `make report` to refresh README.md"


def test_update_replaces_only_the_block():
    readme = f"intro\n{BEGIN}\nold\n{END}\noutro\n"
    assert updated(readme, "new") == f"intro\n{BEGIN}\nnew\n{END}\noutro\n"
