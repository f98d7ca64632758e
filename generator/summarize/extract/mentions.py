"""Where an article names things: spaCy's entity spans, cleaned, completed and read in context.

spaCy's small model finds most names but slips in known ways: it types "Qaim" as a person, misses
"IS", splits "Oly Ilunga Kalenga", tags nationality adjectives. This module keeps its spans as a
start, then adds what evidence in the text shows: acronyms defined in brackets, organisations such as
"Iraqi forces", every further occurrence of a name already found, and for each mention the type its
context argues for ("the town of Qaim" -> place). Everything here reads tokens and their order only,
so it works with or without the dependency parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc, Span, Token

from generator.summarize.extract.doctext import text_of
from generator.core.models import EntityType
from generator.summarize.extract import vocab

# spaCy OntoNotes labels -> our types. NORP is kept only for peoples and faiths (vocab.GROUP_WORDS).
LABEL_TYPES: dict[str, EntityType] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
    "WORK_OF_ART": "other",
    "PRODUCT": "other",
    "LAW": "other",
}
STRONG = 3.0  # context that settles the type ("the town of X"): outweighs spaCy's guesses on up to two mentions
WEAK = 1.5  # a locative preposition ("in X"): breaks a tie with one spaCy guess, no more
MAX_HEADING_WORDS = 4  # "Spotty Recovery", "Drug's effect": headings name no entity worth a page
ACRONYM = re.compile(r"^(?:[A-Z]\.){2,6}$|^[A-Z][A-Z&]{1,6}$")
# "Syrian Democratic Forces (SDF)", "Islamic State in Iraq and Syria (ISIS)": the words between the
# name spaCy found and the bracket must complete the initials.
DEFINED_ACRONYM = re.compile(r"(?P<rest>(?:\s+(?:in|of|and|for|the|on|[A-Z][\w-]*)){0,5}?)\s*\((?P<acr>[A-Z][A-Za-z&.]{1,9})\)")
ALIAS_CUE = re.compile(
    r"\b(?:alternat\w*|another|other|arabic|former|also)\s+(?:name|acronym|term|spelling|known as)\s+(?:for\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
QUOTED = re.compile(r"[“\"][^“”\"]+[”\"]")
LOWER_WORD = re.compile(r"^[a-z]+\s+")
LEADING = re.compile(r"^(?:the|The|THE)\s+")
TRAILING = re.compile(r"(?:['’]s|['’])$")
# Credit words a byline or caption adds after a name.
CREDIT_TAIL = re.compile(r"\s+(?:Staff|Photos?|Special(?:\s+for)?|Correspondents?|Reporters?)$")
# " for Human Rights", " of the Interior", " for the Study of War": the rest of an institution's name.
NAME_CONTINUATION = re.compile(r" (?:for|of) (?:the )?[A-Z][\w'’-]*(?: (?:of |and |for |the )*[A-Z][\w'’-]*)*")
# " military airport", " air base", " dam": the rest of a facility's name after the place it is named after.
FACILITY_AFTER = re.compile(r" (?:(?:military|international|civilian|air|naval|oil|main|central) ){0,2}(?:airport|airbase|base|dam|refinery|prison|airfield)\b")
# " el- Zour", " al-Sham": an Arabic article spaCy cut a name before (the text's spacing kept).
ARABIC_PARTICLE_AFTER = re.compile(r" (?:al|el|ad|ar|as|ash|an|az|ez|ed|es|er|at)-\s?[A-Z][\w'’]*(?:-[A-Z][\w'’]*)?")
# " province", " valley": the area a place names ("Anbar province" joins "Anbar" as one entity).
PLACE_AREA_AFTER = re.compile(r" (?:province|governorate|valley|pocket)\b")
# "Operation Roundup", "Operation Inherent Resolve": a named military operation.
OPERATION = re.compile(r"\bOperation(?: (?:[A-Z][\w'’-]+|of|the)){1,4}(?<! of)(?<! the)")
# Words that open a title after a nationality ("British Prime Minister", "Iraqi Deputy Foreign Minister").
PORTFOLIO_WORDS = {"prime", "foreign", "interior", "defense", "defence", "deputy", "vice", "chief", "acting", "supreme"}
ORGANIZATION_NAME_HEADS = {word for word, kind in vocab.NAME_HEADS.items() if kind == "organization"}


@dataclass
class EntityMention:
    """One span naming an entity in one paragraph, with what spaCy and the context say it is."""

    paragraph: int
    start: int  # character offsets within the paragraph
    end: int
    text: str
    label: Optional[str]  # spaCy's label; None for a repeat of a name found elsewhere
    evidence: Optional[EntityType] = None  # the type the surrounding words argue for
    strength: float = 0.0
    alias_of: Optional[str] = None  # a longer name this one stands for, by evidence in the text

    @property
    def model_type(self) -> Optional[EntityType]:
        return LABEL_TYPES.get(self.label) if self.label else None


def find_mentions(docs: list[tuple[int, Doc]], publisher: Optional[str] = None, known: list[str] = ()) -> list[EntityMention]:
    """Every name in the article's paragraphs, in text order; `known` are names the editor declared."""
    mentions: list[EntityMention] = []
    for number, doc in docs:
        if _is_heading(doc):
            continue
        found = _model_mentions(number, doc)
        found += _defined_acronyms(number, doc, found)
        mentions += _without_overlaps(found)
    mentions += _repeats(docs, mentions, known)
    mentions += _bare_acronyms(docs, mentions)
    by_paragraph = {number: doc for number, doc in docs}
    for m in sorted(mentions, key=lambda m: (m.paragraph, m.start)):
        _read_context(m, by_paragraph[m.paragraph], publisher, mentions)
    kept = [m for m in mentions if _is_entity(m)]
    _link_alternate_names(docs, kept)
    return sorted(kept, key=lambda m: (m.paragraph, m.start))


