"""One chronology entry per event: events of all summaries joined when they report the same thing.

Two reports are one event when their dates can name the same time at their precisions ("summer
2014" and "2014"), they share an entity, and their wording is alike. Dates that cannot be the same
time but lie close together (a day or a month apart) join only on much closer wording, and the
entry then shows the disagreement with each source's date.
Candidates are found through an index of (year, entity), each lookup bounded, so the work grows
linearly with the number of events.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..models import ChronologyEntry, Source, Summary
from ..names import fold
from ..slugs import slug

# Share of content words two reports of one event have in common (overlap over the smaller set,
# synonymous verbs as one). Measured on the seed's pairs of events with compatible dates and a shared
# entity: one event told twice 0.36 (the October 2016 Mosul offensive), 0.54 (the last road out of
# Mosul), 0.70 (the 2014 fall of Mosul, "summer 2014" / "2014"); different events 0.00-0.33, the
# highest pairing a year-only report ("retook Mosul earlier this year") with a dated one. So reports
# of the very same date need 0.30, reports of different precision 0.40.
SAME_DATE_OVERLAP = 0.30
SAME_EVENT_OVERLAP = 0.40
CONFLICT_OVERLAP = 0.60  # dates that disagree: only near-identical wording makes one event
MAX_CANDIDATES = 400  # per index key, the most recent entries: bounds the work on huge corpora
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
CONFLICT_GAP = {"day": 3, "week": 7, "month": 31, "season": 92, "year": 366}  # days between dates that may
# still be one event misdated by a source: a weekday read a week off, a month named for the next
STOPWORDS = frozenset(
    "a an and are as at be been before but by for from had has have he her his in into is it its last "
    "more most not of on or over said says since some than that the their them then there these they "
    "this those to under up was were which while who will with would after about also against all".split()
)


def interval(value: str, precision: str | None) -> tuple[date, date] | None:
    """The first and last day an ISO date at its precision can mean: '2014-SU' -> 1 June to 31 August 2014."""
    try:
        if "-W" in value:
            year, week = value.split("-W")
            start = date.fromisocalendar(int(year), int(week), 1)
            return start, start + timedelta(days=6)
        season = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
        if season:
            year, (first, last) = int(season[1]), SEASON_MONTHS[season[2]]
            start = date(year - 1, first, 1) if season[2] == "WI" else date(year, first, 1)
            return start, _month_end(year, last)
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
        if len(parts) == 2:
            return date(parts[0], parts[1], 1), _month_end(parts[0], parts[1])
        day = date(*parts)
        return day, day
    except (ValueError, KeyError):
        return None


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def compatible(a: str | None, b: str | None) -> bool:
    """Two ISO dates at their precisions can name the same time: their spans overlap."""
    ia, ib = interval(a, None) if a else None, interval(b, None) if b else None
    return bool(ia and ib and ia[0] <= ib[1] and ib[0] <= ia[1])


def gap(a: str, b: str) -> int | None:
    """Days between the spans of two dates (0 when they overlap)."""
    ia, ib = interval(a, None), interval(b, None)
    if not ia or not ib:
        return None
    return max((ib[0] - ia[1]).days, (ia[0] - ib[1]).days, 0)


def width(value: str | None) -> int:
    """Days an ISO date spans: the smaller, the more precise."""
    span = interval(value, None) if value else None
    return (span[1] - span[0]).days + 1 if span else 10**6


# Verbs news writers use interchangeably for one act; each maps to one stem. A small, general table.
SYNONYMS = {
    **dict.fromkeys("retake retook retaken retaking recapture recaptured recapturing regain regained reclaim "
                    "reclaimed liberate liberated liberating".split(), "retake"),
    **dict.fromkeys("take took taken taking seize seized seizing capture captured capturing overran overrun "
                    "overrunning sweep swept".split(), "take"),
    **dict.fromkeys("launch launched launching begin began begun start started".split(), "begin"),
    **dict.fromkeys("kill killed killing dead died".split(), "kill"),
}


def words(text: str) -> set[str]:
    """Content words, crudely stemmed (first five letters; synonymous verbs as one): 'overran'/'took' meet."""
    found = set()
    for w in re.findall(r"[a-z0-9]+", fold(text)):
        if len(w) > 2 and w not in STOPWORDS:
            found.add(SYNONYMS.get(w, w)[:5])
    return found


@dataclass
class _Entry:
    """An entry being built: its sources and what they say."""

    sources: list[Source]
    entities: list[str]
    words: set[str]
    dates: Counter = field(default_factory=Counter)
    texts: list[str] = field(default_factory=list)


def merge_chronology(
    summaries: list[Summary], slug_of: dict[tuple[str, str], str], places: frozenset[str] = frozenset()
) -> tuple[list[ChronologyEntry], list[ChronologyEntry]]:
    """Dated entries oldest first, one per event across sources; undated items separately.

    `places` are the slugs of place entities: two reports naming places, none in common, are two events.
    """
    entries: list[_Entry] = []
    undated: list[ChronologyEntry] = []
    index: dict[tuple[int, str], list[int]] = defaultdict(list)
    for summary in summaries:
        for event in summary.events:
            slugs = list(dict.fromkeys(slug_of[(summary.id, x)] for x in event.entities if (summary.id, x) in slug_of))
            source = Source(article=summary.id, paragraph=event.paragraph, date=event.date, precision=event.precision, text=event.text)
            span = interval(event.date, event.precision) if event.date else None
            if span is None:
                undated.append(ChronologyEntry(id="", date=None, precision=None, text=event.text, entities=slugs, sources=[source]))
                continue
            event_words = words(event.text)
            keys = _index_keys(span, slugs)
            match = _best_match(entries, index, keys, source, slugs, event_words, places)
            if match is None:
                entries.append(_Entry(sources=[source], entities=slugs, words=event_words, texts=[event.text]))
                match = len(entries) - 1
            else:
                entry = entries[match]
                entry.sources.append(source)
                entry.entities = list(dict.fromkeys(entry.entities + slugs))
                entry.words |= event_words
                entry.texts.append(event.text)
            for key in keys:
                if not index[key] or index[key][-1] != match:
                    index[key].append(match)
    dated = [_finish(e) for e in entries]
    dated.sort(key=lambda e: (interval(e.date, e.precision)[0], width(e.date), e.text))
    for i, entry in enumerate(dated, start=1):
        entry.id = f"e{i}-{slug(entry.text)[:40].rstrip('-')}"
    for i, entry in enumerate(undated, start=1):
        entry.id = f"u{i}"
    return dated, undated


def _index_keys(span: tuple[date, date], slugs: list[str]) -> list[tuple[int, str]]:
    years = range(span[0].year - 1, span[1].year + 2)  # a neighbouring year: conflicting dates
    return [(y, s) for y in years for s in slugs]


def _best_match(entries, index, keys, source: Source, slugs: list[str], event_words: set[str], places: frozenset[str]) -> int | None:
    """The entry this report belongs to, or None: the most alike of the candidates that qualify."""
    own_places = set(slugs) & places
    entity_hits: set[int] = set()
    for key in keys:
        entity_hits.update(index.get(key, [])[-MAX_CANDIDATES:])
    best, best_score = None, 0.0
    for i in sorted(entity_hits):
        entry = entries[i]
        if any(s.article == source.article and s.paragraph == source.paragraph for s in entry.sources):
            continue  # two dates in one clause are two events
        their_places = set(entry.entities) & places
        if own_places and their_places and not own_places & their_places:
            continue  # "retook Rawa" and "retook Mosul": events happen somewhere
        score = _overlap(entry.words, event_words)
        dates_agree = all(compatible(s.date, source.date) for s in entry.sources)
        if dates_agree:
            same_date = all(s.date == source.date for s in entry.sources)
            ok = score >= (SAME_DATE_OVERLAP if same_date else SAME_EVENT_OVERLAP)
        else:
            near = all(compatible(s.date, source.date) or _near(s, source) for s in entry.sources)
            ok = near and score >= CONFLICT_OVERLAP
        if ok and set(entry.entities) & set(slugs) and score > best_score:
            best, best_score = i, score
    return best


def _near(a: Source, b: Source) -> bool:
    g = gap(a.date, b.date)
    coarse = max((a.precision or "year", b.precision or "year"), key=lambda p: CONFLICT_GAP.get(p, 366))
    return g is not None and g <= CONFLICT_GAP.get(coarse, 366)


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _finish(entry: _Entry) -> ChronologyEntry:
    """The entry's date: the most precise its sources support; where they disagree, the best-supported."""
    dated = [s for s in entry.sources if s.date]
    groups = []  # sources whose dates are all compatible with a given source's date
    for s in dated:
        group = [t for t in dated if compatible(s.date, t.date)]
        groups.append((len(group), -width(s.date), s))
    _, _, chosen = max(groups, key=lambda g: (g[0], g[1], -interval(g[2].date, None)[0].toordinal()))
    supported = [t for t in dated if compatible(chosen.date, t.date)]
    conflicting = len(supported) < len(dated)
    first = entry.sources[0]
    text = next((s.text for s in entry.sources if s.date == chosen.date), first.text)
    return ChronologyEntry(
        id="", date=chosen.date, precision=chosen.precision, text=text, entities=entry.entities,
        sources=sorted(entry.sources, key=lambda s: (s.article, s.paragraph)), conflicting_dates=conflicting,
    )
