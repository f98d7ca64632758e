"""What the templates read: the briefing shaped for pages (display dates, links, snippets), no I/O."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date as Date
from functools import cached_property
from typing import Generic, TypeVar

from jinja2 import Environment
from markupsafe import Markup

from generator.render import charts
from generator.render.escape import escape_text
from generator.core.models import Article, Briefing, ChronologyEntry, Entity, FigureSeries, Mention, Summary

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
SNIPPET_CHARS = 220  # about two lines of text around a mention
TYPE_TITLES = {"person": "People", "organization": "Organisations", "place": "Places", "group": "Groups",
               "event": "Events", "other": "Other"}

# Page-size limits: the home page and entity pages brief, they do not list everything. Uncut, both
# grew with the corpus: at 5,000 synthetic articles (`python -m bench`) the home page was 8 MB (every
# point of dozens of figure series, a row per article), an entity page up to 5.6 MB (8,170 mentions
# of Mosul), and MkDocs, which holds every page in memory, peaked at 2.4 GB. On 5,000 replicated
# articles (`python -m bench.scale`) these limits took the home page from 7.3 MB to 52 KB, the
# largest entity page from 5.8 MB to 193 KB (126 KB of it the timeline) and MkDocs from 1,356 to
# 828 MB. What a list leaves out stays one click away: the articles index, the chronology filtered
# by entity (`?entity=<slug>`), data/figures.csv, data/entities.json. Each limit is far above what a
# few articles reach (the five-article seed: at most 22 mentions and 6 events of an entity, 2 sources
# and 7 entities per event, 3 points per series), so a small briefing shows everything.
KEY_DEVELOPMENTS = 8        # home: the events most sources report, one screen or two
HOME_SERIES = 6             # home: key-figure series, the ones most sources give (then the longest)
SERIES_ROWS = 12            # home: the latest values of a series, in its table and its chart
HOME_SOURCES = 20           # home: the most recently published articles
HOME_PUBLISHERS = 20        # home: publishers named with their counts, the most prolific first
ENTRY_SOURCES = 5           # home and entity pages: source badges on one event (the chronology shows all);
ENTRY_ENTITIES = 8          # and entity links on it: an event merged from hundreds of reports gathers
                            # dozens of each (about 200 and 90 bytes apiece: 4.6 KB an event, uncut)
ENTITY_EVENTS = 50          # entity timeline: the events most sources report, shown in date order
ENTITY_SNIPPETS = 100       # entity mentions quoted with their snippet (about 320 bytes each)
ENTITY_ARTICLE_LINKS = 400  # then one short link per further article that names the entity (about 90 bytes each)
ENTITY_QUOTES = 50          # entity: quotes by it
ENTITY_FIGURES = 50         # entity: figures it claimed

T = TypeVar("T")


@dataclass
class Cut(Generic[T]):
    """The first items of a list that a page shows, and how many there are in all."""

    shown: list[T]
    total: int

    @property
    def rest(self) -> int:
        """How many the page leaves out."""
        return self.total - len(self.shown)


def cut(items: list[T], limit: int) -> Cut[T]:
    """The first `limit` items, and the count of all of them."""
    return Cut(list(items[:limit]), len(items))


def display_date(value: str | None, precision: str | None) -> str:
    """An ISO date at its precision, for readers: '11 March 2017', 'October 2016', 'summer 2014', '2015'."""
    if not value:
        return "undated"
    if precision == "season" or re.search(r"-(SP|SU|FA|WI)$", value):
        year, season = value.split("-")
        return f"{SEASONS[season]} {year}"
    if precision == "week" or "-W" in value:
        year, week = value.split("-W")
        monday = Date.fromisocalendar(int(year), int(week), 1)
        return f"week of {monday.day} {MONTHS[monday.month - 1]} {monday.year}"
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"


def year_of(value: str | None) -> str:
    return value[:4] if value else ""


def month_key(value: str | None, precision: str | None) -> tuple[str, str]:
    """(year, month heading) for grouping the chronology; year- or season-precise entries head their year."""
    if not value:
        return ("", "")
    year = value[:4]
    if precision in ("day", "month") and len(value) >= 7 and value[4] == "-" and value[5:7].isdigit():
        return (year, MONTHS[int(value[5:7]) - 1])
    if precision == "week":
        monday = Date.fromisocalendar(int(year), int(value.split("-W")[1]), 1)
        return (year, MONTHS[monday.month - 1])
    return (year, "")


def find_name(text: str, names: list[str]) -> re.Match | None:
    """The first of `names` (tried in order) that `text` contains as whole words, case aside."""
    for name in names:
        if name:
            match = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE)
            if match:
                return match
    return None


def highlight(text: str, needle: str | re.Match | None) -> Markup:
    """A snippet of `text` around `needle` (a match, or the first whole-word hit), wrapped in <mark>; all text escaped."""

    match = needle if isinstance(needle, re.Match) else find_name(text, [needle or ""])
    if match is None:
        snippet = text[:SNIPPET_CHARS] + ("…" if len(text) > SNIPPET_CHARS else "")
        return escape_text(snippet)
    index, stop = match.span()
    start = max(0, index - SNIPPET_CHARS // 2)
    end = min(len(text), stop + SNIPPET_CHARS // 2)
    before, hit, after = text[start:index], text[index:stop], text[stop:end]
    return Markup("{}{}<mark>{}</mark>{}{}").format(
        Markup("…") if start > 0 else Markup(""), escape_text(before), escape_text(hit), escape_text(after),
        Markup("…") if end < len(text) else Markup(""),
    )


def mention_names(entity: Entity, surface: str) -> list[str]:
    """Names a mention may use in its paragraph, longest first: the summary's name, the entity's names,
    and a person's surname ("McGurk" for Brett McGurk, as news writes on second mention)."""
    names = {surface, entity.name, *entity.aliases}
    if entity.type == "person":
        names |= {n.split()[-1] for n in list(names) if len(n.split()) > 1}
    return sorted(names, key=lambda n: (-len(n), n))


