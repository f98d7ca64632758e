"""Summary files (content/summaries/<id>.md): read, write, and decide whether the machine may rewrite one.

A summary is the machine's until a person touches it. The machine records a fingerprint of what it
wrote (`review.content_sha256`); a file whose content no longer matches, or whose status is `edited`
or `reviewed`, is the editor's and is never overwritten. When its article changes, the machine's new
proposal goes beside it as `<id>.proposed.md`, and `briefing check` reports it.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from generator.summarize import cache as summarycache
from generator.core import textio
from generator.core import yamlio
from generator.core.errors import Problem, relpath
from generator.core.models import Article, Summary
from generator.read.sources import is_web_url

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
    """Parse a summary file's text; raise SummaryProblems naming each bad field with its line."""
    return parse_with_lines(text, name)[0]


def parse_with_lines(text: str, name: str) -> tuple[Summary, yamlio.LineMap]:
    """A summary and the file line of each of its fields; or SummaryProblems naming each bad field."""
    from generator.read.sources import UnclosedFrontMatter, split_front_matter  # one front-matter splitter for every file kind

    try:
        fm, body, first_line = split_front_matter(text)
    except UnclosedFrontMatter as exc:
        raise SummaryProblems([Problem(name, str(exc), line=1)]) from None
    if fm is None:
        raise SummaryProblems([Problem(name, "no YAML front matter (expected a '---' line first)", line=1)])
    try:
        data, lines = yamlio.load_with_lines(fm, first_line)
    except yamlio.YamlProblem as exc:
        raise SummaryProblems([Problem(name, exc.reason, line=exc.line)]) from None
    if not isinstance(data, dict):
        raise SummaryProblems([Problem(name, "front matter must be a mapping of fields (id: ..., title: ...)", line=first_line)])
    try:
        summary = Summary.model_validate(data)
    except ValidationError as exc:
        raise SummaryProblems([_problem(name, lines, err) for err in exc.errors()]) from None
    problems = _value_problems(summary, lines, name)
    if problems:
        raise SummaryProblems(problems)
    summary.notes = body.strip()
    return summary, lines


def _problem(name: str, lines: yamlio.LineMap, err: dict) -> Problem:
    loc = tuple(err["loc"])
    reason = err["msg"]
    if err.get("type") == "extra_forbidden":
        reason = "unknown field"
    elif "input" in err and not isinstance(err["input"], (dict, list)):
        reason = f"{reason}, got {err['input']!r}"
    return Problem(name, reason, line=yamlio.line_of(lines, loc), field=".".join(map(str, loc)))


# Dates as DESIGN.md writes them: day, month, year, ISO week (2013-W11) and TimeML season (2014-SU).
TIMEX_FORMS = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2})|-(SP|SU|FA|WI))?$")
DATE_EXPECTED = "expected YYYY, YYYY-MM or YYYY-MM-DD"
TIMEX_EXPECTED = "expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www or YYYY-SP/SU/FA/WI"


def date_reason(value: str, timex: bool) -> str | None:
    """Why a date string is not a real date in the allowed forms, or None."""
    expected = TIMEX_EXPECTED if timex else DATE_EXPECTED
    match = TIMEX_FORMS.match(value)
    if not match or (not timex and (match.group(4) or match.group(5))):
        return f"{expected}, got {value!r}"
    year, month, day, week = (int(g) if g else None for g in match.groups()[:4])
    try:
        if week:
            date.fromisocalendar(year, week, 1)
        else:
            date(year, month or 1, day or 1)
    except ValueError as exc:
        return f"{expected}, got {value!r}, which is not a date ({exc})"
    return None


def _value_problems(summary: Summary, lines: yamlio.LineMap, name: str) -> list[Problem]:
    """What the schema's types cannot say: real dates, paragraph numbers from 1."""
    problems: list[Problem] = []

    def report(loc: tuple, reason: str) -> None:
        problems.append(Problem(name, reason, line=yamlio.line_of(lines, loc), field=".".join(map(str, loc))))

    if summary.url and not is_web_url(summary.url):
        report(("url",), f"expected an http(s) URL, got {summary.url!r}")
    if summary.published.date and (reason := date_reason(summary.published.date, timex=False)):
        report(("published", "date"), reason)
    for i, event in enumerate(summary.events):
        if event.date and (reason := date_reason(event.date, timex=True)):
            report(("events", i, "date"), reason)
    for kind in ("summary", "events", "figures", "quotes"):
        for i, item in enumerate(getattr(summary, kind)):
            if item.paragraph < 1:
                report((kind, i, "paragraph"), f"expected a paragraph number from 1, got {item.paragraph}")
    for i, entity in enumerate(summary.entities):
        if any(p < 1 for p in entity.paragraphs):
            report(("entities", i, "paragraphs"), "expected paragraph numbers from 1")
    return problems


