"""Stage: summaries -> Briefing. One entity per real thing, one chronology entry per event, figure series."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .models import (
    Article,
    Briefing,
    ChronologyEntry,
    Entity,
    FigureSeries,
    Mention,
    SeriesPoint,
    Source,
    Summary,
    SummaryEntity,
)
from .slugs import SlugRegistry, slug

SAME_EVENT_SIMILARITY = 60  # rapidfuzz token_set_ratio; seed pairs reporting one event scored 62-90
MAX_RELATED = 8


def name_key(name: str) -> str:
    """Case, diacritics, a leading 'the', hyphens and punctuation do not make a different name."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[\W_]+", " ", text).strip()


@dataclass
class _Cluster:
    names: Counter = field(default_factory=Counter)
    types: Counter = field(default_factory=Counter)
    descriptions: list[str] = field(default_factory=list)
    members: list[tuple[str, SummaryEntity]] = field(default_factory=list)  # (article id, entity)


def merge_entities(summaries: list[Summary]) -> tuple[list[Entity], dict[tuple[str, str], str]]:
    """Entities across articles, and a map (article id, name in that summary) -> entity slug."""
    clusters: dict[str, _Cluster] = {}
    key_of: dict[str, str] = {}  # any known name key -> cluster key

    def cluster_for(entity: SummaryEntity) -> str:
        keys = [name_key(entity.name)] + [name_key(a) for a in entity.aliases]
        for k in keys:
            if k in key_of:
                return key_of[k]
        return keys[0]

    for summary in summaries:
        for entity in summary.entities:
            ck = cluster_for(entity)
            cluster = clusters.setdefault(ck, _Cluster())
            cluster.names[entity.name] += entity.mentions
            for alias in entity.aliases:
                cluster.names[alias] += 0
            cluster.types[entity.type] += entity.mentions
            if entity.description:
                cluster.descriptions.append(entity.description)
            cluster.members.append((summary.id, entity))
            for k in [name_key(entity.name)] + [name_key(a) for a in entity.aliases]:
                key_of.setdefault(k, ck)
    _merge_surnames(clusters)

    registry = SlugRegistry()
    entities: list[Entity] = []
    slug_of: dict[tuple[str, str], str] = {}
    ordered = sorted(clusters.items(), key=lambda kv: (-sum(e.mentions for _, e in kv[1].members), kv[0]))
    for key, cluster in sorted(ordered, key=lambda kv: kv[0]):
        name = _canonical(cluster)
        entity_slug = registry.claim(key, name)
        occurrences = []
        for article_id, member in cluster.members:
            slug_of[(article_id, member.name)] = entity_slug
            for paragraph in member.paragraphs:
                occurrences.append(Mention(article=article_id, paragraph=paragraph, surface=member.name))
        entities.append(
            Entity(
                slug=entity_slug,
                name=name,
                type=cluster.types.most_common(1)[0][0],
                aliases=sorted({n for n in cluster.names if n != name}, key=str.casefold),
                description=Counter(cluster.descriptions).most_common(1)[0][0] if cluster.descriptions else None,
                mentions=sum(m.mentions for _, m in cluster.members),
                articles=sorted({a for a, _ in cluster.members}),
                occurrences=sorted(occurrences, key=lambda m: (m.article, m.paragraph)),
            )
        )
    entities.sort(key=lambda e: (-e.mentions, e.slug))
    return entities, slug_of


def _canonical(cluster: _Cluster) -> str:
    """The longest of the most used names: 'Brett McGurk' over 'McGurk'."""
    top = cluster.names.most_common()
    best = max(top, key=lambda nc: (len(nc[0].split()) > 1, nc[1], len(nc[0])))
    return best[0]


