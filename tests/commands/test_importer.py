"""`briefing add`'s importer: saved pages and text files -> articles, each only once (issue 8)."""

from __future__ import annotations

import shutil
from pathlib import Path

import frontmatter
import pytest

from generator.commands import add as importer
from generator.read import webpage
from generator.read import sources
from generator.commands.add import add, article_id, url_key
from generator.read.webpage import read_html

from tests.helpers import TESTS, article, make_project

HTML = TESTS / "fixtures" / "html"
RAWA = HTML / "rawa-desert-ledger.html"
QAIM = HTML / "qaim-northern-wire.html"
UNDATED = HTML / "undated-gulf-review.html"


def written(root: Path, report) -> dict[str, frontmatter.Post]:
    return {name: frontmatter.load(root / name) for _, name in report.added}


def test_json_ld_page_gives_every_field_from_its_metadata():
    page = read_html(RAWA)
    post = frontmatter.loads(page.data.decode())
    assert post.metadata == {
        "title": "Iraqi forces retake Rawa, the last town held by Islamic State",
        "publisher": "The Desert Ledger",
        "byline": "Samira Khoury",
        "url": "https://ledger.example.com/world/middle-east/2017/11/17/iraqi-forces-retake-rawa-last-town",
        "published": "2017-11-17",
        "language": "en",
        "source_file": "rawa-desert-ledger.html",
    }


def test_open_graph_only_page_gives_publisher_author_date_and_url():
    meta = frontmatter.loads(read_html(QAIM).data.decode()).metadata
    assert meta["publisher"] == "Northern Wire"
    assert meta["byline"] == "Daniel Brooks"
    assert meta["published"] == "2017-11-03"
    assert meta["url"] == "https://www.northernwire.example.net/news/iraqi-troops-retake-al-qaim-near-syrian-border-6031"


def test_main_text_only_no_navigation_ads_or_comments():
    body = frontmatter.loads(read_html(RAWA).data.decode()).content
    paragraphs = body.split("\n\n")
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("Iraqi government troops and local tribal fighters took the town of Rawa")
    assert paragraphs[-1].endswith("likely to return to insurgent attacks.")
    for noise in ("Subscribe", "Advertisement", "cookies", "desertfox88", "mark my words", "Related stories",
                  "Share on", "All rights reserved", "newsletter", "Middle East ›", "Leave a comment"):
        assert noise not in body, noise
    qaim = frontmatter.loads(read_html(QAIM).data.decode()).content
    for noise in ("Log in", "Ten gadgets", "Good riddance", "Sign up", "Privacy"):
        assert noise not in qaim, noise


def test_the_headline_printed_above_the_text_is_not_a_paragraph():
    body = frontmatter.loads(read_html(UNDATED).data.decode()).content
    assert not body.startswith("Explainer")
    assert body.startswith("At its height the Islamic State group")


def test_a_page_without_a_date_in_its_metadata_is_published_unknown(tmp_path):
    # Its text says "November 2017", but the text never decides the publication date.
    root = make_project(tmp_path / "p")
    report = add(root, [UNDATED])
    (name,) = [n for _, n in report.added]
    assert frontmatter.load(root / name).metadata["published"] == "unknown"
    assert [str(p) for p in report.problems] == [
        f"{name}: warning: 'published': no publication date in the page's metadata: set it if you know it (relative dates stay undated)"
    ]
    articles, _ = sources.read_articles(root)
    assert articles[0].published.date is None


def test_ids_are_date_and_title_and_stable(tmp_path):
    assert article_id("Iraqi forces retake last ISIS-held town", "2017-11-17") == "2017-11-17-iraqi-forces-retake-last-isis-held-town"
    assert article_id("IS resists final push", "2019-02") == "2019-02-is-resists-final-push"
    assert article_id("Explainer: what is left of the Islamic State's territory", None) == "explainer-what-is-left-of-the-islamic-states-territory"
    first = add(make_project(tmp_path / "a"), [RAWA, QAIM]).added
    second = add(make_project(tmp_path / "b"), [QAIM, RAWA]).added
    assert sorted(n for _, n in first) == sorted(n for _, n in second) == [
        "content/articles/2017-11-03-iraqi-troops-retake-al-qaim-near-syrian-border.md",
        "content/articles/2017-11-17-iraqi-forces-retake-rawa-the-last-town-held-by-islamic-state.md",
    ]


def test_same_url_is_skipped_and_reported(tmp_path):
    root = make_project(tmp_path / "p")
    add(root, [RAWA])
    copy = tmp_path / "saved again (1).html"
    # The same page saved later: other comments, same canonical URL.
    copy.write_text(RAWA.read_text(encoding="utf-8").replace("They will be back, mark my words.", "New comment."), encoding="utf-8")
    report = add(root, [copy])
    assert report.added == []
    assert report.skipped == [(str(copy), "already added as content/articles/2017-11-17-iraqi-forces-retake-rawa-the-last-town-held-by-islamic-state.md (same URL)")]
    assert len(list((root / "content" / "articles").glob("*.md"))) == 1


