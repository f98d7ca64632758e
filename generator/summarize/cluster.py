"""Summarising on a Dask cluster: the articles that miss the cache go out as tasks, summaries come back.

A summary is a pure function of the article, the extractor (code and model) and entities.yml: the
shape a distributed engine runs. With a scheduler address (`briefing build --scheduler`,
BRIEFING_SCHEDULER, or `extra.briefing.scheduler`), `summaries_on` sends batches of articles (about
CHUNK_WORDS words each, as the local pool does) to an existing `dask.distributed` cluster. Each task
parses and extracts its batch on a worker and returns the small `Summary` objects, never spaCy
documents; the driver (this process) writes the files and the cache exactly as a local build does,
as each task finishes, so an interrupted build keeps every summary already written.

Each worker process loads the spaCy pipeline once and keeps it: `nlp.load` is cached per process, and
the `PipelineLoader` worker plugin loads it when a worker starts (and again when a lost worker is
restarted), so the first task does not wait for it. A worker lost mid-build has its tasks retried by
Dask on the others. Before anything is sent, every worker reports its extractor version (a digest of
the extraction code and the model's name and version, as the cache key uses): a worker whose
environment differs would make different summaries, so the build stops and names it.
"""

from __future__ import annotations

import platform
from typing import Callable, Iterator, Optional

from generator.core.errors import BuildError, ConfigError
from generator.core.models import Article, Summary
from generator.read import curation as curation_file

# How long to wait for the scheduler to answer: a scheduler on the local network answers in
# milliseconds; 10 s allows for a busy one without leaving a mistyped address hanging for long.
CONNECT_TIMEOUT = "10s"
# How many times a task may fail with an exception before the build stops (a lost worker is not a
# failure of the task: Dask reschedules it by itself, up to distributed.scheduler.allowed-failures).
TASK_RETRIES = 1
PLUGIN_NAME = "briefing-pipeline"


# The package's own functions arrive as arguments (`extractor_version`, `summarize_chunk`): pickled by
# reference, they are imported on the worker, and this module does not import its package (no cycle).
VersionFn = Callable[[], str]
ChunkFn = Callable[[list[Article], Optional[curation_file.Curation]], list[Summary]]


def environment(extractor_version: VersionFn) -> dict[str, str]:
    """What makes this process's summaries what they are: run on every worker and compared with the driver's."""
    try:
        extractor = extractor_version()
    except Exception as exc:  # noqa: BLE001 - a worker without the model: the difference to report
        extractor = f"unusable ({exc})"
    return {"extractor": extractor, "python": platform.python_version()}


def summarize_batch(articles: list[Article], curation: curation_file.Curation | None, expected: str,
                    extractor_version: VersionFn, summarize_chunk: ChunkFn) -> list[Summary]:
    """A task: summarise one batch of articles on a worker (the pipeline stays loaded between tasks)."""
    here = extractor_version()
    if here != expected:  # a worker that joined after the check, from another environment
        raise ConfigError(f"a Dask worker has extractor {here}, the build's is {expected}; install the same briefing and model on every worker")
    return summarize_chunk(articles, curation)


def _plugin():
    from distributed import WorkerPlugin

    class PipelineLoader(WorkerPlugin):
        """Loads the spaCy pipeline and the extractors when a worker starts, once for all its tasks."""

        name = PLUGIN_NAME

        def setup(self, worker) -> None:  # noqa: ARG002 - the Dask hook's signature
            from generator.summarize import nlp
            from generator.summarize import extract  # noqa: F401

            nlp.load()

    return PipelineLoader()


def connect(address: str):
    """A client of the scheduler at `address`; BuildError naming it when it cannot be reached."""
    from distributed import Client

    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise BuildError(
            f"cannot reach the Dask scheduler at {address} ({exc}); start one there (`dask scheduler`, then "
            f"`dask worker {address}` on each machine) or build without --scheduler (and BRIEFING_SCHEDULER, "
            "extra.briefing.scheduler); nothing was summarised"
        ) from None
    except ValueError as exc:  # an address Dask cannot parse
        raise ConfigError(f"scheduler address {address!r}: {exc}") from None


def check_workers(client, address: str, expected: dict[str, str], extractor_version: VersionFn) -> None:
    """Every worker has this machine's extractor and Python; ConfigError naming each one that differs."""
    reports = client.run(environment, extractor_version)
    if not reports:
        raise BuildError(f"the Dask scheduler at {address} has no workers; start some with `dask worker {address}`")
    differences = []
    for worker, found in sorted(reports.items()):
        for key, value in sorted(expected.items()):
            if found.get(key) != value:
                differences.append(f"worker {worker} has {key} {found.get(key)}, this machine {value}")
    if differences:
        raise ConfigError("; ".join(differences) + " (install the same briefing version and spaCy model on every worker; nothing was summarised)")


def summaries_on(address: str, batches: list[list[Article]], curation: curation_file.Curation | None,
                 extractor_version: VersionFn, summarize_chunk: ChunkFn) -> Iterator[tuple[Article, Summary]]:
    """(article, summary) for each article of the batches, computed on the cluster at `address`, as each task finishes."""
    from distributed import KilledWorker, as_completed
    from distributed.comm.core import CommClosedError

    expected = environment(extractor_version)
    client = connect(address)
    try:
        check_workers(client, address, expected, extractor_version)
        client.register_plugin(_plugin(), name=PLUGIN_NAME)
        shared = client.scatter(curation, broadcast=True) if curation is not None else None
        futures = {client.submit(summarize_batch, batch, shared, expected["extractor"], extractor_version, summarize_chunk,
                                 pure=False, retries=TASK_RETRIES): batch
                   for batch in batches}
        try:
            for future in as_completed(futures, loop=client.loop):
                yield from zip(futures[future], future.result())
        except KilledWorker as exc:
            raise BuildError(f"Dask workers at {address} kept dying on one batch of articles ({exc}); "
                             "look at the workers' logs (memory?); the summaries already written are kept") from None
        except (OSError, CommClosedError) as exc:
            raise BuildError(f"lost the Dask scheduler at {address} ({exc}); the summaries already written are kept") from None
        finally:
            for future in futures:
                future.cancel()
    finally:
        client.close()
