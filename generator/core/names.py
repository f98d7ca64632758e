"""Entity names as comparable keys: folding, particles, initials, head words, spelling skeletons.

Everything here is a pure function of one or two names, so the clustering in `entities.py` can
index names by these keys (hash lookups: linear in the number of names) instead of comparing
every pair.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

# Arabic articles and name particles that writers keep or drop at will: "Bashar al-Assad" and
# "Bashar Assad", "Deir el-Zour" and "Deir Zour". Not "abu" or "bin": those change the name.
PARTICLES = frozenset({"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ez", "es", "ed", "ul"})
# Trailing words that name the kind of thing, not the thing: "Islamic State group" is "Islamic State".
GENERIC_SUFFIXES = frozenset({"group", "organization", "organisation", "movement", "militia"})
# Head nouns of organisation names: a name ending in one is an organisation whatever NER said, and the
# head alone ("the Observatory", "the Service") can stand for the one organisation that has it.
ORG_HEADS = frozenset({
    "agency", "alliance", "army", "association", "authority", "bank", "brigade", "brigades", "bureau",
    "cell", "coalition", "command", "commission", "committee", "company", "corporation", "corps", "council",
    "court", "department", "directorate", "division", "federation", "force", "forces", "front", "fund",
    "government", "guard", "institute", "league", "ministry", "monitor", "network", "observatory", "office",
    "organization", "organisation", "parliament", "party", "police", "regiment", "service", "services",
    "union", "university",
})
LINK_WORDS = frozenset({"of", "for", "in", "on", "and", "to", "the", "de", "du", "des", "la", "le"})
VOWELS = frozenset("aeiouy")
SAME_SPELLING_RATIO = 80  # rapidfuzz ratio on folded names whose skeletons agree; transliteration
# variants on the seed and unit cases scored 83-95 ("haider"/"haidar" 83); look-alikes that share a
# skeleton but not a name ("mali"/"mila") scored 50-67.


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without diacritics, typographic apostrophes made plain: 'Ḥaydar’s' -> "haydar's"."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=65536)
def tokens(name: str) -> tuple[str, ...]:
    """The words of a name, folded: no leading 'the', no possessive, 'U.S.' -> 'us', hyphens split."""
    text = fold(name).strip()
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"'s$|'$", "", text)
    text = re.sub(r"(?<=\w)[.'](?=\w)|(?<=\w)\.$", "", text)  # U.S. -> us, Qa'im -> qaim
    return tuple(w for w in re.split(r"[\W_]+", text) if w)


def name_key(name: str) -> str:
    """Case, diacritics, a leading 'the', hyphens and punctuation do not make a different name."""
    return " ".join(tokens(name))


@lru_cache(maxsize=65536)
def core(name: str) -> tuple[str, ...]:
    """The name's words without particles: 'Haider al-Abadi' -> ('haider', 'abadi')."""
    words = tokens(name)
    kept = tuple(w for w in words if w not in PARTICLES)
    return kept or words


@lru_cache(maxsize=131072)
def core_key(name: str) -> str:
    """The key names are joined on: words without particles ('Bashar al-Assad' = 'Bashar Assad')."""
    return " ".join(core(name))


def without_generic_suffix(name: str) -> str | None:
    """'Islamic State group' -> 'islamic state'; None when nothing generic ends the name or too little is left."""
    words = core(name)
    if len(words) >= 3 and words[-1] in GENERIC_SUFFIXES:
        return " ".join(words[:-1])
    return None


def without_place_complement(name: str) -> str | None:
    """'Islamic State in Iraq and Syria' -> 'islamic state': a name of two words or more, then 'in' or 'of'.

    None when what is left ends in an organisation noun: 'Federal Reserve Bank of Dallas' is not
    'Federal Reserve Bank', it is one of its branches.
    """
    words = tokens(name)
    for i, word in enumerate(words):
        if word in ("in", "of") and i >= 2:
            kept = [w for w in words[:i] if w not in PARTICLES]
            if len(kept) >= 2 and kept[-1] not in ORG_HEADS:
                return " ".join(kept)
            return None
    return None


