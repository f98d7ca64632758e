"""Merge and render at sizes the NLP cannot reach in a benchmark run: summaries replicated from a built corpus.

    python -m bench.scale PROJECT --times 1,2,5      # PROJECT: a built briefing (articles and summaries)

Each copy of an article and its summary gets a new id and its dates moved by whole years, so copies
are distinct articles reporting distinct (same-text) events. Names are not varied: every copy meets the
same entities, which is harder for the chronology's blocking than real growth (more candidates per
entity and date). Measures merge, render and peak memory in this process; with --site, also writes the
largest size's pages and times a bare `mkdocs build` of them with its peak memory.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from generator.commands import build as build_module
from generator import render
from generator.read import sources
from generator.summarize import summaries
from generator.core.config import load_project
from generator.merge import merge
from generator.core.models import Article, Summary

YEAR = re.compile(r"^(\d{4})")


def shifted(value: str | None, years: int) -> str | None:
    return YEAR.sub(lambda m: str(int(m.group(1)) + years), value) if value else value


def replicate(articles: list[Article], found: dict[str, Summary], times: int) -> tuple[list[Article], dict[str, Summary]]:
    """`times` copies of every article and its summary, with new ids and dates `copy` years later."""
    out_articles, out_summaries = [], {}
    for copy in range(times):
        for article in articles:
            new_id = f"{article.id}-c{copy}"
            a = article.model_copy(update={"id": new_id})
            s = found[article.id].model_copy(deep=True)
            s.id = new_id
            s.published.date = shifted(s.published.date, copy)
            for event in s.events:
                event.date = shifted(event.date, copy)
            out_articles.append(a)
            out_summaries[new_id] = s
    return out_articles, out_summaries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("project", type=Path)
    parser.add_argument("--times", default="1,2,5")
    parser.add_argument("--site", action="store_true", help="build the largest size's site with MkDocs")
    args = parser.parse_args()
    project = load_project(args.project)
    articles, _ = sources.read_articles(project.root)
    found = {a.id: summaries.inspect(project.summaries_dir / f"{a.id}.md", project.root).summary for a in articles}
    env = render.environment(project.templates_dir)
    rows = []
    for times in [int(t) for t in args.times.split(",")]:
        many, many_summaries = replicate(articles, found, times)
        start = time.perf_counter()
        briefing = merge(many, many_summaries)
        merged = time.perf_counter()
        pages = render.pages(briefing, env, project.site)
        rendered = time.perf_counter()
        rows.append({
            "articles": len(many), "events": len(briefing.chronology), "entities": len(briefing.entities), "pages": len(pages),
            "merge_s": round(merged - start, 2), "render_s": round(rendered - merged, 2),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        })
        print(json.dumps(rows[-1]), flush=True)
    if args.site:
        build_module.write_docs(project, pages)
        out = project.root / ".bench-scale-site"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean", "--site-dir", str(out)],
                       cwd=project.root, check=True, capture_output=True)
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(json.dumps({"mkdocs_s": round(time.perf_counter() - start, 1), "mkdocs_peak_mb": round(child),
                          "docs_mb": round(sum(f.stat().st_size for f in project.docs_dir.rglob("*") if f.is_file()) / 2**20)}), flush=True)
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