@dataclass
class MentionView:
    """One mention on an entity page: where it is, the name as the paragraph writes it, the snippet."""

    article: "ArticleView"
    paragraph: int
    name: str
    snippet: Markup


@dataclass
class MentionList:
    """An entity's mentions as its page lists them: snippets first, then one link per further article."""

    snippets: list[MentionView]
    articles: list[tuple["ArticleView", int, int]] = field(default_factory=list)  # article, first paragraph, mentions
    more_articles: int = 0  # articles beyond the links (entities.json lists every one)
    total: int = 0  # paragraphs that name the entity
    total_articles: int = 0

    @property
    def shortened(self) -> bool:
        """True when the page quotes fewer mentions than there are."""
        return len(self.snippets) < self.total


@dataclass
class SeriesView:
    """A key-figure series as the home page shows it: its latest points, and how many earlier ones it leaves out."""

    series: FigureSeries
    shown: FigureSeries  # the same series with only the points shown (table and chart)
    earlier: int


@dataclass
class ArticleView:
    """An article and its summary, as its page and the lists show them."""

    article: Article
    summary: Summary

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def date_text(self) -> str:
        return display_date(self.article.published.date, self.article.published.precision)

    @property
    def publisher(self) -> str:
        return self.article.publisher or "Publisher unknown"

    def paragraph(self, number: int) -> str:
        return self.article.paragraphs[number - 1].text if 0 < number <= len(self.article.paragraphs) else ""


