"""End to end: the seed project builds into a site with real content (issue: skeleton)."""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.slow


def read(site, path):
    return (site / path).read_text(encoding="utf-8")


def test_every_page_and_export_of_the_contract_exists(seed_project):
    site = seed_project / "site"
    for page in ["index.html", "chronology/index.html", "entities/index.html", "articles/index.html"]:
        assert (site / page).is_file(), page
    for export in ["chronology.json", "entities.json", "articles.json", "chronology.csv", "chronology.ics", "figures.csv"]:
        assert (site / "data" / export).is_file(), export
    articles = json.loads(read(site, "data/articles.json"))["articles"]
    assert len(articles) == 5
    for article in articles:
        assert (site / "articles" / article["id"] / "index.html").is_file()
    for entity in json.loads(read(site, "data/entities.json"))["entities"]:
        assert (site / "entities" / entity["slug"] / "index.html").is_file(), entity["slug"]


def test_chronology_has_the_rawa_retaking_linked_to_its_paragraph(seed_project):
    site = seed_project / "site"
    events = json.loads(read(site, "data/chronology.json"))["events"]
    rawa = [e for e in events if e["date"] == "2017-11-17" and ("rawa" in e["entities"] or "Rawa" in e["text"])]
    assert rawa, [(e["date"], e["text"][:60]) for e in events]
    source = rawa[0]["sources"][0]
    assert source["url"] == f"articles/{source['article']}/#p{source['paragraph']}"
    page = read(site, f"articles/{source['article']}/index.html")
    assert f'id="p{source["paragraph"]}"' in page
    chronology = read(site, "chronology/index.html")
    assert f'href="../articles/{source["article"]}/#p{source["paragraph"]}"' in chronology


def first_day(value: str) -> str:
    """The first day an ISO date at its precision can mean, for ordering: 2014-SU -> 2014-06-01."""
    if "-W" in value:
        from datetime import date

        year, week = value.split("-W")
        return date.fromisocalendar(int(year), int(week), 1).isoformat()
    seasons = {"SP": "03", "SU": "06", "FA": "09", "WI": "12"}
    parts = value.split("-")
    if len(parts) == 2 and parts[1] in seasons:
        parts[1] = seasons[parts[1]]
    return "-".join(parts + ["01"] * (3 - len(parts)))


def test_chronology_json_is_sorted_by_date(seed_project):
    events = json.loads(read(seed_project / "site", "data/chronology.json"))["events"]
    starts = [first_day(e["date"]) for e in events]
    assert starts and all(starts)
    assert starts == sorted(starts)


def test_brett_mcgurk_has_a_page_with_mentions_from_two_articles(seed_project):
    site = seed_project / "site"
    entities = {e["name"]: e for e in json.loads(read(site, "data/entities.json"))["entities"]}
    mcgurk = entities["Brett McGurk"]
    assert mcgurk["type"] == "person"
    assert len(mcgurk["articles"]) >= 2
    page = read(site, f"entities/{mcgurk['slug']}/index.html")
    linked = set(re.findall(r'href="\.\./\.\./articles/([^/"]+)/#p\d+"', page))
    assert len(linked) >= 2, linked


def test_every_article_page_links_its_paragraphs(seed_project):
    site = seed_project / "site"
    for article in json.loads(read(site, "data/articles.json"))["articles"]:
        page = read(site, f"articles/{article['id']}/index.html")
        anchors = [int(n) for n in re.findall(r'<p class="para" id="p(\d+)"', page)]
        assert anchors and anchors == list(range(1, len(anchors) + 1)), article["id"]
        for n in anchors:
            assert f'href="#p{n}"' in page
