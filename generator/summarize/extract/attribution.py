"""Who says what: the speaker or claimant of a sentence, resolved to an entity name."""

from __future__ import annotations

from spacy.tokens import Span, Token

from generator.summarize.extract.vocab import TITLES

# Verbs that report speech or a claim; a time attached only to one of these is not an event.
REPORTING_VERBS = {
    "say", "tell", "add", "announce", "state", "claim", "report", "write", "tweet", "note",
    "describe", "warn", "insist", "explain", "confirm", "declare", "estimate", "believe",
    "argue", "acknowledge", "predict", "proclaim", "quote", "accord", "post", "comment",
}
PRONOUNS = {"he", "she", "they", "it", "his", "her", "their"}
TITLE_NOUNS = TITLES | {"premier"}


def lemma(token: Token) -> str:
    """A lemma without the lemmatizer (excluded for speed): lowercase, common inflections stripped."""
    word = token.lower_
    irregular = {"said": "say", "says": "say", "told": "tell", "tells": "tell", "wrote": "write",
                 "writes": "write", "according": "accord"}
    if word in irregular:
        return irregular[word]
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", ""), ("es", ""), ("s", ""), ("ing", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)] + repl
            if stem in REPORTING_VERBS:
                return stem
            if stem + "e" in REPORTING_VERBS:
                return stem + "e"
    return word


def is_reporting(token: Token) -> bool:
    """True for 'said', 'told', 'tweeted', 'according (to)'."""
    return lemma(token) in REPORTING_VERBS


def reporting_verbs(sent: Span) -> list[Token]:
    """The reporting verbs of a sentence."""
    return [t for t in sent if t.pos_ in ("VERB", "AUX") and is_reporting(t) or t.lower_ == "according"]


def claimant_span(sent: Span, inside: range | None = None) -> Span | None:
    """The span naming who the sentence attributes its content to ("McGurk said", "according to X").

    `inside`: characters of quoted words; a reporting verb there ("I announce today ...") is the
    speaker's, not the sentence's.
    """
    for verb in reporting_verbs(sent):
        if inside is not None and verb.idx in inside:
            continue
        if verb.lower_ == "according":
            for child in verb.children:
                if child.dep_ == "prep":
                    objs = [c for c in child.children if c.dep_ == "pobj"]
                    if objs:
                        return _name_span(objs[0])
            continue
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return _name_span(subjects[0])
    return None


def _name_span(token: Token) -> Span:
    """The compound name around a head noun ("Brett McGurk", "the Observatory")."""
    doc = token.doc
    left = token.i
    while left > 0 and doc[left - 1].dep_ in ("compound", "amod", "det") and doc[left - 1].head.i in range(left, token.i + 1):
        left -= 1
    # an appositive or name inside the subject: prefer the entity the subject contains
    for ent in doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    if token.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
        return doc[left : token.i + 1]  # "an Interior Ministry official said": an unnamed source, not the ministry
    sub = list(token.subtree)
    # "the Iraqi premier", "the U.S. envoy": a title whose modifier names a country, not the speaker
    labels = ("PERSON", "ORG") if token.lower_ in TITLE_NOUNS else ("PERSON", "ORG", "NORP", "GPE")
    for ent in doc.ents:
        if sub and ent.start >= sub[0].i and ent.end <= sub[-1].i + 1 and ent.label_ in labels:
            return ent
    return doc[left : token.i + 1]
