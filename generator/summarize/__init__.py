"""Stage 2, summarise: Articles (+ the Curation) -> Summaries, one per article, in content/summaries/.

Takes the read Articles and gives each its Summary: the spaCy pipeline (`nlp`) parses the text,
`extract` finds entities, dated events (normalised by the temporal tagger `timex`), figures, quotes
and key sentences; `summaries` writes and reads the editable summary files (an edited one is never
overwritten); `cache` keeps parsed summaries by file hash. The NLP runs only for articles whose
summary is missing or stale. Imports `core` and `read`."""

from __future__ import annotations

import errno
import functools
import hashlib
import multiprocessing
import os
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from generator.read import curation as curation_file
from generator.summarize import nlp
from generator.summarize import cache as summarycache
from generator.summarize import summaries
from generator.core.errors import MachineError, Problem, machine_error, relpath, size_text
from generator.core.models import Article, Summary
from generator.core.versions import EXTRACTOR_VERSION

BATCH_SIZE = 64  # paragraphs per nlp.pipe batch: spaCy's default scale, measured flat from 32 to 256
# Below this many words, one process: DESIGN.md measured spaCy's two processes slower than one on 7k
# words and 1.5x faster on 76k; our pool took 5.8 s against 10.0 s for one process on 33k words
# (bench's synthetic-100). Between 7k and 33k it was not measured finely (docs/performance.md).
POOL_MIN_WORDS = 20_000
MAX_PROCESSES = 8  # beyond this the parent collecting results becomes the bottleneck (not measured here: 2 cores)
# Words per task sent to a worker: small enough to balance two workers and to keep finished summaries
# flowing to disk, large enough that nlp.pipe batches stay full (64 paragraphs of ~40 words).
CHUNK_WORDS = 5_000


@dataclass
class SummarizeResult:
    """The summary of every article, which ones were (re)made, and what needs the editor's eye."""

    summaries: dict[str, Summary]
    made: list[str] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# The code whose output a summary is: any change to it re-summarises every machine summary.
EXTRACTION_SOURCES = ("summarize/extract", "summarize/timex.py", "read/cleaning.py", "read/sources.py", "summarize/nlp.py")  # under generator/


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """Extractor version, a digest of the extraction code, and the model version."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for name in EXTRACTION_SOURCES:
        target = package / name
        for path in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"{EXTRACTOR_VERSION}.{digest.hexdigest()[:10]}+{nlp.model_version()}"


def summarize_articles(
    articles: list[Article],
    processes: int | None = None,
    chunk_words: int = CHUNK_WORDS,
    curation: curation_file.Curation | None = None,
) -> list[Summary]:
    """Summarise articles with the pipeline: a pure function of the articles and the editor's entities.yml."""
    return list(iter_summaries(articles, processes, chunk_words, curation))


def curation_digest(curation: curation_file.Curation) -> str:
    """A short fingerprint of entities.yml's content: editing it re-summarises machine summaries."""
    if curation == curation_file.Curation():
        return ""
    return "+cur." + hashlib.sha256(curation.model_dump_json().encode()).hexdigest()[:10]


def iter_summaries(
    articles: list[Article],
    processes: int | None = None,
    chunk_words: int = CHUNK_WORDS,
    curation: curation_file.Curation | None = None,
) -> Iterator[Summary]:
    """Each article's summary, in order, as soon as it is made; on several processes when that pays."""
    if not articles:
        return
    words = sum(len(p.text.split()) for a in articles for p in a.paragraphs)
    processes = processes or processes_for(words)
    if processes == 1:
        yield from _summarize_chunk(articles, curation)
        return
    # Loaded once here (model, extractors, dateparser); forked workers share them instead of loading their own.
    nlp.load()
    from generator.summarize import extract  # noqa: F401
    context = multiprocessing.get_context("fork")
    with context.Pool(processes) as pool:
        for chunk in pool.imap(functools.partial(_summarize_chunk, curation=curation), chunks(articles, chunk_words)):
            yield from chunk


def processes_for(words: int) -> int:
    """How many processes to summarise `words` words on: every core the process may use, once it pays."""
    if words < POOL_MIN_WORDS or not hasattr(os, "sched_getaffinity"):
        return 1  # Linux only: the pool forks, and fork is unsafe on macOS once system frameworks load
    return max(1, min(len(os.sched_getaffinity(0)), MAX_PROCESSES))


def chunks(articles: list[Article], words: int) -> Iterator[list[Article]]:
    """Consecutive runs of articles of about `words` words each (an article is never split)."""
    chunk: list[Article] = []
    size = 0
    for article in articles:
        chunk.append(article)
        size += sum(len(p.text.split()) for p in article.paragraphs)
        if size >= words:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _summarize_chunk(articles: list[Article], curation: curation_file.Curation | None = None) -> list[Summary]:
    """Parse and extract one run of articles in this process (a pool worker's whole job)."""
    from generator.summarize.extract import summarize_article  # imports spaCy: only when something is summarised

    return [summarize_article(a, docs, curation) for a, docs in zip(articles, parse_paragraphs(articles))]


def parse_paragraphs(articles: list[Article]) -> Iterator[list]:
    """Each article's paragraphs through the pipeline, batched across articles."""
    pipeline = nlp.load()
    texts = [p.text for a in articles for p in a.paragraphs]
    docs = iter(pipeline.pipe(texts, batch_size=BATCH_SIZE))
    for article in articles:
        yield [next(docs) for _ in article.paragraphs]


