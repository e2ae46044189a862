"""Many machines, one report: each host's page from its own files, the cross-machine page side by side,
no page that mixes machines, and README.md's headline rendered from the committed results, never typed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bench.commands import main as harness
from bench.core import article
from bench.core.hosts import host_folders
from bench.core.paths import HOSTS, README, RESULTS
from bench.core.results import BenchResult, Ratio, load
from bench.render.format import factor, seconds, significant, times_text
from bench.render.hosts import BEGIN, END, Host, factor_cell, faster_table, headline, updated
from bench.render.report import host_files, report_files

FIXTURES = Path(__file__).parent.parent / "fixtures"
FILES = ("primes.json", "scaling.json", "threads.json")
OTHER_CPU = "Synthetic Test CPU 9000"


def results_with_two_hosts(tmp_path: Path) -> Path:
    """The recorded host, and a copy of it that claims another CPU and another speed."""
    results = tmp_path / "results"
    for host in ("recorded-2cpu", "synthetic-64cpu"):
        (results / HOSTS / host).mkdir(parents=True)
        for name in FILES:
            shutil.copy(FIXTURES / name, results / HOSTS / host / name)
    for name in FILES:
        path = results / HOSTS / "synthetic-64cpu" / name
        data = json.loads(path.read_text())
        data["environment"]["machine"]["cpu"] = OTHER_CPU
        data["environment"]["machine"]["online_cpus"] = 64
        path.write_text(json.dumps(data))
    return results


def test_report_shows_both_hosts_side_by_side_and_gives_each_its_own_page(tmp_path):
    results = results_with_two_hosts(tmp_path)
    assert harness(["report", "--results", str(results)]) == 0
    cross = (results / "primes.md").read_text()
    rows = [line for line in cross.splitlines() if line.startswith("| [`")]
    assert len(rows) == 2
    assert "[`recorded-2cpu`](hosts/recorded-2cpu/primes.md)" in rows[0]
    assert f"[`synthetic-64cpu`](hosts/synthetic-64cpu/primes.md) | {OTHER_CPU} | not recorded | 64 |" in rows[1]
    speedups = cross.split("**The speedup over its serial version**")[1]
    assert [line.split(" | ")[0] for line in speedups.splitlines() if line.startswith("| `")] == \
        ["| `recorded-2cpu`", "| `synthetic-64cpu`"], "one row per host"
    faster = cross.split("## × faster than CPython")[1].split("## Claims")[0]
    assert faster.strip() == faster_table(hosts_of(results)).strip(), "the README's table, from the same rendering"
    claims = cross.split("## Claims")[1]
    assert [line.split(" | ")[0] for line in claims.splitlines() if line.startswith("| `")][:2] == \
        ["| `recorded-2cpu`", "| `synthetic-64cpu`"], "each host's verdicts on the cross-machine page"
    for host in ("recorded-2cpu", "synthetic-64cpu"):
        assert (results / HOSTS / host / "primes.md").exists()


def hosts_of(results: Path) -> list[Host]:
    return [Host(f.name, load(f / "primes.json", BenchResult)) for f in host_folders(results)]


def test_the_headline_gives_each_host_a_row_of_ratios_and_counts_the_machines_of_each_verdict(tmp_path):
    hosts = hosts_of(results_with_two_hosts(tmp_path))
    # The second machine: C only 9× faster than CPython, outside the article's 10-40x.
    slow = next(r for r in hosts[1].bench.ratios if r.is_for("python", "c"))
    slow.estimate, slow.low, slow.high = 9.0, 8.9, 9.1
    for name, median in (("python", 3.0), ("go", 0.3)):  # and slower than the first
        hosts[1].bench.entry(name).timing.median = median
    text = headline(hosts)
    lines = text.splitlines()
    rows = [line for line in lines if line.startswith("| `")]
    assert [row.split(" | ")[0] for row in rows] == ["| `recorded-2cpu`", "| `synthetic-64cpu`"]
    r = hosts[0].bench.ratio("python", "c")
    assert f"| {times_text(r.estimate, r.low, r.high)} |" in rows[0] and "| 9.00× faster (8.90–9.10) |" in rows[1]
    assert "`c-openmp`, 2 workers" in text and "`python-multiprocessing`, 2 workers" in text
    assert f"C is **{significant(9.0)}× to {significant(r.estimate)}× faster**" in lines[0], "the spread"
    claims = [line for line in lines if line.startswith("- **")]
    assert [c.split(":**")[0] for c in claims] == [f"- **{c.says}" for c in article.CLAIMS]
    for claim, key in zip(claims[:2], ("python", "go")):
        assert "** here " in claim and "on a machine it does not name: compared, not judged." in claim
        assert "holds" not in claim, "the article's times are compared, not judged"
        medians = sorted(h.bench.entry(key).timing.median for h in hosts)
        figure = next(c.claimed for c in article.CLAIMS if c.key == key)
        assert (f"here {seconds(medians[0])}–{seconds(medians[-1])}, {factor(figure / medians[0])} to "
                f"{factor(figure / medians[-1])} than") in claim, "each time with its own factor, in order"
    assert "does not hold on 2 of 2 machines: `go` " in claims[2]
    assert (f"holds on 1 of 2 machines (`recorded-2cpu`), does not hold for `c` and holds for `go` on 1 of 2 "
            "machines (`synthetic-64cpu`); from machine to machine, "
            f"`c` 9.00× faster to {factor(r.estimate)} than `python`; `go` ") in claims[3]
    assert "results/primes.md#claims" in text


def test_with_one_host_each_claim_reads_as_that_hosts_verdict(tmp_path):
    hosts = hosts_of(results_with_two_hosts(tmp_path))[:1]
    text = headline(hosts)
    r = hosts[0].bench.ratio("python", "go")
    faster, bounds = times_text(r.estimate, r.low, r.high).split(" (")
    assert f"- **{article.CLAIMS[2].says}:** does not hold: `go` {faster} than `python` ({bounds}" in text
    assert "machines" not in text and "#claims" not in text


def test_a_host_that_timed_c_but_not_go_still_counts_in_the_headline(tmp_path):
    hosts = hosts_of(results_with_two_hosts(tmp_path))
    hosts[1].bench.ratios = [r for r in hosts[1].bench.ratios if not r.is_for("python", "go")]
    c = hosts[0].bench.ratio("python", "c")
    go = hosts[0].bench.ratio("python", "go")
    assert headline(hosts[1:]).startswith(f"Counting the primes below 1,000,000 by trial division, C is **"
                                          f"{significant(c.estimate)}× faster than CPython** on `synthetic-64cpu`")
    first = headline(hosts).splitlines()[0]
    assert f"C is **{significant(c.estimate)}× faster** and Go **{significant(go.estimate)}× faster** than CPython" \
        in first
    assert "over the 2 machines measured" in first


def test_a_host_without_cpython_gets_a_headline_that_says_so(tmp_path):
    hosts = hosts_of(results_with_two_hosts(tmp_path))
    for h in hosts:
        h.bench.ratios = [r for r in h.bench.ratios if r.numerator != "python"]
    text = headline(hosts)
    assert text.startswith("No machine has timed C or Go beside CPython yet")
    assert "| `recorded-2cpu` | — | — |" in text and "| `synthetic-64cpu` | — | — |" in text


def test_with_one_host_the_cross_machine_page_repeats_no_table_of_the_readme(tmp_path):
    results = tmp_path / "results"
    shutil.copytree(results_with_two_hosts(tmp_path / "two") / HOSTS / "recorded-2cpu",
                    results / HOSTS / "recorded-2cpu")
    readme = tmp_path / "README.md"
    readme.write_text(f"# primes\n{BEGIN}\n{END}\n")
    files = report_files(results, readme)
    cross, shown = files[results / "primes.md"], files[readme]
    readme_rows = {line for line in shown.splitlines() if line.startswith("|") and "|---" not in line}
    assert len(readme_rows) == 2, "the heading and the one host's row"
    assert not readme_rows & set(cross.splitlines())
    assert "× faster than CPython" not in cross and "## Claims" not in cross and "- **" not in cross


def test_no_page_mixes_hosts(tmp_path):
    results = results_with_two_hosts(tmp_path)
    assert harness(["report", "--results", str(results)]) == 0
    recorded_cpu = json.loads((FIXTURES / "primes.json").read_text())["environment"]["machine"]["cpu"]
    synthetic = (results / HOSTS / "synthetic-64cpu" / "primes.md").read_text()
    original = (results / HOSTS / "recorded-2cpu" / "primes.md").read_text()
    assert OTHER_CPU in synthetic and recorded_cpu not in synthetic
    assert OTHER_CPU not in original and recorded_cpu in original
    assert "recorded-2cpu" not in synthetic and "synthetic-64cpu" not in original
    assert synthetic.replace(OTHER_CPU, recorded_cpu).replace("64 online CPUs", "2 online CPUs") \
        .replace(", 64 CPUs", ", 2 CPUs") == original


def test_a_host_with_only_scaling_results_gets_its_own_page_but_no_row(tmp_path):
    pytest.importorskip("matplotlib", reason="matplotlib is not importable: `make test` installs it into .venv")
    results = results_with_two_hosts(tmp_path)
    folder = results / HOSTS / "only-scaling-2cpu"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "scaling.json", folder / "scaling.json")
    assert harness(["report", "--results", str(results)]) == 0
    assert (folder / "time-vs-limit.svg").exists()
    page = (folder / "primes.md").read_text()
    assert page.startswith("# Growth and threads on ") and "## Growth with LIMIT" in page
    assert "only-scaling-2cpu" not in (results / "primes.md").read_text()


def test_a_cell_wider_than_the_pages_bound_carries_the_same_mark_as_on_the_host_page():
    def ratio(low: float | None, high: float | None, half_width: float | None) -> Ratio:
        return Ratio("python", "c-openmp", None, 34.1, low, high, half_width, 0.95, 10)
    assert factor_cell(ratio(33.9, 34.3, 0.006)) == "34.1× faster (33.9–34.3)"
    assert factor_cell(ratio(18.7, 35.1, 0.315)) == "34.1× faster (18.7–35.1) ⚠"
    assert factor_cell(ratio(None, None, None)).endswith(" ⚠")


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
    assert block[0].startswith("Counting the primes below") and "faster** than CPython" in block[0]
    assert any(line.startswith("| Host | `c` |") for line in block), "× faster than CPython, a row per host"
    assert sum(line.startswith("- **") for line in block) == len(article.CLAIMS), "each claim of the article"
    assert {"make bench", "make test"} <= {line.split("#")[0].strip() for line in first}


def test_update_replaces_only_the_block():
    readme = f"intro\n{BEGIN}\nold\n{END}\noutro\n"
    assert updated(readme, "new") == f"intro\n{BEGIN}\nnew\n{END}\noutro\n"
