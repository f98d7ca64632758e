"""Score article summaries against the hand-made gold in tests/eval/gold/ (independent of `generator`).

The measures (tests/eval/README.md gives the annotation rules they follow):

- **entities**: one-to-one matching of system entities to gold entities that share a surface form
  (the system's name or an alias equals one of the gold `forms`); a match counts only when the types
  agree. An entity split in two by the system leaves one half unmatched: canonicalisation is scored.
- **events**: a system event is correct when its text contains the gold trigger, overlaps the gold
  event's text, and its date and precision equal the gold's (`null` for undated events).
- **figures**: same value (to 0.1%) and overlapping text.
- **quotes**: the system's quoted text holds the gold quote's start, and the speaker is the same
  entity (the system speaker is mapped to a gold entity through the surface forms).

Paragraph numbers are not compared: the gold counts raw blank-line blocks, the system its cleaned
paragraphs. Texts are compared after folding case and dropping everything but letters and digits, so
spacing repairs and non-breaking spaces do not matter.

Run `python -m tests.eval_scoring` to print the scores and every miss; `--write` also rewrites
tests/eval/SCORES.md; `--exclude parser` measures the pipeline without the dependency parser.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Iterable, Optional

import yaml

EVAL_DIR = Path(__file__).parent / "eval"
GOLD_DIR = EVAL_DIR / "gold"
ARTICLES_DIR = EVAL_DIR / "articles"
FLOORS_FILE = EVAL_DIR / "floors.json"
SCORES_FILE = EVAL_DIR / "SCORES.md"
CATEGORIES = ("entities", "events", "figures", "quotes")
MIN_OVERLAP = 0.5  # share of the shorter text two spans must have in common to be the same span
VALUE_TOLERANCE = 1e-3  # relative: 0.333 (gold) and 0.3333 (system) are the same third


def fold(text: str) -> str:
    """Text for comparison: case-folded letters and digits only."""
    return re.sub(r"[\W_]+", "", text.casefold())


def overlaps(a: str, b: str) -> bool:
    """True when two verbatim spans are (mostly) the same words."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    if fa in fb or fb in fa:
        return True
    match = SequenceMatcher(None, fa, fb, autojunk=False).find_longest_match(0, len(fa), 0, len(fb))
    return match.size >= MIN_OVERLAP * min(len(fa), len(fb))


def name_key(text: str) -> str:
    """A surface form as a name: no leading 'the', no possessive ending, folded."""
    text = re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE)
    text = re.sub(r"(['’]s|['’])$", "", text)
    return fold(text)


