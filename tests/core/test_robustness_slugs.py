"""Promise 5: names cannot escape. Slugs stay in their folder, never collide silently, and are stable."""

from __future__ import annotations

import json
import unicodedata

import pytest

from generator import render
from generator.core import slugs
from generator.commands.build import build
from generator.commands.check import slug_warnings
from generator.core.errors import BuildError
from generator.core.models import Article, Briefing, Entity, Paragraph

from tests.helpers import make_project


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd", "etc-passwd"),
    ("..", None),
    ("/", None),
    ("C:\\Windows\\system32", "c-windows-system32"),
    ("CON", "con-1"),
    ("nul", "nul-1"),
    ("LPT1", "lpt1-1"),
    ("Index", "index-1"),
    ("Haider al-Abadi", "haider-al-abadi"),
    ("Mosul", "mosul"),
])
def test_slugs_stay_inside_their_folder(name, expected):
    s = slugs.slug(name)
    assert s == expected or (expected is None and s.startswith("item-"))
    assert "/" not in s and "\\" not in s and "." not in s and s not in slugs.RESERVED


def test_case_diacritic_and_normalisation_variants_share_one_plain_slug():
    nfc = "Mosúl"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    assert {slugs.slug(n) for n in ["Mosul", "MOSUL", nfc, nfd, "mosul "]} == {"mosul"}


def test_names_that_slug_to_nothing_get_a_stable_distinct_slug():
    first, second = slugs.slug("!!!"), slugs.slug("???")
    assert first.startswith("item-") and second.startswith("item-") and first != second
    assert slugs.slug("!!!") == first  # the same on every build, whatever else is named


def test_the_registry_tells_variants_apart_deterministically_and_reports_them():
    registry = slugs.SlugRegistry()
    got = [registry.claim(key, key) for key in sorted(["Mosul", "Mosúl", "MOSUL"])]
    assert got == ["mosul", "mosul-2", "mosul-3"]
    assert registry.claim("Mosúl", "Mosúl") == "mosul-3"  # the same key keeps its slug
    assert slugs.displaced([("MOSUL", "mosul"), ("Mosul", "mosul-2")]) == [("Mosul", "mosul-2", "MOSUL", "mosul")]


def test_a_displaced_entity_is_reported_as_a_warning():
    article = Article(id="a", path="content/articles/a.md", title="A", paragraphs=[Paragraph(number=1, text="x")], source_sha256="0")
    briefing = Briefing(articles=[article], summaries={}, chronology=[], undated=[], series=[], entities=[
        Entity(slug="mosul", name="Mosul", type="place", articles=["a"]),
        Entity(slug="mosul-2", name="MOSUL", type="organization", articles=["a"]),
    ])
    assert [str(p) for p in slug_warnings(briefing)] == [
        "content/articles/a.md: warning: entity 'MOSUL' is at entities/mosul-2/ because 'Mosul' has entities/mosul/ "
        "(if they are one entity, merge them in content/entities.yml)"]


@pytest.mark.parametrize("path", ["../escape.md", "entities/../../escape.md", "/etc/passwd"])
def test_no_page_is_written_outside_the_build_folder(tmp_path, path):
    docs = tmp_path / "docs"
    docs.mkdir()
    with pytest.raises(BuildError, match="leaves the build folder"):
        render.write_pages([render.Page(path, "# x\n")], docs)
    assert not (tmp_path / "escape.md").exists()


def test_two_pages_for_one_path_are_refused(tmp_path):
    with pytest.raises(BuildError, match="two pages would be written to entities/Mosul.md"):
        render.write_pages([render.Page("entities/mosul.md", "a"), render.Page("entities/Mosul.md", "b")], tmp_path)


@pytest.mark.slow
def test_urls_are_stable_across_rebuilds(tmp_path):
    body = ("Iraqi forces retook Rawa on Friday, Prime Minister Haider al-Abadi said in Baghdad.\n\n"
            "Brett McGurk, the U.S. envoy, said the Islamic State had lost nearly all its territory.\n")
    root = make_project(tmp_path, {"content/articles/rawa.md": f"---\ntitle: Rawa\npublished: 2017-11-17\n---\n{body}"})
    build(root)
    first = json.loads((root / "site/data/entities.json").read_text())
    pages = sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("index.html"))
    build(root)
    assert json.loads((root / "site/data/entities.json").read_text()) == first
    assert sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("index.html")) == pages
    assert first["entities"] and all(e["slug"] == slugs.slug(e["name"]) or e["slug"].startswith(slugs.slug(e["name"]) + "-")
                                     for e in first["entities"])
