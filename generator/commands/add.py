"""`briefing add`: saved web pages and text files -> articles in content/articles/, each only once.

A saved HTML page goes through trafilatura: the article's main text without navigation, ads and
comments, and the page's own metadata (JSON-LD, Open Graph, meta tags) for the title, publisher,
author, publication date and canonical URL; the language comes from the same metadata. The result
is a new `<id>.md` with front matter and one paragraph per block. A `.md` or `.txt` file is copied
byte for byte, once it reads as a valid article. Ids are `<published>-<slug of the title>`, so the
same page always gets the same id; an article already in the project (same canonical URL, or the
same text) is skipped and reported.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Optional
from urllib.parse import urlparse

from generator.core import slugs
from generator.core.errors import Problem, relpath
from generator.core.progress import ProgressCallback, nothing
from generator.read import sources
from generator.read.webpage import HTML_SUFFIXES, ImportProblem, Incoming, read_html

IMPORTABLE = tuple(dict.fromkeys(HTML_SUFFIXES + sources.ARTICLE_SUFFIXES))
APOSTROPHES = re.compile(r"(?<=\w)['’](?=\w)")


@dataclass
class AddReport:
    """What `add` did with each file it was given."""

    added: list[tuple[str, str]] = field(default_factory=list)  # (source, new article file)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, why)
    problems: list[Problem] = field(default_factory=list)  # errors and warnings, one per line



# ---- reading one file ---------------------------------------------------------------------------


def read_text(path: Path) -> Incoming:
    """A .md or .txt article, kept byte for byte once it reads as a valid article."""
    try:
        raw = sources.read_raw(path, Path.cwd())
        # The file gets a new name (its id) on import, so its current name is not checked.
        raw = replace(raw, path=path.with_name(f"incoming{path.suffix}"))
        article, _ = sources.to_article(raw, Path.cwd())
    except sources.ArticleProblems as exc:
        raise ImportProblem([replace(p, file=str(path)) for p in exc.problems]) from None
    return Incoming(
        source=path,
        title=article.title,
        published=article.published.date,
        url=article.url,
        language=article.language,
        paragraphs=[p.text for p in article.paragraphs],
        data=path.read_bytes(),
        suffix=path.suffix.lower(),
    )


def read_file(path: Path) -> Incoming:
    """Any importable file -> Incoming, or ImportProblem."""
    try:
        if path.suffix.lower() in HTML_SUFFIXES:
            return read_html(path)
        return read_text(path)
    except OSError as exc:
        raise ImportProblem([Problem(str(path), f"cannot read: {exc.strerror or exc}")]) from None

# ---- ids and duplicates -------------------------------------------------------------------------


def article_id(title: str, published: Optional[str]) -> str:
    """`2017-11-17-iraqi-forces-retake-last-isis-held-town`: the date at its precision, then the title."""
    base = slugs.slug(APOSTROPHES.sub("", title), fallback="article")  # "State's" -> states, not state-s
    return f"{published}-{base}" if published else base


def url_key(url: str) -> str:
    """A canonical URL as a comparison key: tracking parameters, fragment, scheme, www. and end slash ignored."""
    from courlan import normalize_url

    try:
        url = normalize_url(url, strict=True)
    except ValueError:
        pass
    parsed = urlparse(url)
    host = parsed.netloc.lower().removeprefix("www.")
    query = f"?{parsed.query}" if parsed.query else ""
    return f"{host}{parsed.path.rstrip('/')}{query}"


def text_key(paragraphs: Iterable[str]) -> str:
    """The article text as a comparison key: case, punctuation and spacing ignored."""
    words = "\n".join(re.sub(r"\W+", " ", p.casefold()).strip() for p in paragraphs)
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


@dataclass
class Library:
    """The articles already in a project, by id, canonical URL and text."""

    articles_dir: Path
    ids: dict[str, str] = field(default_factory=dict)  # casefolded id -> file name
    by_url: dict[str, str] = field(default_factory=dict)  # url_key -> file name
    by_text: dict[str, str] = field(default_factory=dict)  # text_key -> file name

    @classmethod
    def of(cls, root: Path) -> "Library":
        """Index the project's articles (broken ones keep their id; `briefing check` reports them)."""
        library = cls(root / "content" / "articles")
        files, _ = sources.article_files(library.articles_dir, root)
        for path in files:
            library.ids[sources.id_from_file_name(path.stem).casefold()] = path.name
            try:
                article, _ = sources.to_article(sources.read_raw(path, root), root)
            except (sources.ArticleProblems, OSError):
                continue
            library.remember(path.name, article.url, [p.text for p in article.paragraphs])
        return library

    def remember(self, file_name: str, url: Optional[str], paragraphs: list[str]) -> None:
        """Record an article so a later copy of it is recognised."""
        self.ids[sources.id_from_file_name(Path(file_name).stem).casefold()] = file_name
        if url:
            self.by_url.setdefault(url_key(url), file_name)
        self.by_text.setdefault(text_key(paragraphs), file_name)

    def duplicate(self, incoming: Incoming) -> Optional[str]:
        """Why `incoming` is already here ('same URL as ...'), or None."""
        if incoming.url and url_key(incoming.url) in self.by_url:
            return f"already added as content/articles/{self.by_url[url_key(incoming.url)]} (same URL)"
        key = text_key(incoming.paragraphs)
        if key in self.by_text:
            return f"already added as content/articles/{self.by_text[key]} (same text)"
        return None

    def free_id(self, wanted: str) -> str:
        """`wanted`, or `wanted-2`, `wanted-3`... when another article has it (ids are case-insensitive)."""
        candidate, n = wanted, 1
        while candidate.casefold() in self.ids:
            n += 1
            candidate = f"{wanted}-{n}"
        return candidate


