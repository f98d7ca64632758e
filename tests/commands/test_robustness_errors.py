"""Promise 1: every bad input gets one clear line, all collected at once; exit 1 content, 2 usage; no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import make_project

BRIEFING = str(Path(sys.executable).parent / "briefing")

BROKEN = {
    "content/articles/a.md": "---\ntitle: A\npublished: Sunday\n---\nText one.\n",
    "content/articles/b.md": b"---\ntitle: Caf\xe9\n---\nText.\n",
    "content/articles/c.md": "---\ntitle: C\npublished: 2017-11-17\n---\nIraqi forces retook Rawa.\n",
    "content/summaries/c.md": "---\nid: c\ntitle: C\nentities:\n  - {name: Rawa, type: town}\nreview: {status: edited}\n---\n",
    "templates/home.md.j2": "# {{ b.site.site_name }\n",
}
EXPECTED = [
    "error: content/articles/a.md:3: 'published': expected YYYY, YYYY-MM or YYYY-MM-DD, got 'Sunday'",
    "error: content/articles/b.md: not UTF-8: byte 0xe9 at offset 14 (Latin-1 or Windows-1252? save the file as UTF-8)",
    "error: content/summaries/c.md:5: 'entities.0.type': Input should be 'person', 'organization', 'place', 'group', 'event' or 'other', got 'town'",
    "error: templates/home.md.j2:1: template syntax: unexpected '}'",
]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([BRIEFING, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_build_reports_every_problem_at_once_and_builds_nothing(tmp_path):
    root = make_project(tmp_path, BROKEN)
    result = run("build", str(root))
    assert result.returncode == 1
    assert result.stderr.splitlines() == EXPECTED + ["error: 4 problems: nothing was built; site/ was left as it was"]
    assert "Traceback" not in result.stdout + result.stderr
    assert not (root / "site").exists() and not (root / "content/summaries/a.md").exists()


def test_check_reports_the_same_problems_without_building(tmp_path):
    root = make_project(tmp_path, BROKEN)
    result = run("check", str(root))
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == EXPECTED
    assert not (root / "site").exists() and not (root / ".build/docs").exists()  # .build/cache may hold read articles


def test_a_template_that_names_an_unknown_value_is_reported_with_file_and_line(tmp_path):
    root = make_project(tmp_path, {"content/articles/c.md": BROKEN["content/articles/c.md"],
                                   "templates/home.md.j2": "# Home\n\n{{ b.nonexistent_thing }}\n"})
    result = run("build", str(root))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: templates/home.md.j2:3: template error: 'generator.render.present.BriefingView object' has no attribute 'nonexistent_thing'",
        "error: 1 problem: nothing was built; site/ was left as it was",
    ]


def test_a_missing_project_folder_is_a_usage_error(tmp_path):
    result = run("build", str(tmp_path / "nowhere"))
    assert (result.returncode, result.stderr) == (2, f"error: {tmp_path / 'nowhere'}: no such folder\n")


def test_a_folder_without_mkdocs_yml_is_a_usage_error(tmp_path):
    result = run("check", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == f"error: {tmp_path}: not a briefing project (no mkdocs.yml); start one with `briefing init DIR`\n"


@pytest.mark.parametrize("args, message", [
    (["build", "--nonsense"], "Error: No such option '--nonsense'."),
    (["frobnicate"], "Error: No such command 'frobnicate'."),
    (["build", "--builder", "hugo"], "Error: Invalid value for '--builder': 'hugo' is not one of 'mkdocs', 'zensical'."),
])
def test_click_usage_errors_exit_2(tmp_path, args, message):
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == message and "Traceback" not in result.stderr


def test_a_broken_mkdocs_yml_is_one_line(tmp_path):
    root = make_project(tmp_path, mkdocs="site_name: x\nnav: [\n")
    result = run("build", str(root))
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["error: mkdocs.yml:3: expected the node content, but found '<stream end>'"]


def test_debug_shows_the_traceback_too(tmp_path):
    result = run("--debug", "build", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.splitlines()[-1] == f"error: {tmp_path / 'nowhere'}: no such folder"


def test_a_content_problem_in_a_valid_project_does_not_touch_the_previous_site(tmp_path):
    root = make_project(tmp_path, {"content/articles/c.md": BROKEN["content/articles/c.md"]})
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("previous")
    (root / "content/articles/a.md").write_text(BROKEN["content/articles/a.md"])
    result = run("build", str(root))
    assert result.returncode == 1
    assert (root / "site" / "index.html").read_text() == "previous"


def test_control_characters_in_names_and_keys_never_break_the_line(tmp_path):
    root = make_project(tmp_path, {"content/articles/a\x1b[31mb.md": "---\ntitle: T\n\"bad\\nkey\": 1\npublished: Sunday\n---\nText.\n"})
    result = run("check", str(root))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/articles/a\\x1b[31mb.md:3: warning: 'bad\\nkey': unknown field (known: author, byline, language, published, "
        "published_basis, published_note, publisher, source_file, title, url)",
        "error: content/articles/a\\x1b[31mb.md:4: 'published': expected YYYY, YYYY-MM or YYYY-MM-DD, got 'Sunday'",
    ]
