"""The entities of one article: mentions joined into one per real thing, typed by a vote of evidence.

Joining rules, each from evidence in the article itself:
- the same name in any case ("ISIS", "Isis");
- an acronym defined in brackets or made of a longer name's initials ("SDF", "CTS", "IS");
- a name given as "an alternate name for" another (mentions.py);
- a shorter form of a longer name that goes on in lowercase ("Islamic State" -> "Islamic State group",
  "Equateur" -> "Equateur province", "Syrian Observatory" -> "... for Human Rights");
- the head word of one organisation's name ("the Observatory");
- a person's surname or last names ("McGurk" -> "Brett McGurk", "Al-Abadi" -> "Haider al-Abadi").
A shorter form takes the type of the name it joins: it does not vote with spaCy's guess for it.
The editor's content/entities.yml (a Curation) wins over all of these.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Span

from generator.read.curation import Curation
from generator.core.models import EntityType, SummaryEntity
from generator.summarize.extract.mentions import ACRONYM, STRONG, EntityMention, initials

LEADING_THE = re.compile(r"^(the|The)\s+")
POSSESSIVE = re.compile(r"(’s|'s|’|')$")
PARTICLE = re.compile(r"^(al|el|ad|an|as|ash|at|az|ar)-", re.IGNORECASE)
TYPE_ORDER: tuple[EntityType, ...] = ("person", "organization", "place", "group", "event", "other")


@dataclass
class ArticleEntity:
    """The mentions of one real thing in an article, and what they say about it."""

    name: str
    mentions: list[EntityMention] = field(default_factory=list)
    votes: Counter = field(default_factory=Counter)
    description: Optional[str] = None
    declared_type: Optional[EntityType] = None

    @property
    def type(self) -> EntityType:
        if self.declared_type:
            return self.declared_type
        if not self.votes:
            return "other"
        return max(TYPE_ORDER, key=lambda t: (self.votes[t], -TYPE_ORDER.index(t)))

    def aliases(self) -> list[str]:
        forms = {m.text for m in self.mentions} - {self.name}
        return sorted(forms, key=lambda s: (s.casefold(), s))


def surface(span: Span) -> str:
    """A span of text as a name: no leading article, no possessive ending."""
    text = LEADING_THE.sub("", span.text.strip())
    return POSSESSIVE.sub("", text).strip(" -–—")


def key(text: str) -> str:
    """The form two mentions of one name share: case and dots folded ('U.S.' ~ 'US')."""
    return re.sub(r"\s+", " ", text.replace(".", "").casefold()).strip()


class _Union:
    """Disjoint sets of name keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, k: str) -> str:
        self.parent.setdefault(k, k)
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


def group_mentions(mentions: list[EntityMention], curation: Optional[Curation] = None) -> list[ArticleEntity]:
    """Join the mentions of one thing and type each entity."""
    curation = curation or Curation()
    mentions = [m for m in mentions if not curation.is_ignored(m.text)]
    forms: dict[str, list[EntityMention]] = defaultdict(list)
    for m in mentions:
        forms[key(m.text)].append(m)
    union = _Union()
    shorter: set[str] = set()  # short forms ("McGurk", "Observatory") joined into a full name: they take its type
    for k in forms:
        union.find(k)

    def join_short(short: str, long: str, surname: bool) -> None:
        union.join(short, long)
        if surname:
            shorter.add(short)

    for m in mentions:
        if m.alias_of and key(m.alias_of) in forms:
            join_short(key(m.text), key(m.alias_of), False)
    by_folded: dict[str, str] = {}
    for k in forms:  # "al-Baghouz" and "Baghouz": an Arabic article written or left out
        union.join(k, by_folded.setdefault(" ".join(_fold_particles(k.split())), k))
    own_type = {k: _vote(ms, set()).most_common(1)[0][0] if _vote(ms, set()) else None for k, ms in forms.items()}
    texts = {k: ms[0].text for k, ms in forms.items()}
    for k, text in texts.items():
        for long_key in _longer_forms(k, text, texts, own_type):
            join_short(k, long_key, not ACRONYM.match(text))
    # The editor's entities and merge groups: every form that names one of them is one entity
    # ("ISIS" declared as an alias, "Islamic State" as the declared name's short form).
    by_anchor: dict[str, str] = {}
    for k, ms in forms.items():
        anchor = curation.anchor_for([ms[0].text])
        if anchor:
            union.join(k, by_anchor.setdefault(anchor, k))

    groups: dict[str, list[str]] = defaultdict(list)
    for k in forms:
        groups[union.find(k)].append(k)
    entities = []
    for keys in groups.values():
        group_mentions_ = [m for k in keys for m in forms[k]]
        entity = ArticleEntity(name=_canonical(keys, forms, shorter), mentions=sorted(group_mentions_, key=lambda m: (m.paragraph, m.start)))
        entity.votes = _vote(group_mentions_, shorter)
        declared = next((d for d in (curation.declared_for(m.text) for m in group_mentions_) if d), None)
        if declared is None:
            for names in curation.merge:
                if any(key(n) in keys for n in names):
                    entity.name = names[0]
        else:
            entity.name = declared.name
            entity.declared_type = declared.type
            entity.description = declared.description
        entities.append(entity)
    return entities


