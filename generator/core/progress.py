"""Progress of long work (summarising, importing, building) on the terminal; silent with --quiet.

The stages report through a plain callback, `progress(phase, done, total)`, and know nothing of the
display: a terminal gets rich's bars (one per phase; total 0 is a spinner for work of unknown
length, such as the site builder), a log or a pipe gets one line when a phase starts, so a long
run never looks frozen and a script's output stays short.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator, Optional

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

# A log gets a line for a counted phase only from this many items: a few files take a moment.
LOG_MIN_ITEMS = 10

# (phase, done, total): "Summarising", 12, 300. total 0: work of unknown length.
ProgressCallback = Callable[[str, int, int], None]


def nothing(phase: str, done: int, total: int) -> None:
    """A callback that shows nothing (for --quiet and for library use)."""


@contextmanager
def display(enabled: bool = True, console: Optional[Console] = None) -> Iterator[ProgressCallback]:
    """A progress callback for the duration of the block: bars on a terminal, phase lines elsewhere."""
    if not enabled:
        yield nothing
        return
    console = console or Console(stderr=True)
    if not console.is_terminal:
        yield _phase_lines(console)
        return
    bars = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,  # the command's own summary line replaces the bars
    )
    tasks: dict[str, TaskID] = {}

    def update(phase: str, done: int, total: int) -> None:
        if phase not in tasks:
            for task in tasks.values():  # a new phase means the earlier ones are over
                bars.update(task, completed=bars.tasks[task].total or 1, total=bars.tasks[task].total or 1)
            tasks[phase] = bars.add_task(phase, total=total or None)
        bars.update(tasks[phase], completed=done, total=total or None)

    with bars:
        yield update


def _phase_lines(console: Console) -> ProgressCallback:
    """One line per phase with work to do, for logs and pipes (no cursor tricks)."""
    started: set[str] = set()

    def update(phase: str, done: int, total: int) -> None:
        if phase in started or 0 < total < LOG_MIN_ITEMS:
            return
        started.add(phase)
        console.print(f"{phase} ({total})…" if total else f"{phase}…", highlight=False)

    return update
