"""The pipeline, end to end: read -> summarise -> merge -> render -> site. Reads like its table of contents."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from . import curation, render, sitebuild, sources
from .config import Project, load_project
from .errors import BuildError, ContentError, Problem
from .merge import merge, slugbook
from .summarize import summarize


@dataclass
class BuildReport:
    """What a build did, for the CLI to print."""

    articles: int = 0
    summarised: list[str] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)
    pages: int = 0
    warnings: list[Problem] = field(default_factory=list)
    builder_output: list[str] = field(default_factory=list)


@contextmanager
def project_lock(project: Project) -> Iterator[None]:
    """One build at a time per project: a second one stops with a clear message instead of mixing output."""
    project.work_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(project.work_dir / "build.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BuildError(f"another build of {project.root} is running (lock {project.work_dir / 'build.lock'}); try again when it ends") from None
    try:
        yield
    finally:
        lock.release()


def fail_on_errors(problems: list[Problem]) -> list[Problem]:
    """Raise ContentError if any problem is an error; return the warnings."""
    errors = [p for p in problems if not p.warning]
    if errors:
        raise ContentError(errors)
    return [p for p in problems if p.warning]


def build(root: Path, builder: str | None = None, strict: bool = True) -> BuildReport:
    """Build DIR/site/ from DIR/content/. Nothing in site/ changes unless the whole build succeeds."""
    project = load_project(root, builder)
    report = BuildReport()
    with project_lock(project):
        sitebuild.recover(project.site_dir)

        articles, problems = sources.read_articles(project.root)
        report.warnings += fail_on_errors(problems)
        report.articles = len(articles)

        summarised = summarize(project.root, articles)
        report.warnings += fail_on_errors(summarised.problems)
        report.summarised, report.proposed = summarised.made, summarised.proposed

        judgements, problems = curation.load(project.root)
        book, book_problems = slugbook.load(project.root)
        report.warnings += fail_on_errors(problems + book_problems)
        briefing = merge(articles, summarised.summaries, judgements, book)

        env = render.environment(project.templates_dir)
        pages = render.pages(briefing, env, project.site)
        write_docs(project, pages)
        report.pages = len(pages)

        report.builder_output = sitebuild.build_site(project, strict=strict)
        # entity URLs handed out are kept only once the site that uses them is built
        slugbook.save(project.root, slugbook.updated(book, [(e.slug, slugbook.keys_of(e)) for e in briefing.entities]))
    return report


def write_docs(project: Project, pages: list[render.Page]) -> None:
    """Replace the generated docs folder with exactly these pages (a deleted article's page disappears)."""
    docs = project.docs_dir
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    render.write_pages(pages, docs)
