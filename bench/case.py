"""One benchmark case: build one corpus stage by stage, then its baselines and rebuilds, as JSON.

Run in a process of its own (`python -m bench.case ...`, started by `python -m bench`) so that its
peak memory is its own: `ru_maxrss` of this process and of its largest child (pool workers, builders).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from generator.commands import build as build_module
from generator.summarize import nlp
from generator import render
from generator import sitebuild
from generator.sitebuild import stamp as sitestamp
from generator.read import sources

from .treemem import peak_tree_mb
from generator.core.config import load_project
from generator.merge import merge
from generator.summarize import BATCH_SIZE, processes_for, summarize

from . import corpora, edits

# Raw nlp.pipe throughput is a rate: a sample of the same paragraphs measures it well enough, and the
# 5,000-article case would otherwise spend minutes on the baseline alone.
BASELINE_MAX_WORDS = 150_000


@contextmanager
def timed(into: dict, key: str) -> Iterator[None]:
    """Store the wall-clock seconds of the block in into[key]."""
    start = time.perf_counter()
    yield
    into[key] = round(time.perf_counter() - start, 3)


def nlp_baseline(texts: list[str], processes: int) -> dict:
    """spaCy's own nlp.pipe over the same paragraphs, same pipeline, `processes` processes: words/s."""
    sample, words = [], 0
    for text in texts:
        if words >= BASELINE_MAX_WORDS:
            break
        sample.append(text)
        words += len(text.split())
    # A pipeline of its own, loaded as the build loads one and warmed the same way: the build's has
    # already seen these texts (its vocabulary holds their words), which would flatter the baseline.
    pipeline = nlp.load.__wrapped__()
    pipeline("Warm up the pipeline once.")
    start = time.perf_counter()
    for _ in pipeline.pipe(sample, batch_size=BATCH_SIZE, n_process=processes):
        pass
    seconds = time.perf_counter() - start
    return {"words": words, "seconds": round(seconds, 3), "words_per_s": round(words / seconds), "processes": processes}


def zensical_builds(root: Path) -> dict:
    """Zensical into staging: cold (its cache emptied) and again with its cache."""
    project = load_project(root, "zensical")
    shutil.rmtree(root / ".cache", ignore_errors=True)
    result: dict = {}
    with timed(result, "cold"):
        sitebuild.build_site(project, strict=False)
    with timed(result, "warm"):
        sitebuild.build_site(project, strict=False)
    result["pages"] = sum(1 for _ in project.site_dir.rglob("index.html"))
    return result


