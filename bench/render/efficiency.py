"""Where each parallel program's efficiency goes: its loss against its serial version's time / threads, in parts."""

from __future__ import annotations

from bench.core.results import Breakdown, ThreadsResult
from bench.render.format import ms
from bench.render.markdown import table


def part(value: float | None, measured: float) -> str:
    """1.20 (+1.6): a part of the loss in ms and the points of efficiency it costs."""
    if value is None:
        return "—"
    points = f"{value / measured * 100:+.1f}".replace("-", "−")
    return f"{ms(abs(value)) if value >= 0 else '−' + ms(-value)} ({points})"


def row(name: str, b: Breakdown) -> list[str]:
    lost = b.measured - b.ideal
    tail = part(b.tail, b.measured) + (f" at {b.block:,} per block" if b.block and b.tail is not None else "")
    return [f"`{name}`", str(b.threads), ms(b.ideal), ms(b.measured), f"{b.ideal / b.measured:.1%}",
            *[part(v, b.measured) for v in (lost, b.serial_start, b.thread_start, b.per_worker)], tail,
            part(b.rest, b.measured), str(b.rounds) if b.rounds is not None else "—"]


def efficiency_section(threads: ThreadsResult) -> str:
    rows = [row(e.name, p.breakdown) for e in threads.implementations for p in e.points if p.breakdown]
    if not rows:
        return ""
    return "\n".join([
        "### Where the efficiency goes",
        "",
        table(["program", "threads", "ideal [ms] (serial version / threads)", "measured [ms]",
               "efficiency of the medians", "lost [ms] (points)", "process start [ms] (points)",
               "thread or pool start [ms] (points)", "per-worker slowdown [ms] (points)", "tail [ms] (points)",
               "the rest [ms] (points)", "rounds"], rows),
        "",
        "Each part is in ms and in points of efficiency (part / measured), and the parts add up to the loss "
        "(measured − ideal). Each is a median over the rounds above that ran the serial version and the program "
        "on 1 and on N threads, each also at the start-up LIMIT (the last column); the efficiency here is that of "
        "those medians, and can differ from the within-round efficiency of the table above by their noise. "
        "On 1 thread the row compares one worker with the serial loop on the same numbers.",
        "",
        "- **Process start:** the serial version's start-up less its 1/N share: loading the program, which no "
        "thread shares. For numba it includes importing numba and compiling the serial function.",
        "- **Thread or pool start:** the program's start-up on N threads less the serial version's: creating "
        "threads or goroutines, starting and stopping a process pool; for numba, compiling the parallel version too.",
        "- **Per-worker slowdown:** (the program's compute on 1 thread − the serial version's) / N, where compute "
        "is the time less the start-up: each worker running slower than the serial loop on the same numbers.",
        "- **Tail:** the wait after the last block is handed out, computed rather than timed: the trial "
        "divisions of every block are counted, the blocks are handed out as the program does (to the first "
        "worker free, or dealt in turn for numba), and the finish beyond work / N is converted to time at the "
        "1-thread speed. It is what the block size costs. `c-openmp`'s block size was chosen by timing four "
        "schedules and sizes (the numbers are in c/count_primes_openmp.c); Go's and numba's follow it, and the "
        "pool's is larger because each block is a message between processes. This column shows what each "
        "size leaves idle at this thread count.",
        "- **The rest:** what the parts above leave, not timed on its own: synchronisation (claiming blocks, "
        "the final reduction or join), contention between the workers, and the kernel's placement of them. "
        "Negative when a part above is overestimated by noise.",
    ])
