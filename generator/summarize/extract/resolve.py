"""Map spans of text back to the article's entities: names, surnames, acronyms and pronouns."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from generator.summarize.extract.attribution import PRONOUNS
from generator.summarize.extract.entities import ArticleEntity, surface
from generator.summarize.extract.vocab import TITLES

# Titles news writes in more than one way ("the Iraqi premier" for "Prime Minister Haider al-Abadi").
TITLE_SYNONYMS = {"premier": ("prime minister",), "envoy": ("envoy", "representative")}


class EntityResolver:
    """Answers 'which entity is this span?' for one article."""

    def __init__(self, entities: list[ArticleEntity], docs: dict[int, Doc] | None = None):
        self._by_form: dict[str, ArticleEntity] = {}
        self._positions: list[tuple[int, int, ArticleEntity]] = []  # (paragraph, start char, entity)
        self._subjects: set[tuple[int, int]] = set()  # mentions that are the subject of their clause
        for entity in entities:
            for m in entity.mentions:
                self._by_form.setdefault(m.text.casefold(), entity)
                self._positions.append((m.paragraph, m.start, entity))
                if docs and _is_subject(docs.get(m.paragraph), m.start, m.end):
                    self._subjects.add((m.paragraph, m.start))
            self._by_form.setdefault(entity.name.casefold(), entity)
        self._positions.sort(key=lambda p: (p[0], p[1]))

    def by_name(self, text: str) -> ArticleEntity | None:
        """The entity a surface form names, if any."""
        return self._by_form.get(text.casefold().strip())

    def span(self, span: Span | None, paragraph: int) -> str | None:
        """The canonical name of the entity a span names, resolving pronouns to the last person before it."""
        if span is None or unnamed(span):
            return None
        text = surface(span)
        if text.casefold() in PRONOUNS:
            person = self.last_subject_before(paragraph, span.start_char, "person") or self.last_before(paragraph, span.start_char, "person")
            return person.name if person else None
        entity = self.by_name(text)
        if entity:
            return entity.name
        described = self._by_description(span, paragraph)
        if described:
            return described
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

    def _by_description(self, span: Span, paragraph: int) -> str | None:
        """'the U.S. envoy said', 'according to the Iraqi premier': the last person before whose
        description holds that title ("Brett McGurk, the special presidential envoy ...")."""
        root = span.root
        if root.pos_ != "NOUN" or root.lower_ not in TITLES and root.lower_ not in TITLE_SYNONYMS:
            return None
        words = {root.lower_, *TITLE_SYNONYMS.get(root.lower_, ())}
        found = None
        for p, start, entity in self._positions:
            if (p, start) >= (paragraph, span.start_char):
                break
            description = (entity.description or "").casefold()
            if entity.type == "person" and any(w in description for w in words):
                found = entity
        return found.name if found else None

    def last_subject_before(self, paragraph: int, char: int, type_: str, within: int = 2) -> ArticleEntity | None:
        """The last entity of a type that was the subject of a clause, in this or the `within` paragraphs before.

        "she said" after "Abney said that she arrived ... to catch a flight to New York's JFK" is
        Abney: a pronoun refers back to a subject before an object (and a mistyped "JFK").
        """
        best = None
        for p, start, entity in self._positions:
            if (p, start) >= (paragraph, char):
                break
            if p >= paragraph - within and entity.type == type_ and (p, start) in self._subjects:
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


def _is_subject(doc: Doc | None, start: int, end: int) -> bool:
    """True when the words from `start` to `end` are (part of) the subject of a clause."""
    span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
    if span is None:
        return False
    token = span.root
    while token.dep_ in ("compound", "appos", "flat") and token.head.i != token.i:
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass")


def unnamed(span: Span) -> bool:
    """'an Interior Ministry official', 'a senior coalition official': an unnamed source (the annotation
    rules give its words to nobody, not to the body it works for)."""
    return len(span) > 1 and span[0].lower_ in ("a", "an") and span.root.pos_ == "NOUN"