GROUP_SUFFIX = re.compile(r"(?:ish|ian|ese|ic|i|s)$")


def people_key(name: str) -> str | None:
    """'Kurds', 'Kurdish' -> 'kurd'; 'Sunnis', 'Sunni' -> 'sunn': the noun and adjective of one people or faith.

    Only for one-word names of type group (DESIGN.md: "Kurds"/"Kurdish" is one group).
    """
    words = core(name)
    if len(words) != 1:
        return None
    word = words[0][:-1] if words[0].endswith("s") and len(words[0]) > 4 else words[0]
    stem = GROUP_SUFFIX.sub("", word)
    return stem if len(stem) >= 3 else word


def is_acronym(name: str) -> bool:
    """'SDF', 'CTS', 'U.S.', 'IS': two to six capitals, nothing else."""
    letters = re.sub(r"[.\s]", "", name.strip())
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def initials(name: str) -> str:
    """Initials of the capitalised words: 'Counter-Terrorism Service' -> 'cts', 'Islamic State group' -> 'is'."""
    words = [w for w in re.split(r"[\s\-–]+", name.replace("’", "'")) if w]
    letters = [w[0] for w in words if w[0].isupper() and not is_acronym(w)]
    return "".join(letters).casefold() if len(letters) >= 2 else ""


def acronym_key(name: str) -> str:
    """The folded letters of an acronym: 'U.S.' -> 'us'."""
    return re.sub(r"[^a-z]", "", fold(name))


def head(name: str) -> str | None:
    """The head word of a multi-word name: the last word before 'of'/'for'/'in' ('Observatory' in
    'Syrian Observatory for Human Rights'), or its last word."""
    words = tokens(name)
    if len(words) < 2:
        return None
    for i, word in enumerate(words):
        if i and word in LINK_WORDS:
            return words[i - 1]
    return words[-1]


def is_org_name(name: str) -> bool:
    """A multi-word name headed by an organisation noun ('Counter-Terrorism Service', 'Fateh al-Sham Front')."""
    h = head(name)
    return h is not None and h in ORG_HEADS


def _skeleton(word: str) -> str:
    """First letter, then consonants with runs collapsed: 'haidar' and 'haider' -> 'hdr'."""
    if word.isdigit():
        return word
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]  # plural: 'forces' and 'force'
    rest = re.sub(r"(.)\1+", r"\1", "".join(c for c in word[1:] if c not in VOWELS))
    return word[0] + rest


@lru_cache(maxsize=65536)
def spelling_key(name: str) -> str:
    """A key shared by transliteration variants: 'Haidar al-Abadi' = 'Haider Abadi'; '' for one short word."""
    words = core(name)
    if len(words) == 1 and len(words[0]) < 5:
        return ""
    return " ".join(_skeleton(w) for w in words)


def same_spelling(a: str, b: str) -> bool:
    """Two names sharing a spelling key are one name written two ways, unless a word grew a suffix.

    'Baghdad' / 'Baghdadi' and 'Iraq' / 'Iraqi' share a skeleton but one ends in a vowel and the other
    does not: an adjective or a man's name made from a place, never the same thing.
    """
    wa, wb = core(a), core(b)
    if len(wa) != len(wb) or spelling_key(a) != spelling_key(b) or not spelling_key(a):
        return False
    for x, y in zip(wa, wb):
        if x == y:
            continue
        if x.rstrip("s") == y.rstrip("s"):
            continue
        if (x[-1] in VOWELS) != (y[-1] in VOWELS) or x.startswith(y) or y.startswith(x):
            return False
    return fuzz.ratio(" ".join(wa), " ".join(wb)) >= SAME_SPELLING_RATIO


def derived_from(short: str, long: str) -> bool:
    """'Syria' / 'Syrian army', 'Iraq' / 'Iraqi forces': the long name uses an adjective made from the short one.

    Such names are never one thing, whatever a summary's alias list says.
    """
    short_words, long_words = core(short), core(long)
    if set(short_words) & set(long_words):
        return False
    return any(lw != sw and lw.startswith(sw) and len(lw) - len(sw) <= 3 for sw in short_words for lw in long_words)
