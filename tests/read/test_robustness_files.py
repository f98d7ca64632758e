"""Promise 6: files as they come. Encodings, line ends, empty, binary and huge files, links, renames."""

from __future__ import annotations

import codecs
import os

import pytest

from generator.read import sources
from generator.core import textio
from generator.commands.build import build

from tests.helpers import make_project

ARTICLE = "---\ntitle: Rawa retaken\npublished: 2017-11-17\n---\nIraqi forces retook Rawa on Friday.\n\nThe town was the last one held by the group.\n"
PARAGRAPHS = ["Iraqi forces retook Rawa on Friday.", "The town was the last one held by the group."]


def read(tmp_path, files: dict):
    root = make_project(tmp_path, files)
    articles, problems = sources.read_articles(root)
    return articles, [str(p) for p in problems]


@pytest.mark.parametrize("encoded", [
    ARTICLE.encode("utf-8"),
    codecs.BOM_UTF8 + ARTICLE.encode("utf-8"),
    ARTICLE.replace("\n", "\r\n").encode("utf-8"),
    ARTICLE.replace("\n", "\r").encode("utf-8"),
    codecs.BOM_UTF8 + ARTICLE.replace("\n", "\r\n").encode("utf-8"),
    ARTICLE.encode("utf-16"),  # with its BOM
    codecs.BOM_UTF16_BE + ARTICLE.replace("\n", "\r\n").encode("utf-16-be"),
], ids=["utf8", "utf8-bom", "crlf", "cr", "bom-crlf", "utf16", "utf16be-crlf"])
def test_every_text_encoding_and_line_end_reads_the_same(tmp_path, encoded):
    [article], problems = read(tmp_path, {"content/articles/rawa.md": encoded})
    assert problems == []
    assert article.title == "Rawa retaken" and article.published.date == "2017-11-17"
    assert [p.text for p in article.paragraphs] == PARAGRAPHS


def test_latin1_is_reported_with_the_byte_offset(tmp_path):
    data = "---\ntitle: Caf\u00e9 in Mosul\n---\nText.\n".encode("latin-1")
    _, problems = read(tmp_path, {"content/articles/a.md": data})
    assert problems == ["content/articles/a.md: not UTF-8: byte 0xe9 at offset 14 (Latin-1 or Windows-1252? save the file as UTF-8)"]


def test_the_offset_counts_the_byte_order_mark(tmp_path):
    data = codecs.BOM_UTF8 + b"---\ntitle: Caf\xe9\n---\nText.\n"
    _, problems = read(tmp_path, {"content/articles/a.md": data})
    assert problems == ["content/articles/a.md: not UTF-8: byte 0xe9 at offset 17 (Latin-1 or Windows-1252? save the file as UTF-8)"]


def test_an_empty_file_is_reported(tmp_path):
    _, problems = read(tmp_path, {"content/articles/a.md": b""})
    assert problems == ["content/articles/a.md: 'title': missing; every article needs a title",
                        "content/articles/a.md: no article text after the front matter"]


def test_front_matter_only_is_reported(tmp_path):
    _, problems = read(tmp_path, {"content/articles/a.md": "---\ntitle: T\n---\n"})
    assert problems == ["content/articles/a.md: no article text after the front matter"]


def test_an_unclosed_front_matter_is_reported(tmp_path):
    _, problems = read(tmp_path, {"content/articles/a.md": "---\ntitle: T\n\nText that never closes the block.\n"})
    assert problems == ["content/articles/a.md: front matter opened with '---' on line 1 is never closed (expected a second '---' line)"]


