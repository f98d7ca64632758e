"""Read the articles of a project: files -> validated, cleaned Article values (or Problems)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlparse

import frontmatter

from . import cleaning, textio, yamlio
from .errors import Problem, relpath
from .models import Article, Paragraph, Published

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
KNOWN_FIELDS = {"title", "publisher", "url", "published", "published_basis", "published_note", "byline", "language", "author", "source_file"}
DATE_FORMS = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
ID_FORM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_YAML = frontmatter.YAMLHandler()


@dataclass
class RawArticle:
    """An article file split into its metadata and its body text, before validation."""

    path: Path
    meta: dict[str, Any]
    body: str
    sha256: str


def article_files(articles_dir: Path) -> tuple[list[Path], list[Problem]]:
    """The article files in sorted order, and warnings for what is skipped (symlinks out, other files)."""
    files: list[Path] = []
    problems: list[Problem] = []
    if not articles_dir.is_dir():
        return files, problems
    root = articles_dir.resolve()
    for path in sorted(articles_dir.iterdir()):
        if path.name.startswith(".") or not path.suffix.lower() in ARTICLE_SUFFIXES:
            continue
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                problems.append(Problem(str(path), "broken or looping symbolic link: skipped", warning=True))
                continue
            if not target.is_relative_to(root):
                problems.append(Problem(str(path), "symbolic link out of content/articles/: not followed", warning=True))
                continue
        if path.is_file():
            files.append(path)
    return files, problems


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter YAML or None, body, line number where the YAML starts)."""
    if _YAML.detect(text):
        try:
            fm, body = _YAML.split(text)
        except ValueError:
            return None, text, 1
        return fm, body.lstrip("\n"), 2
    return None, text, 1


def read_raw(path: Path, root: Path) -> RawArticle:
    """Read and decode one file and parse its front matter, or raise ArticleProblems."""
    name = relpath(path, root)
    data = path.read_bytes()
    if len(data) > textio.MAX_ARTICLE_BYTES:
        raise ArticleProblems([Problem(name, f"file is {len(data):,} bytes; the limit is {textio.MAX_ARTICLE_BYTES:,}")])
    try:
        text = textio.decode(data)
    except textio.NotText as exc:
        raise ArticleProblems([Problem(name, str(exc))]) from None
    fm, body, first_line = split_front_matter(text)
    meta: dict[str, Any] = {}
    if fm is not None:
        try:
            loaded = yamlio.load(fm)
        except yamlio.YamlProblem as exc:
            line = exc.line + first_line - 1 if exc.line else None
            raise ArticleProblems([Problem(name, f"front matter: {exc.reason}", line=line)]) from None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise ArticleProblems([Problem(name, "front matter must be a mapping of fields (title: ...)", line=first_line)])
        meta = loaded
    return RawArticle(path=path, meta=meta, body=body, sha256=hashlib.sha256(data).hexdigest())


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
    match = DATE_FORMS.match(text)
    expected = f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}"
    if not match or isinstance(value, bool):
        return Published(), expected
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        date(year, month or 1, day or 1)
    except ValueError as exc:
        return Published(), f"{expected} ({exc})"
    precision = "day" if day else "month" if month else "year"
    basis = basis if basis in ("metadata", "text") else "metadata"
    return Published(date=text, precision=precision, basis=basis, note=str(note) if note else None), None


def to_article(raw: RawArticle, root: Path) -> tuple[Article, list[Problem]]:
    """Validate front matter and clean the text: (article, warnings), or ArticleProblems listing every bad field."""
    name = relpath(raw.path, root)
    meta = raw.meta
    problems: list[Problem] = []
    article_id = raw.path.stem
    if not ID_FORM.match(article_id):
        problems.append(Problem(name, "file name must be letters, digits, '.', '-' or '_' (it becomes the article's URL)"))

    def text_field(key: str) -> Optional[str]:
        value = meta.get(key)
        if value is None:
            return None
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            problems.append(Problem(name, f"expected text, got {type(value).__name__}", field=key))
            return None
        return str(value).strip() or None

    for key in sorted(set(meta) - KNOWN_FIELDS, key=str):
        problems.append(Problem(name, f"unknown field (known: {', '.join(sorted(KNOWN_FIELDS))})", field=str(key), warning=True))
    title = text_field("title")
    url = text_field("url")
    if url and urlparse(url).scheme.lower() not in ("http", "https"):
        problems.append(Problem(name, f"expected an http(s) URL, got {url!r}", field="url"))
        url = None
    published, reason = parse_published(meta.get("published"), meta.get("published_basis"), meta.get("published_note"))
    if reason:
        problems.append(Problem(name, reason, field="published"))
    if meta.get("published_basis") not in (None, "metadata", "text"):
        problems.append(Problem(name, f"expected metadata or text, got {meta.get('published_basis')!r}", field="published_basis"))
    publisher, byline, language = text_field("publisher"), text_field("byline") or text_field("author"), text_field("language")

    cleaned = cleaning.clean(raw.body, title)
    if not title:
        problems.append(Problem(name, "missing; every article needs a title", field="title"))
    if not cleaned.paragraphs:
        problems.append(Problem(name, "no article text after the front matter"))
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


def read_articles(root: Path) -> tuple[list[Article], list[Problem]]:
    """Every readable article of the project, and every problem found (warnings included)."""
    files, problems = article_files(root / "content" / "articles")
    articles: list[Article] = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            raw = read_raw(path, root)
            article, warnings = to_article(raw, root)
        except ArticleProblems as exc:
            problems.extend(exc.problems)
            continue
        except OSError as exc:
            problems.append(Problem(relpath(path, root), f"cannot read: {exc.strerror or exc}"))
            continue
        problems.extend(warnings)
        key = article.id.casefold()
        if key in seen:
            problems.append(Problem(article.path, f"same id as {seen[key]} (ids are case-insensitive URLs)"))
            continue
        seen[key] = article.path
        articles.append(article)
    return articles, problems
