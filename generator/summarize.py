"""Stage: articles -> summaries. Runs the NLP only for articles whose summary is missing or stale."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from . import curation as curation_file
from . import nlp, summaries
from .errors import Problem, relpath
from .extract import EXTRACTOR_VERSION, summarize_article
from .models import Article, Summary

BATCH_SIZE = 64  # paragraphs per nlp.pipe batch: spaCy's default scale, measured flat from 32 to 256


@dataclass
class SummarizeResult:
    """The summary of every article, which ones were (re)made, and what needs the editor's eye."""

    summaries: dict[str, Summary]
    made: list[str] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# The code whose output a summary is: any change to it re-summarises every machine summary.
EXTRACTION_SOURCES = ("extract", "timex.py", "cleaning.py", "sources.py", "nlp.py")


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """Extractor version, a digest of the extraction code, and the model version."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in EXTRACTION_SOURCES:
        target = package / name
        for path in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"{EXTRACTOR_VERSION}.{digest.hexdigest()[:10]}+{nlp.model_version()}"


def summarize_articles(
    articles: list[Article],
    docs_for: Callable[[list[Article]], Iterable[list]] | None = None,
    curation: curation_file.Curation | None = None,
) -> list[Summary]:
    """Summarise articles with the pipeline: a pure function of the articles and the editor's entities.yml."""
    docs_for = docs_for or parse_paragraphs
    return [summarize_article(a, docs, curation) for a, docs in zip(articles, docs_for(articles))]


def curation_digest(curation: curation_file.Curation) -> str:
    """A short fingerprint of entities.yml's content: editing it re-summarises machine summaries."""
    if curation == curation_file.Curation():
        return ""
    return "+cur." + hashlib.sha256(curation.model_dump_json().encode()).hexdigest()[:10]


def parse_paragraphs(articles: list[Article]) -> Iterable[list]:
    """Each article's paragraphs through the pipeline, batched across articles."""
    pipeline = nlp.load()
    texts = [p.text for a in articles for p in a.paragraphs]
    docs = iter(pipeline.pipe(texts, batch_size=BATCH_SIZE))
    for article in articles:
        yield [next(docs) for _ in article.paragraphs]


def summarize(root: Path, articles: list[Article]) -> SummarizeResult:
    """Bring content/summaries/ up to date with the articles, never overwriting a person's summary."""
    folder = root / "content" / "summaries"
    curation, _ = curation_file.load(root)  # its problems are reported by `briefing check`
    version = extractor_version() + curation_digest(curation)
    result = SummarizeResult(summaries={})
    stale: list[Article] = []
    existing: dict[str, summaries.Existing] = {}
    for article in articles:
        path = folder / f"{article.id}.md"
        found = summaries.inspect(path, root)
        existing[article.id] = found
        result.problems.extend(found.problems)
        if found.summary and (not found.machine_owned or summaries.is_current(found.summary, article.source_sha256, version)):
            result.summaries[article.id] = found.summary
            if not found.machine_owned and found.summary.review.source_sha256 != article.source_sha256:
                stale.append(article)  # the editor's summary stays; a proposal goes beside it
            continue
        if found.problems:
            continue  # a broken hand-edited file: reported, left alone, article not shown
        stale.append(article)
    for article, summary in zip(stale, summarize_articles(stale, curation=curation)):
        summaries.stamp(summary, version)
        path = folder / f"{article.id}.md"
        if existing[article.id].machine_owned:
            summaries.write_atomic(path, summaries.to_text(summary))
            result.summaries[article.id] = summary
            result.made.append(article.id)
        else:
            proposal = summaries.proposal_path(path)
            summaries.write_atomic(proposal, summaries.to_text(summary))
            result.proposed.append(article.id)
            result.problems.append(
                Problem(relpath(path, root), f"its article changed since it was edited; the machine's new summary is in {proposal.name}", warning=True)
            )
    result.summaries = {a.id: result.summaries[a.id] for a in articles if a.id in result.summaries}
    return result
