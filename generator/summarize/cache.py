"""A cache of parsed summary files, so that a rebuild does not parse thousands of YAML files again.

Parsing one summary's YAML front matter with the safe pure-Python loader takes about 40 ms here
(summaries hold hundreds of fields): 200 s for 5,000 articles. The cache keeps, for each summary
file, the parsed Summary as JSON (pydantic reads it back in well under a millisecond) and the
ownership fingerprint, keyed by the SHA-256 of the file's exact bytes and of the schema's source: any
change to the file, by a person or the machine, or to models.py, is a miss and the file is parsed
again. The cache lives in the project's scratch folder (.build/cache/summaries/) and can be deleted
at any time.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from generator.read.articlecache import _put
from generator.core.models import Summary

FOLDER = Path(".build") / "cache" / "summaries"


@dataclass(frozen=True)
class Entry:
    """A summary as parsed from a file, and the fingerprint of its content (ownership check)."""

    summary: Summary
    fingerprint: str


# The schema and the validation a summary file passes (dates, URLs, YAML rules): a change to any
# of them must re-check every file, so a cached summary is never one the new rules would refuse.
SCHEMA_SOURCES = ("core/models.py", "summarize/summaries.py", "core/yamlio.py", "read/sources.py")  # under generator/


@lru_cache(maxsize=1)
def schema_version() -> str:
    """A digest of the schema and validation code: a change invalidates every cached summary."""
    digest = hashlib.sha256()
    for name in SCHEMA_SOURCES:
        digest.update(name.encode() + b"\0" + (Path(__file__).resolve().parent.parent / name).read_bytes())
    return digest.hexdigest()[:16]


def file_key(data: bytes) -> str:
    """The cache key of a summary file: the hash of its bytes."""
    return hashlib.sha256(data).hexdigest()


def _path(root: Path, summary_id: str) -> Path:
    return root / FOLDER / f"{summary_id}.json"


def get(root: Path, summary_id: str, data: bytes) -> Entry | None:
    """The cached parse of a summary file with exactly these bytes, or None."""
    path = _path(root, summary_id)
    try:
        cached = json.loads(path.read_bytes())
        if cached.get("file_sha256") != file_key(data) or cached.get("schema") != schema_version():
            return None
        summary = Summary.model_validate(cached["summary"])
        summary.notes = cached["notes"]
        return Entry(summary, cached["fingerprint"])
    except (OSError, ValueError, KeyError, TypeError, ValidationError):
        return None  # missing, stale or damaged: parse the file instead


def put(root: Path, summary_id: str, data: bytes, summary: Summary, fingerprint: str) -> None:
    """Remember the parse of a summary file with these bytes (best effort: a cache write may fail)."""
    path = _path(root, summary_id)
    entry = {
        "file_sha256": file_key(data),
        "schema": schema_version(),
        "fingerprint": fingerprint,
        "notes": summary.notes,
        "summary": summary.model_dump(mode="json"),
    }
    _put(path, entry)  # the article cache's atomic, best-effort writer: one way to write a cache entry


def prune(root: Path, keep: set[str]) -> None:
    """Drop the entries of summaries that no longer have an article."""
    folder = root / FOLDER
    if not folder.is_dir():
        return
    for path in folder.glob("*.json"):
        if path.stem not in keep:
            path.unlink(missing_ok=True)
