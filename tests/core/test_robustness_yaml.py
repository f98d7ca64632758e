"""Promise 4: YAML is data. Tags, alias bombs, duplicate keys, impossible dates and wrong types are reported."""

from __future__ import annotations

import pytest

from generator.core import yamlio
from generator.commands.check import check

from tests.helpers import make_project

BODY = "Iraqi forces retook Rawa on Friday.\n\nThe town was the last one held by the group.\n"

BOMB = "lol: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"l{i}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


def errors(root) -> list[str]:
    return [str(p) for p in check(root) if not p.warning]


def article_errors(tmp_path, front_matter: str) -> list[str]:
    return errors(make_project(tmp_path, {"content/articles/a.md": f"---\n{front_matter}---\n{BODY}"}))


def summary_errors(tmp_path, summary_yaml: str) -> list[str]:
    root = make_project(tmp_path, {"content/articles/a.md": f"---\ntitle: Rawa\n---\n{BODY}",
                                   "content/summaries/a.md": f"---\n{summary_yaml}---\nNotes.\n"})
    return errors(root)


def test_python_tags_are_refused_and_never_run(tmp_path):
    marker = tmp_path / "pwned"
    found = article_errors(tmp_path, f"title: T\nx: !!python/object/apply:os.system ['touch {marker}']\n")
    assert found == ["content/articles/a.md:3: front matter: unsupported YAML tag !!python/object/apply:os.system: "
                     "only plain data (text, numbers, lists, mappings) is allowed"]
    assert not marker.exists()


@pytest.mark.parametrize("value, tag", [("!!binary aGk=", "!!binary"), ("!!set {a, b}", "!!set"), ("!!timestamp 2017-02-30", "!!timestamp"),
                                        ("!custom x", "!custom"), ("!!python/name:os.system ''", "!!python/name:os.system")])
def test_every_tag_beyond_plain_data_is_refused_with_its_line(tmp_path, value, tag):
    assert article_errors(tmp_path, f"title: T\npublisher: {value}\n") == [
        f"content/articles/a.md:3: front matter: unsupported YAML tag {tag}: only plain data (text, numbers, lists, mappings) is allowed"]


def test_a_billion_laughs_is_refused_before_it_expands(tmp_path):
    assert article_errors(tmp_path, "title: T\n" + BOMB) == [
        "content/articles/a.md:8: front matter: YAML aliases expand to more than 100,000 values (expansion bomb?)"]


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path):
    assert article_errors(tmp_path, "title: T\nbyline: &x [*x]\n") == [
        "content/articles/a.md:3: front matter: a YAML alias refers to the collection that contains it"]


def test_many_aliases_are_refused(tmp_path):
    items = ", ".join(["*a"] * 101)
    assert article_errors(tmp_path, f"title: T\nx: &a 1\ny: [{items}]\n") == [
        "content/articles/a.md:4: front matter: more than 100 YAML aliases (expansion bomb?)"]


def test_deep_nesting_is_refused(tmp_path):
    assert article_errors(tmp_path, "title: T\nx: " + "[" * 60 + "]" * 60 + "\n") == [
        "content/articles/a.md:3: front matter: nested more than 50 levels deep"]


def test_duplicate_keys_are_reported_with_both_lines(tmp_path):
    assert article_errors(tmp_path, "title: One\npublisher: X\ntitle: Two\n") == [
        "content/articles/a.md:4: front matter: duplicate key 'title' (first on line 2)"]


def test_broken_yaml_names_the_line(tmp_path):
    assert article_errors(tmp_path, "title: T\npublisher: [unclosed\nbyline: x\n") == [
        "content/articles/a.md:4: front matter: invalid YAML: while parsing a flow sequence, expected ',' or ']', but got ':'"]


@pytest.mark.parametrize("published, reason", [
    ("2017-02-30", "expected YYYY, YYYY-MM or YYYY-MM-DD, got '2017-02-30', which is not a date (day is out of range for month)"),
    ("2017-13", "expected YYYY, YYYY-MM or YYYY-MM-DD, got '2017-13', which is not a date (month must be in 1..12)"),
    ("Sunday", "expected YYYY, YYYY-MM or YYYY-MM-DD, got 'Sunday'"),
    ("17/11/2017", "expected YYYY, YYYY-MM or YYYY-MM-DD, got '17/11/2017'"),
    ("true", "expected YYYY, YYYY-MM or YYYY-MM-DD, got 'True'"),
    ("[2017]", "expected YYYY, YYYY-MM or YYYY-MM-DD, got '[2017]'"),
])
def test_an_impossible_publication_date_is_reported_with_field_and_line(tmp_path, published, reason):
    assert article_errors(tmp_path, f"title: T\npublisher: P\npublished: {published}\n") == [
        f"content/articles/a.md:4: 'published': {reason}"]


def test_a_timestamp_is_read_as_its_day(tmp_path):
    root = make_project(tmp_path, {"content/articles/a.md": f"---\ntitle: T\npublished: 2017-11-17T10:30:00Z\n---\n{BODY}"})
    assert errors(root) == []


