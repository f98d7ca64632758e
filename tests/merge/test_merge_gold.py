"""Merging scored on the hand-annotated evaluation set (tests/eval/gold): the issue's two measures.

Each gold entity of each article becomes a summary entity, as an extractor that found exactly the
gold's surface forms would write it; the merge must then reunite what the annotator called one
thing across articles, and never join two things the annotator kept apart.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from tests.helpers import TESTS
import yaml

from generator.merge import merge_entities
from generator.core.models import Summary, SummaryEntity
from generator.core.names import core_key

GOLD = TESTS / "eval" / "gold"
# Floors: lowering one is a deliberate, reviewed change. Measured when set: 1.00 and 0.80.
FLOOR_NAMED = 0.90  # the article names the entity with all its forms joined (as a good extractor does)
FLOOR_BARE = 0.75  # every form a separate entity: short forms and acronyms must be found by the merge


def gold_summaries(bare: bool) -> tuple[list[Summary], dict[tuple[str, str], str]]:
    """Summaries made from the gold, and the truth: (article, name) -> the annotator's entity."""
    summaries, truth = [], {}
    for path in sorted(GOLD.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        entities = []
        for e in data["entities"]:
            forms = list(dict.fromkeys(e["forms"]))
            names = [[f] for f in forms] if bare else [forms]
            for name, *aliases in names:
                entities.append(SummaryEntity(name=name, type=e["type"], aliases=aliases))
                truth[(data["id"], name)] = e["name"]
        summaries.append(Summary(id=data["id"], title=data["id"], entities=entities))
    return summaries, truth


def score(bare: bool) -> tuple[float, dict[str, set[str]]]:
    """(share of entities named in 2+ articles that end as one entity, merged entities holding 2+ gold ones)."""
    summaries, truth = gold_summaries(bare)
    _, slug_of = merge_entities(summaries)
    slugs, articles, held = defaultdict(set), defaultdict(set), defaultdict(set)
    for (article, name), gold in truth.items():
        slugs[gold].add(slug_of[(article, name)])
        articles[gold].add(article)
        held[slug_of[(article, name)]].add(gold)
    shared = [g for g in slugs if len(articles[g]) >= 2]
    return sum(len(slugs[g]) == 1 for g in shared) / len(shared), {s: g for s, g in held.items() if len(g) > 1}


def forms_by_entity() -> dict[str, set[str]]:
    found = defaultdict(set)
    for path in GOLD.glob("*.yml"):
        for e in yaml.safe_load(path.read_text(encoding="utf-8"))["entities"]:
            found[e["name"]] |= {core_key(f) for f in e["forms"]}
    return found


@pytest.mark.parametrize("bare, floor", [(False, FLOOR_NAMED), (True, FLOOR_BARE)])
def test_entities_named_in_several_articles_end_as_one(bare, floor):
    share, _ = score(bare)
    assert share >= floor


@pytest.mark.parametrize("bare", [False, True])
def test_no_wrong_merges_but_where_two_things_share_a_written_name(bare):
    """Only context tells 'Old City' (Mosul) from 'Old City' (Damascus): entities.yml's split is for that."""
    _, merged = score(bare)
    forms = forms_by_entity()
    for golds in merged.values():
        first, *others = sorted(golds)
        assert all(forms[first] & forms[other] for other in others), golds
