"""Read the articles of a project: files -> validated, cleaned Article values (or Problems)."""

from __future__ import annotations

import errno
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlparse

import frontmatter

from generator.read import articlecache
from generator.read import cleaning
from generator.core import slugs
from generator.core import textio
from generator.core import yamlio
from generator.core.errors import Problem, fault_reason, relpath
from generator.core.models import Article, Paragraph, Published

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".xhtml")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")  # saved web pages: read through trafilatura, as `briefing add` does
KNOWN_FIELDS = {"title", "publisher", "url", "published", "published_basis", "published_note", "byline", "language", "author", "source_file"}
DATE_FORMS = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
ID_FORM = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")
# spaCy allocates about 1 GB per 100,000 characters of one text; the longest paragraph of the seed and
# evaluation articles is under 2,000 characters. A longer one is a file without paragraph breaks.
MAX_PARAGRAPH_CHARS = 20_000
_YAML = frontmatter.YAMLHandler()


@dataclass
class RawArticle:
    """An article file split into its metadata and its body text, before validation."""

    path: Path
    meta: dict[str, Any]
    body: str
    sha256: str
    lines: dict = field(default_factory=dict)  # field path -> file line, for problems

    def line(self, key: str) -> Optional[int]:
        """The file line of a front-matter field."""
        return self.lines.get((key,))


def article_files(articles_dir: Path, root: Path) -> tuple[list[Path], list[Problem]]:
    """The article files in sorted order, and warnings for what is skipped (symlinks out, other files)."""
    files: list[Path] = []
    problems: list[Problem] = []
    if not articles_dir.is_dir():
        return files, problems
    content = articles_dir.parent.resolve()
    for path in sorted(articles_dir.iterdir()):
        name = relpath(path, root)
        if path.name.startswith("."):
            continue  # editors' swap files and the like
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                problems.append(Problem(name, "broken or looping symbolic link: skipped", warning=True))
                continue
            if not target.is_relative_to(content):
                problems.append(Problem(name, "symbolic link to a file outside content/: not followed", warning=True))
                continue
        if path.is_dir():
            continue
        if path.suffix.lower() not in ARTICLE_SUFFIXES:
            problems.append(Problem(name, f"not an article file ({', '.join(ARTICLE_SUFFIXES)}): skipped", warning=True))
            continue
        if path.is_file():
            files.append(path)
        else:
            problems.append(Problem(name, "not a regular file: skipped", warning=True))
    return files, problems


class UnclosedFrontMatter(ValueError):
    """A file opens a front-matter block with '---' and never closes it."""


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter YAML or None, body, file line on which the YAML text starts).

    Uses python-frontmatter's boundary ('---' alone on a line); line numbers count from the file's
    first line so a YAML error on the YAML's line n is on the file's line n + first_line - 1.
    """
    opening = _YAML.FM_BOUNDARY.match(text)
    if not opening:
        return None, text, 1
    closing = _YAML.FM_BOUNDARY.search(text, opening.end())
    if not closing:
        raise UnclosedFrontMatter("front matter opened with '---' on line 1 is never closed (expected a second '---' line)")
    start = opening.end() + 1 if text[opening.end() : opening.end() + 1] == "\n" else opening.end()
    first_line = text.count("\n", 0, start) + 1
    return text[start : closing.start()], text[closing.end() :].lstrip("\n"), first_line


def read_raw(path: Path, root: Path) -> RawArticle:
    """Read and decode one file and parse its front matter, or raise ArticleProblems."""
    name = relpath(path, root)
    if path.suffix.lower() in HTML_SUFFIXES:
        return _read_saved_page(path, name)
    try:
        data = textio.read(path, textio.MAX_ARTICLE_BYTES)
        text = textio.decode(data)
        fm, body, first_line = split_front_matter(text)
    except (textio.NotText, UnclosedFrontMatter) as exc:
        raise ArticleProblems([Problem(name, str(exc))]) from None
    meta: dict[str, Any] = {}
    lines: yamlio.LineMap = {}
    if fm is not None:
        try:
            loaded, lines = yamlio.load_with_lines(fm, first_line)
        except yamlio.YamlProblem as exc:
            raise ArticleProblems([Problem(name, f"front matter: {exc.reason}", line=exc.line)]) from None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise ArticleProblems([Problem(name, "front matter must be a mapping of fields (title: ...)", line=first_line)])
        meta = loaded
    return RawArticle(path=path, meta=meta, body=body, sha256=hashlib.sha256(data).hexdigest(), lines=lines)


def _read_saved_page(path: Path, name: str) -> RawArticle:
    """A saved web page in content/articles/: the article `briefing add` would make of it, read in place."""
    from generator.read.webpage import ImportProblem, read_html  # trafilatura: loaded only for .html inputs

    try:
        incoming = read_html(path)
    except ImportProblem as exc:
        raise ArticleProblems([Problem(name, p.reason, line=p.line, field=p.field) for p in exc.problems]) from None
    except OSError as exc:
        raise ArticleProblems([Problem(name, f"cannot read: {exc.strerror or exc}")]) from None
    fm, body, first_line = split_front_matter(incoming.data.decode("utf-8"))
    meta = yamlio.load(fm or "") or {}
    # No line numbers: they would point into the generated front matter, not into the saved page.
    return RawArticle(path=path, meta=meta, body=body, sha256=hashlib.sha256(path.read_bytes()).hexdigest())


class ArticleProblems(Exception):
    """An article that cannot be used, with every reason found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


