"""The built seed site in a real browser: what a reader does, and that the site never calls another host.

Targets are chosen from the site's own exports (data/*.json), not from positions in a page, so the
tests hold while extraction and merging (issues 3, 4) change which events and entities there are.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

import pytest

from .conftest import open_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def data(seed_project, name: str) -> dict:
    return json.loads((seed_project / "site" / "data" / name).read_text(encoding="utf-8"))


def entity_named(seed_project, name: str) -> dict:
    entities = data(seed_project, "entities.json")["entities"]
    found = [e for e in entities if e["name"] == name or name in e["aliases"]]
    assert found, f"no entity {name!r} among {[e['name'] for e in entities][:40]}"
    return found[0]


def rawa_events(seed_project) -> list[dict]:
    """Chronology entries about Rawa: the entity among its entities, or the name in its text."""
    events = data(seed_project, "chronology.json")["events"]
    return [e for e in events if "rawa" in e["entities"] or re.search(r"\bRawa\b", e["text"])]


def heading(page) -> str:
    """The page's h1 as a reader sees it, without the permalink sign."""
    return page.locator("h1").first.inner_text().replace("¶", "").strip()


def target_paragraph(page):
    """The paragraph the address points at (#pN), with its text and whether the page marks it."""
    fragment = page.evaluate("location.hash")
    assert re.fullmatch(r"#p\d+", fragment), page.url
    element = page.locator(fragment)
    marked = element.evaluate("el => el.matches(':target') && getComputedStyle(el).outlineStyle !== 'none'")
    return element, marked


def test_home_names_the_key_developments(page, site_url, seed_project):
    page.goto(site_url)
    events = data(seed_project, "chronology.json")["events"]
    most = max(len({s["article"] for s in e["sources"]}) for e in events)
    best = [e for e in events if len({s["article"] for s in e["sources"]}) == most]
    section = page.locator("h2#key-developments")
    assert section.is_visible()
    entries = page.locator(".chrono-entry")
    shown = {entries.nth(i).get_attribute("id") for i in range(entries.count())}
    assert {e["id"] for e in best[:8]} <= shown, "the most-reported events are not on the home page"
    for event in best[:3]:
        assert event["text"][:60] in page.locator(f"[id='{event['id']}']").inner_text()
    screenshot(page, "home", full_page=True)


def click_first_source(page, site_url, event: dict, shot: str) -> None:
    """From the chronology, click the event's first source badge: the article opens at that paragraph, marked."""
    page.goto(urljoin(site_url, "chronology/"))
    badge = page.locator(f"[id='{event['id']}'] a.source-badge").first
    expected = event["sources"][0]
    badge.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"articles/{expected['article']}/#p{expected['paragraph']}")
    paragraph, marked = target_paragraph(page)
    assert marked, "the linked paragraph is not highlighted"
    in_view = "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }"
    assert paragraph.is_visible() and paragraph.evaluate(in_view), "the linked paragraph is not in view"
    screenshot(page, shot)


def test_chronology_rawa_source_opens_the_article_at_the_highlighted_paragraph(page, site_url, seed_project):
    events = rawa_events(seed_project)
    assert events, "no chronology entry mentions Rawa (extraction: issue 3)"
    click_first_source(page, site_url, events[0], "article-at-rawa-paragraph")


def test_chronology_source_badges_open_the_highlighted_paragraph(page, site_url, seed_project):
    """The same walk for the last event and the most-reported one, whatever extraction finds."""
    events = data(seed_project, "chronology.json")["events"]
    most = max(events, key=lambda e: len(e["sources"]))
    page.goto(urljoin(site_url, "chronology/"))
    screenshot(page, "chronology")
    for event in [events[-1], most]:
        click_first_source(page, site_url, event, "article-at-paragraph")


