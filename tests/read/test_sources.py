"""Reading articles: front matter, publication dates, cleaned paragraphs."""

from __future__ import annotations

from generator.read import sources

from tests.helpers import article, make_project


def read_one(tmp_path, text: str):
    root = make_project(tmp_path, {"content/articles/2017-11-17-rawa.md": text})
    articles, problems = sources.read_articles(root)
    return articles, problems


def test_front_matter_fields_are_read(tmp_path):
    text = article(
        "Iraqi forces retake last ISIS-held town",
        "Iraqi forces retook Rawa on Friday.\n\nAl-Abadi said forces are securing the border.\n",
        publisher="The Hill", url="https://thehill.com/x", published="2017-11-17", byline="Rebecca Kheel",
    )
    [a], problems = read_one(tmp_path, text)
    assert problems == []
    assert a.id == "2017-11-17-rawa"
    assert (a.title, a.publisher, a.url, a.byline) == (
        "Iraqi forces retake last ISIS-held town", "The Hill", "https://thehill.com/x", "Rebecca Kheel")
    assert a.published.model_dump() == {"date": "2017-11-17", "precision": "day", "basis": "metadata", "note": None}
    assert [p.text for p in a.paragraphs] == ["Iraqi forces retook Rawa on Friday.", "Al-Abadi said forces are securing the border."]
    assert [p.number for p in a.paragraphs] == [1, 2]


def test_published_precision_follows_the_form_and_basis_is_kept(tmp_path):
    text = article("T", "Body text here.\n", published="2019-02", published_basis="text")
    [a], _ = read_one(tmp_path, text)
    assert (a.published.date, a.published.precision, a.published.basis) == ("2019-02", "month", "text")


def test_seed_articles_are_cleaned_but_stored_verbatim():
    from tests.helpers import REPO

    articles, problems = sources.read_articles(REPO)
    assert [p for p in problems if not p.warning] == []
    by_id = {a.id: a for a in articles}
    assert len(by_id) == 5
    reuters = by_id["2017-06-30-islamic-state-under-pressure-in-iraqi-and-syrian-strongholds"]
    texts = [p.text for p in reuters.paragraphs]
    assert not any("Leave a Reply" in t or "Read the full article" in t or "email address" in t for t in texts)
    assert reuters.byline == "Stephen Kalin and Goran Tomasevic"
    vastavam = by_id["2017-11-04-islamic-state-group-suffered-in-syria-and-iraq-with-new-losses"]
    assert any("region. Syrian President" in p.text for p in vastavam.paragraphs)
    defense = by_id["2017-11-17-iraqi-forces-retake-last-isis-held-town"]
    assert defense.paragraphs[0].text.startswith("Iraqi forces backed by the U.S.-led coalition")
    assert "Defense" in defense.removed
    final_push = by_id["2019-02-is-resists-final-push-by-us-backed-force-in-eastern-syria"]
    assert final_push.paragraphs[0].text.startswith("Four years ago")


def test_a_missing_title_is_reported_with_the_field(tmp_path):
    _, problems = read_one(tmp_path, "---\npublisher: X\n---\nSome text.\n")
    assert [str(p) for p in problems] == ["content/articles/2017-11-17-rawa.md: 'title': missing; every article needs a title"]


def test_a_bad_date_is_reported_with_the_field(tmp_path):
    _, problems = read_one(tmp_path, article("T", "Text.\n", published="Sunday"))
    assert [str(p) for p in problems] == [
        "content/articles/2017-11-17-rawa.md:3: 'published': expected YYYY, YYYY-MM or YYYY-MM-DD, got 'Sunday'"]


def test_a_saved_web_page_in_content_articles_is_read_like_an_added_one(tmp_path):
    from tests.helpers import REPO

    page = (REPO / "tests/fixtures/html/rawa-desert-ledger.html").read_bytes()
    root = make_project(tmp_path, {"content/articles/rawa.html": page})
    [a], problems = sources.read_articles(root)
    assert [p for p in problems if not p.warning] == []
    assert a.id == "rawa" and a.path == "content/articles/rawa.html"
    assert a.publisher and a.published.basis == "metadata" and a.published.date
    assert a.url and a.url.startswith("http")
    assert len(a.paragraphs) >= 3
    assert not any("comment" in p.text.casefold() and "leave" in p.text.casefold() for p in a.paragraphs)


def test_a_page_without_an_article_is_reported_with_its_file(tmp_path):
    root = make_project(tmp_path, {"content/articles/empty.html": "<html><head></head><body></body></html>"})
    articles, problems = sources.read_articles(root)
    assert articles == []
    assert [str(p) for p in problems if not p.warning][0].startswith("content/articles/empty.html: ")