def _is_heading(doc: Doc) -> bool:
    words = [t for t in doc if not t.is_punct]
    return len(words) <= MAX_HEADING_WORDS and not text_of(doc).rstrip().endswith((".", "!", "?", "”", '"'))


def _model_mentions(number: int, doc: Doc) -> list[EntityMention]:
    """spaCy's spans, trimmed to the name, with split names joined and organisations completed."""
    ents = [e for e in doc.ents if e.label_ in LABEL_TYPES]
    result: list[EntityMention] = []
    skip = set()
    for i, ent in enumerate(ents):
        if i in skip:
            continue
        start, end, label = ent.start_char, ent.end_char, ent.label_
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        between = text_of(doc)[end : nxt.start_char] if nxt is not None else None
        # "Oly Ilunga" + "Kalenga": a person's name spaCy cut in two.
        if nxt is not None and label == "PERSON" and between == " " and len(nxt) == 1 and nxt.text[:1].isupper():
            end = nxt.end_char
            skip.add(i + 1)
        # "Macy" + "'s Thanksgiving Day Parade": an owner's name inside the name of an event or building.
        elif nxt is not None and label == "ORG" and between in ("'s ", "’s ") and nxt.label_ in ("EVENT", "FAC"):
            end, label = nxt.end_char, nxt.label_
            skip.add(i + 1)
        # "Federal Reserve Bank" + "of" + "Dallas": an institution named after its seat.
        elif nxt is not None and label == "ORG" and between == " of " and nxt.label_ in ("GPE", "LOC"):
            if ent.text.split()[-1].casefold() in vocab.NAME_HEADS:
                end = nxt.end_char
                skip.add(i + 1)
        # "Islamic" (NORP) + "State" (ORG): an adjective spaCy split from the one-word name it begins.
        elif nxt is not None and label == "NORP" and between == " " and nxt.label_ == "ORG" and len(nxt) == 1 and not ACRONYM.match(nxt.text) and not vocab.GROUP_WORDS.match(ent.text):
            end, label = nxt.end_char, "ORG"
            skip.add(i + 1)
        # "Deir" + " el- Zour", "Abu" + " al-Baghdadi": an Arabic article and the word it joins.
        particle = ARABIC_PARTICLE_AFTER.match(text_of(doc), end)
        if particle and label in ("GPE", "LOC", "FAC", "PERSON", "ORG"):
            end = particle.end()
            skip.update(j for j in range(i + 1, len(ents)) if ents[j].start_char < end)
        # "Syrian Observatory" + "for Human Rights": an institution's name goes on after "for"/"of".
        if label in ("ORG", "PERSON") and ent.text.split()[-1].casefold() in ORGANIZATION_NAME_HEADS:
            rest = NAME_CONTINUATION.match(text_of(doc), end)
            if rest:
                end, label = rest.end(), "ORG"
                skip.update(j for j in range(i + 1, len(ents)) if ents[j].start_char < end)
        span = _trim(doc, start, end)
        if span is None:
            continue
        start, end = span
        text = text_of(doc)[start:end]
        if label in ("NORP", "GPE"):
            # "Iraqi forces", "U.S.-led coalition": a people or country before forces or a government.
            match = vocab.ORGANIZATION_HEADS.match(text_of(doc), end)
            if match:
                result.append(EntityMention(number, start, match.end(), text_of(doc)[start : match.end()], "ORG"))
                continue
        if label == "NORP" and not vocab.GROUP_WORDS.match(text_of(doc)[start:end]) and not text_of(doc)[start:end].endswith("s"):
            # "Islamic" + "State fighters": spaCy tagged the adjective and left the name's noun out.
            name_end = _proper_noun_run_end(doc, ent.end)
            if name_end is not None:
                end, label = name_end, "ORG"
                text = text_of(doc)[start:end]
        if label == "NORP" and _next_word(doc, end, fold=False) in vocab.PLACE_NOUNS and all(t.tag_ == "NNP" for t in ent):
            label = "GPE"  # "Aleppo province": a proper noun before "province" is a place, not a nationality
        if label == "NORP" and "-" in text and all(vocab.GROUP_WORDS.match(part) for part in text.split("-")):
            offset = start
            for part in text.split("-"):  # "Kurdish-Arab": two groups
                result.append(EntityMention(number, offset, offset + len(part), part, "NORP"))
                offset += len(part) + 1
            continue
        if label == "NORP" and not vocab.GROUP_WORDS.match(text):
            continue  # "Iraqi", "Americans": nationality words are not entities (DESIGN.md)
        if label in ("PERSON", "WORK_OF_ART"):
            cut = _after_titles(doc, start, end)
            if cut != start:
                start, text, label = cut, text_of(doc)[cut:end], "PERSON"
        if label == "ORG" and " " not in text and _next_word(doc, end) in vocab.TITLES:
            continue  # "Defense Secretary", "Health Minister": a portfolio, not the ministry
        result.append(EntityMention(number, start, end, text, label))
    result += _led_organizations(number, doc)
    result += _named_by_place_noun(number, doc)
    result += [EntityMention(number, m.start(), m.end(), m.group(), "EVENT") for m in OPERATION.finditer(text_of(doc))]
    # "Kurdish-Arab alliance": the model tags the first group of a pair and leaves the second
    result += [
        EntityMention(number, t.idx, t.idx + len(t.text), t.text, "NORP") for t in doc[2:]
        if not t.ent_type_ and doc[t.i - 1].text == "-" and doc[t.i - 2].ent_type_ == "NORP" and vocab.GROUP_WORDS.match(t.text)
    ]
    return _as_facilities(doc, result)


