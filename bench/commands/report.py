"""make report: render every page, its figures, gate.md and the README's tables from the JSON in
results/, timing nothing."""

from __future__ import annotations

import argparse

from bench.commands.common import render

SHARED = ("results",)


def configure(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    return render("report", args.results)
