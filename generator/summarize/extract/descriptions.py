"""Short descriptions of entities, copied from the text: appositives and titles before a name."""

from __future__ import annotations

from spacy.tokens import Doc

from generator.summarize.extract import vocab
from generator.summarize.extract.doctext import text_of
from generator.summarize.extract.entities import ArticleEntity

MAX_DESCRIPTION_WORDS = 14  # longer appositives were whole clauses on the evaluation set
STOP = {",", ";", ":", ".", "(", ")", "—", "–", "“", "”", '"'}


def describe(entities: list[ArticleEntity], docs: list[tuple[int, Doc]]) -> None:
    """Give each entity without a description the first appositive or title the text gives it."""
    by_number = dict(docs)
    for entity in entities:
        if entity.description:
            continue
        for m in entity.mentions:
            text = appositive(by_number[m.paragraph], m.end, entity.type) or title_before(by_number[m.paragraph], m.start, entity.type)
            if text:
                entity.description = text
                break


def appositive(doc: Doc, end: int, type_: str = "person") -> str | None:
    """'Brett McGurk, the special presidential envoy for the global coalition against IS, told ...'."""
    span = doc.char_span(end, len(text_of(doc)), alignment_mode="expand")
    if span is None or len(span) < 3 or span[0].text != "," or span[1].lower_ not in ("the", "a", "an", "its", "their"):
        return None
    words = []
    for token in span[1:]:
        if token.text in STOP:
            break
        words.append(token)
    if not words or len(words) > MAX_DESCRIPTION_WORDS or words[-1].i + 1 >= len(doc) or doc[words[-1].i + 1].text not in (",", ".", ";"):
        return None
    if not any(t.pos_ in ("NOUN", "PROPN") for t in words) or any(t.pos_ in ("VERB", "AUX") for t in words):
        return None
    head = [t for t in words if t.pos_ == "NOUN"]
    if type_ != "person" and head and head[-1].lower_ in vocab.TITLES:
        return None  # "Congo, its Africa director, Matshidiso Moeti": the appositive is the next name's
    return text_of(doc)[words[0].idx : words[-1].idx + len(words[-1].text)]


def title_before(doc: Doc, start: int, type_: str) -> str | None:
    """'Iraqi Prime Minister Haider al-Abadi' -> 'Iraqi Prime Minister' (people only)."""
    if type_ != "person":
        return None
    span = doc.char_span(0, start, alignment_mode="contract")
    if span is None or not len(span):
        return None
    tokens = list(span)
    picked = []
    for token in reversed(tokens):
        if token.text in STOP or token.lower_ in ("the", "a", "an", "said", "says", "told") or token.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "PRON") or token.tag_ in ("WDT", "WP"):
            break
        picked.append(token)
    picked.reverse()
    while len(picked) > 1 and picked[-1].text.endswith(".") and any(not t.text.endswith(".") for t in picked[:-1]):
        picked.pop()  # "coalition spokesman Col." -> "coalition spokesman": the rank abbreviation reads as a stray
    if not picked or not any(t.lower_.rstrip(".") in vocab.TITLES or t.lower_ in vocab.TITLES for t in picked):
        return None
    if not any(len(t.text) > 3 and t.is_alpha for t in picked):
        return None  # "Gen.": an abbreviation alone says little
    return text_of(doc)[picked[0].idx : picked[-1].idx + len(picked[-1].text)]
