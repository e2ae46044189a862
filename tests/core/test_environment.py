"""What a result records of its machine, and the readable folder name each machine's results get."""

from __future__ import annotations

import re

import pytest

from bench.core.environment import host_slug, machine, plain, source, this_host
from bench.core.results import CHECKS


@pytest.mark.parametrize("cpu, cpus, slug", [
    ("Intel(R) Xeon(R) Processor", 2, "intel-xeon-2cpu"),
    ("Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", 16, "intel-xeon-gold-6248-16cpu"),
    ("AMD EPYC 9R14 96-Core Processor", 2, "amd-epyc-9r14-2cpu"),
    ("AMD Ryzen 9 7950X 16-Core Processor", 32, "amd-ryzen-9-7950x-32cpu"),
    ("Neoverse-N1", 4, "neoverse-n1-4cpu"),
    ("", 8, "unknown-cpu-8cpu"),
])
def test_a_host_is_named_by_its_cpu_model_and_count(cpu, cpus, slug):
    assert host_slug(cpu, cpus) == slug


def test_this_host_is_a_folder_name():
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*-\d+cpu", this_host())


def test_the_machine_record_names_cpu_count_and_architecture():
    m = machine()
    assert m.cpu and m.online_cpus >= 1 and 1 <= m.usable_cpus <= m.online_cpus and m.arch


def test_the_source_names_a_commit():
    assert source().commit


def test_what_a_machine_says_of_itself_is_recorded_as_printable_ascii_which_loading_requires():
    said = "Debian GNU/Linux 13 (tr\u00e9s)\tAMD EPYC \u05d3"
    assert plain(said) == "Debian GNU/Linux 13 (tr?s)?AMD EPYC ?"
    fits, _ = CHECKS["ascii"]
    assert fits(plain(said)) and not fits(said)
    here = machine()
    assert all(fits(text) for text in (here.cpu, here.os, here.kernel, here.arch))