# ---- the command --------------------------------------------------------------------------------


def expand(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The files to import: files as given, folders as the article files directly in them (sorted)."""
    files: list[Path] = []
    problems: list[Problem] = []
    kinds = ", ".join(IMPORTABLE)
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in IMPORTABLE)
            if not found:
                problems.append(Problem(str(path), f"no article files ({kinds}) in this folder"))
            files += found
        elif path.is_file():
            if path.suffix.lower() in IMPORTABLE:
                files.append(path)
            else:
                problems.append(Problem(str(path), f"not an article file: expected one of {kinds}"))
        else:
            problems.append(Problem(str(path), "no such file or folder"))
    return files, problems


def add(root: Path, paths: Iterable[Path], progress: ProgressCallback = nothing) -> AddReport:
    """Import files into ROOT/content/articles/: new articles written, copies skipped, problems listed."""
    report = AddReport()
    files, report.problems = expand(paths)
    library = Library.of(root)
    library.articles_dir.mkdir(parents=True, exist_ok=True)
    for done, path in enumerate(files):
        progress("Importing", done, len(files))
        try:
            incoming = read_file(path)
        except ImportProblem as exc:
            report.problems += exc.problems
            continue
        reason = library.duplicate(incoming)
        if reason:
            report.skipped.append((str(path), reason))
            continue
        article_file = library.free_id(article_id(incoming.title, incoming.published)) + incoming.suffix
        target = library.articles_dir / article_file
        write_new(target, incoming.data)
        library.remember(article_file, incoming.url, incoming.paragraphs)
        report.added.append((str(path), relpath(target, root)))
        report.problems += warnings_for(incoming, relpath(target, root))
    progress("Importing", len(files), len(files))
    return report


def warnings_for(incoming: Incoming, written: str) -> list[Problem]:
    """What the editor should know about an imported article (no date, not English)."""
    problems = []
    if not incoming.published:
        problems.append(Problem(written, "no publication date in the page's metadata: set it if you know it (relative dates stay undated)", field="published", warning=True))
    if incoming.language and incoming.language != "en":
        problems.append(Problem(written, f"language {incoming.language!r}: the summaries are made by an English pipeline", field="language", warning=True))
    return problems


def write_new(path: Path, data: bytes) -> None:
    """Write a new file completely or not at all; never replace an existing one."""
    if path.exists():
        raise FileExistsError(f"{path} exists")  # free_id() chose a free name; never clobber
    tmp = path.with_name(f".{path.name}.tmp")  # dot file: the build never reads it
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)