def _vote(mentions: list[EntityMention], shorter: set[str]) -> Counter:
    """Type scores: one vote per spaCy label on a full form, plus the weight of each context clue."""
    votes: Counter = Counter()
    for m in mentions:
        if m.model_type and key(m.text) not in shorter:
            votes[m.model_type] += 1
        if m.evidence and (m.strength >= STRONG or key(m.text) not in shorter):
            votes[m.evidence] += m.strength  # "in Smith opting to bat": weak clues on a surname do not count
    return votes


def _longer_forms(k: str, text: str, texts: dict[str, str], own_type: dict[str, Optional[str]]) -> list[str]:
    """The longer names this form is a shorter form of (see the module docstring)."""
    words = text.split()
    result = []
    acronym = text.replace(".", "") if ACRONYM.match(text) else None
    for other_key, other in texts.items():
        if other_key == k or len(other) <= len(text):
            continue
        other_words = other.split()
        if acronym and own_type.get(other_key) != "person" and initials(other).upper() == acronym.upper():
            result.append(other_key)
        elif other_words[: len(words)] == words and len(other_words) > len(words) and other_words[len(words)][:1].islower() and not PARTICLE.match(other_words[len(words)]):
            result.append(other_key)  # "Islamic State" -> "Islamic State group"
        elif key(other).replace(" security forces", " forces") == k and k.endswith(" forces"):
            result.append(other_key)  # "Iraqi forces" -> "Iraqi security forces"
        elif own_type.get(other_key) == "person" and len(other_words) > len(words) and _fold_particles(other_words[-len(words):]) == _fold_particles(words):
            result.append(other_key)  # "McGurk" -> "Brett McGurk"
    if not result and len(words) == 1 and text[:1].isupper() and not acronym:
        heads = [
            other_key for other_key, other in texts.items()
            if own_type.get(other_key) == "organization" and _head_word(other) == text
        ]
        if len(heads) == 1:
            result.append(heads[0])  # "the Observatory" -> "Syrian Observatory for Human Rights"
    if acronym and len(result) > 1:
        return []  # an acronym that could stand for two names stands for neither
    return result


def _fold_particles(words: list[str]) -> list[str]:
    return [PARTICLE.sub("", w).casefold() for w in words]


def _head_word(name: str) -> Optional[str]:
    """'Syrian Observatory for Human Rights' -> 'Observatory': the last word before 'for'/'of'."""
    words = name.split()
    for i, w in enumerate(words):
        if w in ("for", "of", "in", "on") and i > 1:
            return words[i - 1]
    return words[-1] if len(words) > 1 else None


def _canonical(keys: list[str], forms: dict[str, list[EntityMention]], shorter: set[str]) -> str:
    """The most-mentioned full form, the longest on a tie."""
    full = [k for k in keys if k not in shorter] or keys
    full = [k for k in full if not ACRONYM.match(forms[k][0].text)] or full  # "Syrian Democratic Forces", not "SDF"
    best = max(full, key=lambda k: (len(forms[k]), len(k), k))
    if any(m.model_type == "person" for k in full for m in forms[k]):
        best = max(full, key=lambda k: (len(k.split()), len(forms[k]), k))
    texts = Counter(m.text for m in forms[best])
    return texts.most_common(1)[0][0]


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
