"""The pipeline, end to end: read -> summarise -> merge -> render -> site. Reads like its table of contents."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from . import render, sitebuild, sources
from .config import Project, load_project
from .errors import BuildError, ContentError, Problem
from .merge import merge
from .progress import ProgressCallback, nothing
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


def build(root: Path, builder: str | None = None, strict: bool = True, progress: ProgressCallback = nothing) -> BuildReport:
    """Build DIR/site/ from DIR/content/. Nothing in site/ changes unless the whole build succeeds."""
    project = load_project(root, builder)
    with project_lock(project):
        sitebuild.recover(project.site_dir)
        report = generate(project, progress)
        progress(f"Building the site ({project.builder})", 0, 0)
        report.builder_output = sitebuild.build_site(project, strict=strict)
    return report


def generate(project: Project, progress: ProgressCallback = nothing) -> BuildReport:
    """Every stage before the site builder: read, summarise, merge, render into docs_dir (`serve` stops here)."""
    report = BuildReport()
    articles, problems = sources.read_articles(project.root)
    report.warnings += fail_on_errors(problems)
    report.articles = len(articles)

    summarised = summarize(project.root, articles, lambda done, total: progress("Summarising", done, total))
    report.warnings += fail_on_errors(summarised.problems)
    report.summarised, report.proposed = summarised.made, summarised.proposed

    briefing = merge(articles, summarised.summaries)

    env = render.environment(project.templates_dir)
    pages = render.pages(briefing, env, project.site)
    write_docs(project, pages)
    report.pages = len(pages)
    return report


def write_docs(project: Project, pages: list[render.Page]) -> None:
    """Make the generated docs folder hold exactly these pages (a deleted article's page disappears).

    Pages are written aside, then only the files that differ are moved in: a live server watching
    docs_dir (`briefing serve`) sees just the real changes, and the folder is never missing.
    """
    staging = project.docs_dir.with_name(f".{project.docs_dir.name}-next")  # beside docs_dir, never inside
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    render.write_pages(pages, staging)
    sync_folder(staging, project.docs_dir)
    shutil.rmtree(staging, ignore_errors=True)


def sync_folder(source: Path, target: Path) -> None:
    """Make `target` hold the files of `source`: changed and new files moved in, others removed."""
    target.mkdir(parents=True, exist_ok=True)
    wanted: set[Path] = set()
    for path in sorted(source.rglob("*")):
        if path.is_dir():
            continue
        relative = path.relative_to(source)
        wanted.add(relative)
        dest = target / relative
        if dest.is_dir():
            shutil.rmtree(dest)
        if dest.is_file() and dest.read_bytes() == path.read_bytes():
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, dest)
    for path in sorted(target.rglob("*"), reverse=True):  # children before their folders
        relative = path.relative_to(target)
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        elif relative not in wanted:
            path.unlink()