class BriefingView:
    """The briefing for templates: lookups, groupings and display helpers."""

    def __init__(self, briefing: Briefing, site: dict):
        self.briefing = briefing
        self.site = site
        self.articles = sorted(
            (ArticleView(a, briefing.summaries[a.id]) for a in briefing.articles),
            key=lambda v: (v.article.published.date or "", v.id),
        )
        self.article_by_id = {v.id: v for v in self.articles}
        self.entities = briefing.entities
        self.entity_by_slug = {e.slug: e for e in briefing.entities}
        self.chronology = briefing.chronology
        self.undated = briefing.undated
        self.series = briefing.series
        self.entity_slug_by_name: dict[tuple[str, str], str] = {}
        for entity in briefing.entities:
            for m in entity.occurrences:
                self.entity_slug_by_name[(m.article, m.surface)] = entity.slug

    def slug_for(self, article_id: str, name: str | None) -> str | None:
        """The merged entity page for a name as it appears in one article's summary."""
        return self.entity_slug_by_name.get((article_id, name)) if name else None

    @cached_property
    def period(self) -> tuple[str, str]:
        dates = [a.article.published for a in self.articles if a.article.published.date]
        if not dates:
            return ("", "")
        first, last = dates[0], dates[-1]
        return (display_date(first.date, first.precision), display_date(last.date, last.precision))

    @cached_property
    def events_period(self) -> tuple[str, str]:
        """The first and last year the dated events fall in (what the story covers, not when it was written)."""
        years = [e.date[:4] for e in self.chronology if e.date]
        return (min(years), max(years)) if years else ("", "")

    @cached_property
    def publishers(self) -> list[tuple[str, int]]:
        counts = Counter(a.publisher for a in self.articles)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    @cached_property
    def home_publishers(self) -> Cut[tuple[str, int]]:
        """The publishers the home page names, most articles first."""
        return cut(self.publishers, HOME_PUBLISHERS)

    @cached_property
    def recent_articles(self) -> Cut[ArticleView]:
        """The most recently published articles, oldest of them first (as the full list is ordered)."""
        return Cut(self.articles[-HOME_SOURCES:], len(self.articles))

    @cached_property
    def key_developments(self) -> list[ChronologyEntry]:
        """The chronology entries most sources report (ties: the more precise, then the later)."""
        ranked = sorted(self.chronology, key=lambda e: (-len({s.article for s in e.sources}), -len(e.entities), e.date or ""))
        return sorted(ranked[:KEY_DEVELOPMENTS], key=lambda e: e.date or "")

    @cached_property
    def home_series(self) -> Cut[SeriesView]:
        """The key-figure series the home page shows: those most articles give, then the longest, in the
        merge's order; each with its latest points in publication order."""
        ranked = sorted(range(len(self.series)),
                        key=lambda i: (-len({p.article for p in self.series[i].points}), -len(self.series[i].points), i))
        chosen = sorted(ranked[:HOME_SERIES])
        views = []
        for i in chosen:
            series = self.series[i]
            latest = series.points[-SERIES_ROWS:]
            shown = series if len(latest) == len(series.points) else series.model_copy(update={"points": latest})
            views.append(SeriesView(series, shown, len(series.points) - len(latest)))
        return Cut(views, len(self.series))

    def entry_sources(self, entry: ChronologyEntry) -> Cut:
        """The sources an event shows as badges outside the chronology (which shows every one)."""
        return cut(entry.sources, ENTRY_SOURCES)

    def entry_entities(self, slugs: list[str]) -> Cut[str]:
        """The entities an event links to outside the chronology (which links every one)."""
        return cut(slugs, ENTRY_ENTITIES)

    def top_entities(self, type_: str, n: int = 8) -> list[Entity]:
        return [e for e in self.entities if e.type == type_][:n]

    @cached_property
    def entities_by_type(self) -> list[tuple[str, str, list[Entity]]]:
        groups: dict[str, list[Entity]] = defaultdict(list)
        for entity in self.entities:
            groups[entity.type].append(entity)
        return [(t, TYPE_TITLES[t], sorted(groups[t], key=lambda e: (-e.mentions, e.name.casefold()))) for t in TYPE_TITLES if groups.get(t)]

    @cached_property
    def chronology_by_month(self) -> list[tuple[str, list[tuple[str, list[ChronologyEntry]]]]]:
        years: dict[str, dict[str, list[ChronologyEntry]]] = {}
        for entry in self.chronology:
            year, month = month_key(entry.date, entry.precision)
            years.setdefault(year, {}).setdefault(month, []).append(entry)
        return [(y, list(months.items())) for y, months in years.items()]

    def series_labels(self, series: FigureSeries) -> list[str]:
        """'12 March 2017 · Reuters' for each point of a figure series: when, and who published it."""
        return [f"{display_date(p.date, p.precision)} · {self.article_by_id[p.article].publisher}" for p in series.points]

    def _mention_places(self, entity: Entity) -> list[Mention]:
        """One occurrence per paragraph that names the entity, in article order."""
        places, seen = [], set()
        for m in entity.occurrences:
            if (m.article, m.paragraph) in seen:
                continue  # two names of one entity in one paragraph (merged "McGurk"): one mention line
            seen.add((m.article, m.paragraph))
            places.append(m)
        return sorted(places, key=lambda m: (self._article_order[m.article], m.paragraph))

    def _mention_view(self, entity: Entity, m: Mention) -> MentionView:
        article = self.article_by_id[m.article]
        text = article.paragraph(m.paragraph)
        match = find_name(text, mention_names(entity, m.surface))
        return MentionView(article, m.paragraph, match.group() if match else m.surface, highlight(text, match))

    def mentions_of(self, entity: Entity) -> list[MentionView]:
        """Every mention of an entity, in article order, with the name found in its paragraph highlighted."""
        return [self._mention_view(entity, m) for m in self._mention_places(entity)]

    def mention_list(self, entity: Entity) -> MentionList:
        """An entity's mentions for its page: the first ENTITY_SNIPPETS with snippets, then a link to each
        further article (its first paragraph that names the entity), up to ENTITY_ARTICLE_LINKS."""
        places = self._mention_places(entity)
        snippets = [self._mention_view(entity, m) for m in places[:ENTITY_SNIPPETS]]
        quoted = {v.article.id for v in snippets}
        further: dict[str, list[Mention]] = {}
        for m in places[ENTITY_SNIPPETS:]:
            if m.article not in quoted:
                further.setdefault(m.article, []).append(m)
        links = [(self.article_by_id[a], ms[0].paragraph, len(ms)) for a, ms in list(further.items())[:ENTITY_ARTICLE_LINKS]]
        return MentionList(snippets, links, max(0, len(further) - ENTITY_ARTICLE_LINKS), len(places),
                           len({m.article for m in places}))

    @cached_property
    def _article_order(self) -> dict[str, int]:
        return {a.id: i for i, a in enumerate(self.articles)}
    # Entity pages look up their events, quotes and figures in indexes built once: scanning the whole
    # chronology for each entity made rendering quadratic (entities and events both grow with articles).
    @cached_property
    def _events_by_slug(self) -> dict[str, list[ChronologyEntry]]:
        index: dict[str, list[ChronologyEntry]] = defaultdict(list)
        for entry in self.chronology:
            for slug in dict.fromkeys(entry.entities):
                index[slug].append(entry)
        return index

    @cached_property
    def _quotes_by_slug(self) -> dict[str, list[tuple[ArticleView, object]]]:
        index: dict[str, list] = defaultdict(list)
        for a in self.articles:
            for q in a.summary.quotes:
                slug = self.slug_for(a.id, q.speaker)
                if slug:
                    index[slug].append((a, q))
        return index

    @cached_property
    def _figures_by_slug(self) -> dict[str, list[tuple[ArticleView, object]]]:
        index: dict[str, list] = defaultdict(list)
        for a in self.articles:
            for f in a.summary.figures:
                slug = self.slug_for(a.id, f.claimed_by)
                if slug:
                    index[slug].append((a, f))
        return index

    def events_of(self, entity: Entity) -> list[ChronologyEntry]:
        return list(self._events_by_slug.get(entity.slug, ()))

    def timeline_of(self, entity: Entity) -> Cut[ChronologyEntry]:
        """The entity's events its page shows: the ENTITY_EVENTS most sources report (ties: the more
        entities, as for the key developments, then the earlier), in date order."""
        events = self.events_of(entity)
        if len(events) <= ENTITY_EVENTS:
            return Cut(events, len(events))
        ranked = sorted(range(len(events)), key=lambda i: (-len({s.article for s in events[i].sources}), -len(events[i].entities), i))
        return Cut([events[i] for i in sorted(ranked[:ENTITY_EVENTS])], len(events))

    def quotes_of(self, entity: Entity) -> list[tuple[ArticleView, object]]:
        names = {entity.name, *entity.aliases}
        return [(a, q) for a, q in self._quotes_by_slug.get(entity.slug, ()) if q.speaker in names]

    def figures_of(self, entity: Entity) -> list[tuple[ArticleView, object]]:
        return list(self._figures_by_slug.get(entity.slug, ()))

    def entity_quotes(self, entity: Entity) -> Cut[tuple[ArticleView, object]]:
        """The quotes an entity's page shows, in article order."""
        return cut(self.quotes_of(entity), ENTITY_QUOTES)

    def entity_figures(self, entity: Entity) -> Cut[tuple[ArticleView, object]]:
        """The figures an entity's page shows, in article order."""
        return cut(self.figures_of(entity), ENTITY_FIGURES)


def register(env: Environment) -> None:
    """Filters and globals the templates use."""
    env.filters["display_date"] = lambda item: display_date(getattr(item, "date", None), getattr(item, "precision", None))
    env.filters["year"] = year_of
    env.globals["highlight"] = highlight
    env.globals["events_strip"] = charts.events_strip
    env.globals["series_chart"] = charts.series_chart
    env.filters["plural"] = lambda n, word: Markup(f"<strong>{n:,}</strong> {word}{'' if n == 1 else 's'}")
    env.filters["number"] = lambda v: f"{v:,.0f}" if float(v).is_integer() else f"{v:,}"
