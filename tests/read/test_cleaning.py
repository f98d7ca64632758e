"""Cleaning: the article's own paragraphs, numbered stably, boilerplate out (issue 3)."""

from __future__ import annotations

from generator.read.cleaning import clean


def test_glued_sentences_get_their_space_back_but_abbreviations_and_decimals_do_not():
    text = clean("Fighting spread in the region.Syrian President Assad spoke. Attacks came in 2016.Mayadeen fell.\n").paragraphs
    assert text == ["Fighting spread in the region. Syrian President Assad spoke. Attacks came in 2016. Mayadeen fell."]
    kept = clean("The U.S. envoy said 2.5 percent. Col. Dillon agreed.\n").paragraphs
    assert kept == ["The U.S. envoy said 2.5 percent. Col. Dillon agreed."]


def test_boilerplate_title_and_section_label_are_removed_and_listed():
    body = "Defense\n\nIraqi forces retake town\n\nIraqi forces retook the town.\n\nRead the full article from the Source…\n\nLeave a Reply\n"
    result = clean(body, title="Iraqi forces retake town")
    assert result.paragraphs == ["Iraqi forces retook the town."]
    assert result.removed == ["Defense", "Iraqi forces retake town", "Read the full article from the Source…", "Leave a Reply"]


def test_paragraph_numbering_depends_only_on_the_article_text():
    body = "First paragraph here.\n\nSecond one,\nwrapped over two lines.\n\nThird.\n"
    assert clean(body).paragraphs == clean(body).paragraphs == [
        "First paragraph here.", "Second one, wrapped over two lines.", "Third."
    ]
