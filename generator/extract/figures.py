"""Key figures: numbers with what they measure and who claims them."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ..models import Figure
from .attribution import claimant_span
from .resolve import EntityResolver

FIGURE_LABELS = {"CARDINAL", "PERCENT", "QUANTITY", "MONEY"}
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "fifty": 50, "hundred": 100,
}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
MIN_BARE_COUNT = 10  # "two special forces units" is prose; counts this small without a unit are not key figures
PERCENT_WORDS = re.compile(r"(percent|per cent|%)", re.IGNORECASE)


def parse_value(text: str) -> float | None:
    """'more than 60 percent' -> 60; 'nearly 90,000' -> 90000; '6.6 million' -> 6600000; 'Eight' -> 8."""
    lowered = text.lower()
    match = NUMBER.search(lowered)
    if match:
        digits = match.group().replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            return None
    else:
        words = [WORD_NUMBERS[w] for w in re.findall(r"[a-z]+", lowered) if w in WORD_NUMBERS]
        if not words:
            return None
        value = float(words[0])
    for word, scale in SCALES.items():
        if re.search(rf"\b{word}s?\b", lowered):
            value *= scale
            break
    return value


def extract_figures(docs: list[tuple[int, Doc]], resolver: EntityResolver) -> list[Figure]:
    """Every number that measures something, with its unit, measure and claimant."""
    figures: list[Figure] = []
    for number, doc in docs:
        for ent in doc.ents:
            if ent.label_ not in FIGURE_LABELS:
                continue
            value = parse_value(ent.text)
            if value is None:
                continue
            unit, measure, span = _measure(ent)
            if not unit and value < MIN_BARE_COUNT:
                continue
            if ent.label_ == "CARDINAL" and not unit:
                continue
            claimant = resolver.span(claimant_span(ent.sent), number)
            figures.append(
                Figure(value=value, unit=unit, measure=measure, text=span.text, paragraph=number, claimed_by=claimant)
            )
    return figures


def _measure(ent: Span) -> tuple[str, str, Span]:
    """(unit, what is measured, the verbatim span): '60 percent of the territory' -> percent, 'territory'."""
    doc = ent.doc
    if ent.label_ == "PERCENT" or PERCENT_WORDS.search(ent.text):
        end = ent.end
        of = doc[end] if end < len(doc) else None
        if of is not None and of.lower_ == "of":
            obj = [c for c in of.children if c.dep_ == "pobj"]
            if obj:
                last = list(obj[0].subtree)[-1]
                span = doc[ent.start : last.i + 1]
                return "percent", _np_words(doc[end + 1 : last.i + 1]), span
        return "percent", "", ent
    if ent.label_ in ("QUANTITY", "MONEY"):
        words = ent.text.split()
        unit = words[-1].lower() if words else ""
        return unit, "", ent
    # CARDINAL: the noun the number counts ("90,000 members of the Iraqi security forces")
    head = ent.root.head
    if ent.root.dep_ in ("nummod", "quantmod", "compound") and head.pos_ in ("NOUN", "PROPN") and head.i >= ent.end:
        last = head
        for child in head.children:
            if child.dep_ == "prep" and child.i > head.i and child.lower_ == "of":
                last = list(child.subtree)[-1]
        span = doc[ent.start : last.i + 1]
        return head.lower_, _np_words(doc[ent.end : last.i + 1]), span
    return "", "", ent


def _np_words(span: Span) -> str:
    return re.sub(r"\s+", " ", span.text).strip(" ,.")
