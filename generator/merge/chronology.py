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
from functools import lru_cache

from generator.core.models import ChronologyEntry, Source, Summary
from generator.core.names import fold
from generator.core.slugs import slug

# Share of content words two reports of one event have in common (overlap over the smaller set,
# synonymous verbs as one). Measured on the seed's pairs of events with compatible dates and a shared
# entity: one event told twice 0.36 (the October 2016 Mosul offensive), 0.54 (the last road out of
# Mosul), 0.70 (the 2014 fall of Mosul, "summer 2014" / "2014"); different events 0.00-0.33, the
# highest pairing a year-only report ("retook Mosul earlier this year") with a dated one. So reports
# of the very same date need 0.30, reports of different precision 0.40.
SAME_DATE_OVERLAP = 0.30
SAME_EVENT_OVERLAP = 0.40
CONFLICT_OVERLAP = 0.60  # dates that disagree: only near-identical wording makes one event
MAX_WORDINGS = 5  # reports whose wording a new report is compared with: the first few tell the event
MAX_CANDIDATES = 400  # per index key, the most recent entries: bounds the work on huge corpora
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
CONFLICT_GAP = {"day": 3, "week": 7, "month": 31, "season": 92, "year": 366}  # days between dates that may
# still be one event misdated by a source: a weekday read a week off, a month named for the next
STOPWORDS = frozenset(
    "a an and are as at be been before but by for from had has have he her his in into is it its last "
    "more most not of on or over said says since some than that the their them then there these they "
    "this those to under up was were which while who will with would after about also against all".split()
)


def interval(value: str, precision: str | None = None) -> tuple[date, date] | None:
    """The first and last day an ISO date at its precision can mean: '2014-SU' -> 1 June to 31 August 2014.

    The precision follows from the form of the value (TimeML); the argument is for readers' symmetry.
    """
    return _span(value)


@lru_cache(maxsize=65536)
def _span(value: str) -> tuple[date, date] | None:
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
    """An entry being built: its sources and what they say, kept in summary form so a candidate is
    judged in constant time however many sources the entry already has."""

    sources: list[Source]
    entities: set[str]
    order: list[str]  # entity slugs in the order first reported
    word_sets: list[set[str]]  # the wording of the first few reports (not their union: no snowball)
    dates: Counter  # ISO date -> number of sources giving it
    common: tuple[date, date] | None  # the span every source's date allows (None once they disagree)
    hull: tuple[date, date]  # from the earliest start to the latest end of the sources' dates
    places: set[str] = field(default_factory=set)
    seen: set[tuple[str, int]] = field(default_factory=set)

    def add(self, source: Source, slugs: list[str], event_words: set[str], places: frozenset[str]) -> None:
        span = interval(source.date)
        self.sources.append(source)
        self.seen.add((source.article, source.paragraph))
        self.order += [s for s in slugs if s not in self.entities]
        self.entities |= set(slugs)
        self.places |= set(slugs) & places
        if len(self.word_sets) < MAX_WORDINGS:
            self.word_sets.append(event_words)
        self.dates[source.date] += 1
        if self.common is not None:
            lo, hi = max(self.common[0], span[0]), min(self.common[1], span[1])
            self.common = (lo, hi) if lo <= hi else None
        self.hull = (min(self.hull[0], span[0]), max(self.hull[1], span[1]))


def _new_entry(source: Source, slugs: list[str], event_words: set[str], places: frozenset[str]) -> _Entry:
    span = interval(source.date)
    entry = _Entry(sources=[], entities=set(), order=[], word_sets=[], dates=Counter(), common=span, hull=span)
    entry.add(source, slugs, event_words, places)
    return entry


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
            span = interval(event.date) if event.date else None
            if span is None:
                undated.append(ChronologyEntry(id="", date=None, precision=None, text=event.text, entities=slugs, sources=[source]))
                continue
            event_words = words(event.text)
            keys = _index_keys(span, slugs)
            match = _best_match(entries, index, keys, source, span, slugs, event_words, places)
            if match is None:
                entries.append(_new_entry(source, slugs, event_words, places))
                match = len(entries) - 1
            else:
                entries[match].add(source, slugs, event_words, places)
            for key in keys:
                if not index[key] or index[key][-1] != match:
                    index[key].append(match)
    dated = [_finish(e) for e in entries]
    dated.sort(key=lambda e: (interval(e.date)[0], width(e.date), e.text))
    for i, entry in enumerate(dated, start=1):
        entry.id = f"e{i}-{slug(entry.text)[:40].rstrip('-')}"
    for i, entry in enumerate(undated, start=1):
        entry.id = f"u{i}"
    return dated, undated


def _index_keys(span: tuple[date, date], slugs: list[str]) -> list[tuple[int, str]]:
    years = range(span[0].year - 1, span[1].year + 2)  # a neighbouring year: conflicting dates
    return [(y, s) for y in years for s in slugs]


def _best_match(entries, index, keys, source: Source, span, slugs: list[str], event_words: set[str], places: frozenset[str]) -> int | None:
    """The entry this report belongs to, or None: the most alike of the candidates that qualify."""
    own_places = set(slugs) & places
    own = set(slugs)
    candidates: set[int] = set()
    for key in keys:
        candidates.update(index.get(key, [])[-MAX_CANDIDATES:])
    best, best_score = None, 0.0
    for i in sorted(candidates):
        entry = entries[i]
        if (source.article, source.paragraph) in entry.seen:
            continue  # two dates in one clause are two events
        if own_places and entry.places and not own_places & entry.places:
            continue  # "retook Rawa" and "retook Mosul": events happen somewhere
        if not own & entry.entities:
            continue
        score = max(_overlap(w, event_words) for w in entry.word_sets)
        if entry.common is not None and entry.common[0] <= span[1] and span[0] <= entry.common[1]:
            same_date = set(entry.dates) == {source.date}
            ok = score >= (SAME_DATE_OVERLAP if same_date else SAME_EVENT_OVERLAP)
        else:
            ok = score >= CONFLICT_OVERLAP and _near(entry.hull, span, source.precision, entry.sources[0].precision)
        if ok and score > best_score:
            best, best_score = i, score
    return best


def _near(hull: tuple[date, date], span: tuple[date, date], *precisions: str | None) -> bool:
    """Dates close enough to be one event misdated by a source, at the coarser of the precisions."""
    days = max((span[0] - hull[1]).days, (hull[0] - span[1]).days, 0)
    return days <= max(CONFLICT_GAP.get(p or "year", 366) for p in precisions)


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _finish(entry: _Entry) -> ChronologyEntry:
    """The entry's date: the most precise its sources support; where they disagree, the best-supported."""
    support = {d: sum(n for other, n in entry.dates.items() if compatible(d, other)) for d in entry.dates}
    chosen = max(support, key=lambda d: (support[d], -width(d), -interval(d)[0].toordinal()))
    source = next(s for s in entry.sources if s.date == chosen)
    return ChronologyEntry(
        id="", date=chosen, precision=source.precision, text=source.text, entities=entry.order,
        sources=sorted(entry.sources, key=lambda s: (s.article, s.paragraph)),
        conflicting_dates=support[chosen] < len(entry.sources),
    )
