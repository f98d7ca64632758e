"""Shared fixtures: the seed project built once per test session (the slow part of most checks)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.commands.build import build

from .helpers import REPO


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, one per test session (Playwright's sync API allows one at a time)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found: run `make test` (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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
