"""Stage 3, merge: Summaries (+ Articles, the Curation) -> one Briefing.

One entity per real thing, one chronology entry per event, figure series. The stage is split by
job: `entities` clusters the summaries' entities, `slugbook` gives them stable page addresses,
`chronology` joins the reports of one event, `series` lines up figures that measure the same thing,
`related` ranks the company entities keep. Name keys live in `generator/core/names.py`, the editor's
judgements in `generator/read/curation.py`. Imports `core`, `read` and `summarize`'s values."""

from __future__ import annotations

from generator.read.curation import Curation
from generator.core.names import name_key
from generator.core.models import Article, Briefing, Entity, Summary
from generator.merge import slugbook
from generator.merge.chronology import merge_chronology
from generator.merge.entities import cluster, resolve
from generator.merge.related import related_entities
from generator.merge.series import merge_series

__all__ = ["merge", "merge_entities", "merge_chronology", "merge_series", "related_entities", "name_key"]


def merge_entities(
    summaries: list[Summary], curation: Curation | None = None, book: slugbook.Book | None = None
) -> tuple[list[Entity], dict[tuple[str, str], str]]:
    """Entities across articles, and a map (article id, name or alias in that summary) -> entity slug."""
    curation = curation or Curation()
    clusters = cluster(summaries, curation)
    faces = [resolve(c, curation) for c in clusters]
    slugs = slugbook.assign([(f.name, f.keys, f.declared_slug) for f in faces], book or {})
    entities: list[Entity] = []
    slug_of: dict[tuple[str, str], str] = {}
    for c, face, entity_slug in zip(clusters, faces, slugs):
        for record in c.records:
            for name in record.names:
                slug_of.setdefault((record.article, name), entity_slug)
        entities.append(Entity(
            slug=entity_slug, name=face.name, type=face.type, aliases=face.aliases, description=face.description,
            mentions=face.mentions, articles=face.articles, occurrences=face.occurrences,
        ))
    entities.sort(key=lambda e: (-e.mentions, e.slug))
    return entities, slug_of


def merge(
    articles: list[Article], summaries: dict[str, Summary], curation: Curation | None = None,
    book: slugbook.Book | None = None,
) -> Briefing:
    """The briefing: every summary merged into entities, chronology and figure series."""
    ordered = [summaries[a.id] for a in articles if a.id in summaries]
    entities, slug_of = merge_entities(ordered, curation, book)
    places = frozenset(e.slug for e in entities if e.type == "place")
    chronology, undated = merge_chronology(ordered, slug_of, places)
    related_entities(entities, chronology)
    name_of_slug = {e.slug: e.name for e in entities}
    names = {key: name_of_slug[s] for key, s in slug_of.items()}
    return Briefing(
        articles=[a for a in articles if a.id in summaries],
        summaries={s.id: s for s in ordered},
        entities=entities,
        chronology=chronology,
        undated=undated,
        series=merge_series(articles, ordered, names),
    )
