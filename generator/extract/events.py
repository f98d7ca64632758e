"""Dated events: clauses that state something happening at a stated time."""

from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Doc, Span, Token

from .. import timex
from ..models import Event
from .attribution import is_reporting
from .resolve import EntityResolver

MIN_EVENT_CHARS = 25  # shorter clauses were datelines and fragments on the seed corpus
PLACE_NOUNS = {"town", "city", "village", "area", "district", "province", "region", "stronghold"}


def extract_events(docs: list[tuple[int, Doc]], anchor: Optional[timex.Anchor], resolver: EntityResolver) -> list[Event]:
    """Every dated clause in the article, in text order."""
    events: list[Event] = []
    for number, doc in docs:
        for sent in doc.sents:
            for mention in timex.find_times(sent.text, anchor):
                start = sent.start_char + mention.start
                time_span = doc.char_span(start, start + len(mention.text), alignment_mode="expand")
                if time_span is None:
                    continue
                clause = event_clause(sent, time_span)
                if clause is None:
                    continue
                text = clause.text.strip()
                if len(text) < MIN_EVENT_CHARS:
                    continue
                entities = resolver.in_span(number, clause.start_char, clause.end_char)
                if not any(resolver.by_name(n) and resolver.by_name(n).type == "place" for n in entities):
                    entities += _bridged_place(doc, sent, clause, number, resolver, docs)
                events.append(
                    Event(
                        date=mention.value,
                        precision=mention.precision if mention.value else None,
                        text=text,
                        paragraph=number,
                        entities=entities,
                        time_text=mention.text,
                    )
                )
    return _dedupe(events)


def event_clause(sent: Span, time_span: Span) -> Span | None:
    """The clause a time expression dates; None when the time only dates a reporting verb."""
    head = _governing_verb(time_span)
    if head is None:
        return sent
    if is_reporting(head):
        # "officials said Friday [forces retook the town]": the reported action happened then only when
        # it is a completed action with no time of its own; otherwise it is just when someone spoke.
        reported = [c for c in head.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")]
        for verb in reported:
            if verb.tag_ in ("VBD", "VBN") and not is_reporting(verb):
                return _subtree_span(sent, verb)
        return None
    return sent


def _governing_verb(span: Span) -> Token | None:
    token = span.root
    for _ in range(8):  # heads chain up to the clause verb within a few steps in news prose
        if token.pos_ in ("VERB", "AUX") and token is not span.root or token.pos_ == "VERB":
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def _subtree_span(sent: Span, token: Token) -> Span:
    tokens = list(token.subtree)
    return sent.doc[tokens[0].i : tokens[-1].i + 1]


def _bridged_place(doc: Doc, sent: Span, clause: Span, number: int, resolver: EntityResolver, docs) -> list[str]:
    """'retook the last town ...' then 'the liberation of Rawa': a definite place noun with no name in its
    clause takes the first place named in the next two sentences."""
    if not any(t.lower_ in PLACE_NOUNS and any(c.lower_ == "the" for c in t.children) for t in clause):
        return []
    following: list[tuple[int, Span]] = []
    sents = list(doc.sents)
    idx = next(i for i, s in enumerate(sents) if s.start == sent.start)
    following += [(number, s) for s in sents[idx + 1 :]]
    for n, d in docs:
        if n > number:
            following += [(n, s) for s in d.sents]
    for n, s in following[:2]:
        for name in resolver.in_span(n, s.start_char, s.end_char):
            entity = resolver.by_name(name)
            if entity and entity.type == "place":
                return [name]
    return []


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per clause and date (a clause with 'Friday' twice is one event)."""
    seen: set[tuple] = set()
    result = []
    for e in events:
        key = (e.paragraph, re.sub(r"\W+", " ", e.text.casefold()), e.date)
        if key not in seen:
            seen.add(key)
            result.append(e)
    return result
