"""Named entities of one article: spaCy's mentions, typed by a vote and joined into one per real thing."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..models import EntityType, SummaryEntity

# spaCy OntoNotes labels -> our types. NORP is a group only when it names a people or faith
# ("Kurds", "Sunni"); a bare nationality adjective ("Iraqi") is not an entity (DESIGN.md).
LABEL_TYPES: dict[str, EntityType] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
}
LEADING_THE = re.compile(r"^(the|The)\s+")
POSSESSIVE = re.compile(r"(’s|'s|’|')$")


@dataclass
class EntityMention:
    """One span of text naming an entity, in one paragraph."""

    paragraph: int
    start: int  # character offsets within the paragraph
    end: int
    text: str
    label: str


@dataclass
class ArticleEntity:
    """The mentions of one real thing in an article, and what they say about it."""

    name: str
    mentions: list[EntityMention] = field(default_factory=list)
    votes: Counter = field(default_factory=Counter)
    description: str | None = None

    @property
    def type(self) -> EntityType:
        return self.votes.most_common(1)[0][0] if self.votes else "other"

    def aliases(self) -> list[str]:
        forms = {m.text for m in self.mentions} - {self.name}
        return sorted(forms, key=lambda s: (s.casefold(), s))


def surface(span: Span) -> str:
    """The mention as a name: no leading article, no possessive ending."""
    text = LEADING_THE.sub("", span.text.strip())
    return POSSESSIVE.sub("", text).strip(" -–—")


def is_bare_adjective(span: Span) -> bool:
    """'Iraqi', 'Syrian', 'Islamic': a nationality or religious adjective used before a noun."""
    return span.label_ == "NORP" and len(span) == 1 and span[0].tag_ == "JJ"


def collect_mentions(docs: list[tuple[int, Doc]]) -> list[EntityMention]:
    """Every entity span spaCy finds, with its paragraph and cleaned surface."""
    mentions = []
    for number, doc in docs:
        for ent in doc.ents:
            if ent.label_ not in LABEL_TYPES or is_bare_adjective(ent):
                continue
            text = surface(ent)
            if len(text) < 2 or not any(ch.isalpha() for ch in text):
                continue
            offset = ent.text.find(text)
            start = ent.start_char + max(offset, 0)
            mentions.append(EntityMention(number, start, start + len(text), text, ent.label_))
    return mentions


def group_mentions(mentions: list[EntityMention]) -> list[ArticleEntity]:
    """Join the mentions of one thing: same name, surname of a full name, acronym of a long name."""
    by_key: dict[str, ArticleEntity] = {}
    for m in mentions:
        key = m.text.casefold()
        entity = by_key.setdefault(key, ArticleEntity(name=m.text))
        entity.mentions.append(m)
        entity.votes[LABEL_TYPES[m.label]] += 1
    entities = list(by_key.values())
    long_names = sorted(entities, key=lambda e: -len(e.name))
    merged_into: dict[int, ArticleEntity] = {}
    for entity in sorted(entities, key=lambda e: len(e.name)):
        target = _find_longer(entity, long_names)
        if target is not None and target is not entity:
            merged_into[id(entity)] = target
    for entity in entities:
        target = entity
        while id(target) in merged_into:
            target = merged_into[id(target)]
        if target is not entity:
            target.mentions.extend(entity.mentions)
            target.votes.update(entity.votes)
    return [e for e in entities if id(e) not in merged_into]


def _find_longer(entity: ArticleEntity, candidates: list[ArticleEntity]) -> ArticleEntity | None:
    """A longer name this one abbreviates: its last word(s) ('McGurk') or its initials ('SDF')."""
    name = entity.name
    matches = []
    for other in candidates:
        if len(other.name) <= len(name):
            continue
        words = other.name.split()
        if len(words) > 1 and name.casefold() == words[-1].casefold() and name[:1].isupper():
            matches.append(other)
        elif name.isupper() and len(name) >= 2 and _initials(other.name) == name:
            matches.append(other)
    return matches[0] if len(matches) == 1 else None


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w[0].isupper()]
    return "".join(w[0] for w in words)


def to_summary_entities(entities: list[ArticleEntity]) -> list[SummaryEntity]:
    """The summary's entity list, most mentioned first."""
    result = []
    for e in sorted(entities, key=lambda e: (-len(e.mentions), e.name.casefold())):
        result.append(
            SummaryEntity(
                name=e.name,
                type=e.type,
                aliases=e.aliases(),
                mentions=len(e.mentions),
                description=e.description,
                paragraphs=sorted({m.paragraph for m in e.mentions}),
            )
        )
    return result
