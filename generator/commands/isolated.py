"""Run one stage in a forked child, so that its memory is gone before the next stage starts.

A build holds every summary, the merged briefing and every rendered page while it generates; the
site builder then runs as a child process of its own. Kept in one process, both are alive at once:
at 5,000 articles the generator held about 1 GB while MkDocs built (measured: 2.7 GB for the whole
build). Generating in a forked child returns that memory to the system when the child exits.

The child inherits everything (open files, the progress display, the lock) and sends back only the
result, or the exception it raised, pickled through a pipe. Where fork is unsafe (macOS with system
frameworks loaded) or missing, the function simply runs in this process.
"""

from __future__ import annotations

import os
import pickle
import sys
from typing import Any, Callable

from generator.core.errors import BuildError


def forking_is_safe() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def run_isolated(function: Callable[..., Any], *args: Any) -> Any:
    """function(*args), computed in a forked child when that is safe; its exceptions re-raised here."""
    if not forking_is_safe():
        return function(*args)
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without running the parent's cleanup
        os.close(read_end)
        status = 0
        try:
            try:
                payload = pickle.dumps((True, function(*args)))
            except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
                status = 1
                try:
                    payload = pickle.dumps((False, exc))
                except Exception:  # an exception that cannot be pickled: its text
                    payload = pickle.dumps((False, BuildError(f"{type(exc).__name__}: {exc}")))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, wait_status = os.waitpid(pid, 0)
    if not data:
        code = os.waitstatus_to_exitcode(wait_status)
        raise BuildError(f"the generator stopped (exit status {code}) before it finished; site/ was left as it was")
    ok, value = pickle.loads(data)
    if ok:
        return value
    raise value
