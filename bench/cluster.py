"""Summarising on a Dask cluster against the local pool, the same articles both ways in the same run.

    python -m bench.cluster --size 1000 --work DIR     # run by `make bench`; alone: `python -m bench --cluster-only`

The cluster is a `dask.distributed.LocalCluster` of two worker processes with one thread each, on this
machine; the pool is the build's own forked pool of two processes. Both summarise every article of
the synthetic corpus from an empty cache (the summary files and the cache written, as a build does);
the runs alternate, `--repeat` times each, and the fastest of each counts (the machine is shared).
The ratio cluster / pool is the cluster's overhead: scheduling, pickling articles out and summaries
back, each worker loading the model; the issue bounds it at 1.15. The summaries are checked equal
byte for byte.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

from generator.read import sources
from generator.summarize import summarize

from . import corpora


def fresh(root: Path) -> None:
    """Forget every summary and its cache entry: the next run summarises everything."""
    shutil.rmtree(root / "content" / "summaries", ignore_errors=True)
    shutil.rmtree(root / ".build" / "cache" / "summaries", ignore_errors=True)


def summaries_of(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "content" / "summaries").glob("*.md"))}


def run(size: int, work: Path, repeat: int) -> dict:
    from distributed import LocalCluster

    corpus = corpora.synthetic_corpus(work / f"synthetic-{size}", size)
    articles, _ = sources.read_articles(corpus.root)
    result: dict = {"articles": len(articles), "words": corpus.words, "workers": 2, "local_s": [], "cluster_s": []}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        local, remote = {}, {}
        for _ in range(repeat):
            fresh(corpus.root)
            start = time.perf_counter()
            summarize(corpus.root, articles)
            result["local_s"].append(round(time.perf_counter() - start, 2))
            local = summaries_of(corpus.root)
            fresh(corpus.root)
            with _new_workers(cluster):
                start = time.perf_counter()
                summarize(corpus.root, articles, scheduler=cluster.scheduler_address)
                result["cluster_s"].append(round(time.perf_counter() - start, 2))
            remote = summaries_of(corpus.root)
        result["identical"] = local == remote and len(local) == len(articles)
    result["ratio"] = round(min(result["cluster_s"]) / min(result["local_s"]), 3)
    return result


class _new_workers:
    """Restart the workers before a timed run, so every run pays for loading the model, as a cold build does."""

    def __init__(self, cluster) -> None:
        self.cluster = cluster

    def __enter__(self) -> None:
        from distributed import Client

        from generator.summarize.cluster import PLUGIN_NAME

        with Client(self.cluster.scheduler_address, set_as_default=False) as client:
            if PLUGIN_NAME in client.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.worker_plugins)):
                client.unregister_worker_plugin(PLUGIN_NAME)  # or the restarted workers load the model before the clock starts
            client.restart(wait_for_workers=True)

    def __exit__(self, *exc) -> None:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    print(json.dumps(run(args.size, args.work, args.repeat)))


if __name__ == "__main__":
    main()
