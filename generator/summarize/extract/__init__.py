"""Extraction: one article and its parsed paragraphs -> its Summary. A pure function of its inputs."""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc

from generator.summarize import timex
from generator.core.models import Article, Review, Summary
from generator.read.curation import Curation
from generator.core.names import without_generic_suffix
from generator.summarize.extract.descriptions import describe
from generator.summarize.extract.entities import group_mentions, to_summary_entities
from generator.summarize.extract.mentions import find_mentions
from generator.summarize.extract.events import extract_events
from generator.summarize.extract.figures import extract_figures
from generator.summarize.extract.keysentences import key_sentences
from generator.summarize.extract.quotes import extract_quotes
from generator.summarize.extract.resolve import EntityResolver

# Bump it in generator/versions.py (importable without spaCy, for cheap no-change rebuilds).
from generator.core.versions import EXTRACTOR_VERSION  # noqa: F401 - re-exported


def anchor_for(article: Article) -> Optional[timex.Anchor]:
    """The publication date that relative times ("Sunday", "last year") are read against."""
    published = article.published
    if not published.date or not published.precision:
        return None
    return timex.Anchor(date=published.anchor_date(), precision=published.precision)


def summarize_article(article: Article, docs: list[Doc], curation: Optional[Curation] = None) -> Summary:
    """The machine's summary of one article; `docs` are its paragraphs parsed by the pipeline, in order.

    `curation` is the editor's content/entities.yml: its names are found in the text and its
    judgements (types, merges, ignores, descriptions) win over the machine's.
    """
    numbered = [(p.number, doc) for p, doc in zip(article.paragraphs, docs)]
    curation = curation or Curation()
    known = [n for d in curation.entities for n in (d.name, *d.aliases)] + [n for group in curation.merge for n in group]
    known += [n.rsplit(" ", 1)[0] for n in known if without_generic_suffix(n)]  # "Islamic State" for "Islamic State group"
    entities = group_mentions(find_mentions(numbered, article.publisher, known), curation)
    describe(entities, numbered)
    resolver = EntityResolver(entities, dict(numbered))
    return Summary(
        id=article.id,
        title=article.title,
        publisher=article.publisher,
        url=article.url,
        published=article.published,
        summary=key_sentences(numbered, entities),
        entities=to_summary_entities(entities),
        events=extract_events(numbered, anchor_for(article), resolver),
        figures=extract_figures(numbered, resolver),
        quotes=extract_quotes(numbered, resolver),
        review=Review(status="machine", source_sha256=article.source_sha256),
    )
