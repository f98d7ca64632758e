"""Dated events: clauses that state something happening at a stated time."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Optional

from spacy.tokens import Doc, Span, Token

from generator.summarize.extract.doctext import text_of
from generator.summarize import timex
from generator.core.models import Event
from generator.summarize.extract.attribution import is_reporting
from generator.summarize.extract.resolve import EntityResolver

MIN_EVENT_CHARS = 25  # shorter clauses were datelines and fragments on the seed corpus
PLACE_NOUNS = {"town", "city", "village", "area", "district", "province", "region", "stronghold"}
QUOTED = re.compile(r"[“\"][^“”\"]+[”\"]")
DURATION = re.compile(r"^(?:(?:more|less)\s+than\s+|about\s+|nearly\s+|almost\s+|over\s+)?\w+\s+(?:days|weeks|months|years|hours)$", re.IGNORECASE)
DURATION_LEADS = {"after", "for", "over", "during", "within", "of", "in"}
CLOCK_AFTER = re.compile(r"\s+\d{1,2}:\d\d(?::\d\d)?\b")
BOUNDED_OFFSET = re.compile(r"(?i:(?:more|less|fewer)\s+than|over|under|at\s+least|at\s+most)\s")


def extract_events(docs: list[tuple[int, Doc]], anchor: Optional[timex.Anchor], resolver: EntityResolver) -> list[Event]:
    """Every dated clause in the article, in text order."""
    events: list[Event] = []
    story_day = None  # the day the text last named: "later in the day" counts from it
    for number, doc in docs:
        quoted = [range(m.start(), m.end()) for m in QUOTED.finditer(text_of(doc))]
        for sent in doc.sents:
            mentions = timex.find_times(sent.text, anchor, story_day)
            story_day = timex.last_day(mentions) or story_day
            for index, mention in enumerate(mentions):
                if _ends_range(sent.text, mentions, index) or _restated(sent.text, mentions, index):
                    continue
                if mention.value and anchor is not None and _after(mention.value, anchor):
                    continue  # after publication: a plan or forecast, not something that happened
                if BOUNDED_OFFSET.match(mention.text):
                    continue  # "more than two years ago": a bound, not a date (the annotation rules)
                if CLOCK_AFTER.match(sent.text, mention.end):
                    continue  # "Tue Jun 10, 2014 13:51:14": a page's timestamp
                start = sent.start_char + mention.start
                time_span = doc.char_span(start, start + len(mention.text), alignment_mode="expand")
                if time_span is None or _modifies_noun(time_span) or _record_since(time_span):
                    continue
                clause = event_clause(sent, time_span, quoted, several=len(mentions) > 1)
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


def _ends_range(text: str, mentions: list[timex.TimeMention], index: int) -> bool:
    """'between 2010 and 2013', 'from 2001 to 2010': a range is dated by its start (the annotation rule)."""
    if index == 0:
        return False
    gap = text[mentions[index - 1].end : mentions[index].start]
    return gap.strip() in RANGE_JOINERS


def _restated(text: str, mentions: list[timex.TimeMention], index: int) -> bool:
    """'published today (Oct. 28)': a relative time restated as a date right after it yields to the date."""
    if index + 1 >= len(mentions) or not mentions[index].relative or not any(ch.isdigit() for ch in mentions[index + 1].text):
        return False
    return text[mentions[index].end : mentions[index + 1].start].strip() in ("(", ",", "—", "–", "-")


def _after(value: str, anchor: timex.Anchor) -> bool:
    """True when the whole period a TimeML value names starts after the publication period ends."""
    start = _period_start(value)
    if start is None:
        return False
    end = anchor.date
    if anchor.precision == "year":
        end = date(end.year, 12, 31)
    elif anchor.precision == "month":
        end = date(end.year + end.month // 12, end.month % 12 + 1, 1) - timedelta(days=1)
    return start > end


def _period_start(value: str) -> Optional[date]:
    """The first day of a TimeML date value ('2017', '2017-03', '2017-03-11', '2013-W11', '2014-SU')."""
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            return date.fromisoformat(value)
        if re.fullmatch(r"\d{4}-\d\d", value):
            return date(int(value[:4]), int(value[5:]), 1)
        if re.fullmatch(r"\d{4}-W\d\d", value):
            return date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
        if re.fullmatch(r"\d{4}-(SP|SU|FA|WI)", value):
            return date(int(value[:4]), SEASON_START[value[5:]], 1)
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 1, 1)
    except ValueError:
        return None
    return None


def _record_since(time_span: Span) -> bool:
    """'the highest level since January 2006': a comparison with a past date, not an event then."""
    before = time_span.doc[max(0, time_span.start - 6) : time_span.start]
    if not len(before) or before[-1].lower_ != "since":
        return False
    return any(t.tag_ in ("JJS", "RBS") or t.lower_ in ("record", "first") for t in before[:-1])


def _modifies_noun(time_span: Span) -> bool:
    """'the 2002-2006 housing bubble': a date inside a noun phrase does not place the clause in time."""
    root = time_span.root
    return root.dep_ in ("compound", "amod", "nmod", "nummod") and root.head.pos_ in ("NOUN", "PROPN") and root.head.i > root.i


def event_clause(sent: Span, time_span: Span, quoted: list[range] = (), several: bool = False) -> Span | None:
    """The clause a time expression dates; None when the time only dates a reporting verb, a plan or a denial.

    `several`: the sentence holds more than one time ("were battling IS on Sunday, and ... recaptured
    the area later in the day"); each then dates its own verb's clause, not the whole sentence.
    """
    if _date_line(sent, time_span):
        return None  # "Published 4:07 PM, December 14, 2018", "by WorldTribune Staff, October 17, 2016"
    head = _governing_verb(time_span)
    if head is None:
        return sent
    if any(c.dep_ == "neg" for c in head.children):
        return None  # "That was not the case even a year ago"
    if not _happened(head):
        # "continue to battle ISIS after the loss of ... Raqqa in October": the plan is undated, but
        # the noun phrase the time sits in names something that happened then.
        noun = _dated_noun_phrase(time_span, head)
        return _subtree_span(sent, noun) if noun is not None else None
    if is_reporting(head):
        # "announced the capture of ...", "a case was reported on Friday": the act itself is the news.
        # "has added about 80 jobs": "add" with a thing as its object adds it, it does not speak.
        if (head.lower_ not in SPEECH_FORMS or head.lower_ in ADDING) and any(c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") for c in head.children):
            return sent
        if any(c.dep_ == "auxpass" for c in head.children):
            return sent
        # "the caliphate the group proclaimed in 2014": what was proclaimed is the noun it describes.
        if head.dep_ == "relcl" and head.head.pos_ in ("NOUN", "PROPN") and head.lower_ not in SPEECH_FORMS:
            return sent
        # "officials said Friday [forces retook the town]": the reported action happened then only when
        # it is a completed action with no time of its own, and not words quoted from the speaker.
        reported = [c for c in head.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")]
        if head.dep_ in ("ccomp", "parataxis") and head.head.pos_ == "VERB":
            reported.append(head.head)  # "X retook Y, officials said Friday": said hangs off retook
        # "told AFP on Tuesday, saying soldiers had fled": the report goes on in a participle
        reported += [g for c in head.children if c.dep_ == "advcl" and is_reporting(c) for g in c.children
                     if g.dep_ == "ccomp" and g.pos_ in ("VERB", "AUX")]
        # "militants were killed ..., a monitor reported on Sunday": the parser hung the report on a noun
        if head.dep_ in ("acl", "relcl") and sent.root.i < head.i and sent.root.pos_ in ("VERB", "AUX"):
            reported.append(sent.root)
        for verb in reported:
            if any(verb.idx in r for r in quoted):
                continue
            if _completed(verb, head) and not is_reporting(verb) and not _has_own_time(verb, time_span):
                return _subtree_span(sent, verb, exclude=head)
        return None
    if several and _whole_clause(sent, head):
        own = _subtree_span(sent, head)
        if len(own.text.strip()) >= MIN_EVENT_CHARS:
            return own
    return sent


def _whole_clause(sent: Span, verb: Token) -> bool:
    """A verb's subtree that reads as a clause of its own: a subject, and a boundary after it (a
    misparsed subtree stops mid-phrase: "... in the early days of the 2014" before "IS offensive")."""
    if verb.pos_ != "VERB" or not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return False
    end = verb.right_edge.i + 1
    return end >= sent.end or sent.doc[end].is_punct or sent.doc[end].dep_ == "cc"


ORDER_WORDS = {"first", "last", "second", "third", "only", "latest"}
MODALS = {"will", "would", "could", "may", "might", "should", "can", "must", "'ll", "’ll", "shall"}
# Verbs whose infinitive complement is not yet done ("plans to complete the withdrawal by April").
PLAN_VERBS = {
    "plan", "plans", "planned", "planning", "expect", "expects", "expected", "intend", "intends", "intended",
    "aim", "aims", "want", "wants", "hope", "hopes", "seek", "seeks", "prepare", "prepares", "preparing",
    "scheduled", "due", "going", "set", "vowed", "vow", "pledged", "promised", "threatened", "agreed",
}
# Reporting verbs whose direct object is an audience or a remark ("told reporters", "said it"), never
# a reported act; "announced the capture" and "reported 39 cases" are acts.
SPEECH_FORMS = {"said", "says", "say", "told", "tells", "tell", "added", "wrote", "tweeted", "noted", "asked"}
ADDING = {"add", "adds", "added", "adding"}
RANGE_JOINERS = {"and", "to", "-", "–", "—", "through", "until", "till"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _date_line(sent: Span, time_span: Span) -> bool:
    """A page's line around a date: no finite verb and hardly a common word ("Published 4:07 PM, ...",
    "Xinhua, March 27, 2016 Adjust font size:"), unlike a caption ("A convoy heads toward ... on Oct. 17")."""
    if any(t.pos_ in ("VERB", "AUX") and t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in sent):
        return False
    words = [t for t in sent if t.is_alpha and t.is_lower and not (time_span.start <= t.i < time_span.end)]
    return len(words) <= 3


def _happened(verb: Token) -> bool:
    """Not a plan, forecast or possibility: no modal on the verb; an infinitive only under a plain verb."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxes & MODALS:
        return False
    if "to" in auxes and verb.dep_ in ("acl", "relcl") and any(c.lower_ in ORDER_WORDS for c in verb.head.children):
        return True  # "the first city to fall to DAESH in January 2014": it fell
    if "to" in auxes:
        # "continued to advance on Sunday" happened; "plans to withdraw by April" did not (yet)
        head = verb.head
        if head.lower_ in PLAN_VERBS or any(c.dep_ == "aux" and c.lower_ in MODALS for c in head.children):
            return False
        return head.pos_ in ("VERB", "AUX") and head.i != verb.i
    return True