def summarize(root: Path, articles: list[Article], progress: Callable[[int, int], None] | None = None,
              scheduler: str | None = None, chunk_words: int = CHUNK_WORDS) -> SummarizeResult:
    """Bring content/summaries/ up to date with the articles, never overwriting a person's summary.

    `progress(done, total)` counts the articles that need the NLP (none when all are cached). With a
    Dask `scheduler` address, the NLP runs on that cluster (`cluster`); the files are written here.
    """
    folder = root / "content" / "summaries"
    curation, _ = curation_file.load(root)  # its problems stop the build before this stage
    version = extractor_version() + curation_digest(curation)
    result = SummarizeResult(summaries={})
    stale: list[Article] = []
    existing: dict[str, summaries.Existing] = {}
    for article in articles:
        path = folder / f"{article.id}.md"
        found = summaries.inspect(path, root, article)
        existing[article.id] = found
        result.problems.extend(found.problems)
        if found.summary and (not found.machine_owned or summaries.is_current(found.summary, article.source_sha256, version)):
            result.summaries[article.id] = found.summary
            if not found.machine_owned and found.summary.review.source_sha256 != article.source_sha256:
                if _proposal_is_current(path, root, article, version):
                    result.problems.append(_proposal_warning(path, root))  # still to review; not made again
                else:
                    stale.append(article)  # the editor's summary stays; a proposal goes beside it
            continue
        if found.problems:
            continue  # a broken hand-edited file: reported, left alone, article not shown
        stale.append(article)
    report = progress or (lambda done, total: None)
    if stale:
        check_writable(folder, root)  # before the NLP: a read-only folder is found in a second, not after an hour
        report(0, len(stale))
    written = 0  # bytes of the summaries written, for the space a full disk's message asks for
    if stale and scheduler:
        from generator.summarize import cluster  # imports Dask: only for a cluster build

        # in the order tasks finish; the functions go by reference, imported on each worker
        made = cluster.summaries_on(scheduler, list(chunks(stale, chunk_words)), curation, extractor_version, _summarize_chunk)
    else:
        made = zip(stale, iter_summaries(stale, chunk_words=chunk_words, curation=curation))
    for done, (article, summary) in enumerate(made, start=1):
        report(done, len(stale))
        summaries.stamp(summary, version)
        path = folder / f"{article.id}.md"
        text = summaries.to_text(summary)
        try:
            if existing[article.id].machine_owned:
                summaries.write_atomic(path, text)
                # Cached as written, so the next build need not parse the YAML back (40 ms a file).
                summarycache.put(root, article.id, text.encode("utf-8"), summary, summary.review.content_sha256)
                result.summaries[article.id] = summary
                result.made.append(article.id)
            else:
                proposal = summaries.proposal_path(path)
                summaries.write_atomic(proposal, text)
                result.proposed.append(article.id)
                result.problems.append(_proposal_warning(path, root))
        except OSError as exc:
            raise write_failure(exc, root, done - 1, len(stale), written or len(text.encode("utf-8")) * max(done - 1, 1)) from exc
        written += len(text.encode("utf-8"))
    order = {article.id: i for i, article in enumerate(stale)}
    result.made.sort(key=order.__getitem__)  # as a local build lists them, whatever order the tasks finished in
    result.proposed.sort(key=order.__getitem__)
    summarycache.prune(root, {a.id for a in articles})
    result.summaries = {a.id: result.summaries[a.id] for a in articles if a.id in result.summaries}
    return result


def check_writable(folder: Path, root: Path) -> None:
    """The summaries folder exists and takes a new file (a read-only mount, a folder of another user: one line)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".briefing-probe-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        exc.filename = str(folder)
        raise machine_error(exc, root, "nothing was summarised; site/ was left as it was") from exc


# A summary file and its cache entry (JSON of the same fields) take about the same room: twice the
# file, each rounded up to the file system's usual 4 KB block.
BLOCK = 4096


def write_failure(exc: OSError, root: Path, written: int, total: int, written_bytes: int) -> MachineError:
    """A write that failed while summarising: the file, the reason, what to do; on a full disk, how much room the rest needs."""
    kept = ("no summary was written" if written == 0 else "the summary written is kept" if written == 1
            else f"the {written} summaries written are kept") + " and the next build makes only the rest; site/ was left as it was"
    error = machine_error(exc, root, kept)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        per_article = -(-written_bytes // max(written, 1) // BLOCK) * BLOCK * 2
        left = (total - written) * per_article
        where = relpath(Path(exc.filename).parent, root) if exc.filename else "content/summaries"
        left_count = total - written
        error = MachineError(f"{relpath(Path(exc.filename), root) if exc.filename else where}: no space left on the device: "
                             f"the {left_count} {'summary' if left_count == 1 else 'summaries'} still to write "
                             f"need{'s' if left_count == 1 else ''} about {size_text(left)} in {where} and .build/cache; "
                             f"free that much and build again ({kept})")
    return error


def _proposal_warning(path: Path, root: Path) -> Problem:
    proposal = summaries.proposal_path(path)
    return Problem(relpath(path, root), f"its article changed since it was edited; the machine's new summary is in {proposal.name}", warning=True)


def _proposal_is_current(path: Path, root: Path, article: Article, version: str) -> bool:
    """True when the proposal beside an edited summary was made from this article text by this extractor."""
    found = summaries.inspect(summaries.proposal_path(path), root)
    return found.summary is not None and summaries.is_current(found.summary, article.source_sha256, version)
