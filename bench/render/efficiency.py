"""Where each parallel program's efficiency goes: its loss against the twin's time / threads, in parts."""

from __future__ import annotations

from bench.core.results import Breakdown, ThreadsResult
from bench.render.format import seconds
from bench.render.markdown import table


def part(value: float | None, measured: float) -> str:
    """1.2 ms (1.6 pts): a part of the loss and the points of efficiency it costs."""
    if value is None:
        return "—"
    points = f"{value / measured * 100:+.1f}".replace("-", "−")
    return f"{seconds(abs(value)) if value >= 0 else '−' + seconds(-value)} ({points} pts)"


def row(name: str, b: Breakdown) -> list[str]:
    lost = b.measured - b.ideal
    tail = part(b.tail, b.measured) + (f" at {b.block:,} per block" if b.block and b.tail is not None else "")
    return [f"`{name}`", str(b.threads), seconds(b.ideal), seconds(b.measured), f"{b.ideal / b.measured:.1%}",
            part(lost, b.measured), part(b.serial_start, b.measured), part(b.thread_start, b.measured),
            part(b.per_worker, b.measured), tail, part(b.rest, b.measured)]


def efficiency_section(threads: ThreadsResult) -> str:
    rows = [row(e.name, p.breakdown) for e in threads.implementations for p in e.points if p.breakdown]
    if not rows:
        return ""
    return "\n".join([
        "### Where the efficiency goes",
        "",
        table(["Implementation", "Threads", "Ideal (twin / threads)", "Measured", "Efficiency", "Lost",
               "Process start", "Thread or pool start", "Per-worker slowdown", "Tail", "The rest"], rows),
        "",
        "Each part is in time and in points of efficiency (part / measured), and the parts add up to the loss "
        "(measured − ideal). All come from the same rounds as the table above, each a median over the rounds "
        "that ran the twin and the program on 1 and on N threads, each also at the start-up LIMIT:",
        "",
        "- **Process start:** the twin's start-up less its 1/N share: loading the program, which no thread "
        "shares.",
        "- **Thread or pool start:** the program's start-up on N threads less the twin's (creating threads or "
        "goroutines, starting and stopping a process pool).",
        "- **Per-worker slowdown:** (the program's compute on 1 thread − the twin's compute) / N, where compute "
        "is the time less the start-up: each worker running slower than the serial loop on the same numbers.",
        "- **Tail:** the wait after the last block is handed out, computed rather than timed: the trial "
        "divisions of every block are counted, the blocks are handed in order to the first worker free, and "
        "the finish beyond work / N is converted to time at the 1-thread speed. It is what the block size "
        "costs; each block size was chosen by timing a few sizes, and the numbers are in the program's source.",
        "- **The rest:** what the parts above leave: synchronisation (claiming blocks, the final reduction or "
        "join), contention between the workers, and the kernel's placement of them. Negative when a part "
        "above is overestimated by noise.",
    ])
