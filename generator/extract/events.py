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
                entities += [n for n in _bridged_place(doc, sent, clause, number, resolver, docs) if n not in entities]
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
        if head.dep_ in ("ccomp", "parataxis") and head.head.pos_ == "VERB":
            reported.append(head.head)  # "X retook Y, officials said Friday": said hangs off retook
        for verb in reported:
            if _completed(verb) and not is_reporting(verb):
                return _subtree_span(sent, verb, exclude=head)
        return None
    return sent


MODALS = {"will", "would", "could", "may", "might", "should", "can", "must", "to"}


def _completed(verb: Token) -> bool:
    """A past, completed action: not future, modal, infinitive or ongoing."""
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in MODALS for c in verb.children):
        return False
    return verb.tag_ in ("VBD", "VBN", "VB")


def _governing_verb(span: Span) -> Token | None:
    token = span.root
    for _ in range(8):  # heads chain up to the clause verb within a few steps in news prose
        if token.pos_ in ("VERB", "AUX") and token is not span.root or token.pos_ == "VERB":
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def _subtree_span(sent: Span, token: Token, exclude: Token | None = None) -> Span:
    """The clause of `token`, without the reporting clause hanging off it."""
    skip = set(t.i for t in exclude.subtree) if exclude is not None and exclude.head is token else set()
    tokens = [t for t in token.subtree if t.i not in skip]
    end = tokens[-1].i + 1
    while end - 1 > tokens[0].i and sent.doc[end - 1].text in {",", ";", ":", "-", "–", "—"}:
        end -= 1
    return sent.doc[tokens[0].i : end]


def _bridged_place(doc: Doc, sent: Span, clause: Span, number: int, resolver: EntityResolver, docs) -> list[str]:
    """'retook the last town ...' then 'the liberation of Rawa': a definite place noun with no name in its
    clause takes the first place named in the next two sentences."""
    if not any(_unnamed_place(t) for t in clause):
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


def _unnamed_place(token: Token) -> bool:
    """'the last town' (no name of its own), unlike 'the town of Qaim' or 'the Qaim district'."""
    if token.lower_ not in PLACE_NOUNS or not any(c.lower_ == "the" for c in token.children):
        return False
    for child in token.children:
        if child.dep_ == "compound" and child.pos_ == "PROPN":
            return False
        if child.dep_ == "prep" and child.lower_ == "of" and any(g.pos_ == "PROPN" for g in child.children):
            return False
    return True


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