def test_a_binary_file_named_md_is_reported(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
    _, problems = read(tmp_path, {"content/articles/photo.md": png})
    assert problems == ["content/articles/photo.md: binary data (NUL byte at offset 8), not a text file"]


def test_utf16_without_a_byte_order_mark_is_reported_as_binary(tmp_path):
    _, problems = read(tmp_path, {"content/articles/a.md": ARTICLE.encode("utf-16-le")})
    assert problems == ["content/articles/a.md: binary data (NUL byte at offset 1), not a text file"]


def test_a_file_over_the_size_limit_is_refused_with_its_size(tmp_path):
    big = ("---\ntitle: T\n---\n" + "A sentence of the article.\n\n" * 40_000).encode()
    assert len(big) > textio.MAX_ARTICLE_BYTES
    _, problems = read(tmp_path, {"content/articles/big.md": big})
    assert problems == [f"content/articles/big.md: file is {len(big):,} bytes; the limit is 1,000,000 (is this one article?)"]


def test_a_paragraph_without_breaks_is_refused(tmp_path):
    text = "---\ntitle: T\n---\n" + "word " * 5000 + "end.\n"
    _, problems = read(tmp_path, {"content/articles/wall.md": text})
    assert problems == ["content/articles/wall.md: paragraph 1 is 25,004 characters long; the limit is 20,000 (separate paragraphs with blank lines)"]


def test_a_large_article_under_the_limit_is_read(tmp_path):
    text = "---\ntitle: T\n---\n" + "Iraqi forces retook the town on Friday, officials said.\n\n" * 15_000
    [article], problems = read(tmp_path, {"content/articles/long.md": text})
    assert problems == [] and len(article.paragraphs) == 15_000


def test_a_symlink_out_of_content_is_not_followed(tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\nNot for the site.\n")
    root = make_project(tmp_path / "p", {"content/articles/rawa.md": ARTICLE})
    os.symlink(secret, root / "content" / "articles" / "leak.md")
    os.symlink("/etc/passwd", root / "content" / "articles" / "passwd.md")
    articles, problems = sources.read_articles(root)
    assert [a.id for a in articles] == ["rawa"]
    assert [str(p) for p in problems] == [
        "content/articles/leak.md: warning: symbolic link to a file outside content/: not followed",
        "content/articles/passwd.md: warning: symbolic link to a file outside content/: not followed",
    ]


def test_a_symlink_loop_and_a_broken_link_are_skipped_with_a_warning(tmp_path):
    root = make_project(tmp_path, {"content/articles/rawa.md": ARTICLE})
    folder = root / "content" / "articles"
    os.symlink(folder / "loop-b.md", folder / "loop-a.md")
    os.symlink(folder / "loop-a.md", folder / "loop-b.md")
    os.symlink(folder / "gone.md", folder / "broken.md")
    articles, problems = sources.read_articles(root)
    assert [a.id for a in articles] == ["rawa"]
    assert [str(p) for p in problems] == [
        "content/articles/broken.md: warning: broken or looping symbolic link: skipped",
        "content/articles/loop-a.md: warning: broken or looping symbolic link: skipped",
        "content/articles/loop-b.md: warning: broken or looping symbolic link: skipped",
    ]


def test_a_symlink_inside_content_is_read(tmp_path):
    root = make_project(tmp_path, {"content/drafts/rawa.md": ARTICLE})
    os.symlink(root / "content" / "drafts" / "rawa.md", root / "content" / "articles" / "rawa.md")
    articles, problems = sources.read_articles(root)
    assert [a.id for a in articles] == ["rawa"] and problems == []


def test_files_that_are_not_articles_are_skipped_with_a_warning(tmp_path):
    _, problems = read(tmp_path, {"content/articles/rawa.md": ARTICLE, "content/articles/photo.jpg": b"\xff\xd8",
                                  "content/articles/.rawa.md.swp": b"x", "content/articles/notes/x.md": ARTICLE})
    assert problems == ["content/articles/photo.jpg: warning: not an article file (.md, .markdown, .txt, .html, .htm, .xhtml): skipped"]


@pytest.mark.parametrize("name, reason", [
    ("CON.md", "file name 'CON' is reserved (a page or a device name on some systems); rename the file"),
    ("aux.2017.md", "file name 'aux.2017' is reserved (a page or a device name on some systems); rename the file"),
    ("index.md", "file name 'index' is reserved (a page or a device name on some systems); rename the file"),
])
def test_file_names_that_cannot_be_urls_are_reported(tmp_path, name, reason):
    _, problems = read(tmp_path, {f"content/articles/{name}": ARTICLE})
    assert problems == [f"content/articles/{name}: {reason}"]


@pytest.mark.parametrize("name, article_id", [
    ("Mosul \u2013 \u0627\u0644\u0645\u0648\u0635\u0644 2017.md", "mosul-lmwsl-2017"),
    ("Reuters report (2).html", "reuters-report-2"),
    ("Saved page from the browser.htm", "saved-page-from-the-browser"),
    ("caf\u00e9 cr\u00e8me.md", "cafe-creme"),
    ("\u041c\u043e\u0441\u043a\u0432\u0430 \u0441\u0435\u0433\u043e\u0434\u043d\u044f.txt", "moskva-segodnia"),
    ("-rawa.md", "rawa"),
    ("!!!.md", "article-e84c538e"),
    ("2017-11-17-rawa.md", "2017-11-17-rawa"),  # an id that is already URL-safe is kept as it is
    ("Rawa_Report.v2.md", "Rawa_Report.v2"),
])
def test_any_file_name_gives_a_stable_transliterated_id(tmp_path, name, article_id):
    page = "<html><head><title>Rawa retaken</title></head><body><article><p>" + "Iraqi forces retook Rawa on Friday. " * 8 + "</p></article></body></html>"
    articles, problems = read(tmp_path, {f"content/articles/{name}": page if name.endswith((".html", ".htm")) else ARTICLE})
    assert [a.id for a in articles] == [article_id]
    assert [p for p in problems if "warning" not in p] == []


@pytest.mark.slow
def test_an_article_with_a_non_ascii_file_name_gets_its_page(tmp_path):
    root = make_project(tmp_path, {"content/articles/Mosul \u2013 \u0627\u0644\u0645\u0648\u0635\u0644 2017.md": ARTICLE})
    build(root)
    assert (root / "site/articles/mosul-lmwsl-2017/index.html").is_file()
    assert (root / "content/summaries/mosul-lmwsl-2017.md").is_file()


def test_ids_differing_only_in_case_are_reported(tmp_path):
    articles, problems = read(tmp_path, {"content/articles/Rawa.md": ARTICLE, "content/articles/rawa.txt": ARTICLE})
    assert [a.id for a in articles] == ["Rawa"]
    assert problems == ["content/articles/rawa.txt: gives the same id 'rawa' as content/articles/Rawa.md (ids are case-insensitive "
                        "URLs made from the file name); rename one of them"]


def test_two_file_names_that_slug_to_one_id_are_reported(tmp_path):
    articles, problems = read(tmp_path, {"content/articles/Rawa report.md": ARTICLE, "content/articles/rawa-report.md": ARTICLE})
    assert [a.id for a in articles] == ["rawa-report"]
    assert problems == ["content/articles/rawa-report.md: gives the same id 'rawa-report' as content/articles/Rawa report.md "
                        "(ids are case-insensitive URLs made from the file name); rename one of them"]


@pytest.mark.slow
def test_a_deleted_or_renamed_article_disappears_from_the_next_build(tmp_path):
    other = ARTICLE.replace("Rawa retaken", "Qaim retaken").replace("Rawa", "Qaim")
    root = make_project(tmp_path, {"content/articles/rawa.md": ARTICLE, "content/articles/qaim.md": other})
    build(root)
    assert (root / "site/articles/rawa/index.html").is_file() and (root / "site/articles/qaim/index.html").is_file()
    os.rename(root / "content/articles/rawa.md", root / "content/articles/rawa-town.md")
    (root / "content/articles/qaim.md").unlink()
    build(root)
    assert sorted(p.name for p in (root / "site/articles").iterdir()) == ["index.html", "rawa-town"]
    assert "qaim" not in (root / "site/data/articles.json").read_text() and "Qaim" not in (root / "site/index.html").read_text()