def test_every_mention_link_lands_on_a_paragraph_containing_the_mention(page, site_url, seed_project):
    entity = entity_named(seed_project, "Brett McGurk")
    entity_page = urljoin(site_url, f"entities/{entity['slug']}/")
    page.goto(entity_page)
    screenshot(page, "entity", full_page=True)
    links = page.locator("a.mention-link")
    count = links.count()
    assert count >= 2
    targets = [(links.nth(i).get_attribute("href"), links.nth(i).get_attribute("data-mention")) for i in range(count)]
    links.first.click()  # a real click for the first; the others by address (same URL the click follows)
    page.wait_for_load_state()
    wrong = []
    for i, (href, mention) in enumerate(targets):
        if i:
            page.goto(urljoin(entity_page, href))
        paragraph, marked = target_paragraph(page)
        text = paragraph.inner_text()
        if mention.casefold() not in text.casefold() or not marked:
            wrong.append((href, mention, text[:80]))
    assert not wrong, wrong


def test_search_for_mcgurk_finds_his_page(page, site_url, seed_project):
    entity = entity_named(seed_project, "Brett McGurk")
    page.goto(site_url)
    page.locator(".md-search__input").first.click()
    page.keyboard.type("McGurk")
    result = page.locator(f".md-search-result__link[href*='/entities/{entity['slug']}/']")
    result.first.wait_for(state="attached", timeout=10_000)
    screenshot(page, "search-mcgurk")
    result.first.click()
    page.wait_for_load_state()
    assert heading(page) == entity["name"]


def test_search_finds_article_text(page, site_url):
    page.goto(site_url)
    page.locator(".md-search__input").first.click()
    page.keyboard.type("Badush")  # a village named only in an article's full text
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    hrefs = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any("articles/" in h for h in hrefs), hrefs


def test_chronology_filters_by_entity_and_year(page, site_url, seed_project):
    events = data(seed_project, "chronology.json")["events"]
    page.goto(urljoin(site_url, "chronology/"))
    counts: dict[str, int] = {}
    for e in events:
        for slug in e["entities"]:
            counts[slug] = counts.get(slug, 0) + 1
    slug = max(sorted(counts), key=counts.get)
    page.select_option("#filter-entity", slug)
    visible = page.locator(".chrono-entry:visible")
    assert visible.count() == counts[slug]
    assert all(slug in (visible.nth(i).get_attribute("data-entities") or "").split() for i in range(visible.count()))
    page.select_option("#filter-entity", "")
    year = events[-1]["date"][:4]
    page.select_option("#filter-year", year)
    assert page.locator(".chrono-entry:visible").count() == sum(e["date"][:4] == year for e in events)
    hidden_years = page.locator("h2[id^='y']:visible").evaluate_all("els => els.map(e => e.id)")
    assert hidden_years == [f"y{year}"]
    page.click("#filter-reset")
    assert page.locator(".chrono-entry:visible").count() == len(events) + len(data(seed_project, "chronology.json")["undated"])
    # An entity page links to the chronology filtered to its events.
    page.goto(urljoin(site_url, f"entities/{slug}/"))
    page.locator("a[href*='chronology/?entity=']").click()
    page.wait_for_load_state()
    assert page.locator(".chrono-entry:visible").count() == counts[slug]
    assert page.input_value("#filter-entity") == slug


def test_entity_index_is_grouped_and_filterable(page, site_url, seed_project):
    entity = entity_named(seed_project, "Brett McGurk")
    page.goto(urljoin(site_url, "entities/"))
    assert page.locator("h2#person, h2#organization, h2#place").count() >= 2
    page.fill("#entity-filter", "mcgurk")
    links = page.locator(".entity-list li:visible a")
    assert links.count() >= 1
    assert any(links.nth(i).get_attribute("href").rstrip("/").endswith(entity["slug"]) for i in range(links.count()))
    screenshot(page, "entities-filtered")


def test_pages_make_no_foreign_requests_and_have_no_console_errors(page, site_url, seed_project):
    """The `page` fixture fails the test on any request to another host or any console error."""
    article = data(seed_project, "articles.json")["articles"][0]["id"]
    entity = data(seed_project, "entities.json")["entities"][0]["slug"]
    for path in ["", "chronology/", "entities/", f"entities/{entity}/", "articles/", f"articles/{article}/"]:
        response = page.goto(urljoin(site_url, path))
        assert response.ok, path
        page.wait_for_load_state("networkidle")


