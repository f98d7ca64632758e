"""Value F1 of a temporal tagger on the TimeBank subset in tests/eval/timex/.

A system mention is correct when it overlaps a gold DATE (or TIME, truncated to its date) mention
and has the same value; each gold mention confirms at most one system mention. Precision is over
system mentions with a value, recall over gold mentions whose value is a calendar date (YYYY,
YYYY-MM, YYYY-MM-DD, YYYY-Www, YYYY-SP/SU/FA/WI). Gold values that are not dates (PRESENT_REF,
FUTURE_REF, PAST_REF, XXXX-..., 1998-WXX, decades such as "198") count in neither: a system
mention overlapping one is left out of precision too.

Run `python tests/eval/timex_score.py [-v]` to print the score and every error.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Optional

EVAL_DIR = Path(__file__).parent / "timex"
FLOOR_FILE = EVAL_DIR / "floor.json"

DATE_VALUE = re.compile(r"^\d{4}(-(\d\d(-\d\d)?|W\d\d|SP|SU|FA|WI))?$")


@dataclass(frozen=True)
class Span:
    """A mention: offsets and value, gold or system."""

    start: int
    end: int
    value: Optional[str]
    text: str = ""


@dataclass
class Score:
    """Counts over the whole set, plus the errors for reading."""

    tp: int = 0
    system: int = 0
    gold_found: int = 0
    gold: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_docs(split: Optional[str] = None) -> list[dict]:
    """Every benchmark document (optionally one split: 'dev' or 'heldout'), sorted by file name."""
    docs = []
    for path in sorted(EVAL_DIR.glob("*.json")):
        if path == FLOOR_FILE:
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["id"] = path.stem
        if split is None or doc.get("split") == split:
            docs.append(doc)
    return docs


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def score_doc(gold: list[Span], system: list[Span], score: Score, doc_id: str = "",
              other: list[Span] = ()) -> None:
    """Add one document's counts (and readable errors) to `score`.

    `other` are the gold DURATION/SET mentions: a system date over one is a false positive, unless
    the annotators gave it a date value anyway ("last year" typed DURATION with value 1997).
    """
    scored_gold = [g for g in gold if g.value and DATE_VALUE.match(g.value)]
    ignored_gold = [g for g in gold if g not in scored_gold]
    ignored_gold += [o for o in other if o.value and DATE_VALUE.match(o.value)]
    used: set[int] = set()
    for s in system:
        if s.value is None:
            continue
        match = next((i for i, g in enumerate(scored_gold)
                      if i not in used and _overlaps(s, g) and g.value == s.value), None)
        if match is not None:
            used.add(match)
            score.tp += 1
            score.system += 1
            continue
        if any(_overlaps(s, g) for g in ignored_gold):
            continue
        score.system += 1
        near = next((g for g in scored_gold if _overlaps(s, g)), None)
        why = f"wrong value, gold {near.value} {near.text!r}" if near else "not a gold date"
        score.errors.append(f"{doc_id}: FP {s.text!r} -> {s.value} ({why})")
    score.gold += len(scored_gold)
    score.gold_found += len(used)
    for i, g in enumerate(scored_gold):
        if i not in used and not any(_overlaps(s, g) for s in system if s.value):
            score.errors.append(f"{doc_id}: FN {g.text!r} gold {g.value}")


Tagger = Callable[[str, date], list[Span]]


def evaluate(tagger: Tagger, split: Optional[str] = None) -> Score:
    """Score `tagger(text, dct) -> spans` on the benchmark documents."""
    score = Score()
    for doc in load_docs(split):
        gold = [Span(t["start"], t["end"], t["value"], t["text"]) for t in doc["times"]]
        other = [Span(t["start"], t["end"], t["value"], t["text"]) for t in doc["other_timex"]]
        system = tagger(doc["text"], date.fromisoformat(doc["dct"]))
        score_doc(gold, system, score, doc["id"], other)
    return score


def briefing_tagger(text: str, dct: date) -> list[Span]:
    """The project's tagger, anchored at the document creation date (day precision)."""
    from generator.summarize.timex import Anchor, find_times

    return [Span(m.start, m.end, m.value, m.text) for m in find_times(text, Anchor(dct, "day"))]


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    for split in ("dev", "heldout", "test", None):
        s = evaluate(briefing_tagger, split)
        print(f"{split or 'all':8s} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} "
              f"(tp={s.tp} system={s.system} gold={s.gold_found}/{s.gold})")
    if "-v" in argv:
        print("\n".join(evaluate(briefing_tagger).errors))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
