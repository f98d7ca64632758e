"""An incremental build gives exactly the site a clean build gives (issue 16).

A random sequence of edits (articles added, changed and deleted, summaries edited by hand, a merge in
entities.yml, a page of site/ damaged) is applied to a built project; after each, `briefing build`
runs incrementally (the generator skipped when nothing it reads changed, unchanged pages taken from
the previous site). At checkpoints the project's inputs are copied to a fresh folder and built from
nothing, and the generated Markdown is compared with the incremental one file by file, and the
incremental site/ with a plain `mkdocs build` of the fresh copy, file by file (search index and
sitemap included).
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands.build import build
from generator.sitebuild import incremental

from tests.helpers import REPO

SEEDS = [16]  # one sequence: each step builds (with spaCy), about six minutes on a loaded machine


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_tree(got: Path, expected: Path) -> None:
    a, b = tree(got), tree(expected)
    assert sorted(a) == sorted(b), (sorted(set(a) - set(b))[:5], sorted(set(b) - set(a))[:5])
    different = [name for name in a if a[name] != b[name]]
    assert different == [], different[:10]


def clean_copy(root: Path, into: Path) -> Path:
    """The project's inputs alone (content/, mkdocs.yml, templates/): what a fresh checkout holds."""
    into.mkdir(parents=True)
    shutil.copy(root / "mkdocs.yml", into / "mkdocs.yml")
    shutil.copytree(root / "content", into / "content")
    if (root / "templates").is_dir():
        shutil.copytree(root / "templates", into / "templates")
    return into


def plain_mkdocs(root: Path, out: Path) -> None:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict", "--site-dir", str(out)],
                   cwd=root, check=True, capture_output=True)


