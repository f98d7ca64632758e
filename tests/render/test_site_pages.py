"""Site pages: display helpers, charts, and the pages rendered from small hand-made briefings.

The hand-made briefings go through the real merge and render stages (no NLP: their summaries are
written here, as an editor would). The built seed site is checked for what every page must hold.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from generator.render import charts
from generator.render import exports
from generator.render import present
from generator import render
from generator.merge import merge
from generator.core.models import Article, Briefing, ChronologyEntry, FigureSeries, Paragraph, Published, SeriesPoint, Source, Summary

SITE = {"site_name": "Test briefing", "site_description": "A story in two reports.", "site_url": ""}


# ---- display helpers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "precision", "shown"),
    [
        ("2017-03-11", "day", "11 March 2017"),
        ("2016-10", "month", "October 2016"),
        ("2014-SU", "season", "summer 2014"),
        ("2015", "year", "2015"),
        ("2013-W11", "week", "week of 11 March 2013"),
        (None, None, "undated"),
    ],
)
def test_dates_are_shown_at_their_precision(value, precision, shown):
    assert present.display_date(value, precision) == shown


def test_names_are_found_as_whole_words_only():
    assert present.find_name("This is Raqqa.", ["IS"]).group() == "is"  # case aside, a whole word
    assert present.find_name("This town", ["IS"]) is None
    assert present.find_name("Forces of al-Abadi", ["Haider al-Abadi", "al-Abadi"]).group() == "al-Abadi"


def test_a_person_is_found_by_surname_on_second_mention():
    entity = merge_two()[1].entities[0]
    assert "Brett McGurk" == entity.name
    assert present.mention_names(entity, "Brett McGurk")[-1] == "McGurk"


def test_highlight_marks_the_name_and_escapes_the_text():
    html = present.highlight("Said <script>alert(1)</script> McGurk today", "McGurk")
    assert "<mark>McGurk</mark>" in html
    assert "<script>" not in html


# ---- charts ----------------------------------------------------------------------------------


def entry(id_, date, precision):
    return ChronologyEntry(id=id_, date=date, precision=precision, text="x", sources=[Source(article="a", paragraph=1)])


def test_events_strip_has_a_bar_per_month_and_a_band_per_vague_date():
    svg = charts.events_strip([entry("e1", "2017-03-11", "day"), entry("e2", "2017-03-12", "day"),
                               entry("e3", "2016", "year"), entry("e4", "2017-W43", "week")])
    assert svg.count('class="bar"') == 2  # March 2017 (two events) and October 2017 (the week)
    assert svg.count('class="band"') == 1
    assert 'href="#e1"' in svg and 'href="#e3"' in svg
    assert "Mar 2017: 2 events" in svg
    assert ">2016</text>" in svg and ">2017</text>" in svg


def test_events_strip_of_more_events_than_the_page_lists_links_only_to_listed_ones():
    listed, unlisted, vague = entry("e1", "2017-03-11", "day"), entry("e2", "2017-05-02", "day"), entry("e3", "2016", "year")
    svg = charts.events_strip([listed, unlisted, vague], on_page=[listed])
    assert svg.count('class="bar"') == 2 and svg.count('class="band"') == 1  # every event is charted
    assert re.findall(r'href="#([^"]+)"', svg) == ["e1"]  # a bar whose events are not on the page links nowhere


def test_events_strip_is_empty_without_dated_events():
    assert charts.events_strip([]) == ""


def test_series_chart_escapes_figure_text():
    point = SeriesPoint(date="2017", precision="year", value=3, unit="people", text="<b>three</b>", article="a", paragraph=1)
    svg = charts.series_chart(FigureSeries(slug="s", measure="dead", unit="people", points=[point]), ["2017 · <i>AFP</i>"])
    assert "<b>" not in svg and "<i>" not in svg
    assert "3 people" in svg


# ---- exports --------------------------------------------------------------------------------


def test_figures_csv_has_a_row_per_point_of_every_series():
    points = [SeriesPoint(date="2017-03-12", precision="day", value=60, unit="percent", text='more than 60 percent, "he said"',
                          claimed_by="Brett McGurk", article="a", paragraph=2),
              SeriesPoint(date=None, precision=None, value=99.5, unit="percent", text="99.5 percent", article="b", paragraph=1)]
    series = [FigureSeries(slug="lost-percent", measure="share lost", unit="percent", points=points),
              FigureSeries(slug="dead-people", measure="people killed", unit="people", points=points[:1])]
    briefing = Briefing(articles=[], summaries={}, entities=[], chronology=[], undated=[], series=series)
    rows = list(csv.DictReader(io.StringIO(exports.figures_csv(briefing))))
    assert [(r["series"], r["value"], r["date"], r["article"], r["paragraph"]) for r in rows] == [
        ("lost-percent", "60", "2017-03-12", "a", "2"), ("lost-percent", "99.5", "", "b", "1"), ("dead-people", "60", "2017-03-12", "a", "2")]
    assert rows[0]["text"] == 'more than 60 percent, "he said"' and rows[0]["claimed_by"] == "Brett McGurk"
    assert list(rows[0]) == ["series", "measure", "unit", "value", "date", "precision", "claimed_by", "article", "paragraph", "text"]


# ---- pages of a hand-made briefing -----------------------------------------------------------


def make_article(id_, title, publisher, published, paragraphs):
    return Article(id=id_, path=f"content/articles/{id_}.md", title=title, publisher=publisher,
                   published=Published(date=published, precision="day", basis="metadata"),
                   paragraphs=[Paragraph(number=i, text=t) for i, t in enumerate(paragraphs, 1)], source_sha256="0")


def merge_two():
    a = make_article("2017-11-17-rawa", "Iraqi forces retake Rawa", "The Hill", "2017-11-17", [
        "Iraqi forces retook Rawa on Friday, officials said.",
        "Brett McGurk, the US envoy, said the group was collapsing.",
        "McGurk told reporters the border was next.",
    ])
    b = make_article("2017-11-18-rawa", "Rawa falls", "Reuters", "2017-11-18", [
        "Iraqi troops retook the town of Rawa on Friday, the last held by the group.",
        "\"It is over,\" McGurk said.",
    ])
    sa = Summary.model_validate({
        "id": a.id, "title": a.title, "publisher": a.publisher, "published": a.published.model_dump(),
        "entities": [{"name": "Brett McGurk", "type": "person", "aliases": ["McGurk"], "mentions": 2, "paragraphs": [2, 3]},
                     {"name": "Rawa", "type": "place", "mentions": 1, "paragraphs": [1]}],
        "events": [{"date": "2017-11-17", "precision": "day", "text": "Iraqi forces retook Rawa on Friday", "paragraph": 1, "entities": ["Rawa"]}],
        "quotes": [], "review": {"status": "reviewed"},
    })
    sb = Summary.model_validate({
        "id": b.id, "title": b.title, "publisher": b.publisher, "published": b.published.model_dump(),
        "entities": [{"name": "McGurk", "type": "person", "mentions": 1, "paragraphs": [2]},
                     {"name": "Rawa", "type": "place", "mentions": 1, "paragraphs": [1]}],
        "events": [{"date": "2017-11-17", "precision": "day", "text": "Iraqi troops retook the town of Rawa on Friday", "paragraph": 1, "entities": ["Rawa"]}],
        "quotes": [{"speaker": "McGurk", "text": "It is over", "paragraph": 2}],
        "review": {"status": "machine"},
    })
    sb.notes = "Checked by *the desk*. <script>alert(1)</script>"
    articles = [a, b]
    return articles, merge(articles, {sa.id: sa, sb.id: sb})


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    _, briefing = merge_two()
    return {p.path: p.text for p in render.pages(briefing, render.environment(None), SITE)}


def test_one_event_two_sources_is_a_key_development_with_both_badges(pages):
    home = pages["index.md"]
    key = home[home.index("## Key developments"):home.index("## Who and what")]
    assert "Iraqi forces retook Rawa on Friday" in key
    assert "(articles/2017-11-17-rawa.md#p1)" in key and "(articles/2017-11-18-rawa.md#p1)" in key
    assert "The Hill · 17 November 2017 · ¶1" in key


def test_home_states_sources_publishers_and_period(pages):
    home = pages["index.md"]
    assert "<strong>2</strong> sources from <strong>2</strong> publishers" in home
    assert "published **17 November 2017** to **18 November 2017**" in home
    assert "The Hill (1) · Reuters (1)" in home or "Reuters (1) · The Hill (1)" in home


def test_chronology_groups_by_year_and_month_with_a_strip(pages):
    chronology = pages["chronology/index.md"]
    assert "## 2017 {#y2017}" in chronology
    assert "### November 2017 {#y2017-november}" in chronology
    assert 'class="chart events-strip"' in chronology
    assert "[chronology.ics](../data/chronology.ics)" in chronology


def test_entity_page_mentions_link_to_paragraphs_with_the_name_highlighted(pages):
    page = pages["entities/brett-mcgurk.md"]
    assert "**Also called:** McGurk" in page
    mentions = re.findall(r'<span class="mention-snippet">(.*?)</span> \[[^\]]*\]\(([^)]*)\)\{[^}]*data-mention="([^"]*)"', page)
    assert [(link, name) for _, link, name in mentions] == [
        ("../articles/2017-11-17-rawa.md#p2", "Brett McGurk"),
        ("../articles/2017-11-17-rawa.md#p3", "McGurk"),
        ("../articles/2017-11-18-rawa.md#p2", "McGurk"),
    ]
    assert all("<mark>" in snippet for snippet, _, _ in mentions)
    assert "## Quotes" in page and "It is over" in page


def test_entity_timeline_does_not_link_the_entity_to_itself(pages):
    page = pages["entities/rawa.md"]
    timeline = page[page.index("## Timeline"):page.index("## Mentions")]
    assert "(../entities/rawa.md)" not in timeline


def test_article_page_shows_status_notes_and_numbered_paragraphs(pages):
    page = pages["articles/2017-11-18-rawa.md"]
    assert page.startswith("---\nhide:\n  - navigation\n---\n")
    assert '<span class="review review-machine">machine-made</span>' in page
    assert "<em>the desk</em>" in page and "<script>" not in page  # notes: Markdown, sanitised
    assert "[1](#p1){ .para-num }" in page and "{ #p2 .para }" in page
    assert "[McGurk](../entities/brett-mcgurk.md)" in page  # a quote's speaker links to the person


def test_entity_index_groups_by_type_with_counts(pages):
    index = pages["entities/index.md"]
    assert "## People (1) {#person}" in index and "## Places (1) {#place}" in index
    assert 'id="entity-filter"' in index


# ---- the built seed site ---------------------------------------------------------------------


@pytest.mark.slow
def test_no_page_refers_to_another_host_for_its_own_resources(seed_project):
    site = seed_project / "site"
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        foreign = re.findall(r'<(?:script|link|img|iframe|source)\b[^>]*(?:src|href)="((?:https?:)?//[^"]+)"', html)
        assert not foreign, (page.relative_to(site), foreign)


@pytest.mark.slow
def test_exports_are_linked_from_the_pages(seed_project):
    site = seed_project / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    for name in ["chronology.json", "chronology.csv", "chronology.ics", "figures.csv", "entities.json", "articles.json"]:
        assert f'href="data/{name}"' in home, name
    assert 'href="../data/entities.json"' in (site / "entities" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_every_entity_has_a_page_linked_from_the_index(seed_project):
    site = seed_project / "site"
    index = (site / "entities" / "index.html").read_text(encoding="utf-8")
    for entity in json.loads((site / "data" / "entities.json").read_text(encoding="utf-8"))["entities"]:
        assert f'href="{entity["slug"]}/"' in index, entity["slug"]


@pytest.mark.slow
def test_every_mention_link_of_every_entity_lands_on_a_paragraph_with_the_name(seed_project):
    """All entity pages at once, from the HTML (the browser test walks one page as a reader would)."""
    import html

    site = seed_project / "site"
    paragraphs = {}
    for page in (site / "articles").glob("*/index.html"):
        for number, body in re.findall(r'<p class="para" id="p(\d+)">(.*?)</p>', page.read_text(encoding="utf-8"), re.S):
            paragraphs[(page.parent.name, int(number))] = html.unescape(re.sub(r"<[^>]+>", "", body))
    links = 0
    problems = []
    for page in sorted((site / "entities").glob("*/index.html")):
        for attrs in re.findall(r"<a ([^>]*mention-link[^>]*)>", page.read_text(encoding="utf-8")):
            name = html.unescape(re.search(r'data-mention="([^"]*)"', attrs).group(1))
            article, number = re.search(r'href="\.\./\.\./articles/([^/]+)/#p(\d+)"', attrs).groups()
            links += 1
            if name.casefold() not in paragraphs.get((article, int(number)), "").casefold():
                problems.append((page.parent.name, name, article, number))
    assert links > 20
    assert not problems, problems[:10]


def test_page_title_is_added_to_a_templates_own_front_matter():
    page = render.with_title("---\nhide:\n  - navigation\n---\n\n# Rawa &#60;falls&#62;\n\nText\n")
    assert page == "---\ntitle: Rawa &lt;falls&gt;\nhide:\n- navigation\n---\n\n# Rawa &#60;falls&#62;\n\nText\n"
    own = "---\ntitle: Mine\n---\n\n# Other\n"
    assert render.with_title(own) == own


def test_pages_rendered_by_several_processes_are_the_pages_one_process_renders(seed_project, monkeypatch):
    """Large sites are rendered by forked processes, each every n-th page: the same pages, in the same order."""
    from generator.core.config import load_project
    from generator.merge import merge
    from generator.read import curation, sources
    from generator.summarize import summarize

    project = load_project(seed_project)
    articles, _ = sources.read_articles(seed_project)
    briefing = merge(articles, summarize(seed_project, articles).summaries, curation.load(seed_project)[0])
    env = render.environment(project.templates_dir)
    monkeypatch.setattr(render, "render_processes", lambda count: 1)
    one = render.pages(briefing, env, project.site)
    monkeypatch.setattr(render, "render_processes", lambda count: 3)
    three = render.pages(briefing, env, project.site)
    assert [(p.path, p.text) for p in three] == [(p.path, p.text) for p in one]
    assert len(one) > 50