@dataclass
class Counts:
    """True positives against system and gold totals, and the misses for reading."""

    tp_system: int = 0  # system items judged correct
    system: int = 0
    tp_gold: int = 0  # gold items found
    gold: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "Counts") -> None:
        self.tp_system += other.tp_system
        self.system += other.system
        self.tp_gold += other.tp_gold
        self.gold += other.gold
        self.errors += other.errors

    @property
    def precision(self) -> float:
        return self.tp_system / self.system if self.system else 1.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_gold(path: Path) -> dict[str, Any]:
    """One gold file."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# ---- entities --------------------------------------------------------------------------------


def _system_forms(entity: dict) -> set[str]:
    return {name_key(entity["name"])} | {name_key(a) for a in entity.get("aliases", [])}


def _gold_forms(entity: dict) -> set[str]:
    return {name_key(f) for f in entity["forms"]} | {name_key(entity["name"])}


def match_entities(gold: list[dict], system: list[dict]) -> tuple[dict[int, int], Counts]:
    """Greedy one-to-one matching (most shared forms first); {system index: gold index} and typed counts."""
    pairs = []
    for si, s in enumerate(system):
        sforms = _system_forms(s)
        for gi, g in enumerate(gold):
            shared = len(sforms & _gold_forms(g))
            if shared:
                same_name = name_key(s["name"]) in _gold_forms(g)
                pairs.append((-shared, not same_name, si, gi))
    matched: dict[int, int] = {}
    used_gold: set[int] = set()
    for _, _, si, gi in sorted(pairs):
        if si not in matched and gi not in used_gold:
            matched[si] = gi
            used_gold.add(gi)
    counts = Counts(system=len(system), gold=len(gold))
    for si, s in enumerate(system):
        gi = matched.get(si)
        if gi is None:
            counts.errors.append(f"entity: spurious {s['name']!r} ({s['type']})")
        elif gold[gi]["type"] != s["type"]:
            counts.errors.append(f"entity: {s['name']!r} typed {s['type']}, gold {gold[gi]['type']}")
        else:
            counts.tp_system += 1
            counts.tp_gold += 1
    for gi, g in enumerate(gold):
        if gi not in used_gold:
            counts.errors.append(f"entity: missed {g['name']!r} ({g['type']})")
    return matched, counts


def speaker_to_gold(name: Optional[str], system: list[dict], gold: list[dict], matched: dict[int, int]) -> Optional[str]:
    """The gold entity name a system speaker or claimant refers to (None stays None)."""
    if not name:
        return None
    for si, s in enumerate(system):
        if s["name"] == name and si in matched:
            return gold[matched[si]]["name"]
    key = name_key(name)
    for g in gold:
        if key in _gold_forms(g):
            return g["name"]
    return f"<{name}>"


# ---- events, figures, quotes -----------------------------------------------------------------


def _one_to_one(gold: list[dict], system: list[dict], same, label) -> tuple[Counts, dict[int, int]]:
    """Match each gold item to at most one system item for which same(g, s) holds."""
    counts = Counts(system=len(system), gold=len(gold))
    taken: dict[int, int] = {}
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            if si not in taken and same(g, s):
                taken[si] = gi
                break
        else:
            counts.errors.append(f"{label}: missed {label_of(g)}")
    counts.tp_gold = counts.tp_system = len(taken)
    for si, s in enumerate(system):
        if si not in taken:
            counts.errors.append(f"{label}: spurious {label_of(s)}")
    return counts, taken


def label_of(item: dict) -> str:
    keys = ("date", "precision", "value", "unit", "speaker", "claimed_by")
    head = " ".join(f"{k}={item[k]}" for k in keys if k in item)
    return f"[{head}] {item.get('text', '')[:90]!r}"


def event_found(g: dict, s: dict) -> bool:
    """The system event is the gold one: trigger inside, texts overlap, same date at the same precision."""
    if fold(g["trigger"]) not in fold(s["text"]) and not overlaps(g["trigger"], s.get("time_text") or ""):
        return False
    if not overlaps(g["text"], s["text"]):
        return False
    return (g["date"] or None) == (s.get("date") or None) and (g["precision"] or None) == (s.get("precision") or None)


def figure_found(g: dict, s: dict) -> bool:
    """Same value and overlapping text."""
    gv, sv = float(g["value"]), float(s["value"])
    if abs(gv - sv) > VALUE_TOLERANCE * max(abs(gv), 1.0):
        return False
    return overlaps(g["text"], s["text"]) or fold(s["text"]) in fold(g["text"])


def quote_text_found(g: dict, s: dict) -> bool:
    return fold(g["text"]) in fold(s["text"]) or overlaps(g["text"], s["text"])


@dataclass
class ArticleScore:
    """Counts of one article per category, plus attribute accuracy of matched figures."""

    id: str
    counts: dict[str, Counts]
    figure_claims: Counts  # of matched figures: claimed_by right


def score_article(gold: dict, summary: dict) -> ArticleScore:
    """Score one summary (the front-matter mapping) against its gold."""
    gold_entities, sys_entities = gold.get("entities") or [], summary.get("entities") or []
    matched, entities = match_entities(gold_entities, sys_entities)

    def speaker_ok(g_name, s_name):
        return (g_name or None) == speaker_to_gold(s_name, sys_entities, gold_entities, matched)

    events, _ = _one_to_one(gold.get("events") or [], summary.get("events") or [], event_found, "event")
    figures, taken = _one_to_one(gold.get("figures") or [], summary.get("figures") or [], figure_found, "figure")
    claims = Counts()
    sys_figures, gold_figures = summary.get("figures") or [], gold.get("figures") or []
    for si, gi in taken.items():
        claims.system += 1
        claims.gold += 1
        if speaker_ok(gold_figures[gi].get("claimed_by"), sys_figures[si].get("claimed_by")):
            claims.tp_system += 1
            claims.tp_gold += 1
        else:
            claims.errors.append(
                f"claim: {sys_figures[si]['text'][:60]!r} by {sys_figures[si].get('claimed_by')!r}, gold {gold_figures[gi].get('claimed_by')!r}"
            )

    def quote_found(g, s):
        return quote_text_found(g, s) and speaker_ok(g.get("speaker"), s.get("speaker"))

    quotes, _ = _one_to_one(gold.get("quotes") or [], summary.get("quotes") or [], quote_found, "quote")
    return ArticleScore(gold["id"], {"entities": entities, "events": events, "figures": figures, "quotes": quotes}, claims)


def total(scores: Iterable[ArticleScore]) -> dict[str, Counts]:
    """Counts summed over articles (micro-averaged), per category and for figure claims."""
    result = {c: Counts() for c in CATEGORIES + ("figure claims",)}
    for score in scores:
        for category in CATEGORIES:
            result[category].add(score.counts[category])
        result["figure claims"].add(score.figure_claims)
    return result


def as_numbers(totals: dict[str, Counts]) -> dict[str, dict[str, float]]:
    """{category: {precision, recall, f1}} rounded to three places."""
    return {
        c: {"precision": round(t.precision, 3), "recall": round(t.recall, 3), "f1": round(t.f1, 3)}
        for c, t in totals.items()
    }


# ---- running the extractor on the set ---------------------------------------------------------


def summarize_eval_set(exclude: tuple[str, ...] = (), folder: Path = EVAL_DIR, project: Optional[Path] = None) -> dict[str, dict]:
    """The machine summary of every article in folder/articles, as front-matter mappings (needs `generator`).

    `project`: a briefing whose content/entities.yml applies, as in a build of that briefing.
    """
    from generator.read import curation as curation_file
    from generator.read import sources

    curation = None
    if project is not None:
        curation, problems = curation_file.load(project)
        if problems:
            raise SystemExit("; ".join(str(p) for p in problems))
    articles = []
    for path in sorted((folder / "articles").glob("*.md")):
        article, _ = sources.to_article(sources.read_raw(path, folder), folder)
        articles.append(article)
    from generator.summarize import nlp
    from generator.summarize.extract import summarize_article

    pipeline = load_without(exclude) if exclude else nlp.load()
    summaries = [summarize_article(a, list(pipeline.pipe([p.text for p in a.paragraphs])), curation) for a in articles]
    return {s.id: s.model_dump(mode="json") for s in summaries}


def load_without(exclude: tuple[str, ...]):
    """The project's model without some components; a sentencizer stands in for a missing parser."""
    import importlib

    from generator.summarize import nlp

    for name in nlp.MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        pipeline = module.load(exclude=list(set(nlp.PIPELINES[nlp.DEFAULT_PIPELINE]) | set(exclude)))
        if "parser" not in pipeline.pipe_names:
            pipeline.add_pipe("sentencizer", first=True)
        nlp.keep_title_abbreviations(pipeline)
        return pipeline
    raise RuntimeError("no spaCy English model installed")