def _named_by_place_noun(number: int, doc: Doc) -> list[EntityMention]:
    """'around Khas Ajil village': capitalised words spaCy left untagged before 'village', 'district'..."""
    result = []
    for token in doc[1:]:
        if token.lower_ not in vocab.PLACE_NOUNS or not token.text.islower():
            continue
        first = token.i
        while first > 0 and token.i - first < 3 and _untagged_name_word(doc[first - 1]):
            first -= 1
        if first < token.i:
            start, end = doc[first].idx, doc[token.i - 1].idx + len(doc[token.i - 1].text)
            result.append(EntityMention(number, start, end, text_of(doc)[start:end], "GPE"))
    return result


def _untagged_name_word(token: Token) -> bool:
    return (token.tag_ == "NNP" and token.text[:1].isupper() and not token.ent_type_ and not token.is_sent_start
            and token.lower_ not in vocab.TITLES and token.lower_ not in PORTFOLIO_WORDS)


def _as_facilities(doc: Doc, mentions: list[EntityMention]) -> list[EntityMention]:
    """'Jarrah military airport', 'Mosul dam': a facility named after a place is a place of its own;
    'Anbar province', 'the Euphrates valley', 'the Hajin pocket': so is the area around it."""
    for m in mentions:
        if m.label not in ("GPE", "LOC", "FAC", "ORG", "PERSON"):
            continue
        match = FACILITY_AFTER.match(text_of(doc), m.end)
        named_feature = vocab.NAME_HEADS.get(m.text.split()[-1].casefold()) == "place"  # "Tigris River valley"
        area = PLACE_AREA_AFTER.match(text_of(doc), m.end) if m.label in ("GPE", "LOC", "FAC") and not named_feature else None
        if match or area:
            m.end = (match or area).end()
            m.text = text_of(doc)[m.start : m.end]
            m.label = "FAC" if match else "GPE"
    return mentions


