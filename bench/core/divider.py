"""Published costs of integer division, per microarchitecture: what the trial-division loop's divider
allows, beside what bench/helpers/divider.c measures on the host. Only measured figures are listed
(uops.info's), not compilers' scheduling models, which for several cores are far from measurement."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Published:
    """Cycles of the unsigned divide (DIV) on one core, as measured: reciprocal throughput and latency (a
    range where it depends on the operands), 64-bit and 32-bit."""

    core: str  # the core the figures were measured on
    div64_throughput: float
    div64_latency: str
    div32_throughput: float
    div32_latency: str
    source: str


UOPS_INFO = "uops.info: https://uops.info/html-instr/DIV_R64.html and https://uops.info/html-instr/DIV_R32.html"
GOLDEN_COVE = Published("Golden Cove (measured on Alder Lake-P)", 10.0, "14–18", 6.0, "10–15", UOPS_INFO)
# Alder Lake's and Sapphire Rapids' cores are Golden Cove; Raptor Lake's and Emerald Rapids' are Raptor
# Cove, its revision with the same execution units.
PUBLISHED = {"Alder Lake": GOLDEN_COVE, "Raptor Lake": GOLDEN_COVE, "Sapphire Rapids": GOLDEN_COVE,
             "Emerald Rapids": GOLDEN_COVE,
             "Rocket Lake": Published("Cypress Cove (measured on Rocket Lake)", 10.0, "14–18", 6.0, "10–15", UOPS_INFO)}


def published(microarchitecture: str) -> Published | None:
    """The figures for a core, or None where none is listed (the page then shows the probe's alone)."""
    return PUBLISHED.get(microarchitecture)
