"""Map spans of text back to the article's entities: names, surnames, acronyms and pronouns."""

from __future__ import annotations

from spacy.tokens import Span

from .attribution import PRONOUNS
from .entities import ArticleEntity, surface


class EntityResolver:
    """Answers 'which entity is this span?' for one article."""

    def __init__(self, entities: list[ArticleEntity]):
        self._by_form: dict[str, ArticleEntity] = {}
        self._positions: list[tuple[int, int, ArticleEntity]] = []  # (paragraph, start char, entity)
        for entity in entities:
            for m in entity.mentions:
                self._by_form.setdefault(m.text.casefold(), entity)
                self._positions.append((m.paragraph, m.start, entity))
            self._by_form.setdefault(entity.name.casefold(), entity)
        self._positions.sort(key=lambda p: (p[0], p[1]))

    def by_name(self, text: str) -> ArticleEntity | None:
        """The entity a surface form names, if any."""
        return self._by_form.get(text.casefold().strip())

    def span(self, span: Span | None, paragraph: int) -> str | None:
        """The canonical name of the entity a span names, resolving pronouns to the last person before it."""
        if span is None:
            return None
        text = surface(span)
        if text.casefold() in PRONOUNS:
            person = self.last_before(paragraph, span.start_char, "person")
            return person.name if person else None
        entity = self.by_name(text)
        if entity:
            return entity.name
        # "coalition spokesman Col. Ryan Dillon": the name at the end of a longer subject
        for ent in span.doc.ents:
            if span.start <= ent.start and ent.end <= span.end:
                found = self.by_name(surface(ent))
                if found:
                    return found.name
        return None

    def last_before(self, paragraph: int, char: int, type_: str | None = None) -> ArticleEntity | None:
        """The entity mentioned last before a position (optionally of one type)."""
        best = None
        for p, start, entity in self._positions:
            if (p, start) >= (paragraph, char):
                break
            if type_ is None or entity.type == type_:
                best = entity
        return best

    def first_in(self, paragraph: int, start: int, end: int, types: tuple[str, ...]) -> str | None:
        """The first entity of one of `types` mentioned inside a character range of a paragraph."""
        for p, s, entity in self._positions:
            if p == paragraph and start <= s < end and entity.type in types:
                return entity.name
        return None

    def in_span(self, paragraph: int, start: int, end: int) -> list[str]:
        """Names of the entities mentioned inside a character range of a paragraph, in text order."""
        names: list[str] = []
        for p, s, entity in self._positions:
            if p == paragraph and start <= s < end and entity.name not in names:
                names.append(entity.name)
        return names
