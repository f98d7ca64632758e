"""The editor's loop on a built project: rebuilds after nothing, one article, one summary, one entities.yml entry.

    python -m bench.edits PROJECT                      # a built project (it is edited: use a copy)
    python -m bench.edits --make synthetic:5000 DIR    # make the corpus in DIR and build it first (cold), then measure
    python -m bench.edits --make real DIR              # the Timeline17 Libya corpus
    python -m bench.edits --make replicate:BUILT:13 DIR  # BUILT's articles and summaries 13 times (no NLP)

Each rebuild is `briefing build` as the editor runs it (interpreter start included), against a
bare `mkdocs build` of the same pages timed in the same run; the ratios are what issue 16 sets
targets for (one edit <= 0.15, nothing changed <= 0.10 at a few hundred reports, <= 0.05 at 5,000).
`make bench` runs the same measurements in every case (bench/case.py); this runs them alone, on a
project built once, so a large corpus need not be summarised again to measure a change.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .treemem import peak_tree_mb

ENV_KEYS = {"NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
BUILT = re.compile(r"built (\d+) pages from (\d+) articles \((\d+) summarised")


def _env() -> dict:
    import os

    return dict(os.environ, **ENV_KEYS)


def run(command: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, env=_env(), capture_output=True, text=True)
    seconds = round(time.perf_counter() - start, 3)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return seconds, proc.stdout + proc.stderr


def bare_mkdocs(root: Path) -> float:
    """Seconds of a plain `mkdocs build` of the generated Markdown (no generator involved)."""
    out = root / ".bench-bare-site"
    seconds, _ = run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean", "--site-dir", str(out)], root)
    shutil.rmtree(out, ignore_errors=True)
    return seconds


def cli_build(root: Path, *extra: str) -> dict:
    seconds, output = run([sys.executable, "-m", "generator.cli", "build", str(root), *extra], root)
    match = BUILT.search(output)
    if not match:
        raise SystemExit(f"unexpected build output:\n{output}")
    return {"seconds": seconds, "pages": int(match[1]), "summarised": int(match[3]),
            "site_skipped": "already up to date" in output}


def docs_mtimes(docs: Path) -> dict[str, int]:
    return {str(p.relative_to(docs)): p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}


def _middle(folder: Path, pattern: str = "*.md") -> Path:
    files = sorted(p for p in folder.glob(pattern) if not p.name.endswith(".proposed.md"))
    return files[len(files) // 2]


def edit_article(root: Path) -> str:
    """Append a sentence to the middle article, as an editor's correction would."""
    path = _middle(root / "content" / "articles")
    path.write_text(path.read_text(encoding="utf-8") + "\nThe desk added this sentence on review.\n", encoding="utf-8")
    return path.stem


