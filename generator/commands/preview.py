"""`briefing extract`: the summary one article would get, and every temporal expression in it; writes nothing.

For editors checking the machine and for evaluating the extractor. The `times` offsets count
characters of the article text after its front matter, exactly as `sources.split_front_matter`
returns it (the blank lines after the closing `---` are not part of it). A saved HTML page is first
converted as `briefing add` would convert it, and the offsets count in that converted text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Any, Optional

from generator.read import curation as curation_file
from generator.read import webpage
from generator.read import sources
from generator.summarize import summaries
from generator.core import yamlio
from generator.read.curation import Curation
from generator.core.errors import ContentError, Problem, UsageError
from generator.summarize.extract import anchor_for
from generator.summarize import curation_digest, extractor_version, summarize_articles
from generator.summarize.timex import find_times


def read_article_file(path: Path) -> sources.RawArticle:
    """The file as the build would read it; a saved page converted as `add` would convert it."""
    try:
        if path.suffix.lower() in webpage.HTML_SUFFIXES:
            incoming = webpage.read_html(path)
            text = incoming.data.decode("utf-8")
            fm, body, _ = sources.split_front_matter(text)
            return sources.RawArticle(path=path, meta=yamlio.load(fm or "") or {}, body=body, sha256=hashlib.sha256(incoming.data).hexdigest())
        return sources.read_raw(path, Path.cwd())
    except webpage.ImportProblem as exc:
        raise ContentError(exc.problems) from None
    except sources.ArticleProblems as exc:
        raise ContentError([replace(p, file=str(path)) for p in exc.problems]) from None
    except OSError as exc:
        raise ContentError([Problem(str(path), f"cannot read: {exc.strerror or exc}")]) from None


def preview(path: Path, published: Optional[str] = None, project: Optional[Path] = None) -> dict[str, Any]:
    """The summary's fields as the summary file would hold them, plus `times` with offsets into the text.

    The editor's judgements in `project`'s content/entities.yml apply, as they do in a build of it.
    """
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    curation, problems = curation_file.load(project) if project is not None else (Curation(), [])
    if problems:
        raise ContentError(problems)
    raw = read_article_file(path)
    meta = dict(raw.meta)
    if published is not None:
        _, reason = sources.parse_published(published, "metadata")
        if reason:
            raise UsageError(f"--published: {reason}")
        meta.update(published=published, published_basis="metadata")
    named = replace(raw, meta=meta)
    try:
        article, _ = sources.to_article(named, Path.cwd())
    except sources.ArticleProblems as exc:
        raise ContentError([replace(p, file=str(path)) for p in exc.problems]) from None
    summary = summaries.stamp(summarize_articles([article], curation=curation)[0], extractor_version() + curation_digest(curation))
    result = summary.model_dump(mode="json")
    result["times"] = [
        {"text": t.text, "start": t.start, "end": t.end, "value": t.value, "precision": t.precision}
        for t in find_times(raw.body, anchor_for(article))
    ]
    return result


def dump(result: dict[str, Any], form: str) -> str:
    """The preview as JSON or YAML text."""
    if form == "yaml":
        return yamlio.dump(result)
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"

