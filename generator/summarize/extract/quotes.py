"""Quotes: words in quotation marks with their speaker resolved to an entity."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from generator.summarize.extract.doctext import text_of
from generator.core.models import Quote
from generator.summarize.extract.attribution import claimant_span
from generator.summarize.extract.resolve import EntityResolver, unnamed

# Curly or straight double quotes; a quote may run to the paragraph end when the closing mark is missing.
QUOTED = re.compile(r"[“\"](?P<text>[^“”\"]+)[”\"]")
MIN_QUOTE_WORDS = 3  # "fully liberated" and scare quotes are wording, not a statement


def extract_quotes(docs: list[tuple[int, Doc]], resolver: EntityResolver) -> list[Quote]:
    """Every quotation of three words or more, with who said it."""
    quotes: list[Quote] = []
    for number, doc in docs:
        last_speaker = None
        for match in QUOTED.finditer(text_of(doc)):
            text = match.group("text").strip(" ,")
            if len(text.split()) < MIN_QUOTE_WORDS:
                continue
            speaker = _speaker(doc, match.start(), match.end(), number, resolver) or last_speaker
            last_speaker = speaker
            quotes.append(Quote(speaker=speaker, text=text, paragraph=number))
    return quotes


def _speaker(doc: Doc, start: int, end: int, number: int, resolver: EntityResolver) -> str | None:
    """The claimant of the sentences around the quote, outside the quoted words."""
    for sent in doc.sents:
        if sent.end_char <= start or sent.start_char >= end + 200:
            continue
        span = claimant_span(sent, range(start, end))
        if span is not None and not (start <= span.start_char < end):
            if unnamed(span):
                return None
            name = resolver.span(span, number)
            if name:
                return name
            # "said JOC spokesman Brig. Gen. Yahya Rasool": the parse may stop at a title; the
            # speaker is then the first person or organisation named from there to the sentence end.
            named = resolver.first_in(number, span.start_char, sent.end_char, ("person", "organization"))
            if named:
                return named
    return None