def _dated_noun_phrase(time_span: Span, verb: Token) -> Token | None:
    """The highest noun between a time expression and its verb, if the time sits in a noun phrase."""
    token, noun = time_span.root, None
    while token.head.i != token.i and token.head.i != verb.i:
        token = token.head
        if token.pos_ == "NOUN":
            noun = token
    return noun


def _completed(verb: Token, reporting: Token) -> bool:
    """A past, completed action: not future, modal, infinitive or ongoing."""
    if not _happened(verb):
        return False
    # spaCy's small tagger reads unfamiliar past forms as present or base forms ("retook" -> VB, VBP);
    # a verb with no auxiliary reported by a past "said" is a simple past in news prose.
    bare = verb.tag_ in ("VB", "VBP") and not any(c.dep_ == "aux" for c in verb.children)
    return verb.tag_ in ("VBD", "VBN") or (bare and reporting.tag_ == "VBD")


def _has_own_time(verb: Token, time_span: Span) -> bool:
    """True when the reported clause names a date of its own (then the reporting time does not date it);
    a duration ("after more than four months of fighting") is not a date."""
    doc = time_span.doc
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME") or ent.start < verb.left_edge.i or ent.end > verb.right_edge.i + 1:
            continue
        if time_span.start <= ent.start < time_span.end:
            continue
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if before in DURATION_LEADS and DURATION.match(ent.text):
            continue  # "after more than four months of fighting"
        return True
    return False


def _governing_verb(span: Span) -> Token | None:
    token = span.root
    for _ in range(8):  # heads chain up to the clause verb within a few steps in news prose
        if token.pos_ in ("VERB", "AUX") and token.i != span.root.i or token.pos_ == "VERB":
            return token
        if token.head.i == token.i:
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
