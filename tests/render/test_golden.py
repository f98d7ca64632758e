"""Golden files: the rendered Markdown and exports of a pinned briefing (tests/golden/input/).

The input is the seed corpus with its summaries frozen as `reviewed`, so extraction and its changes
(issues 3, 4) never regenerate them: a diff here is a change in how pages are rendered or merged.
Refresh after an intended change with `make golden` (pytest tests/render/test_golden.py --update-golden)
and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import TESTS

from generator import render
from generator.read import sources
from generator.core.config import load_project
from generator.merge import merge
from generator.summarize import summarize

GOLDEN = TESTS / "golden"
INPUT = GOLDEN / "input"
EXPECTED = GOLDEN / "pages"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, str]:
    """Every page and export of the pinned briefing, path -> text (rendered in memory, nothing built)."""
    root = tmp_path_factory.mktemp("golden")
    shutil.copytree(INPUT, root, dirs_exist_ok=True)
    project = load_project(root)
    articles, problems = sources.read_articles(root)
    assert not problems, problems
    result = summarize(root, articles)
    assert not result.made and not result.proposed and not result.problems, "the pinned summaries must be used as they are"
    briefing = merge(articles, result.summaries)
    pages = render.pages(briefing, render.environment(project.templates_dir), project.site)
    return {page.path: page.text for page in pages}


def test_pages_match_golden_files(rendered, request):
    """Each rendered page equals its golden file; no page is missing or extra."""
    if request.config.getoption("--update-golden"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for path, text in rendered.items():
            target = EXPECTED / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))  # bytes: the calendar keeps its CRLF lines
    expected = {p.relative_to(EXPECTED).as_posix(): p for p in EXPECTED.rglob("*") if p.is_file()}
    assert sorted(rendered) == sorted(expected), "pages added or removed: run `make golden` and review the diff"
    changed = [path for path, text in rendered.items() if expected[path].read_bytes() != text.encode("utf-8")]
    assert not changed, f"rendered pages differ from tests/golden/pages/ ({len(changed)}): {changed[:10]}; run `make golden` if intended"


def test_golden_input_is_pinned():
    """The fixture's summaries are the editor's (reviewed), so no extractor change rewrites them."""
    for path in sorted((INPUT / "content" / "summaries").glob("*.md")):
        assert "\n  status: reviewed\n" in path.read_text(encoding="utf-8"), path.name