def _proper_noun_run_end(doc: Doc, i: int, most: int = 3) -> Optional[int]:
    """The end of 1-3 untagged capitalised proper nouns from token i (not titles: "Prime Minister")."""
    j = i
    while j < len(doc) and j - i < most and doc[j].tag_ == "NNP" and doc[j].text[:1].isupper() and not doc[j].ent_type_:
        if doc[j].lower_ in vocab.TITLES or doc[j].lower_ in PORTFOLIO_WORDS:
            return None
        j += 1
    return doc[j - 1].idx + len(doc[j - 1].text) if j > i else None


def _after_titles(doc: Doc, start: int, end: int) -> int:
    """'Patrol Chief James Hall' -> the start of 'James Hall' (the titles are the description's)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return start
    cut = None
    for token in span[:-2]:
        if token.lower_ in vocab.NAME_PREFIX_TITLES or token.text.rstrip(".") in vocab.TITLE_ABBREVIATIONS:
            cut = token
    return cut.idx + len(cut.text) + 1 if cut is not None else start


def _next_word(doc: Doc, end: int, fold: bool = True) -> str:
    match = re.match(r"\s+([\w.-]+)", text_of(doc)[end:])
    if not match:
        return ""
    return match.group(1).casefold() if fold else match.group(1)


def _led_organizations(number: int, doc: Doc) -> list[EntityMention]:
    """'the U.S.-led coalition': spaCy tags nothing, the annotation rules call it an organisation."""
    result = []
    for token in doc[:-1]:
        nxt = doc[token.i + 1]
        if vocab.LED_ORGANIZATION.match(token.text) and nxt.lower_ in vocab.LED_HEADS:
            result.append(EntityMention(number, token.idx, nxt.idx + len(nxt.text), text_of(doc)[token.idx : nxt.idx + len(nxt.text)], "ORG"))
    return result


def _trim(doc: Doc, start: int, end: int) -> Optional[tuple[int, int]]:
    """The name inside a span: no leading 'the', possessive, unbalanced bracket or trailing punctuation."""
    text = text_of(doc)[start:end]
    if text.count("(") > text.count(")"):
        cut = text.rfind("(")
        end = start + len(text[:cut].rstrip())
        text = text_of(doc)[start:end]
    lead = LEADING.match(text)
    if lead:
        start += lead.end()
        text = text_of(doc)[start:end]
    # "west Mosul", "eastern Aleppo": a lowercase word before a name is a modifier, not part of it
    # (particles such as "al-" in "al-Qaida" stay).
    while (lower := LOWER_WORD.match(text)) and lower.end() < len(text):
        start += lower.end()
        text = text_of(doc)[start:end]
    credit = CREDIT_TAIL.search(text)
    if credit and credit.start() > 0:
        text = text[: credit.start()]  # "WorldTribune Staff", "AFP Photo", "Ammar Al Shamary Special for"
    stripped = TRAILING.sub("", text).rstrip(" -–—,.;:") if not ACRONYM.match(text) else text
    end = start + len(stripped)
    text = text_of(doc)[start:end]
    if len(text) < 2 or not any(ch.isupper() for ch in text) or text.casefold() in vocab.NOT_NAMES:
        return None
    return start, end


def _defined_acronyms(number: int, doc: Doc, found: list[EntityMention]) -> list[EntityMention]:
    """'Syrian Democratic Forces (SDF)': the bracketed acronym is another name of the name before it."""
    result = []
    for m in found:
        match = DEFINED_ACRONYM.match(text_of(doc), m.end)
        if match and initials(m.text + match.group("rest")).upper() != match.group("acr").replace(".", "").upper():
            continue  # "TAIPEI (Reuters)": a bracket after a name is not always its acronym
        if not match:
            continue
        if match.group("rest").strip():
            # "Islamic State of Iraq" + " and the Levant (ISIL)": the initials show where the name ends
            m.end = m.start + len(m.text + match.group("rest").rstrip())
            m.text = text_of(doc)[m.start : m.end]
            if m.label not in ("ORG", "GPE", "FAC", "EVENT"):
                m.label = "ORG"
        acr = match.group("acr")
        tagged = [x for x in found if x.start == match.start("acr")]
        for x in tagged:
            x.alias_of = m.text
        if not tagged:
            result.append(EntityMention(number, match.start("acr"), match.end("acr"), acr, m.label, alias_of=m.text))
    return result


def _without_overlaps(mentions: list[EntityMention]) -> list[EntityMention]:
    """The longest of overlapping mentions."""
    result: list[EntityMention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if result and m.start < result[-1].end:
            continue
        result.append(m)
    return result


def _word_pattern(form: str) -> re.Pattern:
    return re.compile(rf"(?<![\w.-]){re.escape(form)}(?![\w])")


def _repeats(docs: list[tuple[int, Doc]], mentions: list[EntityMention], known: list[str] = ()) -> list[EntityMention]:
    """Further occurrences of names already found ("IS" where spaCy saw it once and missed it twice)."""
    forms = sorted({m.text for m in mentions if m.label != "NORP"} | {k for k in known if len(k) > 1}, key=len, reverse=True)
    surnames = _surnames(mentions)
    forms += sorted(set(surnames) - set(forms), key=len, reverse=True)
    taken = {(m.paragraph, i) for m in mentions for i in range(m.start, m.end)}
    patterns = {form: _word_pattern(form) for form in forms}
    result = []
    for number, doc in docs:
        if _is_heading(doc):
            continue
        text = text_of(doc)
        for form in forms:
            if form not in text:
                continue
            for match in patterns[form].finditer(text):
                chars = range(match.start(), match.end())
                if any((number, i) in taken for i in chars):
                    continue
                taken.update((number, i) for i in chars)
                result.append(EntityMention(number, match.start(), match.end(), form, None, alias_of=surnames.get(form)))
    return result


def _surnames(mentions: list[EntityMention]) -> dict[str, str]:
    """'Mattis' -> 'James Mattis': the last name of each person found, where no other person shares it.

    spaCy often tags the full name once and misses the bare surname later ("Mattis told reporters").
    """
    by_surname: dict[str, set[str]] = {}
    for m in mentions:
        words = m.text.split()
        if m.label == "PERSON" and len(words) > 1 and len(words[-1]) > 2 and words[-1][:1].isupper() and words[-1].isalpha():
            by_surname.setdefault(words[-1], set()).add(m.text)
    return {surname: next(iter(full)) for surname, full in by_surname.items() if len(full) == 1}


def initials(name: str) -> str:
    """'Counter-Terrorism Service' -> 'CTS'; 'Islamic State in Iraq and Syria' -> 'ISIS'."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w[0].isupper()]
    return "".join(w[0] for w in words)


