"""Incremental builds (issue 7): a no-change rebuild makes nothing again, one edit remakes one summary."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.read import articlecache
from generator.read import sources
from generator.summarize import cache as summarycache
from generator.summarize import summaries
from generator.commands.build import build
from generator.summarize import chunks, summarize, summarize_articles

from tests.helpers import REPO, article, make_project

RAWA = "2017-11-17-iraqi-forces-retake-last-isis-held-town"
MOSUL = "2017-03-12-western-mosul-neighborhoods-held-by-is-surrounded"


@pytest.fixture
def seed_copy(tmp_path, seed_project) -> Path:
    """A built seed project of the test's own: summaries, docs and site already made."""
    root = tmp_path / "seed"
    shutil.copytree(seed_project, root)
    return root


def docs_mtimes(root: Path) -> dict[str, int]:
    docs = root / ".build" / "docs"
    return {p.relative_to(docs).as_posix(): p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}


def read(root: Path):
    articles, problems = sources.read_articles(root)
    assert [p for p in problems if not p.warning] == []
    return articles


@pytest.mark.slow
def test_a_rebuild_with_nothing_changed_summarises_nothing_and_rewrites_no_page(seed_copy):
    before = docs_mtimes(seed_copy)
    report = build(seed_copy)
    assert report.summarised == [] and report.articles == 5
    assert docs_mtimes(seed_copy) == before


def site_files(root: Path) -> dict[str, int]:
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_a_rebuild_with_nothing_changed_does_not_run_the_site_builder(seed_copy):
    build(seed_copy)  # the copied project's stamp names the copy's paths only once it is built here
    before = site_files(seed_copy)
    report = build(seed_copy)
    assert report.site_unchanged and report.builder_output == []
    assert site_files(seed_copy) == before