def parse_published(value: Any, basis: Any, note: Any = None) -> tuple[Published, Optional[str]]:
    """Front-matter `published` -> Published, or an error reason naming what was expected."""
    if value is None or value == "" or value == "unknown":
        return Published(), None
    text = str(value).strip()
    expected = f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}"
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return Published(), expected
    match = DATE_FORMS.match(text)
    if not match:
        try:  # a full timestamp from a feed or a CMS (2017-11-17T10:30:00Z): its day is the date
            text = datetime.fromisoformat(text).date().isoformat()
        except ValueError:
            return Published(), expected
        match = DATE_FORMS.match(text)
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        date(year, month or 1, day or 1)
    except ValueError as exc:
        return Published(), f"{expected}, which is not a date ({exc})"
    precision = "day" if day else "month" if month else "year"
    basis = basis if basis in ("metadata", "text") else "metadata"
    return Published(date=text, precision=precision, basis=basis, note=str(note) if note else None), None


def id_from_file_name(stem: str) -> str:
    """The article id a file name gives: the name itself when it is already URL-safe ASCII (so existing
    ids never change), else its transliterating slug (`Mosul – الموصل 2017` -> `mosul-lmwsl-2017`), the
    same on every machine because python-slugify's transliteration table is pinned in the lock."""
    if ID_FORM.match(stem):
        return stem
    return slugs.slug(stem, fallback="article")


def check_id(article_id: str) -> Optional[str]:
    """Why an article id cannot be a page folder (a reserved name), or None."""
    if slugs.is_reserved(article_id):
        return f"file name {article_id!r} is reserved (a page or a device name on some systems); rename the file"
    return None


def to_article(raw: RawArticle, root: Path) -> tuple[Article, list[Problem]]:
    """Validate front matter and clean the text: (article, warnings), or ArticleProblems listing every bad field."""
    name = relpath(raw.path, root)
    meta = raw.meta
    problems: list[Problem] = []
    article_id = id_from_file_name(raw.path.stem)
    if reason := check_id(article_id):
        problems.append(Problem(name, reason))

    def problem(key: str, reason: str, warning: bool = False) -> None:
        problems.append(Problem(name, reason, line=raw.line(key), field=key, warning=warning))

    def text_field(key: str) -> Optional[str]:
        value = meta.get(key)
        if value is None:
            return None
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            problem(key, f"expected text, got {type(value).__name__}")
            return None
        return str(value).strip() or None

    for key in sorted(set(meta) - KNOWN_FIELDS, key=str):
        problem(str(key), f"unknown field (known: {', '.join(sorted(KNOWN_FIELDS))})", warning=True)
    title = text_field("title")
    url = text_field("url")
    if url and not is_web_url(url):
        problem("url", f"expected an http(s) URL, got {url!r}")
        url = None
    published, reason = parse_published(meta.get("published"), meta.get("published_basis"), meta.get("published_note"))
    if reason:
        problem("published", reason)
    if meta.get("published_basis") not in (None, "metadata", "text"):
        problem("published_basis", f"expected metadata or text, got {meta.get('published_basis')!r}")
    publisher, byline, language = text_field("publisher"), text_field("byline") or text_field("author"), text_field("language")
    text_field("published_note")

    cleaned = cleaning.clean(raw.body, title)
    if not title and "title" not in meta:
        problems.append(Problem(name, "missing; every article needs a title", field="title"))
    elif not title and not [p for p in problems if p.field == "title"]:
        problem("title", "empty; every article needs a title")
    if not cleaned.paragraphs:
        problems.append(Problem(name, "no article text after the front matter"))
    for number, text in enumerate(cleaned.paragraphs, start=1):
        if len(text) > MAX_PARAGRAPH_CHARS:
            problems.append(Problem(name, f"paragraph {number} is {len(text):,} characters long; the limit is "
                                          f"{MAX_PARAGRAPH_CHARS:,} (separate paragraphs with blank lines)"))
    if [p for p in problems if not p.warning]:
        raise ArticleProblems(problems)
    return Article(
        id=article_id,
        path=name,
        title=title or article_id,
        publisher=publisher,
        url=url,
        published=published,
        byline=byline or cleaned.byline,
        language=language or "en",
        paragraphs=[Paragraph(number=i, text=t) for i, t in enumerate(cleaned.paragraphs, start=1)],
        removed=cleaned.removed,
        source_sha256=raw.sha256,
    ), [p for p in problems if p.warning]


def is_web_url(url: str) -> bool:
    """An absolute http(s) URL with a host: the only kind an article page links to."""
    try:
        parts = urlparse(url)
    except ValueError:  # "http://[::1" and other malformed hosts
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not any(c in url for c in "\"<> \t\n")


def read_articles(root: Path, remember: bool = True) -> tuple[list[Article], list[Problem]]:
    """Every readable article of the project, and every problem found (warnings included).

    remember=False reads without writing the scratch cache (for `briefing check`)."""
    files, problems = article_files(root / "content" / "articles", root)
    articles: list[Article] = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            article, warnings = articlecache.read(path, root, lambda: to_article(read_raw(path, root), root), remember)
        except ArticleProblems as exc:
            problems.extend(exc.problems)
            continue
        except OSError as exc:  # gone since the listing, unreadable: the file, the reason, what to do
            if exc.errno in (errno.EMFILE, errno.ENFILE, errno.EIO):
                raise  # the machine's fault, not this file's: one line for the whole build
            problems.append(Problem(relpath(path, root), f"cannot read: {fault_reason(exc)}"))
            continue
        problems.extend(warnings)
        key = article.id.casefold()
        if key in seen:
            problems.append(Problem(article.path, f"gives the same id {article.id!r} as {seen[key]} (ids are case-insensitive "
                                                  "URLs made from the file name); rename one of them"))
            continue
        seen[key] = article.path
        articles.append(article)
    if remember:
        articlecache.prune(root, {path.name for path in files})
    return articles, problems