def _bare_acronyms(docs: list[tuple[int, Doc]], mentions: list[EntityMention]) -> list[EntityMention]:
    """Capitalised acronyms spaCy did not tag whose letters start the words of a name found ('IS')."""
    names = {}
    for m in mentions:
        if " " in m.text and m.label not in ("PERSON", "NORP"):
            names.setdefault(initials(m.text), m)
    taken = {(m.paragraph, i) for m in mentions for i in range(m.start, m.end)}
    result = []
    for number, doc in docs:
        for token in doc:
            text = token.text.replace(".", "")
            if not ACRONYM.match(token.text) or text not in names or (number, token.idx) in taken:
                continue
            long = names[text]
            result.append(EntityMention(number, token.idx, token.idx + len(token.text), token.text, long.label, alias_of=long.text))
    return result


def _tokens(doc: Doc, start: int, end: int) -> Optional[Span]:
    return doc.char_span(start, end, alignment_mode="expand")


def _read_context(m: EntityMention, doc: Doc, publisher: Optional[str], mentions: list[EntityMention]) -> None:
    """Set the mention's evidence from the words around it (strongest rule wins)."""
    span = _tokens(doc, m.start, m.end)
    if span is None:
        return
    before = [t for t in doc[max(0, span.start - 4) : span.start]][::-1]  # nearest first
    if before and before[0].lower_ in ("the", "a", "an"):
        before = before[1:]
    after = list(doc[span.end : span.end + 8])
    last_word = m.text.split()[-1].casefold().strip(".")

    def say(kind: EntityType, strength: float) -> None:
        if strength > m.strength:
            m.evidence, m.strength = kind, strength

    if publisher and m.text.casefold() == publisher.casefold():
        say("organization", STRONG)
    if vocab.GROUP_WORDS.match(m.text):
        say("group", STRONG)
    if len(m.text.split()) > 1 and last_word in vocab.NAME_HEADS:
        say(vocab.NAME_HEADS[last_word], STRONG)  # type: ignore[arg-type]
    if m.start == 0 and m.text.isupper() and text_of(doc)[m.end : m.end + 2] in (", ", " (", " -", " —", " –"):
        say("place", STRONG)  # a dateline: "TAIPEI (Reuters) -", "MOSUL, Iraq"
    if len(before) >= 2 and before[0].lower_ == "of" and (before[1].lower_ in vocab.PLACE_NOUNS or before[1].lower_ in vocab.PLACE_EVENTS):
        say("place", STRONG)
    if len(before) >= 2 and before[0].text == "," and before[1].lower_ in vocab.PLACE_NOUNS and (not after or after[0].is_punct):
        say("place", STRONG)  # "the provincial capital, Mbandaka."
    if len(before) >= 2 and before[0].text == "," and before[1].lower_ in vocab.TITLES:
        say("person", STRONG)  # "its Africa director, Matshidiso Moeti"
    if before and (before[0].lower_ in vocab.TITLES or before[0].lower_.rstrip("s") in vocab.TITLES) and m.label in (None, "PERSON", "ORG", "GPE", "NORP"):
        say("person", STRONG)
    if len(before) >= 2 and before[0].lower_ == "on" and before[1].lower_ in vocab.PUBLISHING_VERBS:
        say("organization", STRONG)  # "wrote on Twitter"
    if m.label == "EVENT" and after and after[0].lower_ in vocab.PUBLISHING_VERBS:
        say("organization", STRONG)  # "Operation Inherent Resolve wrote on Twitter": the operation's account
    nouns = [t for t in after[:2] if t.is_lower and t.is_alpha]
    if nouns and (nouns[0].lower_ in vocab.PLACE_NOUNS or (len(nouns) == 2 and nouns[1].lower_ in vocab.PLACE_NOUNS and after[0].is_lower)):
        if after[0].is_lower:
            say("place", STRONG)  # "Equateur province", "the Ban al-Saghir area", "Jarrah military airport"
    appositive = _appositive_head(after)
    if appositive is not None:
        if appositive.lower_ in vocab.PLACE_NOUNS or appositive.lower_ in ("center", "centre", "hub"):
            say("place", STRONG - 1)  # "Boukamal, the last IS urban center"
        elif appositive.lower_ in vocab.TITLES:
            say("person", STRONG - 1)  # "Brett McGurk, the special presidential envoy ..."
    if before and before[0].lower_ in vocab.LOCATIVE_PREPOSITIONS and not (after and after[0].text in ("'s", "’s")):
        say("place", WEAK)
    if before and before[0].lower_ in ("and", "or") and m.strength == 0:
        # "inside Mosul al-Jadida and Al-Aghawat": a list shares the evidence of its first member.
        previous = [x for x in mentions if x.paragraph == m.paragraph and x.end <= before[0].idx and x.evidence]
        if previous and text_of(doc)[previous[-1].end : before[0].idx].strip() == "":
            say(previous[-1].evidence, previous[-1].strength)  # type: ignore[arg-type]


