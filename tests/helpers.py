"""Test helpers: temporary briefing projects made from a dict of files."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"
MINIMAL_MKDOCS = """\
site_name: Test briefing
site_description: A briefing made by the tests.
docs_dir: .build/docs
site_dir: site
theme:
  name: material
  font: false
nav:
  - Briefing: index.md
  - Chronology: chronology/index.md
  - Entities: entities/index.md
  - Articles: articles/index.md
not_in_nav: |
  /entities/*.md
  /articles/*.md
markdown_extensions: [attr_list, md_in_html, admonition, tables, pymdownx.details, {toc: {permalink: true}}]
plugins: [search]
extra_css: [assets/briefing.css]
extra_javascript: [assets/briefing.js]
validation: {omitted_files: warn, absolute_links: warn, unrecognized_links: warn, anchors: warn}
"""


def make_project(root: Path, files: dict[str, str | bytes] | None = None, *, seed: bool = False, mkdocs: str | None = None) -> Path:
    """A project folder under `root`: mkdocs.yml, the seed articles if asked, then `files` (path -> content)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(mkdocs if mkdocs is not None else MINIMAL_MKDOCS, encoding="utf-8")
    (root / "content" / "articles").mkdir(parents=True, exist_ok=True)
    if seed:
        shutil.copytree(REPO / "content" / "articles", root / "content" / "articles", dirs_exist_ok=True)
    for name, content in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def article(title: str, body: str, **meta: str) -> str:
    """The text of an article file with front matter."""
    lines = [f"title: {title!r}"] + [f"{k}: {v}" for k, v in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + body
