"""The pipeline, end to end: read -> summarise -> merge -> render -> site. Reads like its table of contents."""

from __future__ import annotations

import hashlib
import os
import pickle
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from generator.commands import check
from generator.commands import fingerprint
from generator.read import curation
from generator import render
from generator import sitebuild
from generator.sitebuild import stamp as sitestamp
from generator.core import slugs as core_slugs
from generator.core import textio, yamlio
from generator.core.config import Project, load_project
from generator.core.errors import BuildError, ContentError, Problem
from generator.commands.isolated import run_isolated
from generator.merge import merge, slugbook
from generator.core.progress import ProgressCallback, nothing
from generator.summarize import summarize


@dataclass
class BuildReport:
    """What a build did, for the CLI to print."""

    articles: int = 0
    summarised: list[str] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)
    pages: int = 0
    warnings: list[Problem] = field(default_factory=list)
    builder_output: list[str] = field(default_factory=list)
    site_unchanged: bool = False  # nothing the site builder reads changed: it was not run
    docs_unchanged: bool = False  # nothing the generator reads changed: it was not run (the report is the last one's)


@contextmanager
def project_lock(project: Project) -> Iterator[None]:
    """One build at a time per project: a second one stops with a clear message instead of mixing output."""
    path = project.work_dir / "build.lock"
    lock = FileLock(str(path))
    try:
        project.work_dir.mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=0)
    except Timeout:
        raise BuildError(f"another build of {project.root} is running (lock {path}); try again when it ends") from None
    except OSError as exc:
        raise BuildError(f"{project.work_dir}: cannot create the build folder ({exc.strerror}); nothing was built or deleted") from None
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


def build(root: Path, builder: str | None = None, strict: bool = True, progress: ProgressCallback = nothing,
          scheduler: str | None = None) -> BuildReport:
    """Build DIR/site/ from DIR/content/. Nothing in site/ changes unless the whole build succeeds."""
    project = load_project(root, builder, scheduler)
    with project_lock(project):
        sitebuild.preflight(project)
        sitebuild.recover(project.site_dir)
        # generated in a forked child: its gigabyte at 5,000 articles is freed before the builder runs
        report = run_isolated(generate_if_changed, project, progress)
        if sitestamp.up_to_date(project, strict):
            report.site_unchanged = True  # the builder would make the same site/ again
            return report
        sitestamp.forget(project)
        progress(f"Building the site ({project.builder})", 0, 0)
        report.builder_output = sitebuild.build_site(project, strict=strict)
        sitestamp.record(project, strict)
    return report


def generate_if_changed(project: Project, progress: ProgressCallback = nothing) -> BuildReport:
    """`generate`, unless every input is byte for byte what the last generation read and its docs are untouched."""
    before = fingerprint.inputs(project)
    last = fingerprint.recorded(project, before)
    if last is not None:
        return replace(last, docs_unchanged=True)
    fingerprint.forget(project)  # a generation that stops half-way leaves no stamp
    report = generate(project, progress)
    # as the next generation with nothing changed would report it: nothing summarised, the same warnings
    fingerprint.record(project, before, fingerprint.inputs(project), written_by(report),
                       replace(report, summarised=[], proposed=[]))
    return report


def written_by(report: BuildReport) -> set[str]:
    """The files the generator itself writes into content/ (their change is not an edit)."""
    return ({f"content/summaries/{i}.md" for i in report.summarised} | {f"content/summaries/{i}.proposed.md" for i in report.proposed}
            | {slugbook.FILE.as_posix()})


def generate(project: Project, progress: ProgressCallback = nothing) -> BuildReport:
    """Every stage before the site builder: read, summarise, merge, render into docs_dir (`serve` stops here)."""
    report = BuildReport()
    slugs = load_slugbook(project)
    articles, problems = check.content_problems(project, slugs=slugs)  # every bad input at once, before any work
    report.warnings += fail_on_errors(problems)
    report.articles = len(articles)

    summarised = summarize(project.root, articles, lambda done, total: progress("Summarising", done, total),
                           scheduler=project.scheduler)
    report.warnings += fail_on_errors(summarised.problems)
    report.summarised, report.proposed = summarised.made, summarised.proposed

    judgements, _ = curation.load(project.root)  # its problems stopped the build above
    book = slugs[0]
    briefing = merge(articles, summarised.summaries, judgements, book)
    report.warnings += check.slug_warnings(briefing)

    env = render.environment(project.templates_dir, project.work_dir / "cache" / "jinja")
    pages = render.pages(briefing, env, project.site)
    write_docs(project, pages)
    report.pages = len(pages)
    # the entity URLs the pages use are kept, so the next build gives each entity the same one
    slugbook.save(project.root, slugbook.updated(book, [(e.slug, slugbook.keys_of(e)) for e in briefing.entities]))
    return report


def load_slugbook(project: Project) -> tuple[slugbook.Book, list[Problem]]:
    """slugbook.load, kept in .build/cache by the SHA-256 of slugs.yml: parsing 5,400 slugs with line
    numbers took 2.3 s (Libya, loaded machine), twice a build; an edit rarely changes the file."""
    path = project.root / slugbook.FILE
    cache = project.work_dir / "cache" / "slugbook.pickle"
    try:
        digest = hashlib.sha256(path.read_bytes())
        for module in (slugbook, yamlio, textio, core_slugs):  # the code that reads it
            digest.update(Path(module.__file__).read_bytes())
        key = digest.hexdigest()
    except OSError:
        return slugbook.load(project.root)
    try:
        with cache.open("rb") as handle:
            kept = pickle.load(handle)
        if kept[0] == key:
            return kept[1]
    except (OSError, pickle.PickleError, EOFError, IndexError, TypeError, ValueError, AttributeError, ImportError):
        pass
    loaded = slugbook.load(project.root)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_name(cache.name + ".partial")
        with partial.open("wb") as handle:
            pickle.dump((key, loaded), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, cache)
    except OSError:
        pass
    return loaded


def write_docs(project: Project, pages: list[render.Page]) -> int:
    """Make the generated docs folder hold exactly these pages (a deleted article's page disappears).

    Unchanged files are left as they are, so a live server watching docs_dir (`briefing serve`) sees
    just the real changes; returns how many files were written or deleted.
    """
    project.docs_dir.mkdir(parents=True, exist_ok=True)
    return render.write_pages(pages, project.docs_dir, project.work_dir / "cache" / "pages.json")