def score_eval_set(summaries: dict[str, dict], folder: Path = EVAL_DIR) -> list[ArticleScore]:
    """Score every gold file in folder/gold against its summary."""
    return [score_article(load_gold(path), summaries[path.stem]) for path in sorted((folder / "gold").glob("*.yml"))]


def table(totals: dict[str, Counts]) -> str:
    """The scores as a Markdown table."""
    lines = ["| category | precision | recall | F1 | correct / system | found / gold |", "| --- | --- | --- | --- | --- | --- |"]
    for c, t in totals.items():
        lines.append(f"| {c} | {t.precision:.3f} | {t.recall:.3f} | {t.f1:.3f} | {t.tp_system} / {t.system} | {t.tp_gold} / {t.gold} |")
    return "\n".join(lines)


VARIANTS = {
    "full pipeline (tok2vec, tagger, parser, attribute_ruler, ner)": (),
    "without the parser (sentencizer instead)": ("parser",),
    "ner + sentencizer only": ("parser", "tagger", "attribute_ruler", "tok2vec"),
}


def write_scores() -> None:
    """Rewrite SCORES.md: the scores of the shipped pipeline and of the lighter variants."""
    sections = []
    for title, exclude in VARIANTS.items():
        totals = total(score_eval_set(summarize_eval_set(exclude)))
        sections.append(f"### {title}\n\n{table(totals)}\n")
    gold = [load_gold(p) for p in sorted(GOLD_DIR.glob("*.yml"))]
    SCORES_FILE.write_text(
        "# Extraction scores on the evaluation set\n\n"
        f"{len(gold)} hand-annotated articles (tests/eval/README.md), micro-averaged. Measures and matching\n"
        "rules: the docstring of tests/eval_scoring.py. Floors: tests/eval/floors.json (tests/summarize/test_eval_gate.py).\n"
        "Regenerate with `.venv/bin/python -m tests.eval_scoring --write`; list every miss with\n"
        "`.venv/bin/python -m tests.eval_scoring`.\n\n"
        "Baseline before issue 3 (spaCy's entities as they come, old event rules): entities F1 0.724\n"
        "(P 0.741, R 0.708), events F1 0.702 (P 0.597, R 0.851), figures F1 0.702, quotes F1 0.758.\n\n"
        "## Scores\n\n" + "\n".join(sections),
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exclude", nargs="*", default=[], help="pipeline components to leave out (e.g. parser)")
    parser.add_argument("--quiet", action="store_true", help="scores only, no list of misses")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--write", action="store_true", help="rewrite tests/eval/SCORES.md (runs three pipeline variants)")
    parser.add_argument("--set", type=Path, default=EVAL_DIR, help="a folder with articles/ and gold/ (default: tests/eval)")
    parser.add_argument("--project", type=Path, help="apply this briefing's content/entities.yml, as its build would")
    args = parser.parse_args(argv)
    if args.write:
        write_scores()
        return 0
    scores = score_eval_set(summarize_eval_set(tuple(args.exclude), args.set, args.project), args.set)
    totals = total(scores)
    if not args.quiet:
        for score in scores:
            errors = [e for c in CATEGORIES for e in score.counts[c].errors] + score.figure_claims.errors
            print(f"== {score.id}: {len(errors)} misses")
            for error in errors:
                print("  ", error)
    print(json.dumps(as_numbers(totals), indent=1) if args.json else table(totals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
