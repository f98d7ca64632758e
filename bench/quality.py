"""What dropping the dependency parser costs and buys: extraction scores and words/s, both pipelines.

Scores are against the hand-made gold of tests/eval/ (12 articles), matched loosely so that the
comparison is between pipelines, not a judgement of wording: an entity by any of its name forms, an
event by (date, paragraph), a quote by (speaker, paragraph), a figure by (value, paragraph) and its
claimant. The quality gate of issue 3 is the authority on extraction quality; this is the trade-off.
"""

from __future__ import annotations

import time
from pathlib import Path

import yaml

from generator.summarize import nlp
from generator.read import sources
from generator.summarize.extract import summarize_article
from generator.merge import name_key
from generator.summarize import BATCH_SIZE

EVAL = Path(__file__).resolve().parent.parent / "tests" / "eval"


def _prf(found: int, system: int, gold_found: int, gold: int) -> dict:
    p = found / system if system else 0.0
    r = gold_found / gold if gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def _pairs_score(system: list[tuple], gold: list[tuple]) -> tuple[int, int, int, int]:
    remaining = list(gold)
    tp = 0
    for item in system:
        if item in remaining:
            remaining.remove(item)
            tp += 1
    return tp, len(system), tp, len(gold)


def score(summary, gold: dict) -> dict[str, tuple[int, int, int, int]]:
    """Counts (true system items, system items, gold items found, gold items) per kind, for one article."""
    gold_entities = [{name_key(f) for f in [g["name"], *g.get("forms", [])]} for g in gold.get("entities", [])]
    system_entities = [{name_key(n) for n in [e.name, *e.aliases]} for e in summary.entities]
    entities = (
        sum(1 for s in system_entities if any(s & g for g in gold_entities)), len(system_entities),
        sum(1 for g in gold_entities if any(s & g for s in system_entities)), len(gold_entities),
    )
    events = _pairs_score([(e.date, e.paragraph) for e in summary.events if e.date],
                          [(str(g["date"]), g["paragraph"]) for g in gold.get("events", []) if g.get("date")])
    quotes = _pairs_score([(name_key(q.speaker or ""), q.paragraph) for q in summary.quotes],
                          [(name_key(g.get("speaker") or ""), g["paragraph"]) for g in gold.get("quotes", [])])
    figures = _pairs_score([(float(f.value), f.paragraph, name_key(f.claimed_by or "")) for f in summary.figures],
                           [(float(g["value"]), g["paragraph"], name_key(g.get("claimed_by") or "")) for g in gold.get("figures", [])])
    return {"entities": entities, "events": events, "quotes": quotes, "figures": figures}


def evaluate(pipeline_name: str) -> dict:
    """Scores and throughput of extraction with one pipeline configuration over the evaluation set."""
    articles, _ = _read_eval()
    pipeline = nlp.load(pipeline_name)
    texts = [p.text for a in articles for p in a.paragraphs]
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    docs = list(pipeline.pipe(texts, batch_size=BATCH_SIZE))
    nlp_seconds = time.perf_counter() - start
    totals: dict[str, list[int]] = {}
    position = 0
    start = time.perf_counter()
    for article in articles:
        own = docs[position:position + len(article.paragraphs)]
        position += len(article.paragraphs)
        summary = summarize_article(article, own)
        gold = yaml.safe_load((EVAL / "gold" / f"{article.id}.yml").read_text(encoding="utf-8"))
        for kind, counts in score(summary, gold).items():
            totals.setdefault(kind, [0, 0, 0, 0])
            totals[kind] = [a + b for a, b in zip(totals[kind], counts)]
    extract_seconds = time.perf_counter() - start
    return {
        "pipeline": pipeline_name,
        "components": pipeline.pipe_names,
        "words": words,
        "nlp_words_per_s": round(words / nlp_seconds),
        "extract_seconds": round(extract_seconds, 3),
        "scores": {kind: _prf(*counts) for kind, counts in totals.items()},
    }


def _read_eval():
    """The evaluation articles, read like a project's (they sit in tests/eval/articles/)."""
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="bench-eval-"))
    (tmp / "content").mkdir()
    (tmp / "content" / "articles").symlink_to(EVAL / "articles")
    return sources.read_articles(tmp)


def compare() -> list[dict]:
    """Both pipeline configurations, the full one first."""
    return [evaluate(name) for name in nlp.PIPELINES]
