"""The summarise stage: machine summaries are cached and regenerated; people's summaries never overwritten."""

from __future__ import annotations

from generator.read import sources
from generator.summarize import summaries
from generator.summarize import summarize

from tests.helpers import article, make_project

TEXT = "Iraqi forces retook the town of Rawa on Friday, Prime Minister Haider al-Abadi said.\n"


def run(root):
    articles, problems = sources.read_articles(root)
    assert [p for p in problems if not p.warning] == []
    return summarize(root, articles)


def test_first_run_writes_then_caches(tmp_path):
    root = make_project(tmp_path, {"content/articles/a.md": article("Rawa", TEXT, published="2017-11-17")})
    assert run(root).made == ["a"]
    assert (root / "content/summaries/a.md").is_file()
    assert run(root).made == []


def test_changed_article_regenerates_a_machine_summary(tmp_path):
    root = make_project(tmp_path, {"content/articles/a.md": article("Rawa", TEXT, published="2017-11-17")})
    run(root)
    (root / "content/articles/a.md").write_text(article("Rawa", TEXT + "\nMore fighting was reported on Saturday.\n", published="2017-11-17"))
    assert run(root).made == ["a"]


def test_edited_summary_is_kept_and_a_proposal_written_beside_it(tmp_path):
    root = make_project(tmp_path, {"content/articles/a.md": article("Rawa", TEXT, published="2017-11-17")})
    run(root)
    path = root / "content/summaries/a.md"
    edited = path.read_text().replace("---\n", "---\n", 1) + "Checked by the desk.\n"
    path.write_text(edited)
    (root / "content/articles/a.md").write_text(article("Rawa", TEXT + "\nMore text arrived.\n", published="2017-11-17"))
    result = run(root)
    assert path.read_text() == edited
    assert result.made == [] and result.proposed == ["a"]
    assert summaries.proposal_path(path).is_file()
    assert [str(p) for p in result.problems] == [
        "content/summaries/a.md: warning: its article changed since it was edited; the machine's new summary is in a.proposed.md"]
    assert result.summaries["a"].notes == "Checked by the desk."
