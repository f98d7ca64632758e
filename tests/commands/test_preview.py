"""`briefing extract`: one article's summary and temporal expressions, printed; nothing written (issue 8)."""

from __future__ import annotations

import json
from pathlib import Path

import frontmatter
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.read.sources import split_front_matter

from tests.helpers import TESTS, REPO, article, make_project

HTML = TESTS / "fixtures" / "html"
SEED = REPO / "content" / "articles" / "2017-11-17-iraqi-forces-retake-last-isis-held-town.md"


def extract(*args: str):
    return CliRunner().invoke(main, ["extract", *args], catch_exceptions=False)


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_output_is_the_summary_plus_times_with_offsets_into_the_text():
    result = extract(str(SEED))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["id", "title", "publisher", "url", "published", "summary", "entities", "events",
                          "figures", "quotes", "review", "times"]
    assert data["id"] == SEED.stem
    assert data["review"]["status"] == "machine" and data["review"]["extractor"]
    _, body, _ = split_front_matter(SEED.read_text(encoding="utf-8"))
    assert data["times"], "the Rawa article names several dates"
    for time in data["times"]:
        assert set(time) == {"text", "start", "end", "value", "precision"}
        assert body[time["start"]:time["end"]] == time["text"]
    friday = [t for t in data["times"] if t["text"] == "Friday"]
    assert friday and friday[0]["value"] == "2017-11-17" and friday[0]["precision"] == "day"


def test_published_option_sets_the_anchor_of_relative_dates(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(article("Town retaken", "Troops entered the town on Friday. The siege began in the summer of 2014.\n"))
    undated = json.loads(extract(str(path)).stdout)
    assert undated["published"]["date"] is None
    assert [(t["text"], t["value"]) for t in undated["times"]] == [("Friday", None), ("the summer of 2014", "2014-SU")]
    anchored = json.loads(extract(str(path), "--published", "2017-11-19").stdout)
    assert anchored["published"] == {"date": "2017-11-19", "precision": "day", "basis": "metadata", "note": None}
    assert [(t["text"], t["value"], t["precision"]) for t in anchored["times"]] == [
        ("Friday", "2017-11-17", "day"), ("the summer of 2014", "2014-SU", "season")]
    assert [(e["date"], e["paragraph"]) for e in anchored["events"]][:1] == [("2017-11-17", 1)]


def test_yaml_output_holds_the_same_data():
    as_json = json.loads(extract(str(SEED)).stdout)
    as_yaml = yaml.safe_load(extract(str(SEED), "--format", "yaml").stdout)
    assert as_yaml == as_json


def test_a_saved_page_is_read_as_add_would_import_it():
    data = json.loads(extract(str(HTML / "qaim-northern-wire.html")).stdout)
    assert data["publisher"] == "Northern Wire"
    assert data["published"]["date"] == "2017-11-03"
    assert ("Friday", "2017-11-03") in [(t["text"], t["value"]) for t in data["times"]]


def test_nothing_in_the_project_changes(tmp_path):
    root = make_project(tmp_path / "p", seed=True)
    before = tree(root)
    result = extract(str(root / "content" / "articles" / SEED.name))
    assert result.exit_code == 0
    assert tree(root) == before


def test_an_odd_file_name_does_not_stop_a_preview(tmp_path):
    path = tmp_path / "My saved article.md"
    path.write_text(article("Town retaken", "Troops entered the town on Friday.\n"))
    assert json.loads(extract(str(path)).stdout)["id"] == "my-saved-article"


def test_bad_input_is_one_line_naming_the_problem(tmp_path):
    bad_date = extract(str(SEED), "--published", "Sunday")
    assert bad_date.exit_code == 2
    assert bad_date.stderr == "error: --published: expected YYYY, YYYY-MM or YYYY-MM-DD, got 'Sunday'\n"
    missing = extract(str(tmp_path / "nope.md"))
    assert missing.exit_code == 2
    assert missing.stderr == f"error: {tmp_path / 'nope.md'}: no such file\n"
    untitled = tmp_path / "untitled.md"
    untitled.write_text("---\npublisher: X\n---\nSome text.\n")
    result = extract(str(untitled))
    assert result.exit_code == 1
    assert result.stderr == f"error: {untitled}: 'title': missing; every article needs a title\n"


def test_front_matter_is_not_part_of_the_offsets(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(article("On Friday", "On Friday troops moved in.\n", published="2017-11-19"))
    (time,) = json.loads(extract(str(path)).stdout)["times"]
    assert (time["start"], time["end"]) == (3, 9)
    assert frontmatter.load(path).content[3:9] == "Friday"


def test_the_projects_entities_yml_applies_as_in_a_build(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(article("Push on Baghouz", "IS resists the final push. Islamic State leaders are holed up, and ISIS is not finished.\n"))
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "entities.yml").write_text(
        "entities:\n  - name: Islamic State group\n    type: organization\n    aliases: [Daesh, ISIS]\n")
    bare = json.loads(extract(str(path), "--project", str(tmp_path / "elsewhere")).stdout)
    curated = json.loads(extract(str(path), "--project", str(tmp_path)).stdout)
    assert "ISIS" in {e["name"] for e in bare["entities"]}
    group = [e for e in curated["entities"] if e["name"] == "Islamic State group"]
    assert len(group) == 1 and {"IS", "ISIS", "Islamic State"} <= set(group[0]["aliases"])
    assert curated["review"]["extractor"] != bare["review"]["extractor"]  # the build's cache key, too
    (tmp_path / "content" / "entities.yml").write_text("entities:\n  - name: X\n    type: nonsense\n")
    broken = extract(str(path), "--project", str(tmp_path))
    assert broken.exit_code == 1 and broken.stderr.startswith("error: content/entities.yml:")