def article_problems(summary: Summary, lines: yamlio.LineMap, name: str, article: Article) -> list[Problem]:
    """A summary that does not fit its article: another id, paragraphs the article does not have."""
    problems: list[Problem] = []
    if summary.id != article.id:
        problems.append(Problem(name, f"expected the file's own id {article.id!r}, got {summary.id!r}", line=yamlio.line_of(lines, ("id",)), field="id"))
    count = len(article.paragraphs)
    for kind in ("summary", "events", "figures", "quotes"):
        for i, item in enumerate(getattr(summary, kind)):
            if item.paragraph > count:
                problems.append(Problem(name, f"paragraph {item.paragraph} does not exist (the article has {count})",
                                        line=yamlio.line_of(lines, (kind, i, "paragraph")), field=f"{kind}.{i}.paragraph"))
    return problems


class SummaryProblems(Exception):
    """A summary file that cannot be read, with every reason."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


def read_with_lines(path: Path, root: Path) -> tuple[Summary, yamlio.LineMap]:
    """Read one summary file, with the line of each field."""
    # relpath() resolves the folder (about 1 ms); a path under the root needs no resolving.
    name = str(path.relative_to(root)) if path.is_relative_to(root) else relpath(path, root)
    try:
        data = textio.read(path, textio.MAX_SUMMARY_BYTES)
    except textio.NotText as exc:
        raise SummaryProblems([Problem(name, str(exc))]) from None
    return parse_bytes_with_lines(data, name)


def parse_bytes_with_lines(data: bytes, name: str) -> tuple[Summary, yamlio.LineMap]:
    """Decode and parse a summary file's bytes; raise SummaryProblems naming each bad field."""
    try:
        text = textio.decode(data)
    except textio.NotText as exc:
        raise SummaryProblems([Problem(name, str(exc))]) from None
    return parse_with_lines(text, name)


def parse_bytes(data: bytes, name: str) -> Summary:
    """Decode and parse a summary file's bytes (without the line map)."""
    return parse_bytes_with_lines(data, name)[0]


def read(path: Path, root: Path) -> Summary:
    """Read one summary file."""
    return read_with_lines(path, root)[0]


def parse_bytes(data: bytes, name: str) -> Summary:
    """Decode and parse a summary file's bytes."""
    return parse_bytes_with_lines(data, name)[0]


def write_atomic(path: Path, text: str) -> None:
    """Write a summary file so that a reader, a crash or a full disk never sees it half-written."""
    textio.write_atomic(path, text)


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


def inspect(path: Path, root: Path, article: Article | None = None, remember: bool = True) -> Existing:
    """Read the summary on disk (if any) and decide whether a person has made it theirs.

    Given its article, a summary that does not fit it (another id, missing paragraphs) is a problem too.
    """
    if not path.exists() and not path.is_symlink():
        return Existing(None, True, [])
    # relpath() resolves the folder (about 1 ms); a path under the root needs no resolving.
    name = str(path.relative_to(root)) if path.is_relative_to(root) else relpath(path, root)
    try:
        data = textio.read(path, textio.MAX_SUMMARY_BYTES)
    except textio.NotText as exc:
        return Existing(None, False, [Problem(name, str(exc))])
    except OSError as exc:
        return Existing(None, False, [Problem(name, f"cannot read: {exc.strerror or exc}")])
    lines: yamlio.LineMap | None = None
    cached = summarycache.get(root, path.stem, data)
    if cached is not None:
        summary, print_ = cached.summary, cached.fingerprint
    else:
        try:
            summary, lines = parse_bytes_with_lines(data, name)
        except SummaryProblems as exc:
            # A file a person broke is still theirs: report it, never replace it.
            return Existing(None, False, exc.problems)
        print_ = fingerprint(summary)
        if remember:  # `briefing check` writes nothing, not even the cache
            summarycache.put(root, path.stem, data, summary, print_)
    owned = summary.review.status == "machine" and summary.review.content_sha256 == print_
    # A machine summary of an older text is about to be replaced; anything else is shown as it is.
    shown = not owned or summary.review.source_sha256 == (article.source_sha256 if article else None)
    if article is not None and shown and article_problems(summary, lines or {}, name, article):
        if lines is None:  # the cache keeps no line numbers: parse again, only for this rare report
            lines = parse_bytes_with_lines(data, name)[1]
        return Existing(None, False, article_problems(summary, lines, name, article))
    return Existing(summary, owned, [])


def is_current(summary: Summary, source_sha256: str, extractor: str) -> bool:
    """True when the summary was made from this very article text by this extractor."""
    return summary.review.source_sha256 == source_sha256 and summary.review.extractor == extractor


def proposal_path(path: Path) -> Path:
    """Where the machine's proposal for an edited summary goes."""
    return path.with_name(path.name[: -len(".md")] + PROPOSAL_SUFFIX)
