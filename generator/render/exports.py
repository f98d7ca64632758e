"""Machine-readable exports of the briefing: the JSON of the contract, plus CSV and iCalendar."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

from icalendar import Calendar, Event as CalEvent

from generator.core.models import Briefing, ChronologyEntry


def paragraph_url(site: dict, article: str, paragraph: int) -> str:
    """The page URL of a paragraph: absolute under site_url when one is configured, else from the site root."""
    base = (site.get("site_url") or "").rstrip("/")
    path = f"articles/{article}/#p{paragraph}"
    return f"{base}/{path}" if base else path


def chronology_json(briefing: Briefing, site: dict) -> dict:
    """`{"events": [...]}` sorted by date, undated items last (contract of DESIGN.md)."""
    def entry(e: ChronologyEntry) -> dict:
        return {
            "id": e.id,
            "date": e.date,
            "precision": e.precision,
            "text": e.text,
            "entities": e.entities,
            "sources": [
                {"article": s.article, "paragraph": s.paragraph, "url": paragraph_url(site, s.article, s.paragraph),
                 "date": s.date, "precision": s.precision, "text": s.text}
                for s in e.sources
            ],
        }
    return {"events": [entry(e) for e in briefing.chronology], "undated": [entry(e) for e in briefing.undated]}


def entities_json(briefing: Briefing) -> dict:
    return {
        "entities": [
            {"slug": e.slug, "name": e.name, "type": e.type, "aliases": e.aliases, "description": e.description,
             "mentions": e.mentions, "articles": e.articles, "related": e.related}
            for e in briefing.entities
        ]
    }


def articles_json(briefing: Briefing) -> dict:
    by_article: dict[str, list[str]] = {a.id: [] for a in briefing.articles}
    for e in briefing.entities:
        for article in e.articles:
            by_article.setdefault(article, []).append(e.slug)
    return {
        "articles": [
            {"id": a.id, "title": a.title, "publisher": a.publisher, "url": a.url,
             "published": a.published.model_dump(exclude_none=True), "entities": sorted(by_article[a.id]),
             "review": briefing.summaries[a.id].review.status}
            for a in briefing.articles
        ]
    }


def chronology_csv(briefing: Briefing, site: dict) -> str:
    """One row per source of each dated event: spreadsheets want flat rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["event_id", "date", "precision", "text", "entities", "article", "paragraph", "url"])
    for e in briefing.chronology + briefing.undated:
        for s in e.sources:
            writer.writerow([e.id, e.date or "", e.precision or "", e.text, " ".join(e.entities), s.article,
                             s.paragraph, paragraph_url(site, s.article, s.paragraph)])
    return out.getvalue()


def figures_csv(briefing: Briefing) -> str:
    """One row per point of every key-figure series: the home page shows the latest few, this has all."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["series", "measure", "unit", "value", "date", "precision", "claimed_by", "article", "paragraph", "text"])
    for s in briefing.series:
        for p in s.points:
            value = int(p.value) if float(p.value).is_integer() else p.value  # 96, not 96.0
            writer.writerow([s.slug, s.measure, p.unit, value, p.date or "", p.precision or "", p.claimed_by or "",
                             p.article, p.paragraph, p.text])
    return out.getvalue()


def _span(value: str, precision: str) -> tuple[date, date] | None:
    """First day and the day after the last of an ISO date at its precision (all-day calendar span)."""
    try:
        if precision == "day":
            start = date.fromisoformat(value)
            return start, start + timedelta(days=1)
        if precision == "week":
            year, week = value.split("-W")
            start = date.fromisocalendar(int(year), int(week), 1)
            return start, start + timedelta(days=7)
        if precision == "month":
            year, month = map(int, value.split("-")[:2])
            start = date(year, month, 1)
            return start, date(year + month // 12, month % 12 + 1, 1)
        if precision == "season":
            year, season = value.split("-")
            first = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
            start = date(int(year), first, 1)
            end_month = first + 3
            return start, date(int(year) + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
        if precision == "year":
            return date(int(value[:4]), 1, 1), date(int(value[:4]) + 1, 1, 1)
    except (ValueError, KeyError):
        return None
    return None


def chronology_ics(briefing: Briefing, site: dict) -> str:
    """One all-day calendar entry per dated event, spanning its precision (a month-precise event: the month)."""
    cal = Calendar()
    cal.add("prodid", "-//briefing//chronology//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", site.get("site_name") or "Briefing chronology")
    stamp = _stamp(briefing)  # once: it scans every article (per event, rendering grew quadratically)
    for e in briefing.chronology:
        span = _span(e.date or "", e.precision or "")
        if span is None:
            continue
        event = CalEvent()
        event.add("uid", f"{e.id}@briefing")
        event.add("dtstamp", stamp)
        event.add("dtstart", span[0])
        event.add("dtend", span[1])
        event.add("summary", e.text[:120])
        event.add("description", e.text + "\n\n" + "\n".join(paragraph_url(site, s.article, s.paragraph) for s in e.sources))
        event.add("url", paragraph_url(site, e.sources[0].article, e.sources[0].paragraph)) if site.get("site_url") else None
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def _stamp(briefing: Briefing):
    """A deterministic DTSTAMP (the newest publication date) so identical input gives identical output."""
    from datetime import datetime, timezone

    newest = max((a.published.anchor_date() for a in briefing.articles if a.published.date), default=date(2000, 1, 1))
    return datetime(newest.year, newest.month, newest.day, tzinfo=timezone.utc)


def all_exports(briefing: Briefing, site: dict) -> dict[str, str]:
    """File name under data/ -> text."""
    dumps = lambda data: json.dumps(data, ensure_ascii=False, indent=2) + "\n"  # noqa: E731
    return {
        "chronology.json": dumps(chronology_json(briefing, site)),
        "entities.json": dumps(entities_json(briefing)),
        "articles.json": dumps(articles_json(briefing)),
        "chronology.csv": chronology_csv(briefing, site),
        "chronology.ics": chronology_ics(briefing, site),
        "figures.csv": figures_csv(briefing),
    }
