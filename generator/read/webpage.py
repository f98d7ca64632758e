"""Read a saved web page: trafilatura keeps the article text and the page's own metadata.

The article's main text without navigation, ads and comments, and the page's metadata (JSON-LD, Open
Graph, meta tags) for the title, publisher, author, publication date and canonical URL; the language
comes from the same metadata. `briefing add` writes the result as a new article; a saved page left in
content/articles/ is read in place the same way.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlparse

from generator.core import yamlio
from generator.core.errors import Problem
from generator.read import cleaning

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# A saved page carries its scripts and styles inline; this leaves room for them while keeping a
# stray video or archive (mis-named .html) from being parsed.
MAX_HTML_BYTES = 20_000_000
# Chrome and Internet Explorer mark a page saved to disk with the address it came from.
SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
# Only metadata, never the article text, decides the publication date: a date guessed from the text
# ("in November 2017") would anchor every relative date of the article wrongly. max_date: today.
DATE_PARAMS = {"extensive_search": False, "original_date": True}
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