def test_same_text_under_another_url_is_skipped(tmp_path):
    root = make_project(tmp_path / "p")
    add(root, [RAWA])
    amp = tmp_path / "amp.html"
    amp.write_text(RAWA.read_text(encoding="utf-8").replace("ledger.example.com/world", "amp.ledger.example.com/world"), encoding="utf-8")
    report = add(root, [amp])
    assert report.skipped == [(str(amp), "already added as content/articles/2017-11-17-iraqi-forces-retake-rawa-the-last-town-held-by-islamic-state.md (same text)")]


def test_url_key_ignores_scheme_www_slash_fragment_and_tracking():
    assert url_key("http://www.Example.com/a/b/?utm_source=x#top") == url_key("https://example.com/a/b")
    assert url_key("https://example.com/a/b") != url_key("https://example.com/a/c")


def test_same_id_other_article_gets_a_suffix(tmp_path):
    root = make_project(tmp_path / "p", {
        "content/articles/2017-11-03-iraqi-troops-retake-al-qaim-near-syrian-border.md":
            article("Another story", "A different text about something else entirely.\n", published="2017-11-03"),
    })
    report = add(root, [QAIM])
    assert [n for _, n in report.added] == ["content/articles/2017-11-03-iraqi-troops-retake-al-qaim-near-syrian-border-2.md"]


def test_markdown_and_text_files_are_copied_byte_for_byte(tmp_path):
    root = make_project(tmp_path / "p")
    text = article("Kurdish forces enter Raqqa", "Kurdish-led forces entered Raqqa on Sunday.\r\n", published="2017-06-06", publisher="Wire")
    source = tmp_path / "In Raqqa.txt"
    source.write_bytes(text.encode("utf-8"))
    report = add(root, [source])
    assert [n for _, n in report.added] == ["content/articles/2017-06-06-kurdish-forces-enter-raqqa.txt"]
    assert (root / report.added[0][1]).read_bytes() == text.encode("utf-8")


def test_a_folder_imports_every_article_in_it_and_reports_copies(tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    for page in (RAWA, QAIM, UNDATED):
        shutil.copy(page, folder / page.name)
    shutil.copy(RAWA, folder / "rawa-again.htm")
    (folder / "rawa_files").mkdir()  # what a browser saves beside the page: not articles
    (folder / "rawa_files" / "ad.html").write_text("<html><body><p>Buy now</p></body></html>")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    root = make_project(tmp_path / "p")
    report = add(root, [folder])
    assert len(report.added) == 3
    # Files go in name order: the copy comes first, so the original is the one reported.
    assert report.skipped == [(str(folder / "rawa-desert-ledger.html"), "already added as content/articles/2017-11-17-iraqi-forces-retake-rawa-the-last-town-held-by-islamic-state.md (same URL)")]
    assert [p for p in report.problems if not p.warning] == []


def test_files_that_cannot_be_imported_are_named_with_the_reason(tmp_path):
    root = make_project(tmp_path / "p")
    untitled = tmp_path / "untitled.md"
    untitled.write_text("Just some text without front matter.\n")
    empty_page = tmp_path / "empty.html"
    empty_page.write_text("<html><head><title>Home | Example</title></head><body><nav><a href='/'>Home</a></nav></body></html>")
    image = tmp_path / "photo.jpg"
    image.write_bytes(b"\xff\xd8\xff")
    report = add(root, [untitled, empty_page, image, tmp_path / "missing.html"])
    assert report.added == []
    assert [str(p) for p in report.problems] == [
        f"{image}: not an article file: expected one of .html, .htm, .xhtml, .md, .markdown, .txt",
        f"{tmp_path / 'missing.html'}: no such file or folder",
        f"{untitled}: 'title': missing; every article needs a title",
        f"{empty_page}: no article text found in the page (is it the article itself, saved as HTML?)",
    ]


def test_a_non_english_page_is_imported_with_a_warning(tmp_path):
    root = make_project(tmp_path / "p")
    page = tmp_path / "fr.html"
    page.write_text(QAIM.read_text(encoding="utf-8").replace('<html lang="en">', '<html lang="fr-FR">'), encoding="utf-8")
    report = add(root, [page])
    (name,) = [n for _, n in report.added]
    assert frontmatter.load(root / name).metadata["language"] == "fr"
    assert [str(p) for p in report.problems] == [f"{name}: warning: 'language': language 'fr': the summaries are made by an English pipeline"]


def test_saved_from_comment_gives_the_url_when_the_page_has_no_canonical(tmp_path):
    html = RAWA.read_text(encoding="utf-8")
    for line in html.splitlines():
        if "canonical" in line or "og:url" in line or '"url"' in line or "mainEntityOfPage" in line:
            html = html.replace(line + "\n", "")
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    assert frontmatter.loads(read_html(page).data.decode()).metadata["url"] == (
        "https://ledger.example.com/world/middle-east/2017/11/17/iraqi-forces-retake-rawa-last-town")


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "file:///etc/passwd", "/relative/path"])
def test_only_web_urls_are_kept(bad):
    assert not webpage.is_web_url(bad)
