"""The exception hierarchy: every user-facing failure is a BriefingError with one clear line per problem."""

from __future__ import annotations

import errno
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional


@dataclass(frozen=True)
class Problem:
    """One problem in one input: `file:line: 'field': reason`."""

    file: str
    reason: str
    line: Optional[int] = None
    field: Optional[str] = None
    warning: bool = False

    def __str__(self) -> str:
        where = one_line(self.file) if self.line is None else f"{one_line(self.file)}:{self.line}"
        what = f"'{one_line(self.field)}': {one_line(self.reason)}" if self.field else one_line(self.reason)
        return f"{where}: {'warning: ' if self.warning else ''}{what}"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """Text from a file name, key or value, with control characters (newlines too) written as escapes:
    a problem is always one line, and a terminal never receives escape sequences from content."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class BriefingError(Exception):
    """Base of every error the CLI reports without a traceback."""

    exit_code = 1
    # What a program we ran printed (the site builder's traceback): shown only with --debug.
    debug_lines: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """The messages to print, one per problem."""
        return [str(self)]


class ContentError(BriefingError):
    """Problems in the project's content (articles, summaries, entities.yml, templates): exit 1."""

    def __init__(self, problems: list[Problem]):
        self.problems = [p for p in problems if not p.warning] or problems
        super().__init__("; ".join(str(p) for p in self.problems))

    def __reduce__(self):
        return (type(self), (self.problems,))  # pickled whole: a build's child process sends it back

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class ConfigError(BriefingError):
    """mkdocs.yml or the generator's options are wrong: exit 1."""


class BuildError(BriefingError):
    """The site builder failed or the output could not be written: exit 1."""


class MachineError(BriefingError):
    """The machine failed the build, not the content: no space, no permission, a read-only disk, a file
    gone, too many open files. One line: the path, the reason, what to do about it. Exit 1."""


# errno -> (the reason as a person says it, what they can do). The ones the build meets in practice;
# any other OSError still gets one line with the system's own wording.
FAULTS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("no space left on the device", "free some space there and build again"),
    errno.EDQUOT: ("disk quota exceeded", "free some space or ask for a larger quota, then build again"),
    errno.EACCES: ("permission denied", "give your user access to it (`ls -l` shows its owner) or build a copy of the project you own"),
    errno.EPERM: ("operation not permitted", "give your user access to it (`ls -l` shows its owner) or build a copy of the project you own"),
    errno.EROFS: ("read-only file system", "remount it read-write, or copy the project to a writable disk and build there"),
    errno.ENOENT: ("disappeared during the build (deleted or moved by another program)", "build again when that program is done"),
    errno.ENOTDIR: ("a folder on the way was replaced by a file during the build", "build again when the other program is done"),
    errno.EMFILE: ("too many open files for this process", "raise the limit (`ulimit -n 4096` in this shell) and build again"),
    errno.ENFILE: ("too many open files on the whole system", "close some programs and build again"),
    errno.EIO: ("input/output error", "the disk may be failing: check the system log (`dmesg`), then build again"),
}


def size_text(size: int) -> str:
    """A size as a person reads it: 24 KB, 3.5 MB, 1.2 GB."""
    for unit, scale in (("GB", 2**30), ("MB", 2**20)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{max(1, round(size / 1024))} KB"


def fault_reason(exc: OSError) -> str:
    """`reason; what to do` for an OSError, for a Problem that names its file itself."""
    reason, advice = FAULTS.get(exc.errno, (exc.strerror or str(exc), "fix that and build again"))
    return f"{reason}; {advice}"


def machine_error(exc: OSError, root: Optional[Path] = None, note: str = "") -> MachineError:
    """One clear line for an OSError: `path: reason; what to do` (+ a note on what was kept)."""
    reason, advice = FAULTS.get(exc.errno, (exc.strerror or str(exc), "fix that and build again"))
    if exc.errno == errno.EMFILE:
        try:
            import resource

            reason += f" (the limit is {resource.getrlimit(resource.RLIMIT_NOFILE)[0]})"
        except (ImportError, OSError, ValueError):
            pass
    path = exc.filename
    where = (relpath(Path(os.fsdecode(path)), root) if root is not None else os.fsdecode(path)) if path else ""
    text = f"{one_line(where) + ': ' if where else ''}{reason}; {advice}"
    return MachineError(text + (f" ({note})" if note else ""))


@contextmanager
def machine_faults(root: Optional[Path] = None, note: str = "") -> Iterator[None]:
    """Turn an OSError from the block into a MachineError with paths relative to `root`."""
    try:
        yield
    except OSError as exc:
        raise machine_error(exc, root, note) from exc


class UsageError(BriefingError):
    """The command line is wrong (missing project, bad option): exit 2."""

    exit_code = 2


def relpath(path: Path, root: Path) -> str:
    """A path as the user knows it: relative to the project root where possible.

    The file itself is never resolved: a symbolic link is named as the link, and a looping one
    does not raise.
    """
    candidates = [(path.absolute(), root.absolute())]
    try:
        candidates.append((path.parent.resolve() / path.name, root.resolve()))
    except (OSError, RuntimeError):
        pass
    for full, base in candidates:
        try:
            return str(full.relative_to(base))
        except ValueError:
            continue
    return str(path)