def edit_summary(root: Path) -> str:
    """Correct the first summary sentence of another article than edit_article's, as an editor would."""
    files = sorted(p for p in (root / "content" / "summaries").glob("*.md") if not p.name.endswith(".proposed.md"))
    path = files[len(files) // 3]
    path.write_text(correct_summary(path.read_text(encoding="utf-8"), "Corrected by the desk"), encoding="utf-8")
    return path.stem


def correct_summary(text: str, words: str) -> str:
    """The summary file's text with `words` put before its first summary sentence (inside its quotes, if any)."""
    return re.sub(r"^(- text: )(['\"]?)", lambda m: f"{m.group(1)}{m.group(2)}{words} ", text, count=1, flags=re.MULTILINE)


def edit_entities(root: Path) -> str:
    """One entry in entities.yml: a name that is not an entity (`ignore`), the smallest judgement."""
    path = root / "content" / "entities.yml"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if re.search(r"^ignore:", text, re.MULTILINE):
        text = re.sub(r"^ignore: \[", "ignore: [Desk Review Wire, ", text, count=1, flags=re.MULTILINE)
    else:
        text = text.rstrip("\n") + ("\n" if text.strip() else "") + "ignore: [Desk Review Wire]\n"
    path.write_text(text, encoding="utf-8")
    return "ignore: Desk Review Wire"


def measure(root: Path, kinds: tuple[str, ...] = ("article", "summary", "entities"), serve: bool = False) -> dict:
    """Every rebuild of the editor's loop on a built project, with the bare MkDocs baseline of the same run."""
    docs = root / ".build" / "docs"
    result: dict = {"bare_mkdocs": bare_mkdocs(root)}
    cli_build(root, "--no-strict")  # whatever the last run left, from here the site is up to date
    before = docs_mtimes(docs)
    result["no_change"] = cli_build(root, "--no-strict")
    result["no_change"]["docs_rewritten"] = sum(1 for k, v in docs_mtimes(docs).items() if before.get(k) != v)
    editors = {"article": edit_article, "summary": edit_summary, "entities": edit_entities}
    tree: dict = {}
    for kind in kinds:
        what = editors[kind](root)
        before = docs_mtimes(docs)
        with peak_tree_mb(tree, kind, children_only=True):
            result[kind] = cli_build(root, "--no-strict")
        result[kind]["edited"] = what
        result[kind]["docs_rewritten"] = sum(1 for k, v in docs_mtimes(docs).items() if before.get(k) != v)
        result[kind]["peak_tree_mb"] = tree.get(kind)
    if serve:
        result["serve"] = serve_edit(root)
    for key in ("no_change", *kinds, *(["serve"] if serve else [])):
        result[key]["vs_bare_mkdocs"] = round(result[key]["seconds"] / result["bare_mkdocs"], 3)
    return result


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def serve_edit(root: Path, timeout: float = 1800) -> dict:
    """Under `briefing serve`: seconds from saving a summary to the open article page in Chromium showing
    the correction (the page reloads by itself), after the server has settled."""
    import signal
    import socket
    import urllib.request

    from playwright.sync_api import sync_playwright

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    files = sorted(p for p in (root / "content" / "summaries").glob("*.md") if not p.name.endswith(".proposed.md"))
    path = files[len(files) // 4]
    base = f"http://127.0.0.1:{port}"
    url = f"{base}/articles/{path.stem}/"
    log = (root / ".bench-serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", str(root), "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=root, env=_env(), stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"briefing serve did not serve {url}:\n{(root / '.bench-serve.log').read_text()[-3000:]}")
                time.sleep(0.5)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url)
            page.evaluate("window.__before_edit = true")  # gone once the page has reloaded
            start = time.perf_counter()
            path.write_text(correct_summary(path.read_text(encoding="utf-8"), "Served by the desk"), encoding="utf-8")
            page.wait_for_function("() => !window.__before_edit && document.body.textContent.includes('Served by the desk')",
                                   timeout=timeout * 1000, polling=100)
            seconds = round(time.perf_counter() - start, 3)
            browser.close()
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    return {"seconds": seconds, "edited": path.stem}


def replicated_project(source: Path, root: Path, times: int) -> int:
    """A project of `times` copies of a built project's articles and summaries (no NLP): copy k of an
    article has its own id, and its publication date and its events' dates moved k years on (as in
    bench/scale.py), so copies are distinct reports of distinct, same-text events. The summaries stay
    the machine's and current (their article hashes and fingerprints remade), so a build summarises
    nothing. Returns the number of articles."""
    from generator.read import sources
    from generator.summarize import summaries

    from .corpora import new_project
    from .scale import shifted

    new_project(root)
    published = re.compile(r"^(published: *['\"]?)(\d{4})", re.MULTILINE)
    originals = sorted((source / "content" / "articles").glob("*.md"))
    for path in originals:
        text = path.read_text(encoding="utf-8")
        for copy in range(times):
            moved = published.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + copy}", text, count=1)
            (root / "content" / "articles" / f"{path.stem}-c{copy}.md").write_text(moved, encoding="utf-8")
    articles, _ = sources.read_articles(root)
    by_id = {a.id: a for a in articles}
    for path in originals:
        parsed = summaries.parse_bytes((source / "content" / "summaries" / f"{path.stem}.md").read_bytes(), path.name)
        for copy in range(times):
            summary = parsed.model_copy(deep=True)
            new_id = f"{path.stem}-c{copy}"
            summary.id = new_id
            summary.published.date = shifted(summary.published.date, copy)
            for event in summary.events:
                event.date = shifted(event.date, copy)
            summary.review.source_sha256 = by_id[new_id].source_sha256
            summaries.stamp(summary, summary.review.extractor)
            summaries.write_atomic(root / "content" / "summaries" / f"{new_id}.md", summaries.to_text(summary))
    return len(originals) * times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path)
    parser.add_argument("--make", help="synthetic:SIZE, real or replicate:BUILT:TIMES: make the corpus in PROJECT and build it cold first")
    parser.add_argument("--kinds", default="article,summary,entities", help="which edits to time (comma-separated)")
    parser.add_argument("--serve", action="store_true", help="also time a summary edit under `briefing serve` until Chromium shows it")
    args = parser.parse_args()
    root = args.project.resolve()
    report: dict = {"project": str(root)}
    if args.make:
        from . import corpora

        kind, _, size = args.make.partition(":")
        if kind == "replicate":  # replicate:SOURCE:TIMES, a built project copied TIMES times
            source, _, times = size.rpartition(":")
            report["articles"] = replicated_project(Path(source), root, int(times))
        else:
            corpus = corpora.real_corpus(root) if kind == "real" else corpora.synthetic_corpus(root, int(size))
            if corpus is None:
                raise SystemExit("the Timeline17 corpus is not there")
            report["articles"] = corpus.articles
        report["cold"] = cli_build(root, "--no-strict")
    report.update(measure(root, tuple(k for k in args.kinds.split(",") if k), serve=args.serve))
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
