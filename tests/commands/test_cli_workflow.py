"""An editor's day, end to end through the command line: init -> add saved pages -> build -> check (issue 8)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import TESTS
from click.testing import CliRunner

from generator.cli import main

pytestmark = pytest.mark.slow

HTML = TESTS / "fixtures" / "html"
RAWA_ID = "2017-11-17-iraqi-forces-retake-rawa-the-last-town-held-by-islamic-state"
QAIM_ID = "2017-11-03-iraqi-troops-retake-al-qaim-near-syrian-border"
UNDATED_ID = "explainer-what-is-left-of-the-islamic-states-territory"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def briefing(tmp_path_factory) -> Path:
    """A briefing started with init, fed three saved pages (one of them twice), and built."""
    root = tmp_path_factory.mktemp("workflow") / "fall-of-is"
    assert run("init", str(root), "--title", "The fall of IS").exit_code == 0
    first = run("add", "-p", str(root), str(HTML / "rawa-desert-ledger.html"), str(HTML / "qaim-northern-wire.html"))
    assert first.exit_code == 0, first.output
    again = run("add", "-p", str(root), str(HTML))
    assert again.exit_code == 0, again.output
    root.joinpath("add-again.log").write_text(again.output)
    built = run("build", str(root))
    assert built.exit_code == 0, built.output
    return root


def test_article_pages_show_publisher_date_and_original_url(briefing):
    page = (briefing / "site" / "articles" / RAWA_ID / "index.html").read_text()
    assert "The Desert Ledger" in page
    assert "17 November 2017" in page
    assert 'href="https://ledger.example.com/world/middle-east/2017/11/17/iraqi-forces-retake-rawa-last-town"' in page
    assert "Samira Khoury" in page
    assert 'id="p6"' in page and 'id="p7"' not in page  # six paragraphs: no comment became text
    qaim = (briefing / "site" / "articles" / QAIM_ID / "index.html").read_text()
    assert "Northern Wire" in qaim and "3 November 2017" in qaim


def test_articles_export_holds_the_page_metadata(briefing):
    articles = {a["id"]: a for a in json.loads((briefing / "site" / "data" / "articles.json").read_text())["articles"]}
    assert set(articles) == {RAWA_ID, QAIM_ID, UNDATED_ID}
    assert articles[QAIM_ID]["publisher"] == "Northern Wire"
    assert articles[QAIM_ID]["url"] == "https://www.northernwire.example.net/news/iraqi-troops-retake-al-qaim-near-syrian-border-6031"
    assert articles[QAIM_ID]["published"]["date"] == "2017-11-03"
    assert articles[QAIM_ID]["published"]["basis"] == "metadata"
    assert articles[UNDATED_ID]["published"].get("date") is None


def test_adding_the_same_pages_again_skips_them(briefing):
    output = (briefing / "add-again.log").read_text()
    assert f"skipped {HTML / 'rawa-desert-ledger.html'}: already added as content/articles/{RAWA_ID}.md (same URL)" in output
    assert f"skipped {HTML / 'qaim-northern-wire.html'}: already added as content/articles/{QAIM_ID}.md (same URL)" in output
    assert "1 added, 2 already there, 0 not imported" in output
    assert sorted(p.name for p in (briefing / "content" / "articles").glob("*.md")) == sorted(
        f"{i}.md" for i in (QAIM_ID, RAWA_ID, UNDATED_ID))


def test_check_names_the_article_without_a_date(briefing):
    result = run("check", str(briefing))
    assert result.exit_code == 0
    assert (f"content/articles/{UNDATED_ID}.md: warning: 'published': publication date unknown: "
            "relative dates ('on Friday') stay undated") in result.stderr


def test_home_page_is_the_briefing_with_its_title(briefing):
    home = (briefing / "site" / "index.html").read_text()
    assert "The fall of IS" in home
    assert "No articles yet" not in home


def test_a_new_project_builds_at_once_and_says_how_to_add_articles(tmp_path):
    root = tmp_path / "new"
    assert run("init", str(root)).exit_code == 0
    result = run("build", str(root))
    assert result.exit_code == 0, result.output
    home = (root / "site" / "index.html").read_text()
    assert "No articles yet" in home
    assert "briefing add" in home
    assert (root / "site" / "articles" / "index.html").is_file()


def test_init_refuses_an_existing_project(tmp_path):
    root = tmp_path / "p"
    run("init", str(root))
    before = (root / "mkdocs.yml").read_bytes()
    result = run("init", str(root))
    assert result.exit_code == 2
    assert result.stderr == f"error: {root}: already a briefing project (mkdocs.yml exists); nothing was changed\n"
    assert (root / "mkdocs.yml").read_bytes() == before


def test_add_outside_a_project_says_how_to_start_one(tmp_path):
    result = run("add", "-p", str(tmp_path), str(HTML / "rawa-desert-ledger.html"))
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path}: not a briefing project (no mkdocs.yml); start one with `briefing init DIR`\n"


def test_add_with_a_bad_file_imports_the_rest_and_exits_1(tmp_path):
    root = tmp_path / "p"
    run("init", str(root))
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\nText.\n")
    result = run("add", "-p", str(root), str(broken), str(HTML / "qaim-northern-wire.html"))
    assert result.exit_code == 1
    assert f"added {HTML / 'qaim-northern-wire.html'} -> content/articles/{QAIM_ID}.md" in result.stdout
    assert result.stderr == f"error: {broken}:3: front matter: invalid YAML: while parsing a flow sequence, expected ',' or ']', but got '<stream end>'\n"
    assert "1 added, 0 already there, 1 not imported" in result.stdout


def test_quiet_add_prints_only_problems(tmp_path):
    root = tmp_path / "p"
    run("init", str(root))
    result = run("--quiet", "add", "-p", str(root), str(HTML))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == (f"content/articles/{UNDATED_ID}.md: warning: 'published': no publication date in the page's "
                             "metadata: set it if you know it (relative dates stay undated)\n")


def test_add_copies_a_folder_of_text_articles_from_another_project(tmp_path, briefing):
    root = tmp_path / "p"
    run("init", str(root))
    result = run("add", "-p", str(root), str(briefing / "content" / "articles"))
    assert result.exit_code == 0, result.output
    for name in (f"{RAWA_ID}.md", f"{QAIM_ID}.md"):
        assert (root / "content" / "articles" / name).read_bytes() == (briefing / "content" / "articles" / name).read_bytes()
    shutil.rmtree(root)
