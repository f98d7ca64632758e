"""Related entities: the entities an entity is reported with, ranked by how specific the company is."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from generator.core.models import ChronologyEntry, Entity

MAX_RELATED = 8
EVENT_WEIGHT = 2  # sharing a chronology event says more than sharing a paragraph
SMOOTHING = 2  # added to the other entity's count: one shared paragraph with a one-off name should not
# outrank five with a name met everywhere (on the seed, unsmoothed cosine ranked one-off names first)
MAX_TOGETHER = 30  # entities in one paragraph or event beyond this are a list, not company (bounds the pairs)


def related_entities(entities: list[Entity], chronology: list[ChronologyEntry]) -> None:
    """Fill each entity's `related`: co-occurrence in paragraphs and events, normalised by how often each
    occurs (cosine), so the entities named everywhere ("Iraq") do not crowd every list."""
    by_place: dict[tuple[str, int], set[str]] = defaultdict(set)
    for entity in entities:
        for m in entity.occurrences:
            by_place[(m.article, m.paragraph)].add(entity.slug)
    weight: dict[str, Counter] = defaultdict(Counter)
    occurs: Counter = Counter()
    groups = [(sorted(together), 1) for together in by_place.values()]
    groups += [(sorted(set(entry.entities)), EVENT_WEIGHT) for entry in chronology]
    for together, w in groups:
        together = together[:MAX_TOGETHER]
        for a in together:
            occurs[a] += w
            for b in together:
                if a != b:
                    weight[a][b] += w
    for entity in entities:
        scores = {b: together / math.sqrt(occurs[entity.slug] * (occurs[b] + SMOOTHING)) for b, together in weight[entity.slug].items()}
        ranked = sorted(scores, key=lambda b: (-scores[b], -weight[entity.slug][b], b))
        entity.related = ranked[:MAX_RELATED]