def _appositive_head(after: list[Token]) -> Optional[Token]:
    """In ', the last IS urban center,' the head noun (the last noun before the next punctuation)."""
    if len(after) < 3 or after[0].text != "," or after[1].lower_ not in ("the", "a", "an", "its", "their"):
        return None
    head = None
    for token in after[2:]:
        if token.is_punct or token.lower_ in ("for", "of", "in", "at", "who", "which", "that", "with"):
            break
        if token.is_alpha and token.is_lower:
            head = token
    return head


def _is_entity(m: EntityMention) -> bool:
    """Drop what is not an entity: nationality words, stray title abbreviations, portfolio names."""
    if m.text.rstrip(".") in vocab.TITLE_ABBREVIATIONS:
        return False
    if m.label == "NORP" and not vocab.GROUP_WORDS.match(m.text) and m.evidence in (None, "group"):
        return False  # "Iraqi", "Americans": nationality words are not entities (DESIGN.md)
    return True


def _link_alternate_names(docs: list[tuple[int, Doc]], mentions: list[EntityMention]) -> None:
    """“Daesh crumbles!” ..., using an alternate name for ISIS: the quoted name is another name of ISIS."""
    for number, doc in docs:
        sents = list(doc.sents)
        for i, sent in enumerate(sents):
            for m in mentions:
                if m.paragraph != number or not (sent.start_char <= m.start < sent.end_char):
                    continue
                if not ALIAS_CUE.search(text_of(doc)[max(sent.start_char, m.start - 60) : m.start]):
                    continue
                window_start = sents[i - 1].start_char if i > 0 else sent.start_char
                quoted = [
                    x for q in QUOTED.finditer(text_of(doc), window_start, sent.end_char)
                    for x in mentions
                    if x.paragraph == number and q.start() <= x.start < q.end() and x.text.casefold() != m.text.casefold()
                ]
                names = {x.text for x in quoted}
                if len(names) == 1:
                    for x in quoted:
                        x.alias_of = m.text
