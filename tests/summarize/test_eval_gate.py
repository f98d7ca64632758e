"""The extraction quality gate: scores on the hand-annotated set never drop below the pinned floors.

Floors live in tests/eval/floors.json (the trafilatura eval_gate pattern); the scores table is
tests/eval/SCORES.md, rewritten by `python -m tests.eval_scoring --write`.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml

from generator.read import sources

from tests import eval_scoring as scoring

pytestmark = pytest.mark.slow
FLOORS = json.loads(scoring.FLOORS_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def eval_summaries() -> dict[str, dict]:
    return scoring.summarize_eval_set()


@pytest.fixture(scope="module")
def totals(eval_summaries):
    return scoring.total(scoring.score_eval_set(eval_summaries))


@pytest.mark.parametrize("category", [c for c in FLOORS if c != "note"])
def test_scores_stay_above_their_floors(totals, category):
    measured = scoring.as_numbers(totals)[category]
    below = {k: (measured[k], floor) for k, floor in FLOORS[category].items() if measured[k] < floor}
    assert not below, f"{category} below its floor (measured, floor): {below}"


def _paragraphs() -> dict[str, dict[int, str]]:
    result = {}
    for path in sorted(scoring.ARTICLES_DIR.glob("*.md")):
        article, _ = sources.to_article(sources.read_raw(path, scoring.EVAL_DIR), scoring.EVAL_DIR)
        result[article.id] = {p.number: p.text for p in article.paragraphs}
    return result


def test_every_summary_string_is_in_its_paragraph(eval_summaries):
    """Never invent text: key sentences, events, figures and quotes are verbatim in their paragraph;
    entity names, aliases and descriptions are verbatim in the entity's paragraphs; speakers and
    claimants are entities of the summary."""
    paragraphs = _paragraphs()
    missing = []
    for article_id, summary in eval_summaries.items():
        paras = paragraphs[article_id]
        for field in ("summary", "events", "figures", "quotes"):
            for item in summary[field]:
                if item["text"] not in paras[item["paragraph"]]:
                    missing.append((article_id, field, item["paragraph"], item["text"][:60]))
                if field == "events" and item.get("time_text") and item["time_text"] not in paras[item["paragraph"]]:
                    missing.append((article_id, "events.time_text", item["paragraph"], item["time_text"]))
        names = {e["name"] for e in summary["entities"]}
        for entity in summary["entities"]:
            text = " ".join(paras[n] for n in entity["paragraphs"])
            for value in [entity["name"], *entity["aliases"], entity["description"]]:
                if value and value not in text:
                    missing.append((article_id, "entities", entity["paragraphs"], value))
        for event in summary["events"]:
            missing += [(article_id, "events.entities", event["paragraph"], n) for n in event["entities"] if n not in names]
        for field, key in (("quotes", "speaker"), ("figures", "claimed_by")):
            for item in summary[field]:
                if item[key] is not None and item[key] not in names:
                    missing.append((article_id, f"{field}.{key}", item["paragraph"], item[key]))
    assert missing == []


def test_gold_spans_are_in_their_raw_paragraphs():
    """The gold itself, as its README states: every form, text and speaker is where it says."""
    problems = []
    for path in sorted(scoring.GOLD_DIR.glob("*.yml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = (scoring.ARTICLES_DIR / f"{path.stem}.md").read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1]
        blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", body) if b.strip()]
        names = {e["name"] for e in gold["entities"]}
        for entity in gold["entities"]:
            problems += [(path.stem, f) for f in entity["forms"] if f not in body]
        for field in ("events", "figures", "quotes"):
            for item in gold[field] or []:
                if item["text"] not in blocks[item["paragraph"] - 1]:
                    problems.append((path.stem, field, item["paragraph"], item["text"][:50]))
        for item in gold["quotes"] or []:
            if item["speaker"] is not None and item["speaker"] not in names:
                problems.append((path.stem, "speaker", item["speaker"]))
    assert problems == []


def test_scorer_counts_a_split_entity_as_one_miss_and_one_spurious():
    gold = {"id": "x", "entities": [{"name": "Islamic State", "type": "organization", "forms": ["Islamic State", "IS"]}],
            "events": [], "figures": [], "quotes": []}
    joined = {"entities": [{"name": "Islamic State", "type": "organization", "aliases": ["IS"]}]}
    split = {"entities": [{"name": "Islamic State", "type": "organization", "aliases": []},
                          {"name": "IS", "type": "place", "aliases": []}]}
    mistyped = {"entities": [{"name": "Islamic State", "type": "place", "aliases": ["IS"]}]}
    assert scoring.score_article(gold, joined).counts["entities"].f1 == 1.0
    assert scoring.score_article(gold, split).counts["entities"].precision == 0.5
    assert scoring.score_article(gold, mistyped).counts["entities"].f1 == 0.0


def test_scorer_requires_the_gold_date_and_precision():
    gold = {"id": "x", "entities": [], "figures": [], "quotes": [], "events": [
        {"date": "2017-11-17", "precision": "day", "trigger": "Friday", "text": "forces retook the town"}]}
    right = {"events": [{"date": "2017-11-17", "precision": "day", "text": "Iraqi forces retook the town on Friday"}]}
    coarse = {"events": [{"date": "2017-11", "precision": "month", "text": "Iraqi forces retook the town on Friday"}]}
    assert scoring.score_article(gold, right).counts["events"].f1 == 1.0
    assert scoring.score_article(gold, coarse).counts["events"].f1 == 0.0
