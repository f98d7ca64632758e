"""Peak memory of a whole process tree: what a build really holds at once.

`getrusage` reports the largest single process, but a build is the generator *and* the site builder
it runs as a child, alive at the same time. A thread samples the summed proportional memory (PSS) of a
process and all its descendants (Linux /proc) every 0.2 s while a block runs.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from typing import Iterator

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def tree_rss(pid: int) -> int:
    """Bytes resident in `pid` and every process below it (0 where /proc is not there)."""
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return 0
    for entry in entries:
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _proportional(current)
        stack += children.get(current, [])
    return total


def _proportional(pid: int) -> int:
    """A process's proportional set size: forked pool workers share the parent's pages, and summing
    their RSS would count the spaCy model once per worker."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return 0


@contextmanager
def peak_tree_mb(into: dict, key: str, children_only: bool = False) -> Iterator[None]:
    """Store in into[key] the peak MB of this process's tree while the block runs; `children_only`
    leaves this process out (a build it runs as a command is measured without the benchmark's own data)."""
    peak = [0]
    done = threading.Event()
    me = os.getpid()

    def sample() -> None:
        while not done.is_set():
            total = tree_rss(me) - (_proportional(me) if children_only else 0)
            peak[0] = max(peak[0], total)
            done.wait(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        into[key] = round(peak[0] / 2**20)
