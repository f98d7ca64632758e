"""Article text as found -> numbered paragraphs of the article itself.

Input files keep the text exactly as published (boilerplate and glitches included); cleaning happens
here, deterministically, so paragraph numbers (#p1, #p2...) only change when the article text does.
Everything removed is returned too, so the article page can state what was dropped and why.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Lines that belong to the web page around an article, not to the article (seen in the seeds and in
# saved news pages: comment forms, "read more" stubs, share bars).
BOILERPLATE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^read (the )?(full|more|original) (article|story)\b.*",
        r"^leave a (reply|comment)\s*$",
        r"^your email address will not be published\b.*",
        r"^required fields are marked\b.*",
        r"^(share|click to share|share this|share on \w+)( this( article| story)?)?:?\s*$",
        r"^(advertisement|sponsored( content)?|related( articles| stories)?|subscribe( now)?)\s*$",
        r"^full article\s*$",
        r"^(post|submit) comment\s*$",
    )
]
BYLINE = re.compile(r"^[Bb]y\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+)*(\s*(,|and|&)\s*[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+)*)*\s*$")
# A section label: one or two capitalised words with no sentence punctuation ("Defense", "World News").
SECTION_LABEL = re.compile(r"^[A-Z][A-Za-z&]+( [A-Z][A-Za-z&]+)?$")
MAX_LABEL_CHARS = 30
# "region.Syrian President", "in 2016.Mayadeen": a sentence end glued to the next sentence. Two
# lowercase letters or digits before the stop keep abbreviations ("U.S.", "Col.") out of it; a capital
# letter after it keeps decimals ("2.5") out.
GLUED_SENTENCE = re.compile(r"(?<=[a-z0-9]{2}[.!?])(?=[A-Z][a-z])|(?<=[a-z0-9]{2}[.!?][”\"’])(?=[A-Z][a-z])")
SENTENCE_END = re.compile(r"[.!?…:;\"”’)\]]\s*$")


@dataclass
class CleanText:
    """The article's own paragraphs, what was removed, and a byline found in the text."""

    paragraphs: list[str]
    removed: list[str] = field(default_factory=list)
    byline: str | None = None


def normalise_space(text: str) -> str:
    """NFC, non-breaking and odd spaces to plain spaces, runs of spaces collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]", " ", text)
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff]", "", text)
    return re.sub(r" {2,}", " ", text).strip()


def split_paragraphs(body: str) -> list[str]:
    """Blank lines separate blocks; inside a block, a line ending a sentence ends a paragraph.

    News text comes both ways: one paragraph a line (wire copy, the seed corpus) and hard-wrapped
    Markdown. A line that stops mid-sentence is a wrap and joins the next line.
    """
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", body):
        current: list[str] = []
        for line in block.split("\n"):
            line = normalise_space(line)
            if not line:
                continue
            current.append(line)
            if SENTENCE_END.search(line):
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
    return paragraphs


def _same_text(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return re.sub(r"\W+", " ", s.casefold()).strip()

    return bool(a) and key(a) == key(b)


def clean(body: str, title: str | None = None) -> CleanText:
    """Drop boilerplate, repeated titles and section labels; repair glued sentences."""
    result = CleanText(paragraphs=[])
    raw = split_paragraphs(body)
    for index, para in enumerate(raw):
        if any(p.match(para) for p in BOILERPLATE):
            result.removed.append(para)
            continue
        if title and _same_text(para, title):
            result.removed.append(para)
            continue
        if not result.paragraphs and index + 1 < len(raw) and _is_section_label(para):
            result.removed.append(para)
            continue
        if result.byline is None and len(result.paragraphs) <= 2 and BYLINE.match(para):
            result.byline = para[3:].strip()
            result.removed.append(para)
            continue
        result.paragraphs.append(GLUED_SENTENCE.sub(" ", para))
    if title is None and result.paragraphs and _looks_like_title(result.paragraphs[0]):
        # Without metadata the first short unpunctuated line is the headline, not body text.
        result.removed.append(result.paragraphs.pop(0))
    return result


def _is_section_label(para: str) -> bool:
    return len(para) <= MAX_LABEL_CHARS and bool(SECTION_LABEL.match(para))


def _looks_like_title(para: str) -> bool:
    return len(para) <= 150 and not SENTENCE_END.search(para)
