"""`briefing check`: every problem the build would meet, found without writing anything."""

from __future__ import annotations

from pathlib import Path

from jinja2 import TemplateSyntaxError

from . import curation, render, sources, summaries
from .config import load_project
from .errors import Problem, relpath
from .merge import slugbook
from .names import core_key


def check(root: Path) -> list[Problem]:
    """All problems of a project: articles, summaries (and pending proposals), entities.yml, slugs.yml, templates."""
    project = load_project(root)
    articles, problems = sources.read_articles(project.root)
    ids = {a.id for a in articles}
    folder = project.summaries_dir
    known_names: set[str] = set()
    for article in articles:
        path = folder / f"{article.id}.md"
        found = summaries.inspect(path, project.root)
        problems += found.problems
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
    problems += curation.check(project.root, known_names, ids) if known_names else curation.load(project.root)[1]
    problems += slugbook.load(project.root)[1]
    problems += check_templates(project.templates_dir, project.root)
    return problems


def check_templates(folder: Path, root: Path) -> list[Problem]:
    """Syntax errors in the project's templates, with file and line."""
    problems = []
    env = render.environment(folder)
    if folder.is_dir():
        for path in sorted(folder.rglob("*.j2")):
            try:
                env.parse(path.read_text(encoding="utf-8"), name=path.name)
            except TemplateSyntaxError as exc:
                problems.append(Problem(relpath(path, root), f"template syntax: {exc.message}", line=exc.lineno))
    return problems
