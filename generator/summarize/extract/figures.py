"""Key figures: numbers with what they measure and who claims them."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from generator.summarize.extract.doctext import text_of
from generator.core.models import Figure
from generator.summarize.extract.attribution import claimant_span
from generator.summarize.extract.resolve import EntityResolver

FIGURE_LABELS = {"CARDINAL", "PERCENT", "QUANTITY", "MONEY"}
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "fifty": 50, "hundred": 100,
}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
MIN_BARE_COUNT = 10  # "two special forces units" is prose; counts this small without a unit are not key figures
PERCENT_WORDS = re.compile(r"(percent|per cent|pct|%)", re.IGNORECASE)


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
        found: list[tuple[float, str, str, Span]] = []
        for ent in doc.ents:
            if ent.label_ not in FIGURE_LABELS or _converted(ent) or _base_of_share(ent):
                continue
            value = parse_value(ent.text)
            if value is None:
                continue
            unit, measure, span = _measure(ent)
            if not unit and value < MIN_BARE_COUNT:
                continue
            if ent.label_ == "CARDINAL" and not unit:
                continue
            if ent.label_ == "CARDINAL" and value < MIN_BARE_COUNT and not _tracked_small_count(ent, unit):
                continue
            found.append((value, unit, measure, span))
        found += _untagged_counts(doc)
        found += _fractions(doc)
        for value, unit, measure, span in sorted(found, key=lambda f: f[3].start):
            claimant = resolver.span(claimant_span(span.sent), number)
            figures.append(
                Figure(value=value, unit=unit, measure=measure, text=span.text, paragraph=number, claimed_by=claimant)
            )
    return figures


# Small counts of these are prose, not figures an analyst tracks ("two special forces units", "one
# estimate", "five others", "three levels of the parliament"): organisations, parts, abstractions.
UNTRACKED_NOUNS = {
    "units", "unit", "forces", "force", "others", "other", "countries", "country", "levels", "level", "estimate",
    "area", "areas", "breakthrough", "trip", "stimulus", "ways", "way", "things", "thing", "times", "time",
    "reasons", "reason", "sides", "side", "parts", "part", "groups", "group", "teams", "team", "stages",
    "rounds", "phases", "questions", "examples", "fronts", "front", "directions", "more", "tests", "test",
    "balls", "overs", "deliveries", "innings", "sessions", "branches", "points",
}


def _tracked_small_count(ent: Span, unit: str) -> bool:
    """A count under ten is a key figure when it counts people, places taken or damage ("two people were
    killed", "five villages"), not parts of the story ("two forces", "one area")."""
    if unit in UNTRACKED_NOUNS:
        return False
    if ent.text.lower() in ("one", "a", "an") and unit not in PEOPLE_NOUNS:
        return False  # "one transcendent trip", "one more breakthrough"
    return True


PEOPLE_NOUNS = {
    "person", "man", "woman", "child", "civilian", "soldier", "fighter", "officer", "policeman", "member",
    "journalist", "militant", "jihadi", "hostage", "prisoner", "worker", "pilgrim", "patient", "death",
}


def _converted(ent: Span) -> bool:
    """'10 km (6 miles)': the bracketed number repeats the one before it in other units."""
    doc = ent.doc
    before = text_of(doc)[max(0, ent.start_char - 30) : ent.start_char]
    return before.rstrip().endswith("(") and bool(NUMBER.search(before.rsplit("(", 1)[0][-20:]))


def _base_of_share(ent: Span) -> bool:
    """'29 of 50 states', '12 of the 13 states': the total is the base of the share, not a figure."""
    before = [t for t in ent.doc[max(0, ent.start - 3) : ent.start]]
    words = [t.lower_ for t in before]
    if words[-2:] == ["of", "the"]:
        before = before[:-1]
    elif words[-1:] != ["of"]:
        return False
    return len(before) >= 2 and (before[-2].like_num or before[-2].lower_ in WORD_NUMBERS)


def _untagged_counts(doc: Doc) -> list[tuple[float, str, str, Span]]:
    """'More than 900 people were killed': a count in digits the model did not tag, with its noun."""
    result = []
    for token in doc:
        if token.ent_type_ or not token.like_num or not any(ch.isdigit() for ch in token.text):
            continue
        if token.dep_ != "nummod" or token.head.tag_ != "NNS" or token.head.i <= token.i:
            continue
        value = parse_value(token.text)
        if value is None or value < MIN_BARE_COUNT or YEARLIKE.match(token.text):
            continue
        start = min(t.i for t in token.subtree)
        result.append((value, token.head.lower_, "", doc[start : token.head.i + 1]))
    return result


YEARLIKE = re.compile(r"^(?:1[89]|20)\d\d$")  # "2014 offensive": a year, never a count here
FRACTIONS = {"half": 0.5, "a third": 0.333, "one third": 0.333, "one-third": 0.333, "two-thirds": 0.667,
             "two thirds": 0.667, "a quarter": 0.25, "one quarter": 0.25, "one-quarter": 0.25,
             "three-quarters": 0.75, "three quarters": 0.75}
FRACTION = re.compile(
    r"\b(?:(?:about|nearly|almost|roughly|around|more\s+than|less\s+than|over|under|just\s+over|some)\s+)?"
    r"(?P<fraction>%s)\b(?=\s+(?:of\s+)?(?:the|its|their|his|her|a|all)\b)" % "|".join(sorted(map(re.escape, FRACTIONS), key=len, reverse=True)),
    re.IGNORECASE,
)


def _fractions(doc: Doc) -> list[tuple[float, str, str, Span]]:
    """'nearly a third of the country', 'about half the city’s pre-war population': shares in words."""
    result = []
    for match in FRACTION.finditer(text_of(doc)):
        start = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if start is None:
            continue
        end = start.end
        if end < len(doc) and doc[end].lower_ == "of":
            end += 1
        # the noun phrase the share is of, up to its head noun ("the city’s pre-war population")
        while end < len(doc) and end - start.end < 8:
            token = doc[end]
            joined = token.text in ("-", "–") and not doc[end - 1].whitespace_
            if token.pos_ in ("VERB", "AUX", "ADP", "CCONJ", "SCONJ") or (token.is_punct and not joined):
                break
            end += 1
            nxt = doc[end] if end < len(doc) else None
            if token.pos_ in ("NOUN", "PROPN") and (nxt is None or (nxt.pos_ not in ("NOUN", "PROPN", "PART") and not (nxt.text in ("-", "–") and not token.whitespace_))):
                break
        span = doc[start.start : end]
        measure = _np_words(doc[start.end : end]).removeprefix("of ").strip()
        result.append((FRACTIONS[match["fraction"].lower()], "fraction", measure, span))
    return result


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
    # "magnitude 6.4", "a magnitude of 6.1"
    before = [t.lower_ for t in doc[max(0, ent.start - 2) : ent.start]]
    if before[-1:] == ["magnitude"]:
        return "magnitude", "", doc[ent.start - 1 : ent.end]
    if before == ["magnitude", "of"]:
        return "magnitude", "", doc[ent.start - 2 : ent.end]
    # CARDINAL: the noun the number counts ("90,000 members of the Iraqi security forces")
    head = ent.root.head
    share = _share_noun(ent) or _noun_after_name(ent) or _part_of(ent)
    if share is not None:
        # "29 of 50 states", "600 IS fighters" (the parser read "IS" as a verb), "180 of its own soldiers"
        return share.lower_, "", doc[ent.start : share.i + 1]
    if ent.root.dep_ in ("nummod", "quantmod", "compound") and head.pos_ in ("NOUN", "PROPN") and head.i >= ent.end:
        last = head
        for child in head.children:
            if child.dep_ == "prep" and child.i > head.i and child.lower_ == "of":
                last = list(child.subtree)[-1]
        span = doc[ent.start : last.i + 1]
        return head.lower_, _np_words(doc[ent.end : last.i + 1]), span
    return "", "", ent


def _noun_after_name(ent: Span):
    """'600 IS fighters', '300 ISIS fighters': the plural noun after a name that sits between it and the number."""
    doc = ent.doc
    i = ent.end
    while i < len(doc) and i - ent.end < 2 and doc[i].text[:1].isupper() and doc[i].tag_ in ("NNP", "VBZ"):
        i += 1
    if i > ent.end and i < len(doc) and doc[i].tag_ == "NNS":
        return doc[i]
    return None


def _part_of(ent: Span):
    """'180 of its own soldiers', 'two of those contacts': the plural noun the number is a part of."""
    doc = ent.doc
    i = ent.end
    if i + 1 >= len(doc) or doc[i].lower_ != "of":
        return None
    for token in doc[i + 1 : i + 5]:
        if token.tag_ == "NNS":
            return token
        if token.pos_ not in ("DET", "PRON", "ADJ") or token.like_num:
            return None
    return None


def _share_noun(ent: Span):
    """'29 of 50 states', '12 of the 13 states': the noun after the base the number is a share of."""
    doc = ent.doc
    i = ent.end
    if i + 1 < len(doc) and doc[i].lower_ == "of":
        j = i + 1 + (doc[i + 1].lower_ == "the")
        if j + 1 < len(doc) and doc[j].like_num and doc[j + 1].pos_ == "NOUN":
            return doc[j + 1]
    return None


def _np_words(span: Span) -> str:
    return re.sub(r"\s+", " ", span.text).strip(" ,.")