def test_wrong_types_in_article_fields_are_reported(tmp_path):
    assert article_errors(tmp_path, "title: [a, b]\npublisher: {name: x}\n") == [
        "content/articles/a.md:2: 'title': expected text, got list",
        "content/articles/a.md:3: 'publisher': expected text, got dict",
    ]


def test_front_matter_that_is_not_a_mapping(tmp_path):
    assert article_errors(tmp_path, "- just\n- a list\n") == [
        "content/articles/a.md:2: front matter must be a mapping of fields (title: ...)"]


SUMMARY = """\
id: a
title: Rawa
published: {date: 2017-11-17, precision: day, basis: metadata}
summary:
  - {text: Iraqi forces retook Rawa on Friday., paragraph: 1}
entities:
  - name: Rawa
    type: place
    mentions: 2
  - name: Haider al-Abadi
    type: person
events:
  - {date: 2017-11-17, precision: day, text: Iraqi forces retook Rawa, paragraph: 1}
review: {status: edited}
"""


def test_a_valid_edited_summary_has_no_problems(tmp_path):
    assert summary_errors(tmp_path, SUMMARY) == []


@pytest.mark.parametrize("old, new, expected", [
    ("    type: person", "    type: weapon",
     "content/summaries/a.md:12: 'entities.1.type': Input should be 'person', 'organization', 'place', 'group', 'event' or 'other', got 'weapon'"),
    ("    mentions: 2", "    mentions: three",
     "content/summaries/a.md:10: 'entities.0.mentions': Input should be a valid integer, unable to parse string as an integer, got 'three'"),
    ("    mentions: 2", "    mentiosn: 2", "content/summaries/a.md:10: 'entities.0.mentiosn': unknown field"),
    ("paragraph: 1}\nentities", "paragraph: 0}\nentities", "content/summaries/a.md:6: 'summary.0.paragraph': expected a paragraph number from 1, got 0"),
    ("paragraph: 1}\nreview", "paragraph: 9}\nreview", "content/summaries/a.md:14: 'events.0.paragraph': paragraph 9 does not exist (the article has 2)"),
    ("{date: 2017-11-17, precision: day, text", "{date: 2017-02-30, precision: day, text",
     "content/summaries/a.md:14: 'events.0.date': expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www or YYYY-SP/SU/FA/WI, got '2017-02-30', "
     "which is not a date (day is out of range for month)"),
    ("published: {date: 2017-11-17,", "published: {date: Sunday,",
     "content/summaries/a.md:4: 'published.date': expected YYYY, YYYY-MM or YYYY-MM-DD, got 'Sunday'"),
    ("id: a", "id: b", "content/summaries/a.md:2: 'id': expected the file's own id 'a', got 'b'"),
    ("title: Rawa\n", "title: Rawa\nurl: JaVaScript:pwned()\n", "content/summaries/a.md:4: 'url': expected an http(s) URL, got 'JaVaScript:pwned()'"),
    ("review: {status: edited}", "review: {status: approved}",
     "content/summaries/a.md:15: 'review.status': Input should be 'machine', 'edited' or 'reviewed', got 'approved'"),
    ("title: Rawa\n", "title: Rawa\ntitle: Again\n", "content/summaries/a.md:4: duplicate key 'title' (first on line 3)"),
])
def test_a_bad_summary_field_is_reported_with_its_line(tmp_path, old, new, expected):
    assert old in SUMMARY
    assert summary_errors(tmp_path, SUMMARY.replace(old, new, 1)) == [expected]


def test_a_week_and_a_season_are_valid_event_dates(tmp_path):
    text = SUMMARY.replace("{date: 2017-11-17, precision: day, text", "{date: 2017-W46, precision: week, text")
    text += "  # comment\n"
    assert summary_errors(tmp_path, text) == []
    assert summary_errors(tmp_path / "2", SUMMARY.replace("{date: 2017-11-17, precision: day, text", "{date: 2017-FA, precision: season, text")) == []
    assert summary_errors(tmp_path / "3", SUMMARY.replace("{date: 2017-11-17, precision: day, text", "{date: 2017-W54, precision: week, text")) == [
        "content/summaries/a.md:14: 'events.0.date': expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www or YYYY-SP/SU/FA/WI, got '2017-W54', "
        "which is not a date (Invalid week: 54)"]


def test_merge_keys_are_plain_data_and_explicit_keys_win():
    assert yamlio.load("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  x: 3\n") == {"base": {"x": 1, "y": 2}, "other": {"x": 3, "y": 2}}


def test_dates_stay_text_and_dump_round_trips():
    data = {"published": "2017-02-30", "when": "2017-11-17", "n": 3, "ok": True, "none": None, "list": ["a", "b"], "text": "a: b # c"}
    loaded = yamlio.load(yamlio.dump(data))
    assert loaded == data and isinstance(loaded["when"], str)


def test_shared_values_are_written_without_anchors():
    shared = ["Mosul", "Rawa"]
    text = yamlio.dump({"a": shared, "b": shared})
    assert "&" not in text and "*" not in text and yamlio.load(text) == {"a": shared, "b": shared}
