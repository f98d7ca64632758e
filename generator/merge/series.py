"""Key figures over time: figures that measure the same thing across articles, as dated series.

A figure's measure is read from its unit, the measure the summary gives and the sentence around it,
and normalised by a small table of rules (`RULES`): "of the territory", "of its territory" and "of
the large parts of Iraq and Syria it once held", next to "lost", "driven from" or "clawed back",
all measure the share of once-held territory lost. A figure no rule names keeps its own measure
(unit plus the words it counts), so like still meets like. Each point is dated by its article's
publication; points of one time from different sources that disagree are marked as a conflict.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from generator.core.models import Article, FigureSeries, SeriesPoint, Summary
from generator.core.names import fold
from generator.core.slugs import slug
from generator.merge.chronology import interval

PERCENT_UNITS = {"percent", "per cent", "cent", "%", "pct", "percentage"}
FIGHTER_UNITS = {"fighters", "militants", "jihadists", "insurgents", "combatants", "gunmen", "extremists"}
PEOPLE_UNITS = {"people", "civilians", "residents", "persons", "families", "refugees", "children", "men", "women"}
TERRITORY = re.compile(r"territor|caliphate|\bland\b|\barea|parts of|swath|\bground\b")
LOST = re.compile(r"\blos[te]s?\b|\blosses\b|retak|recaptur|liberat|driven (?:from|out)|clawed back|reclaim|ousted|pushed out|wrested|freed")
HELD = re.compile(r"\bhold|\bheld\b|control|remain|\bleft\b|pocket|still")
DISPLACED = re.compile(r"displac|\bfled\b|\bflee|uproot|homeless|refugee")
KILLED = re.compile(r"\bkill|\bdead\b|\bdied\b|death")


@dataclass(frozen=True)
class Rule:
    """A normalised measure and the evidence that names it."""

    measure: str
    unit: str
    test: object  # (unit, measure words, sentence) -> bool

    def applies(self, unit: str, measure: str, sentence: str) -> bool:
        return bool(self.test(unit, measure, sentence))


RULES = (
    Rule("share of once-held territory lost", "percent",
         lambda u, m, s: u in PERCENT_UNITS and TERRITORY.search(m + " " + s) and LOST.search(s)),
    Rule("share of once-held territory still held", "percent",
         lambda u, m, s: u in PERCENT_UNITS and TERRITORY.search(m + " " + s) and HELD.search(s)),
    Rule("fighters killed", "fighters", lambda u, m, s: u in FIGHTER_UNITS and KILLED.search(s)),
    Rule("fighters", "fighters", lambda u, m, s: u in FIGHTER_UNITS),
    Rule("people displaced", "people", lambda u, m, s: u in PEOPLE_UNITS and DISPLACED.search(s)),
    Rule("people killed", "people", lambda u, m, s: u in PEOPLE_UNITS and KILLED.search(s)),
)
CANONICAL = {rule.measure: rule for rule in RULES}


def normalise(unit: str, measure: str, sentence: str) -> tuple[str, str]:
    """(measure, unit) of a figure: a rule's normalised measure, else its own words."""
    unit_key, measure_key, sentence_key = fold(unit).strip(), fold(measure).strip(), fold(sentence)
    if measure_key in CANONICAL:  # the summary already names a normalised measure
        return measure_key, CANONICAL[measure_key].unit
    for rule in RULES:
        if rule.applies(unit_key, measure_key, sentence_key):
            return rule.measure, rule.unit
    unit_key = "percent" if unit_key in PERCENT_UNITS else unit_key
    words = re.sub(r"^(?:of\s+)?(?:the|its|their|a|an)\s+", "", measure_key)
    return words, unit_key


def sentence_of(text: str, needle: str) -> str:
    """The sentence of a paragraph that holds `needle` (the whole paragraph if it cannot be found)."""
    at = text.find(needle) if needle else -1
    if at < 0:
        return text
    start = max(text.rfind(". ", 0, at), text.rfind("? ", 0, at), text.rfind("! ", 0, at))
    ends = [i for i in (text.find(". ", at + len(needle)), text.find('." ', at + len(needle))) if i >= 0]
    return text[start + 1 : (min(ends) + 1 if ends else len(text))].strip()


def merge_series(articles: list[Article], summaries: list[Summary], names: dict[tuple[str, str], str]) -> list[FigureSeries]:
    """Series of figures measuring the same thing in two or more articles, each in date order.

    `names` maps (article id, name in its summary) to the merged entity's name, for the claimants.
    """
    paragraphs = {a.id: {p.number: p.text for p in a.paragraphs} for a in articles}
    groups: dict[tuple[str, str], dict[tuple[str, float], SeriesPoint]] = defaultdict(dict)
    for summary in summaries:
        for figure in summary.figures:
            context = sentence_of(paragraphs.get(summary.id, {}).get(figure.paragraph, ""), figure.text)
            measure, unit = normalise(figure.unit, figure.measure, context or figure.text)
            if not measure:
                continue  # "6 miles", "2.5 miles": a unit alone does not say what is measured
            claimant = names.get((summary.id, figure.claimed_by), figure.claimed_by) if figure.claimed_by else None
            point = SeriesPoint(
                date=summary.published.date, precision=summary.published.precision, value=figure.value, unit=unit,
                text=figure.text, claimed_by=claimant, article=summary.id, paragraph=figure.paragraph,
            )
            # one article giving one value twice (headline and body) is one point; keep the attributed one
            seen = groups[(measure, unit)].get((summary.id, figure.value))
            if seen is None or (seen.claimed_by is None and claimant):
                groups[(measure, unit)][(summary.id, figure.value)] = point
    series = []
    for (measure, unit), found in groups.items():
        points = list(found.values())
        if len({p.article for p in points}) < 2:
            continue
        points.sort(key=lambda p: (_start(p), p.value, p.article, p.paragraph))
        _mark_conflicts(points)
        series.append(FigureSeries(slug=slug(f"{measure} {unit}"), measure=measure, unit=unit, points=points))
    series.sort(key=lambda s: (-len({p.article for p in s.points}), s.measure))
    return series


def _start(point: SeriesPoint) -> str:
    span = interval(point.date, point.precision) if point.date else None
    return span[0].isoformat() if span else "9999"


def _mark_conflicts(points: list[SeriesPoint]) -> None:
    """Points of one time from different articles with different values: a conflict, shown side by side."""
    by_time: dict[tuple[str, str | None], list[SeriesPoint]] = defaultdict(list)
    for p in points:
        if p.date:
            by_time[(p.date, p.precision)].append(p)
    for same_time in by_time.values():
        if len({p.article for p in same_time}) > 1 and len({p.value for p in same_time}) > 1:
            for p in same_time:
                p.conflict = True
