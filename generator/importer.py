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
import json
import logging
import os
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Optional
from urllib.parse import urlparse

from . import cleaning, slugs, sources, yamlio
from .errors import Problem, relpath
from .progress import ProgressCallback, nothing

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
IMPORTABLE = tuple(dict.fromkeys(HTML_SUFFIXES + sources.ARTICLE_SUFFIXES))
# A saved page carries its scripts and styles inline; this leaves room for them while keeping a
# stray video or archive (mis-named .html) from being parsed.
MAX_HTML_BYTES = 20_000_000
# Chrome and Internet Explorer mark a page saved to disk with the address it came from.
SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
# Only metadata, never the article text, decides the publication date: a date guessed from the text
# ("in November 2017") would anchor every relative date of the article wrongly. max_date: today.
DATE_PARAMS = {"extensive_search": False, "original_date": True}
APOSTROPHES = re.compile(r"(?<=\w)['’](?=\w)")
LANGUAGE_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")

# trafilatura and htmldate log parse hiccups of ordinary pages as warnings; the importer reports
# what matters (no text, no title, no date) itself.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.ERROR)


class ImportProblem(Exception):
    """A file that cannot be imported, with every reason found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


@dataclass
class Incoming:
    """One article read from a file, ready to be written into content/articles/."""

    source: Path
    title: str
    published: Optional[str]  # the date at its precision, or None when unknown
    url: Optional[str]
    language: Optional[str]
    paragraphs: list[str]  # the cleaned text, as the build will read it (for duplicate checks)
    data: bytes  # the file to write
    suffix: str


@dataclass
class AddReport:
    """What `add` did with each file it was given."""

    added: list[tuple[str, str]] = field(default_factory=list)  # (source, new article file)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, why)
    problems: list[Problem] = field(default_factory=list)  # errors and warnings, one per line


# ---- reading one file ---------------------------------------------------------------------------


def read_html(path: Path) -> Incoming:
    """A saved web page -> an article: trafilatura's main text and the page's metadata."""
    import trafilatura
    from trafilatura.utils import load_html

    name = str(path)
    data = path.read_bytes()
    if len(data) > MAX_HTML_BYTES:
        raise ImportProblem([Problem(name, f"file is {len(data):,} bytes; the limit for a saved page is {MAX_HTML_BYTES:,}")])
    tree = load_html(data)
    if tree is None:
        raise ImportProblem([Problem(name, "not an HTML page (nothing to parse)")])
    language = page_language(tree)
    saved_from = SAVED_FROM.search(data[:4096])
    fallback_url = saved_from.group(1).decode("ascii", "replace") if saved_from else None
    document = trafilatura.bare_extraction(
        data,
        url=fallback_url if fallback_url and is_web_url(fallback_url) else None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={**DATE_PARAMS, "max_date": date.today().isoformat()},
    )
    problems = []
    title = normalise(document.title) if document and document.title else None
    text = document.text if document and document.text else ""
    if not title:
        problems.append(Problem(name, "no title in the page (no <title>, og:title or headline)"))
    paragraphs = [p for p in (cleaning.normalise_space(line) for line in text.split("\n")) if p]
    if paragraphs and title and _same_words(paragraphs[0], title):
        paragraphs.pop(0)  # the headline, printed above the text
    if not paragraphs:
        problems.append(Problem(name, "no article text found in the page (is it the article itself, saved as HTML?)"))
    if problems:
        raise ImportProblem(problems)
    url = document.url if document.url and is_web_url(document.url) else None
    meta: dict[str, Any] = {
        "title": title,
        "publisher": normalise(document.sitename) or None,
        "byline": normalise(document.author) or None,
        "url": url,
        "published": document.date or "unknown",
        "language": language,
        "source_file": path.name,
    }
    front = yamlio.dump({k: v for k, v in meta.items() if v is not None})
    text = f"---\n{front}---\n" + "\n\n".join(paragraphs) + "\n"
    cleaned = cleaning.clean("\n\n".join(paragraphs), title).paragraphs
    return Incoming(path, title, document.date, url, language, cleaned, text.encode("utf-8"), ".md")


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


def page_language(tree) -> Optional[str]:
    """The page's language from its metadata (JSON-LD inLanguage, <html lang>, og:locale), as 'en'."""
    candidates: list[str] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            candidates += _json_values(json.loads(script.text or ""), "inLanguage")
        except ValueError:
            continue
    candidates += tree.xpath("/html/@lang | /html/@xml:lang", namespaces={"xml": "http://www.w3.org/XML/1998/namespace"})
    candidates += tree.xpath('//meta[@property="og:locale"]/@content')
    candidates += tree.xpath('//meta[translate(@http-equiv, "CONTENT-LANGUAGE", "content-language")="content-language"]/@content')
    for value in candidates:
        match = LANGUAGE_TAG.match(str(value).strip())
        if match:
            return match.group(1).lower()
    return None


def _json_values(data: Any, key: str) -> list[str]:
    """Every string value of `key` anywhere in a JSON-LD document (@graph, nested objects)."""
    found: list[str] = []
    if isinstance(data, dict):
        for k, v in data.items():
            if k == key and isinstance(v, str):
                found.append(v)
            else:
                found += _json_values(v, key)
    elif isinstance(data, list):
        for item in data:
            found += _json_values(item, key)
    return found


def normalise(text: Optional[str]) -> str:
    """Metadata text as one clean line."""
    return cleaning.normalise_space(text or "")


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) address (the only kind an article's `url` may hold)."""
    parsed = urlparse(url)
    return parsed.scheme.lower() in ("http", "https") and bool(parsed.netloc)


def _same_words(a: str, b: str) -> bool:
    def words(s: str) -> str:
        return re.sub(r"\W+", " ", s.casefold()).strip()

    return words(a) == words(b)


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

