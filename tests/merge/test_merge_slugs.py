"""Entity page addresses: unique, deterministic, and kept when new articles add names."""

from __future__ import annotations

from generator.read.curation import Curation
from generator.merge import merge_entities, slugbook

from tests.helpers import make_project
from .merge_kit import ent, summary


def slugs(summaries, book=None, curation=None) -> dict[str, str]:
    entities, _ = merge_entities(summaries, curation, book)
    return {e.name: e.slug for e in entities}


def book_after(summaries, book=None) -> dict:
    entities, _ = merge_entities(summaries, None, book)
    return slugbook.updated(book or {}, [(e.slug, slugbook.keys_of(e)) for e in entities])


def test_an_entity_keeps_its_url_when_a_new_article_changes_its_name():
    first = [summary("a", ent("Islamic State", "organization", mentions=3))]
    book = book_after(first)
    assert book == {"islamic-state": ["islamic state"]}
    more = first + [summary(x, ent("Islamic State group", "organization", "IS", mentions=5)) for x in "bcd"]
    assert slugs(more) == {"Islamic State group": "islamic-state-group"}  # without the book the name decides
    assert slugs(more, book) == {"Islamic State group": "islamic-state"}


def test_colliding_slugs_are_suffixed_deterministically_and_the_book_keeps_them():
    judgements = Curation.model_validate({"split": [
        {"name": "Georgia", "into": [{"name": "Georgia", "articles": ["b"], "type": "place"}]}]})
    both = [summary("a", ent("Georgia", "place")), summary("b", ent("Georgia", "place"))]
    entities, _ = merge_entities(both, judgements)
    assert sorted(e.slug for e in entities) == ["georgia", "georgia-2"]
    assert slugbook.assign([("Old City", {"old city mosul"}, None), ("Old City", {"old city damascus"}, None)], {}) == [
        "old-city", "old-city-2"]
    book = {"old-city": ["old city damascus"], "old-city-2": ["old city mosul"]}
    assert slugbook.assign([("Old City", {"old city mosul"}, None), ("Old City", {"old city damascus"}, None)], book) == [
        "old-city-2", "old-city"]


def test_a_retired_slug_is_never_given_to_something_else():
    book = {"mosul": ["mosul"]}
    assert slugbook.assign([("Mosul", {"mosul dam"}, None)], book) == ["mosul-2"]


def test_the_editors_slug_wins_over_the_book():
    book = {"isis": ["isis"]}
    assert slugbook.assign([("ISIS", {"isis"}, "islamic-state")], book) == ["islamic-state"]


def test_book_round_trip_and_bad_book(tmp_path):
    root = make_project(tmp_path / "ok")
    book = {"brett-mcgurk": ["brett mcgurk", "mcgurk"]}
    assert slugbook.save(root, book) is True
    assert slugbook.save(root, book) is False  # unchanged: not rewritten
    assert slugbook.load(root) == (book, [])
    bad = make_project(tmp_path / "bad", {"content/slugs.yml": "slugs:\n  Bad Slug: [x]\n  ok: x\n"})
    assert [str(p) for p in slugbook.load(bad)[1]] == [
        "content/slugs.yml: 'slugs.Bad Slug': 'Bad Slug' is not a slug (lowercase letters, digits and hyphens)",
        "content/slugs.yml: 'slugs.ok': expected a list of names",
    ]
