"""The seed corpus end to end: its entities, chronology and key figures after a real build."""

from __future__ import annotations

import json

import pytest

from generator.read import curation
from generator.read import sources
from generator.merge import merge, slugbook
from generator.core.names import core_key
from generator.summarize.summaries import inspect

IS_NAMES = {"is", "isis", "islamic state", "islamic state group", "daesh", "islamic state in iraq and syria"}


@pytest.fixture(scope="module")
def briefing(seed_project):
    """The seed's briefing, merged again in process from the summaries and judgements the build used."""
    articles, _ = sources.read_articles(seed_project)
    summaries = {a.id: inspect(seed_project / "content" / "summaries" / f"{a.id}.md", seed_project).summary for a in articles}
    judgements, problems = curation.load(seed_project)
    assert problems == []
    return merge(articles, summaries, judgements, slugbook.load(seed_project)[0])


def names_of(entity) -> set[str]:
    return {core_key(x) for x in [entity.name, *entity.aliases]}


def test_the_islamic_state_group_is_one_entity_holding_all_its_names(briefing):
    holders = [e for e in briefing.entities if names_of(e) & IS_NAMES]
    assert len(holders) == 1
    said = {core_key(x) for s in briefing.summaries.values() for e in s.entities for x in [e.name, *e.aliases]}
    assert len(said & IS_NAMES) >= 3  # the summaries do name the group several ways
    assert said & IS_NAMES <= names_of(holders[0])
    assert {"isis", "islamic state", "daesh"} <= names_of(holders[0])


@pytest.mark.parametrize("word, full", [("mcgurk", "brett mcgurk"), ("sdf", "syrian democratic forces"),
                                        ("abadi", "haider abadi"), ("cts", "counter terrorism service")])
def test_one_entity_per_actor(briefing, word, full):
    holders = [e for e in briefing.entities if any(word in k.split() for k in names_of(e))]
    assert len(holders) == 1 and full in names_of(holders[0])


def test_the_2014_fall_of_mosul_is_one_entry_with_two_sources(seed_project):
    events = json.loads((seed_project / "site" / "data" / "chronology.json").read_text())["events"]
    fall = [e for e in events if e["date"].startswith("2014") and "mosul" in e["text"].casefold()
            and ("overran" in e["text"] or "swept" in e["text"])]
    assert len(fall) == 1
    assert {s["article"][:10] for s in fall[0]["sources"]} == {"2017-03-12", "2017-11-17"}
    assert fall[0]["date"] == "2014-SU"


def test_the_rawa_and_qaim_retakings_are_not_one_entry(briefing):
    for entry in briefing.chronology:
        texts = " ".join(s.text for s in entry.sources)
        assert not ("Rawa" in texts and "Qaim" in texts) and not ("last town" in texts and "retook Mosul" in texts)


def test_the_territory_series_has_its_three_values_in_date_order(briefing):
    series = {s.measure: s for s in briefing.series}
    points = series["share of once-held territory lost"].points
    assert [(p.date, p.value) for p in points] == [("2017-03-12", 60), ("2017-11-04", 96), ("2019-02", 99.5)]
    assert points[1].claimed_by == "Brett McGurk"
    assert [p.date for p in points] == sorted(p.date for p in points)


def test_entity_slugs_are_unique_and_the_book_records_them(seed_project, briefing):
    slugs = [e.slug for e in briefing.entities]
    assert len(slugs) == len(set(slugs))
    book, problems = slugbook.load(seed_project)
    assert problems == [] and set(slugs) <= set(book)
