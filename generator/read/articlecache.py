"""A cache of read and cleaned articles, so that a rebuild does not parse every front matter again.

Reading one article costs about 3 ms here (its YAML front matter through the safe pure-Python loader,
then cleaning): 15 s for 5,000 articles on every rebuild. An article is cached as JSON with its
warnings, keyed by the SHA-256 of its file's bytes and of the code that reads it: a changed file, or
a changed reader, is a miss. Articles with errors are never cached, so their errors are reported
every time. The cache lives in .build/cache/articles/ and can be deleted at any time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Callable

from pydantic import ValidationError

from generator.core import textio
from generator.core.errors import Problem
from generator.core.models import Article

FOLDER = Path(".build") / "cache" / "articles"
# The code an Article is a function of, besides the file's bytes.
READER_SOURCES = ("read/sources.py", "read/cleaning.py", "read/webpage.py", "core/textio.py", "core/yamlio.py",
                  "core/models.py", "core/errors.py", "core/slugs.py")  # under generator/

Read = tuple[Article, list[Problem]]


@lru_cache(maxsize=1)
def reader_version() -> str:
    """A digest of the reading code: changing it invalidates every cached article."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for name in READER_SOURCES:
        digest.update(name.encode() + b"\0" + (package / name).read_bytes())
    return digest.hexdigest()[:16]


def read(path: Path, root: Path, load: Callable[[], Read], remember: bool = True) -> Read:
    """The article in `path` and its warnings: from the cache when the file is unchanged, else `load()`.

    With remember=False (`briefing check`) the cache is read but never written."""
    try:
        key = hashlib.sha256(textio.read(path, textio.MAX_ARTICLE_BYTES)).hexdigest()
    except (OSError, textio.NotText):
        return load()  # let the reader report it
    entry = root / FOLDER / f"{path.name}.json"
    try:
        cached = json.loads(entry.read_bytes())
        if cached["file_sha256"] == key and cached["reader"] == reader_version():
            return Article.model_validate(cached["article"]), [Problem(**p) for p in cached["warnings"]]
    except (OSError, ValueError, KeyError, TypeError, ValidationError):
        pass  # missing, stale or damaged: read the file
    article, warnings = load()
    if remember and article.source_sha256 == key:  # the bytes did not change while being read
        _put(entry, {
            "file_sha256": key,
            "reader": reader_version(),
            "article": article.model_dump(mode="json"),
            "warnings": [dataclasses.asdict(p) for p in warnings],
        })
    return article, warnings


def _put(entry: Path, data: dict) -> None:
    """Write one cache entry, atomically and best effort (a read-only scratch folder only costs speed)."""
    try:  # a torn entry fails its hash check and is read again: no fsync needed
        textio.write_atomic(entry, json.dumps(data, ensure_ascii=False), durable=False)
    except OSError:
        pass


def prune(root: Path, names: set[str]) -> None:
    """Drop the entries of article files that are gone."""
    folder = root / FOLDER
    if folder.is_dir():
        for entry in folder.glob("*.json"):
            if entry.name[: -len(".json")] not in names:
                entry.unlink(missing_ok=True)
