"""Progress of long work: bars on a terminal, a line per long phase in a log, nothing when quiet (issue 8)."""

from __future__ import annotations

import io

from rich.console import Console

from generator.core import progress
from generator.read.sources import read_articles
from generator.summarize import summarize

from tests.helpers import make_project


def test_quiet_shows_nothing():
    with progress.display(False) as show:
        assert show is progress.nothing


def test_a_log_gets_one_line_per_long_phase():
    out = io.StringIO()
    with progress.display(True, Console(file=out, force_terminal=False)) as show:
        for done in range(301):
            show("Summarising", done, 300)
        show("Importing", 0, 2)  # a few files: no line
        show("Building the site (mkdocs)", 0, 0)
    assert out.getvalue() == "Summarising (300)…\nBuilding the site (mkdocs)…\n"


def test_a_terminal_gets_bars_that_go_away():
    out = io.StringIO()
    with progress.display(True, Console(file=out, force_terminal=True, width=100)) as show:
        show("Summarising", 1, 3)
        show("Summarising", 3, 3)
    assert "Summarising" in out.getvalue()
    assert "3/3" in out.getvalue()


def test_summarising_reports_every_article(tmp_path):
    root = make_project(tmp_path / "p", seed=True)
    articles, _ = read_articles(root)
    calls = []
    summarize(root, articles, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(i, len(articles)) for i in range(len(articles) + 1)]
    calls.clear()
    summarize(root, articles, progress=lambda done, total: calls.append((done, total)))
    assert calls == []  # all cached: nothing to report
