"""Published costs of integer division, per microarchitecture, as data: what the trial-division loop's
divider allows, beside what bench/helpers/divider.c measures on the host.

Only measured figures are listed (uops.info's measurements), not compilers' scheduling models, which
for several cores give guesses far from measurement. A core outside this table gets the probe's figure
alone, and the page says that no published one is listed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Published:
    """Cycles of the unsigned divide (DIV) on one core, as a published table measured them: reciprocal
    throughput and latency (a range where it depends on the operands), 64-bit and 32-bit."""

    core: str  # the core the figures were measured on
    div64_throughput: float
    div64_latency: str
    div32_throughput: float
    div32_latency: str
    source: str


UOPS_INFO = "uops.info: https://uops.info/html-instr/DIV_R64.html and https://uops.info/html-instr/DIV_R32.html"
GOLDEN_COVE = Published("Golden Cove (measured on Alder Lake-P)", 10.0, "14–18", 6.0, "10–15", UOPS_INFO)
RAPTOR_COVE = Published("Golden Cove (measured on Alder Lake-P; this CPU's Raptor Cove cores are its revision, with "
                        "the same execution units)", 10.0, "14–18", 6.0, "10–15", UOPS_INFO)
CYPRESS_COVE = Published("Cypress Cove (measured on Rocket Lake)", 10.0, "14–18", 6.0, "10–15", UOPS_INFO)

# Sapphire Rapids' cores are Golden Cove, and Emerald Rapids' Raptor Cove, its revision with the same
# execution units; Alder Lake and Raptor Lake hold Golden Cove and Raptor Cove performance cores.
PUBLISHED: dict[str, Published] = {
    "Alder Lake": GOLDEN_COVE,
    "Raptor Lake": RAPTOR_COVE,
    "Sapphire Rapids": GOLDEN_COVE,
    "Emerald Rapids": RAPTOR_COVE,
    "Rocket Lake": CYPRESS_COVE,
}


def published(microarchitecture: str) -> Published | None:
    return PUBLISHED.get(microarchitecture)
