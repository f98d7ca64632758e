"""Key sentences: the few verbatim sentences that best brief the article."""

from __future__ import annotations

import math

from spacy.tokens import Doc

from generator.core.models import KeySentence
from generator.summarize.extract.entities import ArticleEntity

MAX_KEY_SENTENCES = 4  # within DESIGN's 3-5: enough for the lead and the main development
MIN_WORDS = 8  # shorter sentences were fragments ("Total victory is near," he said.)
MAX_WORDS = 60  # longer ones are glued paragraphs, unreadable as a summary line
LEAD_BONUS = 2.0  # news puts the main fact first (the inverted pyramid)


def key_sentences(docs: list[tuple[int, Doc]], entities: list[ArticleEntity]) -> list[KeySentence]:
    """The best-scoring sentences, in article order: central entities, numbers and dates, the lead."""
    weight = {m.text.casefold(): math.log1p(len(e.mentions)) for e in entities for m in e.mentions}
    scored = []
    order = 0
    for number, doc in docs:
        for sent in doc.sents:
            words = [t for t in sent if not t.is_punct]
            if not MIN_WORDS <= len(words) <= MAX_WORDS or sent.text.lstrip()[:1] in "“\"":
                continue
            score = sum(weight.get(e.text.casefold().removeprefix("the "), 0.0) for e in sent.ents)
            score += 0.5 * sum(1 for e in sent.ents if e.label_ in ("DATE", "PERCENT", "CARDINAL"))
            score += LEAD_BONUS / (1 + order)
            scored.append((score / math.sqrt(len(words)) * 4, order, number, sent.text.strip()))
            order += 1
    best = sorted(scored, key=lambda s: (-s[0], s[1]))[:MAX_KEY_SENTENCES]
    return [KeySentence(text=text, paragraph=number) for _, _, number, text in sorted(best, key=lambda s: s[1])]