def _merge_surnames(clusters: dict[str, _Cluster]) -> None:
    """A one-word person name joins the only multi-word cluster whose last word it is ('McGurk')."""
    by_last: dict[str, list[str]] = defaultdict(list)
    for key in clusters:
        words = key.split()
        if len(words) > 1:
            by_last[words[-1]].append(key)
    for key in list(clusters):
        if " " in key or key not in clusters or clusters[key].types.most_common(1)[0][0] != "person":
            continue
        candidates = by_last.get(key, [])
        if len(candidates) == 1 and candidates[0] in clusters:
            target = clusters[candidates[0]]
            source = clusters.pop(key)
            target.names.update(source.names)
            target.types.update(source.types)
            target.descriptions += source.descriptions
            target.members += source.members


def _compatible(a: str | None, b: str | None) -> bool:
    """Two ISO dates at their precisions can name the same time: one is a prefix of the other."""
    if not a or not b:
        return False
    a, b = a.split("-W")[0], b.split("-W")[0]
    a, b = re.sub(r"-(SP|SU|FA|WI)$", "", a), re.sub(r"-(SP|SU|FA|WI)$", "", b)
    return a.startswith(b) or b.startswith(a)


def merge_chronology(summaries: list[Summary], slug_of: dict[tuple[str, str], str]) -> tuple[list[ChronologyEntry], list[ChronologyEntry]]:
    """Dated entries oldest first, one per event across sources; undated items separately."""
    entries: list[ChronologyEntry] = []
    undated: list[ChronologyEntry] = []
    index = _EventIndex()
    for summary in summaries:
        for event in summary.events:
            slugs = [slug_of[(summary.id, n)] for n in event.entities if (summary.id, n) in slug_of]
            source = Source(article=summary.id, paragraph=event.paragraph, date=event.date, precision=event.precision, text=event.text)
            if not event.date:
                undated.append(ChronologyEntry(id="", date=None, precision=None, text=event.text, entities=slugs, sources=[source]))
                continue
            match = next((e for e in index.candidates(event.date, slugs) if _same_event(e, event.date, event.text, slugs, summary.id)), None)
            if match is None:
                entries.append(ChronologyEntry(id="", date=event.date, precision=event.precision, text=event.text, entities=slugs, sources=[source]))
                index.add(entries[-1])
                continue
            match.sources.append(source)
            match.entities = list(dict.fromkeys(match.entities + slugs))
            if _rank(event.precision) > _rank(match.precision):
                match.date, match.precision = event.date, event.precision
            index.add(match)  # under its new entities and date too
            if len({s.date for s in match.sources if s.date}) > 1 and not all(_compatible(s.date, match.date) for s in match.sources):
                match.conflicting_dates = True
    entries.sort(key=lambda e: (e.date or "", -_rank(e.precision), e.text))
    for i, entry in enumerate(entries, start=1):
        entry.id = f"e{i}-{slug(entry.text)[:40].rstrip('-')}"
    for i, entry in enumerate(undated, start=1):
        entry.id = f"u{i}"
    return entries, undated


def _date_parts(date: str) -> tuple[str, ...]:
    """An ISO date as _compatible reads it (week and season dropped), split into its components."""
    date = re.sub(r"-(SP|SU|FA|WI)$", "", date.split("-W")[0])
    return tuple(date.split("-"))


class _EventIndex:
    """Blocking for merge_chronology: only entries that share an entity and have a compatible date are
    compared with fuzzy matching, instead of every entry so far (quadratic: 25,000 events at 5,000
    articles would be 300 million comparisons). Gives the same first match as a full scan: candidates
    come back in creation order, and each is still checked by _same_event against its current state.
    """

    def __init__(self) -> None:
        self.order: dict[int, int] = {}  # id(entry) -> creation rank
        self.keys: dict[int, set] = {}  # id(entry) -> (slug, date parts) it is registered under
        self.exact: dict[tuple[str, tuple[str, ...]], list[ChronologyEntry]] = defaultdict(list)
        self.within: dict[tuple[str, tuple[str, ...]], list[ChronologyEntry]] = defaultdict(list)

    def add(self, entry: ChronologyEntry) -> None:
        """Register an entry, or its new entities and date after it gained a source."""
        self.order.setdefault(id(entry), len(self.order))
        done = self.keys.setdefault(id(entry), set())
        parts = _date_parts(entry.date or "")
        for slug_ in entry.entities:
            for table, prefixes in ((self.exact, [parts]), (self.within, [parts[:n] for n in range(1, len(parts) + 1)])):
                for prefix in prefixes:
                    key = (slug_, prefix)
                    if (id(table), key) not in done:
                        done.add((id(table), key))
                        table[key].append(entry)

    def candidates(self, date: str, slugs: list[str]) -> list[ChronologyEntry]:
        """Entries sharing an entity whose date is a prefix of `date` or has `date` as a prefix."""
        parts = _date_parts(date)
        found: dict[int, ChronologyEntry] = {}
        for slug_ in slugs:
            for entry in self.within.get((slug_, parts), ()):  # as precise as `date`, or more
                found[id(entry)] = entry
            for n in range(1, len(parts)):  # less precise than `date`
                for entry in self.exact.get((slug_, parts[:n]), ()):
                    found[id(entry)] = entry
        return sorted(found.values(), key=lambda e: self.order[id(e)])


