"""Summary files (content/summaries/<id>.md): read, write, and decide whether the machine may rewrite one.

A summary is the machine's until a person touches it. The machine records a fingerprint of what it
wrote (`review.content_sha256`); a file whose content no longer matches, or whose status is `edited`
or `reviewed`, is the editor's and is never overwritten. When its article changes, the machine's new
proposal goes beside it as `<id>.proposed.md`, and `briefing check` reports it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from . import summarycache, textio, yamlio
from .errors import Problem, relpath
from .models import Summary

PROPOSAL_SUFFIX = ".proposed.md"


def fingerprint(summary: Summary) -> str:
    """A hash of the summary's content, its notes included, ignoring the fingerprint and status."""
    data = summary.model_dump(mode="json")
    data["review"] = {k: v for k, v in data["review"].items() if k not in ("content_sha256", "status")}
    data["notes"] = summary.notes.strip()
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def to_text(summary: Summary) -> str:
    """The file text: YAML front matter, then the notes as the Markdown body."""
    data = summary.model_dump(mode="json", exclude_none=False)
    for entity in data["entities"]:
        if not entity.get("description"):
            entity.pop("description", None)
    body = summary.notes.strip()
    return f"---\n{yamlio.dump(data)}---\n{body + chr(10) if body else ''}"


def parse(text: str, name: str) -> Summary:
    """Parse a summary file's text; raise SummaryProblems naming each bad field."""
    from .sources import split_front_matter  # one front-matter splitter for every file kind

    fm, body, first_line = split_front_matter(text)
    if fm is None:
        raise SummaryProblems([Problem(name, "no YAML front matter (expected a '---' line first)", line=1)])
    try:
        data = yamlio.load(fm)
    except yamlio.YamlProblem as exc:
        line = exc.line + first_line - 1 if exc.line else None
        raise SummaryProblems([Problem(name, exc.reason, line=line)]) from None
    if not isinstance(data, dict):
        raise SummaryProblems([Problem(name, "front matter must be a mapping of fields", line=first_line)])
    try:
        summary = Summary.model_validate(data)
    except ValidationError as exc:
        raise SummaryProblems([_problem(name, fm, first_line, err) for err in exc.errors()]) from None
    summary.notes = body.strip()
    return summary


def _problem(name: str, fm: str, first_line: int, err: dict) -> Problem:
    field = ".".join(str(p) for p in err["loc"])
    top = str(err["loc"][0]) if err["loc"] else ""
    line = None
    for number, text in enumerate(fm.split("\n"), start=first_line):
        if text.startswith(f"{top}:"):
            line = number
            break
    reason = err["msg"]
    if err.get("type") == "extra_forbidden":
        reason = "unknown field"
    elif "input" in err and not isinstance(err["input"], (dict, list)):
        reason = f"{reason}, got {err['input']!r}"
    return Problem(name, reason, line=line, field=field)


class SummaryProblems(Exception):
    """A summary file that cannot be read, with every reason."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


def read(path: Path, root: Path) -> Summary:
    """Read one summary file."""
    return parse_bytes(path.read_bytes(), relpath(path, root))


def parse_bytes(data: bytes, name: str) -> Summary:
    """Decode and parse a summary file's bytes; raise SummaryProblems naming each bad field."""
    try:
        text = textio.decode(data)
    except textio.NotText as exc:
        raise SummaryProblems([Problem(name, str(exc))]) from None
    return parse(text, name)


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that a reader or a crash never sees it half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stamp(summary: Summary, extractor: str) -> Summary:
    """The machine's summary with its review block filled in, ready to write."""
    summary.review.status = "machine"
    summary.review.extractor = extractor
    summary.review.content_sha256 = fingerprint(summary)
    return summary


Decision = Literal["write", "keep", "propose"]


@dataclass
class Existing:
    """What is on disk for an article's summary, and whether the machine still owns it."""

    summary: Summary | None
    machine_owned: bool
    problems: list[Problem]


def inspect(path: Path, root: Path) -> Existing:
    """Read the summary on disk (if any) and decide whether a person has made it theirs."""
    if not path.exists():
        return Existing(None, True, [])
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Existing(None, False, [Problem(relpath(path, root), f"cannot read: {exc.strerror or exc}")])
    cached = summarycache.get(root, path.stem, data)
    if cached is not None:
        summary, print_ = cached.summary, cached.fingerprint
    else:
        try:
            summary = parse_bytes(data, relpath(path, root))
        except SummaryProblems as exc:
            # A file a person broke is still theirs: report it, never replace it.
            return Existing(None, False, exc.problems)
        print_ = fingerprint(summary)
        summarycache.put(root, path.stem, data, summary, print_)
    owned = summary.review.status == "machine" and summary.review.content_sha256 == print_
    return Existing(summary, owned, [])


def is_current(summary: Summary, source_sha256: str, extractor: str) -> bool:
    """True when the summary was made from this very article text by this extractor."""
    return summary.review.source_sha256 == source_sha256 and summary.review.extractor == extractor


def proposal_path(path: Path) -> Path:
    """Where the machine's proposal for an edited summary goes."""
    return path.with_name(path.name[: -len(".md")] + PROPOSAL_SUFFIX)
