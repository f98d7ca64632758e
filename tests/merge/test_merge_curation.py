"""content/entities.yml: the editor's judgements win, persist, and are checked with file:line."""

from __future__ import annotations

import shutil

from generator.read import curation
from generator.commands.check import check
from generator.read.curation import Curation, Split, SplitPart

from tests.helpers import make_project
from .merge_kit import apart, ent, entities_of, groups, summary, together


def problems_of(tmp_path, text: str) -> list[str]:
    root = make_project(tmp_path, {"content/entities.yml": text})
    return [str(p) for p in curation.load(root)[1]]


def test_declared_entity_wins_name_type_description_and_slug():
    declared = Curation.model_validate({"entities": [{
        "name": "Islamic State group", "type": "organization", "aliases": ["Daesh", "ISIS"],
        "description": "Jihadist group", "slug": "islamic-state"}]})
    entities = entities_of(
        summary("a", ent("Islamic State", "place", mentions=4)),
        summary("b", ent("ISIS", "person"), ent("Daesh", "place")),
        curation=declared,
    )
    assert [(e.slug, e.name, e.type, e.description) for e in entities] == [
        ("islamic-state", "Islamic State group", "organization", "Jihadist group")]
    assert entities[0].aliases == ["Daesh", "ISIS", "Islamic State"]


def test_merge_distinct_and_ignore():
    judgements = Curation(merge=[["Syrian Observatory for Human Rights", "the monitor"]],
                          distinct=[["Bali", "Mustefa Bali"]], ignore=["Twitter"])
    found = groups(
        summary("a", ent("Syrian Observatory for Human Rights", "organization"), ent("Mustefa Bali", "person", "Bali")),
        summary("b", ent("Monitor", "organization"), ent("Bali", "person"), ent("Twitter", "person")),
        curation=judgements,
    )
    assert together(found, "Syrian Observatory for Human Rights", "Monitor")
    assert apart(found, "Mustefa Bali", "Bali")
    assert not any("Twitter" in g for g in found)


def test_split_gives_each_article_its_own_thing_and_keeps_the_rest():
    judgements = Curation(split=[Split(name="Old City", into=[
        SplitPart(name="Old City (Mosul)", articles=["a", "b"], type="place"),
        SplitPart(name="Old City (Damascus)", articles=["c"]),
    ])])
    entities = entities_of(
        summary("a", ent("Old City")), summary("b", ent("Old City")), summary("c", ent("Old City")),
        summary("d", ent("Old City")), curation=judgements,
    )
    assert sorted((e.name, tuple(e.articles)) for e in entities) == [
        ("Old City", ("d",)), ("Old City (Damascus)", ("c",)), ("Old City (Mosul)", ("a", "b"))]


def test_split_by_paragraph_where_one_article_names_both_things():
    judgements = Curation.model_validate({"split": [{"name": "Old City", "into": [
        {"name": "Old City (Mosul)", "articles": ["a", "b#p2"]}, {"name": "Old City (Damascus)", "articles": ["b#p9"]}]}]})
    entities = entities_of(
        summary("a", ent("Old City", mentions=2, paragraphs=(4, 5))),
        summary("b", ent("Old City", mentions=3, paragraphs=(2, 9, 11))),
        curation=judgements,
    )
    assert sorted((e.name, [(m.article, m.paragraph) for m in e.occurrences]) for e in entities) == [
        ("Old City", [("b", 11)]),
        ("Old City (Damascus)", [("b", 9)]),
        ("Old City (Mosul)", [("a", 4), ("a", 5), ("b", 2)]),
    ]


def test_conflicting_entries_are_errors_with_their_lines(tmp_path):
    text = """\
entities:
  - name: Islamic State group
    aliases: [IS, Daesh]
    slug: islamic-state
  - name: Iraqi Security Forces
    aliases: [ISF, IS]
    slug: islamic-state
merge:
  - [Islamic State group, Iraqi Security Forces]
distinct:
  - [Daesh, IS]
ignore: [ISF]
split:
  - name: Old City
    into:
      - {name: Old City (Mosul), articles: [a]}
      - {name: Old City (Damascus), articles: [a]}
"""
    assert problems_of(tmp_path, text) == [
        "content/entities.yml:6: 'entities.1.aliases.1': 'IS' is already a name of 'Islamic State group' (line 3)",
        "content/entities.yml:9: 'merge.0': merges two declared entities: 'Islamic State group' and 'Iraqi Security Forces'",
        "content/entities.yml:11: 'distinct.0': 'Daesh' and 'IS' are declared one entity and kept apart",
        "content/entities.yml:6: 'entities.1.aliases.0': 'ISF' is also in ignore:",
        "content/entities.yml:7: 'entities.1.slug': slug 'islamic-state' is already used (line 4)",
        "content/entities.yml:17: 'split.0.into.1.articles.0': article 'a' is already given to 'Old City (Mosul)'",
    ]


def test_bad_fields_and_yaml_are_reported_with_lines(tmp_path):
    assert problems_of(tmp_path / "a", "entities:\n  - name: X\n    kind: person\n") == [
        "content/entities.yml:3: 'entities.0.kind': unknown field"]
    assert problems_of(tmp_path / "b", "entities:\n  - name: X\n    type: persn\n") == [
        "content/entities.yml:3: 'entities.0.type': Input should be 'person', 'organization', 'place', 'group', 'event' or 'other'"]
    assert problems_of(tmp_path / "c", "ignore: [a\n") == ["content/entities.yml:2: invalid YAML: while parsing a flow sequence, expected ',' or ']', but got '<stream end>'"]
    assert problems_of(tmp_path / "d", "entities:\n  - name: X\n    slug: Not A Slug\n") == [
        "content/entities.yml:3: 'entities.0.slug': 'Not A Slug' is not a slug (lowercase letters, digits and hyphens): try 'not-a-slug'"]


def test_check_reports_aliases_that_match_nothing(seed_project, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(seed_project / "content", root / "content")
    shutil.copy(seed_project / "mkdocs.yml", root / "mkdocs.yml")
    (root / "content" / "entities.yml").write_text(
        "entities:\n  - name: Islamic State group\n    aliases: [ISIS, Daesh, Da'ish]\n"
        "distinct:\n  - [Syria, Syrian Arab Army]\n", encoding="utf-8")
    found = [str(p) for p in check(root) if "entities.yml" in p.file]
    assert found == [
        "content/entities.yml:3: warning: 'entities.0.aliases.2': 'Da'ish' matches no entity in any summary",
        "content/entities.yml:5: warning: 'distinct.0.1': 'Syrian Arab Army' matches no entity in any summary",
    ]
