"""The exception hierarchy: every user-facing failure is a BriefingError with one clear line per problem."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional


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