def _rank(precision: str | None) -> int:
    return {"year": 1, "season": 2, "month": 3, "week": 4, "day": 5}.get(precision or "", 0)


def _same_event(entry: ChronologyEntry, date: str, text: str, slugs: list[str], article: str) -> bool:
    if any(s.article == article for s in entry.sources):
        return False
    if not _compatible(entry.date, date):
        return False
    shared = set(entry.entities) & set(slugs)
    similarity = fuzz.token_set_ratio(entry.text, text)
    return bool(shared) and similarity >= SAME_EVENT_SIMILARITY


def merge_series(summaries: list[Summary], slug_of: dict[tuple[str, str], str]) -> list[FigureSeries]:
    """Figures grouped by unit and what they measure, each series in date order."""
    groups: dict[tuple[str, str], list[SeriesPoint]] = defaultdict(list)
    for summary in summaries:
        for figure in summary.figures:
            measure = name_key(figure.measure) or figure.unit
            groups[(figure.unit, measure)].append(
                SeriesPoint(
                    date=summary.published.date, precision=summary.published.precision, value=figure.value,
                    unit=figure.unit, text=figure.text, claimed_by=figure.claimed_by,
                    article=summary.id, paragraph=figure.paragraph,
                )
            )
    series = []
    for (unit, measure), points in sorted(groups.items()):
        if len({p.article for p in points}) < 2:
            continue
        points.sort(key=lambda p: (p.date or "", p.article, p.paragraph))
        series.append(FigureSeries(slug=slug(f"{measure} {unit}"), measure=measure, unit=unit, points=points))
    return series


def related_entities(entities: list[Entity], chronology: list[ChronologyEntry]) -> None:
    """Fill each entity's `related` with the entities it shares paragraphs and events with, most first."""
    by_place: dict[tuple[str, int], set[str]] = defaultdict(set)
    for entity in entities:
        for m in entity.occurrences:
            by_place[(m.article, m.paragraph)].add(entity.slug)
    counts: dict[str, Counter] = defaultdict(Counter)
    for together in by_place.values():
        for a in together:
            for b in together:
                if a != b:
                    counts[a][b] += 1
    for entry in chronology:
        for a in entry.entities:
            for b in entry.entities:
                if a != b:
                    counts[a][b] += 2  # sharing an event says more than sharing a paragraph
    for entity in entities:
        ranked = sorted(counts[entity.slug].items(), key=lambda kv: (-kv[1], kv[0]))
        entity.related = [s for s, _ in ranked[:MAX_RELATED]]


def merge(articles: list[Article], summaries: dict[str, Summary]) -> Briefing:
    """The briefing: every summary merged into entities, chronology and figure series."""
    ordered = [summaries[a.id] for a in articles if a.id in summaries]
    entities, slug_of = merge_entities(ordered)
    chronology, undated = merge_chronology(ordered, slug_of)
    related_entities(entities, chronology)
    return Briefing(
        articles=[a for a in articles if a.id in summaries],
        summaries={s.id: s for s in ordered},
        entities=entities,
        chronology=chronology,
        undated=undated,
        series=merge_series(ordered, slug_of),
    )
