"""What the gate concludes for one implementation from its two signals."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from bench.analyse.intervals import InstructionChange, wanted_half_width
from bench.core.results import Estimate

# Above this spread between two identical base runs, the threshold (INSTRUCTION_SPREADS x spread)
# passes slowdowns the time signal catches: the implementation is then judged on time only.
MAX_INSTRUCTION_SPREAD = 0.002


class GateVerdict(Enum):
    ADDED = "added"  # on the head side only
    REMOVED = "removed"  # on the base side only
    REGRESSION = "regression"
    FASTER = "faster"
    IMPRECISE = "imprecise"  # no regression seen, but the interval could hide one
    OK = "ok"


@dataclass
class Outcome:
    """What the gate found for one implementation."""

    name: str
    kind: str
    limit: int = 0  # the size both sides counted to
    status: str = "compared"  # or "added" / "removed": on one side only
    base_instructions: list[int] = field(default_factory=list)
    head_instructions: int | None = None
    instructions: InstructionChange | None = None
    instruction_note: str = ""
    clock: str = ""  # "cpu" or "wall": what the time signal compares
    time: Estimate | None = None
    time_verdict: str = ""
    time_seconds: float = 0.0
    # Each side's seconds per run on the clock: the median over the rounds, with the median's interval.
    base_time: Estimate | None = None
    head_time: Estimate | None = None

    @property
    def imprecise(self) -> bool:
        """The interval is wider than the one that catches a TIME_DETECT slowdown TIME_POWER of the time."""
        width = self.time.half_width if self.time is not None else None
        return self.time is not None and (width is None or width > wanted_half_width())

    @property
    def regressions(self) -> list[str]:
        found = []
        if self.instructions is not None and self.instructions.regressed:
            found.append("instructions")
        if self.time_verdict == "slower":
            found.append("time")
        return found

    @property
    def verdict(self) -> GateVerdict:
        if self.status != "compared":
            return GateVerdict(self.status)
        if self.regressions:
            return GateVerdict.REGRESSION
        if self.time_verdict == "faster":
            return GateVerdict.FASTER
        return GateVerdict.IMPRECISE if self.imprecise else GateVerdict.OK


def time_only(change: InstructionChange, processes: int) -> str:
    """Why the instruction signal means nothing for a program, or '' when it does.

    Work split among several processes by the scheduler (a multiprocessing pool) changes with each
    run: identical runs were measured 6% apart, though two runs may happen to agree.
    """
    if processes > 1:
        return f"time only: {processes} processes share the work as the scheduler decides"
    if change.spread > MAX_INSTRUCTION_SPREAD:
        return f"time only: instructions vary {change.spread:.1%} between identical runs"
    return ""


def clock_for(kind: str) -> str:
    """Parallel programs are judged on wall time (imbalance shows there), serial ones on CPU time."""
    return "wall" if kind == "parallel" else "cpu"
