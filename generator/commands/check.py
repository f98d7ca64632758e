"""`briefing check`: every problem the build would meet, found without writing anything."""

from __future__ import annotations

from pathlib import Path

from jinja2 import TemplateSyntaxError

from generator.read import curation
from generator import render
from generator.core import slugs
from generator.read import sources
from generator.summarize import summaries
from generator.core import textio
from generator.core.config import Project, load_project
from generator.core.errors import Problem, relpath
from generator.merge import slugbook
from generator.core.models import Article, Briefing
from generator.core.names import core_key


def content_problems(project: Project, remember: bool = True,
                     slugs: tuple[slugbook.Book, list[Problem]] | None = None) -> tuple[list[Article], list[Problem]]:
    """The readable articles, and every problem a build would stop on (articles, summaries, templates).

    `slugs`: slugbook.load's result when the caller has it already (at 5,000 entities it takes seconds).
    """
    articles, problems = sources.read_articles(project.root, remember)
    for article in articles:
        path = project.summaries_dir / f"{article.id}.md"
        problems += summaries.inspect(path, project.root, article, remember=remember).problems
    problems += curation.load(project.root)[1]
    problems += (slugs or slugbook.load(project.root))[1]
    problems += check_templates(project.templates_dir, project.root)
    return articles, problems


def check(root: Path) -> list[Problem]:
    """All problems of a project: articles, summaries (and pending proposals), entities.yml, slugs.yml, templates."""
    project = load_project(root)
    articles, problems = content_problems(project, remember=False)
    ids = {a.id for a in articles}
    folder = project.summaries_dir
    known_names: set[str] = set()
    for article in articles:
        path = folder / f"{article.id}.md"
        found = summaries.inspect(path, project.root, article, remember=False)
        if found.summary:
            known_names |= {core_key(x) for e in found.summary.entities for x in [e.name, *e.aliases]}
        if found.summary and not found.machine_owned and found.summary.review.source_sha256 != article.source_sha256:
            proposal = summaries.proposal_path(path)
            hint = f"; compare with {proposal.name}" if proposal.exists() else "; run `briefing build` to get the machine's proposal"
            problems.append(Problem(relpath(path, project.root), f"edited summary of an article that has changed since{hint}", warning=True))
        if not article.published.date:
            problems.append(Problem(article.path, "publication date unknown: relative dates ('on Friday') stay undated", field="published", warning=True))
    if folder.is_dir():
        for path in sorted(folder.glob("*.md")):
            stem = path.name[: -len(summaries.PROPOSAL_SUFFIX)] if path.name.endswith(summaries.PROPOSAL_SUFFIX) else path.stem
            if stem not in ids:
                problems.append(Problem(relpath(path, project.root), "summary of an article that no longer exists (kept; not shown)", warning=True))
    if known_names:  # before the first build there is nothing to match names against
        problems += curation.unmatched_names(project.root, known_names, ids)
    return problems


def slug_warnings(briefing: Briefing) -> list[Problem]:
    """Entities kept off their plain URL because another entity's name makes the same slug."""
    path_of = {a.id: a.path for a in briefing.articles}
    by_name = {e.name: e for e in briefing.entities}
    warnings = []
    for name, actual, holder, plain in slugs.displaced([(e.name, e.slug) for e in briefing.entities]):
        entity = by_name[name]
        where = path_of.get(entity.articles[0], "content/articles") if entity.articles else "content/articles"
        warnings.append(Problem(where, f"entity {name!r} is at entities/{actual}/ because {holder!r} has entities/{plain}/ "
                                       "(if they are one entity, merge them in content/entities.yml)", warning=True))
    return warnings


def check_templates(folder: Path, root: Path) -> list[Problem]:
    """Syntax errors in the project's templates, with file and line."""
    problems = []
    env = render.environment(folder)
    if folder.is_dir():
        for path in sorted(folder.rglob("*.j2")):
            try:
                env.parse(textio.decode(textio.read(path, textio.MAX_ARTICLE_BYTES)), name=path.name)
            except TemplateSyntaxError as exc:
                problems.append(Problem(relpath(path, root), f"template syntax: {exc.message}", line=exc.lineno))
            except textio.NotText as exc:
                problems.append(Problem(relpath(path, root), str(exc)))
            except OSError as exc:
                problems.append(Problem(relpath(path, root), f"cannot read: {exc.strerror or exc}"))
    return problems