@pytest.mark.slow
@pytest.mark.parametrize("change", ["mkdocs.yml", "site file deleted", "page edited", "not strict"])
def test_anything_the_builder_reads_or_wrote_changing_rebuilds_the_site(seed_copy, change):
    build(seed_copy)
    strict = True
    if change == "mkdocs.yml":
        config = seed_copy / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("site_name: ", "site_name: New "), encoding="utf-8")
    elif change == "site file deleted":
        (seed_copy / "site" / "chronology" / "index.html").unlink()
    elif change == "page edited":
        path = seed_copy / "content" / "articles" / f"{RAWA}.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nThe desk added this sentence.\n", encoding="utf-8")
    else:
        strict = False
    report = build(seed_copy, strict=strict)
    assert not report.site_unchanged
    assert (seed_copy / "site" / "chronology" / "index.html").is_file()
    if change == "mkdocs.yml":
        assert "New " in (seed_copy / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_rebuild_with_nothing_changed_never_imports_spacy(seed_copy):
    # generate() itself: build() runs it in a forked child, whose imports this process would not see
    script = "import sys; from pathlib import Path; from generator.commands.build import generate; " \
             "from generator.core.config import load_project; " \
             f"r = generate(load_project(Path({str(seed_copy)!r}))); print(len(r.summarised), 'spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.split() == ["0", "False"]


@pytest.mark.slow
def test_editing_one_article_resummarises_exactly_that_one(seed_copy):
    path = seed_copy / "content" / "articles" / f"{RAWA}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nThe desk added this sentence on review.\n", encoding="utf-8")
    before = docs_mtimes(seed_copy)
    report = build(seed_copy)
    after = docs_mtimes(seed_copy)
    assert report.summarised == [RAWA]
    assert after[f"articles/{RAWA}.md"] != before[f"articles/{RAWA}.md"]
    assert after[f"articles/{MOSUL}.md"] == before[f"articles/{MOSUL}.md"]  # untouched article, same page
    assert "The desk added this sentence on review." in (seed_copy / "site" / "articles" / RAWA / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_deleted_article_loses_its_page_and_its_cache_entry(seed_copy):
    (seed_copy / "content" / "articles" / f"{RAWA}.md").unlink()
    build(seed_copy)
    assert f"articles/{RAWA}.md" not in docs_mtimes(seed_copy)
    assert not (seed_copy / "site" / "articles" / RAWA).exists()
    assert not (seed_copy / summarycache.FOLDER / f"{RAWA}.json").exists()


def test_the_cached_summary_equals_the_parsed_file(seed_project):
    folder = seed_project / "content" / "summaries"
    for path in sorted(folder.glob("*.md")):
        data = path.read_bytes()
        cached = summarycache.get(seed_project, path.stem, data)
        assert cached is not None, path.name
        parsed = summaries.parse_bytes(data, path.name)
        assert cached.summary == parsed and cached.summary.notes == parsed.notes
        assert cached.fingerprint == summaries.fingerprint(parsed)


def test_a_hand_edit_is_never_hidden_by_the_cache(seed_copy):
    path = seed_copy / "content" / "summaries" / f"{RAWA}.md"
    path.write_text(path.read_text(encoding="utf-8") + "Checked by the desk.\n", encoding="utf-8")
    found = summaries.inspect(path, seed_copy)
    assert found.summary.notes == "Checked by the desk."
    assert found.machine_owned is False


def test_a_damaged_or_foreign_cache_entry_is_ignored(seed_copy):
    path = seed_copy / "content" / "summaries" / f"{RAWA}.md"
    entry = seed_copy / summarycache.FOLDER / f"{RAWA}.json"
    entry.write_text("{not json", encoding="utf-8")
    assert summaries.inspect(path, seed_copy).summary.id == RAWA
    data = json.loads(entry.read_text(encoding="utf-8"))  # rewritten by the parse above
    data["schema"] = "an older models.py"
    data["summary"]["title"] = "stale"
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert summaries.inspect(path, seed_copy).summary.title != "stale"


def test_an_edited_summary_gets_one_proposal_not_one_per_build(tmp_path):
    text = "Iraqi forces retook the town of Rawa on Friday, Prime Minister Haider al-Abadi said.\n"
    root = make_project(tmp_path, {"content/articles/a.md": article("Rawa", text, published="2017-11-17")})
    summarize(root, read(root))
    path = root / "content" / "summaries" / "a.md"
    path.write_text(path.read_text(encoding="utf-8") + "Checked by the desk.\n", encoding="utf-8")
    (root / "content/articles/a.md").write_text(article("Rawa", text + "\nMore text arrived.\n", published="2017-11-17"))
    assert summarize(root, read(root)).proposed == ["a"]
    again = summarize(root, read(root))
    assert again.proposed == [] and again.made == []
    assert [str(p) for p in again.problems] == [
        "content/summaries/a.md: warning: its article changed since it was edited; the machine's new summary is in a.proposed.md"]


@pytest.mark.slow
def test_two_processes_make_the_same_summaries_as_one(seed_project):
    articles = read(seed_project)
    one = summarize_articles(articles, processes=1)
    two = summarize_articles(articles, processes=2, chunk_words=600)  # several tasks for each worker
    assert [s.model_dump() for s in two] == [s.model_dump() for s in one]


def test_chunks_keep_articles_whole_and_in_order(seed_project):
    articles = read(seed_project)
    parts = list(chunks(articles, 1000))
    assert [a.id for part in parts for a in part] == [a.id for a in articles]
    assert len(parts) > 1
    for part in parts[:-1]:
        assert sum(len(p.text.split()) for a in part for p in a.paragraphs) >= 1000


def test_cached_articles_equal_freshly_read_ones_and_follow_edits(tmp_path):
    text = "Iraqi forces retook the town of Rawa on Friday, officials said.\n"
    root = make_project(tmp_path, {"content/articles/a.md": article("Rawa", text, published="2017-11-17", colour="red")})
    first, problems = sources.read_articles(root)
    assert (root / articlecache.FOLDER / "a.md.json").is_file()
    again, again_problems = sources.read_articles(root)
    assert again == first and again_problems == problems and any(p.field == "colour" for p in problems)
    (root / "content/articles/a.md").write_text(article("Rawa", text + "\nMore text.\n", published="2017-11-17"), encoding="utf-8")
    edited, _ = sources.read_articles(root)
    assert [p.text for p in edited[0].paragraphs][-1] == "More text."


def test_an_article_with_errors_is_reported_on_every_read(tmp_path):
    root = make_project(tmp_path, {"content/articles/a.md": "---\ntitle: Rawa\npublished: Sunday\n---\nText.\n"})
    for _ in range(2):
        articles, problems = sources.read_articles(root)
        assert articles == []
        assert [str(p) for p in problems if not p.warning] == [
            "content/articles/a.md:3: 'published': expected YYYY, YYYY-MM or YYYY-MM-DD, got 'Sunday'"]


@pytest.mark.slow
def test_a_nothing_changed_build_skips_the_generator_but_sees_an_edit_that_keeps_size_and_mtime(seed_copy):
    import os

    build(seed_copy)
    assert build(seed_copy).docs_unchanged
    path = seed_copy / "content" / "summaries" / f"{RAWA}.md"
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Rawa", "RAWA", 1), encoding="utf-8")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime
    report = build(seed_copy)
    assert not report.docs_unchanged  # generated again: the stamp compares hashes, not sizes and mtimes