def test_dark_mode_and_narrow_screen(browser, site_url, seed_project, watch):
    article = data(seed_project, "articles.json")["articles"][-1]["id"]
    dark = open_page(browser, site_url, watch, viewport={"width": 1280, "height": 900}, color_scheme="dark")
    dark.goto(urljoin(site_url, "chronology/"))
    assert dark.locator("body").get_attribute("data-md-color-scheme") == "slate"
    screenshot(dark, "chronology-dark")
    dark.goto(urljoin(site_url, f"articles/{article}/#p2"))
    screenshot(dark, "article-dark")
    dark.context.close()
    narrow = open_page(browser, site_url, watch, viewport={"width": 375, "height": 800}, is_mobile=True)
    for name, path in [("home-mobile", ""), ("chronology-mobile", "chronology/"), ("article-mobile", f"articles/{article}/")]:
        narrow.goto(urljoin(site_url, path))
        overflow = narrow.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path or 'home'}: content {overflow}px wider than a 375px screen"
        screenshot(narrow, name)
    narrow.context.close()
    assert not watch.foreign_requests and not watch.console_errors, (watch.foreign_requests, watch.console_errors)


def test_print_view_hides_controls(page, site_url):
    page.goto(urljoin(site_url, "chronology/"))
    page.emulate_media(media="print")
    assert not page.locator(".chrono-filters").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.locator(".chrono-entry").first.is_visible()
    screenshot(page, "chronology-print")


def test_site_opened_from_the_file_system_navigates(browser, seed_project, watch):
    """From file://, a directory link would show a folder listing; the site's script points it at index.html."""
    page = open_page(browser, "file:///", watch, viewport={"width": 1280, "height": 900})
    page.goto((seed_project / "site" / "index.html").as_uri())
    page.locator(".md-tabs a", has_text="Chronology").click()
    page.wait_for_load_state()
    assert page.url.endswith("/chronology/index.html")
    assert heading(page) == "Chronology"
    page.locator(".chrono-entry a.source-badge").first.click()
    page.wait_for_load_state()
    assert re.search(r"/articles/[^/]+/index\.html#p\d+$", page.url), page.url
    page.context.close()
    assert not watch.foreign_requests, watch.foreign_requests


@pytest.fixture(scope="module")
def offline_site(seed_project, tmp_path_factory):
    """The seed site built with BRIEFING_OFFLINE=true (Material's offline plugin): for opening from file://."""
    import os
    import shutil

    from generator.commands.build import build

    root = tmp_path_factory.mktemp("offline")
    for name in ["mkdocs.yml", "content", "templates"]:
        source = seed_project / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.exists():
            shutil.copy(source, root / name)
    os.environ["BRIEFING_OFFLINE"] = "true"  # read by mkdocs.yml's !ENV in the builder's process
    try:
        build(root)
    finally:
        del os.environ["BRIEFING_OFFLINE"]
    return root / "site"


def test_offline_build_searches_from_the_file_system(browser, offline_site, seed_project, watch):
    """Search works from file:// in the offline build, with the worker shim served from the site itself."""
    entity = entity_named(seed_project, "Brett McGurk")
    assert (offline_site / "entities" / f"{entity['slug']}.html").is_file()
    page = open_page(browser, "file:///", watch, viewport={"width": 1280, "height": 900})
    page.goto((offline_site / "index.html").as_uri())
    page.locator(".md-search__input").first.click()
    page.keyboard.type("McGurk")
    result = page.locator(f".md-search-result__link[href*='entities/{entity['slug']}.html']")
    result.first.wait_for(state="attached", timeout=10_000)
    screenshot(page, "offline-search")
    page.context.close()
    assert not watch.foreign_requests, watch.foreign_requests
    assert not watch.console_errors, watch.console_errors