def peak_memory_mb() -> dict:
    """Peak resident memory of this process and of its largest child, in MB (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self": round(own), "largest_child": round(child)}


def run_case(corpus: corpora.Corpus, builders: list[str], baselines: bool = True, scheduler: str | None = None,
             cold_only: bool = False, serve: bool = True) -> dict:
    """Every measurement of one corpus (summarised on the Dask scheduler given, else by the local pool)."""
    root = corpus.root
    result: dict = {"corpus": corpus.name, "articles": corpus.articles, "words": corpus.words, "stages": {}}
    stages = result["stages"]
    project = load_project(root, "mkdocs")

    tree: dict = {}
    with peak_tree_mb(tree, "cold_build"):
        with timed(stages, "read"):
            articles, problems = sources.read_articles(root)
        errors = [str(p) for p in problems if not p.warning]
        if errors:
            raise SystemExit("corpus has errors:\n" + "\n".join(errors[:10]))
        texts = [p.text for a in articles for p in a.paragraphs]
        words = sum(len(t.split()) for t in texts)
        result["paragraphs"] = len(texts)
        result["processes"] = processes_for(words)
        with timed(stages, "model_load"):  # import spaCy and load the model: once per build, whatever its size
            nlp.load()
            # its first document allocates the model's work buffers: paid here, so that neither the
            # summarise stage nor the nlp.pipe baseline (which runs later, warm) is charged for it
            nlp.load()("Warm up the pipeline once.")
            import generator.summarize.extract  # noqa: F401 - the extractors' imports are a fixed cost like the model's
        with timed(stages, "summarise"):
            summarised = summarize(root, articles, scheduler=scheduler)
        stages["summarise_words_per_s"] = round(words / stages["summarise"])
        with timed(stages, "merge"):
            briefing = merge(articles, summarised.summaries)
        with timed(stages, "render"):
            env = render.environment(project.templates_dir)
            pages = render.pages(briefing, env, project.site)
        with timed(stages, "write"):
            build_module.write_docs(project, pages)
        with timed(stages, "site_build"):
            sitebuild.build_site(project, strict=False)
            sitestamp.record(project, strict=False)  # as build() does: the next build may skip the builder
    result["pages"] = len(pages)
    result["entities"] = len(briefing.entities)
    result["events"] = len(briefing.chronology) + len(briefing.undated)
    stages["total"] = round(sum(stages[k] for k in ("read", "model_load", "summarise", "merge", "render", "write", "site_build")), 3)
    if cold_only:  # the first build's stages alone (a cluster build at 5,000 articles: docs/cluster.md)
        result["peak_tree_mb"] = tree
        return result

    if baselines:
        result["nlp_pipe"] = nlp_baseline(texts, result["processes"])
        result["summarise_vs_nlp_pipe"] = round(stages["summarise_words_per_s"] / result["nlp_pipe"]["words_per_s"], 2)
    # the editor's loop (bench/edits.py): bare MkDocs, nothing changed, one article, one summary, one
    # entities.yml entry, and a summary edit under `briefing serve` until Chromium shows it
    loop = edits.measure(root, serve=serve)
    result["bare_mkdocs"] = loop["bare_mkdocs"]
    result["rebuild_no_change"] = loop["no_change"]
    result["rebuild_vs_bare_mkdocs"] = loop["no_change"]["vs_bare_mkdocs"]
    result["rebuild_one_edit"] = loop["article"]
    result["one_edit_vs_bare_mkdocs"] = loop["article"]["vs_bare_mkdocs"]
    result["rebuild_summary_edit"] = loop["summary"]
    result["rebuild_entities_edit"] = loop["entities"]
    if serve:
        result["serve_summary_edit"] = loop["serve"]
    tree["rebuild_one_edit"] = loop["article"]["peak_tree_mb"]
    result["peak_tree_mb"] = tree
    result["cold_site_build_vs_bare_mkdocs"] = round(stages["site_build"] / result["bare_mkdocs"], 2)

    if "zensical" in builders:
        result["zensical"] = zensical_builds(root)
        result["zensical_cold_vs_mkdocs"] = round(result["zensical"]["cold"] / result["bare_mkdocs"], 2)
        result["zensical_warm_vs_mkdocs"] = round(result["zensical"]["warm"] / result["bare_mkdocs"], 2)
    result["peak_memory_mb"] = peak_memory_mb()
    return result


def make_corpus(kind: str, size: int, work: Path) -> corpora.Corpus | None:
    """The corpus named on the command line, written under `work`."""
    if kind == "seed":
        return corpora.seed_corpus(work / "seed")
    if kind == "real":
        return corpora.real_corpus(work / "real")
    return corpora.synthetic_corpus(work / f"synthetic-{size}", size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", choices=["seed", "synthetic", "real"], required=True)
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--builders", default="mkdocs,zensical")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--cold-only", action="store_true", help="only the first build's stages (no rebuilds, no baselines)")
    parser.add_argument("--cluster", type=int, default=0, metavar="N",
                        help="summarise on a local Dask cluster of N worker processes (docs/cluster.md)")
    parser.add_argument("--no-serve", action="store_true", help="skip the browser measurement under `briefing serve`")
    args = parser.parse_args()
    corpus = make_corpus(args.corpus, args.size, args.work)
    if corpus is None:
        print(json.dumps({"corpus": args.corpus, "skipped": "not present"}))
        return
    if args.cluster:
        from distributed import LocalCluster

        with LocalCluster(n_workers=args.cluster, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            result = run_case(corpus, args.builders.split(","), baselines=not args.no_baselines, scheduler=cluster.scheduler_address,
                              cold_only=args.cold_only, serve=not args.no_serve)
        result["summarised_on"] = f"Dask LocalCluster, {args.cluster} worker processes"
    else:
        result = run_case(corpus, args.builders.split(","), baselines=not args.no_baselines, cold_only=args.cold_only, serve=not args.no_serve)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