def entity_names(root: Path, kind: str) -> list[str]:
    names = []
    for path in sorted((root / "content" / "summaries").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        names += re.findall(rf"^- name: (.+)\n  type: {kind}$", text, re.MULTILINE)
    return sorted(set(names))


def correct_summary(text: str, words: str) -> str:
    """The summary's text with `words` before its first summary sentence, inside its quotes if any (as bench/edits.py)."""
    return re.sub(r"^(- text: )(['\"]?)", lambda m: f"{m.group(1)}{m.group(2)}{words} ", text, count=1, flags=re.MULTILINE)


def edit(root: Path, rng: random.Random, step: int) -> str:
    """One random editor's action; returns what it did."""
    articles = sorted((root / "content" / "articles").glob("*.md"))
    action = rng.choice(["add", "change", "change", "delete", "summary", "merge", "site"])
    if action == "delete" and len(articles) <= 3:
        action = "change"
    if action == "add":
        source = rng.choice(articles)
        text = source.read_text(encoding="utf-8").replace("title: ", f"title: Step {step}: ", 1)
        (root / "content" / "articles" / f"added-{step}.md").write_text(text + f"\nThe desk added report {step}.\n", encoding="utf-8")
    elif action == "change":
        path = rng.choice(articles)
        path.write_text(path.read_text(encoding="utf-8") + f"\nThe desk added this sentence at step {step}.\n", encoding="utf-8")
    elif action == "delete":
        rng.choice(articles).unlink()
    elif action == "summary":
        summaries = sorted((root / "content" / "summaries").glob("*.md"))
        summaries = [p for p in summaries if not p.name.endswith(".proposed.md")]
        path = rng.choice(summaries)
        text = path.read_text(encoding="utf-8")
        path.write_text(correct_summary(text, f"Edited at step {step}"), encoding="utf-8")
    elif action == "merge":
        places = [n for n in entity_names(root, "place") if "Old City" not in n and ":" not in n and "'" not in n]
        first, second = rng.sample(places, 2)
        config = root / "content" / "entities.yml"
        config.write_text(config.read_text(encoding="utf-8") + f"merge:\n  - ['{first}', '{second}']\n"
                          if "\nmerge:" not in config.read_text(encoding="utf-8") else
                          config.read_text(encoding="utf-8").replace("\nmerge:\n", f"\nmerge:\n  - ['{first}', '{second}']\n", 1),
                          encoding="utf-8")
        action += f" {first} + {second}"
    else:  # someone edits a built page by hand: the next build must put it right
        page = rng.choice(sorted((root / "site" / "entities").rglob("index.html")))
        page.write_text(page.read_text(encoding="utf-8").replace("<body", "<body data-edited", 1), encoding="utf-8")
    return action


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_an_incremental_build_gives_the_site_a_clean_build_gives(seed_project, tmp_path, monkeypatch, seed):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the sitemap's dates: one day for both builds
    root = tmp_path / "project"
    shutil.copytree(seed_project, root)
    build(root)
    rng = random.Random(seed)
    done = []
    for step in range(1, 7):
        done.append(edit(root, rng, step))
        build(root)
        if step % 3 == 0:
            fresh = clean_copy(root, tmp_path / f"fresh-{step}")
            build(fresh)
            assert_same_tree(root / ".build" / "docs", fresh / ".build" / "docs")
            plain_mkdocs(fresh, tmp_path / f"reference-{step}")
            assert_same_tree(root / "site", tmp_path / f"reference-{step}")


@pytest.mark.slow
def test_unchanged_pages_are_reused_and_a_nothing_changed_build_generates_nothing(seed_project, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(seed_project, root)
    build(root)
    again = build(root)
    assert again.docs_unchanged and again.site_unchanged
    articles = sorted((root / "content" / "articles").glob("*.md"))
    # the state names the project's folder (MkDocs' configuration holds absolute paths): in its new
    # place the first build that runs the builder renders every page, and the state is the copy's own
    articles[-1].write_text(articles[-1].read_text(encoding="utf-8") + "\nA first edit in the new place.\n", encoding="utf-8")
    build(root)
    edited, other = articles[0].stem, articles[-1].stem
    inode = {name: (root / "site" / "articles" / name / "index.html").stat().st_ino for name in (edited, other)}
    articles[0].write_text(articles[0].read_text(encoding="utf-8") + "\nThe desk added this sentence.\n", encoding="utf-8")
    report = build(root)
    assert not report.docs_unchanged and not report.site_unchanged
    page = root / "site" / "articles" / edited / "index.html"
    assert "The desk added this sentence." in page.read_text(encoding="utf-8")
    assert page.stat().st_ino != inode[edited]  # rendered again
    assert (root / "site" / "articles" / other / "index.html").stat().st_ino == inode[other]  # the same file, linked


def run_incremental(root: Path, out: Path, previous: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.sitebuild.incremental", "--config-file", str(root / "mkdocs.yml"),
                           "--site-dir", str(out), "--previous", str(previous), "--state", str(root / "state.pickle"), *extra],
                          cwd=REPO, capture_output=True, text=True)


def test_a_reused_page_logs_its_warnings_again_so_strict_mode_still_fails(tmp_path):
    """A page's link warning is counted on every build, whether its page is rendered or reused."""
    from tests.helpers import MINIMAL_MKDOCS

    root = tmp_path / "p"
    docs = root / ".build" / "docs"
    (root / "mkdocs.yml").parent.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS, encoding="utf-8")
    for name in ("index.md", "chronology/index.md", "entities/index.md", "articles/index.md"):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(f"# {name}\n", encoding="utf-8")
    (docs / "articles" / "a.md").write_text("# A\n\nSee [the home page](../index.md#nowhere).\n", encoding="utf-8")
    first = run_incremental(root, tmp_path / "one", tmp_path / "none")
    assert first.returncode == 0 and "5 pages rendered, 0 reused" in first.stderr
    second = run_incremental(root, tmp_path / "two", tmp_path / "one")
    assert second.returncode == 0 and "0 pages rendered, 5 reused" in second.stderr
    assert "contains a link '../index.md#nowhere'" in second.stderr
    strict = run_incremental(root, tmp_path / "three", tmp_path / "two", "--strict")
    assert strict.returncode == 1 and "in strict mode" in strict.stdout + strict.stderr
