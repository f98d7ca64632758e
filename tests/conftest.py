"""Shared fixtures: the seed project built once per test session (the slow part of most checks)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import build

from .helpers import REPO


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture(scope="session")
def seed_project(tmp_path_factory) -> Path:
    """A copy of the repository's own briefing (seed articles, mkdocs.yml, templates), built once."""
    root = tmp_path_factory.mktemp("seed")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "content" / "articles", root / "content" / "articles")
    shutil.copytree(REPO / "templates", root / "templates")
    if (REPO / "content" / "summaries").is_dir():  # the editors' summaries are content too
        shutil.copytree(REPO / "content" / "summaries", root / "content" / "summaries")
    for judgements in ("entities.yml", "slugs.yml"):  # and so are their entity judgements and page addresses
        if (REPO / "content" / judgements).is_file():
            shutil.copy(REPO / "content" / judgements, root / "content" / judgements)
    build(root)
    return root
