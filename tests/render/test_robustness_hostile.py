"""Promise 3: hostile text stays text. A project full of payloads is built for real and every page scanned."""

from __future__ import annotations

import functools
import http.server
import re
import threading

import pytest

from generator import render
from generator.read import sources
from generator.commands.build import build
from generator.core.errors import BuildError

from tests.helpers import make_project
from tests.hostile import PAYLOADS, TITLE, PageScanner, hostile_article, hostile_summary, page_text, scan_site

ARTICLE_ID = "2017-03-12-hostile"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A project whose article, metadata, reviewed summary and editor's notes all carry payloads, built."""
    text = hostile_article()
    root = make_project(tmp_path_factory.mktemp("hostile"), {
        f"content/articles/{ARTICLE_ID}.md": text,
        f"content/summaries/{ARTICLE_ID}.md": hostile_summary(ARTICLE_ID, text.encode()),
    })
    build(root)
    return root / "site"


@pytest.mark.slow
def test_no_built_page_carries_a_script_a_handler_or_a_dangerous_url(hostile_site):
    assert len(list(hostile_site.rglob("*.html"))) >= 6
    assert scan_site(hostile_site) == []


@pytest.mark.slow
def test_every_payload_is_shown_as_the_text_it_is(hostile_site):
    shown = page_text(hostile_site / "articles" / ARTICLE_ID / "index.html")
    for payload in PAYLOADS:
        assert re.sub(r"\s+", " ", payload) in shown, payload
    assert TITLE in shown
    assert "49" not in shown and "evaluated" not in shown.replace("{%- if true %}evaluated{% endif %}", "")


@pytest.mark.slow
def test_page_titles_are_text_in_the_title_element(hostile_site):
    page = (hostile_site / "articles" / ARTICLE_ID / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<" not in title and title.startswith("&lt;script&gt;pwned()&lt;/script&gt;")


@pytest.mark.slow
def test_editor_notes_keep_allowed_html_and_lose_the_rest(hostile_site):
    page = (hostile_site / "articles" / ARTICLE_ID / "index.html").read_text(encoding="utf-8")
    notes = page[page.index('class="editor-notes"'):]
    assert "<strong>kept</strong>" in notes
    assert '<a href="https://example.org/ok" rel="noopener noreferrer nofollow">a real link</a>' in notes
    assert '<a href="http://ok.example/" rel="noopener noreferrer nofollow">ok</a>' in notes  # onclick and style gone


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.browser
def test_no_payload_runs_in_chromium_even_in_search(hostile_site, browser):
    """Every page loaded in Debian's Chromium, and the theme's search shown the payloads: pwned() never runs."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(hostile_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        page = browser.new_page()  # in the session's one Chromium (tests/conftest.py)
        try:
            page.add_init_script("window.__ran = []; window.pwned = () => window.__ran.push(location.href);")
            dialogs = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for html_page in sorted(hostile_site.rglob("*.html")):
                page.goto(base + str(html_page.relative_to(hostile_site)))
                page.wait_for_load_state("load")
                assert page.evaluate("window.__ran") == [], html_page
            page.goto(base)
            page.locator("input.md-search__input").click()
            page.keyboard.type("pwned", delay=30)  # the theme's search shows matching text as HTML
            page.wait_for_selector(".md-search-result__item", timeout=10_000)
            page.wait_for_timeout(500)
            results = PageScanner("search results")
            results.feed(page.locator(".md-search-result__list").inner_html())
            assert results.findings == []
            assert page.locator(".md-search-result__item").count() >= 1
            assert page.evaluate("window.__ran") == [] and dialogs == []
        finally:
            page.close()
    finally:
        server.shutdown()


# ---- the escaping functions themselves ------------------------------------------------------


def test_escape_text_leaves_no_markup_or_template_syntax():
    escaped = str(render.escape_text('<a href="x" onclick=y>[t](javascript:z) {{ 1 }} {% if %} `c` &amp;</a>'))
    assert not set(escaped) & set('<>"[]{}`=') and "&amp;" not in escaped
    assert escaped.startswith("&#60;a href&#61;&#34;x&#34;")


@pytest.mark.parametrize("target", ["javascript:alert(1)", "../entities/x.md?a=1", "//evil.example/x", "data:text/html,x", "x y", "a\"b"])
def test_url_refuses_anything_but_a_site_path(target):
    with pytest.raises(BuildError, match="unsafe link target"):
        render.url(target)


def test_url_passes_site_paths():
    assert render.url("../articles/2017-11-17-rawa.md#p3") == "../articles/2017-11-17-rawa.md#p3"


@pytest.mark.parametrize("href", ["javascript:pwned()", "JaVaScRiPt:pwned()", "&#106;avascript:pwned()", "&#x6A;avascript&#x3A;pwned()",
                                  " javascript:pwned()", "java\tscript:pwned()", "data:text/html,pwned()", "vbscript:pwned()"])
def test_notes_drop_dangerous_link_schemes_in_any_spelling(href):
    html = str(render.notes_html(f'<a href="{href}">a</a> [b]({href})'))
    assert "href" not in html and "pwned" not in html


def test_notes_keep_http_and_mailto_links():
    html = str(render.notes_html("[site](https://example.org) [mail](mailto:desk@example.org)"))
    assert 'href="https://example.org"' in html and 'href="mailto:desk@example.org"' in html


@pytest.mark.parametrize("url", ["javascript:pwned()", "JAVASCRIPT:pwned()", " javascript:pwned()", "java\nscript:pwned()",
                                 "data:text/html;base64,PHNjcmlwdD4=", "&#106;avascript:pwned()", "%6Aavascript:pwned()",
                                 "https://x.example/\" onmouseover=\"pwned()", "https:pwned()", "ftp://x.example/a"])
def test_an_article_url_must_be_http(tmp_path, url):
    from generator.core import yamlio

    root = make_project(tmp_path, {"content/articles/a.md": f"---\n{yamlio.dump({'title': 'T', 'url': url})}---\nText.\n"})
    _, problems = sources.read_articles(root)
    assert [str(p) for p in problems] == [f"content/articles/a.md:3: 'url': expected an http(s) URL, got {url.strip()!r}"]


def test_notes_keep_no_media_that_would_load_from_another_host():
    html = str(render.notes_html('See ![map](https://tracker.example.com/p.png) and <img src="https://x.example/y.gif">\n\n[ok](https://example.com)'))
    assert "<img" not in html and "tracker.example.com" not in html and "x.example" not in html
    assert 'href="https://example.com"' in html
